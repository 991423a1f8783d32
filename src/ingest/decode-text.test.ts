import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from './decode-text.ts';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/ingest');
const SHARED_CORPUS = '/work/shared/corpus';

/** The two corpus files copied into the fixtures, plus the shared corpus when this machine has it. */
function corpus(): { name: string; text: string }[] {
  const files = ['national-china-2017.txt', 'city-baoding-2022.txt'].map((name) => ({
    name,
    text: readFileSync(join(FIXTURES, name), 'utf8'),
  }));
  if (existsSync(SHARED_CORPUS)) {
    for (const name of readdirSync(SHARED_CORPUS)
      .filter((n) => n.endsWith('.txt'))
      .sort()) {
      files.push({ name: `shared/${name}`, text: readFileSync(join(SHARED_CORPUS, name), 'utf8') });
    }
  }
  return files;
}

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const encode = (text: string, encoding: string, addBOM = false): Uint8Array =>
  bytes(iconv.encode(text, encoding, { addBOM }));

/** GBK proper cannot encode every character (・, U+2003); those files are covered by GB18030. */
function gbkEncodable(text: string): boolean {
  return iconv.decode(iconv.encode(text, 'gbk'), 'gbk') === text;
}

describe('decodeText on the report corpus', () => {
  const files = corpus();

  it('has corpus files to test', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('$name: every encoding decodes to the exact original text', ({ text }) => {
    const cases: [string, Uint8Array][] = [
      ['utf-8', encode(text, 'utf8')],
      ['utf-8', encode(text, 'utf8', true)],
      ['gb18030', encode(text, 'gb18030')],
      ['utf-16le', encode(text, 'utf16le', true)],
      ['utf-16be', encode(text, 'utf16be', true)],
      ['utf-16le', encode(text, 'utf16le')],
      ['utf-16be', encode(text, 'utf16be')],
    ];
    if (gbkEncodable(text)) {
      cases.push(['gb18030', encode(text, 'gbk')]);
    }
    for (const [encoding, input] of cases) {
      const result = decodeText(input);
      expect(result?.encoding).toBe(encoding);
      expect(result?.warnings).toEqual([]);
      // Compared as a boolean first so a failure does not print 60 KB twice.
      expect(result?.text === text, `${encoding} round trip`).toBe(true);
    }
  });

  it('normalises CRLF and lone CR line endings to LF, in GBK too', () => {
    const text = files[0]?.text ?? '';
    expect(decodeText(encode(text.replace(/\n/g, '\r\n'), 'gbk'))?.text === text).toBe(true);
    expect(decodeText(encode(text.replace(/\n/g, '\r'), 'utf8'))?.text === text).toBe(true);
  });
});

describe('decodeText', () => {
  it('reads short GBK text as GB18030, never as mojibake', () => {
    expect(decodeText(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4]))).toEqual({
      text: '中文',
      encoding: 'gb18030',
      warnings: [],
    });
    // "联通" in GBK is the classic file that Notepad misread as UTF-8.
    expect(decodeText(encode('联通', 'gbk'))?.text).toBe('联通');
    expect(decodeText(encode('各位代表：\r\n', 'gbk'))?.text).toBe('各位代表：\n');
  });

  it('keeps everything but line endings and the BOM verbatim', () => {
    const text = '  国务院总理\u3000李\u3000强 \t\n\n（一）加强规划引领。  \n';
    expect(decodeText(encode(text, 'utf8', true))?.text).toBe(text);
    expect(decodeText(encode(text, 'gbk'))?.text).toBe(text);
  });

  it('strips a GB18030 BOM', () => {
    const input = new Uint8Array([0x84, 0x31, 0x95, 0x33, ...encode('报告', 'gb18030')]);
    expect(decodeText(input)).toEqual({ text: '报告', encoding: 'gb18030', warnings: [] });
  });

  it('treats pure ASCII as UTF-8', () => {
    expect(decodeText(encode('GDP 6.5%\n', 'utf8'))?.encoding).toBe('utf-8');
  });

  it('lets chardet recognise Big5 that GB18030 would turn into nonsense', () => {
    const text = '中華民國政府工作報告，各位代表，現在我代表政府向大會報告工作，請予審議。';
    expect(decodeText(encode(text, 'big5'))).toMatchObject({ text, encoding: 'big5' });
  });

  it('reports a few damaged bytes in UTF-8 text instead of failing', () => {
    const good = encode('各位代表：现在，我代表市人民政府向大会报告工作，请予审议。'.repeat(20), 'utf8');
    const damaged = new Uint8Array([...good.subarray(0, 99), 0xff, ...good.subarray(99)]);
    const result = decodeText(damaged);
    expect(result?.encoding).toBe('utf-8');
    expect(result?.text).toContain('\uFFFD');
    expect(result?.warnings[0]).toMatch(/1 处无法解码.*1 undecodable/);
  });

  it('refuses bytes that are not text', () => {
    const noise = new Uint8Array(4096);
    let seed = 7;
    for (let i = 0; i < noise.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      noise[i] = seed >>> 24;
    }
    expect(decodeText(noise)).toBeUndefined();
    expect(decodeText(new Uint8Array([0x01, 0x02, 0x03, 0x41, 0x42, 0x00, 0x00, 0x07]))).toBeUndefined();
  });
});
