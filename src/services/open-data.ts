import { buildTablesWorkbook, toCsv, toRecords, type Cell, type Field } from '../office/tables.ts';
import { listProgressOfPlan } from '../store/progress-repository.ts';
import { listDepartments } from '../store/tenant-repository.ts';
import type { Actor, ServiceContext } from './context.ts';
import { bareTitle, fullSeq, numberPlan, targetValueText } from './office-fengong.ts';
import { requireAbility } from './permissions.ts';
import { getPlanView, getPublicPlanView, type PlanView, type SectionView } from './plan-view.ts';

const f = (
  name: string,
  label: string,
  type: Field['type'],
  description: string,
  descriptionEn: string,
  width = 14,
): Field => ({ name, label, type, description, descriptionEn, width });

/** The data dictionary of the published targets (targets.csv / targets.json). */
export const TARGET_FIELDS: Field[] = [
  f('planId', '计划编号', 'string', '计划的稳定编号', 'Stable id of the plan', 12),
  f('year', '年度', 'integer', '计划年度', 'Plan year', 8),
  f(
    'taskSeq',
    '任务序号',
    'string',
    '分工表中的序号：领域、任务（子任务），如 二、3(1)',
    '序号 in the 分工表: area、task(sub), e.g. 二、3(1)',
    8,
  ),
  f('taskId', '任务编号', 'string', '任务的稳定编号', 'Stable id of the task', 12),
  f('task', '重点工作', 'string', '所属重点工作', 'The task the target belongs to', 24),
  f('targetId', '指标编号', 'string', '指标的稳定编号', 'Stable id of the target', 12),
  f('subject', '指标', 'string', '指标名称（主语）', 'What is measured', 20),
  f(
    'goal',
    '目标值',
    'string',
    '目标值的通常写法，如 ≥175亿元',
    'The goal as usually written, e.g. ≥175亿元',
    14,
  ),
  f('comparator', '比较符', 'string', '>=、>、<=、<、~（左右）、=、range（区间）', 'Comparator', 8),
  f(
    'low',
    '目标下限',
    'number',
    '目标值（区间时为下限），不含万/亿换算',
    'Goal (low end of a range), as written',
    10,
  ),
  f('high', '目标上限', 'number', '目标值（区间时为上限）', 'Goal (high end of a range)', 10),
  f('unit', '单位', 'string', '单位，含万/亿等量级，如 亿元、%', 'Unit with its scale, e.g. 亿元, %', 8),
  f(
    'direction',
    '方向',
    'string',
    'increase 增长 / decrease 压减 / keep 稳定',
    'increase / decrease / keep',
    8,
  ),
  f('dueYear', '完成年份', 'integer', '应完成的年份', 'Year by which it is due', 8),
  f('leadDepartment', '牵头单位', 'string', '牵头单位', 'Lead department', 14),
  f(
    'latestPeriod',
    '最新报送期',
    'string',
    '最近一次审核通过的报送期 YYYY-MM',
    'Period of the latest accepted value',
    10,
  ),
  f(
    'latestActual',
    '最新实际值',
    'number',
    '最近一次审核通过的实际值（单位同上）',
    'Latest accepted actual (same unit)',
    10,
  ),
  f(
    'status',
    '状态',
    'string',
    'done 已完成 / green 正常 / yellow 滞后 / red 严重滞后 / grey 未报送',
    'Status level',
    8,
  ),
  f('statusReason', '状态说明', 'string', '状态的依据', 'Why the status is what it is', 28),
  f('quote', '原文', 'string', '报告原文中的表述', 'The words of the report', 28),
];

