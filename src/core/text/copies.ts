import type { Paragraph } from './paragraphs.ts';

export type CopyLayout = {
  /** How many times the report occurs in the file (1 when it occurs once). */
  copies: number;
  /** Paragraph index range [start, end) of the copy to parse. */
  range: [number, number];
};

const LONG = 20;

/** Copies are compared on their text without inner spaces (a scraper may have added some); most have none. */
function key(text: string): string {
  return /[\s\u3000]/.test(text) ? text.replace(/[\s\u3000]/g, '') : text;
}

/**
 * Finds a file that holds the same report several times (scrapers repeat pages, sometimes with navigation
 * between the copies) and picks the first complete copy. Linear in the number of paragraphs.
 * @example detectCopies(paragraphsOf('A\nB\nA\nB')) -> { copies: 2, range: [0, 2] } (with long paragraphs)
 */
export function detectCopies(paragraphs: Paragraph[]): CopyLayout {
  const whole: CopyLayout = { copies: 1, range: [0, paragraphs.length] };
  const positions = new Map<string, number[]>();
  let longCount = 0;
  for (const p of paragraphs) {
    if (p.text.length < LONG) continue;
    longCount++;
    const k = key(p.text);
    const list = positions.get(k);
    if (list) list.push(p.index);
    else positions.set(k, [p.index]);
  }
  if (longCount < 3) return whole;
  // The copy count is the most common repeat count among long paragraphs that repeat.
  const histogram = new Map<number, number>();
  let repeatedLong = 0;
  for (const list of positions.values()) {
    if (list.length < 2) continue;
    repeatedLong += list.length;
    histogram.set(list.length, (histogram.get(list.length) ?? 0) + list.length);
  }
  // Copies only when most long paragraphs repeat: a report may legitimately repeat a sentence or two.
  if (repeatedLong < longCount * 0.6) return whole;
  let copies = 1;
  let best = 0;
  for (const [count, weight] of histogram) {
    if (weight > best || (weight === best && count > copies)) {
      best = weight;
      copies = count;
    }
  }
  if (copies < 2) return whole;
  // Anchor: the first long paragraph that occurs exactly `copies` times.
  let anchor: number[] | undefined;
  for (const p of paragraphs) {
    if (p.text.length < LONG) continue;
    const list = positions.get(key(p.text));
    if (list && list.length === copies) {
      anchor = list;
      break;
    }
  }
  if (!anchor) return whole;
  const first = anchor[0] ?? 0;
  const second = anchor[1] ?? paragraphs.length;
  // The first copy runs from the file start to where the second copy starts (same distance before its anchor).
  const end = Math.max(first + 1, second - first);
  return { copies, range: [0, Math.min(end, paragraphs.length)] };
}
