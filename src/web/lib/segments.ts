/** A piece of a text: plain, or covered by a mark (a target's quote, a problem's span). */
export type Segment = { start: number; end: number; text: string; markId: string | null };

export type Mark = { id: string; start: number; end: number };

/**
 * Split `text` into consecutive segments by the marks' spans, so each mark can be rendered as a React
 * element around its own text (never as HTML). Overlapping marks: the earlier one wins; spans outside
 * the text are clipped.
 * @example splitBySpans('新增贷款175亿元', [{ id: 'a', start: 2, end: 9 }])
 *   -> [{ text: '新增', markId: null, … }, { text: '贷款175亿元', markId: 'a', … }]
 */
export function splitBySpans(text: string, marks: Mark[], from = 0, to = text.length): Segment[] {
  const sorted = marks
    .map((m) => ({ ...m, start: Math.max(from, m.start), end: Math.min(to, m.end) }))
    .filter((m) => m.end > m.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let pos = from;
  for (const m of sorted) {
    if (m.start < pos) continue;
    if (m.start > pos) out.push({ start: pos, end: m.start, text: text.slice(pos, m.start), markId: null });
    out.push({ start: m.start, end: m.end, text: text.slice(m.start, m.end), markId: m.id });
    pos = m.end;
  }
  if (pos < to) out.push({ start: pos, end: to, text: text.slice(pos, to), markId: null });
  return out;
}
