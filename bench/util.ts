// Shared helpers of the benchmarks: percentiles, timing, the machine's load, where caches live.
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const ROOT = path.join(import.meta.dirname, '..');
/** Generated databases and files are cached here (git-ignored). */
export const BENCH_DIR = path.join(ROOT, '.tmp', 'bench');

/** A dedicated PostgreSQL database: never the `test` database the suites use. */
export async function benchDatabaseUrl(): Promise<string | null> {
  const url = benchDatabaseUrlOf();
  if (url === null || process.env.BENCH_DATABASE_URL) return url;
  // The first run on a machine creates `luoshi_bench` next to the test database.
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`create database "${name.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  return url;
}

function benchDatabaseUrlOf(): string | null {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (base === undefined || base === '') return null;
  if (process.env.BENCH_DATABASE_URL) return base;
  const url = new URL(base);
  url.pathname = '/luoshi_bench';
  return url.toString();
}

/** The value at quantile q (0..1) of already-sorted numbers (nearest rank). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export type Latency = { n: number; p50Ms: number; p99Ms: number; meanMs: number };

export function summarize(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    n: sorted.length,
    p50Ms: round(quantile(sorted, 0.5)),
    p99Ms: round(quantile(sorted, 0.99)),
    meanMs: round(sum / Math.max(1, sorted.length)),
  };
}

export const round = (x: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export const median = (xs: number[]): number =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

/** The 1-minute load average now (2 cores: above 2 the figures are noisy). */
export const loadAverage = (): number => round(os.loadavg()[0] ?? 0);

/** Deterministic pseudo-random numbers (mulberry32), so every run picks the same sequence. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const log = (message: string): void => {
  // Progress goes to stderr so that `--json` keeps stdout to the one JSON object.
  process.stderr.write(`[bench] ${message}\n`);
};
