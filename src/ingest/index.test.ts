import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { makeZip } from '../../test/fixtures/ingest/make-zip.ts';
import { IngestError, readReport } from './index.ts';
import type { IngestErrorCode } from './index.ts';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/ingest');
const REPORT = readFileSync(join(FIXTURES, 'national-china-2017.txt'), 'utf8');

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

async function failure(
  bytes: Uint8Array,
  fileName: string,
  options?: { maxBytes?: number },
): Promise<IngestError> {
  const outcome: unknown = await readReport({ bytes, fileName }, options).then(
    () => 'resolved',
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(IngestError);
  return outcome as IngestError;
}

/** Every message is bilingual and names the file in both halves. */
function expectNamed(error: IngestError, shownName: string, code: IngestErrorCode): void {
  expect(error.code).toBe(code);
  expect(error.name).toBe('IngestError');
  expect(error.messageZh).toMatch(new RegExp(`^无法读取文件「${escape(shownName)}」：.+`));
  expect(error.messageEn).toMatch(new RegExp(`^Cannot read "${escape(shownName)}": .+`));
  expect(error.message).toBe(`${error.messageZh} / ${error.messageEn}`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SUPPORTED_ZH = '支持的格式为 .txt、.docx、.pdf、.html';
const SUPPORTED_EN = 'supported formats are .txt, .docx, .pdf and .html';

describe('readReport: plain text', () => {
  it('reads a GBK report named .txt', async () => {
    const result = await readReport({
      bytes: new Uint8Array(iconv.encode(REPORT, 'gbk')),
      fileName: '2017.txt',
    });
    expect(result.format).toBe('txt');
    expect(result.encoding).toBe('gb18030');
    expect(result.warnings).toEqual([]);
    expect(result.text === REPORT).toBe(true);
  });

  it('reads a text file named .docx as text, with a warning', async () => {
    const result = await readReport({ bytes: utf8('各位代表：\r\n现在报告工作。'), fileName: '报告.docx' });
    expect(result).toEqual({
      text: '各位代表：\n现在报告工作。',
      format: 'txt',
      encoding: 'utf-8',
      warnings: [
        '文件扩展名为 .docx，但内容是纯文本，已按纯文本读取 / The file is named .docx but contains plain text; it was read as such',
      ],
    });
  });

  it('reads text with an unknown extension or none without a warning', async () => {
    for (const fileName of ['report.md', 'REPORT']) {
      const result = await readReport({ bytes: utf8('各位代表：'), fileName });
      expect(result).toMatchObject({ format: 'txt', warnings: [] });
    }
  });
});

describe('readReport: errors', () => {
  it('too-large: refuses a file over maxBytes before parsing it', async () => {
    const corruptPdf = utf8('%PDF-1.7 not really');
    const error = await failure(corruptPdf, '大文件.pdf', { maxBytes: 10 });
    expectNamed(error, '大文件.pdf', 'too-large');
    expect(error.messageEn).toContain('limit');
  });

  it('too-large: the default limit is 20 MB', async () => {
    const error = await failure(new Uint8Array(20 * 1024 * 1024 + 1), 'huge.txt');
    expectNamed(error, 'huge.txt', 'too-large');
    expect(error.messageZh).toContain('超过上限 20 MB');
    await expect(
      readReport({ bytes: utf8('各位代表'), fileName: 'a.txt' }, { maxBytes: 12 }),
    ).resolves.toMatchObject({
      text: '各位代表',
    });
  });

  it('empty-file: no bytes, only whitespace, only a BOM', async () => {
    const cases: [string, Uint8Array][] = [
      ['空.txt', new Uint8Array(0)],
      ['空白.txt', utf8(' \r\n\t\u3000\n')],
      ['bom.txt', new Uint8Array([0xef, 0xbb, 0xbf])],
      ['utf16.txt', new Uint8Array(iconv.encode('  \n', 'utf16le', { addBOM: true }))],
    ];
    for (const [name, bytes] of cases) {
      const error = await failure(bytes, name);
      expectNamed(error, name, 'empty-file');
      expect(error.messageZh).toContain('文件是空的');
    }
  });

  it('unsupported-format: an .exe named .docx', async () => {
    const exe = new Uint8Array(1024);
    exe.set(utf8('MZ'), 0);
    exe.set(utf8('PE\0\0'), 128);
    const error = await failure(exe, '报告.docx');
    expectNamed(error, '报告.docx', 'unsupported-format');
    expect(error.messageZh).toContain('可执行程序');
    expect(error.messageZh).toContain(SUPPORTED_ZH);
    expect(error.messageEn).toContain(SUPPORTED_EN);
  });

  it('unsupported-format: an old binary .doc, with a hint to save as .docx', async () => {
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const error = await failure(ole, '2017年报告.doc');
    expectNamed(error, '2017年报告.doc', 'unsupported-format');
    expect(error.message).toContain('另存为 .docx');
    expect(error.message).toContain('save it as .docx');
  });

  it('unsupported-format: images, archives, RTF and zips that are not Word documents', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const cases: [string, Uint8Array, string][] = [
      ['scan.png', png, '图片'],
      ['scan.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]), '图片'],
      ['a.gz', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]), '压缩包'],
      ['a.rtf', utf8('{\\rtf1\\ansi 各位代表}'), 'RTF'],
      ['a.zip', makeZip([{ name: '报告.txt', data: '各位代表' }]), 'ZIP'],
      ['a.xlsx', makeZip([{ name: 'xl/workbook.xml', data: '<workbook/>' }]), 'Excel'],
    ];
    for (const [name, bytes, what] of cases) {
      const error = await failure(bytes, name);
      expectNamed(error, name, 'unsupported-format');
      expect(error.messageZh).toContain(what);
      expect(error.messageZh).toContain(SUPPORTED_ZH);
    }
  });

  it('corrupt-file: a zip named .docx without a Word document inside, random bytes named .pdf', async () => {
    const zip = makeZip([{ name: 'a.txt', data: 'x' }]);
    expectNamed(await failure(zip, 'a.docx'), 'a.docx', 'corrupt-file');
    const noise = new Uint8Array(512).map((_, i) => (i * 97 + 31) % 256);
    const error = await failure(noise, '报告.pdf');
    expectNamed(error, '报告.pdf', 'corrupt-file');
    expect(error.messageZh).toContain('PDF');
  });

  it('encoding-unknown: binary noise named .txt', async () => {
    const noise = new Uint8Array(512).map((_, i) => (i * 193 + 7) % 256);
    const error = await failure(noise, '报告.txt');
    expectNamed(error, '报告.txt', 'encoding-unknown');
    expect(error.messageZh).toContain('GB18030');
  });

  it('names only the file, never its directory', async () => {
    const error = await failure(new Uint8Array(0), 'C:\\Users\\张三\\Desktop\\报告.txt');
    expectNamed(error, '报告.txt', 'empty-file');
    expect(error.fileName).toBe('C:\\Users\\张三\\Desktop\\报告.txt');
    expect(error.message).not.toContain('张三');
  });
});

describe('readReport: robustness', () => {
  const names = fc.constantFrom('a.txt', 'a.docx', 'a.pdf', 'a.html', 'a', '报告.TXT');
  const prefixes = fc.constantFrom(
    [],
    [0xef, 0xbb, 0xbf],
    [0xff, 0xfe],
    [0xfe, 0xff],
    [...utf8('<html><body>')],
    [0x50, 0x4b, 0x03, 0x04],
    [0x50, 0x4b, 0x05, 0x06],
  );

  /** Resolves to a result or rejects with an IngestError; anything else fails the property. */
  async function onlyIngestErrors(bytes: Uint8Array, fileName: string): Promise<boolean> {
    try {
      const result = await readReport({ bytes, fileName });
      return typeof result.text === 'string' && result.text.trim() !== '';
    } catch (error) {
      return error instanceof IngestError && error.message.includes(fileName);
    }
  }

  it('random bytes named .txt never throw anything but IngestError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) =>
        onlyIngestErrors(bytes, '随机.txt'),
      ),
      { numRuns: 300 },
    );
  });

  it('random bytes behind magic numbers and BOMs, under any name, never escape as raw errors', async () => {
    await fc.assert(
      fc.asyncProperty(prefixes, fc.uint8Array({ maxLength: 2048 }), names, async (prefix, body, name) =>
        onlyIngestErrors(new Uint8Array([...prefix, ...body]), name),
      ),
      { numRuns: 200 },
    );
  });

  it('random bytes after a PDF header never escape as raw errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 1024 }), async (body) =>
        onlyIngestErrors(new Uint8Array([...utf8('%PDF-1.7\n'), ...body]), 'x.pdf'),
      ),
      { numRuns: 40 },
    );
  });

  it('does not modify the caller’s bytes', async () => {
    const bytes = new Uint8Array(iconv.encode(REPORT.slice(0, 2000), 'gbk'));
    const copy = bytes.slice();
    await readReport({ bytes, fileName: 'a.txt' });
    expect(bytes).toEqual(copy);
  });
});
