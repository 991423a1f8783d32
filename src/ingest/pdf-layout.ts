/** A run of text as a PDF text layer places it; `y` grows upwards, as in PDF space. */
export type PdfTextItem = { str: string; x: number; y: number; width: number; size: number };

/** One visual line of a page. */
export type PdfLine = {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  /** A space was drawn at the end of the line: the break falls between two words. */
  spaceAfter?: boolean;
};

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;
const LATIN = /[A-Za-z]/;
const PARAGRAPH_END = /[。！？；：”…」』]$/;
/** 一、 （一） 1. （1） 第一章 ——subtitle 附件 ①: a line starting so opens a paragraph. */
const HEADING_START =
  /^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|\d{1,3}[、．.](?!\d)|[（(]\d{1,3}[）)]|第[一二三四五六七八九十百零〇\d]+[章节部分条篇]|——|――|－－|--|附件|[①-⑳])/;
const PAGE_NUMBER = [
  /^[-—–－―~·•\s]*\d{1,4}[-—–－―~·•\s]*$/,
  /^第\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?$/,
  /^\d{1,4}\s*[/／]\s*\d{1,4}$/,
  /^(?:page|p\.?)\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i,
  /^[-—–－―]+\s*[一二三四五六七八九十百〇零]+\s*[-—–－―]+$/,
];
/** Lines at the top and bottom of a page that may be furniture (headers, footers, page numbers). */
const EDGE_LINES = 2;
/** Share of pages a short line must repeat on to count as a running header or footer. */
const RUNNING_SHARE = 0.5;
const RUNNING_MAX_CHARS = 40;

/**
 * Groups a page's text items into visual lines, top to bottom, left to right within a line. Items
 * on (nearly) the same baseline belong together; a space is inserted only where a visible gap
 * separates Latin text, or where the gap is wide enough to be a column break.
 *
 * @example itemsToLines([{ str: '各位', x: 72, y: 700, width: 24, size: 12 }, { str: '代表：', x: 96, y: 700, width: 36, size: 12 }])
 *   -> [{ text: '各位代表：', x: 72, right: 132, y: 700, size: 12 }]
 */
export function itemsToLines(items: PdfTextItem[]): PdfLine[] {
  // Space items are kept: between Chinese words a drawn space is the only sign of a real space.
  const sorted = items.filter((item) => item.str !== '').sort((a, b) => b.y - a.y);
  const groups: PdfTextItem[][] = [];
  for (const item of sorted) {
    const group = groups[groups.length - 1];
    const first = group?.[0];
    if (group && first && Math.abs(first.y - item.y) <= 0.5 * Math.max(first.size, item.size)) {
      group.push(item);
    } else {
      groups.push([item]);
    }
  }
  const visible = groups.filter((group) => group.some((item) => item.str.trim() !== ''));
  return visible.map((group) => {
    group.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    let x = Infinity;
    let right = -Infinity;
    let size = 0;
    let longest = 0;
    for (const item of group) {
      if (text !== '') {
        const gap = item.x - end;
        const before = text.at(-1) ?? '';
        const after = item.str[0] ?? '';
        const wide = gap > 1.5 * item.size;
        const latinGap = gap > 0.25 * item.size && !CJK.test(before) && !CJK.test(after);
        if ((wide || latinGap) && !/\s/.test(before) && !/\s/.test(after)) {
          text += ' ';
        }
      }
      text += item.str;
      end = Math.max(end, item.x + item.width);
      if (item.str.trim() !== '') {
        x = Math.min(x, item.x);
        right = Math.max(right, item.x + item.width);
      }
      if (item.str.trim().length > longest) {
        longest = item.str.trim().length;
        size = item.size;
      }
    }
    // Only ASCII-style spaces collapse: a full-width space inside a line is deliberate (总理\u3000李克强).
    const spaceAfter = /\s$/.test(text);
    return {
      text: text.replace(/[ \t\r\n\f\v\u00a0]+/g, ' ').trim(),
      x,
      right,
      y: group[0]?.y ?? 0,
      size,
      spaceAfter,
    };
  });
}

