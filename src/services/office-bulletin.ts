import { buildBulletinDocx, type BulletinData } from '../office/bulletin.ts';
import {
  findChartFont,
  renderDepartmentRanking,
  renderStatusChart,
  type ChartFont,
} from '../office/charts.ts';
import { periodDueDate, periodEndDate, type LocalDate } from '../core/plan/evaluate-dates.ts';
import { comparableText } from '../office/text.ts';
import { listProgressOfPlan, type ProgressRecord } from '../store/progress-repository.ts';
import { listDepartments } from '../store/tenant-repository.ts';
import type { Actor, ServiceContext } from './context.ts';
import { invalid } from './errors.ts';
import { bareTitle, fullSeq, numberPlan } from './office-fengong.ts';
import { requireAbility } from './permissions.ts';
import { getPlanView, type PlanView, type TaskView } from './plan-view.ts';
import { loadSettings, localDate, tenantTimeZone } from './supervision-settings.ts';

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export type BoilerplateFlag = {
  taskId: string;
  seq: string;
  task: string;
  department: string;
  departmentId: string;
  field: 'problems' | 'nextSteps';
  label: '存在问题' | '下一步措施';
  kind: 'empty' | 'repeated';
  text: string;
  /** The earlier period whose text is repeated. */
  previousPeriod: string | null;
  /** Whether the task is behind 序时进度 (its cause and next step go into the bulletin). */
  behind: boolean;
};

type PeriodData = {
  view: PlanView;
  seqOf: Map<string, string>;
  current: Map<string, ProgressRecord>;
  previous: Map<string, ProgressRecord>;
  /** task/department keys whose report of the period was in by its reporting deadline. */
  reported: Set<string>;
  /** The period's reporting deadline (tenant's calendar). */
  due: LocalDate;
  deptName: Map<string, string>;
};

const reportedStates = new Set(['submitted', 'accepted']);

/** The moment a period's bulletin speaks of: ten days after the period ends, or `now` if earlier. */
export function asOfPeriod(now: Date, period: string): Date {
  const [y, m] = period.split('-').map(Number);
  const deadline = new Date(Date.UTC(y ?? 1970, m ?? 1, 10, 16, 0, 0) - 1);
  return now.getTime() < deadline.getTime() ? now : deadline;
}

async function loadPeriod(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  period: string,
): Promise<PeriodData> {
  requireAbility(actor, 'readAllProgress');
  if (!PERIOD.exec(period))
    throw invalid('报送期应为 YYYY-MM，例如 2017-06', 'The period must be YYYY-MM, e.g. 2017-06');
  const [progress, departments, timeZone, settings] = await Promise.all([
    listProgressOfPlan(ctx.store.db, planId),
    listDepartments(ctx.store.db, actor.tenantId),
    tenantTimeZone(ctx.store.db, actor.tenantId),
    loadSettings(ctx.store.db, actor.tenantId),
  ]);
  // The plan as of the end of the period (or today, if the period has not ended): 序时进度 at that
  // date, figures from reports of that period and earlier (as reviewed since), nothing of later periods.
  const today = localDate(ctx.now(), timeZone);
  const end = periodEndDate(period);
  const view = await getPlanView(ctx, actor, planId, today < end ? today : end, { reviewedBy: today });
  const due = periodDueDate(period, settings.settings.reporting);
  const onTime = (p: ProgressRecord): boolean =>
    p.submitted_at !== null && localDate(p.submitted_at, timeZone) <= due;
  const seqOf = new Map<string, string>();
  for (const area of numberPlan(view)) {
    for (const { ref } of area.tasks) seqOf.set(ref.id, fullSeq(area.n, ref));
  }
  // Per task and department: the report of this period and the latest one before it.
  const current = new Map<string, ProgressRecord>();
  const previous = new Map<string, ProgressRecord>();
  const reported = new Set<string>();
  for (const p of progress) {
    if (!reportedStates.has(p.state)) continue;
    const key = `${p.task_id}/${p.department_id}`;
    if (p.period === period) {
      current.set(key, p);
      if (onTime(p)) reported.add(key);
    } else if (p.period < period) {
      const prev = previous.get(key);
      if (!prev || p.period > prev.period) previous.set(key, p);
    }
  }
  return {
    view,
    seqOf,
    current,
    previous,
    reported,
    due,
    deptName: new Map(departments.map((d) => [d.id, d.name])),
  };
}

const isBehind = (t: TaskView): boolean => t.status.level === 'yellow' || t.status.level === 'red';

