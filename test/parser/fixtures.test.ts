// One-paragraph regression fixtures: each row is a sentence seen in a real report (or shaped like one) and the
// targets the parser must read from it. Add a row for every bug found.
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/core/parse/index.ts';
import type { Target } from '../../src/core/plan/types.ts';

/** Wraps one plan paragraph in the smallest report the parser recognises (plan year 2017). */
function planOf(paragraph: string, year = 2017): Target[] {
  const text = [
    `${year}年某某市政府工作报告`,
    '各位代表：',
    `一、${year - 1}年工作回顾`,
    '过去一年，全市生产总值完成2353.1亿元，增长8.5%。',
    `二、${year}年重点工作`,
    paragraph,
  ].join('\n');
  return parseReport(text).targets;
}

type Expect = Partial<
  Pick<
    Target,
    'subject' | 'low' | 'high' | 'unit' | 'comparator' | 'direction' | 'horizon' | 'dueYear' | 'quote'
  >
>;

const cases: [string, string, Expect[]][] = [
  [
    '以上 is >=',
    '粮食产能稳定在280万吨以上。',
    [{ subject: '粮食产能', low: 280, unit: '万吨', comparator: '>=', direction: 'keep' }],
  ],
  [
    '左右 is ~',
    '居民消费价格涨幅控制在3%左右。',
    [{ subject: '居民消费价格涨幅', comparator: '~', direction: 'keep' }],
  ],
  [
    '以内 is <=',
    '城镇登记失业率控制在4.5%以内。',
    [{ comparator: '<=', direction: 'keep', low: 4.5, unit: '%' }],
  ],
  ['突破 is >', '一般公共预算收入突破200亿元。', [{ comparator: '>', low: 200, unit: '亿元' }]],
  ['超 is >', '为超8000名孤独症儿童提供服务。', [{ comparator: '>', low: 8000, unit: '名' }]],
  [
    'range with U+2015',
    '新增1―2家4A级景区。',
    [{ comparator: 'range', low: 1, high: 2, unit: '家', subject: '新增4A级景区' }],
  ],
  ['range of percents', '地区生产总值增长4.5%—5%。', [{ comparator: 'range', low: 4.5, high: 5, unit: '%' }]],
  ['full-width digits', '新增城镇就业１２００万人以上。', [{ low: 1200, unit: '万人', comparator: '>=' }]],
  ['压减 is decrease', '压减玉米种植20万亩。', [{ direction: 'decrease', subject: '压减玉米种植', low: 20 }]],
  ['退出 is decrease', '退出煤炭产能306万吨。', [{ direction: 'decrease' }]],
  [
    '各 gives one target per item',
    '新增城镇就业、农村劳动力转移就业各6万人。',
    [
      { subject: '新增城镇就业', low: 6 },
      { subject: '农村劳动力转移就业', low: 6 },
    ],
  ],
  [
    '分别 maps items to numbers',
    '水果、蔬菜、茶叶产量分别达2050万吨、4200万吨、19万吨以上。',
    [
      { subject: '水果产量', low: 2050 },
      { subject: '蔬菜产量', low: 4200 },
      { subject: '茶叶产量', low: 19, comparator: '>=' },
    ],
  ],
  [
    'a list inherits the verb',
    '今年新建改扩建幼儿园50所以上、中小学100所以上。',
    [
      { subject: '新建改扩建幼儿园', low: 50 },
      { subject: '新建改扩建中小学', low: 100 },
    ],
  ],
  ['从A提高到B keeps only B', '城市低保标准从每人每月400元提高到450元。', [{ low: 450, unit: '元' }]],
  [
    'to a later year is multi-year',
    '到2021年，全市生产总值完成3500亿元左右，年均增长8%以上。',
    [
      { horizon: 'multi-year', dueYear: 2021, low: 3500 },
      { horizon: 'multi-year', dueYear: 2021, low: 8, subject: '全市生产总值年均增长' },
    ],
  ],
  [
    'the count before a noun',
    '突出抓好180个重点项目建设，完成年度投资900亿元以上。',
    [
      { low: 180, subject: '重点项目建设' },
      { low: 900, subject: '重点项目建设年度投资' },
    ],
  ],
  ['quoted slogans are names', '推动实施“18925”投资促进计划和“1+5”PPP协议。', []],
  ['years and dates are not targets', '2017年3月底前完成规划编制。', []],
  ['ordinals are not targets', '召开第3次会议，落实省委省政府20条意见。', []],
  ['PM2.5 is a name', '确保PM10、PM2.5浓度稳定下降。', []],
  ['existing stock is not a target', '依托全市90万亩花木林海，巩固生态优势。', []],
  ['forecasts are not targets', '预计今年高校毕业生超过1170万人。', []],
  ['graduates are a fact', '今年高校毕业生超过1000万人，要加强就业创业指导。', []],
  ['the past is not a target', '去年全市生产总值增长8.5%。', []],
  ['a size class is not a target', '关停淘汰10万千瓦及以下燃煤机组。', []],
  ['age bands are not targets', '为3岁以下婴幼儿家庭提供服务。', []],
  ['500强 is a category', '瞄准国内外500强企业开展招商。', []],
  ['the whole population is a fact', '保障好14亿人吃饭问题。', []],
  ['a list count is not a target', '重点抓好以下14个方面的工作。', []],
  ['a Chinese-numeral slogan count', '以解决三个1亿人问题为着力点。', []],
  ['grades are not quantities', '创建4A级景区。', []],
  [
    '现行 rate is where things stand',
    '将制造业等行业现行16%的税率降至13%。',
    [{ low: 13, unit: '%', direction: 'decrease' }],
  ],
  [
    'within three years is multi-year',
    '全市森林覆盖率每年提高1.3个百分点，三年内达到26.5%。',
    [{ horizon: 'year' }, { horizon: 'multi-year', dueYear: 2019, low: 26.5 }],
  ],
  [
    'a shared measure splits items',
    '二氧化硫、氮氧化物排放量要下降3%。',
    [
      { subject: '二氧化硫排放量', direction: 'decrease' },
      { subject: '氮氧化物排放量要下降', direction: 'decrease' },
    ],
  ],
  [
    'a comparator words ahead',
    '特困人员基本生活保障标准不低于当地最低生活保障标准的1.6倍。',
    [{ comparator: '>=', unit: '倍', direction: 'keep' }],
  ],
  [
    '和 joins items under 分别',
    '城镇居民人均可支配收入和农民人均纯收入分别增长10%。',
    [
      { subject: '城镇居民人均可支配收入', low: 10 },
      { subject: '农民人均纯收入', low: 10 },
    ],
  ],
  [
    '均 in 均衡 is not a distribution word',
    '其中均衡性转移支付、县级奖补资金等增幅均超过10%。',
    [{ comparator: '>' }, { comparator: '>' }],
  ],
  ['平均 is not a distribution word', '中小企业宽带和专线平均资费再降10%。', [{ low: 10, unit: '%' }]],
  [
    'years of schooling are a quantity',
    '劳动年龄人口平均受教育年限提高到11.3年。',
    [{ low: 11.3, unit: '年' }],
  ],
  ['an amount qualifying a noun is a size class', '谋划一批超50亿元的重大项目。', []],
  [
    'a sentence opening on a number can still commit',
    '资助贫困学生10万人，1020所学校接入宽带网络。',
    [{ low: 10 }, { low: 1020, unit: '所' }],
  ],
  [
    'a description of resources is not a target',
    '9亿多劳动力、1亿多受过高等教育的人才，是我们最大的资源。',
    [],
  ],
  // Held-out national-china-2022 and city-baoding-2025 (test/gold): directions and subjects.
  [
    'a comparison with last year right after a target sets its direction',
    '今年赤字率拟按2.8%左右安排、比去年有所下调。',
    [{ subject: '赤字率', low: 2.8, comparator: '~', direction: 'decrease' }],
  ],
  [
    'a comparison upwards keeps increase',
    '赤字率拟按2.8%安排，比去年预算高0.2个百分点。',
    [
      { subject: '赤字率', low: 2.8, direction: 'increase' },
      { low: 0.2, unit: '个百分点' },
    ],
  ],
  [
    'a rate such as 赤字率 with no verb and no comparison is kept',
    '赤字率拟按3%安排。',
    [{ subject: '赤字率', comparator: '=', direction: 'keep' }],
  ],
  [
    'a subject opening on a cutting verb is decrease',
    '减轻企业税收和社保缴费负担近2万亿元。',
    [{ subject: '减轻企业税收和社保缴费负担', comparator: '~', direction: 'decrease' }],
  ],
  [
    'a bare measure after a change of the same thing takes the whole subject',
    '中央对地方转移支付增加约1.5万亿元、规模近9.8万亿元，增长18%。',
    [
      { low: 1.5, unit: '万亿元', comparator: '~' },
      { subject: '中央对地方转移支付规模', low: 9.8, comparator: '~' },
      { subject: '中央对地方转移支付规模增长', low: 18, unit: '%' },
    ],
  ],
  [
    'subjects drop time words and comparisons with last year',
    '城镇调查失业率全年控制在5.5%以内；支出规模比去年扩大2万亿元以上。',
    [
      { subject: '城镇调查失业率', comparator: '<=', direction: 'keep' },
      { subject: '支出规模', low: 2, comparator: '>=', direction: 'increase' },
    ],
  ],
];

