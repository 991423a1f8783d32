import { corruptFile, unsupportedFormat } from './errors.ts';
import { DOCX_MAIN_PART } from './docx.ts';
import { listZipEntries } from './zip.ts';
import type { ZipEntry } from './zip.ts';

/** What the bytes are, judged by content first and by the file name only where content is silent. */
export type Detection =
  | { format: 'pdf' }
  | { format: 'docx'; entries: ZipEntry[] }
  | { format: 'html' }
  | { format: 'txt'; markupFree?: boolean };

type Signature = {
  test: (bytes: Uint8Array) => boolean;
  what: { zh: string; en: string; hintZh?: string; hintEn?: string };
};

const startsWith = (bytes: Uint8Array, ...prefix: number[]): boolean =>
  prefix.every((b, i) => bytes[i] === b);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const hasNulNearStart = (bytes: Uint8Array): boolean => bytes.subarray(0, 512).includes(0);

const IMAGE = {
  zh: '图片',
  en: 'an image',
  hintZh: '如果是扫描件，请先做文字识别（OCR）',
  hintEn: 'if it is a scan, run OCR on it first',
};
const ARCHIVE = {
  zh: '压缩包',
  en: 'a compressed archive',
  hintZh: '请解压后上传其中的报告文件',
  hintEn: 'extract it and upload the report inside',
};
const PROGRAM = { zh: '可执行程序', en: 'an executable program' };

const SIGNATURES: Signature[] = [
  {
    test: (b) => startsWith(b, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1),
    what: {
      zh: '旧版 Word (.doc)、WPS 或其他 Office 97–2003 文件，也可能是加密的文档',
      en: 'an old Word (.doc), WPS or other Office 97–2003 file, or an encrypted document',
      hintZh: '请用 Word 或 WPS 另存为 .docx（不加密码）',
      hintEn: 'save it as .docx (without a password) in Word or WPS',
    },
  },
  { test: (b) => startsWith(b, ...ascii('MZ')) && hasNulNearStart(b), what: PROGRAM },
  { test: (b) => startsWith(b, 0x7f, ...ascii('ELF')), what: PROGRAM },
  { test: (b) => startsWith(b, 0x89, ...ascii('PNG')), what: IMAGE },
  { test: (b) => startsWith(b, 0xff, 0xd8, 0xff), what: IMAGE },
  { test: (b) => startsWith(b, ...ascii('GIF8')), what: IMAGE },
  { test: (b) => startsWith(b, ...ascii('II*'), 0) || startsWith(b, ...ascii('MM'), 0, 0x2a), what: IMAGE },
  {
    test: (b) => startsWith(b, ...ascii('RIFF')) && startsWith(b.subarray(8), ...ascii('WEBP')),
    what: IMAGE,
  },
  { test: (b) => startsWith(b, ...ascii('BM')) && hasNulNearStart(b), what: IMAGE },
  { test: (b) => startsWith(b, ...ascii('Rar!'), 0x1a, 0x07), what: ARCHIVE },
  { test: (b) => startsWith(b, ...ascii('7z'), 0xbc, 0xaf, 0x27, 0x1c), what: ARCHIVE },
  { test: (b) => startsWith(b, 0x1f, 0x8b), what: ARCHIVE },
  {
    test: (b) => startsWith(b, ...ascii('{\\rtf')),
    what: { zh: 'RTF 文档', en: 'an RTF document', hintZh: '请另存为 .docx', hintEn: 'save it as .docx' },
  },
];

/** Zip-based formats that are not Word documents, recognised by a part only they have. */
const ZIP_KINDS: { part: string; what: Signature['what'] }[] = [
  {
    part: 'xl/workbook.xml',
    what: {
      zh: 'Excel 工作簿',
      en: 'an Excel workbook',
      hintZh: '请上传报告原文',
      hintEn: 'upload the report itself',
    },
  },
  {
    part: 'ppt/presentation.xml',
    what: { zh: 'PowerPoint 演示文稿', en: 'a PowerPoint presentation' },
  },
  {
    part: 'OFD.xml',
    what: { zh: 'OFD 版式文件', en: 'an OFD document', hintZh: '请导出为 PDF', hintEn: 'export it as PDF' },
  },
  {
    part: 'content.xml',
    what: {
      zh: 'OpenDocument 文档',
      en: 'an OpenDocument file',
      hintZh: '请另存为 .docx',
      hintEn: 'save it as .docx',
    },
  },
];

/** The extension, lower case, with its dot ('.docx'), or '' when the name has none. */
export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

/**
 * Decides the format from magic bytes, then from the extension: `%PDF-` is a PDF, a zip with
 * word/document.xml is a .docx, known binary formats are refused, and anything else is text,
 * HTML when named .html/.htm or when it starts like a web page.
 *
 * @example detectFormat(new TextEncoder().encode('各位代表：'), '报告.docx') -> { format: 'txt' }
 */
export function detectFormat(bytes: Uint8Array, fileName: string): Detection {
  if (isPdf(bytes)) {
    return { format: 'pdf' };
  }
  if (startsWith(bytes, ...ascii('PK'), 3, 4) || startsWith(bytes, ...ascii('PK'), 5, 6)) {
    return detectZip(bytes, fileName);
  }
  const known = SIGNATURES.find((s) => s.test(bytes));
  if (known) {
    throw unsupportedFormat(fileName, known.what);
  }
  const ext = extensionOf(fileName);
  const head = sniffHead(bytes);
  if (ext === '.html' || ext === '.htm') {
    return /<[a-z!/]/.test(head) ? { format: 'html' } : { format: 'txt', markupFree: true };
  }
  return /<!doctype\s+html|<html[\s>]|<body[\s>]/.test(head) ? { format: 'html' } : { format: 'txt' };
}

function isPdf(bytes: Uint8Array): boolean {
  // The spec lets junk precede the header; readers accept it within the first KiB.
  const head = bytes.subarray(0, 1024);
  const marker = ascii('%PDF-');
  for (
    let i = head.indexOf(0x25);
    i !== -1 && i + marker.length <= head.length;
    i = head.indexOf(0x25, i + 1)
  ) {
    if (marker.every((b, j) => head[i + j] === b)) {
      return true;
    }
  }
  return false;
}

function detectZip(bytes: Uint8Array, fileName: string): Detection {
  const entries = listZipEntries(bytes);
  if (!entries) {
    throw corruptFile(fileName, extensionOf(fileName) === '.docx' ? 'docx' : 'zip');
  }
  const names = new Set(entries.map((e) => e.name));
  if (names.has(DOCX_MAIN_PART)) {
    return { format: 'docx', entries };
  }
  const kind = ZIP_KINDS.find((k) => names.has(k.part));
  if (kind) {
    throw unsupportedFormat(fileName, kind.what);
  }
  if (extensionOf(fileName) === '.docx') {
    throw corruptFile(fileName, 'docx');
  }
  throw unsupportedFormat(fileName, { zh: 'ZIP 压缩包', en: 'a ZIP archive', ...pick(ARCHIVE) });
}

function pick(what: Signature['what']): { hintZh?: string; hintEn?: string } {
  return { hintZh: what.hintZh, hintEn: what.hintEn };
}

/**
 * The first 4 KiB as lower-case ASCII with NULs removed, so markup is found in UTF-8, GB18030 and
 * UTF-16 alike without decoding the whole file.
 */
function sniffHead(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes.subarray(0, 4096)) {
    if (b !== 0 && b < 0x80) {
      out += String.fromCharCode(b);
    }
  }
  return out.toLowerCase();
}
