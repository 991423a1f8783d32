import { newId } from '../store/ids.ts';
import {
  countValuesOfTarget,
  createTarget,
  deleteTarget,
  getPlanById,
  getTargetById,
  getTaskById,
  maxTargetOrd,
  updateTarget,
  updateTask,
  type TargetFields,
} from '../store/plan-repository.ts';
import type { Executor } from '../store/db.ts';
import type { TargetTable, TaskTable } from '../store/schema.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { AppError, conflict, invalid, notFound } from './errors.ts';
import { requireAbility } from './permissions.ts';

export type TargetInput = {
  subject: string;
  low: number;
  high: number;
  unit: string;
  comparator: '>=' | '>' | '<=' | '<' | '~' | '=' | 'range';
  direction: 'increase' | 'decrease' | 'keep';
  horizon: 'year' | 'multi-year';
  dueYear: number | null;
};

export type EditedTarget = TargetInput & {
  id: string;
  taskId: string | null;
  quote: string;
  span: [number, number];
  version: number;
};

const toEdited = (t: TargetTable): EditedTarget => ({
  id: t.id,
  taskId: t.task_id,
  quote: t.quote,
  span: [t.span_start, t.span_end],
  subject: t.subject,
  low: t.low,
  high: t.high,
  unit: t.unit,
  comparator: t.comparator as TargetInput['comparator'],
  direction: t.direction as TargetInput['direction'],
  horizon: t.horizon as TargetInput['horizon'],
  dueYear: t.due_year,
  version: t.version,
});

async function editablePlan(trx: Executor, tenantId: string, planId: string): Promise<{ state: string }> {
  const plan = await getPlanById(trx, tenantId, planId);
  if (!plan) throw notFound('计划', 'Plan');
  if (plan.state === 'archived') {
    throw new AppError(
      409,
      'plan-archived',
      '计划已归档，不能修改',
      'The plan is archived and cannot be changed',
    );
  }
  return plan;
}

function checkRange(input: Partial<TargetInput>, current?: TargetTable): void {
  const low = input.low ?? current?.low;
  const high = input.high ?? current?.high;
  if (low !== undefined && high !== undefined && low > high) {
    throw invalid('下限不能大于上限', 'low must not exceed high');
  }
}

/**
 * Correct a task's title (the parser's short title sentence). Stale version: 409.
 * @example updateTaskTitle(ctx, coordinator, { taskId, version: 1, title: '加强规划引领' }) -> { version: 2 }
 */
export async function updateTaskTitle(
  ctx: ServiceContext,
  actor: Actor,
  input: { taskId: string; version: number; title: string },
): Promise<{ id: string; title: string; version: number }> {
  requireAbility(actor, 'editPlans');
  const title = input.title.trim();
  if (title === '') throw invalid('任务标题不能为空', 'The title must not be empty');
  return inTransaction(ctx, actor, async (trx, audit) => {
    const task: TaskTable | null = await getTaskById(trx, actor.tenantId, input.taskId);
    if (!task) throw notFound('任务', 'Task');
    await editablePlan(trx, actor.tenantId, task.plan_id);
    if (!(await updateTask(trx, task.id, input.version, { title }))) {
      throw conflict(undefined, undefined, { version: task.version });
    }
    await audit({
      action: 'task.update',
      entityType: 'task',
      entityId: task.id,
      before: { title: task.title, version: task.version },
      after: { title, version: input.version + 1 },
    });
    return { id: task.id, title, version: input.version + 1 };
  });
}

/**
 * Correct a target the parser read wrongly (subject, bounds, unit, comparator, direction, horizon, due year).
 * The quote and span stay: they point at the source. Stale version: 409.
 */
