import { addDays, daysBetween, type LocalDate } from '../core/plan/evaluate-dates.ts';
import { newId } from '../store/ids.ts';
import { getPlanById, getTaskById, getTasksByIds } from '../store/plan-repository.ts';
import type { Executor } from '../store/db.ts';
import { listDepartments } from '../store/tenant-repository.ts';
import type { NoticeColor, NoticeState, NoticeTable } from '../store/schema.ts';
import {
  countNotices,
  createNotice,
  getNotice,
  listNotices,
  listRecipients,
  updateNotice,
} from '../store/supervision-repository.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { AppError, conflict, forbidden, invalid, notFound } from './errors.ts';
import { evaluatePlanData, loadPlanData, resolveAsOf, type PlanEvaluation } from './evaluation.ts';
import { emitEvent } from './notifications.ts';
import { requireAbility } from './permissions.ts';
import { localDate, tenantTimeZone, type SupervisionSettings } from './supervision-settings.ts';

/** A notice colour in the office's words ("红色"督办). */
export const COLOR_ZH: Record<NoticeColor, string> = { blue: '蓝色', yellow: '黄色', red: '红色' };
const RANK: Record<NoticeColor, number> = { blue: 1, yellow: 2, red: 3 };

export type NoticeSuggestion = {
  taskId: string;
  taskTitle: string;
  departmentId: string;
  /** Filled by suggestNotices (the pure function leaves it empty). */
  departmentName?: string;
  color: NoticeColor;
  reason: string;
  reasonEn: string;
};

/**
 * Which tasks deserve a 督办 notice as of a date (三色督办): red when past the deadline and not done,
 * yellow when behind 序时进度 (status yellow or red), blue when the deadline is within the tenant's
 * days and the task is not done, or when the task is not reported (grey: 催报). Tasks without a lead department, and tasks that already have an open
 * notice of the same or a stronger colour, are left out.
 * @example suggestFromEvaluation(evaluation, titles, settings, openNotices) -> [{ taskId, color: 'yellow', reason: '完成 30%，低于序时进度 50% 达 20 个百分点' }]
 */
export function suggestFromEvaluation(
  evaluation: PlanEvaluation,
  titles: Map<string, string>,
  settings: SupervisionSettings,
  open: { task_id: string; color: NoticeColor }[],
): NoticeSuggestion[] {
  const openColor = new Map<string, number>();
  for (const n of open) openColor.set(n.task_id, Math.max(openColor.get(n.task_id) ?? 0, RANK[n.color]));
  const out: NoticeSuggestion[] = [];
  for (const [taskId, t] of evaluation.tasks) {
    if (t.lead === null || t.status.level === 'done') continue;
    const past = evaluation.asOf > t.window.end;
    const daysLeft = daysBetween(evaluation.asOf, t.window.end);
    let color: NoticeColor | null = null;
    let reason = t.status.reason;
    let reasonEn = t.status.reasonEn;
    if (past) {
      color = 'red';
      reason = `已逾期：完成期限 ${t.window.end}。${t.status.reason}`;
      reasonEn = `Overdue: the deadline was ${t.window.end}. ${t.status.reasonEn}`;
    } else if (t.status.level === 'yellow' || t.status.level === 'red') {
      color = 'yellow';
    } else if (daysLeft <= settings.blueNoticeDays) {
      color = 'blue';
      reason = `临近期限：距完成期限 ${t.window.end} 还有 ${daysLeft} 天，尚未完成`;
      reasonEn = `Deadline near: ${daysLeft} days to ${t.window.end}, not done`;
    } else if (t.status.level === 'grey') {
      // Not reported for a period whose deadline has passed: a blue reminder to report (催报).
      color = 'blue';
      reason = `催报：${t.status.reason}`;
      reasonEn = `Report overdue: ${t.status.reasonEn}`;
    }
    if (color === null || (openColor.get(taskId) ?? 0) >= RANK[color]) continue;
    out.push({ taskId, taskTitle: titles.get(taskId) ?? '', departmentId: t.lead, color, reason, reasonEn });
  }
  return out.sort((a, b) => RANK[b.color] - RANK[a.color]);
}

