import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutReport, makePdf } from '../../test/fixtures/ingest/make-pdf.ts';
import type { LayoutOptions, LayoutParagraph } from '../../test/fixtures/ingest/make-pdf.ts';
import { IngestError, readReport } from './index.ts';
import { itemsToLines, rebuildParagraphs } from './pdf-layout.ts';
import type { PdfLine } from './pdf-layout.ts';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/ingest');
const BAODING = readFileSync(join(FIXTURES, 'city-baoding-2022.txt'), 'utf8').split('\n');
const ENDS_PARAGRAPH = /[。！？；：”]$/;

/** Title, subtitle and speaker centred, then body paragraphs: the first pages of a real report. */
function reportParagraphs(count: number): LayoutParagraph[] {
  const [subtitle = '', speaker = '', ...body] = BAODING;
  return [
    { text: '政府工作报告', align: 'center', size: 22 },
    { text: subtitle, align: 'center', size: 12 },
    { text: speaker, align: 'center', size: 12 },
    ...body.slice(0, count).map((text) => ({ text })),
  ];
}

const LAYOUT: LayoutOptions = {
  charsPerLine: 28,
  linesPerPage: 30,
  bodySize: 14,
  indent: 2,
  header: '保定市人民政府工作报告',
  pageNumber: (n) => `- ${n} -`,
};

async function rejection(promise: Promise<unknown>): Promise<IngestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

describe('.pdf', () => {
  it('rebuilds paragraphs over pages, dropping the running header and page numbers', async () => {
    const paragraphs = reportParagraphs(12);
    const pages = layoutReport(paragraphs, LAYOUT);
    // The fixture must really exercise the problem: several pages, lines cut mid-sentence.
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const bodyLines = pages.flatMap((p) => p.lines).filter((l) => l.size === 14);
    expect(bodyLines.filter((l) => !ENDS_PARAGRAPH.test(l.text)).length).toBeGreaterThan(50);

    const pdf = makePdf(pages);
    expect(pdf.length).toBeLessThan(200 * 1024);
    const result = await readReport({ bytes: pdf, fileName: '报告.pdf' });
    expect(result.format).toBe('pdf');
    expect(result.encoding).toBe('binary');
    expect(result.warnings).toEqual([]);
    expect(result.text.split('\n')).toEqual(paragraphs.map((p) => p.text));
  });

  it.each([
    ['第n页', (n: number) => `第${n}页`],
    ['— n —', (n: number) => `— ${n} —`],
    ['bare number', (n: number) => String(n)],
    ['n/total', (n: number) => `${n}/9`],
  ])('drops page numbers written as %s', async (_label, pageNumber) => {
    const paragraphs = reportParagraphs(6);
    const pdf = makePdf(layoutReport(paragraphs, { ...LAYOUT, header: undefined, pageNumber }));
    const result = await readReport({ bytes: pdf, fileName: 'a.pdf' });
    expect(result.text.split('\n')).toEqual(paragraphs.map((p) => p.text));
  });

  it('uses end punctuation to end paragraphs when the document has no first-line indent', async () => {
    const charsPerLine = 26;
    // Paragraphs whose sentences never end exactly at a line end, so punctuation is unambiguous.
    const body = BAODING.slice(2, 40)
      .filter((text) => {
        for (let end = charsPerLine; end < text.length; end += charsPerLine) {
          if (ENDS_PARAGRAPH.test(text.slice(0, end))) {
            return false;
          }
        }
        return ENDS_PARAGRAPH.test(text) || text.length < charsPerLine;
      })
      .slice(0, 8);
    expect(body.length).toBeGreaterThanOrEqual(5);
    const pdf = makePdf(
      layoutReport(
        body.map((text) => ({ text })),
        { ...LAYOUT, charsPerLine, indent: 0 },
      ),
    );
    const result = await readReport({ bytes: pdf, fileName: 'flat.pdf' });
    expect(result.text.split('\n')).toEqual(body);
  });

  it('reads Chinese drawn with the predefined UniGB-UCS2-H CMap (non-embedded STSong-Light)', async () => {
    const pdf = makePdf([{ lines: [{ text: '保定市人民政府工作报告', x: 72, y: 700, size: 14 }] }], 'unigb');
    expect((await readReport({ bytes: pdf, fileName: 'stsong.pdf' })).text).toBe('保定市人民政府工作报告');
  });

  it('maps Kangxi radicals from Word exports back to ordinary characters', async () => {
    const pdf = makePdf([{ lines: [{ text: '⼀是加快发展⼯业', x: 72, y: 700, size: 14 }] }]);
    expect((await readReport({ bytes: pdf, fileName: 'word.pdf' })).text).toBe('一是加快发展工业');
  });

  it('refuses a scanned PDF (no text layer)', async () => {
    const pdf = makePdf([
      { lines: [], image: true },
      { lines: [], image: true },
    ]);
    const error = await rejection(readReport({ bytes: pdf, fileName: '扫描件.pdf' }));
    expect(error.code).toBe('no-text-layer');
    expect(error.messageZh).toContain('「扫描件.pdf」');
    expect(error.messageZh).toContain('没有文字层');
    expect(error.messageEn).toContain('"扫描件.pdf"');
    expect(error.messageEn).toContain('no text layer');
  });

  it('warns about scanned pages inside an otherwise readable PDF', async () => {
    const pdf = makePdf([
      { lines: [{ text: '各位代表：', x: 72, y: 700, size: 14 }] },
      { lines: [], image: true },
    ]);
    const result = await readReport({ bytes: pdf, fileName: 'mixed.pdf' });
    expect(result.text).toBe('各位代表：');
    expect(result.warnings).toEqual([
      '第 2 页没有文字层（可能是扫描页），其内容未读取 / Page(s) 2 have no text layer (probably scanned) and were skipped',
    ]);
  });

  it('refuses a corrupt PDF without leaking pdf.js errors', async () => {
    const garbage = new TextEncoder().encode(
      '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF',
    );
    const error = await rejection(readReport({ bytes: garbage, fileName: '坏.pdf' }));
    expect(['corrupt-file', 'no-text-layer']).toContain(error.code);
    expect(error.message).toContain('「坏.pdf」');
    expect(error.message).not.toMatch(/Invalid PDF|XRef|pdf\.js/i);
  });

  it('never throws anything but IngestError on a truncated PDF', async () => {
    const pdf = makePdf(layoutReport(reportParagraphs(6), LAYOUT));
    for (const length of [9, 200, pdf.length >> 1, pdf.length - 30]) {
      const outcome = await readReport({ bytes: pdf.subarray(0, length), fileName: 'cut.pdf' }).then(
        (r) => r.format,
        (e: unknown) => (e instanceof IngestError ? e.code : e),
      );
      expect(['pdf', 'corrupt-file', 'no-text-layer', 'empty-file']).toContain(outcome);
    }
  });
});

