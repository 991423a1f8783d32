import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { planFengongImport, type Directory, type FengongTaskRef } from '../../src/office/fengong-match.ts';
import { buildFengongWorkbook, parseFengongWorkbook, type FengongTable } from '../../src/office/fengong.ts';

const TABLE: FengongTable = {
  title: '示范市2017年政府工作报告重点工作任务分工表',
  withMilestones: true,
  withTargets: true,
  groups: [
    {
      seq: '一、',
      title: '发展教育',
      rows: [
        {
          seq: '1.',
          level: 'task',
          keyWork: '发展教育',
          detail: '新建幼儿园50所以上。',
          leader: '陈晓燕',
          lead: '教育局',
          cooperating: '财政局、住建局',
          deadline: '年底前',
          milestones: ['制定方案', '完成50%', '完成75%', '全面完成'],
          targets: '新建幼儿园 ≥50所',
        },
      ],
    },
    {
      seq: '二、',
      title: '扩大融资',
      rows: [
        {
          seq: '1.',
          level: 'task',
          keyWork: '扩大融资',
          detail: '新增贷款175亿元。',
          leader: '/',
          lead: '金融工作局',
          cooperating: '',
          deadline: '6月底前',
          milestones: ['', '', '', ''],
          targets: '新增贷款 ≥175亿元',
        },
        {
          seq: '(1)',
          level: 'sub',
          keyWork: '小微贷款',
          detail: '一是小微贷款。',
          leader: '',
          lead: '',
          cooperating: '',
          deadline: '',
          milestones: ['', '', '', ''],
          targets: '',
        },
      ],
    },
  ],
};

const DIR: Directory = {
  region: '示范市',
  departments: ['教育局', '财政局', '住建局', '金融工作局'].map((name, i) => ({ id: `d${i + 1}`, name })),
  leaders: [
    { id: 'l1', name: '陈晓燕', title: '副市长' },
    { id: 'l2', name: '李明华', title: '常务副市长' },
  ],
};

const TASKS: FengongTaskRef[] = [
  {
    id: 't1',
    area: 1,
    n: 1,
    sub: null,
    title: '发展教育',
    detail: '新建幼儿园50所以上。',
    current: {
      leaderId: 'l1',
      leadDepartmentId: 'd1',
      cooperatingDepartmentIds: ['d2', 'd3'],
      deadline: '年底前',
      milestones: [
        { quarter: 1, text: '制定方案' },
        { quarter: 2, text: '完成50%' },
        { quarter: 3, text: '完成75%' },
        { quarter: 4, text: '全面完成' },
      ],
      version: 3,
    },
  },
  {
    id: 't2',
    area: 2,
    n: 1,
    sub: null,
    title: '扩大融资',
    detail: '新增贷款175亿元。',
    current: {
      leaderId: null,
      leadDepartmentId: 'd4',
      cooperatingDepartmentIds: [],
      deadline: '6月底前',
      milestones: [],
      version: 1,
    },
  },
  { id: 't3', area: 2, n: 1, sub: 1, title: '小微贷款', detail: '一是小微贷款。', current: null },
];

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

