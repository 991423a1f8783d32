import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectCopies } from './copies.ts';
import { findHeadingTails, isPageToolLine } from './junk.ts';
import { splitParagraphs } from './paragraphs.ts';
import { readQuantities } from './quantities.ts';
import { toReadable } from './readable.ts';

const sample = readFileSync(new URL('../../../samples/xuchang-2017.txt', import.meta.url), 'utf8');

describe('splitParagraphs', () => {
  it('keeps spans into the original text and trims full-width spaces', () => {
    const text = '　标题　\r\n\r\n 正文。\n';
    const paragraphs = splitParagraphs(text);
    expect(paragraphs.map((p) => p.text)).toEqual(['标题', '正文。']);
    for (const p of paragraphs) expect(text.slice(p.span[0], p.span[1])).toBe(p.text);
  });
});

describe('toReadable', () => {
  it('maps full-width digits, dashes and signs one for one', () => {
    const text = '增长６．５％，新增１―２家，３～５个';
    const r = toReadable(text);
    expect(r).toHaveLength(text.length);
    expect(r).toBe('增长6.5%，新增1-2家，3~5个');
  });
});

describe('readQuantities', () => {
  it.each([
    ['粮食产能稳定在280万吨以上', { low: 280, high: 280, unit: '万吨' }],
    ['新增1-2家4A级景区', { low: 1, high: 2, unit: '家', range: true }],
    ['地区生产总值增长4.5%-5%', { low: 4.5, high: 5, unit: '%', range: true }],
    ['设施398处（套），', { low: 398, unit: '处（套）' }],
    ['2.17万贫困群众', { low: 2.17, unit: '万人' }],
    ['1,200万人', { low: 1200, unit: '万人' }],
    ['降低0.2个百分点', { low: 0.2, unit: '个百分点' }],
    ['新增300余家', { low: 300, unit: '家', more: true }],
    ['装机1000万千瓦', { low: 1000, unit: '万千瓦' }],
    ['粮食产量1.3万亿斤以上', { low: 1.3, unit: '万亿斤' }],
  ])('%s', (text, expected) => {
    expect(readQuantities(text)[0]).toMatchObject(expected);
  });
});

describe('detectCopies', () => {
  it('finds the 8 copies of the sample and keeps the first', () => {
    const paragraphs = splitParagraphs(sample);
    const layout = detectCopies(paragraphs);
    expect(layout.copies).toBe(8);
    expect(layout.range).toEqual([0, 84]);
  });

  it('finds two copies with navigation between them', () => {
    const body = Array.from(
      { length: 30 },
      (_, i) => `第${i}段正文内容，这里有足够长的文字以便作为长段落参与比较。`,
    );
    const text = [...body, '首页', '上一篇：关于某事的通知', '打印本页', '关闭窗口', ...body].join('\n');
    const layout = detectCopies(splitParagraphs(text));
    expect(layout.copies).toBe(2);
    expect(layout.range[1]).toBeGreaterThanOrEqual(30);
  });

  it('does not call a report with one repeated sentence a copy', () => {
    const body = Array.from(
      { length: 30 },
      (_, i) => `第${i}段正文内容，这里有足够长的文字以便作为长段落参与比较。`,
    );
    body.push(body[3] ?? '');
    expect(detectCopies(splitParagraphs(body.join('\n'))).copies).toBe(1);
  });
});

describe('junk', () => {
  it('cuts the scraper tails off the sample headings, from the document alone', () => {
    const paragraphs = splitParagraphs(sample).slice(0, 84);
    const tails = findHeadingTails(paragraphs, paragraphs.map((p) => p.text).join('\n'));
    expect(tails.map((t) => t.junk)).toEqual(['二号首长', '侯卫东官场笔记']);
    expect(tails.map((t) => t.paragraph.text.slice(0, t.keep))).toEqual([
      '一、过去五年工作回顾',
      '二、今后五年总体思路和2017年重点工作',
    ]);
  });

  it('leaves clean headings alone', () => {
    const text = readFileSync(
      new URL('../../../../shared/corpus/national-china-2024.txt', import.meta.url),
      'utf8',
    );
    const paragraphs = splitParagraphs(text);
    expect(findHeadingTails(paragraphs, text)).toEqual([]);
  });

  it.each([
    '打印本页',
    '【字号 大 中 小】',
    '关闭窗口',
    '（责任编辑：杨淼）',
    '来源：河南日报',
    '下载 | 打印 | 全屏',
  ])('knows the page-tool line %s', (line) => expect(isPageToolLine(line)).toBe(true));

  it('does not take report text for a page-tool line', () => {
    expect(isPageToolLine('来源于群众，服务于群众，这是我们工作的出发点。')).toBe(false);
    expect(isPageToolLine('加强规划引领。')).toBe(false);
  });
});