/** Suggested notices for a plan as of a date (coordinator, leader, admin). */
export async function suggestNotices(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  asOfInput?: string,
): Promise<{ asOf: LocalDate; items: NoticeSuggestion[] }> {
  requireAbility(actor, 'readAllProgress');
  const plan = await getPlanById(ctx.store.db, actor.tenantId, planId);
  if (!plan) throw notFound('计划', 'Plan');
  const data = await loadPlanData(ctx.store.db, plan);
  const asOf = resolveAsOf(asOfInput, ctx.now(), data.timeZone);
  const evaluation = evaluatePlanData(data, asOf);
  const open = [
    ...(
      await listNotices(ctx.store.db, actor.tenantId, { planId, state: 'issued', limit: 10_000, offset: 0 })
    ).items,
    ...(
      await listNotices(ctx.store.db, actor.tenantId, { planId, state: 'replied', limit: 10_000, offset: 0 })
    ).items,
  ];
  const titles = new Map(data.content.tasks.map((t) => [t.id, t.title] as const));
  const names = new Map(data.departments.map((d) => [d.id, d.name] as const));
  return {
    asOf,
    items: suggestFromEvaluation(evaluation, titles, data.settings, open).map((x) => ({
      ...x,
      departmentName: names.get(x.departmentId) ?? '',
    })),
  };
}

export type NoticeView = {
  id: string;
  number: string;
  planId: string;
  taskId: string;
  taskTitle?: string;
  departmentId: string;
  departmentName?: string;
  color: NoticeColor;
  colorName: string;
  reason: string;
  requirement: string;
  replyDue: string;
  state: NoticeState;
  issuedAt: string;
  reply: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  closeNote: string | null;
  version: number;
};

const toView = (n: NoticeTable): NoticeView => ({
  id: n.id,
  number: n.number,
  planId: n.plan_id,
  taskId: n.task_id,
  departmentId: n.department_id,
  color: n.color,
  colorName: `${COLOR_ZH[n.color]}督办`,
  reason: n.reason,
  requirement: n.requirement,
  replyDue: n.reply_due,
  state: n.state,
  issuedAt: n.issued_at,
  reply: n.reply,
  repliedAt: n.replied_at,
  closedAt: n.closed_at,
  closeNote: n.close_note,
  version: n.version,
});

/** Notices with their task title and department name, for lists and the notice page. */
async function withNames(db: Executor, tenantId: string, list: NoticeView[]): Promise<NoticeView[]> {
  if (list.length === 0) return list;
  const tasks = await getTasksByIds(db, tenantId, [...new Set(list.map((n) => n.taskId))]);
  const titles = new Map(tasks.map((t) => [t.id, t.title] as const));
  const names = new Map((await listDepartments(db, tenantId)).map((d) => [d.id, d.name] as const));
  return list.map((n) => ({
    ...n,
    taskTitle: titles.get(n.taskId) ?? '',
    departmentName: names.get(n.departmentId) ?? '',
  }));
}

/** Reporters see their department's notices; the office, leaders and admins see all of the tenant. */
function assertCanSee(actor: Actor, n: NoticeTable): void {
  if (actor.role === 'reporter' && actor.departmentId !== n.department_id) {
    throw forbidden('只能查看本单位的督办单', "You can only see your department's notices");
  }
}

export async function listTenantNotices(
  ctx: ServiceContext,
  actor: Actor,
  q: { state?: NoticeState; planId?: string; taskId?: string; limit: number; offset: number },
): Promise<{ items: NoticeView[]; total: number }> {
  requireAbility(actor, 'readPlans');
  const filter = {
    ...q,
    ...(actor.role === 'reporter' ? { departmentId: actor.departmentId ?? '-' } : {}),
  };
  const r = await listNotices(ctx.store.db, actor.tenantId, filter);
  return { total: r.total, items: await withNames(ctx.store.db, actor.tenantId, r.items.map(toView)) };
}

