import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/core/parse/index.ts';

/** One plan paragraph in a minimal report; the targets the parser finds in it. */
function targetsOf(paragraph: string) {
  const text = `2017年示范市政府工作报告\n一、2017年重点工作\n（一）做好重点工作。${paragraph}\n`;
  return parseReport(text).targets.map((t) => ({
    subject: t.subject,
    low: t.low,
    unit: t.unit,
    comparator: t.comparator,
    direction: t.direction,
  }));
}

// Rules found by the blind gold of national 2017 and 保定 2022 (test/gold/*.notes.md).
describe('direction, distribution and unit rules', () => {
  it('reads a subject that opens on 取消 or 停征 as a cut', () => {
    expect(targetsOf('取消或停征中央涉企行政事业性收费35项。')[0]).toMatchObject({
      low: 35,
      unit: '项',
      direction: 'decrease',
    });
  });

  it('takes the cut named after the figure: 按不低于5%的幅度压减', () => {
    expect(targetsOf('中央部门一般性支出一律按不低于5%的幅度压减。')[0]).toMatchObject({
      low: 5,
      comparator: '>=',
      direction: 'decrease',
    });
  });

  it('names the thing cut after the verb, not the rate phrase: 一律按…的幅度压减一般性支出', () => {
    expect(targetsOf('中央部门要带头，一律按不低于5%的幅度压减一般性支出。')[0]).toMatchObject({
      subject: '一般性支出',
      direction: 'decrease',
    });
    expect(targetsOf('中央本级支出按照不低于3%压减。')[0]?.subject).toBe('中央本级支出');
  });

  it('gives each item of "A和B…均为X" its own target, names like M2 included', () => {
    const found = targetsOf('广义货币M2和社会融资规模余额预期增长均为12%左右。');
    expect(found.map((t) => t.subject)).toEqual(['广义货币M2余额预期增长', '社会融资规模余额预期增长']);
    expect(found.every((t) => t.low === 12 && t.comparator === '~' && t.direction === 'increase')).toBe(true);
  });

  it('counts people in 万人 when the report writes a bare 万 after them', () => {
    expect(targetsOf('减少农村贫困人口1000万以上。')[0]).toMatchObject({
      low: 1000,
      unit: '万人',
      direction: 'decrease',
    });
    expect(targetsOf('完成造林绿化面积10万亩。')[0]?.unit).toBe('万亩');
  });

  it('reads a floor on things done as more of them, a floor on a level as holding it', () => {
    expect(targetsOf('每年举办群众赛事活动不低于200场次。')[0]?.direction).toBe('increase');
    expect(targetsOf('耕地保有量不低于500万亩。')[0]?.direction).toBe('keep');
  });

  it('reads a grain floor as holding the level, and grain growth as growth', () => {
    expect(targetsOf('确保粮食产量80亿斤以上。')[0]).toMatchObject({ comparator: '>=', direction: 'keep' });
    expect(targetsOf('粮食产量增加到85亿斤以上。')[0]?.direction).toBe('increase');
  });
});
