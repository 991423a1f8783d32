/**
 * Calendar arithmetic for evaluation: local dates ("YYYY-MM-DD", the tenant's calendar), reporting
 * periods ("YYYY-MM") and their deadlines, and expected progress (序时进度 / 形象进度). Pure: no clock.
 */

/** A calendar date in the tenant's time zone, "YYYY-MM-DD". */
export type LocalDate = string;

/** How often departments report and when a period's report is due. */
export type ReportingRules = {
  /** monthly: periods 01..12; quarterly: periods 03, 06, 09, 12 (named by the quarter's last month). */
  frequency: 'monthly' | 'quarterly';
  /** Day of the month after the period on which the report is due (default 5). */
  dueDay: number;
};

export const DEFAULT_REPORTING: ReportingRules = { frequency: 'monthly', dueDay: 5 };

const pad = (n: number): string => String(n).padStart(2, '0');

function parts(date: LocalDate): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y ?? 1970, m ?? 1, d ?? 1];
}

/** Days in a month (month 1..12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Shift a local date by whole days.
 * @example addDays('2017-07-05', -3) -> '2017-07-02'
 */
export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

/**
 * The last day of a period "YYYY-MM".
 * @example periodEndDate('2017-02') -> '2017-02-28'
 */
export function periodEndDate(period: string): LocalDate {
  const [y, m] = period.split('-').map(Number);
  return `${y}-${pad(m ?? 1)}-${pad(daysInMonth(y ?? 1970, m ?? 1))}`;
}

/** The period ("YYYY-MM") a date falls in. */
export function periodOf(date: LocalDate): string {
  return date.slice(0, 7);
}

/**
 * When a period's report is due: `dueDay` of the following month (clamped to the month's length).
 * @example periodDueDate('2017-06', { frequency: 'monthly', dueDay: 5 }) -> '2017-07-05'
 * @example periodDueDate('2017-12', { frequency: 'monthly', dueDay: 5 }) -> '2018-01-05'
 */
export function periodDueDate(period: string, rules: ReportingRules = DEFAULT_REPORTING): LocalDate {
  const [y = 1970, m = 1] = period.split('-').map(Number);
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  return `${ny}-${pad(nm)}-${pad(Math.min(Math.max(1, rules.dueDay), daysInMonth(ny, nm)))}`;
}

export type ReportingPeriod = { period: string; start: LocalDate; end: LocalDate; due: LocalDate };

/**
 * The reporting periods from `from` to `to` (inclusive, by month), with their deadlines.
 * @example reportingPeriods('2017-01-01', '2017-03-31', { frequency: 'quarterly', dueDay: 5 }) -> [{ period: '2017-03', start: '2017-01-01', end: '2017-03-31', due: '2017-04-05' }]
 */
export function reportingPeriods(
  from: LocalDate,
  to: LocalDate,
  rules: ReportingRules = DEFAULT_REPORTING,
): ReportingPeriod[] {
  const out: ReportingPeriod[] = [];
  let [y, m] = parts(from);
  const [ty, tm] = parts(to);
  const step = rules.frequency === 'quarterly' ? 3 : 1;
  // Quarterly periods close at the end of a calendar quarter.
  if (step === 3) m = Math.ceil(m / 3) * 3;
  while (y < ty || (y === ty && m <= (step === 3 ? Math.ceil(tm / 3) * 3 : tm))) {
    const period = `${y}-${pad(m)}`;
    const sm = m - step + 1;
    out.push({
      period,
      start: `${y}-${pad(sm)}-01`,
      end: periodEndDate(period),
      due: periodDueDate(period, rules),
    });
    m += step;
    if (m > 12) {
      m -= 12;
      y += 1;
    }
  }
  return out;
}

/**
 * The last period of a window whose reporting deadline has passed by `asOf` (a report due on the 5th
 * is late from the 6th), or null when none has.
 * @example lastDuePeriod('2017-01-01', '2017-12-31', '2017-07-10') -> { period: '2017-06', due: '2017-07-05', … }
 */
export function lastDuePeriod(
  from: LocalDate,
  to: LocalDate,
  asOf: LocalDate,
  rules: ReportingRules = DEFAULT_REPORTING,
): ReportingPeriod | null {
  let last: ReportingPeriod | null = null;
  for (const p of reportingPeriods(from, to, rules)) if (p.due < asOf) last = p;
  return last;
}

