/**
 * A same-length view of the source for reading numbers: every UTF-16 unit maps to exactly one unit, so an
 * offset in the readable text is the same offset in the source and quotes stay verbatim.
 * Full-width digits and signs become ASCII, dash variants become '-', tildes become '~'.
 */
const MAP: Record<string, string> = {
  '％': '%',
  '．': '.',
  '﹪': '%',
  '‰': '‰',
  '―': '-',
  '—': '-',
  '–': '-',
  '－': '-',
  '‐': '-',
  '‑': '-',
  '～': '~',
  '〜': '~',
  '∼': '~',
  '（': '（',
  '＋': '+',
  '，': '，',
  '　': ' ',
};

export function toReadable(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let r: string | undefined;
    if (c >= 0xff10 && c <= 0xff19) r = String.fromCharCode(c - 0xff10 + 48);
    else if (c >= 0x2010 && c <= 0xff5e) r = MAP[text[i] ?? ''];
    if (r !== undefined && r !== text[i]) {
      out += text.slice(last, i) + r;
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}
