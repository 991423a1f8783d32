import mammoth from 'mammoth';
import { parse } from 'node-html-parser';
import { corruptFile, tooLargeUncompressed } from './errors.ts';
import { elementToLines } from './html-lines.ts';
import { inflateZipEntry } from './zip.ts';
import type { ZipEntry } from './zip.ts';

/** Default ceiling for the decompressed XML of a .docx (a real report is a few MB at most). */
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;

/** The part that makes a zip a Word document; mammoth reads the body from it. */
export const DOCX_MAIN_PART = 'word/document.xml';

/**
 * Extracts a .docx as text: one paragraph per line in document order, table rows as lines with cells
 * joined by a tab. `entries` is the zip's central directory (from `listZipEntries`), used to refuse
 * zip bombs before mammoth expands anything.
 *
 * @example await readDocx(bytes, entries, '报告.docx') -> { text: '一、总体要求\n指标\t6%', warnings: [] }
 */
export async function readDocx(
  bytes: Uint8Array,
  entries: ZipEntry[],
  fileName: string,
  maxUncompressedBytes: number = DEFAULT_MAX_UNCOMPRESSED_BYTES,
): Promise<{ text: string; warnings: string[] }> {
  guardAgainstZipBomb(bytes, entries, fileName, maxUncompressedBytes);

  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        // Images would be inlined as base64; a report's text never needs them.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
        externalFileAccess: false,
      },
    );
  } catch {
    throw corruptFile(fileName, 'docx');
  }

  const root = parse(result.value);
  // Footnote back-links render as "↑"; the footnote text itself stays, after the body.
  for (const link of root.querySelectorAll('a[href^="#footnote-ref"], a[href^="#endnote-ref"]')) {
    link.remove();
  }
  const warnings: string[] = [];
  // Word's automatic numbering (一、 （一） 1.) lives in numbering.xml and mammoth renders it as <ol>
  // without the numbers; the user should know that headings may have lost them.
  const numbered = root
    .querySelectorAll('li')
    .some((li) => !/^(?:footnote|endnote)-/.test(li.getAttribute('id') ?? ''));
  if (numbered) {
    warnings.push(
      '文档使用了自动编号，编号（如“一、”“（一）”）未能保留，请核对标题 / ' +
        'The document uses automatic numbering; numbers such as "一、" were not kept, check the headings',
    );
  }
  if (result.messages.some((m) => m.type === 'error')) {
    warnings.push('文档有部分内容无法读取 / Part of the document could not be read');
  }
  return { text: elementToLines(root).join('\n'), warnings };
}

/**
 * The sizes in the central directory are only claims, so the parts mammoth will parse are also
 * inflated here under a hard output limit; a lying archive stops at the limit instead of filling memory.
 */
function guardAgainstZipBomb(bytes: Uint8Array, entries: ZipEntry[], fileName: string, limit: number): void {
  const parts = entries.filter((e) => /\.(xml|rels)$/i.test(e.name));
  let declared = 0;
  for (const part of parts) {
    declared += part.uncompressedSize;
  }
  if (declared > limit) {
    throw tooLargeUncompressed(fileName, limit);
  }
  let used = 0;
  for (const part of parts) {
    const inflated = inflateZipEntry(bytes, part, limit - used);
    if (!inflated.ok) {
      if (inflated.reason === 'too-large') {
        throw tooLargeUncompressed(fileName, limit);
      }
      // Only the main part is fatal here; mammoth decides about the rest.
      if (part.name === DOCX_MAIN_PART) {
        throw corruptFile(fileName, 'docx');
      }
      continue;
    }
    used += inflated.data.length;
  }
}
