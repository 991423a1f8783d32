/**
 * A small default evaluation (DESIGN.md "Evaluation, by default") so the API can answer a status for
 * every target and task. Pure: no I/O, the clock is passed in.
 */
export type StatusLevel = 'done' | 'green' | 'yellow' | 'red' | 'grey';
export type Status = {
  level: StatusLevel;
  reason: string;
  completion: number | null;
  expected: number | null;
};

export type TargetForEvaluation = {
  subject: string;
  low: number;
  high: number;
  unit: string;
  comparator: string;
  direction: string;
  dueYear: number | null;
};

const DAY = 86_400_000;
const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** End of a period "YYYY-MM" as a UTC instant (the last moment of the month). */
export function periodEnd(period: string): Date {
  const [y, m] = period.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, m ?? 1, 1) - 1);
}

/** Elapsed share (0..1) of the span from 1 January of `year` to `end` at instant `at`. */
export function expectedShare(year: number, end: Date, at: Date): number {
  const start = Date.UTC(year, 0, 1);
  const total = end.getTime() + DAY - start;
  if (total <= 0) return 1;
  return Math.min(1, Math.max(0, (at.getTime() - start) / total));
}

function isGrowthRate(t: TargetForEvaluation): boolean {
  return t.unit === '%' && /增长|增速|提高|下降|降低/.test(t.subject + t.unit);
}

function levelFor(completion: number, expected: number): StatusLevel {
  if (completion >= 1) return 'done';
  if (completion >= expected - 0.05) return 'green';
  if (completion >= expected - 0.15) return 'yellow';
  return 'red';
}

/**
 * Evaluate one target from its latest accepted value.
 * @example evaluateTarget({ subject: '新增贷款', low: 175, high: 175, unit: '亿元', comparator: '>=', direction: 'increase', dueYear: 2017 },
 *   { period: '2017-06', actual: 120 }, { year: 2017, deadline: null, now: new Date('2017-07-10') }).level -> 'green'
 */
export function evaluateTarget(
  target: TargetForEvaluation,
  latest: { period: string; actual: number } | null,
  when: { year: number; deadline: string | null; now: Date },
): Status {
  if (latest === null)
    return { level: 'grey', reason: '尚无已审核通过的进展报告', completion: null, expected: null };
  const end = when.deadline
    ? new Date(`${when.deadline}T00:00:00Z`)
    : new Date(Date.UTC(target.dueYear ?? when.year, 11, 31));
  const asOf = periodEnd(latest.period);
  const pastDeadline = when.now.getTime() > end.getTime() + DAY;
  const actual = latest.actual;
  switch (target.comparator) {
    case '<=':
    case '<': {
      const met = target.comparator === '<=' ? actual <= target.high : actual < target.high;
      return met
        ? {
            level: pastDeadline ? 'done' : 'green',
            reason: `实际${actual}${target.unit}，控制在${target.high}${target.unit}以内`,
            completion: 1,
            expected: null,
          }
        : {
            level: 'red',
            reason: `实际${actual}${target.unit}，超出${target.high}${target.unit}的控制目标`,
            completion: 0,
            expected: null,
          };
    }
    case '~': {
      const base = target.low === 0 ? 1 : Math.abs(target.low);
      const off = Math.abs(actual - target.low) / base;
      const level: StatusLevel =
        off <= 0.05 ? (pastDeadline ? 'done' : 'green') : off <= 0.15 ? 'yellow' : 'red';
      return {
        level,
        reason: `实际${actual}${target.unit}，与目标${target.low}${target.unit}相差${pct(off)}`,
        completion: null,
        expected: null,
      };
    }
    case '>=':
    case '>':
    case '=':
    case 'range':
    default: {
      const goal = target.low;
      if (goal === 0) {
        return { level: 'green', reason: `实际${actual}${target.unit}`, completion: null, expected: null };
      }
      const completion = actual / goal;
      const strictMet = target.comparator === '>' ? actual > goal : actual >= goal;
      if (strictMet) {
        return {
          level: 'done',
          reason: `实际${actual}${target.unit}，已达到目标${goal}${target.unit}`,
          completion,
          expected: 1,
        };
      }
      const expected = isGrowthRate(target) ? 1 : expectedShare(when.year, end, asOf);
      let level = levelFor(completion, expected);
      if (pastDeadline && level !== 'done') level = 'red';
      const reason = pastDeadline
        ? `已过完成期限，完成${pct(completion)}`
        : `完成${pct(completion)}，${isGrowthRate(target) ? '增速指标不按时间折算' : `时间进度${pct(expected)}`}`;
      return { level, reason, completion, expected };
    }
  }
}

const SEVERITY: Record<StatusLevel, number> = { red: 4, yellow: 3, grey: 2, green: 1, done: 0 };

/** Roll statuses up: the worst level wins; all done is done. */
export function rollUp(statuses: Status[], emptyReason = '无量化指标'): Status {
  if (statuses.length === 0) return { level: 'grey', reason: emptyReason, completion: null, expected: null };
  let worst = statuses[0] as Status;
  for (const s of statuses) if (SEVERITY[s.level] > SEVERITY[worst.level]) worst = s;
  const counts = statuses.reduce<Record<string, number>>(
    (acc, s) => ({ ...acc, [s.level]: (acc[s.level] ?? 0) + 1 }),
    {},
  );
  const names: Record<StatusLevel, string> = {
    done: '已完成',
    green: '正常推进',
    yellow: '滞后',
    red: '严重滞后',
    grey: '未报送',
  };
  const summary = (Object.keys(names) as StatusLevel[])
    .filter((l) => counts[l])
    .map((l) => `${names[l]}${counts[l]}项`)
    .join('，');
  return {
    level: worst.level,
    reason: `${summary}${worst.level === 'done' ? '' : `；${worst.reason}`}`,
    completion: null,
    expected: null,
  };
}
