// Web: gzip size of the first screen's JavaScript, read from the Vite build in dist/web (the entry
// chunk named by index.html plus every chunk it imports statically, transitively; built when missing),
// and time to first screen in headless Chromium on a server started here (the scale SQLite database):
// from navigation start until the screen's main content is visible, in a fresh browser context each
// time (cold cache), median of 5 after one warm-up.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { sqliteDataset, SCALE_SHAPE } from './data.ts';
import { startServer } from './load.ts';
import { SCALE_SQLITE_FILE } from './scale.ts';
import { log, median, ROOT, round } from './util.ts';

const WEB_ROOT = path.join(ROOT, 'dist', 'web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = 5;

export type ScreenFigures = { medianMs: number; runsMs: number[]; jsGzipKb: number; jsFiles: number };

export type WebBench = {
  /** Entry chunk + static imports, gzip (zlib default level), kB = 1000 bytes. */
  firstScreenJsGzipKb: number;
  firstScreenJsRawKb: number;
  firstScreenJsFiles: string[];
  publicPlans: ScreenFigures;
  login: ScreenFigures;
  method: string;
};

const gzipSize = (file: string): number => zlib.gzipSync(fs.readFileSync(file)).length;

/** The entry script of index.html and its static imports, transitively (not `import()`). */
function firstScreenChunks(root: string): string[] {
  const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  const entry = /<script[^>]+type="module"[^>]+src="([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error('no module entry in dist/web/index.html');
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = fs.readFileSync(file, 'utf8');
    // Static imports in Vite's output: `import{a as b}from"./x.js"` and bare `import"./x.js"`.
    const re = /(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;
    for (const m of code.matchAll(re)) visit(path.resolve(path.dirname(file), m[1] ?? ''));
  };
  visit(path.join(root, entry.replace(/^\//, '')));
  return [...seen];
}

async function ensureBuilt(): Promise<void> {
  if (fs.existsSync(path.join(WEB_ROOT, 'index.html'))) return;
  log('web: dist/web missing, building it with vite');
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

export async function runWebBench(): Promise<WebBench> {
  await ensureBuilt();
  const chunks = firstScreenChunks(WEB_ROOT);
  const gzip = chunks.reduce((s, f) => s + gzipSize(f), 0);
  const raw = chunks.reduce((s, f) => s + fs.statSync(f).size, 0);
  await sqliteDataset(SCALE_SQLITE_FILE, SCALE_SHAPE, log);
  const server = await startServer({ sqlitePath: SCALE_SQLITE_FILE, webRoot: WEB_ROOT });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    const screen = async (pathname: string, visible: string): Promise<ScreenFigures> => {
      const runsMs: number[] = [];
      let js: string[] = [];
      for (let k = 0; k <= RUNS; k++) {
        const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
        const page = await context.newPage();
        const loaded: string[] = [];
        page.on('response', (r) => {
          const u = new URL(r.url());
          if (u.pathname.endsWith('.js')) loaded.push(u.pathname);
        });
        const t0 = performance.now();
        await page.goto(new URL(pathname, server.url).toString(), { waitUntil: 'commit' });
        await page.locator(visible).first().waitFor({ state: 'visible', timeout: 30_000 });
        const ms = performance.now() - t0;
        if (k > 0) runsMs.push(round(ms, 0));
        js = loaded;
        await context.close();
      }
      const files = [...new Set(js)].map((p) => path.join(WEB_ROOT, p));
      return {
        medianMs: round(median(runsMs), 0),
        runsMs,
        jsGzipKb: round(files.filter((f) => fs.existsSync(f)).reduce((s, f) => s + gzipSize(f), 0) / 1000, 1),
        jsFiles: files.length,
      };
    };
    const publicPlans = await screen('/public', '.ant-list-item');
    log(`web: /public first screen ${publicPlans.medianMs} ms (median of ${RUNS})`);
    const login = await screen('/login', 'input#username, input[type="password"]');
    log(`web: /login first screen ${login.medianMs} ms (median of ${RUNS})`);
    return {
      firstScreenJsGzipKb: round(gzip / 1000, 1),
      firstScreenJsRawKb: round(raw / 1000, 1),
      firstScreenJsFiles: chunks.map((f) => path.relative(WEB_ROOT, f)),
      publicPlans,
      login,
      method: `Chromium ${CHROMIUM} headless, fresh context per run (cold cache), navigation start to main content visible (/public: the first plan in the list; /login: the login form), median of ${RUNS} after a warm-up; server in its own process on the scale SQLite database`,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
