import {
  getPlanById,
  getTaskById,
  getTasksByIds,
  listTaskIdsForDepartment,
} from '../store/plan-repository.ts';
import type { Actor, ServiceContext } from './context.ts';
import { invalid, notFound } from './errors.ts';
import { requireAbility } from './permissions.ts';
import { loadTaskEvaluation } from './evaluation.ts';
import { getPlanView, seesDrafts, taskViewsFrom, type PlanView, type TaskView } from './plan-view.ts';

export type MyTask = TaskView & {
  planId: string;
  planTitle: string;
  planYear: number;
  role: 'lead' | 'cooperating';
};

/** One task with its plan context (assignment, targets, status). */
export async function getTaskView(
  ctx: ServiceContext,
  actor: Actor,
  taskId: string,
): Promise<TaskView & { planId: string; planTitle: string }> {
  requireAbility(actor, 'readPlans');
  const task = await getTaskById(ctx.store.db, actor.tenantId, taskId);
  if (!task) throw notFound('任务', 'Task');
  const plan = await getPlanById(ctx.store.db, actor.tenantId, task.plan_id);
  if (!plan || (plan.state === 'draft' && !seesDrafts(actor))) throw notFound('计划', 'Plan');
  // Only this task's rows are read and judged (the same status as in the whole plan's view).
  const loaded = await loadTaskEvaluation(ctx.store.db, plan, task, ctx.now(), undefined);
  const [view] = taskViewsFrom(loaded);
  if (!view) throw notFound('任务', 'Task');
  return { ...view, planId: plan.id, planTitle: plan.title };
}

/**
 * The tasks where the reporter's department leads or cooperates, in published plans.
 * @example listMyTasks(ctx, reporterOf教育局) -> [{ title: '…学前教育…', role: 'lead', … }]
 */
export async function listMyTasks(ctx: ServiceContext, actor: Actor): Promise<MyTask[]> {
  requireAbility(actor, 'readPlans');
  if (actor.departmentId === null) {
    throw invalid('当前账号未绑定单位', 'This account is not bound to a department');
  }
  const ids = await listTaskIdsForDepartment(ctx.store.db, actor.tenantId, actor.departmentId);
  const tasks = await getTasksByIds(ctx.store.db, actor.tenantId, ids);
  const planIds = [...new Set(tasks.map((t) => t.plan_id))];
  const out: MyTask[] = [];
  for (const planId of planIds) {
    const row = await getPlanById(ctx.store.db, actor.tenantId, planId);
    if (!row || row.state !== 'published') continue;
    const plan: PlanView = await getPlanView(ctx, actor, planId);
    for (const t of plan.tasks) {
      if (!ids.includes(t.id)) continue;
      out.push({
        ...t,
        planId,
        planTitle: plan.title,
        planYear: plan.year,
        role: t.assignment?.leadDepartmentId === actor.departmentId ? 'lead' : 'cooperating',
      });
    }
  }
  return out;
}
