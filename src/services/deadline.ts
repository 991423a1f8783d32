const pad = (n: number): string => String(n).padStart(2, '0');

function endOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(day)}`;
}

const QUARTERS: Record<string, number> = { 一: 3, 二: 6, 三: 9, 四: 12, '1': 3, '2': 6, '3': 9, '4': 12 };
const MONTHS_ZH: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  十一: 11,
  十二: 12,
};

/**
 * Resolve a deadline as written in a division-of-labour table to a date (YYYY-MM-DD), or null for
 * open-ended ones (持续推进, 长期).
 * @example resolveDeadline('6月底前', 2017) -> '2017-06-30'
 * @example resolveDeadline('年底前', 2017) -> '2017-12-31'
 * @example resolveDeadline('持续推进', 2017) -> null
 */
export function resolveDeadline(text: string, year: number): string | null {
  const t = text.trim();
  if (t === '') return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (iso) {
    const d = new Date(`${t}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== t ? null : t;
  }
  if (/持续|长期|常态|长效/.test(t)) return null;
  const ym = /(\d{4})年(\d{1,2})月/.exec(t);
  if (ym) {
    const month = Number(ym[2]);
    return month >= 1 && month <= 12 ? endOfMonth(Number(ym[1]), month) : null;
  }
  const yEnd = /(\d{4})年(底|末|内|前)?/.exec(t);
  if (yEnd) return `${yEnd[1]}-12-31`;
  const m = /(\d{1,2})月/.exec(t);
  if (m) {
    const month = Number(m[1]);
    return month >= 1 && month <= 12 ? endOfMonth(year, month) : null;
  }
  const mz = /(十[一二]|[一二三四五六七八九十])月/.exec(t);
  if (mz) {
    const month = MONTHS_ZH[mz[1] ?? ''];
    return month === undefined ? null : endOfMonth(year, month);
  }
  const q = /(?:第)?([一二三四1-4])季度/.exec(t);
  if (q) return endOfMonth(year, QUARTERS[q[1] ?? ''] ?? 12);
  if (/上半年/.test(t)) return `${year}-06-30`;
  if (/年底|年末|年内|全年|下半年|今年/.test(t)) return `${year}-12-31`;
  return null;
}
