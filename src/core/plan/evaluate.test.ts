import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLDS,
  evaluateTarget,
  evaluateTask,
  inferTargetKind,
  type EvaluableTarget,
  type Status,
  type TargetKind,
} from './evaluate.ts';
import {
  elapsedShare,
  expectedProgress,
  lastDuePeriod,
  milestonesFromQuarters,
  periodDueDate,
  reportingPeriods,
} from './evaluate-dates.ts';
import { reportingRecords, rollUpStatuses, scoreDepartments } from './evaluate-rollup.ts';

const YEAR = { start: '2017-01-01', end: '2017-12-31' };
const mid = (actual: number, period = '2017-06') => ({
  latest: { period, actual },
  asOf: '2017-07-10',
  window: YEAR,
  due: {
    period: { period: '2017-06', start: '2017-06-01', end: '2017-06-30', due: '2017-07-05' },
    reported: true,
  },
});
const final = (actual: number) => ({
  latest: { period: '2017-12', actual },
  asOf: '2018-01-10',
  window: YEAR,
});

const COMPARATORS = ['>=', '>', '<=', '<', '~', '=', 'range'] as const;
const DIRECTIONS = ['increase', 'decrease', 'keep'] as const;
const KINDS: TargetKind[] = ['cumulative', 'level', 'rate'];

/** Which family judges a combination, as documented in evaluate.ts. */
function familyOf(c: string, d: string, k: TargetKind): 'floor' | 'cap' | 'band' | 'range' {
  if (c === '<=' || c === '<') return 'cap';
  if (c === '~') return k === 'cumulative' ? 'floor' : 'band';
  if (c === '=') return d === 'keep' && k !== 'cumulative' ? 'band' : 'floor';
  if (c === 'range') return k === 'cumulative' ? 'floor' : 'range';
  return 'floor';
}

const FIGURES = {
  floor: { meets: 120, misses: 50, lag: 30 },
  cap: { meets: 45, misses: 130, lag: 130 },
  band: { meets: 103, misses: 130, lag: 130 },
  range: { meets: 95, misses: 50, lag: 30 },
};

describe('every comparator x direction x kind', () => {
  const rows = COMPARATORS.flatMap((c) =>
    DIRECTIONS.flatMap((d) => KINDS.map((k) => ({ c, d, k, fam: familyOf(c, d, k) }))),
  );
  it('has 63 combinations', () => expect(rows).toHaveLength(63));

  it.each(rows)('$c $d $k ($fam): met and missed at the end of the year', ({ c, d, k, fam }) => {
    const t: EvaluableTarget = {
      subject: '指标',
      low: c === 'range' ? 90 : 100,
      high: c === 'range' ? 110 : 100,
      unit: '个',
      comparator: c,
      direction: d,
      kind: k,
    };
    const f = FIGURES[fam];
    const met = evaluateTarget(t, final(f.meets));
    expect(met, JSON.stringify(met)).toMatchObject({ level: 'done', final: 'met' });
    const missed = evaluateTarget(t, final(f.misses));
    expect(missed, JSON.stringify(missed)).toMatchObject({ level: 'red', final: 'missed' });
    // Mid-year: a figure far off is never green, one that meets the goal is never behind.
    expect(['yellow', 'red']).toContain(evaluateTarget(t, mid(f.lag)).level);
    expect(['green', 'done']).toContain(evaluateTarget(t, mid(f.meets)).level);
    for (const s of [met, missed]) {
      expect(s.reason.length).toBeGreaterThan(4);
      expect(s.reasonEn.length).toBeGreaterThan(4);
    }
  });

  it.each(KINDS)('pro-rates floor targets by time only when not a rate (%s)', (k) => {
    const t: EvaluableTarget = {
      subject: '指标',
      low: 100,
      high: 100,
      unit: '个',
      comparator: '>=',
      direction: 'increase',
      kind: k,
    };
    // Half the goal at mid-year is on schedule for an amount or a level, far behind for a rate.
    expect(evaluateTarget(t, mid(50)).level).toBe(k === 'rate' ? 'red' : 'green');
  });
});

