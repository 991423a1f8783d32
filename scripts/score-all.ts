// Scores the parser against every gold file we have (shared gold and our own), printing one line each.
// Usage: tsx scripts/score-all.ts [--verbose] [name-filter]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReport } from '../src/core/parse/index.ts';

const shared = join(import.meta.dirname, '..', '..', 'shared');
const verbose = process.argv.includes('--verbose');
const filter = process.argv.slice(2).find((a) => !a.startsWith('--'));
const golds = [
  ...readdirSync(join(shared, 'eval/gold'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(shared, 'eval/gold', f)),
  ...readdirSync(join(import.meta.dirname, '..', 'test/gold'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(import.meta.dirname, '..', 'test/gold', f)),
];
const dir = mkdtempSync(join(tmpdir(), 'luoshi-score-'));
for (const gold of golds) {
  const name = gold.split('/').pop()!.replace('.json', '');
  if (filter && !name.includes(filter)) continue;
  const source = [join(shared, 'corpus', `${name}.txt`), join(shared, 'samples', `${name}.txt`)].find((p) =>
    existsSync(p),
  )!;
  const plan = parseReport(readFileSync(source, 'utf8'));
  const out = join(dir, `${name}.json`);
  writeFileSync(out, JSON.stringify(plan));
  const args = [join(shared, 'tools/score-targets.mjs'), source, gold, out];
  if (verbose) args.push('--verbose');
  const res = execFileSync('node', args, { encoding: 'utf8' });
  console.log(`== ${name} (${gold.includes('/eval/') ? 'shared' : 'ours'})\n${res.trim()}`);
}
