import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { IngestError, readReport } from './index.ts';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/ingest');
const GOV_PAGE = readFileSync(join(FIXTURES, 'gov-page.html'), 'utf8');

const GOV_PAGE_TEXT = [
  '2022年保定市政府工作报告',
  '――2022年1月23日在保定市第十六届人民代表大会第二次会议上',
  '保定市人民政府市长 闫继红',
  '各位代表：',
  '现在，我代表保定市人民政府向大会报告工作，请予审议，并请市政协委员和列席人员提出意见。',
  '一、2021年工作回顾',
  '刚刚过去的一年，是保定发展历程中极不平凡的一年。我们坚持政治引领，时刻牢记习近平总书记殷切嘱托，“三步走”战略目标稳步推进。',
  '主要预期目标是：',
  '生产总值增长6.5%左右；',
  '城镇新增就业8万人以上。',
  '指标\t2021年',
  '一般公共预算收入\t273.6亿元',
  '二、2022年工作安排',
  '（一）加强规划引领。坚持"一张蓝图绘到底"，A&B<C。',
].join('\n');

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const encode = (text: string, encoding: string, addBOM = false): Uint8Array =>
  new Uint8Array(iconv.encode(text, encoding, { addBOM }));

function page(body: string, head = '<meta charset="utf-8">'): string {
  return `<!doctype html><html><head>${head}<title>报告</title></head><body>${body}</body></html>`;
}

describe('.html', () => {
  it('extracts the article of a government page, without scripts, menus, tools or footers', async () => {
    const result = await readReport({ bytes: utf8(GOV_PAGE), fileName: '报告.html' });
    expect(result).toEqual({ text: GOV_PAGE_TEXT, format: 'html', encoding: 'utf-8', warnings: [] });
  });

  it('honours a gb2312 meta charset', async () => {
    const gbk = encode(GOV_PAGE.replace('charset=utf-8', 'charset=gb2312'), 'gbk');
    const result = await readReport({ bytes: gbk, fileName: '报告.htm' });
    expect(result).toMatchObject({ text: GOV_PAGE_TEXT, encoding: 'gb18030' });
  });

  it('falls back to GB18030 for an undeclared GBK page', async () => {
    const gbk = encode(GOV_PAGE.replace(/<meta http-equiv[^>]*>/, ''), 'gbk');
    expect(await readReport({ bytes: gbk, fileName: 'a.html' })).toMatchObject({
      text: GOV_PAGE_TEXT,
      encoding: 'gb18030',
    });
  });

  it('believes valid UTF-8 bytes over a stale gb2312 label', async () => {
    const bytes = utf8(GOV_PAGE.replace('charset=utf-8', 'charset=gb2312'));
    expect(await readReport({ bytes, fileName: 'a.html' })).toMatchObject({
      text: GOV_PAGE_TEXT,
      encoding: 'utf-8',
    });
  });

  it('reads a UTF-16 page with a BOM', async () => {
    const bytes = encode(GOV_PAGE, 'utf16le', true);
    expect(await readReport({ bytes, fileName: 'a.html' })).toMatchObject({
      text: GOV_PAGE_TEXT,
      encoding: 'utf-16le',
    });
  });

  it('finds the densest block when the page has no known article container', async () => {
    const html = page(`
      <div class="menu"><a href="/1">首页</a><a href="/2">新闻中心</a><a href="/3">政务公开</a></div>
      <div class="wrap">
        <div class="side"><p>热线电话：12345</p></div>
        <div class="main-body">
          <p>【字号：大 中 小】 【打印】 【关闭】</p>
          <p>各位代表：</p>
          <p>\u3000\u3000现在，我代表市人民政府，向大会报告工作，请予审议，并请各位政协委员和其他列席人员提出意见。</p>
          <p>\u3000\u3000过去五年，全市经济总量连续跨越三个千亿元台阶。</p>
          <p>责任编辑：王五</p>
          <p>扫一扫在手机打开当前页</p>
        </div>
      </div>`);
    const result = await readReport({ bytes: utf8(html), fileName: 'a.html' });
    expect(result.text).toBe(
      [
        '各位代表：',
        '现在，我代表市人民政府，向大会报告工作，请予审议，并请各位政协委员和其他列席人员提出意见。',
        '过去五年，全市经济总量连续跨越三个千亿元台阶。',
      ].join('\n'),
    );
  });

  it('keeps a page that an ASP.NET form wraps entirely', async () => {
    const html = page(
      `<form id="form1" method="post"><div id="zoom"><p>各位代表：</p><p>现在报告工作。</p></div></form>`,
    );
    expect((await readReport({ bytes: utf8(html), fileName: 'a.aspx.html' })).text).toBe(
      '各位代表：\n现在报告工作。',
    );
  });

  it('sniffs a web page saved under a .txt name and says so', async () => {
    const result = await readReport({ bytes: utf8(GOV_PAGE), fileName: '报告.txt' });
    expect(result.format).toBe('html');
    expect(result.text).toBe(GOV_PAGE_TEXT);
    expect(result.warnings).toEqual([
      '文件扩展名为 .txt，但内容是网页，已按网页读取 / The file is named .txt but contains a web page; it was read as such',
    ]);
  });

  it('reads a .html file without any markup as plain text', async () => {
    const result = await readReport({ bytes: utf8('各位代表：\n现在报告工作。'), fileName: 'a.html' });
    expect(result).toMatchObject({ format: 'txt', text: '各位代表：\n现在报告工作。' });
    expect(result.warnings[0]).toContain('.html');
  });

  it('refuses a page with no article text as empty, naming the file', async () => {
    const html = page(
      '<script>render("各位代表")</script><nav><a href="/">首页</a></nav><div id="app"></div>',
    );
    const error: unknown = await readReport({ bytes: utf8(html), fileName: 'spa.html' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IngestError);
    expect(error).toMatchObject({ code: 'empty-file' });
    expect((error as IngestError).message).toContain('「spa.html」');
    expect((error as IngestError).message).toContain('"spa.html"');
  });
});
