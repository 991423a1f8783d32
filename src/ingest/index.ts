import { decodeText } from './decode-text.ts';
import { detectFormat, extensionOf } from './detect.ts';
import type { Detection } from './detect.ts';
import { DEFAULT_MAX_UNCOMPRESSED_BYTES, readDocx } from './docx.ts';
import {
  IngestError,
  corruptFile,
  emptyFile,
  encodingUnknown,
  tooLarge,
  unsupportedFormat,
} from './errors.ts';
import type { DocumentKind } from './errors.ts';
import { readHtml } from './html.ts';
import { readPdf } from './pdf.ts';

export { IngestError } from './errors.ts';
export type { IngestErrorCode } from './errors.ts';
export { decodeText } from './decode-text.ts';
export type { DecodedText } from './decode-text.ts';

/** The text of a report file, ready for the parser, and how it was read. */
export type IngestResult = {
  /** One paragraph per line for .docx, .pdf and .html; a .txt file's text verbatim except for line endings and BOM. */
  text: string;
  format: 'txt' | 'docx' | 'pdf' | 'html';
  /** 'utf-8', 'gb18030', 'utf-16le', 'utf-16be' (rarely another WHATWG label), or 'binary' for .docx and .pdf. */
  encoding: string;
  /** Bilingual notes for the user: damaged bytes replaced, pages skipped, a misleading extension. */
  warnings: string[];
};

export type ReadReportOptions = {
  /** Files larger than this are refused before any parsing. Default 20 MiB. */
  maxBytes?: number;
  /** Ceiling for the decompressed XML inside a .docx (zip bomb guard). Default 100 MiB. */
  maxUncompressedBytes?: number;
};

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

const CLAIMED: Record<string, IngestResult['format']> = {
  '.txt': 'txt',
  '.docx': 'docx',
  '.pdf': 'pdf',
  '.html': 'html',
  '.htm': 'html',
};

/**
 * Reads a report file (.txt in UTF-8/GB18030/GBK/UTF-16, .docx, .pdf with a text layer, .html) into
 * text. The format comes from the bytes first and the file name second. Every failure is an
 * IngestError with a stable `code` and a Chinese and English message naming the file.
 *
 * @example
 * await readReport({ bytes: gbkBytes, fileName: '2017年政府工作报告.txt' })
 *   -> { text: '各位代表：\n现在，我代表…', format: 'txt', encoding: 'gb18030', warnings: [] }
 * @example
 * await readReport({ bytes: new Uint8Array(), fileName: '空.txt' })
 *   -> throws IngestError { code: 'empty-file', message: '无法读取文件「空.txt」：文件是空的… / Cannot read "空.txt": …' }
 */
export async function readReport(
  input: { bytes: Uint8Array; fileName: string },
  options: ReadReportOptions = {},
): Promise<IngestResult> {
  const { bytes, fileName } = input;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw tooLarge(fileName, bytes.length, maxBytes);
  }
  if (bytes.length === 0) {
    throw emptyFile(fileName);
  }

  const ext = extensionOf(fileName);
  let kind: DocumentKind = CLAIMED[ext] ?? 'txt';
  try {
    const detection = detectFormat(bytes, fileName);
    kind = detection.format;
    const result = await readDetected(bytes, fileName, detection, options);
    if (result.text.trim() === '') {
      throw emptyFile(fileName, result.format);
    }
    const claimed = CLAIMED[ext];
    if (claimed !== undefined && claimed !== result.format) {
      result.warnings.unshift(mismatchWarning(ext, result.format));
    }
    return result;
  } catch (error) {
    if (error instanceof IngestError) {
      throw error;
    }
    // Whatever a library threw (and it can be anything), the user gets a message, not a stack.
    throw corruptFile(fileName, kind);
  }
}

async function readDetected(
  bytes: Uint8Array,
  fileName: string,
  detection: Detection,
  options: ReadReportOptions,
): Promise<IngestResult> {
  switch (detection.format) {
    case 'pdf': {
      const { text, warnings } = await readPdf(bytes, fileName);
      return { text, format: 'pdf', encoding: 'binary', warnings };
    }
    case 'docx': {
      const limit = options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES;
      const { text, warnings } = await readDocx(bytes, detection.entries, fileName, limit);
      return { text, format: 'docx', encoding: 'binary', warnings };
    }
    case 'html': {
      const decoded = readHtml(bytes);
      if (!decoded) {
        throw undecodable(fileName);
      }
      return { ...decoded, format: 'html' };
    }
    case 'txt': {
      const decoded = decodeText(bytes);
      if (!decoded) {
        throw undecodable(fileName);
      }
      return { ...decoded, format: 'txt' };
    }
  }
}

/** Bytes that are neither a known format nor text: the name says what the user thought it was. */
function undecodable(fileName: string): IngestError {
  switch (extensionOf(fileName)) {
    case '.docx':
      return corruptFile(fileName, 'docx');
    case '.pdf':
      return corruptFile(fileName, 'pdf');
    case '.txt':
    case '.html':
    case '.htm':
    case '':
      return encodingUnknown(fileName);
    default:
      return unsupportedFormat(fileName);
  }
}

function mismatchWarning(ext: string, format: IngestResult['format']): string {
  const zh: Record<IngestResult['format'], string> = {
    txt: '纯文本',
    docx: 'Word 文档',
    pdf: 'PDF',
    html: '网页',
  };
  const en: Record<IngestResult['format'], string> = {
    txt: 'plain text',
    docx: 'a Word document',
    pdf: 'a PDF',
    html: 'a web page',
  };
  return (
    `文件扩展名为 ${ext}，但内容是${zh[format]}，已按${zh[format]}读取 / ` +
    `The file is named ${ext} but contains ${en[format]}; it was read as such`
  );
}
