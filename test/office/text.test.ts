import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../src/office/progress-template.ts';
import { toCsv } from '../../src/office/tables.ts';
import {
  chineseNumber,
  comparableText,
  isNoneMark,
  isSameAsAbove,
  normalizeCell,
  parseChineseNumber,
  parseSeq,
  splitList,
} from '../../src/office/text.ts';

describe('office text helpers', () => {
  it('normalises cells typed by hand: full-width forms and stray spaces', () => {
    expect(normalizeCell(' 市 教育局　')).toBe('市教育局');
    expect(normalizeCell('（１）')).toBe('(1)');
    expect(comparableText('加强规划引领。')).toBe('加强规划引领');
  });

  it('reads 序号 at every level', () => {
    expect(parseSeq('一、')).toEqual({ level: 'area', n: 1 });
    expect(parseSeq('十二、')).toEqual({ level: 'area', n: 12 });
    expect(parseSeq('３．')).toEqual({ level: 'task', n: 3 });
    expect(parseSeq('12')).toEqual({ level: 'task', n: 12 });
    expect(parseSeq('（２）')).toEqual({ level: 'sub', n: 2 });
    expect(parseSeq('备注')).toBeNull();
  });

  it('writes and reads Chinese numerals', () => {
    for (const n of [1, 9, 10, 11, 20, 21, 99]) expect(parseChineseNumber(chineseNumber(n))).toBe(n);
    expect(chineseNumber(12)).toBe('十二');
  });

  it('splits department lists on every separator people use', () => {
    expect(splitList('市财政局、市教育局；市人社局, 市民政局\n市医保局  市 审计局')).toEqual([
      '市财政局',
      '市教育局',
      '市人社局',
      '市民政局',
      '市医保局',
      '市 审计局',
    ]);
    expect(splitList('/')).toEqual([]);
    expect(isNoneMark('—')).toBe(true);
    expect(isNoneMark('无')).toBe(true);
    expect(isSameAsAbove('同上')).toBe(true);
  });

  it('reads numbers as typed', () => {
    expect(parseNumber('１,２３４.５')).toBe(1234.5);
    expect(parseNumber(' 120 ')).toBe(120);
    expect(parseNumber('约120')).toBeNull();
    expect(parseNumber('12亿')).toBeNull();
  });
});

describe('open data CSV', () => {
  it('quotes per RFC 4180, starts with a BOM and defuses formulas', () => {
    const fields = ['a', 'b'].map((name) => ({
      name,
      label: name,
      type: 'string' as const,
      description: '',
      descriptionEn: '',
    }));
    expect(
      toCsv(fields, [
        ['x,"y"', -3],
        ['=HYPERLINK("http://x")', null],
      ]),
    ).toBe('\uFEFFa,b\r\n"x,""y""",-3\r\n"\'=HYPERLINK(""http://x"")",\r\n');
  });
});