/** Position of the end of a day on a month scale (2017-11-30 -> 11 months after 2017-01-01). */
function monthPosition(date: LocalDate, endOfDay: boolean): number {
  const [y, m, d] = parts(date);
  return y * 12 + (m - 1) + (endOfDay ? d : d - 1) / daysInMonth(y, m);
}

/**
 * Elapsed share (0..1) of the time from the start of `start` to the end of `end`, at the end of
 * `asOf`, measured in months so that the end of November is 11/12 of a calendar year.
 * @example elapsedShare('2017-01-01', '2017-12-31', '2017-11-30') -> 0.9166…
 */
export function elapsedShare(start: LocalDate, end: LocalDate, asOf: LocalDate): number {
  const s = monthPosition(start, false);
  const e = monthPosition(end, true);
  if (e <= s) return asOf >= end ? 1 : 0;
  return Math.min(1, Math.max(0, (monthPosition(asOf, true) - s) / (e - s)));
}

/** A node of a task's own schedule (形象进度): by `date`, `share` of the work should be done. */
export type Milestone = { date: LocalDate; share: number; label: string };

const QUARTER_NAMES = ['一', '二', '三', '四'];

/**
 * Read a quarterly milestone list ("完成年度任务的 50%", "全面完成年度任务") into a schedule; nodes
 * without a share are left out, so a list with none gives [] (use 序时进度 then).
 * @example milestonesFromQuarters(2017, [{ quarter: 2, text: '完成年度任务的 50%' }]) -> [{ date: '2017-06-30', share: 0.5, label: '二季度节点' }]
 */
export function milestonesFromQuarters(year: number, list: { quarter: number; text: string }[]): Milestone[] {
  const out: Milestone[] = [];
  for (const { quarter, text } of list) {
    if (quarter < 1 || quarter > 4) continue;
    const pct = /(\d+(?:\.\d+)?)\s*[%％]/.exec(text);
    const share = pct
      ? Number(pct[1]) / 100
      : /全面完成|全部完成|完成全年|完成年度任务$/.test(text)
        ? 1
        : null;
    if (share === null || !(share >= 0 && share <= 1)) continue;
    out.push({
      date: periodEndDate(`${year}-${pad(quarter * 3)}`),
      share,
      label: `${QUARTER_NAMES[quarter - 1] ?? quarter}季度节点`,
    });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}

export type Expected = {
  /** 0..1 */
  share: number;
  basis: 'time' | 'milestone';
  /** 序时进度, or 形象进度（二季度节点） */
  label: string;
  labelEn: string;
};

/**
 * Expected progress at a date: the task's milestone schedule when it has one (形象进度: linear between
 * its nodes, from 0 at the start to 100% at the end), else the elapsed share of its time (序时进度).
 * @example expectedProgress({ start: '2017-01-01', end: '2017-12-31', asOf: '2017-11-30' }) -> { share: 0.9166…, basis: 'time', label: '序时进度' }
 */
export function expectedProgress(input: {
  start: LocalDate;
  end: LocalDate;
  asOf: LocalDate;
  milestones?: Milestone[];
}): Expected {
  const nodes = (input.milestones ?? []).filter((n) => n.date > input.start && n.date <= input.end);
  if (nodes.length === 0) {
    return {
      share: elapsedShare(input.start, input.end, input.asOf),
      basis: 'time',
      label: '序时进度',
      labelEn: 'time elapsed',
    };
  }
  const points: { date: LocalDate; share: number }[] = [
    { date: addDays(input.start, -1), share: 0 },
    ...nodes,
  ];
  const last = points[points.length - 1] as { date: LocalDate; share: number };
  if (last.date < input.end) points.push({ date: input.end, share: 1 });
  let share = 1;
  if (input.asOf <= (points[0] as { date: LocalDate }).date) share = 0;
  for (let i = 1; i < points.length; i += 1) {
    const a = points[i - 1] as { date: LocalDate; share: number };
    const b = points[i] as { date: LocalDate; share: number };
    if (input.asOf > a.date && input.asOf <= b.date) {
      const pa = monthPosition(a.date, true);
      const f = (monthPosition(input.asOf, true) - pa) / (monthPosition(b.date, true) - pa);
      share = a.share + (b.share - a.share) * f;
      break;
    }
  }
  return { share, basis: 'milestone', label: '形象进度', labelEn: 'the milestone schedule' };
}