describe('the examples of the issue and DESIGN.md', () => {
  const loans: EvaluableTarget = {
    subject: '新增贷款',
    low: 175,
    high: 175,
    unit: '亿元',
    comparator: '>=',
    direction: 'increase',
  };
  it('">= 175亿元" at 120亿元 is 68.6%', () => {
    const s = evaluateTarget(loans, mid(120));
    expect(s.completion).toBeCloseTo(0.6857, 3);
    expect(s.reason).toBe('完成 68.6%，高于序时进度 50%');
    expect(s.level).toBe('green');
  });
  it('explains a lag at the end of November: 62% against 91.7%', () => {
    const s = evaluateTarget(loans, {
      latest: { period: '2017-11', actual: 108.5 },
      asOf: '2017-12-06',
      window: YEAR,
    });
    expect(s).toMatchObject({ level: 'red', reason: '完成 62%，低于序时进度 91.7% 达 29.7 个百分点' });
    expect(s.reasonEn).toBe('62% done, 29.7 points behind 91.7% expected (time elapsed)');
    expect(s.expected).toBeCloseTo(11 / 12, 6);
  });
  it('yellow between 5 and 15 points behind', () => {
    expect(evaluateTarget(loans, mid(70)).level).toBe('yellow'); // 40% vs 50%
    expect(evaluateTarget(loans, mid(79)).level).toBe('green'); // 45.1%
    expect(evaluateTarget(loans, mid(60)).level).toBe('red'); // 34.3%
  });
  it('"<= 3%" is met while at or under 3%', () => {
    const cpi: EvaluableTarget = {
      subject: '居民消费价格涨幅',
      low: 3,
      high: 3,
      unit: '%',
      comparator: '<=',
      direction: 'keep',
    };
    expect(evaluateTarget(cpi, mid(3)).level).toBe('green');
    expect(evaluateTarget(cpi, mid(2.1)).reason).toBe('实际 2.1%，控制在 3%以内');
    expect(evaluateTarget(cpi, mid(3.1)).level).toBe('yellow');
    expect(evaluateTarget(cpi, mid(3.4)).level).toBe('red');
    expect(evaluateTarget(cpi, final(2.9))).toMatchObject({ level: 'done', final: 'met' });
  });
  it('"~" is met within ±5% (tenant tolerance applies)', () => {
    const t: EvaluableTarget = {
      subject: '城镇化率',
      low: 50,
      high: 50,
      unit: '%',
      comparator: '~',
      direction: 'keep',
    };
    expect(evaluateTarget(t, mid(52)).level).toBe('green');
    expect(evaluateTarget(t, mid(54)).level).toBe('yellow');
    expect(
      evaluateTarget(t, { ...mid(54), thresholds: { ...DEFAULT_THRESHOLDS, tolerance: 0.1 } }).level,
    ).toBe('green');
  });
  it('a range is met inside it', () => {
    const t: EvaluableTarget = {
      subject: '城镇登记失业率',
      low: 3,
      high: 4,
      unit: '%',
      comparator: 'range',
      direction: 'keep',
    };
    expect(evaluateTarget(t, final(3.5))).toMatchObject({ level: 'done', final: 'met' });
    expect(evaluateTarget(t, mid(4.5)).level).toBe('red');
  });
  it('decrease targets count the amount reduced (压减玉米20万亩)', () => {
    const t: EvaluableTarget = {
      subject: '压减玉米种植面积',
      low: 20,
      high: 20,
      unit: '万亩',
      comparator: '>=',
      direction: 'decrease',
    };
    expect(inferTargetKind(t)).toBe('cumulative');
    expect(evaluateTarget(t, mid(10))).toMatchObject({ level: 'green', completion: 0.5 });
    expect(evaluateTarget(t, final(21)).final).toBe('met');
  });
  it('growth rates compare the year-to-date rate directly (增长8%)', () => {
    const gdp: EvaluableTarget = {
      subject: '生产总值增长',
      low: 8,
      high: 8,
      unit: '%',
      comparator: '>=',
      direction: 'increase',
    };
    expect(inferTargetKind(gdp)).toBe('rate');
    expect(evaluateTarget(gdp, mid(7.9, '2017-03')).level).toBe('green');
    const s = evaluateTarget(gdp, mid(6.5));
    expect(s.level).toBe('red');
    expect(s.reason).toBe('增速 6.5%，低于预期目标 8% 达 1.5 个百分点（增速指标不按时间折算）');
    expect(evaluateTarget(gdp, mid(8.2)).level).toBe('green');
    expect(evaluateTarget(gdp, final(8.2))).toMatchObject({ level: 'done', final: 'met' });
  });
  it('level targets measure from a baseline when there is one', () => {
    const t: EvaluableTarget = {
      subject: '森林覆盖率',
      low: 30,
      high: 30,
      unit: '%',
      comparator: '>=',
      direction: 'increase',
      baseline: 28,
    };
    expect(inferTargetKind(t)).toBe('level');
    expect(evaluateTarget(t, mid(29)).completion).toBeCloseTo(0.5, 6);
  });
});