/** The data dictionary of the published tasks with their assignments (tasks.csv / tasks.json). */
export const TASK_FIELDS: Field[] = [
  f('planId', '计划编号', 'string', '计划的稳定编号', 'Stable id of the plan', 12),
  f('year', '年度', 'integer', '计划年度', 'Plan year', 8),
  f(
    'seq',
    '序号',
    'string',
    '分工表中的序号：领域、任务（子任务），如 二、3(1)',
    '序号 in the 分工表: area、task(sub), e.g. 二、3(1)',
    8,
  ),
  f('taskId', '任务编号', 'string', '任务的稳定编号', 'Stable id of the task', 12),
  f('area', '领域', 'string', '所属领域（报告中的分部分标题）', 'The area (section) of the report', 22),
  f('title', '重点工作', 'string', '任务标题', 'Task title', 24),
  f('text', '具体任务', 'string', '报告原文中的任务表述', 'The task as written in the report', 50),
  f('leader', '责任领导', 'string', '责任领导', 'Responsible leader', 10),
  f('leadDepartment', '牵头单位', 'string', '牵头单位', 'Lead department', 14),
  f(
    'cooperatingDepartments',
    '配合单位',
    'string[]',
    '配合单位，以“、”分隔（JSON 中为数组）',
    'Cooperating departments (、-separated in CSV)',
    20,
  ),
  f('deadline', '完成时限', 'string', '完成时限（原文写法）', 'Deadline as written', 10),
  f(
    'deadlineDate',
    '完成日期',
    'date',
    '完成时限对应的日期 YYYY-MM-DD（持续推进的为空）',
    'Deadline as a date (empty when open-ended)',
    11,
  ),
  f('targets', '量化指标数', 'integer', '该任务的量化指标个数', 'Number of targets', 8),
  f('status', '状态', 'string', 'done / green / yellow / red / grey', 'Status level', 8),
  f('statusReason', '状态说明', 'string', '状态的依据', 'Why the status is what it is', 28),
  f(
    'latestPeriod',
    '最新进展期',
    'string',
    '最近一次审核通过的进展所属期',
    'Period of the latest accepted progress',
    10,
  ),
  f(
    'latestProgress',
    '最新进展',
    'string',
    '最近一次审核通过的进展情况',
    'Latest accepted progress narrative',
    40,
  ),
];

function seqMap(view: PlanView): Map<string, { seq: string; area: string }> {
  const out = new Map<string, { seq: string; area: string }>();
  for (const a of numberPlan(view)) {
    for (const { ref } of a.tasks) {
      out.set(ref.id, {
        seq: fullSeq(a.n, ref),
        area: bareTitle(a.section.title),
      });
    }
  }
  return out;
}

function targetRows(view: PlanView): Cell[][] {
  const seqs = seqMap(view);
  return view.tasks.flatMap((t) =>
    t.targets.map((g) => [
      view.id,
      view.year,
      seqs.get(t.id)?.seq ?? '',
      t.id,
      t.title,
      g.id,
      g.subject,
      targetValueText(g),
      g.comparator,
      g.low,
      g.high,
      g.unit,
      g.direction,
      g.dueYear,
      t.assignment?.leadDepartment ?? null,
      g.latest?.period ?? null,
      g.latest?.actual ?? null,
      g.status.level,
      g.status.reason,
      g.quote,
    ]),
  );
}

function taskRows(view: PlanView, joinList: (l: string[]) => Cell): Cell[][] {
  const seqs = seqMap(view);
  return view.tasks.map((t) => [
    view.id,
    view.year,
    seqs.get(t.id)?.seq ?? '',
    t.id,
    seqs.get(t.id)?.area ?? '',
    t.title,
    t.text,
    t.assignment?.leader ?? null,
    t.assignment?.leadDepartment ?? null,
    joinList(t.assignment?.cooperatingDepartments ?? []),
    t.assignment?.deadline ?? null,
    t.assignment?.deadlineDate ?? null,
    t.targets.length,
    t.status.level,
    t.status.reason,
    t.latestProgress?.period ?? null,
    t.latestProgress?.progress ?? null,
  ]);
}

export type OpenDataJson = {
  plan: {
    id: string;
    title: string;
    year: number;
    region: string | null;
    publishedAt: string | null;
    updatedAt: string;
  };
  fields: Field[];
  items: Record<string, unknown>[];
};

const planHead = (v: PlanView): OpenDataJson['plan'] => ({
  id: v.id,
  title: v.title,
  year: v.year,
  region: v.region,
  publishedAt: v.publishedAt,
  updatedAt: v.updatedAt,
});

/**
 * Open data of a published plan (no login): its targets with the latest accepted actual and status,
 * or its tasks with their assignments, as CSV (UTF-8 with BOM) or JSON with the data dictionary.
 * @example publicOpenData(ctx, planId, 'targets', 'json') -> { plan: {…}, fields: [...], items: [{ subject: '新增贷款', goal: '≥175亿元', … }] }
 */
