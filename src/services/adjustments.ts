import { newId } from '../store/ids.ts';
import {
  getAssignment,
  getPlanById,
  getPlanByIdAnyTenant,
  getTargetById,
  updateTarget,
} from '../store/plan-repository.ts';
import type { TargetAdjustmentTable } from '../store/schema.ts';
import {
  createAdjustment,
  getAdjustment,
  getTargetAnyTenant,
  listAdjustmentsOfTarget,
  setAssignmentDeadline,
  updateAdjustment,
} from '../store/supervision-repository.ts';
import type { Executor } from '../store/db.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { AppError, conflict, invalid, notFound } from './errors.ts';
import { requireAbility } from './permissions.ts';

/** The fields an adjustment (调整) may change: the number and the deadline. */
export type AdjustedFields = { low?: number; high?: number; deadline?: string | null };

export type AdjustmentView = {
  id: string;
  targetId: string;
  before: AdjustedFields;
  after: AdjustedFields;
  reason: string;
  state: TargetAdjustmentTable['state'];
  proposedAt: string;
  decidedAt: string | null;
  approval: string | null;
  version: number;
};

const toView = (a: TargetAdjustmentTable): AdjustmentView => ({
  id: a.id,
  targetId: a.target_id,
  before: JSON.parse(a.before_json) as AdjustedFields,
  after: JSON.parse(a.after_json) as AdjustedFields,
  reason: a.reason,
  state: a.state,
  proposedAt: a.proposed_at,
  decidedAt: a.decided_at,
  approval: a.approval,
  version: a.version,
});

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Propose a change to a published target's number or its task's deadline, with a reason
 * (coordinator). Nothing changes until a leader approves it.
 * @example proposeAdjustment(ctx, coordinator, { targetId, low: 160, high: 160, reason: '受宏观政策影响，经市政府常务会议研究调整' }) -> { state: 'proposed' }
 */
export async function proposeAdjustment(
  ctx: ServiceContext,
  actor: Actor,
  input: AdjustedFields & { targetId: string; reason: string },
): Promise<AdjustmentView> {
  requireAbility(actor, 'editPlans');
  const reason = input.reason.trim();
  if (reason === '') throw invalid('调整必须说明理由', 'An adjustment needs a reason');
  if (input.low === undefined && input.high === undefined && input.deadline === undefined) {
    throw invalid('请给出调整后的指标值或完成期限', 'Give the new number or deadline');
  }
  if (input.deadline && !ISO.test(input.deadline))
    throw invalid('期限应为 YYYY-MM-DD', 'The deadline must be YYYY-MM-DD');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const target = await getTargetById(trx, actor.tenantId, input.targetId);
    if (!target) throw notFound('指标', 'Target');
    const plan = await getPlanById(trx, actor.tenantId, target.plan_id);
    if (plan?.state !== 'published') {
      throw new AppError(
        409,
        'plan-not-published',
        '草稿计划可直接修改指标；调整只适用于已发布的计划',
        'Adjustments apply to published plans; edit a draft directly',
      );
    }
    const low = input.low ?? target.low;
    const high =
      input.high ?? (input.low !== undefined && target.low === target.high ? input.low : target.high);
    if (low > high) throw invalid('下限不能大于上限', 'low must not exceed high');
    const a = target.task_id ? await getAssignment(trx, target.task_id) : null;
    const before: AdjustedFields = { low: target.low, high: target.high, deadline: a?.deadline_date ?? null };
    const after: AdjustedFields = {
      low,
      high,
      deadline: input.deadline === undefined ? (a?.deadline_date ?? null) : input.deadline,
    };
    const row: TargetAdjustmentTable = {
      id: newId(),
      tenant_id: actor.tenantId,
      plan_id: plan.id,
      target_id: target.id,
      before_json: JSON.stringify(before),
      after_json: JSON.stringify(after),
      reason,
      state: 'proposed',
      proposed_by: actor.userId,
      proposed_at: nowIso,
      decided_by: null,
      decided_at: null,
      approval: null,
      version: 1,
    };
    await createAdjustment(trx, row);
    await audit({
      action: 'adjustment.propose',
      entityType: 'target',
      entityId: target.id,
      before,
      after: { ...after, reason },
    });
    return toView(row);
  });
}

