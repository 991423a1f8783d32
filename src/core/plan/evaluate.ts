/**
 * Evaluation of targets and tasks (DESIGN.md "Evaluation, by default"): completion by comparator,
 * direction and kind; expected progress (序时进度 / 形象进度); a status with a reason in Chinese and
 * English. Pure: no I/O and no clock, the date `asOf` is passed in.
 */
import {
  expectedProgress,
  periodEndDate,
  type LocalDate,
  type Milestone,
  type ReportingPeriod,
} from './evaluate-dates.ts';

export type StatusLevel = 'done' | 'green' | 'yellow' | 'red' | 'grey';

export type Status = {
  level: StatusLevel;
  /** Why, in Chinese: "完成 62%，低于序时进度 91.7% 达 29.7 个百分点". */
  reason: string;
  reasonEn: string;
  /** Share of the goal achieved (0..1, may exceed 1); null when it has no meaning (limits, no data). */
  completion: number | null;
  /** Expected share at the date of the data (序时进度 or 形象进度); null when not pro-rated. */
  expected: number | null;
  /** Set once the deadline (or the plan's year) has passed: the final verdict. */
  final?: 'met' | 'missed';
  /** The reporting period of the figure used, if any. */
  period?: string | null;
};

/**
 * How a reported figure relates to the goal:
 * - cumulative: the amount achieved so far this year (新增贷款, 新建幼儿园; for a decrease, the amount reduced);
 * - level: the value of the measured quantity at a point in time (城镇化率达到, 稳定在);
 * - rate: a year-to-date growth (or decline) rate, compared directly, never pro-rated (增长8%).
 */
export type TargetKind = 'cumulative' | 'level' | 'rate';

/** Per-tenant thresholds, as shares (0.05 = 5 points). */
export type Thresholds = {
  /** green while completion >= expected - greenGap */
  greenGap: number;
  /** yellow down to expected - yellowGap; red below */
  yellowGap: number;
  /** "~" targets are met within this relative tolerance; caps are yellow within it */
  tolerance: number;
};

export const DEFAULT_THRESHOLDS: Thresholds = { greenGap: 0.05, yellowGap: 0.15, tolerance: 0.05 };

export type EvaluableTarget = {
  subject: string;
  low: number;
  high: number;
  unit: string;
  /** A Comparator ('>=', '<=', '~', 'range', …); stored rows carry it as text. */
  comparator: string;
  /** A Direction ('increase', 'decrease', 'keep'). */
  direction: string;
  /** Inferred from subject and unit when absent (see inferTargetKind). */
  kind?: TargetKind | null;
  /** The level at the start (for level targets measured from a baseline). */
  baseline?: number | null;
};

const RATE_WORDS = /增长|增速|增幅|下降|降低|提高|涨幅/;

/**
 * Decide how a target's figures accumulate when the target does not say.
 * @example inferTargetKind({ subject: '生产总值增长', unit: '%', comparator: '>=', direction: 'increase', low: 8, high: 8 }) -> 'rate'
 * @example inferTargetKind({ subject: '新增贷款', unit: '亿元', comparator: '>=', direction: 'increase', low: 175, high: 175 }) -> 'cumulative'
 * @example inferTargetKind({ subject: '城镇化率', unit: '%', comparator: '>=', direction: 'increase', low: 50, high: 50 }) -> 'level'
 */
export function inferTargetKind(t: EvaluableTarget): TargetKind {
  if (t.kind) return t.kind;
  const percent = t.unit === '%' || t.unit === '个百分点' || t.unit === '‰';
  if (percent && RATE_WORDS.test(t.subject)) return 'rate';
  if (t.unit === '个百分点') return 'rate';
  if (t.direction === 'keep' || percent) return 'level';
  if (/达到|稳定|保持|控制|总量|总数|规模|率$/.test(t.subject) && !/新增|新建|完成|累计/.test(t.subject)) {
    return 'level';
  }
  return 'cumulative';
}

/** Where a target's expected progress and deadline come from. */
export type EvaluationWindow = {
  /** The task's time: from `start` to `end` (its deadline, or the end of the plan year / due year). */
  start: LocalDate;
  end: LocalDate;
  /** The task's own schedule (形象进度), if any. */
  milestones?: Milestone[];
};

