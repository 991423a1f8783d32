/**
 * Text helpers for reading tables typed by hand: full-width forms, stray spaces and the ways people
 * write "none" or "same as above".
 */

/**
 * Normalise a cell as typed: NFKC (full-width letters, digits and brackets to half-width), no
 * whitespace of any kind (Chinese text has no word spaces), and ASCII brackets.
 * @example normalizeCell(' 市 教育局\u3000') -> '市教育局'
 * @example normalizeCell('（１）') -> '(1)'
 */
export function normalizeCell(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

/** For comparing texts: normalised, and without sentence punctuation at the ends. */
export function comparableText(text: string): string {
  return normalizeCell(text).replace(/^[，。；、,.;:：]+|[，。；、,.;:：]+$/gu, '');
}

/** Cells meaning "none" in 分工表 practice. */
export function isNoneMark(text: string): boolean {
  return /^(?:[/／\\—–-]+|无|暂无|空)$/u.test(normalizeCell(text));
}

/** Cells meaning "same as the row above". */
export function isSameAsAbove(text: string): boolean {
  return /^(?:同上|〃|"|")$/u.test(normalizeCell(text));
}

/**
 * Split a list of departments or leaders as typed: 、，,；; / line breaks and runs of spaces. A single
 * space stays inside a piece ("市 教育局" is one name typed loosely; the caller may split it further).
 * @example splitList('市财政局、市教育局；市人社局') -> ['市财政局', '市教育局', '市人社局']
 */
export function splitList(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[、,;/\n\r\t]+|\s{2,}/u)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !isNoneMark(s));
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * A Chinese numeral for 1..99, as used in 序号 (一、二、… 十一、).
 * @example chineseNumber(12) -> '十二'
 */
export function chineseNumber(n: number): string {
  if (n <= 0 || n >= 100 || !Number.isInteger(n)) return String(n);
  if (n < 10) return CN_DIGITS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (CN_DIGITS[tens] ?? '')}十${ones === 0 ? '' : (CN_DIGITS[ones] ?? '')}`;
}

/**
 * Read a Chinese numeral of 1..99 back; null when it is not one.
 * @example parseChineseNumber('十二') -> 12
 */
export function parseChineseNumber(text: string): number | null {
  const t = text.trim();
  if (!/^[一二三四五六七八九十]+$/u.test(t)) return null;
  const digit = (c: string | undefined): number => (c === undefined ? 0 : CN_DIGITS.indexOf(c));
  const i = t.indexOf('十');
  if (i === -1) return t.length === 1 ? digit(t) : null;
  const tens = i === 0 ? 1 : digit(t[i - 1]);
  const ones = i === t.length - 1 ? 0 : digit(t[i + 1]);
  if (t.length > 3 || tens <= 0) return null;
  return tens * 10 + ones;
}

/** What a 序号 cell says: an area (一、), a task (1.) or a sub-task ((1)). */
export type SeqMark = { level: 'area' | 'task' | 'sub'; n: number } | null;

/**
 * Read a 序号 cell as typed.
 * @example parseSeq('一、') -> { level: 'area', n: 1 }
 * @example parseSeq('３．') -> { level: 'task', n: 3 }
 * @example parseSeq('（２）') -> { level: 'sub', n: 2 }
 */
export function parseSeq(text: string): SeqMark {
  const t = normalizeCell(text);
  if (t === '') return null;
  const area = /^([一二三四五六七八九十]+)[、.]?$/u.exec(t);
  if (area) {
    const n = parseChineseNumber(area[1] ?? '');
    return n === null ? null : { level: 'area', n };
  }
  const sub = /^\((\d+)\)$/u.exec(t);
  if (sub) return { level: 'sub', n: Number(sub[1]) };
  const task = /^(\d+)[.、]?$/u.exec(t);
  if (task) return { level: 'task', n: Number(task[1]) };
  return null;
}