/**
 * Rebuilds paragraphs from the lines of every page: drops page numbers and running headers or
 * footers, then joins lines that continue a paragraph (across pages too) without inserting spaces
 * between Chinese characters.
 *
 * A line ends a paragraph when it is clearly shorter than its page's text width; the next one
 * starts a paragraph when it is indented, changes font size, follows a vertical gap, or starts with
 * a heading marker (一、 （一） ——) right after a finished sentence. When the document uses no
 * first-line indent, a line ending in 。！？；：” also ends a paragraph; with indents that rule is
 * skipped, because sentences often end exactly at a line end.
 *
 * @example rebuildParagraphs([[
 *   { text: '现在，我代表市人民政府，向大会报', x: 96, right: 480, y: 700, size: 24 },
 *   { text: '告工作，请予审议。', x: 72, right: 288, y: 664, size: 24 },
 * ]]) -> ['现在，我代表市人民政府，向大会报告工作，请予审议。']
 */
export function rebuildParagraphs(pages: PdfLine[][]): string[] {
  const kept = removePageFurniture(pages);
  const metrics = measure(kept);
  const latin = isLatinDocument(kept);
  const paragraphs: string[] = [];
  let current = '';
  let previous: PdfLine | undefined;
  let previousPage = 0;
  kept.forEach((lines, page) => {
    const pageMargins = metrics.pages[page] ?? { left: 0, right: Infinity };
    for (const line of lines) {
      const previousMargins = metrics.pages[previousPage] ?? pageMargins;
      if (previous === undefined || current === '') {
        current = line.text;
      } else if (isBreak(previous, line, page === previousPage, metrics, previousMargins, pageMargins)) {
        paragraphs.push(current);
        current = line.text;
      } else {
        current = join(current, line.text, latin || previous.spaceAfter === true);
      }
      previous = line;
      previousPage = page;
    }
  });
  if (current !== '') {
    paragraphs.push(current);
  }
  return paragraphs;
}

type Margins = { left: number; right: number };
type Metrics = { pitch: number; indentMode: boolean; pages: Margins[] };

/** Pages with fewer body lines than this borrow the document's margins. */
const MIN_LINES_FOR_PAGE_MARGINS = 6;

/**
 * Margins are measured per page because duplex layouts mirror them (the binding margin alternates
 * sides), and a few odd pages must not shift the whole document.
 */
function measure(pages: PdfLine[][]): Metrics {
  const all = pages.flat();
  const bodySize = weightedMode(all.map((l) => ({ value: round(l.size), weight: l.text.length })));
  const isBody = (l: PdfLine): boolean => Math.abs(l.size - bodySize) <= 0.15 * bodySize;
  const documentMargins = margins(all.filter(isBody));
  const pageMargins = pages.map((lines) => {
    const body = lines.filter(isBody);
    return body.length >= MIN_LINES_FOR_PAGE_MARGINS ? margins(body) : documentMargins;
  });

  const pitches: number[] = [];
  let indented = 0;
  let atLeft = 0;
  pages.forEach((lines, page) => {
    const { left } = pageMargins[page] ?? documentMargins;
    const body = lines.filter(isBody);
    body.forEach((l, i) => {
      const above = body[i - 1];
      if (above && above.y > l.y) {
        pitches.push(above.y - l.y);
      }
      const indent = l.x - left;
      if (indent >= 1.2 * l.size && indent <= 4.5 * l.size) {
        indented++;
      } else if (indent < 0.5 * l.size) {
        atLeft++;
      }
    });
  });
  return {
    pitch: percentile(pitches, 0.5) || bodySize * 1.5,
    indentMode: indented >= 2 && atLeft >= 2,
    pages: pageMargins,
  };
}

function margins(body: PdfLine[]): Margins {
  return {
    left: percentile(
      body.map((l) => l.x),
      0.1,
    ),
    right: typicalRight(body),
  };
}

/**
 * Justified Chinese text ends most lines at the same x, so the most common right edge is the text
 * width; a percentile would be pulled out by tables or contents lines wider than the body.
 */
function typicalRight(body: PdfLine[]): number {
  const buckets = new Map<number, { count: number; max: number }>();
  for (const l of body) {
    const key = Math.round(l.right / 3);
    const bucket = buckets.get(key) ?? { count: 0, max: -Infinity };
    bucket.count++;
    bucket.max = Math.max(bucket.max, l.right);
    buckets.set(key, bucket);
  }
  let best: { count: number; max: number } | undefined;
  for (const bucket of buckets.values()) {
    if (!best || bucket.count > best.count || (bucket.count === best.count && bucket.max > best.max)) {
      best = bucket;
    }
  }
  if (best && best.count >= Math.max(2, 0.2 * body.length)) {
    return best.max;
  }
  return percentile(
    body.map((l) => l.right),
    0.9,
  );
}