function flagsOf(data: PeriodData): BoilerplateFlag[] {
  const flags: BoilerplateFlag[] = [];
  for (const t of data.view.tasks) {
    const lead = t.assignment?.leadDepartmentId;
    if (!lead) continue;
    const key = `${t.id}/${lead}`;
    const cur = data.current.get(key);
    if (!cur) continue;
    const prev = data.previous.get(key);
    for (const [field, label, text, before] of [
      ['problems', '存在问题', cur.problems, prev?.problems],
      ['nextSteps', '下一步措施', cur.next_steps, prev?.next_steps],
    ] as const) {
      const empty = comparableText(text).replace(/^(?:无|暂无|没有)$/u, '') === '';
      const repeated = !empty && before !== undefined && comparableText(before) === comparableText(text);
      if (!empty && !repeated) continue;
      flags.push({
        taskId: t.id,
        seq: data.seqOf.get(t.id) ?? '',
        task: t.title,
        department: data.deptName.get(lead) ?? lead,
        departmentId: lead,
        field,
        label,
        kind: empty ? 'empty' : 'repeated',
        text,
        previousPeriod: repeated ? (prev?.period ?? null) : null,
        behind: isBehind(t),
      });
    }
  }
  return flags;
}

/**
 * Boilerplate to fix before a bulletin goes out: each task whose lead department's cause (存在问题)
 * or next step (下一步措施) for the period is empty or repeats its previous report word for word.
 * @example bulletinFlags(ctx, coordinator, planId, '2017-06') -> { flags: [{ task: '…', label: '下一步措施', kind: 'repeated', previousPeriod: '2017-05' }] }
 */
export async function bulletinFlags(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  period: string,
): Promise<{ period: string; flags: BoilerplateFlag[] }> {
  return { period, flags: flagsOf(await loadPeriod(ctx, actor, planId, period)) };
}

const LEVEL_NAMES = {
  done: '已完成',
  green: '正常推进',
  yellow: '滞后',
  red: '严重滞后',
  grey: '未报送',
} as const;

