// Parse throughput over the corpus and the sample, against a floor measured in the same run on the same bytes:
// decode the bytes and run one simple "number + unit" regex pass (what the naive approach costs).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../src/core/parse/index.ts';

export type ParseBench = {
  files: number;
  mb: number;
  mbPerS: number;
  floorMbPerS: number;
  floorRatio: number;
  sampleMbPerS: number;
};

const root = join(import.meta.dirname, '..');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const NAIVE = /\d+(?:\.\d+)?\s*(?:万|亿)?(?:元|吨|亩|个|家|所|人|公里|%)/g;

function inputs(): { name: string; bytes: Buffer }[] {
  const corpus = join(root, '..', 'shared', 'corpus');
  const files = readdirSync(corpus).filter((f) => f.endsWith('.txt'));
  return [
    { name: 'sample', bytes: readFileSync(join(root, 'samples', 'xuchang-2017.txt')) },
    ...files.map((f) => ({ name: f, bytes: readFileSync(join(corpus, f)) })),
  ];
}

/** Runs `fn` over the buffers until at least `minMs` have passed; returns MB/s. */
function throughput(buffers: Buffer[], fn: (b: Buffer) => void, minMs = 1500): number {
  let bytes = 0;
  const t0 = performance.now();
  do {
    for (const b of buffers) {
      fn(b);
      bytes += b.length;
    }
  } while (performance.now() - t0 < minMs);
  return bytes / 1e6 / ((performance.now() - t0) / 1000);
}

export function runParseBench(): ParseBench {
  const all = inputs();
  const buffers = all.map((i) => i.bytes);
  const decoder = new TextDecoder('utf-8');
  let sink = 0;
  const floor = (b: Buffer): void => {
    sink += decoder.decode(b).match(NAIVE)?.length ?? 0;
  };
  const parse = (b: Buffer): void => {
    sink += parseReport(decoder.decode(b), { sha256 }).targets.length;
  };
  // Warm up both paths so the JIT has compiled them, then take the median of three runs of each,
  // interleaved so that a burst of load elsewhere on the machine hits both alike.
  throughput(buffers, floor, 1000);
  throughput(buffers, parse, 2000);
  const floors: number[] = [];
  const parses: number[] = [];
  for (let i = 0; i < 3; i++) {
    floors.push(throughput(buffers, floor, 1000));
    parses.push(throughput(buffers, parse, 1500));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1] ?? 0;
  const floorMbPerS = median(floors);
  const mbPerS = median(parses);
  const sampleMbPerS = throughput([all[0]!.bytes], parse, 1000);
  if (sink < 0) console.log(sink);
  return {
    files: all.length,
    mb: buffers.reduce((n, b) => n + b.length, 0) / 1e6,
    mbPerS,
    floorMbPerS,
    floorRatio: floorMbPerS / mbPerS,
    sampleMbPerS,
  };
}
