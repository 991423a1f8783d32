import {
  buildProgressTemplate,
  parseProgressTemplate,
  type FilledTemplate,
} from '../office/progress-template.ts';
import { newId } from '../store/ids.ts';
import { getAssignment, getPlanById, getTargetsOfTask, getTaskById } from '../store/plan-repository.ts';
import {
  createProgress,
  findProgress,
  replaceProgressValues,
  updateProgress,
} from '../store/progress-repository.ts';
import type { ProgressState } from '../store/schema.ts';
import { getDepartmentById } from '../store/tenant-repository.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { AppError, conflict, forbidden, invalid, notFound } from './errors.ts';
import { bareTitle, fullSeq, numberPlan, targetValueText } from './office-fengong.ts';
import { requireAbility } from './permissions.ts';
import { getPlanView } from './plan-view.ts';

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

function checkPeriod(period: string, year: number): void {
  const m = PERIOD.exec(period);
  if (!m) throw invalid('报送期应为 YYYY-MM，例如 2017-06', 'The period must be YYYY-MM, e.g. 2017-06');
  const y = Number(m[1]);
  if (y < year || y > year + 10) {
    throw invalid(`报送期 ${period} 不在计划年度内`, `The period ${period} is outside the plan's years`);
  }
}

/** Reporters act for their own department only; the office (督查室) for any. */
function departmentFor(actor: Actor, requested: string | undefined): string {
  if (actor.role === 'reporter') {
    if (actor.departmentId === null)
      throw invalid('当前账号未绑定单位', 'This account is not bound to a department');
    if (requested !== undefined && requested !== actor.departmentId) {
      throw forbidden('只能下载本单位的报送模板', "You can only get your own department's template");
    }
    return actor.departmentId;
  }
  if (requested === undefined) throw invalid('请指定单位（department）', 'Name the department');
  return requested;
}

/**
 * The progress template of a department for a period: every task it leads or cooperates on, with
 * targets and their latest accepted actual pre-filled.
 * @example exportProgressTemplate(ctx, reporter, planId, { period: '2017-06' }) -> { fileName: '教育局2017-06进展报送表.xlsx', bytes }
 */
export async function exportProgressTemplate(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  input: { departmentId?: string; period: string },
): Promise<{ fileName: string; bytes: Buffer }> {
  const view = await getPlanView(ctx, actor, planId);
  checkPeriod(input.period, view.year);
  const departmentId = departmentFor(actor, input.departmentId);
  const dept = await getDepartmentById(ctx.store.db, actor.tenantId, departmentId);
  if (!dept) throw notFound('单位', 'Department');
  const tasks = numberPlan(view).flatMap((area) =>
    area.tasks
      .filter(({ task }) => {
        const a = task.assignment;
        return (
          a !== null &&
          (a.leadDepartmentId === departmentId || a.cooperatingDepartmentIds.includes(departmentId))
        );
      })
      .map(({ task, ref }) => ({
        taskId: task.id,
        seq: fullSeq(area.n, ref),
        title: task.title,
        role: task.assignment?.leadDepartmentId === departmentId ? ('牵头' as const) : ('配合' as const),
        deadline: task.assignment?.deadline ?? '',
        targets: task.targets.map((t) => ({
          targetId: t.id,
          subject: t.subject,
          goal: targetValueText(t),
          unit: t.unit,
          previous: t.latest?.actual ?? null,
        })),
      })),
  );
  const bytes = await buildProgressTemplate({
    title: `${view.region ?? ''}${view.year}年政府工作报告重点工作`,
    planId: view.id,
    departmentId,
    department: dept.name,
    period: input.period,
    tasks,
  });
  return { fileName: `${dept.name}${input.period}进展报送表.xlsx`, bytes };
}

export type ProgressImportItem = {
  file: string;
  department: string;
  period: string;
  taskId: string;
  title: string;
  action: 'create' | 'resubmit';
  values: number;
  /** Uploaded by the office (督查室) on behalf of the department, not by the department itself. */
  onBehalf: boolean;
};

