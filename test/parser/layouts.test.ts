// The same report in the shapes real files come in must give the same targets: without part headings,
// with 第X部分 headings, twice with site navigation between the copies, with junk glued to its headings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/core/parse/index.ts';

const corpus = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
const reports = ['national-china-2024', 'county-gaoyang-2017', 'city-baoding-2021', 'province-henan-2026'];
const quotes = (text: string): string[] => parseReport(text).targets.map((t) => `${t.quote}|${t.low}`);

describe.each(reports)('%s in other shapes', (name) => {
  const text = readFileSync(join(corpus, `${name}.txt`), 'utf8');
  const expected = quotes(text);

  it('without part and area headings', () => {
    const stripped = text
      .split('\n')
      .filter((l) => !/^\s*(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)/.test(l))
      .join('\n');
    expect(quotes(stripped)).toEqual(expected);
  });

  it('with 第X部分 headings', () => {
    const renamed = text.replace(/^([一二三四五六])、/gm, (_m, n: string) => `第${n}部分 `);
    expect(quotes(renamed)).toEqual(expected);
  });

  it('twice, with site navigation between the copies', () => {
    const nav = [
      '首页 > 政务公开 > 政府工作报告',
      '打印本页',
      '关闭窗口',
      '【字号 大 中 小】',
      '上一篇：关于做好春节期间工作的通知',
    ];
    const doubled = [text, ...nav, text].join('\n');
    const plan = parseReport(doubled);
    expect(plan.source.copies).toBe(2);
    expect(plan.targets.map((t) => `${t.quote}|${t.low}`)).toEqual(expected);
  });

  it('with scraper junk glued to its part headings', () => {
    const junk = ['斗破苍穹', '凡人修仙传', '雪中悍刀行', '诡秘之主'];
    let i = 0;
    const glued = text.replace(
      /^([一二三四五六]、[^\n]{2,40}?)$/gm,
      (line: string) => `${line}${junk[i++ % junk.length]}`,
    );
    const plan = parseReport(glued);
    const removed = plan.problems.filter((p) => p.code === 'junk-removed').map((p) => p.message);
    expect(removed.length).toBe(i);
    for (const section of plan.sections) for (const j of junk) expect(section.title).not.toContain(j);
    expect(plan.targets.map((t) => `${t.quote}|${t.low}`)).toEqual(expected);
  });
});
