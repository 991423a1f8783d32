/** Reporting periods are months, "YYYY-MM". */
export function periodOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/**
 * The period a department should report now for a plan of `year`: the current month within the plan
 * year, or December once the year is over.
 * @example currentPeriod(2017, new Date('2017-06-12')) -> '2017-06'
 * @example currentPeriod(2017, new Date('2026-01-01')) -> '2017-12'
 */
export function currentPeriod(year: number, now: Date): string {
  if (now.getFullYear() > year) return `${year}-12`;
  if (now.getFullYear() < year) return `${year}-01`;
  return periodOf(now);
}

/** The months of a plan year up to the current period, newest first. */
export function periodsOf(year: number, now: Date): string[] {
  const last = Number(currentPeriod(year, now).slice(5));
  return Array.from({ length: last }, (_, i) => `${year}-${String(last - i).padStart(2, '0')}`);
}

/**
 * When a period's report is due: the 5th of the following month (the usual 月报 rule; the API has no
 * reporting calendar yet).
 * @example dueDateOf('2017-06') -> '2017-07-05'
 */
export function dueDateOf(period: string): string {
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5));
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  return `${ny}-${String(nm).padStart(2, '0')}-05`;
}
