import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { corruptFile, noTextLayer } from './errors.ts';
import { itemsToLines, rebuildParagraphs } from './pdf-layout.ts';
import type { PdfLine, PdfTextItem } from './pdf-layout.ts';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Chinese PDFs often use non-embedded fonts with predefined CMaps (UniGB-UCS2-H for STSong-Light);
 * without the CMap files pdf.js silently extracts nothing. They ship inside pdfjs-dist.
 */
function pdfjsAssetDir(folder: string): string {
  const packageJson = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
  return join(dirname(packageJson), folder) + '/';
}

/**
 * Extracts the text layer of a PDF and rebuilds its paragraphs (see `rebuildParagraphs`).
 * Throws IngestError 'no-text-layer' for a scan, 'corrupt-file' for anything pdf.js cannot open.
 *
 * @example await readPdf(bytes, '报告.pdf') -> { text: '各位代表：\n现在，我代表…', warnings: [] }
 */
export async function readPdf(
  bytes: Uint8Array,
  fileName: string,
): Promise<{ text: string; warnings: string[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    // pdf.js may transfer (detach) the buffer it is given; the caller's bytes must stay usable.
    data: bytes.slice(),
    cMapUrl: pdfjsAssetDir('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: pdfjsAssetDir('standard_fonts'),
    // Text extraction needs neither rendering nor compiled font programs.
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    let doc: PDFDocumentProxy;
    try {
      doc = await task.promise;
    } catch (error) {
      if ((error as { name?: unknown } | null)?.name === 'PasswordException') {
        throw corruptFile(fileName, 'pdf', {
          zh: 'PDF 已加密，需要密码才能打开',
          en: 'the PDF is password-protected',
        });
      }
      throw corruptFile(fileName, 'pdf');
    }

    const pages: PdfLine[][] = [];
    const blankPages: number[] = [];
    const brokenPages: number[] = [];
    for (let number = 1; number <= doc.numPages; number++) {
      const items = await readPageItems(doc, number);
      if (items === undefined) {
        brokenPages.push(number);
        continue;
      }
      const lines = itemsToLines(items);
      if (lines.length === 0) {
        blankPages.push(number);
      }
      pages.push(lines);
    }
    if (brokenPages.length === doc.numPages) {
      throw corruptFile(fileName, 'pdf');
    }
    if (blankPages.length + brokenPages.length === doc.numPages) {
      throw noTextLayer(fileName);
    }

    const warnings: string[] = [];
    if (brokenPages.length > 0) {
      const list = brokenPages.join(', ');
      warnings.push(`第 ${list} 页已损坏，未能读取 / Page(s) ${list} are damaged and were skipped`);
    }
    if (blankPages.length > 0) {
      const list = blankPages.join(', ');
      warnings.push(
        `第 ${list} 页没有文字层（可能是扫描页），其内容未读取 / ` +
          `Page(s) ${list} have no text layer (probably scanned) and were skipped`,
      );
    }
    return { text: rebuildParagraphs(pages).join('\n'), warnings };
  } finally {
    await task.destroy();
  }
}

/** One damaged page should cost that page, not the whole report. */
async function readPageItems(doc: PDFDocumentProxy, number: number): Promise<PdfTextItem[] | undefined> {
  try {
    const page = await doc.getPage(number);
    const content = await page.getTextContent();
    page.cleanup();
    const items: PdfTextItem[] = [];
    for (const item of content.items) {
      if ('str' in item) {
        const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
        items.push({
          str: normaliseRadicals(item.str),
          x,
          y,
          width: item.width,
          size: Math.hypot(c, d) || item.height,
        });
      }
    }
    return items;
  } catch {
    return undefined;
  }
}

/**
 * Word's PDF export often maps common characters to Kangxi radicals or compatibility ideographs
 * (⼀ U+2F00 for 一), which look right but break every search; NFKC maps them back.
 */
function normaliseRadicals(text: string): string {
  return text.replace(/[\u2e80-\u2fdf\uf900-\ufaff]/g, (ch) => ch.normalize('NFKC'));
}
