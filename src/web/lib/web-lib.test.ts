import { describe, expect, it } from 'vitest';
import { zh, type MessageKey } from '../i18n/messages.ts';
import { formatPeriodRange, targetValueText } from './format.ts';
import { currentPeriod, dueDateOf, periodsOf } from './periods.ts';
import { splitBySpans } from './segments.ts';
import { guessTarget } from './selection.ts';

const t = (key: MessageKey): string => zh[key];

describe('splitBySpans', () => {
  it('covers the text exactly, marks in place', () => {
    const text = '新增贷款175亿元，直接融资100亿元以上';
    const segs = splitBySpans(text, [
      { id: 'b', start: 10, end: 21 },
      { id: 'a', start: 0, end: 9 },
    ]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.markId).map((s) => [s.markId, s.text])).toEqual([
      ['a', '新增贷款175亿元'],
      ['b', '直接融资100亿元以上'],
    ]);
  });
  it('drops overlaps and clips to the range', () => {
    const segs = splitBySpans(
      'abcdefgh',
      [
        { id: 'x', start: 1, end: 5 },
        { id: 'y', start: 3, end: 7 },
      ],
      2,
      6,
    );
    expect(segs.map((s) => [s.text, s.markId])).toEqual([
      ['cde', 'x'],
      ['f', null],
    ]);
  });
  it('keeps markup as plain characters', () => {
    const text = '<img src=x onerror=alert(1)>';
    expect(
      splitBySpans(text, [{ id: 'm', start: 0, end: 4 }])
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
  });
});

describe('targetValueText', () => {
  it('says the comparator in words', () => {
    expect(targetValueText(t, { comparator: '>=', low: 175, high: 175, unit: '亿元' })).toBe(
      '不低于 175 亿元',
    );
    expect(targetValueText(t, { comparator: '~', low: 8, high: 8, unit: '%' })).toBe('8 % 左右');
    expect(targetValueText(t, { comparator: '<=', low: 3, high: 3, unit: '%' })).toBe('不高于 3 %');
    expect(targetValueText(t, { comparator: 'range', low: 7, high: 8, unit: '%' })).toBe('7–8 %');
  });
});

describe('guessTarget', () => {
  it('reads number, unit and comparator from a selected quote', () => {
    expect(guessTarget('新建改扩建幼儿园50所以上')).toEqual({
      subject: '新建改扩建幼儿园',
      low: 50,
      high: 50,
      unit: '所',
      comparator: '>=',
    });
  });
});

describe('periods', () => {
  it('knows the current period and its due date', () => {
    expect(currentPeriod(2017, new Date(2017, 5, 12))).toBe('2017-06');
    expect(currentPeriod(2017, new Date(2026, 0, 1))).toBe('2017-12');
    expect(periodsOf(2017, new Date(2017, 2, 3))).toEqual(['2017-03', '2017-02', '2017-01']);
    expect(dueDateOf('2017-12')).toBe('2018-01-05');
  });
});

describe('formatPeriodRange', () => {
  it('drops the repeated year in Chinese and keeps both ends across years', () => {
    expect(formatPeriodRange('2017-01', '2017-05', 'zh-CN')).toBe('2017年1月—5月');
    expect(formatPeriodRange('2016-12', '2017-02', 'zh-CN')).toBe('2016年12月—2017年2月');
    expect(formatPeriodRange('2017-01', '2017-05', 'en')).toBe('2017-01 – 2017-05');
  });
});