export async function publicOpenData(
  ctx: ServiceContext,
  planId: string,
  what: 'targets' | 'tasks',
  format: 'csv',
): Promise<string>;
export async function publicOpenData(
  ctx: ServiceContext,
  planId: string,
  what: 'targets' | 'tasks',
  format: 'json',
): Promise<OpenDataJson>;
export async function publicOpenData(
  ctx: ServiceContext,
  planId: string,
  what: 'targets' | 'tasks',
  format: 'csv' | 'json',
): Promise<string | OpenDataJson> {
  const view = await getPublicPlanView(ctx, planId);
  const fields = what === 'targets' ? TARGET_FIELDS : TASK_FIELDS;
  if (format === 'csv') {
    return toCsv(fields, what === 'targets' ? targetRows(view) : taskRows(view, (l) => l.join('、')));
  }
  const rows = what === 'targets' ? targetRows(view) : taskRows(view, (l) => l.join('\u0000'));
  const items = toRecords(fields, rows).map((r) =>
    what === 'tasks'
      ? {
          ...r,
          cooperatingDepartments: String(r.cooperatingDepartments ?? '')
            .split('\u0000')
            .filter((x) => x !== ''),
        }
      : r,
  );
  return { plan: planHead(view), fields, items };
}

const PROGRESS_FIELDS: Field[] = [
  f('period', '报送期', 'string', 'YYYY-MM', 'YYYY-MM', 9),
  f('seq', '序号', 'string', '任务序号', 'Task 序号', 7),
  f('task', '重点工作', 'string', '任务', 'Task', 24),
  f('department', '报送单位', 'string', '报送单位', 'Reporting department', 14),
  f('role', '承担方式', 'string', '牵头 / 配合', 'lead / cooperating', 8),
  f('state', '状态', 'string', 'draft / submitted / accepted / returned', 'Report state', 9),
  f('values', '实际值', 'string', '指标：实际值', 'target: actual', 24),
  f('progress', '进展情况', 'string', '进展情况', 'Progress', 40),
  f('problems', '存在问题', 'string', '存在问题', 'Problems', 28),
  f('nextSteps', '下一步措施', 'string', '下一步措施', 'Next steps', 28),
  f('submittedAt', '报送时间', 'string', 'ISO 8601', 'ISO 8601', 18),
];

const OUTLINE_FIELDS: Field[] = [
  f('level', '层级', 'integer', '章节层级', 'Depth', 6),
  f('title', '章节', 'string', '章节标题', 'Section title', 50),
  f('kind', '类型', 'string', 'review 回顾 / plan 部署 / other', 'Section kind', 8),
  f('tasks', '重点工作数', 'integer', '直接包含的任务数', 'Tasks directly in it', 10),
  f('status', '状态', 'string', '汇总状态', 'Rolled-up status', 8),
  f('statusReason', '状态说明', 'string', '状态的依据', 'Why', 50),
];

/**
 * The whole plan as one workbook, a sheet per part: outline, targets, assignments, progress
 * (office, leaders and admin: it holds every department's reports).
 */
export async function exportWholePlan(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
): Promise<{ fileName: string; bytes: Buffer }> {
  requireAbility(actor, 'readAllProgress');
  const view = await getPlanView(ctx, actor, planId);
  const [progress, departments] = await Promise.all([
    listProgressOfPlan(ctx.store.db, planId),
    listDepartments(ctx.store.db, actor.tenantId),
  ]);
  const deptName = new Map(departments.map((d) => [d.id, d.name] as const));
  const seqs = seqMap(view);
  const taskById = new Map(view.tasks.map((t) => [t.id, t] as const));
  const subjectOf = new Map(view.tasks.flatMap((t) => t.targets.map((g) => [g.id, g.subject] as const)));
  const outline: Cell[][] = [];
  const count = new Map<string, number>();
  for (const t of view.tasks) count.set(t.sectionId, (count.get(t.sectionId) ?? 0) + 1);
  const walk = (s: SectionView): void => {
    outline.push([
      s.depth,
      `${'　'.repeat(Math.max(0, s.depth - 1))}${s.title}`,
      s.kind,
      count.get(s.id) ?? 0,
      s.status.level,
      s.status.reason,
    ]);
    s.children.forEach(walk);
  };
  view.sections.forEach(walk);
  const progressRows: Cell[][] = progress.map((p) => {
    const t = taskById.get(p.task_id);
    return [
      p.period,
      seqs.get(p.task_id)?.seq ?? '',
      t?.title ?? p.task_id,
      deptName.get(p.department_id) ?? p.department_id,
      t?.assignment?.leadDepartmentId === p.department_id ? '牵头' : '配合',
      p.state,
      p.values.map((v) => `${subjectOf.get(v.target_id) ?? v.target_id}：${v.actual}`).join('\n'),
      p.progress,
      p.problems,
      p.next_steps,
      p.submitted_at,
    ];
  });
  const title = `${view.region ?? ''}${view.year}年政府工作报告`;
  const bytes = await buildTablesWorkbook([
    { name: '大纲', title: `${title}：大纲与状态`, fields: OUTLINE_FIELDS, rows: outline },
    { name: '指标', title: `${title}：量化指标`, fields: TARGET_FIELDS, rows: targetRows(view) },
    {
      name: '分工',
      title: `${title}：任务分工`,
      fields: TASK_FIELDS,
      rows: taskRows(view, (l) => l.join('、')),
    },
    { name: '进展', title: `${title}：进展报送`, fields: PROGRESS_FIELDS, rows: progressRows },
  ]);
  return { fileName: `${title}（全部数据）.xlsx`, bytes };
}