export async function getNoticeView(ctx: ServiceContext, actor: Actor, id: string): Promise<NoticeView> {
  requireAbility(actor, 'readPlans');
  const n = await getNotice(ctx.store.db, actor.tenantId, id);
  if (!n) throw notFound('督办单', 'Notice');
  assertCanSee(actor, n);
  return (await withNames(ctx.store.db, actor.tenantId, [toView(n)]))[0] as NoticeView;
}

/**
 * Issue a 督办 notice on a task to its lead department (coordinator). The department's reporters are
 * notified; the reply is due in the tenant's reply days unless given.
 * @example issueNotice(ctx, coordinator, { taskId, color: 'yellow', reason: '完成 30%，低于序时进度 50% 达 20 个百分点' }) -> { number: '督〔2017〕1号', state: 'issued' }
 */
export async function issueNotice(
  ctx: ServiceContext,
  actor: Actor,
  input: { taskId: string; color: NoticeColor; reason: string; requirement?: string; replyDue?: string },
): Promise<NoticeView> {
  requireAbility(actor, 'issueNotices');
  const reason = input.reason.trim();
  if (reason === '') throw invalid('请填写督办事由', 'A reason is required');
  const tz = await tenantTimeZone(ctx.store.db, actor.tenantId);
  const today = localDate(ctx.now(), tz);
  if (input.replyDue !== undefined && input.replyDue < today) {
    throw invalid('回复期限不能早于今天', 'The reply deadline is in the past');
  }
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const task = await getTaskById(trx, actor.tenantId, input.taskId);
    if (!task) throw notFound('任务', 'Task');
    const plan = await getPlanById(trx, actor.tenantId, task.plan_id);
    if (plan?.state !== 'published') {
      throw new AppError(409, 'plan-not-published', '计划尚未发布，不能督办', 'The plan is not published');
    }
    const data = await loadPlanData(trx, plan);
    const lead = data.assignments.get(task.id)?.lead_department_id ?? null;
    if (lead === null) {
      throw new AppError(
        409,
        'no-lead-department',
        '该任务尚未确定牵头单位',
        'The task has no lead department',
      );
    }
    const year = today.slice(0, 4);
    const seq = (await countNotices(trx, actor.tenantId, year)) + 1;
    const row: NoticeTable = {
      id: newId(),
      tenant_id: actor.tenantId,
      plan_id: plan.id,
      task_id: task.id,
      department_id: lead,
      color: input.color,
      number: `督〔${year}〕${seq}号`,
      reason,
      requirement: input.requirement?.trim() || '请于回复期限前书面报告整改措施和进展',
      reply_due: input.replyDue ?? addDays(today, data.settings.noticeReplyDays),
      state: 'issued',
      issued_by: actor.userId,
      issued_at: nowIso,
      reply: null,
      replied_by: null,
      replied_at: null,
      closed_by: null,
      closed_at: null,
      close_note: null,
      version: 1,
    };
    await createNotice(trx, row);
    await audit({ action: 'notice.issue', entityType: 'notice', entityId: row.id, after: toView(row) });
    const reporters = await listRecipients(trx, actor.tenantId, { role: 'reporter', departmentId: lead });
    await emitEvent(trx, actor.tenantId, nowIso, {
      key: `notice|${row.id}`,
      kind: 'notice-issued',
      title: `${COLOR_ZH[row.color]}督办单 ${row.number}`,
      text: `任务「${task.title}」：${reason}。${row.requirement}，回复期限 ${row.reply_due}。`,
      entityType: 'notice',
      entityId: row.id,
      recipients: reporters.map((u) => u.id),
      data: { noticeId: row.id, taskId: task.id, color: row.color, replyDue: row.reply_due },
    });
    return (await withNames(trx, actor.tenantId, [toView(row)]))[0] as NoticeView;
  });
}

