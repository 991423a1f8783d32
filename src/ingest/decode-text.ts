import chardet from 'chardet';

/** Text decoded from bytes, with the encoding that was used (a WHATWG label, lower case). */
export type DecodedText = { text: string; encoding: string; warnings: string[] };

/** More than this share of undecodable bytes or control characters means "not text", not "damaged text". */
const MAX_DAMAGE_RATIO = 0.01;
/** Simplified-Chinese GBK text keeps nearly all of its double-byte pairs inside the GB2312 block. */
const MIN_GB2312_SHARE = 0.9;
/** chardet's statistics settle within a few KB; scanning a whole 20 MB file would only cost time. */
const CHARDET_SAMPLE = 64 * 1024;
/** A guessed (BOM-less) UTF-16 reading must look like Chinese or ASCII prose this often. */
const MIN_PLAUSIBILITY = 0.9;

/**
 * Decodes a plain-text report: BOM, then strict UTF-8, then GB18030 (a superset of GBK and GB2312),
 * with chardet consulted only when those disagree or both fail. Line endings become `\n` and a BOM
 * is dropped; nothing else changes, because the parser keeps offsets into this text.
 * Returns `undefined` when the bytes are not text in any encoding we can trust.
 *
 * @example decodeText(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4, 0x0d, 0x0a]))
 *   -> { text: '中文\n', encoding: 'gb18030', warnings: [] }
 */
export function decodeText(bytes: Uint8Array): DecodedText | undefined {
  const decoded = decodeRaw(bytes);
  if (!decoded) {
    return undefined;
  }
  let text = decoded.text;
  // A GB18030 BOM (84 31 95 33) decodes to U+FEFF rather than being consumed like a UTF BOM.
  if (text.startsWith('\uFEFF')) {
    text = text.slice(1);
  }
  if (controlRatio(text) > MAX_DAMAGE_RATIO) {
    return undefined;
  }
  return { text: normaliseLineEndings(text), encoding: decoded.encoding, warnings: decoded.warnings };
}

function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function decodeRaw(bytes: Uint8Array): DecodedText | undefined {
  const bom = detectBom(bytes);
  if (bom) {
    return decodeWithBom(bytes.subarray(bom.length), bom.encoding);
  }
  if (bytes.includes(0)) {
    // No UTF-8 or GB text contains NUL; UTF-16 without a BOM does, on one side of every ASCII pair.
    const utf16 = decodeBomlessUtf16(bytes);
    if (utf16) {
      return utf16;
    }
  }

  const utf8 = strictDecode('utf-8', bytes);
  const gb = utf8 !== undefined && isAscii(bytes) ? undefined : strictDecode('gb18030', bytes);
  if (utf8 !== undefined && gb !== undefined) {
    // Short GBK text can be valid UTF-8 by accident; it then decodes to rare scripts, not Chinese.
    return plausibility(gb) > plausibility(utf8) + 0.2
      ? { text: gb, encoding: 'gb18030', warnings: [] }
      : { text: utf8, encoding: 'utf-8', warnings: [] };
  }
  if (utf8 !== undefined) {
    return { text: utf8, encoding: 'utf-8', warnings: [] };
  }
  if (gb !== undefined) {
    return gb2312Share(bytes) >= MIN_GB2312_SHARE
      ? { text: gb, encoding: 'gb18030', warnings: [] }
      : tieBreak(bytes, gb);
  }
  return decodeDamaged(bytes);
}

type Bom = { length: number; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' };

function detectBom(bytes: Uint8Array): Bom | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { length: 3, encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { length: 2, encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { length: 2, encoding: 'utf-16be' };
  }
  return undefined;
}

function decodeWithBom(body: Uint8Array, encoding: Bom['encoding']): DecodedText | undefined {
  const strict = strictDecode(encoding, body);
  if (strict !== undefined) {
    return { text: strict, encoding, warnings: [] };
  }
  // The BOM states the encoding, so damage is reported rather than second-guessed.
  return acceptDamaged(body, encoding);
}

function decodeBomlessUtf16(bytes: Uint8Array): DecodedText | undefined {
  // NUL parity alone cannot decide the byte order: 一 (U+4E00) and the ideographic space (U+3000)
  // put their zero on the other side from ASCII. Whichever order reads as prose wins.
  let best: DecodedText | undefined;
  let bestScore = MIN_PLAUSIBILITY;
  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    const text = strictDecode(encoding, bytes);
    const score = text === undefined ? 0 : plausibility(text);
    if (text !== undefined && score >= bestScore) {
      best = { text, encoding, warnings: [] };
      bestScore = score;
    }
  }
  return best;
}

