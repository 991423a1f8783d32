import type { Span } from '../plan/types.ts';

/** One non-empty line of the source, trimmed, with its place in the source. */
export type Paragraph = {
  /** 0-based index among the non-empty lines of the whole source. */
  index: number;
  /** Offsets of the trimmed text in the source. */
  span: Span;
  text: string;
};

/** Whitespace that trims off a line: ASCII space and controls, NBSP, ideographic space, BOM, zero-width space. */
function isSpace(code: number): boolean {
  return (
    code <= 32 ||
    code === 0x3000 ||
    code === 0xa0 ||
    code === 0xfeff ||
    code === 0x200b ||
    (code >= 0x2000 && code <= 0x200a)
  );
}

/**
 * Splits text into non-empty lines (the unit every report file uses for a paragraph).
 * @example splitParagraphs('a\n\n b ') -> [{ index: 0, span: [0, 1], text: 'a' }, { index: 1, span: [4, 5], text: 'b' }]
 */
export function splitParagraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let lineStart = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    if (i === n || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13) {
      let s = lineStart;
      let e = i;
      while (s < e && isSpace(text.charCodeAt(s))) s++;
      while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
      if (e > s) out.push({ index: out.length, span: [s, e], text: text.slice(s, e) });
      lineStart = i + 1;
    }
  }
  return out;
}
