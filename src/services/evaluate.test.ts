import { describe, expect, it } from 'vitest';
import { evaluateTarget, expectedShare, rollUp, type TargetForEvaluation } from './evaluate.ts';

const loans: TargetForEvaluation = {
  subject: '新增贷款',
  low: 175,
  high: 175,
  unit: '亿元',
  comparator: '>=',
  direction: 'increase',
  dueYear: 2017,
};
const when = { year: 2017, deadline: null, now: new Date('2017-07-10T00:00:00Z') };

describe('evaluateTarget', () => {
  it('is grey without an accepted value', () => {
    expect(evaluateTarget(loans, null, when)).toMatchObject({
      level: 'grey',
      reason: '尚无已审核通过的进展报告',
    });
  });
  it('compares completion with the elapsed share of the year', () => {
    // end of June: about half the year has passed
    expect(evaluateTarget(loans, { period: '2017-06', actual: 90 }, when).level).toBe('green');
    expect(evaluateTarget(loans, { period: '2017-06', actual: 70 }, when).level).toBe('yellow');
    expect(evaluateTarget(loans, { period: '2017-06', actual: 40 }, when).level).toBe('red');
    const s = evaluateTarget(loans, { period: '2017-06', actual: 120 }, when);
    expect(s.reason).toMatch(/完成69%，时间进度50%/);
  });
  it('is done once the goal is reached, and red past the deadline when not', () => {
    expect(evaluateTarget(loans, { period: '2017-10', actual: 180 }, when).level).toBe('done');
    const late = { ...when, deadline: '2017-06-30', now: new Date('2017-08-01T00:00:00Z') };
    expect(evaluateTarget(loans, { period: '2017-07', actual: 150 }, late)).toMatchObject({ level: 'red' });
  });
  it('treats <= as a limit that is met while under it', () => {
    const cpi = { ...loans, subject: '居民消费价格涨幅', low: 3, high: 3, unit: '%', comparator: '<=' };
    expect(evaluateTarget(cpi, { period: '2017-06', actual: 2.1 }, when).level).toBe('green');
    expect(evaluateTarget(cpi, { period: '2017-06', actual: 3.4 }, when).level).toBe('red');
  });
  it('does not pro-rate growth rates', () => {
    const gdp = { ...loans, subject: '生产总值增长', low: 8, high: 8, unit: '%' };
    expect(evaluateTarget(gdp, { period: '2017-03', actual: 7.9 }, when).level).toBe('green');
    expect(evaluateTarget(gdp, { period: '2017-03', actual: 6 }, when).level).toBe('red');
  });
  it('accepts ~ within 5%', () => {
    const approx = { ...loans, comparator: '~', low: 100, high: 100 };
    expect(evaluateTarget(approx, { period: '2017-06', actual: 104 }, when).level).toBe('green');
    expect(evaluateTarget(approx, { period: '2017-06', actual: 112 }, when).level).toBe('yellow');
  });
});

describe('expectedShare and rollUp', () => {
  it('measures elapsed time', () => {
    expect(expectedShare(2017, new Date(Date.UTC(2017, 11, 31)), new Date(Date.UTC(2017, 0, 1)))).toBe(0);
    expect(expectedShare(2017, new Date(Date.UTC(2017, 11, 31)), new Date(Date.UTC(2018, 0, 5)))).toBe(1);
  });
  it('takes the worst level and explains the counts', () => {
    const s = rollUp([
      { level: 'green', reason: 'a', completion: 0.5, expected: 0.5 },
      { level: 'red', reason: '完成10%', completion: 0.1, expected: 0.5 },
      { level: 'done', reason: 'c', completion: 1, expected: 1 },
    ]);
    expect(s.level).toBe('red');
    expect(s.reason).toBe('已完成1项，正常推进1项，严重滞后1项；完成10%');
    expect(rollUp([]).level).toBe('grey');
  });
});