/** The department replies (a reporter of the notice's department). */
export async function replyNotice(
  ctx: ServiceContext,
  actor: Actor,
  input: { id: string; reply: string; version: number },
): Promise<NoticeView> {
  requireAbility(actor, 'replyNotices');
  const reply = input.reply.trim();
  if (reply === '') throw invalid('请填写回复内容', 'The reply is empty');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const n = await getNotice(trx, actor.tenantId, input.id);
    if (!n) throw notFound('督办单', 'Notice');
    if (actor.departmentId !== n.department_id) {
      throw forbidden('只有被督办单位可以回复', 'Only the department the notice was sent to may reply');
    }
    if (n.state !== 'issued') {
      throw new AppError(
        409,
        'invalid-state',
        `督办单状态为「${n.state}」，不能回复`,
        `The notice is ${n.state}`,
      );
    }
    if (n.version !== input.version) throw conflict(undefined, undefined, { version: n.version });
    const set = { state: 'replied' as const, reply, replied_by: actor.userId, replied_at: nowIso };
    if (!(await updateNotice(trx, n.id, n.version, set))) throw conflict();
    const after = { ...n, ...set, version: n.version + 1 };
    await audit({
      action: 'notice.reply',
      entityType: 'notice',
      entityId: n.id,
      before: { state: n.state },
      after: { state: 'replied', reply },
    });
    const coordinators = await listRecipients(trx, actor.tenantId, { role: 'coordinator' });
    await emitEvent(trx, actor.tenantId, nowIso, {
      key: `notice-reply|${n.id}`,
      kind: 'notice-replied',
      title: `督办单 ${n.number} 已回复`,
      text: reply,
      entityType: 'notice',
      entityId: n.id,
      recipients: coordinators.map((u) => u.id),
      data: { noticeId: n.id },
    });
    return (await withNames(trx, actor.tenantId, [toView(after)]))[0] as NoticeView;
  });
}

/** The coordinator closes a notice (normally once replied). */
export async function closeNotice(
  ctx: ServiceContext,
  actor: Actor,
  input: { id: string; note?: string; version: number },
): Promise<NoticeView> {
  requireAbility(actor, 'issueNotices');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const n = await getNotice(trx, actor.tenantId, input.id);
    if (!n) throw notFound('督办单', 'Notice');
    if (n.state === 'closed') {
      throw new AppError(409, 'invalid-state', '督办单已办结', 'The notice is closed already');
    }
    if (n.version !== input.version) throw conflict(undefined, undefined, { version: n.version });
    const set = {
      state: 'closed' as const,
      closed_by: actor.userId,
      closed_at: nowIso,
      close_note: input.note?.trim() || null,
    };
    if (!(await updateNotice(trx, n.id, n.version, set))) throw conflict();
    await audit({
      action: 'notice.close',
      entityType: 'notice',
      entityId: n.id,
      before: { state: n.state },
      after: { state: 'closed', note: set.close_note },
    });
    const reporters = await listRecipients(trx, actor.tenantId, {
      role: 'reporter',
      departmentId: n.department_id,
    });
    await emitEvent(trx, actor.tenantId, nowIso, {
      key: `notice-close|${n.id}`,
      kind: 'notice-closed',
      title: `督办单 ${n.number} 已办结`,
      text: set.close_note ?? '督办事项已办结',
      entityType: 'notice',
      entityId: n.id,
      recipients: reporters.map((u) => u.id),
      data: { noticeId: n.id },
    });
    return (
      await withNames(trx, actor.tenantId, [toView({ ...n, ...set, version: n.version + 1 })])
    )[0] as NoticeView;
  });
}
