/**
 * A same-length view of the source for reading numbers: every UTF-16 unit maps to exactly one unit, so an
 * offset in the readable text is the same offset in the source and quotes stay verbatim.
 * Full-width digits and signs become ASCII, dash variants become '-', tildes become '~'.
 */
const MAP: Record<string, string> = {
  '％': '%',
  '．': '.',
  '﹪': '%',
  '―': '-',
  '—': '-',
  '–': '-',
  '－': '-',
  '‐': '-',
  '‑': '-',
  '～': '~',
  '〜': '~',
  '∼': '~',
  '＋': '+',
  '\u3000': ' ',
};

const CHANGED = /[０-９％．﹪―—–－‐‑～〜∼＋\u3000]/g;

/** @example toReadable('增长６．５％') -> '增长6.5%' */
export function toReadable(text: string): string {
  return text.replace(CHANGED, (c) => {
    const code = c.charCodeAt(0);
    return code >= 0xff10 && code <= 0xff19 ? String.fromCharCode(code - 0xff10 + 48) : (MAP[c] ?? c);
  });
}