/** An example value of each open-data field, as it appears in targets.json / tasks.json. */
const EXAMPLES: Record<'targets' | 'tasks', Record<string, unknown>> = {
  targets: {
    planId: '01fpl3k2m0a4c9e1b27d5f8e06',
    year: 2017,
    taskSeq: '一、2',
    taskId: '01fpl3k2m4d7e2a90c3b61f4a8',
    task: '扩大有效投资',
    targetId: '01fpl3k2m9b3f6d1e84a7c20d5',
    subject: '新增贷款',
    goal: '≥175亿元',
    comparator: '>=',
    low: 175,
    high: 175,
    unit: '亿元',
    direction: 'increase',
    dueYear: 2017,
    leadDepartment: '市金融办',
    latestPeriod: '2017-06',
    latestActual: 120,
    status: 'green',
    statusReason: '完成69%，序时进度50%',
    quote: '新增贷款175亿元',
  },
  tasks: {
    planId: '01fpl3k2m0a4c9e1b27d5f8e06',
    year: 2017,
    seq: '三、1(2)',
    taskId: '01fpl3k2m4d7e2a90c3b61f4a8',
    area: '着力保障改善民生',
    title: '发展更高质量的教育',
    text: '新建改扩建幼儿园50所以上……',
    leader: '张三',
    leadDepartment: '市教育局',
    cooperatingDepartments: ['市财政局', '市住建局'],
    deadline: '年底前',
    deadlineDate: '2017-12-31',
    targets: 2,
    status: 'yellow',
    statusReason: '完成40%，低于序时进度50%',
    latestPeriod: '2017-06',
    latestProgress: '已开工幼儿园32所',
  },
};

export type OpenDataDictionary = {
  datasets: {
    name: 'targets' | 'tasks';
    label: string;
    labelEn: string;
    /** URL templates relative to the API root; {planId} is a published plan's id. */
    csv: string;
    json: string;
    fields: (Field & { example: unknown })[];
  }[];
};

/**
 * The data dictionary of the open data (no login): every field of targets.csv/json and tasks.csv/json
 * with its Chinese name, type, meaning and an example value.
 * @example openDataDictionary() -> { datasets: [{ name: 'targets', csv: '/public/plans/{planId}/targets.csv', fields: [{ name: 'goal', label: '目标值', example: '≥175亿元', … }] }, …] }
 */
export function openDataDictionary(): OpenDataDictionary {
  const set = (name: 'targets' | 'tasks', label: string, labelEn: string, fields: Field[]) => ({
    name,
    label,
    labelEn,
    csv: `/public/plans/{planId}/${name}.csv`,
    json: `/public/plans/{planId}/${name}.json`,
    fields: fields.map(({ width: _w, ...x }) => ({ ...x, example: EXAMPLES[name][x.name] ?? null })),
  });
  return {
    datasets: [
      set(
        'targets',
        '量化指标（含最新实际值和状态）',
        'Targets with their latest actual and status',
        TARGET_FIELDS,
      ),
      set('tasks', '重点工作及分工', 'Tasks with their assignments', TASK_FIELDS),
    ],
  };
}
