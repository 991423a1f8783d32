import { inferTargetKind, type TargetKind } from '../core/plan/evaluate.ts';
import { getPlanById, getTargetById, getTargetsOfTask, getTaskById } from '../store/plan-repository.ts';
import type { EvaluationOverrideTable, TargetTable } from '../store/schema.ts';
import { getOverride, listOverridesOfPlan, saveOverride } from '../store/supervision-repository.ts';
import type { Executor } from '../store/db.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { conflict, invalid, notFound } from './errors.ts';
import { requireAbility } from './permissions.ts';

export const TARGET_KINDS: readonly TargetKind[] = ['cumulative', 'level', 'rate'];

/** A plan's overrides as evaluation reads them: by target id and by task id. */
export type PlanOverrides = {
  targets: Map<string, { kind: TargetKind | null; weight: number | null }>;
  tasks: Map<string, { weight: number | null }>;
};

export async function loadPlanOverrides(db: Executor, planId: string): Promise<PlanOverrides> {
  const out: PlanOverrides = { targets: new Map(), tasks: new Map() };
  for (const o of await listOverridesOfPlan(db, planId)) {
    if (o.entity_type === 'target') {
      const kind = TARGET_KINDS.includes(o.kind as TargetKind) ? (o.kind as TargetKind) : null;
      out.targets.set(o.entity_id, { kind, weight: o.weight });
    } else {
      out.tasks.set(o.entity_id, { weight: o.weight });
    }
  }
  return out;
}

export type TargetOverrideView = {
  targetId: string;
  subject: string;
  quote: string;
  /** The coordinator's choice, or null when inferred. */
  kind: TargetKind | null;
  /** What the evaluation infers from subject and unit without an override. */
  inferredKind: TargetKind;
  /** Weight within the task's completion; null = 1. */
  weight: number | null;
  version: number;
};

export type TaskOverridesView = {
  taskId: string;
  /** Weight of the task in area, plan, department and leader roll-ups; null = 1. */
  weight: number | null;
  version: number;
  targets: TargetOverrideView[];
};

const targetView = (t: TargetTable, o: EvaluationOverrideTable | undefined): TargetOverrideView => ({
  targetId: t.id,
  subject: t.subject,
  quote: t.quote,
  kind: o && TARGET_KINDS.includes(o.kind as TargetKind) ? (o.kind as TargetKind) : null,
  inferredKind: inferTargetKind({
    subject: t.subject,
    low: t.low,
    high: t.high,
    unit: t.unit,
    comparator: t.comparator,
    direction: t.direction,
  }),
  weight: o?.weight ?? null,
  version: o?.version ?? 0,
});

async function visibleTask(db: Executor, actor: Actor, taskId: string) {
  const task = await getTaskById(db, actor.tenantId, taskId);
  const plan = task ? await getPlanById(db, actor.tenantId, task.plan_id) : null;
  if (!task || !plan || (plan.state === 'draft' && actor.role === 'reporter')) throw notFound('任务', 'Task');
  return task;
}

/**
 * The evaluation overrides of a task and its targets (any signed-in role of the tenant may read).
 * @example getTaskOverrides(ctx, coordinator, taskId) -> { weight: null, version: 0, targets: [{ subject: '新增贷款', kind: null, inferredKind: 'cumulative', … }] }
 */
export async function getTaskOverrides(
  ctx: ServiceContext,
  actor: Actor,
  taskId: string,
): Promise<TaskOverridesView> {
  requireAbility(actor, 'readPlans');
  const db = ctx.store.db;
  const task = await visibleTask(db, actor, taskId);
  const rows = await listOverridesOfPlan(db, task.plan_id);
  const byKey = new Map(rows.map((r) => [`${r.entity_type}|${r.entity_id}`, r] as const));
  const own = byKey.get(`task|${task.id}`);
  return {
    taskId: task.id,
    weight: own?.weight ?? null,
    version: own?.version ?? 0,
    targets: (await getTargetsOfTask(db, task.id)).map((t) => targetView(t, byKey.get(`target|${t.id}`))),
  };
}

function checkWeight(weight: number | null): void {
  if (weight !== null && !(weight > 0 && weight <= 100)) {
    throw invalid('权重应大于 0、不超过 100', 'The weight must be above 0 and at most 100');
  }
}

/**
 * Set (or clear, with nulls) a target's kind and weight (coordinator), at the version read (0 = none
 * yet). Audited; a stale version is a 409. The evaluation uses it at once.
 * @example setTargetOverride(ctx, coordinator, { targetId, kind: 'level', weight: 2, version: 0 }) -> { kind: 'level', weight: 2, version: 1, … }
 */
export async function setTargetOverride(
  ctx: ServiceContext,
  actor: Actor,
  input: { targetId: string; kind: TargetKind | null; weight: number | null; version: number },
): Promise<TargetOverrideView> {
  requireAbility(actor, 'editPlans');
  checkWeight(input.weight);
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const target = await getTargetById(trx, actor.tenantId, input.targetId);
    if (!target) throw notFound('指标', 'Target');
    const before = await getOverride(trx, actor.tenantId, 'target', target.id);
    if ((before?.version ?? 0) !== input.version) {
      throw conflict(undefined, undefined, { version: before?.version ?? 0 });
    }
    const row: EvaluationOverrideTable = {
      entity_type: 'target',
      entity_id: target.id,
      tenant_id: actor.tenantId,
      plan_id: target.plan_id,
      kind: input.kind,
      weight: input.weight,
      version: input.version + 1,
      updated_at: nowIso,
      updated_by: actor.userId,
    };
    if (!(await saveOverride(trx, input.version, row))) throw conflict();
    await audit({
      action: 'evaluation.override',
      entityType: 'target',
      entityId: target.id,
      before: before ? { kind: before.kind, weight: before.weight } : null,
      after: { kind: row.kind, weight: row.weight },
    });
    return targetView(target, row);
  });
}

/**
 * Set (or clear) a task's weight in roll-ups (coordinator), at the version read (0 = none yet).
 * @example setTaskOverride(ctx, coordinator, { taskId, weight: 3, version: 0 }) -> { weight: 3, version: 1 }
 */
export async function setTaskOverride(
  ctx: ServiceContext,
  actor: Actor,
  input: { taskId: string; weight: number | null; version: number },
): Promise<{ taskId: string; weight: number | null; version: number }> {
  requireAbility(actor, 'editPlans');
  checkWeight(input.weight);
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const task = await getTaskById(trx, actor.tenantId, input.taskId);
    if (!task) throw notFound('任务', 'Task');
    const before = await getOverride(trx, actor.tenantId, 'task', task.id);
    if ((before?.version ?? 0) !== input.version) {
      throw conflict(undefined, undefined, { version: before?.version ?? 0 });
    }
    const row: EvaluationOverrideTable = {
      entity_type: 'task',
      entity_id: task.id,
      tenant_id: actor.tenantId,
      plan_id: task.plan_id,
      kind: null,
      weight: input.weight,
      version: input.version + 1,
      updated_at: nowIso,
      updated_by: actor.userId,
    };
    if (!(await saveOverride(trx, input.version, row))) throw conflict();
    await audit({
      action: 'evaluation.override',
      entityType: 'task',
      entityId: task.id,
      before: before ? { weight: before.weight } : null,
      after: { weight: row.weight },
    });
    return { taskId: task.id, weight: row.weight, version: row.version };
  });
}