function chinaDate(d: Date): string {
  const s = new Date(d.getTime() + 8 * 3600_000);
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日`;
}

/** The bulletin's content as plain data (figures, lists, narrative), charts rendered to PNG. */
export function composeBulletin(
  data: PeriodData,
  period: string,
  options: { now: Date; docNumber?: string; issuer?: string; font: ChartFont | null },
): BulletinData {
  const { view } = data;
  const [y, m] = period.split('-').map(Number);
  const region = view.region ?? '';
  const tasks = view.tasks;
  const counts = { done: 0, green: 0, yellow: 0, red: 0, grey: 0 };
  for (const t of tasks) counts[t.status.level] += 1;
  const targets = tasks.flatMap((t) => t.targets);
  const withValue = targets.filter((t) => t.latest !== null).length;
  const assigned = tasks.filter((t) => t.assignment?.leadDepartmentId);
  const reportedTasks = assigned.filter((t) =>
    data.reported.has(`${t.id}/${t.assignment?.leadDepartmentId ?? ''}`),
  );
  const pct = (a: number, b: number): string =>
    b === 0 ? '0' : ((a * 100) / b).toFixed(1).replace(/\.0$/u, '');
  const overall = [
    `${view.year}年政府工作报告确定的${tasks.length}项重点工作、${targets.length}项量化指标，已全部分解到${new Set(assigned.map((t) => t.assignment?.leadDepartmentId)).size}个牵头单位。截至${y}年${m}月底，已完成${counts.done}项，正常推进${counts.green}项，滞后于序时进度${counts.yellow}项，严重滞后${counts.red}项，尚无审核通过进展的${counts.grey}项；按序时进度推进率${pct(counts.done + counts.green, tasks.length)}%。`,
    `本期应报送进展${assigned.length}项，按时报送${reportedTasks.length}项，按时报送率${pct(reportedTasks.length, assigned.length)}%；${targets.length}项量化指标中已有${withValue}项报送了实际值。`,
  ];
  const ranking = new Map<string, { total: number; ok: number }>();
  for (const t of assigned) {
    const name = data.deptName.get(t.assignment?.leadDepartmentId ?? '') ?? '';
    const r = ranking.get(name) ?? { total: 0, ok: 0 };
    r.total += 1;
    if (t.status.level === 'done' || t.status.level === 'green') r.ok += 1;
    ranking.set(name, r);
  }
  const charts: BulletinData['charts'] = [];
  const statusPng = renderStatusChart(
    (Object.keys(LEVEL_NAMES) as (keyof typeof LEVEL_NAMES)[]).map((l) => ({
      name: LEVEL_NAMES[l],
      value: counts[l],
    })),
    options.font,
  );
  charts.push({ title: '图1 重点工作推进状态分布', png: statusPng, width: 640, height: 400 });
  const rankItems = [...ranking.entries()].map(([name, r]) => ({
    name,
    value: Math.round((r.ok * 100) / r.total),
  }));
  if (rankItems.length > 0) {
    charts.push({
      title: '图2 各牵头单位按序时进度推进率',
      png: renderDepartmentRanking(rankItems, options.font),
      width: 720,
      height: Math.max(260, 70 + rankItems.length * 24),
    });
  }
  const nameOf = (t: TaskView): string =>
    data.deptName.get(t.assignment?.leadDepartmentId ?? '') ?? '未明确牵头单位';
  const ahead = tasks
    .filter((t) => {
      if (t.status.level === 'done') return true;
      const gaps = t.targets.map((x) =>
        x.status.completion !== null && x.status.expected !== null
          ? x.status.completion - x.status.expected
          : null,
      );
      return gaps.length > 0 && gaps.every((g) => g !== null && g >= 0.1);
    })
    .slice(0, 15)
    .map((t) => ({ task: bareTitle(t.title), department: nameOf(t), note: t.status.reason }));
  const behindByDept = new Map<string, BulletinData['behind'][number]['tasks']>();
  for (const t of tasks.filter(isBehind)) {
    const lead = t.assignment?.leadDepartmentId ?? '';
    const cur = data.current.get(`${t.id}/${lead}`);
    const list = behindByDept.get(nameOf(t)) ?? [];
    list.push({
      task: bareTitle(t.title),
      reason: t.status.reason,
      cause: (cur?.problems ?? t.latestProgress?.problems ?? '').replace(/[。；;]+$/u, ''),
      nextSteps: (cur?.next_steps ?? t.latestProgress?.nextSteps ?? '').replace(/[。；;]+$/u, ''),
    });
    behindByDept.set(nameOf(t), list);
  }
  const late = new Map<string, string[]>();
  for (const t of tasks) {
    const a = t.assignment;
    if (!a?.leadDepartmentId) continue;
    for (const d of [a.leadDepartmentId, ...a.cooperatingDepartmentIds]) {
      if (data.reported.has(`${t.id}/${d}`)) continue;
      const name = data.deptName.get(d) ?? d;
      late.set(name, [...(late.get(name) ?? []), bareTitle(t.title)]);
    }
  }
  const short = region.replace(/[市县区省]$/u, '').slice(0, 1);
  return {
    issuer: options.issuer ?? `${region}人民政府督查室`,
    docNumber: options.docNumber ?? `${short}政督〔${y}〕${m}号`,
    title: `关于${y}年${m}月份政府工作报告重点工作推进情况的通报`,
    recipients: '各县（市、区）人民政府，市人民政府各部门：',
    date: chinaDate(options.now),
    overall,
    charts,
    ahead,
    behind: [...behindByDept.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([department, list]) => ({ department, tasks: list })),
    late: [...late.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([department, list]) => ({ department, tasks: list })),
    requirements: [
      '对照序时进度查漏补缺。滞后单位要逐项分析原因，制定追赶措施，明确时间节点和责任人，确保下期进度赶上序时要求。',
      '如实报送进展情况。各单位要在每月5日前报送上月进展，存在问题和下一步措施要结合本期实际填写，不得照抄上期内容。',
      `强化督查问责。市政府督查室将对严重滞后和未按时报送的单位进行重点督办，督办情况纳入${view.year}年度目标绩效考核。`,
    ],
  };
}

/**
 * The 督查通报 of a period as .docx (office, leaders, admin), with the boilerplate flags counted so the
 * caller can warn that they were not fixed.
 * @example exportBulletin(ctx, coordinator, planId, { period: '2017-06' }) -> { fileName: '督查通报（2017年6月）.docx', bytes, flags: 3 }
 */
export async function exportBulletin(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  input: { period: string; docNumber?: string; issuer?: string; chartFont?: string | null },
): Promise<{ fileName: string; bytes: Buffer; flags: number }> {
  const data = await loadPeriod(ctx, actor, planId, input.period);
  const content = composeBulletin(data, input.period, {
    now: asOfPeriod(ctx.now(), input.period),
    font: findChartFont(input.chartFont ?? null),
    ...(input.docNumber ? { docNumber: input.docNumber } : {}),
    ...(input.issuer ? { issuer: input.issuer } : {}),
  });
  const bytes = await buildBulletinDocx(content);
  const [y, m] = input.period.split('-').map(Number);
  return { fileName: `督查通报（${y}年${m}月）.docx`, bytes, flags: flagsOf(data).length };
}
