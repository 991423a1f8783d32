import { buildFengongWorkbook, parseFengongWorkbook, type FengongGroup } from '../office/fengong.ts';
import {
  planFengongImport,
  type Directory,
  type FengongChange,
  type FengongTaskRef,
} from '../office/fengong-match.ts';
import type { FengongProblem } from '../office/fengong.ts';
import { chineseNumber } from '../office/text.ts';
import { getPlanById, saveAssignment } from '../store/plan-repository.ts';
import { listDepartments, listLeaders, getTenantById } from '../store/tenant-repository.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { resolveDeadline } from './deadline.ts';
import { AppError, conflict, notFound } from './errors.ts';
import { requireAbility } from './permissions.ts';
import { getPlanView, type PlanView, type SectionView, type TaskView } from './plan-view.ts';

/** A section title without its own numbering: "（一）加快…" -> "加快…". */
export function bareTitle(title: string): string {
  return title.replace(
    /^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[.、．])\s*/u,
    '',
  );
}

/** The task's text without its leading title sentence (the 具体任务 column). */
export function taskDetail(t: Pick<TaskView, 'title' | 'text'>): string {
  const text = bareTitle(t.text.trim());
  if (text.startsWith(t.title)) {
    const rest = text.slice(t.title.length).replace(/^[。．.；;，,：:！!\s]+/u, '');
    return rest === '' ? text : rest;
  }
  return text;
}

/**
 * A task's 序号 across the whole table, in the table's own notation (never read as a number or a date
 * by a spreadsheet).
 * @example fullSeq(2, { n: 10, sub: 1 }) -> '二、10(1)'
 */
export function fullSeq(area: number, ref: Pick<FengongTaskRef, 'n' | 'sub'>): string {
  return `${chineseNumber(area)}、${ref.n}${ref.sub === null ? '' : `(${ref.sub})`}`;
}

export type NumberedArea = {
  n: number;
  section: SectionView;
  tasks: { task: TaskView; ref: FengongTaskRef }[];
};

/**
 * Number a plan the way its 分工表 does: each section that holds tasks is an area (一、二、…, in
 * outline order), its tasks 1. 2. … and their sub-tasks (1) (2) ….
 */
export function numberPlan(view: PlanView): NumberedArea[] {
  const bySection = new Map<string, TaskView[]>();
  for (const t of view.tasks) {
    const list = bySection.get(t.sectionId) ?? [];
    list.push(t);
    bySection.set(t.sectionId, list);
  }
  const ordered: SectionView[] = [];
  const walk = (s: SectionView): void => {
    ordered.push(s);
    s.children.forEach(walk);
  };
  view.sections.forEach(walk);
  const areas: NumberedArea[] = [];
  for (const section of ordered) {
    const tasks = bySection.get(section.id);
    if (!tasks || tasks.length === 0) continue;
    const area = areas.length + 1;
    const out: NumberedArea['tasks'] = [];
    const topN = new Map<string, number>();
    const subCount = new Map<string, number>();
    let n = 0;
    for (const task of tasks) {
      const parentN = task.parentId ? topN.get(task.parentId) : undefined;
      let ref: FengongTaskRef;
      const a = task.assignment;
      const current = a
        ? {
            leaderId: a.leaderId,
            leadDepartmentId: a.leadDepartmentId,
            cooperatingDepartmentIds: a.cooperatingDepartmentIds,
            deadline: a.deadline,
            milestones: a.milestones,
            version: a.version ?? 1,
          }
        : null;
      if (task.parentId && parentN !== undefined) {
        const sub = (subCount.get(task.parentId) ?? 0) + 1;
        subCount.set(task.parentId, sub);
        ref = { id: task.id, area, n: parentN, sub, title: task.title, detail: taskDetail(task), current };
      } else {
        n += 1;
        topN.set(task.id, n);
        ref = { id: task.id, area, n, sub: null, title: task.title, detail: taskDetail(task), current };
      }
      out.push({ task, ref });
    }
    areas.push({ n: area, section, tasks: out });
  }
  return areas;
}

