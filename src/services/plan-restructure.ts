import {
  mergeTasks as planMerge,
  RestructureError,
  splitTask as planSplit,
  type RestructureProblem,
  type StructTarget,
  type StructTask,
} from '../core/plan/restructure.ts';
import type { Executor } from '../store/db.ts';
import { newId } from '../store/ids.ts';
import {
  getAssignment,
  getPlanById,
  getReportById,
  getTaskById,
  saveAssignment,
  updatePlan,
  type AssignmentRecord,
} from '../store/plan-repository.ts';
import type { PlanTable, TaskTable } from '../store/schema.ts';
import {
  countTaskRecords,
  deleteAssignment,
  deleteTaskOverrides,
  deleteTasksAt,
  insertTask,
  listPlanTargetSpans,
  listPlanTasks,
  moveTargetsToTask,
  reparentTasks,
  shiftTaskOrds,
  updateTaskStructure,
} from '../store/task-structure-repository.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { AppError, conflict, invalid, notFound } from './errors.ts';
import { requireAbility } from './permissions.ts';

/** A task after a merge or split, as the review screen shows it. */
export type TaskStructure = {
  id: string;
  sectionId: string;
  title: string;
  text: string;
  span: [number, number];
  version: number;
};

export type MergeResult = {
  task: TaskStructure;
  removedTaskIds: string[];
  movedTargetIds: string[];
  planVersion: number;
};

export type SplitResult = {
  task: TaskStructure;
  created: TaskStructure;
  movedTargetIds: string[];
  planVersion: number;
};

const PROBLEMS: Record<RestructureProblem, [string, string]> = {
  'too-few': ['请至少选择两项任务进行合并', 'Choose at least two tasks to merge'],
  'unknown-task': ['任务不存在或不属于该计划', 'A task does not exist or is not part of this plan'],
  'sub-task': [
    '子任务（一是、二是……）不能单独合并或拆分，请操作它所属的任务',
    'Sub-tasks cannot be merged or split on their own; use the task they belong to',
  ],
  'different-sections': ['只能合并同一板块内的任务', 'Only tasks of one section can be merged'],
  'not-adjacent': ['只能合并相邻的任务', 'Only adjacent tasks can be merged'],
  'split-outside': ['拆分位置须在任务原文之内', 'The split point must lie inside the task text'],
  'split-inside-target': [
    '拆分位置不能落在指标引文中间',
    'The split point must not fall inside a target quote',
  ],
  'split-inside-sub-task': ['拆分位置不能落在子任务中间', 'The split point must not fall inside a sub-task'],
  'empty-part': ['拆分后的两部分都须有内容', 'Both parts of a split must have text'],
};

function rethrow(error: unknown): never {
  if (error instanceof RestructureError) {
    const [zh, en] = PROBLEMS[error.problem];
    throw invalid(zh, en, { problem: error.problem, taskId: error.taskId });
  }
  throw error;
}

const toStruct = (t: TaskTable): StructTask => ({
  id: t.id,
  sectionId: t.section_id,
  parentId: t.parent_id,
  title: t.title,
  text: t.text,
  span: [t.span_start, t.span_end],
});

const toView = (t: TaskTable): TaskStructure => ({
  id: t.id,
  sectionId: t.section_id,
  title: t.title,
  text: t.text,
  span: [t.span_start, t.span_end],
  version: t.version,
});

const assignmentAudit = (a: AssignmentRecord | null) =>
  a && {
    taskId: a.task_id,
    leaderId: a.leader_id,
    leadDepartmentId: a.lead_department_id,
    cooperatingDepartmentIds: a.cooperatingDepartmentIds,
    deadline: a.deadline_text,
    version: a.version,
  };

/** The plan of a structural edit: of the actor's tenant and still a draft. */
async function draftPlan(trx: Executor, tenantId: string, planId: string): Promise<PlanTable> {
  const plan = await getPlanById(trx, tenantId, planId);
  if (!plan) throw notFound('计划', 'Plan');
  if (plan.state !== 'draft') {
    throw new AppError(
      409,
      'plan-not-draft',
      '计划已发布，任务不能再合并或拆分；已发布计划的变更请通过「调整」申请',
      'The plan is published: tasks can no longer be merged or split; change a published plan through an adjustment',
    );
  }
  return plan;
}

