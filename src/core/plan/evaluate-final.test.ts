import { describe, expect, it } from 'vitest';
import { evaluateTarget, evaluateTask, type Status } from './evaluate.ts';
import { rollUpStatuses } from './evaluate-rollup.ts';

// A plan whose year has ended is judged final: a goal missed at year end is 未完成 (final: 'missed'),
// kept at level red in the API contract; roll-ups name such items 未完成, never 严重滞后.
const YEAR = { start: '2017-01-01', end: '2017-12-31' };
const loans = {
  subject: '新增贷款',
  low: 175,
  high: 175,
  unit: '亿元',
  comparator: '>=',
  direction: 'increase',
};
const at = (asOf: string, actual: number) =>
  evaluateTarget(loans, { latest: { period: '2017-12', actual }, asOf, window: YEAR });

describe('final judgement after the year', () => {
  it('a target missed at year end is final missed, met is final met; before the end nothing is final', () => {
    expect(at('2018-01-20', 150)).toMatchObject({ level: 'red', final: 'missed' });
    expect(at('2018-01-20', 150).reason).toContain('未完成目标');
    expect(at('2018-01-20', 180)).toMatchObject({ level: 'done', final: 'met' });
    expect(at('2017-12-31', 150).final).toBeUndefined();
  });

  it('a task inherits the final verdict of its worst target', () => {
    const missed = at('2018-01-20', 150);
    const met = at('2018-01-20', 180);
    const task = evaluateTask({
      targets: [
        { subject: '新增贷款', status: missed },
        { subject: '存款', status: met },
      ],
      asOf: '2018-01-20',
      window: YEAR,
      latestReport: null,
    });
    expect(task).toMatchObject({ level: 'red', final: 'missed' });
    const allMet = evaluateTask({
      targets: [{ subject: '存款', status: met }],
      asOf: '2018-01-20',
      window: YEAR,
      latestReport: null,
    });
    expect(allMet).toMatchObject({ level: 'done', final: 'met' });
  });

  it('roll-ups count final misses as 未完成 and keep the level counts of the contract', () => {
    const red: Status = { level: 'red', reason: '', reasonEn: '', completion: 0.5, expected: 0.9 };
    const missed: Status = { ...red, expected: 1, final: 'missed' };
    const done: Status = {
      level: 'done',
      reason: '',
      reasonEn: '',
      completion: 1,
      expected: 1,
      final: 'met',
    };
    const year = rollUpStatuses([{ status: done }, { status: done }, { status: missed }]);
    expect(year).toMatchObject({ counts: { done: 2, red: 1 }, missed: 1, total: 3 });
    expect(year.reason).toBe('共 3 项：已完成 2，未完成 1；正常推进率 66.7%');
    expect(year.reasonEn).toBe('3 in all: 2 done, 1 missed; 66.7% on track');
    const mixed = rollUpStatuses([{ status: red }, { status: missed }]);
    expect(mixed.reason).toBe('共 2 项：严重滞后 1，未完成 1；正常推进率 0%');
    expect(rollUpStatuses([{ status: red }]).missed).toBe(0);
  });
});