const COMPARATOR_TEXT: Record<string, string> = {
  '>=': '≥',
  '>': '>',
  '<=': '≤',
  '<': '<',
  '~': '约',
  '=': '',
};

/** A target's value as a table shows it: "≥175亿元", "2.5–3.5%". */
export function targetValueText(t: { low: number; high: number; unit: string; comparator: string }): string {
  if (t.comparator === 'range' || t.low !== t.high) return `${t.low}–${t.high}${t.unit}`;
  return `${COMPARATOR_TEXT[t.comparator] ?? ''}${t.low}${t.unit}`;
}

/** The file name offices expect: "许昌市2017年政府工作报告重点工作分工表.xlsx". */
function fengongTitle(view: PlanView): string {
  const region = view.region ?? '';
  return `${region}${view.year}年政府工作报告重点工作任务分工表`;
}

/**
 * The plan's 分工表 as an .xlsx workbook (readers of the plan; drafts only for the office).
 * @example exportFengong(ctx, coordinator, planId, { milestones: true }) -> { fileName: '许昌市2017年…分工表.xlsx', bytes }
 */
export async function exportFengong(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  options: { milestones?: boolean; targets?: boolean } = {},
): Promise<{ fileName: string; bytes: Buffer }> {
  const view = await getPlanView(ctx, actor, planId);
  const none = (s: string | null | undefined): string =>
    s === null || s === undefined || s === '' ? '/' : s;
  const groups: FengongGroup[] = numberPlan(view).map((area) => ({
    seq: `${chineseNumber(area.n)}、`,
    title: bareTitle(area.section.title),
    rows: area.tasks.map(({ task, ref }) => {
      const a = task.assignment;
      const ms = (q: number): string => a?.milestones.find((m) => m.quarter === q)?.text ?? '';
      return {
        seq: ref.sub === null ? `${ref.n}.` : `(${ref.sub})`,
        level: ref.sub === null ? 'task' : 'sub',
        keyWork: task.title,
        detail: ref.detail,
        // An assigned task writes "/" for a field it leaves empty, so that a blank cell can mean
        // "same as above" when the table comes back.
        leader: a ? none(a.leader) : '',
        lead: a ? none(a.leadDepartment) : '',
        cooperating: a ? a.cooperatingDepartments.join('、') : '',
        deadline: a ? none(a.deadline) : '',
        ...(options.milestones
          ? { milestones: [ms(1), ms(2), ms(3), ms(4)] as [string, string, string, string] }
          : {}),
        ...(options.targets
          ? { targets: task.targets.map((t) => `${t.subject} ${targetValueText(t)}`).join('\n') }
          : {}),
      };
    }),
  }));
  const title = fengongTitle(view);
  const bytes = await buildFengongWorkbook({
    title,
    groups,
    withMilestones: options.milestones ?? false,
    withTargets: options.targets ?? false,
  });
  return { fileName: `${title}.xlsx`, bytes };
}

export type FengongImportResult = {
  dryRun: boolean;
  applied: boolean;
  summary: { create: number; update: number; unchanged: number; rows: number };
  changes: FengongChange[];
  problems: FengongProblem[];
};

async function directoryOf(ctx: ServiceContext, tenantId: string, region: string | null): Promise<Directory> {
  const [departments, leaders, tenant] = await Promise.all([
    listDepartments(ctx.store.db, tenantId),
    listLeaders(ctx.store.db, tenantId),
    getTenantById(ctx.store.db, tenantId),
  ]);
  return {
    region: region ?? tenant?.name ?? null,
    departments: departments.filter((d) => d.active).map((d) => ({ id: d.id, name: d.name })),
    leaders: leaders.filter((l) => l.active).map((l) => ({ id: l.id, name: l.name, title: l.title })),
  };
}