/** Progress, comments or notices on a task tie it down: it is not restructured. */
async function refuseIfInUse(trx: Executor, taskIds: string[]): Promise<void> {
  const n = await countTaskRecords(trx, taskIds);
  if (n.progress + n.comments + n.notices > 0) {
    throw new AppError(
      409,
      'task-in-use',
      `任务已有进展报告 ${n.progress} 份、评论 ${n.comments} 条、督办单 ${n.notices} 份，不能合并或拆分`,
      `The task has ${n.progress} progress reports, ${n.comments} comments and ${n.notices} notices; it cannot be merged or split`,
      n,
    );
  }
}

/** Bump the plan's version so that a publish racing a structural edit gets 409, not a half-edited plan. */
async function touchPlan(trx: Executor, plan: PlanTable, nowIso: string): Promise<number> {
  if (!(await updatePlan(trx, plan.tenant_id, plan.id, plan.version, { updated_at: nowIso }))) {
    throw conflict(undefined, undefined, { planVersion: plan.version });
  }
  return plan.version + 1;
}

async function copyAssignment(
  trx: Executor,
  from: AssignmentRecord,
  toTaskId: string,
  actor: Actor,
  nowIso: string,
): Promise<void> {
  const { cooperatingDepartmentIds, ...row } = from;
  await saveAssignment(
    trx,
    { ...row, task_id: toTaskId, version: 1, updated_at: nowIso, updated_by: actor.userId },
    cooperatingDepartmentIds,
    null,
  );
}

/**
 * Merge two or more adjacent tasks of one section of a draft plan into the first: titles and text joined,
 * the span covers them all, targets and sub-tasks move to it. The first task keeps its assignment (or
 * takes the first one among the others); the others' assignments go with them. Every task must be at
 * its `version` (else 409); a published plan answers 409.
 * @example mergeTasks(ctx, coordinator, { planId, tasks: [{ id: 't3', version: 1 }, { id: 't4', version: 1 }] }) -> { task: { id: 't3', title: '…；…', version: 2 }, removedTaskIds: ['t4'], … }
 */
export async function mergeTasks(
  ctx: ServiceContext,
  actor: Actor,
  input: { planId: string; tasks: { id: string; version: number }[]; title?: string },
): Promise<MergeResult> {
  requireAbility(actor, 'editPlans');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const plan = await draftPlan(trx, actor.tenantId, input.planId);
    const all = await listPlanTasks(trx, plan.id);
    const byId = new Map(all.map((t) => [t.id, t] as const));
    for (const { id, version } of input.tasks) {
      const t = byId.get(id);
      if (!t) throw notFound('任务', 'Task');
      if (t.version !== version) throw conflict(undefined, undefined, { taskId: id, version: t.version });
    }
    const report = await getReportById(trx, actor.tenantId, plan.report_id);
    if (!report) throw notFound('报告', 'Report');
    const targets: StructTarget[] = (await listPlanTargetSpans(trx, plan.id)).map((x) => ({
      id: x.id,
      taskId: x.task_id,
      span: [x.span_start, x.span_end],
    }));
    let merge;
    try {
      merge = planMerge(
        all.map(toStruct),
        targets,
        input.tasks.map((t) => t.id),
        report.text,
        input.title,
      );
    } catch (error) {
      rethrow(error);
    }
    const ids = [merge.survivorId, ...merge.removedIds];
    await refuseIfInUse(trx, ids);
    const survivor = byId.get(merge.survivorId) as TaskTable;
    const removed = merge.removedIds.map((id) => byId.get(id) as TaskTable);
    const assignments = await Promise.all(ids.map((id) => getAssignment(trx, id)));
    const [own, ...others] = assignments;
    const adopted = own ? null : (others.find((a) => a !== null) ?? null);
    for (const t of removed) await deleteAssignment(trx, t.id);
    if (adopted) await copyAssignment(trx, adopted, survivor.id, actor, nowIso);
    await moveTargetsToTask(trx, merge.movedTargetIds, survivor.id);
    await reparentTasks(trx, merge.reparentedIds, survivor.id);
    if (!(await deleteTasksAt(trx, removed))) throw conflict();
    await deleteTaskOverrides(
      trx,
      removed.map((t) => t.id),
    );
    const title = merge.title.slice(0, 500);
    const set = { title, text: merge.text, span_start: merge.span[0], span_end: merge.span[1] };
    if (!(await updateTaskStructure(trx, survivor.id, survivor.version, set))) throw conflict();
    const planVersion = await touchPlan(trx, plan, nowIso);
    const task = toView({ ...survivor, ...set, version: survivor.version + 1 });
    await audit({
      action: 'task.merge',
      entityType: 'task',
      entityId: survivor.id,
      before: {
        tasks: [survivor, ...removed].map((t) => ({
          id: t.id,
          title: t.title,
          span: [t.span_start, t.span_end],
          parentId: t.parent_id,
          version: t.version,
        })),
        assignments: assignments.map(assignmentAudit).filter((a) => a !== null),
      },
      after: {
        task: { id: task.id, title: task.title, span: task.span, version: task.version },
        removedTaskIds: merge.removedIds,
        movedTargetIds: merge.movedTargetIds,
        reparentedTaskIds: merge.reparentedIds,
        adoptedAssignmentOf: adopted?.task_id ?? null,
      },
    });
    return { task, removedTaskIds: merge.removedIds, movedTargetIds: merge.movedTargetIds, planVersion };
  });
}

