// `luoshi parse` as a user runs it: the real bin, real files, exit codes and the Plan JSON contract.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/plan/types.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'luoshi.mjs');
const dir = mkdtempSync(join(tmpdir(), 'luoshi-cli-'));
const sample = join(root, 'samples', 'xuchang-2017.txt');

async function luoshi(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [bin, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('luoshi parse', () => {
  it('prints the Plan JSON of the sample: one copy of each target, clean headings', async () => {
    const { code, stdout } = await luoshi('parse', sample, '--json');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as Plan;
    const text = readFileSync(sample, 'utf8');
    expect(plan).toMatchObject({
      title: '2017年许昌市政府工作报告',
      region: '许昌市',
      level: 'city',
      year: 2017,
    });
    expect(plan.source).toMatchObject({ chars: text.length, copies: 8 });
    expect(plan.sections.map((s) => s.title)).toContain('一、过去五年工作回顾');
    expect(plan.sections.map((s) => s.title)).toContain('二、今后五年总体思路和2017年重点工作');
    expect(plan.targets.length).toBeGreaterThan(60);
    // Each target once: all of them in the first of the 8 copies.
    const secondCopy = text.indexOf('2017年许昌市政府工作报告', 10);
    for (const t of plan.targets) expect(t.span[1]).toBeLessThan(secondCopy);
    for (const t of plan.targets) expect(text.slice(t.span[0], t.span[1])).toBe(t.quote);
    expect(plan.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['copies-found', 'junk-removed']),
    );
  });

  it('prints a readable summary without --json', async () => {
    const { code, stdout } = await luoshi('parse', sample);
    expect(code).toBe(0);
    expect(stdout).toContain('量化目标 / Targets');
    expect(stdout).toContain('粮食产能');
  });

  it('reads a GBK file as the same report', async () => {
    const gbk = join(dir, 'gaoyang-gbk.txt');
    const source = join(root, '..', 'shared', 'corpus', 'county-gaoyang-2017.txt');
    writeFileSync(gbk, iconv.encode(readFileSync(source, 'utf8'), 'gbk'));
    const a = JSON.parse((await luoshi('parse', gbk, '--json')).stdout) as Plan;
    const b = JSON.parse((await luoshi('parse', source, '--json')).stdout) as Plan;
    expect(a.targets.map((t) => t.quote)).toEqual(b.targets.map((t) => t.quote));
    expect(a.region).toBe('高阳县');
  });

  it('exits 2 with a message naming the file for a corrupt or missing file', async () => {
    const bad = join(dir, 'report.docx');
    writeFileSync(bad, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)));
    const corrupt = await luoshi('parse', bad);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toContain('report.docx');
    expect(corrupt.stderr).not.toMatch(/at .*\.ts:\d+/);
    const missing = await luoshi('parse', join(dir, 'nope.txt'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.txt');
  });

  it('exits 3 for a text that is not a work report', async () => {
    const novel = join(dir, 'novel.txt');
    writeFileSync(
      novel,
      '第一章 风雪夜归人\n那天晚上，雪下得很大。他推开门，看见她坐在炉火旁，炉上温着三两黄酒。\n',
    );
    const { code, stderr } = await luoshi('parse', novel);
    expect(code).toBe(3);
    expect(stderr).toContain('不像政府工作报告');
  });
});
