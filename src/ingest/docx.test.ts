import {
  Document,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { describe, expect, it } from 'vitest';
import { makeZip, minimalDocxParts } from '../../test/fixtures/ingest/make-zip.ts';
import { IngestError, readReport } from './index.ts';
import { inflateZipEntry, listZipEntries } from './zip.ts';

const cell = (text: string): TableCell => new TableCell({ children: [new Paragraph(text)] });

async function reportDocx(): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun({ text: '政府工作报告', bold: true })] }),
          new Paragraph('——2022年1月23日在保定市第十六届人民代表大会第二次会议上'),
          new Paragraph('各位代表：'),
          // A paragraph split over several runs must come out as one line.
          new Paragraph({
            children: [
              new TextRun('现在，我代表市人民政府，'),
              new TextRun({ text: '向大会报告工作', italics: true }),
              new TextRun('，请予审议。'),
            ],
          }),
          new Paragraph(''),
          new Paragraph('一、2021年工作回顾'),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({ children: [cell('指标'), cell('目标'), cell('完成')] }),
              new TableRow({ children: [cell('生产总值增长'), cell('6.5%左右'), cell('7.1%')] }),
            ],
          }),
          new Paragraph('（一）加强规划引领。'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const EXPECTED = [
  '政府工作报告',
  '——2022年1月23日在保定市第十六届人民代表大会第二次会议上',
  '各位代表：',
  '现在，我代表市人民政府，向大会报告工作，请予审议。',
  '一、2021年工作回顾',
  '指标\t目标\t完成',
  '生产总值增长\t6.5%左右\t7.1%',
  '（一）加强规划引领。',
].join('\n');

async function rejection(promise: Promise<unknown>): Promise<IngestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

describe('.docx', () => {
  it('reads paragraphs in order, one per line, and tables as tab-separated rows', async () => {
    const result = await readReport({ bytes: await reportDocx(), fileName: '报告.docx' });
    expect(result).toEqual({ text: EXPECTED, format: 'docx', encoding: 'binary', warnings: [] });
  });

  it('warns that automatic numbering is lost', async () => {
    const doc = new Document({
      numbering: {
        config: [{ reference: 'cn', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1、' }] }],
      },
      sections: [
        {
          children: [
            new Paragraph({ text: '总体要求', numbering: { reference: 'cn', level: 0 } }),
            new Paragraph({ text: '主要任务', numbering: { reference: 'cn', level: 0 } }),
          ],
        },
      ],
    });
    const result = await readReport({
      bytes: new Uint8Array(await Packer.toBuffer(doc)),
      fileName: 'a.docx',
    });
    expect(result.text).toBe('总体要求\n主要任务');
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('自动编号');
  });

  it('recognises a .docx by content even under another name', async () => {
    const result = await readReport({ bytes: await reportDocx(), fileName: 'report.bin' });
    expect(result.format).toBe('docx');
    expect(result.text).toBe(EXPECTED);
  });

  it('refuses random bytes named .docx as corrupt', async () => {
    const noise = new Uint8Array(2048).map((_, i) => (i * 151 + 17) % 256);
    const error = await rejection(readReport({ bytes: noise, fileName: '报告.docx' }));
    expect(error.code).toBe('corrupt-file');
    expect(error.message).toBe(
      '无法读取文件「报告.docx」：文件已损坏或不是有效的 Word 文档 / ' +
        'Cannot read "报告.docx": the file is corrupt or not a valid Word document',
    );
  });

  it('refuses a truncated .docx as corrupt', async () => {
    const full = await reportDocx();
    for (const length of [full.length >> 1, full.length - 10, 40]) {
      const error = await rejection(readReport({ bytes: full.subarray(0, length), fileName: '报告.docx' }));
      expect(error.code).toBe('corrupt-file');
      expect(error.message).toContain('「报告.docx」');
    }
  });

  it('refuses a .docx whose main part is damaged, without leaking the library error', async () => {
    const parts = minimalDocxParts('<w:p><w:r><w:t>各位代表</w:t></w:r></w:p>');
    const zip = makeZip(parts);
    const entry = listZipEntries(zip)?.find((e) => e.name === 'word/document.xml');
    expect(entry).toBeDefined();
    // Flip bytes inside the compressed document.xml.
    const start = (entry?.localHeaderOffset ?? 0) + 30 + 'word/document.xml'.length;
    const broken = zip.slice();
    broken.fill(0xff, start + 2, start + 12);
    const error = await rejection(readReport({ bytes: broken, fileName: 'broken.docx' }));
    expect(error.code).toBe('corrupt-file');
    expect(error.message).not.toMatch(/zlib|inflate|invalid|stack|at /i);
  });

  it('reads a minimal hand-made .docx', async () => {
    const zip = makeZip(minimalDocxParts('<w:p><w:r><w:t>各位代表：</w:t></w:r></w:p>'));
    expect((await readReport({ bytes: zip, fileName: 'a.docx' })).text).toBe('各位代表：');
  });

  it('refuses a .docx without text as empty', async () => {
    const zip = makeZip(minimalDocxParts('<w:p/>'));
    const error = await rejection(readReport({ bytes: zip, fileName: '空白.docx' }));
    expect(error.code).toBe('empty-file');
    expect(error.message).toContain('「空白.docx」');
  });

  it('refuses a zip bomb by its declared size before extracting', async () => {
    const parts = minimalDocxParts('<w:p><w:r><w:t>x</w:t></w:r></w:p>');
    const bomb = makeZip(
      parts.map((p) => (p.name === 'word/document.xml' ? { ...p, declaredSize: 0xfffffff0 } : p)),
    );
    const error = await rejection(readReport({ bytes: bomb, fileName: 'bomb.docx' }));
    expect(error.code).toBe('too-large');
    expect(error.messageZh).toBe(
      '无法读取文件「bomb.docx」：Word 文档解压后超过上限 100 MB（可能是压缩炸弹或已损坏）',
    );
    expect(error.messageEn).toContain('"bomb.docx"');
  });

  it('refuses a zip bomb that lies about its size, stopping at the limit', async () => {
    // 8 MB of XML whitespace deflates to a few KB and claims to be 100 bytes.
    const padding = ' '.repeat(8 * 1024 * 1024);
    const parts = minimalDocxParts(`<w:p><w:r><w:t>x</w:t></w:r></w:p>${padding}`);
    const bomb = makeZip(
      parts.map((p) => (p.name === 'word/document.xml' ? { ...p, declaredSize: 100 } : p)),
    );
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = await rejection(
      readReport({ bytes: bomb, fileName: 'liar.docx' }, { maxUncompressedBytes: 1024 * 1024 }),
    );
    expect(error.code).toBe('too-large');
    expect(error.message).toContain('1 MB');
  });
});

describe('zip reader', () => {
  it('lists entries and inflates them within a limit', () => {
    const zip = makeZip([
      { name: 'a.txt', data: '各位代表'.repeat(100) },
      { name: 'b.txt', data: 'stored', store: true },
    ]);
    const entries = listZipEntries(zip) ?? [];
    expect(entries.map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['a.txt', 1200],
      ['b.txt', 6],
    ]);
    const [a, b] = entries;
    expect(a && inflateZipEntry(zip, a, 2000)).toMatchObject({ ok: true });
    expect(a && inflateZipEntry(zip, a, 1000)).toEqual({ ok: false, reason: 'too-large' });
    expect(b && inflateZipEntry(zip, b, 5)).toEqual({ ok: false, reason: 'too-large' });
  });

  it('returns undefined for anything that is not a readable zip', () => {
    expect(listZipEntries(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBeUndefined();
    expect(listZipEntries(new Uint8Array(0))).toBeUndefined();
    const zip = makeZip([{ name: 'a.txt', data: 'x' }]);
    // A directory offset pointing past the end of the file.
    const broken = zip.slice();
    new DataView(broken.buffer).setUint32(broken.length - 6, 0x7fffffff, true);
    expect(listZipEntries(broken)).toBeUndefined();
  });

  it('reads zip64 sizes from the extra field, so a zip64 bomb is refused too', async () => {
    const zip = makeZip([{ name: 'a.txt', data: 'x', zip64Size: 5_000_000_000 }]);
    expect(listZipEntries(zip)?.[0]?.uncompressedSize).toBe(5_000_000_000);
    const parts = minimalDocxParts('<w:p><w:r><w:t>x</w:t></w:r></w:p>');
    const bomb = makeZip(
      parts.map((p) => (p.name === 'word/document.xml' ? { ...p, zip64Size: 5_000_000_000 } : p)),
    );
    const error = await rejection(readReport({ bytes: bomb, fileName: 'bomb64.docx' }));
    expect(error.code).toBe('too-large');
  });
});