describe('not reported is never "no progress"', () => {
  const t: EvaluableTarget = {
    subject: '新增贷款',
    low: 175,
    high: 175,
    unit: '亿元',
    comparator: '>=',
    direction: 'increase',
  };
  const due = {
    period: { period: '2017-06', start: '2017-06-01', end: '2017-06-30', due: '2017-07-05' },
    reported: false,
  };
  it('is grey without an accepted report for the last due period', () => {
    const s = evaluateTarget(t, { latest: null, asOf: '2017-07-10', window: YEAR, due });
    expect(s).toMatchObject({ level: 'grey', completion: null });
    expect(s.reason).toBe('未报送：2017年6月进展应于 2017-07-05 前报送，尚无审核通过的报告');
  });
  it('keeps an older figure visible but grey', () => {
    const s = evaluateTarget(t, {
      latest: { period: '2017-04', actual: 60 },
      asOf: '2017-07-10',
      window: YEAR,
      due,
    });
    expect(s.level).toBe('grey');
    expect(s.reason).toMatch(
      /^2017年6月进展未按期报送（截止 2017-07-05），以下为 2017年4月 数据：完成 34.3%/,
    );
  });
  it('is not grey before the first deadline', () => {
    expect(evaluateTarget(t, { latest: null, asOf: '2017-01-20', window: YEAR }).level).toBe('green');
  });
});

describe('dates and expected progress (fake clock)', () => {
  it('序时进度 by months: the end of November is 11/12', () => {
    expect(elapsedShare('2017-01-01', '2017-12-31', '2017-11-30')).toBeCloseTo(11 / 12, 9);
    expect(elapsedShare('2017-01-01', '2017-12-31', '2016-12-31')).toBe(0);
    expect(elapsedShare('2017-01-01', '2017-12-31', '2018-03-01')).toBe(1);
    expect(elapsedShare('2017-01-01', '2017-06-30', '2017-03-31')).toBeCloseTo(0.5, 9);
  });
  it('形象进度 from the milestone schedule when present', () => {
    const ms = milestonesFromQuarters(2017, [
      { quarter: 1, text: '制定实施方案，明确责任分工' },
      { quarter: 2, text: '完成年度任务的 50%' },
      { quarter: 3, text: '完成年度任务的 75%' },
      { quarter: 4, text: '全面完成年度任务' },
    ]);
    expect(ms.map((m) => [m.date, m.share])).toEqual([
      ['2017-06-30', 0.5],
      ['2017-09-30', 0.75],
      ['2017-12-31', 1],
    ]);
    expect(expectedProgress({ ...YEAR, asOf: '2017-03-31', milestones: ms }).share).toBeCloseTo(0.25, 9);
    const e = expectedProgress({ ...YEAR, asOf: '2017-08-31', milestones: ms });
    expect(e).toMatchObject({ basis: 'milestone', label: '形象进度' });
    expect(e.share).toBeCloseTo(0.5 + 0.25 * (2 / 3), 9);
    const front = milestonesFromQuarters(2017, [{ quarter: 1, text: '完成 60%' }]);
    expect(expectedProgress({ ...YEAR, asOf: '2017-03-31', milestones: front }).share).toBeCloseTo(0.6, 9);
    const s = evaluateTarget(
      { subject: '新建幼儿园', low: 50, high: 50, unit: '所', comparator: '>=', direction: 'increase' },
      {
        latest: { period: '2017-03', actual: 15 },
        asOf: '2017-04-10',
        window: { ...YEAR, milestones: front },
      },
    );
    expect(s.reason).toBe('完成 30%，低于形象进度 60% 达 30 个百分点');
  });
  it('reporting periods and deadlines (monthly and quarterly)', () => {
    expect(periodDueDate('2017-12')).toBe('2018-01-05');
    expect(periodDueDate('2017-01', { frequency: 'monthly', dueDay: 31 })).toBe('2017-02-28');
    expect(reportingPeriods('2017-01-01', '2017-12-31')).toHaveLength(12);
    expect(
      reportingPeriods('2017-01-01', '2017-12-31', { frequency: 'quarterly', dueDay: 10 }).map((p) => p.due),
    ).toEqual(['2017-04-10', '2017-07-10', '2017-10-10', '2018-01-10']);
    expect(lastDuePeriod('2017-01-01', '2017-12-31', '2017-07-05')?.period).toBe('2017-05');
    expect(lastDuePeriod('2017-01-01', '2017-12-31', '2017-07-06')?.period).toBe('2017-06');
    expect(lastDuePeriod('2017-01-01', '2017-12-31', '2017-02-05')).toBeNull();
  });
});

