import { describe, expect, it } from 'vitest';
import { nameWords, rankDepartments, suggestAssignments, type SuggestDepartment } from './suggest.ts';

const CITY = [
  '发展改革委',
  '财政局',
  '教育局',
  '科技局',
  '工业和信息化局',
  '公安局',
  '民政局',
  '人社局',
  '生态环境局',
  '住建局',
  '交通运输局',
  '农业农村局',
  '商务局',
  '文化广电和旅游局',
  '卫生健康委',
  '金融工作局',
  '政务服务和大数据管理局',
].map((name, i): SuggestDepartment => ({ id: `d${i}`, name }));

const lead = (title: string, text: string, departments = CITY): string | undefined =>
  rankDepartments(title, text, departments)[0]?.name;

describe('rankDepartments', () => {
  it('reads the field from the task words', () => {
    expect(lead('发展更高质量的教育', '新建改扩建幼儿园50所以上')).toBe('教育局');
    expect(lead('强化金融支撑', '全年新增贷款175亿元，推动3家企业上市')).toBe('金融工作局');
    expect(lead('提升医疗服务', '建成市中心医院新院区，新增床位800张')).toBe('卫生健康委');
    expect(lead('完善综合交通', '加快郑许市域铁路建设，新改建农村公路300公里')).toBe('交通运输局');
    expect(lead('打好蓝天保卫战', '治理大气污染，空气优良天数207天以上')).toBe('生态环境局');
  });

  it('names the matched words, title words first', () => {
    const [first] = rankDepartments('发展更高质量的教育', '新建改扩建幼儿园50所以上，建设学校', CITY);
    expect(first?.words).toEqual(['教育', '幼儿园', '学校']);
  });

  it('finds departments under other names (renamed or merged bureaus)', () => {
    const directory = [
      { id: 'a', name: '许昌市教育体育局' },
      { id: 'b', name: '地方金融监督管理局' },
      { id: 'c', name: '卫生和计划生育委员会' },
      { id: 'd', name: '环境保护局' },
    ];
    expect(lead('发展学前教育', '新建幼儿园', directory)).toBe('许昌市教育体育局');
    expect(lead('办好全民健身', '建设体育公园', directory)).toBe('许昌市教育体育局');
    expect(lead('拓宽融资渠道', '新增贷款', directory)).toBe('地方金融监督管理局');
    expect(lead('改善医疗条件', '建设医院', directory)).toBe('卫生和计划生育委员会');
    expect(lead('治理污染', '压减燃煤', directory)).toBe('环境保护局');
  });

  it("uses a department's own name words when no field is known for it", () => {
    const directory = [
      ...CITY,
      { id: 'x', name: '城乡一体化示范区管委会' },
      { id: 'y', name: '粮食和物资储备局' },
    ];
    expect(lead('加快示范区建设', '推进城乡一体化示范区起步区开发', directory)).toBe(
      '城乡一体化示范区管委会',
    );
    expect(lead('保障粮食安全', '完善物资储备体系', directory)).toBe('粮食和物资储备局');
  });

  it('returns nothing when no word matches', () => {
    expect(rankDepartments('其他', '认真做好各项工作', CITY)).toEqual([]);
  });
});

describe('nameWords', () => {
  it('strips the region and the bureau suffix and splits on 和', () => {
    expect(nameWords('许昌市教育局')).toEqual(['教育']);
    expect(nameWords('政务服务和大数据管理局')).toEqual(['政务服务', '大数据']);
    expect(nameWords('退役军人事务局')).toEqual(['退役军人']);
  });
});

describe('suggestAssignments', () => {
  const leaders = [
    {
      id: 'l1',
      name: '陈晓燕',
      title: '副市长',
      portfolio: '分管教育、卫生健康、文化旅游',
      departmentIds: ['d2', 'd14'],
    },
    {
      id: 'l2',
      name: '李明',
      title: '常务副市长',
      portfolio: '分管发展改革、财政、金融',
      departmentIds: ['d0'],
    },
  ];

  it('suggests lead, cooperating, leader and deadline with reasons', () => {
    const [s] = suggestAssignments(
      [
        {
          id: 't1',
          title: '发展更高质量的教育',
          text: '新建幼儿园50所，建设市中心医院，发展文化旅游',
          dueYear: 2017,
        },
      ],
      { departments: CITY, leaders, planYear: 2017 },
    );
    expect(s?.lead?.name).toBe('教育局');
    expect(s?.cooperating.map((c) => c.name)).toEqual(['文化广电和旅游局', '卫生健康委']);
    expect(s?.leader).toMatchObject({ name: '陈晓燕', via: 'department' });
    expect(s?.deadline).toEqual({ text: '年底前', via: 'default' });
    expect(s?.fallback).toBe(false);
  });

  it('falls back to the development and reform department, and reads multi-year and continuous deadlines', () => {
    const [a, b] = suggestAssignments(
      [
        { id: 't1', title: '认真做好各项工作', text: '到2020年全面完成', dueYear: 2020 },
        { id: 't2', title: '加强作风建设', text: '持续推进作风建设常态化' },
      ],
      { departments: CITY, leaders, planYear: 2017 },
    );
    expect(a?.lead?.name).toBe('发展改革委');
    expect(a?.fallback).toBe(true);
    expect(a?.leader).toMatchObject({ name: '李明', via: 'department' });
    expect(a?.deadline).toEqual({ text: '2020年底前', via: 'due-year' });
    expect(b?.deadline).toEqual({ text: '持续推进', via: 'continuous' });
  });

  it('finds the leader by portfolio when nobody oversees the lead department', () => {
    const [s] = suggestAssignments([{ id: 't1', title: '强化金融支撑', text: '新增贷款' }], {
      departments: CITY,
      leaders,
      planYear: 2017,
    });
    expect(s?.lead?.name).toBe('金融工作局');
    expect(s?.leader).toMatchObject({ name: '李明', via: 'portfolio', words: ['金融'] });
  });
});
