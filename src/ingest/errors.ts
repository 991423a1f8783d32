/**
 * Stable reasons why a report file could not be read. Callers (CLI exit codes, HTTP 4xx bodies, UI
 * messages) switch on these, so they are never renamed.
 */
export type IngestErrorCode =
  'too-large' | 'unsupported-format' | 'corrupt-file' | 'empty-file' | 'no-text-layer' | 'encoding-unknown';

/**
 * A report file that cannot be turned into text, with a bilingual message that names the file and
 * the reason. Library errors are never passed through (no `cause`): their messages are English,
 * technical and sometimes contain paths, and they would reach end users.
 *
 * @example
 * new IngestError({ code: 'empty-file', fileName: '报告.txt', messageZh: '…', messageEn: '…' }).message
 *   -> '无法读取文件「报告.txt」：… / Cannot read "报告.txt": …'
 */
export class IngestError extends Error {
  override readonly name = 'IngestError';
  readonly code: IngestErrorCode;
  readonly fileName: string;
  readonly messageZh: string;
  readonly messageEn: string;

  constructor(init: { code: IngestErrorCode; fileName: string; messageZh: string; messageEn: string }) {
    super(`${init.messageZh} / ${init.messageEn}`);
    this.code = init.code;
    this.fileName = init.fileName;
    this.messageZh = init.messageZh;
    this.messageEn = init.messageEn;
  }
}

/** The kind of document a corrupt-file message talks about. */
export type DocumentKind = 'docx' | 'pdf' | 'html' | 'txt' | 'zip';

const KIND_ZH: Record<DocumentKind, string> = {
  docx: 'Word 文档',
  pdf: 'PDF 文件',
  html: '网页文件',
  txt: '文本文件',
  zip: 'ZIP 压缩包',
};
const KIND_EN: Record<DocumentKind, string> = {
  docx: 'Word document',
  pdf: 'PDF file',
  html: 'web page',
  txt: 'text file',
  zip: 'ZIP archive',
};

/** Only the last path segment: a full path would leak server directories into user-facing text. */
export function displayName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return base === '' ? '(unnamed)' : base;
}

function make(code: IngestErrorCode, fileName: string, reasonZh: string, reasonEn: string): IngestError {
  const name = displayName(fileName);
  return new IngestError({
    code,
    fileName,
    messageZh: `无法读取文件「${name}」：${reasonZh}`,
    messageEn: `Cannot read "${name}": ${reasonEn}`,
  });
}

function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) {
    return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  }
  return `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Factories for each failure, one per reason, so the wording stays consistent everywhere.
 *
 * @example tooLarge('报告.pdf', 31457280, 20971520).messageZh -> '无法读取文件「报告.pdf」：文件大小 30 MB，超过上限 20 MB'
 */
export function tooLarge(fileName: string, size: number, limit: number): IngestError {
  return make(
    'too-large',
    fileName,
    `文件大小 ${formatSize(size)}，超过上限 ${formatSize(limit)}`,
    `the file is ${formatSize(size)}, over the ${formatSize(limit)} limit`,
  );
}

/** A zip whose parts would expand far beyond what a report needs: a zip bomb or a broken archive. */
export function tooLargeUncompressed(fileName: string, limit: number): IngestError {
  return make(
    'too-large',
    fileName,
    `Word 文档解压后超过上限 ${formatSize(limit)}（可能是压缩炸弹或已损坏）`,
    `the Word document expands to more than ${formatSize(limit)} (a zip bomb or a damaged file)`,
  );
}

export function unsupportedFormat(
  fileName: string,
  what?: { zh: string; en: string; hintZh?: string; hintEn?: string },
): IngestError {
  const whatZh = what ? `（${what.zh}）` : '';
  const whatEn = what ? ` (${what.en})` : '';
  const hintZh = what?.hintZh ? `${what.hintZh}；` : '';
  const hintEn = what?.hintEn ? `${what.hintEn}; ` : '';
  return make(
    'unsupported-format',
    fileName,
    `不支持的文件格式${whatZh}，${hintZh}支持的格式为 .txt、.docx、.pdf、.html`,
    `unsupported file format${whatEn}; ${hintEn}supported formats are .txt, .docx, .pdf and .html`,
  );
}

export function corruptFile(
  fileName: string,
  kind: DocumentKind,
  detail?: { zh: string; en: string },
): IngestError {
  if (detail) {
    return make('corrupt-file', fileName, detail.zh, detail.en);
  }
  return make(
    'corrupt-file',
    fileName,
    // Chinese typesetting puts a space between Han characters and a Latin word: 有效的 Word 文档.
    `文件已损坏或不是有效的${/^[A-Za-z]/.test(KIND_ZH[kind]) ? ' ' : ''}${KIND_ZH[kind]}`,
    `the file is corrupt or not a valid ${KIND_EN[kind]}`,
  );
}

export function emptyFile(fileName: string, kind?: DocumentKind): IngestError {
  if (kind === 'html') {
    return make(
      'empty-file',
      fileName,
      '网页中没有找到正文文字（可能是由脚本加载内容的页面）',
      'no article text was found in the web page (its content may be loaded by scripts)',
    );
  }
  if (kind === 'docx') {
    return make('empty-file', fileName, 'Word 文档中没有文字', 'the Word document contains no text');
  }
  return make(
    'empty-file',
    fileName,
    '文件是空的，没有可读取的文字',
    'the file is empty, there is no text to read',
  );
}

export function noTextLayer(fileName: string): IngestError {
  return make(
    'no-text-layer',
    fileName,
    'PDF 没有文字层（可能是扫描件），请先做文字识别（OCR），或改用 Word、文本版本',
    'the PDF has no text layer (probably a scan); run OCR on it first, or use a Word or text version',
  );
}

export function encodingUnknown(fileName: string): IngestError {
  return make(
    'encoding-unknown',
    fileName,
    '无法识别文字编码（不是 UTF-8、GB18030/GBK 或 UTF-16），可能不是文本文件',
    'the text encoding is not recognised (not UTF-8, GB18030/GBK or UTF-16); it may not be a text file',
  );
}