/**
 * Read a 分工表 (ours or typed by hand in the same layout) and create or update the assignments it
 * gives. Every row is checked first; with any problem nothing is applied (422 with the row-level
 * problems in Chinese). `dryRun` answers the same preview without writing.
 * @example importFengong(ctx, coordinator, planId, bytes, { dryRun: true }) -> { summary: { update: 3, unchanged: 47 }, changes: [...] }
 */
export async function importFengong(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  bytes: Uint8Array,
  options: { dryRun: boolean; onRow?: (done: number, total: number) => void },
): Promise<FengongImportResult> {
  requireAbility(actor, 'editPlans');
  const view = await getPlanView(ctx, actor, planId);
  if (view.state === 'archived') {
    throw new AppError(
      409,
      'plan-archived',
      '计划已归档，不能修改',
      'The plan is archived and cannot be changed',
    );
  }
  const parsed = await parseFengongWorkbook(bytes);
  const areas = numberPlan(view);
  const refs = areas.flatMap((a) => a.tasks.map((t) => t.ref));
  const plan = planFengongImport(parsed, refs, await directoryOf(ctx, actor.tenantId, view.region));
  const summary = {
    create: plan.changes.filter((c) => c.action === 'create').length,
    update: plan.changes.filter((c) => c.action === 'update').length,
    unchanged: plan.changes.filter((c) => c.action === 'unchanged').length,
    rows: parsed.rows.length,
  };
  const result: FengongImportResult = {
    dryRun: options.dryRun,
    applied: false,
    summary,
    changes: plan.changes,
    problems: plan.problems,
  };
  if (options.dryRun) return result;
  if (plan.problems.length > 0) {
    const first = plan.problems.slice(0, 3).map((p) => p.message);
    throw new AppError(
      422,
      'invalid-file',
      `分工表有 ${plan.problems.length} 处错误，未导入任何内容：${first.join('；')}${plan.problems.length > 3 ? '…' : ''}`,
      `The table has ${plan.problems.length} problem(s); nothing was imported`,
      { problems: plan.problems },
    );
  }
  const todo = plan.changes.filter((c) => c.action !== 'unchanged');
  await inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const row = await getPlanById(trx, actor.tenantId, planId);
    if (!row) throw notFound('计划', 'Plan');
    let done = 0;
    for (const c of todo) {
      const deadline = c.next.deadline;
      const saved = await saveAssignment(
        trx,
        {
          task_id: c.taskId,
          tenant_id: actor.tenantId,
          plan_id: planId,
          leader_id: c.next.leaderId,
          lead_department_id: c.next.leadDepartmentId,
          deadline_text: deadline,
          deadline_date: deadline === null ? null : resolveDeadline(deadline, row.year),
          milestones_json: JSON.stringify(c.next.milestones),
          version: 1,
          updated_at: nowIso,
          updated_by: actor.userId,
        },
        c.next.cooperatingDepartmentIds,
        c.version,
      );
      if (!saved) {
        throw conflict(
          `第${c.row}行的任务「${c.title}」的分工已被他人修改，请重新导出后再导入`,
          `The assignment of "${c.title}" (row ${c.row}) changed meanwhile; export again`,
        );
      }
      await audit({
        action: c.action === 'create' ? 'assignment.create' : 'assignment.update',
        entityType: 'assignment',
        entityId: c.taskId,
        before: c.changes.length > 0 ? Object.fromEntries(c.changes.map((f) => [f.field, f.before])) : null,
        after: { ...c.next, version: (c.version ?? 0) + 1, source: 'fengong-import', row: c.row },
      });
      done += 1;
      options.onRow?.(done, todo.length);
    }
    await audit({
      action: 'plan.import-fengong',
      entityType: 'plan',
      entityId: planId,
      after: summary,
    });
  });
  return { ...result, applied: true };
}