export type ProgressImportResult = {
  dryRun: boolean;
  applied: boolean;
  reports: ProgressImportItem[];
  problems: { file: string; row: number | null; message: string; messageEn: string }[];
};

type Checked = {
  filled: FilledTemplate;
  file: string;
  existing: Map<string, { id: string; version: number; state: ProgressState }>;
};

/**
 * Filled templates, uploaded together, become submitted progress reports: all of them, or none when
 * any row of any file has a problem (a value that is not a number, a task the department does not
 * carry, a report already submitted for the period, the same department and period twice).
 */
export async function importProgressTemplates(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  files: { fileName: string; bytes: Uint8Array }[],
  options: { dryRun: boolean; onFile?: (done: number, total: number) => void },
): Promise<ProgressImportResult> {
  // Departments upload their own templates; the office (督查室) may upload the files it collected.
  if (actor.role !== 'system' && actor.role !== 'coordinator') requireAbility(actor, 'submitProgress');
  if (files.length === 0) throw invalid('请上传填好的报送模板', 'Upload the filled templates');
  const plan = await getPlanById(ctx.store.db, actor.tenantId, planId);
  if (!plan || (plan.state === 'draft' && actor.role === 'reporter')) throw notFound('计划', 'Plan');
  if (plan.state !== 'published') {
    throw new AppError(
      409,
      'plan-not-published',
      '计划尚未发布或已归档，不能报送进展',
      'The plan is not published',
    );
  }
  const problems: ProgressImportResult['problems'] = [];
  const reports: ProgressImportItem[] = [];
  const checked: Checked[] = [];
  const seen = new Map<string, string>();
  for (const [i, f] of files.entries()) {
    const filled = await parseProgressTemplate(f.bytes, f.fileName);
    const file = f.fileName;
    const add = (row: number | null, message: string, messageEn: string): void => {
      problems.push({
        file,
        row,
        message: `${file}${row === null ? '' : ` 第${row}行`}：${message}`,
        messageEn,
      });
    };
    problems.push(...filled.problems.map((p) => ({ ...p, file })));
    options.onFile?.(i + 1, files.length);
    if (filled.planId === '') continue;
    if (filled.planId !== planId) {
      add(null, '模板属于另一个计划', 'the template belongs to another plan');
      continue;
    }
    try {
      checkPeriod(filled.period, plan.year);
    } catch {
      add(null, `模板的报送期「${filled.period}」无效`, `invalid period "${filled.period}"`);
      continue;
    }
    if (actor.role === 'reporter' && filled.departmentId !== actor.departmentId) {
      add(null, `这是「${filled.department}」的模板，只能报送本单位的进展`, "not your department's template");
      continue;
    }
    const dept = await getDepartmentById(ctx.store.db, actor.tenantId, filled.departmentId);
    if (!dept) {
      add(null, `单位「${filled.department}」不存在`, `department "${filled.department}" does not exist`);
      continue;
    }
    const key = `${filled.departmentId}/${filled.period}`;
    const twice = seen.get(key);
    if (twice !== undefined) {
      add(null, `与「${twice}」是同一单位同一报送期的模板`, `same department and period as "${twice}"`);
      continue;
    }
    seen.set(key, file);
    if (filled.reports.length === 0 && filled.problems.length === 0) {
      add(null, '模板中没有填写任何进展', 'nothing is filled in');
      continue;
    }
    const existing = new Map<string, { id: string; version: number; state: ProgressState }>();
    for (const r of filled.reports) {
      const task = await getTaskById(ctx.store.db, actor.tenantId, r.taskId);
      if (!task || task.plan_id !== planId) {
        add(r.row, `任务「${r.title}」不在本计划中`, `task "${r.title}" is not in this plan`);
        continue;
      }
      const a = await getAssignment(ctx.store.db, task.id);
      const involved =
        a !== null && (a.lead_department_id === dept.id || a.cooperatingDepartmentIds.includes(dept.id));
      if (!involved) {
        add(
          r.row,
          `「${dept.name}」不承担任务「${task.title}」`,
          `${dept.name} does not carry "${task.title}"`,
        );
        continue;
      }
      const targetIds = new Set((await getTargetsOfTask(ctx.store.db, task.id)).map((t) => t.id));
      for (const v of r.values) {
        if (!targetIds.has(v.targetId))
          add(v.row, '指标不属于该任务（请勿修改隐藏列）', 'target does not belong to the task');
      }
      const prev = await findProgress(ctx.store.db, task.id, dept.id, filled.period);
      if (prev && (prev.state === 'submitted' || prev.state === 'accepted')) {
        add(
          r.row,
          `「${task.title}」${filled.period} 的进展已报送（${prev.state === 'accepted' ? '已审核通过' : '待审核'}），不能重复报送`,
          `already ${prev.state} for ${filled.period}`,
        );
        continue;
      }
      if (prev) existing.set(task.id, { id: prev.id, version: prev.version, state: prev.state });
      reports.push({
        file,
        department: dept.name,
        period: filled.period,
        taskId: task.id,
        title: bareTitle(task.title),
        action: prev ? 'resubmit' : 'create',
        values: r.values.length,
        onBehalf: actor.role !== 'reporter',
      });
    }
    checked.push({ filled, file, existing });
  }
  const result: ProgressImportResult = { dryRun: options.dryRun, applied: false, reports, problems };
  if (options.dryRun) return result;
  if (problems.length > 0) {
    throw new AppError(
      422,
      'invalid-file',
      `报送模板有 ${problems.length} 处错误，未导入任何内容：${problems
        .slice(0, 3)
        .map((p) => p.message)
        .join('；')}${problems.length > 3 ? '…' : ''}`,
      `The templates have ${problems.length} problem(s); nothing was imported`,
      { problems },
    );
  }
  await inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    for (const { filled, existing, file } of checked) {
      for (const r of filled.reports) {
        const fields = {
          state: 'submitted' as const,
          progress: r.progress,
          problems: r.problems,
          next_steps: r.nextSteps,
          submitted_by: actor.userId,
          submitted_at: nowIso,
          updated_at: nowIso,
        };
        const prev = existing.get(r.taskId);
        let id: string;
        if (prev) {
          id = prev.id;
          const ok = await updateProgress(trx, prev.id, prev.version, {
            ...fields,
            reviewed_by: null,
            reviewed_at: null,
          });
          if (!ok) throw conflict();
        } else {
          id = newId();
          const task = await getTaskById(trx, actor.tenantId, r.taskId);
          if (!task) throw notFound('任务', 'Task');
          const again = await findProgress(trx, r.taskId, filled.departmentId, filled.period);
          if (again) throw conflict();
          await createProgress(trx, {
            id,
            tenant_id: actor.tenantId,
            plan_id: planId,
            task_id: r.taskId,
            department_id: filled.departmentId,
            period: filled.period,
            reviewed_by: null,
            reviewed_at: null,
            review_reason: null,
            version: 1,
            created_at: nowIso,
            ...fields,
          });
        }
        await replaceProgressValues(
          trx,
          id,
          r.values.map((v) => ({
            id: newId(),
            tenant_id: actor.tenantId,
            progress_id: id,
            target_id: v.targetId,
            actual: v.actual,
          })),
        );
        await audit({
          action: prev ? 'progress.update' : 'progress.create',
          entityType: 'progress',
          entityId: id,
          before: prev ? { state: prev.state, version: prev.version } : null,
          after: {
            taskId: r.taskId,
            departmentId: filled.departmentId,
            period: filled.period,
            state: 'submitted',
            values: r.values.map((v) => ({ targetId: v.targetId, actual: v.actual })),
            source: 'template-import',
            file,
            // The office uploads templates collected from departments: the report stays the
            // department's, submitted by the coordinator on its behalf (submitted_by is the coordinator).
            ...(actor.role === 'reporter'
              ? {}
              : { onBehalfOf: filled.departmentId, submittedByRole: actor.role }),
          },
        });
      }
    }
  });
  return { ...result, applied: true };
}
