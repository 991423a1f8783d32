import { describe, expect, it } from 'vitest';
import { resolveDeadline } from './deadline.ts';

describe('resolveDeadline', () => {
  it.each([
    ['2017-09-15', '2017-09-15'],
    ['年底前', '2017-12-31'],
    ['6月底前', '2017-06-30'],
    ['2月底', '2017-02-28'],
    ['十一月底前', '2017-11-30'],
    ['2018年6月', '2018-06-30'],
    ['2020年底前', '2020-12-31'],
    ['三季度', '2017-09-30'],
    ['上半年', '2017-06-30'],
    ['持续推进', null],
    ['长期', null],
    ['', null],
    ['2017-02-30', null],
    ['13月底', null],
    ['尽快', null],
  ])('%s -> %s', (text, expected) => {
    expect(resolveDeadline(text, 2017)).toBe(expected);
  });
});