describe('target fixtures', () => {
  it.each(cases)('%s', (_name, paragraph, expected) => {
    const targets = planOf(paragraph);
    expect(targets).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(targets[i]).toMatchObject(e));
    for (const t of targets) expect(t.quote.length).toBeGreaterThan(0);
  });
});

describe('floors against last year', () => {
  /** A report whose review states last year's figures and whose plan sets this year's. */
  function withReview(review: string, plan: string): Target[] {
    const text = [
      '2017年某某市政府工作报告',
      '各位代表：',
      '一、2016年工作回顾',
      review,
      '二、2017年重点工作',
      plan,
    ];
    return parseReport(text.join('\n')).targets;
  }

  it("a floor at or below last year's level holds it (keep)", () => {
    const [grain] = withReview('过去一年，粮食总产84亿斤。', '确保粮食总产80亿斤以上。');
    expect(grain).toMatchObject({ subject: '粮食总产', comparator: '>=', direction: 'keep' });
  });

  it("a floor above last year's level raises it (increase)", () => {
    const [grain] = withReview('过去一年，粮食总产84亿斤。', '确保粮食总产90亿斤以上。');
    expect(grain).toMatchObject({ subject: '粮食总产', direction: 'increase' });
  });

  it("a flow is never held by last year's figure, nor is a figure of an older year", () => {
    const [, jobs] = withReview(
      '过去一年，粮食总产84亿斤，城镇新增就业12万人。',
      '确保粮食总产80亿斤以上，城镇新增就业10万人以上。',
    );
    expect(jobs).toMatchObject({ subject: '城镇新增就业', direction: 'increase' });
    const [older] = withReview('2015年，粮食总产84亿斤。', '确保粮食总产80亿斤以上。');
    expect(older).toMatchObject({ direction: 'increase' });
  });

  it("a budget ratio set with no verb moves with last year's; with none it is kept", () => {
    const [up] = withReview('过去一年，财政赤字率控制在2.8%。', '赤字率拟按3%安排。');
    expect(up).toMatchObject({ subject: '赤字率', comparator: '=', direction: 'increase' });
    const [same] = withReview('过去一年，财政赤字率控制在3%。', '赤字率拟按3%安排。');
    expect(same).toMatchObject({ direction: 'keep' });
    // A cap is a cap whatever last year's figure was.
    const [cap] = withReview('过去一年，城镇调查失业率5.2%。', '城镇调查失业率5.5%左右。');
    expect(cap).toMatchObject({ comparator: '~', direction: 'keep' });
  });
});

describe('quotes and spans', () => {
  it('every quote is the verbatim source at its span', () => {
    const text =
      '2017年某市政府工作报告\n各位代表：\n一、2016年工作回顾\n去年很好。\n二、2017年重点工作\n新增贷款１７５亿元；实现直接融资100亿元以上。';
    const plan = parseReport(text);
    expect(plan.targets).toHaveLength(2);
    for (const t of plan.targets) expect(text.slice(t.span[0], t.span[1])).toBe(t.quote);
  });
});
