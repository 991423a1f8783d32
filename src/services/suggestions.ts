import { suggestAssignments, type TaskSuggestion } from '../core/plan/suggest.ts';
import { getPlanById, getPlanContent } from '../store/plan-repository.ts';
import { listDepartments, listLeaders } from '../store/tenant-repository.ts';
import type { Actor, ServiceContext } from './context.ts';
import { notFound } from './errors.ts';
import { requireAbility } from './permissions.ts';

export type PlanSuggestions = { planId: string; items: TaskSuggestion[] };

/**
 * Suggested decomposition of every task of a plan, from the task's words and the tenant's directory as
 * it is now (active departments and leaders, their current names and portfolios).
 * @example getPlanSuggestions(ctx, coordinator, planId) -> { items: [{ taskId, lead: { name: '教育局', words: ['教育', '幼儿园'] }, leader: { name: '陈晓燕', via: 'department' }, deadline: { text: '年底前' }, … }] }
 */
export async function getPlanSuggestions(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
): Promise<PlanSuggestions> {
  requireAbility(actor, 'editPlans');
  const db = ctx.store.db;
  const plan = await getPlanById(db, actor.tenantId, planId);
  if (!plan) throw notFound('计划', 'Plan');
  const [content, departments, leaders] = await Promise.all([
    getPlanContent(db, plan.id),
    listDepartments(db, actor.tenantId),
    listLeaders(db, actor.tenantId),
  ]);
  const dueYear = new Map<string, number>();
  for (const t of content.targets) {
    if (t.task_id !== null && t.due_year !== null)
      dueYear.set(t.task_id, Math.max(dueYear.get(t.task_id) ?? 0, t.due_year));
  }
  const items = suggestAssignments(
    content.tasks.map((t) => ({
      id: t.id,
      title: t.title,
      text: t.text,
      dueYear: dueYear.get(t.id) ?? null,
    })),
    {
      departments: departments.filter((d) => d.active).map((d) => ({ id: d.id, name: d.name })),
      leaders: leaders
        .filter((l) => l.active)
        .map((l) => ({
          id: l.id,
          name: l.name,
          title: l.title,
          portfolio: l.portfolio,
          departmentIds: l.departmentIds,
        })),
      planYear: plan.year,
    },
  );
  return { planId: plan.id, items };
}
