// The parser is total: any text gives a plan (never an exception), every quote is the source at its span, and
// time grows linearly with size. FUZZ_RUNS raises the number of random inputs for a nightly-size run.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/core/parse/index.ts';
import type { Plan } from '../../src/core/plan/types.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 300);
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const shared = join(import.meta.dirname, '..', '..', '..', 'shared');
const sample = readFileSync(join(import.meta.dirname, '..', '..', 'samples', 'xuchang-2017.txt'), 'utf8');
const national = readFileSync(join(shared, 'corpus', 'national-china-2024.txt'), 'utf8');

function checkInvariants(text: string, plan: Plan): void {
  for (const t of plan.targets) {
    expect(text.slice(t.span[0], t.span[1])).toBe(t.quote);
    expect(Number.isFinite(t.low) && Number.isFinite(t.high)).toBe(true);
    expect(t.low).toBeLessThanOrEqual(t.high);
  }
  for (const b of plan.baselines) expect(text.slice(b.span[0], b.span[1])).toBe(b.quote);
  for (const p of plan.problems) if (p.span) expect(p.span[1]).toBeLessThanOrEqual(text.length);
  expect(plan.source.chars).toBe(text.length);
}

/** Text made of the pieces reports are made of, so that random inputs reach deep into the parser. */
const reportish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '一、',
        '二、2017年重点工作',
        '（一）',
        '（二）',
        '各位代表：',
        '\n',
        '\n',
        '。',
        '，',
        '、',
        '；',
        '：',
      ),
      fc.constantFrom(
        '增长',
        '以上',
        '左右',
        '以内',
        '突破',
        '超',
        '不低于',
        '到2021年',
        '今年',
        '年均',
        '分别',
        '各',
        '从',
        '提高到',
      ),
      fc.constantFrom(
        '亿元',
        '万吨',
        '%',
        '个',
        '家',
        '万人',
        '个百分点',
        '―',
        '-',
        '～',
        '“',
        '”',
        '"',
        '[1]',
        'PM2.5',
      ),
      fc.constantFrom(
        '生产总值',
        '粮食产能',
        '新建',
        '完成',
        '预计',
        '去年',
        '已',
        '现行',
        '高阳有',
        '十四五',
        '政府工作',
      ),
      fc.integer({ min: 0, max: 99999 }).map(String),
      fc.double({ min: 0, max: 1000, noNaN: true }).map((d) => d.toFixed(2)),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 300 },
  )
  .map((parts) => parts.join(''));

describe('parser robustness', () => {
  it('never throws on random Unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 2000 }), (text) => {
        checkInvariants(text, parseReport(text, { sha256 }));
      }),
      { numRuns: runs },
    );
  });

  it('never throws on random report-like text', () => {
    fc.assert(
      fc.property(reportish, (text) => {
        checkInvariants(text, parseReport(text, { sha256 }));
      }),
      { numRuns: runs },
    );
  });

  it('never throws on mutated real reports', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat({ max: national.length }), fc.nat({ max: 40 }), fc.string({ maxLength: 8 })),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        (edits) => {
          let text = national;
          for (const [at, del, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + del);
          checkInvariants(text, parseReport(text, { sha256 }));
        },
      ),
      { numRuns: Math.max(20, Math.floor(runs / 10)) },
    );
  });

  it('reads a 50 MB file', () => {
    const text = (sample + national).repeat(
      Math.ceil((50 * 1024 * 1024) / Buffer.byteLength(sample + national)),
    );
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    const plan = parseReport(text, { sha256 });
    expect(plan.title).toContain('政府工作报告');
    checkInvariants(text, plan);
  });

  it('reads a 5 MB single line', () => {
    const line = sample.replace(/\n/g, '');
    const text = line.repeat(Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(line)));
    expect(text.includes('\n')).toBe(false);
    checkInvariants(text, parseReport(text, { sha256 }));
  });

  it('reads 100,000 heading-like lines', () => {
    const text = Array.from(
      { length: 100_000 },
      (_, i) => `${'一二三四五六七八九十'[i % 10]}、重点工作${i}项`,
    ).join('\n');
    const plan = parseReport(text, { sha256 });
    checkInvariants(text, plan);
  });

  it('grows linearly with size (8x the input takes far less than 64x the time)', () => {
    // Not a speed goal (that is npm run bench): only a guard against quadratic blow-ups, with a wide margin.
    const best = (text: string): number => {
      let min = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        parseReport(text, { sha256 });
        min = Math.min(min, performance.now() - t0);
      }
      return min;
    };
    const unit = sample.replace(/\n/g, '').slice(0, 60_000);
    best(unit);
    const ratio = best(unit.repeat(8)) / Math.max(best(unit), 1);
    expect(ratio).toBeLessThan(24);
  });
});
