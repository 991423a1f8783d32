import { inflateRawSync } from 'node:zlib';

/** One file of a zip archive, as its central directory describes it. */
export type ZipEntry = {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** As declared; a hostile archive can lie, which is why {@link inflateZipEntry} takes a hard limit. */
  uncompressedSize: number;
  localHeaderOffset: number;
};

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_COMMENT = 0xffff;

/**
 * Reads a zip's central directory without decompressing anything, so sizes can be checked before
 * a library expands the archive. Returns `undefined` for anything that is not a readable zip.
 *
 * @example listZipEntries(docxBytes)?.map((e) => e.name) -> ['[Content_Types].xml', 'word/document.xml', …]
 */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] | undefined {
  try {
    return readCentralDirectory(bytes);
  } catch {
    // DataView throws RangeError on any out-of-bounds read: a truncated or malformed archive.
    return undefined;
  }
}

export type InflateResult = { ok: true; data: Uint8Array } | { ok: false; reason: 'too-large' | 'corrupt' };

/**
 * Decompresses one entry, stopping as soon as the output would pass `maxBytes`, whatever size the
 * archive declares.
 *
 * @example inflateZipEntry(bytes, entry, 100 * 1024 * 1024) -> { ok: true, data: Uint8Array(…) }
 */
export function inflateZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): InflateResult {
  try {
    const view = dataView(bytes);
    const at = entry.localHeaderOffset;
    if (view.getUint32(at, true) !== LOCAL_SIGNATURE || (entry.flags & 1) !== 0) {
      return { ok: false, reason: 'corrupt' };
    }
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const end = start + entry.compressedSize;
    if (end > bytes.length) {
      return { ok: false, reason: 'corrupt' };
    }
    const raw = bytes.subarray(start, end);
    if (entry.method === 0) {
      return raw.length > maxBytes ? { ok: false, reason: 'too-large' } : { ok: true, data: raw };
    }
    if (entry.method !== 8) {
      return { ok: false, reason: 'corrupt' };
    }
    return { ok: true, data: inflateRawSync(raw, { maxOutputLength: Math.max(1, maxBytes) }) };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return { ok: false, reason: code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'corrupt' };
  }
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function findEndOfCentralDirectory(view: DataView): number | undefined {
  const lowest = Math.max(0, view.byteLength - 22 - MAX_COMMENT);
  for (let at = view.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) {
      return at;
    }
  }
  return undefined;
}

function readCentralDirectory(bytes: Uint8Array): ZipEntry[] | undefined {
  const view = dataView(bytes);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd === undefined) {
    return undefined;
  }
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) {
    const zip64 = readZip64End(view, eocd);
    if (!zip64) {
      return undefined;
    }
    ({ count, offset } = zip64);
  }

  const names = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      return undefined;
    }
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const entry: ZipEntry = {
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    };
    applyZip64Extra(view, at + 46 + nameLength, extraLength, entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readZip64End(view: DataView, eocd: number): { count: number; offset: number } | undefined {
  const locator = eocd - 20;
  if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR_SIGNATURE) {
    return undefined;
  }
  const end = toSafeNumber(view.getBigUint64(locator + 8, true));
  if (view.getUint32(end, true) !== ZIP64_EOCD_SIGNATURE) {
    return undefined;
  }
  return {
    count: toSafeNumber(view.getBigUint64(end + 32, true)),
    offset: toSafeNumber(view.getBigUint64(end + 48, true)),
  };
}

/** Zip64 stores the real values of saturated (0xFFFFFFFF) fields in extra field 0x0001, in this order. */
function applyZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): void {
  const fields = ['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const;
  let at = start;
  while (at + 4 <= start + length) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      for (const name of fields) {
        if (entry[name] === 0xffffffff && field + 8 <= at + 4 + size) {
          entry[name] = toSafeNumber(view.getBigUint64(field, true));
          field += 8;
        }
      }
      return;
    }
    at += 4 + size;
  }
}

function toSafeNumber(value: bigint): number {
  // Anything past 2^53 is a hostile archive; saturating keeps every later size check failing safely.
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}