/**
 * Bytes that are valid GB18030 but unusual for simplified Chinese may be Big5 or another CJK encoding;
 * this is the only place where a statistical guess may override GB18030.
 */
function tieBreak(bytes: Uint8Array, gb: string): DecodedText {
  const best = chardet.analyse(bytes.subarray(0, CHARDET_SAMPLE))[0];
  const label = best ? chardetLabel(best.name) : undefined;
  if (best && label && label !== 'gb18030' && label !== 'utf-8' && best.confidence >= 50) {
    const other = strictDecode(label, bytes);
    if (other !== undefined && plausibility(other) >= plausibility(gb)) {
      return {
        text: other,
        encoding: label,
        warnings: [`按 ${label} 编码读取（自动判断） / Decoded as ${label} (detected automatically)`],
      };
    }
  }
  return { text: gb, encoding: 'gb18030', warnings: [] };
}

/**
 * Neither encoding is clean: take the reading that looks most like Chinese prose, if its damage is
 * small. Counting replacement characters alone would not do: GB18030 swallows most UTF-8 byte pairs
 * without complaint, producing fluent-looking nonsense.
 */
function decodeDamaged(bytes: Uint8Array): DecodedText | undefined {
  const candidates = ['utf-8', 'gb18030']
    .map((label) => acceptDamaged(bytes, label))
    .filter((c): c is DecodedText => c !== undefined)
    .map((c) => ({ decoded: c, score: plausibility(c.text) }))
    .sort((a, b) => b.score - a.score);
  const [first, second] = candidates;
  if (first && second && first.score - second.score < 0.05) {
    // Too close to call: this is the tie chardet is allowed to break.
    const guess = chardet.analyse(bytes.subarray(0, CHARDET_SAMPLE))[0];
    const label = guess ? chardetLabel(guess.name) : undefined;
    return candidates.find((c) => c.decoded.encoding === label)?.decoded ?? first.decoded;
  }
  return first?.decoded;
}

function acceptDamaged(bytes: Uint8Array, encoding: string): DecodedText | undefined {
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  const damage = countReplacements(text);
  if (text.length === 0 || damage / text.length > MAX_DAMAGE_RATIO) {
    return undefined;
  }
  return {
    text,
    encoding,
    warnings: [
      `按 ${encoding} 读取，有 ${damage} 处无法解码的字节已替换为 � / ` +
        `Decoded as ${encoding}; ${damage} undecodable byte sequence(s) replaced with �`,
    ],
  };
}

function strictDecode(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function chardetLabel(name: string): string | undefined {
  const labels: Record<string, string> = {
    'UTF-8': 'utf-8',
    GB18030: 'gb18030',
    Big5: 'big5',
    'EUC-JP': 'euc-jp',
    'EUC-KR': 'euc-kr',
    Shift_JIS: 'shift_jis',
  };
  return labels[name];
}

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b >= 0x80) {
      return false;
    }
  }
  return true;
}

/** Share of double-byte GB pairs that fall in the GB2312 block (A1–F7 lead, A1–FE trail). */
function gb2312Share(bytes: Uint8Array): number {
  let inBlock = 0;
  let multiByte = 0;
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const trail = bytes[i + 1] ?? 0;
    multiByte++;
    if (trail >= 0x30 && trail <= 0x39) {
      i += 4;
      continue;
    }
    if (lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1 && trail <= 0xfe) {
      inBlock++;
    }
    i += 2;
  }
  return multiByte === 0 ? 1 : inBlock / multiByte;
}

/** Share of non-space characters that belong in Chinese prose: ASCII, CJK, CJK and full-width punctuation. */
function plausibility(text: string): number {
  let good = 0;
  let total = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp <= 0x20) {
      continue;
    }
    total++;
    if (
      cp < 0x7f ||
      (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0x3000 && cp <= 0x303f) ||
      (cp >= 0xff00 && cp <= 0xffef) ||
      (cp >= 0x2000 && cp <= 0x206f) ||
      (cp >= 0x3400 && cp <= 0x4dbf)
    ) {
      good++;
    }
  }
  return total === 0 ? 1 : good / total;
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) {
    n++;
  }
  return n;
}

/** Control characters that never occur in a typed report (tab, line breaks, form feed and SUB allowed). */
function controlRatio(text: string): number {
  if (text.length === 0) {
    return 0;
  }
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1a) || c === 0x7f) {
      n++;
    } else if (c >= 0x80 && c <= 0x9f) {
      n++;
    }
  }
  return n / text.length;
}