export async function editTarget(
  ctx: ServiceContext,
  actor: Actor,
  input: { targetId: string; version: number } & Partial<TargetInput>,
): Promise<EditedTarget> {
  requireAbility(actor, 'editPlans');
  return inTransaction(ctx, actor, async (trx, audit) => {
    const target = await getTargetById(trx, actor.tenantId, input.targetId);
    if (!target) throw notFound('指标', 'Target');
    const plan = await editablePlan(trx, actor.tenantId, target.plan_id);
    checkRange(input, target);
    // A published commitment's number or horizon changes only through an adjustment (调整) with its reason and
    // approval, which the public history shows: never a silent rewrite.
    const changesCommitment =
      (input.low !== undefined && input.low !== target.low) ||
      (input.high !== undefined && input.high !== target.high) ||
      (input.unit !== undefined && input.unit.trim() !== target.unit) ||
      (input.comparator !== undefined && input.comparator !== target.comparator) ||
      (input.dueYear !== undefined && input.dueYear !== target.due_year);
    if (plan.state === 'published' && changesCommitment) {
      throw new AppError(
        409,
        'use-adjustment',
        '计划已发布：指标的数值、单位和时限须通过「调整」申请变更，不能直接修改',
        "The plan is published: change a target's number, unit or due year through an adjustment",
      );
    }
    const set: Partial<TargetFields> = {
      ...(input.subject !== undefined ? { subject: input.subject.trim() } : {}),
      ...(input.low !== undefined ? { low: input.low } : {}),
      ...(input.high !== undefined ? { high: input.high } : {}),
      ...(input.unit !== undefined ? { unit: input.unit.trim() } : {}),
      ...(input.comparator !== undefined ? { comparator: input.comparator } : {}),
      ...(input.direction !== undefined ? { direction: input.direction } : {}),
      ...(input.horizon !== undefined ? { horizon: input.horizon } : {}),
      ...(input.dueYear !== undefined ? { due_year: input.dueYear } : {}),
    };
    if (!(await updateTarget(trx, target.id, input.version, set))) {
      throw conflict(undefined, undefined, { version: target.version });
    }
    const after = toEdited({ ...target, ...set, version: input.version + 1 });
    await audit({
      action: 'target.update',
      entityType: 'target',
      entityId: target.id,
      before: toEdited(target),
      after,
    });
    return after;
  });
}

/**
 * Add a target the parser missed. `quote` must appear verbatim in the task's text, so its span points
 * into the source like every parsed target.
 * @example addTarget(ctx, coordinator, { taskId, quote: '新建幼儿园50所', subject: '新建幼儿园', low: 50, high: 50, unit: '所', comparator: '>=', direction: 'increase', horizon: 'year', dueYear: 2017 })
 */
export async function addTarget(
  ctx: ServiceContext,
  actor: Actor,
  input: { taskId: string; quote: string } & TargetInput,
): Promise<EditedTarget> {
  requireAbility(actor, 'editPlans');
  checkRange(input);
  return inTransaction(ctx, actor, async (trx, audit) => {
    const task = await getTaskById(trx, actor.tenantId, input.taskId);
    if (!task) throw notFound('任务', 'Task');
    await editablePlan(trx, actor.tenantId, task.plan_id);
    const at = input.quote === '' ? -1 : task.text.indexOf(input.quote);
    if (at < 0) {
      throw invalid('引文必须是该任务原文中的一段', 'The quote must be a verbatim part of the task text');
    }
    const start = task.span_start + at;
    const row: TargetTable = {
      id: newId(),
      tenant_id: actor.tenantId,
      plan_id: task.plan_id,
      ref: `manual-${newId().slice(-8)}`,
      section_id: task.section_id,
      task_id: task.id,
      ord: (await maxTargetOrd(trx, task.plan_id)) + 1,
      quote: input.quote,
      span_start: start,
      span_end: start + input.quote.length,
      subject: input.subject.trim(),
      low: input.low,
      high: input.high,
      unit: input.unit.trim(),
      comparator: input.comparator,
      direction: input.direction,
      horizon: input.horizon,
      due_year: input.dueYear,
      version: 1,
    };
    await createTarget(trx, row);
    const created = toEdited(row);
    await audit({ action: 'target.create', entityType: 'target', entityId: row.id, after: created });
    return created;
  });
}

/** Remove a target that is not a commitment. Refused (409) once progress was reported against it. */
export async function removeTarget(
  ctx: ServiceContext,
  actor: Actor,
  input: { targetId: string; version: number },
): Promise<void> {
  requireAbility(actor, 'editPlans');
  await inTransaction(ctx, actor, async (trx, audit) => {
    const target = await getTargetById(trx, actor.tenantId, input.targetId);
    if (!target) throw notFound('指标', 'Target');
    await editablePlan(trx, actor.tenantId, target.plan_id);
    if ((await countValuesOfTarget(trx, target.id)) > 0) {
      throw new AppError(
        409,
        'target-in-use',
        '已有进展报告填报了该指标，不能删除',
        'Progress was reported against this target; it cannot be removed',
      );
    }
    if (!(await deleteTarget(trx, target.id, input.version))) {
      throw conflict(undefined, undefined, { version: target.version });
    }
    await audit({
      action: 'target.delete',
      entityType: 'target',
      entityId: target.id,
      before: toEdited(target),
    });
  });
}