async function applyDeadline(db: Executor, taskId: string, deadline: string, nowIso: string): Promise<void> {
  const a = await getAssignment(db, taskId);
  if (!a) return;
  const ok = await setAssignmentDeadline(db, taskId, a.version, {
    deadline_date: deadline,
    deadline_text: `${deadline}前（调整）`,
    updated_at: nowIso,
  });
  if (!ok) throw conflict();
}

/**
 * Approve (with the approval as written: 批准依据, e.g. a meeting or a document number) or reject an
 * adjustment (leader). Approval applies the change and keeps the before/after in the target's history.
 */
export async function decideAdjustment(
  ctx: ServiceContext,
  actor: Actor,
  input: { id: string; decision: 'approve' | 'reject'; approval?: string; version: number },
): Promise<AdjustmentView> {
  requireAbility(actor, 'approveAdjustments');
  const approval = input.approval?.trim() ?? '';
  if (input.decision === 'approve' && approval === '') {
    throw invalid('批准调整须注明批准依据（会议或文号）', 'Approving needs the approval reference');
  }
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const adj = await getAdjustment(trx, actor.tenantId, input.id);
    if (!adj) throw notFound('调整', 'Adjustment');
    if (adj.state !== 'proposed') {
      throw new AppError(409, 'invalid-state', '该调整已处理', 'The adjustment was decided already');
    }
    if (adj.version !== input.version) throw conflict(undefined, undefined, { version: adj.version });
    const state = input.decision === 'approve' ? 'approved' : 'rejected';
    const set = { state, decided_by: actor.userId, decided_at: nowIso, approval: approval || null } as const;
    if (!(await updateAdjustment(trx, adj.id, adj.version, set))) throw conflict();
    if (state === 'approved') {
      const target = await getTargetById(trx, actor.tenantId, adj.target_id);
      if (!target) throw notFound('指标', 'Target');
      const before = JSON.parse(adj.before_json) as AdjustedFields;
      const after = JSON.parse(adj.after_json) as AdjustedFields;
      if (after.low !== before.low || after.high !== before.high) {
        const ok = await updateTarget(trx, target.id, target.version, {
          low: after.low ?? target.low,
          high: after.high ?? target.high,
        });
        if (!ok) throw conflict();
      }
      if (after.deadline && after.deadline !== before.deadline && target.task_id) {
        await applyDeadline(trx, target.task_id, after.deadline, nowIso);
      }
    }
    await audit({
      action: `adjustment.${input.decision}`,
      entityType: 'target',
      entityId: adj.target_id,
      before: { state: adj.state },
      after: { state, approval: set.approval },
    });
    return toView({ ...adj, ...set, version: adj.version + 1 });
  });
}

/** Every adjustment of a target (any state), for the office. */
export async function listTargetAdjustments(
  ctx: ServiceContext,
  actor: Actor,
  targetId: string,
): Promise<{ items: AdjustmentView[]; total: number }> {
  requireAbility(actor, 'readPlans');
  const target = await getTargetById(ctx.store.db, actor.tenantId, targetId);
  if (!target) throw notFound('指标', 'Target');
  const plan = await getPlanById(ctx.store.db, actor.tenantId, target.plan_id);
  if (!plan || (plan.state === 'draft' && actor.role === 'reporter')) throw notFound('指标', 'Target');
  const items = (await listAdjustmentsOfTarget(ctx.store.db, targetId)).map(toView);
  return { items, total: items.length };
}

/** A published target's public history: its original number and every approved adjustment. */
export async function getPublicTargetHistory(
  ctx: ServiceContext,
  targetId: string,
): Promise<{
  targetId: string;
  subject: string;
  quote: string;
  original: AdjustedFields;
  adjustments: Omit<AdjustmentView, 'version' | 'state'>[];
}> {
  const target = await getTargetAnyTenant(ctx.store.db, targetId);
  if (!target) throw notFound('指标', 'Target');
  const plan = await getPlanByIdAnyTenant(ctx.store.db, target.plan_id);
  if (plan?.state !== 'published') throw notFound('指标', 'Target');
  const approved = (await listAdjustmentsOfTarget(ctx.store.db, targetId, ['approved'])).map(toView);
  const original = approved[0]?.before ?? { low: target.low, high: target.high };
  return {
    targetId,
    subject: target.subject,
    quote: target.quote,
    original,
    adjustments: approved.map(({ version: _v, state: _s, ...a }) => a),
  };
}
