/**
 * Map the browser's text selection inside `container` back to offsets in the source text, using the
 * `data-start` offset each rendered segment carries. Null when the selection is empty or outside.
 */
export function selectionOffsets(container: HTMLElement | null): { start: number; end: number } | null {
  if (!container) return null;
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const point = (node: Node, offset: number): number | null => {
    if (!container.contains(node)) return null;
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
    const holder = el?.closest('[data-start]');
    if (!holder) return null;
    const base = Number((holder as HTMLElement).dataset.start);
    if (!Number.isFinite(base)) return null;
    return node.nodeType === Node.TEXT_NODE ? base + offset : base;
  };
  const start = point(range.startContainer, range.startOffset);
  const end = point(range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

/**
 * Guess a target's fields from a quote the user selected.
 * @example guessTarget('新建改扩建幼儿园50所以上') -> { subject: '新建改扩建幼儿园', low: 50, unit: '所', comparator: '>=' }
 */
export function guessTarget(quote: string): {
  subject: string;
  low: number;
  high: number;
  unit: string;
  comparator: '>=' | '<=' | '~' | '=';
} {
  const m = /(\d+(?:\.\d+)?)\s*([万亿千百]?[^\d\s，。、；,.;:：）)（(以左上下内]{0,3})/.exec(quote);
  const low = m ? Number(m[1]) : 0;
  const unit = m?.[2] ?? '';
  const subject =
    (m ? quote.slice(0, m.index) : quote).replace(/[，。、；\s]+$/u, '').slice(-60) || quote.slice(0, 60);
  const comparator = /以上|不低于|至少|超过/.test(quote)
    ? '>='
    : /以内|以下|不超过|控制在/.test(quote)
      ? '<='
      : /左右/.test(quote)
        ? '~'
        : '=';
  return { subject, low, high: low, unit, comparator };
}