export type TargetEvaluationInput = {
  /** The latest accepted figure as of `asOf`. */
  latest: { period: string; actual: number } | null;
  asOf: LocalDate;
  window: EvaluationWindow;
  /** The last period whose reporting deadline has passed, and whether the task has an accepted report for it. */
  due?: { period: ReportingPeriod; reported: boolean } | null;
  thresholds?: Thresholds;
};

/** "62%", "91.7%": one decimal at most. */
export function formatPercent(share: number): string {
  return `${formatNumber(share * 100)}%`;
}

function formatNumber(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

const withUnit = (n: number, unit: string): string => `${formatNumber(n)}${unit}`;

const periodZh = (period: string): string => {
  const [y, m] = period.split('-');
  return `${y}年${Number(m)}月`;
};

function status(
  level: StatusLevel,
  reason: string,
  reasonEn: string,
  rest: Partial<Omit<Status, 'level' | 'reason' | 'reasonEn'>> = {},
): Status {
  return { level, reason, reasonEn, completion: null, expected: null, ...rest };
}

/**
 * The figure compared with a floor-like goal. Decrease targets count the amount reduced: a level
 * target with a baseline reports the level, so the reduction is baseline - actual; otherwise the
 * figure is the amount (or rate) reduced already.
 */
function achieved(t: EvaluableTarget, kind: TargetKind, actual: number): number {
  const hasBase = t.baseline !== null && t.baseline !== undefined;
  return kind === 'level' && t.direction === 'decrease' && hasBase ? (t.baseline as number) - actual : actual;
}

/** Completion of a floor-like goal (reach at least `goal`) from the achieved figure. */
function floorCompletion(t: EvaluableTarget, kind: TargetKind, goal: number, value: number): number {
  const hasBase = t.baseline !== null && t.baseline !== undefined;
  if (kind === 'level' && t.direction !== 'decrease' && hasBase && goal !== t.baseline) {
    return Math.max(0, (value - (t.baseline as number)) / (goal - (t.baseline as number)));
  }
  if (goal === 0) return value >= 0 ? 1 : 0;
  return value / goal;
}

/** Level from completion against expected (both shares) with the tenant's gaps. */
function gapLevel(completion: number, expected: number, th: Thresholds): StatusLevel {
  const gap = expected - completion;
  if (gap <= th.greenGap + 1e-9) return 'green';
  if (gap <= th.yellowGap + 1e-9) return 'yellow';
  return 'red';
}

function compareText(
  completion: number,
  exp: { share: number; label: string; labelEn: string },
): { zh: string; en: string } {
  const c = Math.round(completion * 1000) / 10;
  const e = Math.round(exp.share * 1000) / 10;
  const d = formatNumber(Math.abs(e - c));
  const cz = `完成 ${formatNumber(c)}%`;
  const ce = `${formatNumber(c)}% done`;
  if (c < e)
    return {
      zh: `${cz}，低于${exp.label} ${formatNumber(e)}% 达 ${d} 个百分点`,
      en: `${ce}, ${d} points behind ${formatNumber(e)}% expected (${exp.labelEn})`,
    };
  if (c > e)
    return {
      zh: `${cz}，高于${exp.label} ${formatNumber(e)}%`,
      en: `${ce}, ahead of ${formatNumber(e)}% expected (${exp.labelEn})`,
    };
  return {
    zh: `${cz}，与${exp.label} ${formatNumber(e)}% 持平`,
    en: `${ce}, level with ${formatNumber(e)}% expected (${exp.labelEn})`,
  };
}

/** The comparator family a target is judged by. */
function family(t: EvaluableTarget, kind: TargetKind): 'floor' | 'cap' | 'band' | 'range' {
  switch (t.comparator) {
    case '<=':
    case '<':
      return 'cap';
    case '~':
      return kind === 'cumulative' ? 'floor' : 'band';
    case '=':
      return t.direction === 'keep' && kind !== 'cumulative' ? 'band' : 'floor';
    case 'range':
      return kind === 'cumulative' ? 'floor' : 'range';
    default:
      return 'floor';
  }
}

/**
 * Evaluate one target from its latest accepted figure as of `asOf`.
 * @example evaluateTarget({ subject: '新增贷款', low: 175, high: 175, unit: '亿元', comparator: '>=', direction: 'increase' },
 *   { latest: { period: '2017-11', actual: 108.5 }, asOf: '2017-12-10', window: { start: '2017-01-01', end: '2017-12-31' } })
 *   -> { level: 'red', reason: '完成 62%，低于序时进度 91.7% 达 29.7 个百分点', … }
 */
export function evaluateTarget(t: EvaluableTarget, input: TargetEvaluationInput): Status {
  const th = input.thresholds ?? DEFAULT_THRESHOLDS;
  const kind = inferTargetKind(t);
  const fam = family(t, kind);
  const { latest, asOf, window } = input;
  const past = asOf > window.end;
  const notReported = input.due && !input.due.reported ? input.due.period : null;

  if (latest === null) {
    if (notReported) {
      return status(
        'grey',
        `未报送：${periodZh(notReported.period)}进展应于 ${notReported.due} 前报送，尚无审核通过的报告`,
        `Not reported: the ${notReported.period} report was due ${notReported.due}; none accepted`,
      );
    }
    if (past) {
      return status(
        'grey',
        `已过完成期限（${window.end}），无审核通过的数据，无法判定`,
        `Past the deadline (${window.end}) with no accepted figure: cannot be judged`,
      );
    }
    return status(
      input.due ? 'grey' : 'green',
      input.due
        ? `${periodZh(input.due.period.period)}报告未填写该指标实际值`
        : '尚未到首个报送截止日，暂无数据',
      input.due
        ? `The ${input.due.period.period} report gives no figure for this target`
        : 'No report is due yet',
    );
  }

  const actual = latest.actual;
  // Expected progress is measured when the figure was taken: the end of its period (or asOf, if sooner).
  const periodEnd = periodEndDate(latest.period);
  const at = periodEnd > asOf ? asOf : periodEnd;
  const exp = expectedProgress({
    start: window.start,
    end: window.end,
    asOf: at,
    ...(window.milestones ? { milestones: window.milestones } : {}),
  });
  const stale = notReported
    ? {
        zh: `${periodZh(notReported.period)}进展未按期报送（截止 ${notReported.due}），以下为 ${periodZh(latest.period)} 数据：`,
        en: `The ${notReported.period} report (due ${notReported.due}) is missing; figures of ${latest.period}: `,
      }
    : null;
  const finish = (s: Status): Status => {
    const out: Status = { ...s, period: latest.period };
    if (stale && !past) {
      return { ...out, level: 'grey', reason: stale.zh + s.reason, reasonEn: stale.en + s.reasonEn };
    }
    return out;
  };
  const finalOf = (met: boolean): Partial<Status> => (past ? { final: met ? 'met' : 'missed' } : {});
  const fact = `实际 ${withUnit(actual, t.unit)}`;
  const factEn = `actual ${withUnit(actual, t.unit)}`;

  if (fam === 'cap') {
    const cap = t.high;
    const strict = t.comparator === '<';
    const over = strict ? actual >= cap : actual > cap;
    if (kind === 'cumulative' && !over && !past) {
      const allowed = cap * exp.share;
      if (actual > allowed * (1 + th.tolerance) && allowed > 0) {
        return finish(
          status(
            'yellow',
            `${fact}，已用控制额度 ${formatPercent(actual / cap)}，超过${exp.label} ${formatPercent(exp.share)}`,
            `${factEn}: ${formatPercent(actual / cap)} of the cap used, ahead of ${formatPercent(exp.share)} (${exp.labelEn})`,
            { completion: actual / cap, expected: exp.share },
          ),
        );
      }
    }
    if (!over) {
      return finish(
        status(
          past ? 'done' : 'green',
          `${fact}，控制在 ${withUnit(cap, t.unit)}${strict ? '以下' : '以内'}`,
          `${factEn}, within the limit of ${withUnit(cap, t.unit)}`,
          { completion: 1, ...finalOf(true) },
        ),
      );
    }
    const excess = cap === 0 ? Infinity : (actual - cap) / Math.abs(cap);
    return finish(
      status(
        excess <= th.tolerance && !past ? 'yellow' : 'red',
        `${fact}，超出 ${withUnit(cap, t.unit)} 的控制目标`,
        `${factEn}, over the limit of ${withUnit(cap, t.unit)}`,
        { completion: 0, ...finalOf(false) },
      ),
    );
  }

  if (fam === 'band') {
    const goal = t.low === t.high ? t.low : (t.low + t.high) / 2;
    const dev = goal === 0 ? Math.abs(actual) : Math.abs(actual - goal) / Math.abs(goal);
    const within = dev <= th.tolerance + 1e-9;
    const level: StatusLevel = within
      ? past
        ? 'done'
        : 'green'
      : past
        ? 'red'
        : dev <= th.tolerance * 3 + 1e-9
          ? 'yellow'
          : 'red';
    return finish(
      status(
        level,
        `${fact}，与目标 ${withUnit(goal, t.unit)} 相差 ${formatPercent(dev)}（允许 ±${formatPercent(th.tolerance)}）`,
        `${factEn}, ${formatPercent(dev)} off the goal of ${withUnit(goal, t.unit)} (tolerance ±${formatPercent(th.tolerance)})`,
        { completion: within ? 1 : Math.max(0, 1 - dev), ...finalOf(within) },
      ),
    );
  }

  if (fam === 'range' && actual > t.high) {
    const over = t.high === 0 ? Infinity : (actual - t.high) / Math.abs(t.high);
    return finish(
      status(
        over <= th.tolerance ? 'yellow' : 'red',
        `${fact}，高于目标区间 ${formatNumber(t.low)}–${withUnit(t.high, t.unit)}`,
        `${factEn}, above the range ${formatNumber(t.low)}–${withUnit(t.high, t.unit)}`,
        { completion: 1, ...finalOf(false) },
      ),
    );
  }

  // Floor-like: reach at least the goal (for "~" cumulative targets: the goal less the tolerance).
  const goal = t.comparator === '~' ? t.low * (1 - th.tolerance) : t.low;
  const strict = t.comparator === '>';
  const value = achieved(t, kind, actual);
  const met = strict ? value > goal : value >= goal;
  const completion = floorCompletion(t, kind, t.comparator === '~' ? t.low : goal, value);
  const goalText = withUnit(t.low, t.unit);

  if (kind === 'rate') {
    const text = met
      ? {
          zh: `${t.subject.includes('下降') || t.direction === 'decrease' ? '降幅' : '增速'} ${withUnit(actual, t.unit)}，达到预期目标 ${goalText}`,
          en: `rate ${withUnit(actual, t.unit)}, meets the goal of ${goalText}`,
        }
      : {
          zh: `${t.direction === 'decrease' ? '降幅' : '增速'} ${withUnit(actual, t.unit)}，低于预期目标 ${goalText} 达 ${formatNumber(goal - actual)} 个百分点（增速指标不按时间折算）`,
          en: `rate ${withUnit(actual, t.unit)}, ${formatNumber(goal - actual)} points below the goal of ${goalText} (rates are not pro-rated)`,
        };
    const level: StatusLevel = met ? (past ? 'done' : 'green') : past ? 'red' : gapLevel(completion, 1, th);
    return finish(status(level, text.zh, text.en, { completion, expected: 1, ...finalOf(met) }));
  }

  if (met) {
    return finish(
      status(
        'done',
        `${fact}，已达到目标 ${goalText}（完成 ${formatPercent(completion)}）`,
        `${factEn}, goal of ${goalText} reached (${formatPercent(completion)})`,
        { completion, expected: exp.share, ...finalOf(true) },
      ),
    );
  }
  if (past) {
    return finish(
      status(
        'red',
        `已过完成期限（${window.end}），完成 ${formatPercent(completion)}，未完成目标 ${goalText}`,
        `Past the deadline (${window.end}): ${formatPercent(completion)} of ${goalText}, missed`,
        { completion, expected: 1, final: 'missed' },
      ),
    );
  }
  const text = compareText(completion, exp);
  return finish(
    status(gapLevel(completion, exp.share, th), text.zh, text.en, { completion, expected: exp.share }),
  );
}

const SEVERITY: Record<StatusLevel, number> = { red: 4, yellow: 3, grey: 2, green: 1, done: 0 };

/** Worse first: red, yellow, grey, green, done. */
export function compareSeverity(a: StatusLevel, b: StatusLevel): number {
  return SEVERITY[b] - SEVERITY[a];
}

export type TaskEvaluationInput = {
  /** Statuses of the task's targets, with their subjects (for the reason). */
  targets: { subject: string; status: Status; weight?: number }[];
  asOf: LocalDate;
  window: EvaluationWindow;
  /** The latest accepted report of the task (for tasks without figures). */
  latestReport: { period: string; done: boolean } | null;
  due?: { period: ReportingPeriod; reported: boolean } | null;
};

/**
 * A task's status: from its targets (a task is as far behind as its worst target; all done is done),
 * or, without targets, from its reported state (an accepted report saying it is done; past the
 * deadline and not done is red; not reported is grey).
 * @example evaluateTask({ targets: [], asOf: '2017-07-10', window: { start: '2017-01-01', end: '2017-12-31' }, latestReport: { period: '2017-06', done: false } }).level -> 'green'
 */
export function evaluateTask(input: TaskEvaluationInput): Status {
  const { targets, asOf, window } = input;
  const past = asOf > window.end;
  const notReported = input.due && !input.due.reported ? input.due.period : null;
  if (targets.length > 0) {
    let worst = targets[0] as (typeof targets)[number];
    for (const t of targets) if (SEVERITY[t.status.level] > SEVERITY[worst.status.level]) worst = t;
    let wsum = 0;
    let csum = 0;
    for (const t of targets) {
      if (t.status.completion === null) continue;
      const w = t.weight ?? 1;
      wsum += w;
      csum += w * Math.min(1, t.status.completion);
    }
    const completion = wsum > 0 ? csum / wsum : null;
    const allDone = targets.every((t) => t.status.level === 'done');
    const prefix = targets.length > 1 ? `${worst.subject}：` : '';
    const prefixEn = targets.length > 1 ? `${worst.subject}: ` : '';
    return {
      level: allDone ? 'done' : worst.status.level,
      reason:
        allDone && targets.length > 1 ? `${targets.length} 项指标均已完成` : prefix + worst.status.reason,
      reasonEn:
        allDone && targets.length > 1
          ? `all ${targets.length} targets met`
          : prefixEn + worst.status.reasonEn,
      completion,
      expected: worst.status.expected,
      ...(worst.status.final ? { final: allDone ? 'met' : worst.status.final } : {}),
      period: worst.status.period ?? null,
    };
  }
  const r = input.latestReport;
  if (r?.done) {
    return {
      level: 'done',
      reason: `${periodZh(r.period)}报告已完成，已审核通过`,
      reasonEn: `Reported done in ${r.period} (accepted)`,
      completion: 1,
      expected: null,
      ...(past ? { final: 'met' as const } : {}),
      period: r.period,
    };
  }
  if (past) {
    return {
      level: 'red',
      reason: `已过完成期限（${window.end}），未报告完成`,
      reasonEn: `Past the deadline (${window.end}) and not reported done`,
      completion: null,
      expected: 1,
      final: 'missed',
      period: r?.period ?? null,
    };
  }
  if (notReported) {
    return {
      level: 'grey',
      reason: `未报送：${periodZh(notReported.period)}进展应于 ${notReported.due} 前报送${r ? `（最近一次为 ${periodZh(r.period)}）` : ''}`,
      reasonEn: `Not reported: the ${notReported.period} report was due ${notReported.due}${r ? ` (last: ${r.period})` : ''}`,
      completion: null,
      expected: null,
      period: r?.period ?? null,
    };
  }
  if (r) {
    return {
      level: 'green',
      reason: `已按期报送 ${periodZh(r.period)} 进展（无量化指标）`,
      reasonEn: `The ${r.period} report is in (no figures to compare)`,
      completion: null,
      expected: null,
      period: r.period,
    };
  }
  return {
    level: 'green',
    reason: '尚未到首个报送截止日',
    reasonEn: 'No report is due yet',
    completion: null,
    expected: null,
    period: null,
  };
}

/** Words in a report's narrative that say a task without figures is finished. */
export const DONE_WORDS =
  /已全面完成|已全部完成|全面完成(了)?(年度|全年)?(目标)?任务|任务已完成|已完成(年度|全年)(目标)?任务/;