const st = (level: Status['level'], completion: number | null = null): Status => ({
  level,
  reason: level,
  reasonEn: level,
  completion,
  expected: null,
});

describe('tasks and roll-ups', () => {
  it('a task is as far behind as its worst target', () => {
    const s = evaluateTask({
      targets: [
        { subject: '新增贷款', status: { ...st('red', 0.3), reason: '完成 30%' } },
        { subject: '上市企业', status: st('done', 1) },
      ],
      asOf: '2017-07-10',
      window: YEAR,
      latestReport: null,
    });
    expect(s).toMatchObject({ level: 'red', reason: '新增贷款：完成 30%', completion: 0.65 });
  });
  it('without targets: reported state, grey, red past the deadline, done when reported done', () => {
    const base = { targets: [], window: { start: '2017-01-01', end: '2017-06-30' } };
    const due = {
      period: { period: '2017-05', start: '2017-05-01', end: '2017-05-31', due: '2017-06-05' },
      reported: false,
    };
    expect(evaluateTask({ ...base, asOf: '2017-06-10', latestReport: null, due }).level).toBe('grey');
    expect(
      evaluateTask({ ...base, asOf: '2017-06-10', latestReport: { period: '2017-05', done: false } }).level,
    ).toBe('green');
    expect(
      evaluateTask({ ...base, asOf: '2017-07-10', latestReport: { period: '2017-06', done: false } }),
    ).toMatchObject({
      level: 'red',
      final: 'missed',
    });
    expect(
      evaluateTask({ ...base, asOf: '2017-07-10', latestReport: { period: '2017-06', done: true } }).level,
    ).toBe('done');
  });
  it('areas and plans by the share on track, grey when most are not reported', () => {
    expect(rollUpStatuses([]).level).toBe('grey');
    expect(rollUpStatuses([{ status: st('done') }, { status: st('done') }]).level).toBe('done');
    const r = rollUpStatuses([
      ...Array.from({ length: 9 }, () => ({ status: st('green') })),
      { status: st('red') },
    ]);
    expect(r).toMatchObject({ level: 'green', onTrackShare: 0.9 });
    expect(r.reason).toBe('共 10 项：正常推进 9，严重滞后 1；正常推进率 90%');
    expect(rollUpStatuses([{ status: st('green') }, { status: st('red') }]).level).toBe('red');
    expect(rollUpStatuses([{ status: st('green'), weight: 3 }, { status: st('red') }]).level).toBe('yellow');
    expect(
      rollUpStatuses([{ status: st('grey') }, { status: st('grey') }, { status: st('green') }]).level,
    ).toBe('grey');
  });
  it('on-time reporting rate and department ranking', () => {
    const records = reportingRecords(
      [
        { departmentId: 'a', taskId: 't1', period: '2017-05', due: '2017-06-05' },
        { departmentId: 'a', taskId: 't1', period: '2017-06', due: '2017-07-05' },
        { departmentId: 'b', taskId: 't2', period: '2017-05', due: '2017-06-05' },
        { departmentId: 'b', taskId: 't2', period: '2017-06', due: '2017-07-05' },
        { departmentId: 'b', taskId: 't2', period: '2017-07', due: '2017-08-05' },
      ],
      [
        { departmentId: 'a', taskId: 't1', period: '2017-05', submittedOn: '2017-06-03' },
        { departmentId: 'a', taskId: 't1', period: '2017-06', submittedOn: '2017-07-05' },
        { departmentId: 'b', taskId: 't2', period: '2017-05', submittedOn: '2017-06-09' },
      ],
      '2017-07-10',
    );
    expect(records).toEqual([
      { departmentId: 'a', due: 2, onTime: 2, late: 0, missing: 0, onTimeRate: 1 },
      { departmentId: 'b', due: 2, onTime: 0, late: 1, missing: 1, onTimeRate: 0 },
    ]);
    const ranking = scoreDepartments(
      [
        { id: 'a', name: '教育局' },
        { id: 'b', name: '财政局' },
        { id: 'c', name: '审计局' },
      ],
      [
        { status: st('green'), lead: 'a', cooperating: ['b'] },
        { status: st('yellow'), lead: 'b', cooperating: [] },
      ],
      records,
    );
    expect(ranking.map((r) => [r.name, r.score, r.rank])).toEqual([
      ['教育局', 100, 1],
      ['财政局', 41.5, 2],
    ]);
  });
});