function isBreak(
  line: PdfLine,
  next: PdfLine,
  samePage: boolean,
  m: Metrics,
  lineMargins: Margins,
  nextMargins: Margins,
): boolean {
  const short = line.right < lineMargins.right - 1.5 * line.size;
  if (short) {
    return true;
  }
  if (!m.indentMode && PARAGRAPH_END.test(line.text)) {
    return true;
  }
  // Only after a finished sentence: a full line can end mid-phrase right before "一、一开放”".
  if (HEADING_START.test(next.text) && PARAGRAPH_END.test(line.text)) {
    return true;
  }
  if (Math.abs(next.size - line.size) > 0.15 * line.size) {
    return true;
  }
  if (next.x - nextMargins.left >= 1.2 * next.size) {
    return true;
  }
  return samePage && line.y - next.y > 1.8 * m.pitch;
}

/**
 * Between two Latin letters a line break is a space in English, but in Chinese text it usually cuts
 * an acronym (DE|PA, CPT|PP), so Chinese documents get a space only where one was drawn.
 */
function join(text: string, next: string, spaceBetweenLatin: boolean): string {
  const needsSpace = spaceBetweenLatin && LATIN.test(text.at(-1) ?? '') && LATIN.test(next[0] ?? '');
  return needsSpace ? `${text} ${next}` : text + next;
}

function isLatinDocument(pages: PdfLine[][]): boolean {
  let han = 0;
  let letters = 0;
  for (const line of pages.flat()) {
    han += line.text.match(/[\u3400-\u9fff]/g)?.length ?? 0;
    letters += line.text.match(/[A-Za-z]/g)?.length ?? 0;
  }
  return han < 0.1 * (han + letters);
}

function removePageFurniture(pages: PdfLine[][]): PdfLine[][] {
  const sorted = pages.map((lines) => [...lines].sort((a, b) => b.y - a.y || a.x - b.x));
  const isEdge = (lines: PdfLine[], i: number): boolean => i < EDGE_LINES || i >= lines.length - EDGE_LINES;
  const key = (line: PdfLine): string => line.text.replace(/\s+/g, '').replace(/\d+/g, '#');

  const occurrences = new Map<string, { page: number; line: PdfLine }[]>();
  sorted.forEach((lines, page) => {
    lines.forEach((line, i) => {
      const k = key(line);
      if (isEdge(lines, i) && k.length <= RUNNING_MAX_CHARS) {
        const list = occurrences.get(k) ?? [];
        if (!list.some((o) => o.page === page)) {
          list.push({ page, line });
        }
        occurrences.set(k, list);
      }
    });
  });
  const pagesWithText = sorted.filter((lines) => lines.length > 0).length;
  const running = new Set<PdfLine>();
  for (const list of occurrences.values()) {
    if (pagesWithText < 2 || list.length < Math.max(2, Math.ceil(pagesWithText * RUNNING_SHARE))) {
      continue;
    }
    // The same words set larger on the first page are the document's title, not its header.
    const typical = percentile(
      list.map((o) => o.line.size),
      0.5,
    );
    for (const o of list) {
      if (Math.abs(o.line.size - typical) <= 0.15 * typical) {
        running.add(o.line);
      }
    }
  }
  return sorted.map((lines) => {
    const rest = lines.filter((line) => !running.has(line));
    // A lone number is a page number only at the very top or bottom; inside the page it is data.
    const isPageNumber = (line: PdfLine | undefined): boolean =>
      line !== undefined && PAGE_NUMBER.some((re) => re.test(line.text));
    if (isPageNumber(rest.at(-1))) {
      rest.pop();
    }
    if (isPageNumber(rest[0])) {
      rest.shift();
    }
    return rest;
  });
}

function round(n: number): number {
  return Math.round(n * 2) / 2;
}

function weightedMode(values: { value: number; weight: number }[]): number {
  const totals = new Map<number, number>();
  let best = 0;
  let bestWeight = -1;
  for (const { value, weight } of values) {
    const total = (totals.get(value) ?? 0) + weight;
    totals.set(value, total);
    if (total > bestWeight) {
      best = value;
      bestWeight = total;
    }
  }
  return best;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) {
    return 0;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}