const line = (text: string, x: number, y: number, size = 12): PdfLine => ({
  text,
  x,
  right: x + text.length * size,
  y,
  size,
});

describe('rebuildParagraphs', () => {
  it('keeps a title that matches the running header but is set larger', () => {
    const full = '这是首行缩进两个字的正文文字一直写到';
    const page = (n: number, heading: string, end: string): PdfLine[] => [
      line('政府工作报告', 260, 806, 9),
      ...(n === 1 ? [line('政府工作报告', 200, 760, 22)] : []),
      line(heading, 96, 720),
      line(full, 96, 700),
      line(end, 72, 680),
      line(`第${n}页`, 280, 40, 9),
    ];
    const pages = [
      page(1, '一、总体要求', '甲。'),
      page(2, '二、主要任务', '乙。'),
      page(3, '三、保障措施', '丙。'),
    ];
    expect(rebuildParagraphs(pages)).toEqual([
      '政府工作报告',
      '一、总体要求',
      `${full}甲。`,
      '二、主要任务',
      `${full}乙。`,
      '三、保障措施',
      `${full}丙。`,
    ]);
  });

  it('follows mirrored margins on facing pages', () => {
    const paragraphs = reportParagraphs(10);
    const pages = layoutReport(paragraphs, LAYOUT).map((page, i) =>
      page.lines.map((l) => line(l.text, l.x + (i % 2 === 1 ? 20 : 0), l.y, l.size)),
    );
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(rebuildParagraphs(pages)).toEqual(paragraphs.map((p) => p.text));
  });

  it('joins Chinese without spaces, and Latin words only where a space was drawn', () => {
    const lines = [
      { ...line('推进数字经济，支持人工智能开放 open', 96, 700), spaceAfter: true },
      line('source 生态，对接数字经济伙伴关系DE', 72, 684),
      line('PA等规则，打造国家级数据中心集群。', 72, 668),
    ];
    expect(rebuildParagraphs([lines])).toEqual([
      '推进数字经济，支持人工智能开放 open source 生态，对接数字经济伙伴关系DEPA等规则，打造国家级数据中心集群。',
    ]);
  });

  it('joins English words broken over lines with a space', () => {
    const lines = [line('This manual describes the library and', 96, 700), line('its interfaces.', 72, 684)];
    expect(rebuildParagraphs([lines])).toEqual(['This manual describes the library and its interfaces.']);
  });

  it('starts a paragraph at a heading marker after a full line that ends a sentence, not mid-phrase', () => {
    const full = '这是一行写满的正文文字内容到这里为止。';
    const phrase = '积极参与建设全国统一大市场。落实“五统';
    const lines = [
      line(full, 72, 700),
      line('（一）加强规划引领', 72, 684),
      line(phrase, 72, 668),
      line('一、一开放”要求。', 72, 652),
    ];
    expect(rebuildParagraphs([lines])).toEqual([full, '（一）加强规划引领', `${phrase}一、一开放”要求。`]);
  });

  it('does not mistake a number inside the page for a page number', () => {
    const lines = [
      line('表1', 72, 700),
      line('123', 72, 684),
      line('说明文字', 72, 668),
      line('结束', 72, 652),
      line('5', 72, 636),
    ];
    const result = rebuildParagraphs([lines, [line('下一页', 72, 700)]]);
    expect(result.join('|')).toContain('123');
    expect(result.join('|')).not.toContain('5');
  });
});

describe('itemsToLines', () => {
  it('groups items by baseline, orders them by position and keeps drawn spaces', () => {
    const lines = itemsToLines([
      { str: '闫继红', x: 180, y: 700, width: 36, size: 12 },
      { str: '保定市长', x: 120, y: 700.4, width: 48, size: 12 },
      { str: ' ', x: 168, y: 700, width: 12, size: 12 },
      { str: '各位代表：', x: 72, y: 680, width: 60, size: 12 },
      { str: 'GDP', x: 132, y: 680, width: 36, size: 12 },
      { str: 'growth', x: 176, y: 680, width: 72, size: 12 },
    ]);
    expect(lines.map((l) => l.text)).toEqual(['保定市长 闫继红', '各位代表：GDP growth']);
    expect(lines[0]).toMatchObject({ x: 120, right: 216 });
  });
});