/**
 * Split a task of a draft plan in two at `at` (an offset into its text, at a sentence end): the first
 * part keeps the task, the second becomes a new task right after it (title given or read from its
 * text); targets and sub-tasks go to the part that holds them, and the assignment is copied to the new
 * task. Stale `version`: 409; a published plan: 409.
 * @example splitTask(ctx, coordinator, { taskId, version: 1, at: 7 }) -> { task: { text: '加强规划引领。', version: 2 }, created: { title: '完善路网', version: 1 }, … }
 */
export async function splitTask(
  ctx: ServiceContext,
  actor: Actor,
  input: { taskId: string; version: number; at: number; title?: string },
): Promise<SplitResult> {
  requireAbility(actor, 'editPlans');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const task = await getTaskById(trx, actor.tenantId, input.taskId);
    if (!task) throw notFound('任务', 'Task');
    const plan = await draftPlan(trx, actor.tenantId, task.plan_id);
    if (task.version !== input.version) throw conflict(undefined, undefined, { version: task.version });
    const all = await listPlanTasks(trx, plan.id);
    const subs = all.filter((t) => t.parent_id === task.id);
    const targets: StructTarget[] = (await listPlanTargetSpans(trx, plan.id))
      .filter((x) => x.task_id === task.id)
      .map((x) => ({ id: x.id, taskId: x.task_id, span: [x.span_start, x.span_end] }));
    let split;
    try {
      split = planSplit(toStruct(task), targets, subs.map(toStruct), input.at, input.title);
    } catch (error) {
      rethrow(error);
    }
    await refuseIfInUse(trx, [task.id]);
    const firstSet = {
      title: task.title,
      text: split.first.text,
      span_start: split.first.span[0],
      span_end: split.first.span[1],
    };
    if (!(await updateTaskStructure(trx, task.id, task.version, firstSet))) throw conflict();
    // The new task follows the first part and its remaining sub-tasks.
    const moved = new Set(split.reparentedIds);
    const firstMoved = subs.find((s) => moved.has(s.id));
    const kept = subs.filter((s) => !moved.has(s.id));
    const ord = firstMoved ? firstMoved.ord : Math.max(task.ord, ...kept.map((s) => s.ord)) + 1;
    await shiftTaskOrds(trx, plan.id, ord);
    const row: TaskTable = {
      id: newId(),
      tenant_id: actor.tenantId,
      plan_id: plan.id,
      ref: `${task.ref}-split-${newId().slice(-6)}`,
      section_id: task.section_id,
      parent_id: null,
      ord,
      title: split.second.title.slice(0, 500),
      text: split.second.text,
      span_start: split.second.span[0],
      span_end: split.second.span[1],
      version: 1,
    };
    await insertTask(trx, row);
    await moveTargetsToTask(trx, split.movedTargetIds, row.id);
    await reparentTasks(trx, split.reparentedIds, row.id);
    const assignment = await getAssignment(trx, task.id);
    if (assignment) await copyAssignment(trx, assignment, row.id, actor, nowIso);
    const planVersion = await touchPlan(trx, plan, nowIso);
    const first = toView({ ...task, ...firstSet, version: task.version + 1 });
    const created = toView(row);
    await audit({
      action: 'task.split',
      entityType: 'task',
      entityId: task.id,
      before: {
        id: task.id,
        title: task.title,
        span: [task.span_start, task.span_end],
        version: task.version,
      },
      after: {
        task: { id: first.id, title: first.title, span: first.span, version: first.version },
        created: { id: created.id, title: created.title, span: created.span, version: created.version },
        movedTargetIds: split.movedTargetIds,
        reparentedTaskIds: split.reparentedIds,
        copiedAssignment: assignmentAudit(assignment),
      },
    });
    return { task: first, created, movedTargetIds: split.movedTargetIds, planVersion };
  });
}
