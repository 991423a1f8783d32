import {
  getAssignment,
  getPlanById,
  getTaskById,
  saveAssignment,
  updatePlan,
} from '../store/plan-repository.ts';
import { getDepartmentById, getLeaderById } from '../store/tenant-repository.ts';
import type { PlanTable } from '../store/schema.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { AppError, conflict, invalid, notFound } from './errors.ts';
import { requireAbility } from './permissions.ts';
import { resolveDeadline } from './deadline.ts';
import { toPlanSummary, type PlanSummary } from './plan-view.ts';

export type AssignInput = {
  taskId: string;
  /** The assignment's current version; null or absent to create the first one. */
  version?: number | null;
  leaderId: string | null;
  leadDepartmentId: string | null;
  cooperatingDepartmentIds: string[];
  deadline: string | null;
  milestones?: { quarter: number; text: string }[];
};

export type AssignmentResult = {
  taskId: string;
  leaderId: string | null;
  leadDepartmentId: string | null;
  cooperatingDepartmentIds: string[];
  deadline: string | null;
  deadlineDate: string | null;
  milestones: { quarter: number; text: string }[];
  version: number;
};

/**
 * Set a task's decomposition: responsible leader, lead and (ordered) cooperating departments,
 * deadline as written (resolved to a date when it names one) and quarterly milestones.
 * A stale `version` is a 409 and changes nothing.
 * @example assignTask(ctx, coordinator, { taskId, leaderId, leadDepartmentId, cooperatingDepartmentIds: [], deadline: '6月底前' }) -> { deadlineDate: '2017-06-30', version: 1 }
 */
export async function assignTask(
  ctx: ServiceContext,
  actor: Actor,
  input: AssignInput,
): Promise<AssignmentResult> {
  requireAbility(actor, 'editPlans');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const task = await getTaskById(trx, actor.tenantId, input.taskId);
    if (!task) throw notFound('任务', 'Task');
    const plan = (await getPlanById(trx, actor.tenantId, task.plan_id)) as PlanTable;
    if (plan.state === 'archived') {
      throw new AppError(
        409,
        'plan-archived',
        '计划已归档，不能修改',
        'The plan is archived and cannot be changed',
      );
    }
    const cooperating = [...new Set(input.cooperatingDepartmentIds)];
    if (input.leadDepartmentId !== null && cooperating.includes(input.leadDepartmentId)) {
      throw invalid(
        '牵头单位不能同时是配合单位',
        'The lead department cannot also be a cooperating department',
      );
    }
    for (const id of [...cooperating, ...(input.leadDepartmentId ? [input.leadDepartmentId] : [])]) {
      const dept = await getDepartmentById(trx, actor.tenantId, id);
      if (!dept || !dept.active) throw invalid(`单位 ${id} 不存在`, `Department ${id} does not exist`);
    }
    if (input.leaderId !== null && !(await getLeaderById(trx, actor.tenantId, input.leaderId))) {
      throw invalid(`领导 ${input.leaderId} 不存在`, `Leader ${input.leaderId} does not exist`);
    }
    const milestones = input.milestones ?? [];
    const before = await getAssignment(trx, task.id);
    const expected = input.version ?? null;
    if (before !== null && expected === null) {
      throw conflict(
        '该任务已有分工，修改时请带上版本号',
        'The task already has an assignment; send its version to change it',
        {
          version: before.version,
        },
      );
    }
    const deadlineText = input.deadline?.trim() || null;
    const row = {
      task_id: task.id,
      tenant_id: actor.tenantId,
      plan_id: task.plan_id,
      leader_id: input.leaderId,
      lead_department_id: input.leadDepartmentId,
      deadline_text: deadlineText,
      deadline_date: deadlineText === null ? null : resolveDeadline(deadlineText, plan.year),
      milestones_json: JSON.stringify(milestones),
      version: 1,
      updated_at: nowIso,
      updated_by: actor.userId,
    };
    if (!(await saveAssignment(trx, row, cooperating, expected))) {
      throw conflict(undefined, undefined, { version: before?.version ?? null });
    }
    const result: AssignmentResult = {
      taskId: task.id,
      leaderId: row.leader_id,
      leadDepartmentId: row.lead_department_id,
      cooperatingDepartmentIds: cooperating,
      deadline: row.deadline_text,
      deadlineDate: row.deadline_date,
      milestones,
      version: expected === null ? 1 : expected + 1,
    };
    await audit({
      action: before ? 'assignment.update' : 'assignment.create',
      entityType: 'assignment',
      entityId: task.id,
      before: before && {
        leaderId: before.leader_id,
        leadDepartmentId: before.lead_department_id,
        cooperatingDepartmentIds: before.cooperatingDepartmentIds,
        deadline: before.deadline_text,
        milestones: JSON.parse(before.milestones_json) as unknown,
        version: before.version,
      },
      after: result,
    });
    return result;
  });
}

async function changePlanState(
  ctx: ServiceContext,
  actor: Actor,
  input: { planId: string; version: number },
  from: PlanTable['state'],
  to: PlanTable['state'],
): Promise<PlanSummary> {
  requireAbility(actor, 'editPlans');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const plan = await getPlanById(trx, actor.tenantId, input.planId);
    if (!plan) throw notFound('计划', 'Plan');
    if (plan.version !== input.version) throw conflict(undefined, undefined, { version: plan.version });
    if (plan.state !== from) {
      throw new AppError(
        409,
        'invalid-state',
        `计划当前状态为「${plan.state}」，不能改为「${to}」`,
        `The plan is ${plan.state} and cannot become ${to}`,
      );
    }
    const set = { state: to, updated_at: nowIso, ...(to === 'published' ? { published_at: nowIso } : {}) };
    if (!(await updatePlan(trx, actor.tenantId, plan.id, plan.version, set))) throw conflict();
    await audit({
      action: `plan.${to === 'published' ? 'publish' : 'archive'}`,
      entityType: 'plan',
      entityId: plan.id,
      before: { state: plan.state, version: plan.version },
      after: { state: to, version: plan.version + 1 },
    });
    return toPlanSummary({ ...plan, ...set, version: plan.version + 1 });
  });
}

/**
 * Publish a draft plan: from now on the public sees it and departments report on it.
 * @example publishPlan(ctx, coordinator, { planId, version: 3 }) -> { state: 'published', version: 4 }
 */
export function publishPlan(
  ctx: ServiceContext,
  actor: Actor,
  input: { planId: string; version: number },
): Promise<PlanSummary> {
  return changePlanState(ctx, actor, input, 'draft', 'published');
}

/** Archive a published plan (read-only from then on). */
export function archivePlan(
  ctx: ServiceContext,
  actor: Actor,
  input: { planId: string; version: number },
): Promise<PlanSummary> {
  return changePlanState(ctx, actor, input, 'published', 'archived');
}
