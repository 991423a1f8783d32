// npm run bench [-- --json] [-- --only parse,scale,burst,public,web]: every benchmark (or some), as one
// table or one JSON object on stdout. Progress goes to stderr. Never part of `npm test`.
import os from 'node:os';
import { runBurstBench } from './burst.ts';
import { runParseBench } from './parse.ts';
import { runPublicReadsBench } from './public-reads.ts';
import { runScaleBench, type DialectFigures, type RouteFigures } from './scale.ts';
import { loadAverage, log } from './util.ts';
import { runWebBench } from './web.ts';

const PARTS = ['parse', 'scale', 'burst', 'public', 'web'] as const;
type Part = (typeof PARTS)[number];

function selectedParts(argv: string[]): Set<Part> {
  const at = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (at < 0) return new Set(PARTS);
  const arg = argv[at] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[at + 1] ?? '');
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(PARTS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--only takes a list of ${PARTS.join(', ')}; got "${value}"`);
  }
  return new Set(names as Part[]);
}

const parts = selectedParts(process.argv.slice(2));
const json = process.argv.includes('--json');
const results: Record<string, unknown> = {
  machine: {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadBefore: loadAverage(),
  },
};

if (parts.has('parse')) {
  log('parse');
  results.parse = runParseBench();
}
if (parts.has('scale')) {
  const scale = await runScaleBench();
  const pick = (
    route: 'dashboard' | 'dashboardCold' | 'taskDetail' | 'publicPlan',
  ): Record<string, RouteFigures> => ({
    sqlite: scale.sqlite[route],
    ...(scale.postgres ? { postgres: scale.postgres[route] } : {}),
  });
  const generation = (d: DialectFigures | null) =>
    d && {
      generationMs: d.generationMs,
      reused: d.reused,
      rows: d.rows,
      progressValues: d.progressValues,
      snapshotRefresh: d.refresh,
    };
  results.scale = {
    shape: scale.shape,
    requestsPerRoute: scale.requestsPerRoute,
    method: scale.method,
    sqlite: generation(scale.sqlite),
    postgres: generation(scale.postgres),
  };
  results.dashboard = pick('dashboard');
  results.dashboardCold = pick('dashboardCold');
  results.taskDetail = pick('taskDetail');
  results.publicPlan = pick('publicPlan');
}
if (parts.has('burst')) results.burst = await runBurstBench();
if (parts.has('public')) results.publicReads = await runPublicReadsBench();
if (parts.has('web')) results.web = await runWebBench();
(results.machine as Record<string, unknown>).loadAfter = loadAverage();

if (json) {
  console.log(JSON.stringify(results));
} else {
  const rows: [string, string][] = [];
  const walk = (prefix: string, value: unknown): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v !== 'object')) rows.push([prefix, value.join(', ')]);
      return;
    }
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'method' || k === 'shape' || k === 'firstScreenJsFiles') continue;
        walk(prefix ? `${prefix}.${k}` : k, v);
      }
      return;
    }
    const text =
      typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : JSON.stringify(value);
    rows.push([prefix, text.replace(/^"|"$/g, '')]);
  };
  walk('', results);
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  console.log(`${'benchmark'.padEnd(width)}value`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}${v}`);
  console.log('\nmethods:');
  for (const [name, value] of Object.entries(results)) {
    const m = (value as { method?: string } | null)?.method;
    if (m) console.log(`  ${name}: ${m}`);
  }
}
process.exit(0);