/** A table as an office types it: two-row header, merged and blank repeated cells, spaces, full-width forms. */
async function handTyped(leadOfRow5 = '市 教育局'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('Sheet1');
  s.getCell('A1').value = '示范市2017年重点工作分解表';
  s.mergeCells('A1:K1');
  ['序 号', '重点工作', '具体任务', '责任领导', '牵头单位', '配合单位', '完成时限', '季度节点'].forEach(
    (h, i) => (s.getRow(2).getCell(i + 1).value = h),
  );
  s.mergeCells('H2:K2');
  ['第一季度', '第二季度', '第三季度', '第四季度'].forEach((h, i) => (s.getRow(3).getCell(8 + i).value = h));
  for (const c of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) s.mergeCells(`${c}2:${c}3`);
  s.getCell('A4').value = '一、';
  s.getCell('B4').value = '发展教育';
  s.getRow(5).values = [
    '１．',
    ' 发展教育 ',
    '新建幼儿园50所以上。',
    '陈晓燕副市长',
    leadOfRow5,
    '市财政局、市住建局',
    '年底前',
    '制定方案',
    '完成５０％',
    '完成75%',
    '全面完成',
  ];
  s.getCell('A6').value = '二、扩大融资';
  s.mergeCells('A6:K6');
  s.getRow(7).values = [
    '1',
    '扩大融资',
    '新增贷款175亿元。',
    '李明华（常务副市长）',
    '市金融工作局',
    '',
    '6月底前',
  ];
  s.getRow(8).values = ['（１）', '小微贷款', '一是小微贷款。', '', '同上', '市财政局', ''];
  // The leader is merged down over the sub-task, as offices do.
  s.mergeCells('D7:D8');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('分工表 workbook', () => {
  it('is laid out as offices publish it', async () => {
    const wb = await load(await buildFengongWorkbook(TABLE));
    const s = wb.getWorksheet('分工表')!;
    expect(s.getCell('A1').value).toBe(TABLE.title);
    expect(s.getCell('A1').isMerged).toBe(true);
    expect(s.getCell('A1').font?.name).toBe('方正小标宋简体');
    const header = (s.getRow(2).values as unknown[]).slice(1);
    expect(header).toEqual([
      '序号',
      '重点工作',
      '具体任务',
      '责任领导',
      '牵头单位',
      '配合单位',
      '完成时限',
      '一季度',
      '二季度',
      '三季度',
      '四季度',
      '目标值',
    ]);
    // Areas are merged group rows; tasks carry 1. and sub-tasks (1).
    expect(s.getCell('A3').value).toBe('一、发展教育');
    expect(s.getCell('L3').master.address).toBe('A3');
    expect(s.getCell('A4').value).toBe('1.');
    expect(s.getCell('E4').value).toBe('教育局');
    expect(s.getCell('A5').value).toBe('二、扩大融资');
    expect(s.getCell('A7').value).toBe('(1)');
    expect(s.getCell('C4').alignment?.wrapText).toBe(true);
    expect(s.getColumn(3).width).toBeGreaterThan(40);
    expect(s.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(s.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '1:2' });
    expect(s.headerFooter.oddFooter).toContain('&P');
  });

  it('reads our own export back unchanged', async () => {
    const parsed = await parseFengongWorkbook(await buildFengongWorkbook(TABLE));
    expect(parsed.problems).toEqual([]);
    expect(parsed.hasMilestones).toBe(true);
    expect(parsed.rows.map((r) => [r.area, r.seq, r.keyWork, r.lead, r.leader, r.deadline])).toEqual([
      [1, { level: 'task', n: 1 }, '发展教育', ['教育局'], '陈晓燕', '年底前'],
      [2, { level: 'task', n: 1 }, '扩大融资', ['金融工作局'], '', '6月底前'],
      [2, { level: 'sub', n: 1 }, '小微贷款', null, null, null],
    ]);
    const plan = planFengongImport(parsed, TASKS, DIR);
    expect(plan.problems).toEqual([]);
    expect(plan.changes.map((c) => [c.taskId, c.action])).toEqual([
      ['t1', 'unchanged'],
      ['t2', 'unchanged'],
      ['t3', 'unchanged'],
    ]);
  });

  it('reads a hand-typed table: merged and blank repeated cells, spaces, full-width characters', async () => {
    const parsed = await parseFengongWorkbook(await handTyped());
    expect(parsed.problems).toEqual([]);
    const plan = planFengongImport(parsed, TASKS, DIR);
    expect(plan.problems).toEqual([]);
    const byTask = new Map(plan.changes.map((c) => [c.taskId, c]));
    // Row 5 says the same as stored, typed differently (市 prefix, spaces, full-width digits).
    expect(byTask.get('t1')?.action).toBe('unchanged');
    // Row 7 names the leader for the first time.
    expect(byTask.get('t2')?.action).toBe('update');
    expect(byTask.get('t2')?.changes).toEqual([
      { field: 'leader', label: '责任领导', before: '', after: '李明华' },
    ]);
    // Row 8: leader from the merged cell, lead department "同上", deadline blank under 6月底前.
    expect(byTask.get('t3')).toMatchObject({
      action: 'create',
      next: {
        leaderId: 'l2',
        leadDepartmentId: 'd4',
        cooperatingDepartmentIds: ['d2'],
        deadline: '6月底前',
        milestones: [],
      },
    });
  });

  it('names every bad row in Chinese and plans nothing to apply', async () => {
    const parsed = await parseFengongWorkbook(await handTyped('教育厅'));
    const plan = planFengongImport(parsed, TASKS, DIR);
    expect(plan.problems.map((p) => p.message)).toEqual(['第5行：牵头单位「教育厅」不存在']);
    expect(plan.problems[0]?.messageEn).toBe('Row 5: lead department "教育厅" does not exist');
  });

  it('finds unknown tasks, unknown leaders and rows given twice', async () => {
    const wb = await load(await buildFengongWorkbook(TABLE));
    const s = wb.getWorksheet('分工表')!;
    s.getCell('D4').value = '王不存在';
    s.getCell('B7').value = '扩大融资';
    s.getCell('C7').value = '';
    s.getRow(8).values = ['2.', '不在计划里的工作', '', '李明华', '财政局', '', '年底前'];
    const parsed = await parseFengongWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    const plan = planFengongImport(parsed, TASKS, DIR);
    expect(plan.problems.map((p) => p.message)).toEqual([
      '第4行：责任领导「王不存在」不存在',
      '第7行：任务「扩大融资」与第6行重复',
      '第8行：计划中找不到任务「不在计划里的工作」',
    ]);
  });

  it('refuses what is not a 分工表', async () => {
    expect((await parseFengongWorkbook(Buffer.from('not a workbook'))).problems[0]?.message).toBe(
      '文件不是 Excel（.xlsx）工作簿',
    );
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').getCell('A1').value = '随便什么';
    const parsed = await parseFengongWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(parsed.problems[0]?.message).toMatch(/^未找到表头/);
  });
});
