import { addDays, reportingPeriods, type LocalDate } from '../core/plan/evaluate-dates.ts';
import type { DepartmentScore, RollUp } from '../core/plan/evaluate-rollup.ts';
import type { Executor } from '../store/db.ts';
import { getPlanById, listPlans } from '../store/plan-repository.ts';
import type { PlanTable } from '../store/schema.ts';
import {
  countPendingReports,
  createPeriodLock,
  deletePeriodLock,
  getPeriodLock,
  listPeriodLocks,
  listRecipients,
  tryAcquireLease,
} from '../store/supervision-repository.ts';
import { listTenants } from '../store/tenant-repository.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { startPeriodic } from './periodic.ts';
import { AppError, notFound } from './errors.ts';
import {
  evaluatePlanData,
  loadPlanData,
  loadPlanEvaluation,
  resolveAsOf,
  type LoadedEvaluation,
  type PlanData,
} from './evaluation.ts';
import { deliverDueWebhooks, emitEvent, type Fetch } from './notifications.ts';
import { requireAbility } from './permissions.ts';
import { localDate, tenantTimeZone } from './supervision-settings.ts';

const periodZh = (period: string): string => `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;

async function planOfTenant(ctx: ServiceContext, actor: Actor, planId: string): Promise<PlanTable> {
  const plan = await getPlanById(ctx.store.db, actor.tenantId, planId);
  if (!plan || (plan.state === 'draft' && actor.role === 'reporter')) throw notFound('计划', 'Plan');
  return plan;
}

// Evaluation API -------------------------------------------------------------------------------------

export type PlanEvaluationView = {
  planId: string;
  asOf: LocalDate;
  yearEnded: boolean;
  simulated: { label: string; note: string } | null;
  plan: RollUp;
  sections: { id: string; title: string; depth: number; status: RollUp }[];
  departments: (DepartmentScore & { name: string })[];
  leaders: { leaderId: string; name: string; title: string; status: RollUp }[];
};

/**
 * The dashboard of a plan as of a date: plan and area roll-ups, department scores and ranking with the
 * on-time reporting rate (按时报送率), and each leader's portfolio.
 */
export async function getPlanEvaluation(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  asOfInput?: string,
): Promise<PlanEvaluationView> {
  requireAbility(actor, 'readPlans');
  const plan = await planOfTenant(ctx, actor, planId);
  return evaluationViewFrom(plan, await loadPlanEvaluation(ctx.store.db, plan, ctx.now(), asOfInput));
}

/** The dashboard from a plan's loaded evaluation. */
export function evaluationViewFrom(plan: PlanTable, loaded: LoadedEvaluation): PlanEvaluationView {
  const { data, asOf, evaluation: e } = loaded;
  return {
    planId: plan.id,
    asOf,
    yearEnded: e.yearEnded,
    simulated: data.simulated ? { label: '模拟数据', note: data.simulated.note } : null,
    plan: e.plan,
    sections: data.content.sections
      .filter((s) => e.sections.has(s.id))
      .map((s) => ({ id: s.id, title: s.title, depth: s.depth, status: e.sections.get(s.id) as RollUp })),
    departments: e.departments,
    leaders: e.leaders,
  };
}

// Periods --------------------------------------------------------------------------------------------

export type PeriodView = {
  period: string;
  start: LocalDate;
  end: LocalDate;
  due: LocalDate;
  state: 'open' | 'due' | 'closed' | 'locked';
  lockedAt: string | null;
  counts: { submitted: number; accepted: number; returned: number; pendingReview: number };
};

/** The reporting periods of a plan's year with deadlines, lock state and report counts. */
export async function listPlanPeriods(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  asOfInput?: string,
): Promise<{ asOf: LocalDate; items: PeriodView[] }> {
  requireAbility(actor, 'readPlans');
  const plan = await planOfTenant(ctx, actor, planId);
  const data = await loadPlanData(ctx.store.db, plan);
  const asOf = resolveAsOf(asOfInput, ctx.now(), data.timeZone);
  const locks = new Map((await listPeriodLocks(ctx.store.db, planId)).map((l) => [l.period, l] as const));
  const items = reportingPeriods(`${plan.year}-01-01`, `${plan.year}-12-31`, data.settings.reporting).map(
    (p) => {
      const reports = data.progress.filter((r) => r.period === p.period);
      const lock = locks.get(p.period);
      return {
        ...p,
        state: lock ? 'locked' : asOf > p.due ? 'closed' : asOf > p.end ? 'due' : 'open',
        lockedAt: lock?.locked_at ?? null,
        counts: {
          submitted: reports.filter((r) => r.state !== 'draft').length,
          accepted: reports.filter((r) => r.state === 'accepted').length,
          returned: reports.filter((r) => r.state === 'returned').length,
          pendingReview: reports.filter((r) => r.state === 'submitted').length,
        },
      } satisfies PeriodView;
    },
  );
  return { asOf, items };
}

/**
 * Lock a reviewed period (coordinator): no report of it may be submitted or changed afterwards.
 * Refused while reports of the period wait for review.
 */
export async function lockPeriod(
  ctx: ServiceContext,
  actor: Actor,
  input: { planId: string; period: string },
): Promise<{ period: string; lockedAt: string }> {
  requireAbility(actor, 'reviewProgress');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const plan = await getPlanById(trx, actor.tenantId, input.planId);
    if (!plan) throw notFound('计划', 'Plan');
    if (await getPeriodLock(trx, plan.id, input.period)) {
      throw new AppError(
        409,
        'already-locked',
        `${periodZh(input.period)}已锁定`,
        'The period is locked already',
      );
    }
    const pending = await countPendingReports(trx, plan.id, input.period);
    if (pending > 0) {
      throw new AppError(
        409,
        'pending-review',
        `${periodZh(input.period)}还有 ${pending} 份报告待审核，审核后才能锁定`,
        `${pending} reports of ${input.period} still wait for review`,
      );
    }
    await createPeriodLock(trx, {
      plan_id: plan.id,
      period: input.period,
      tenant_id: actor.tenantId,
      locked_at: nowIso,
      locked_by: actor.userId,
    });
    await audit({
      action: 'period.lock',
      entityType: 'plan',
      entityId: plan.id,
      after: { period: input.period },
    });
    return { period: input.period, lockedAt: nowIso };
  });
}

/**
 * Unlock a period (coordinator), e.g. to correct an accepted figure after review: audited, and the
 * period can be locked again once its reports are reviewed.
 */
export async function unlockPeriod(
  ctx: ServiceContext,
  actor: Actor,
  input: { planId: string; period: string },
): Promise<{ period: string; unlockedAt: string }> {
  requireAbility(actor, 'reviewProgress');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const plan = await getPlanById(trx, actor.tenantId, input.planId);
    if (!plan) throw notFound('计划', 'Plan');
    const lock = await getPeriodLock(trx, plan.id, input.period);
    if (!lock || !(await deletePeriodLock(trx, plan.id, input.period))) {
      throw new AppError(
        409,
        'not-locked',
        `${periodZh(input.period)}未锁定`,
        `The period ${input.period} is not locked`,
      );
    }
    await audit({
      action: 'period.unlock',
      entityType: 'plan',
      entityId: plan.id,
      before: { period: input.period, lockedAt: lock.locked_at, lockedBy: lock.locked_by },
      after: null,
    });
    return { period: input.period, unlockedAt: nowIso };
  });
}

/** Refuse a write to a locked period (used by progress submission). */
export async function assertPeriodOpen(db: Executor, planId: string, period: string): Promise<void> {
  if (await getPeriodLock(db, planId, period)) {
    throw new AppError(
      409,
      'period-locked',
      `${periodZh(period)}的报送期已审核锁定，不能再报送或修改`,
      `The period ${period} is locked after review`,
    );
  }
}

// Reminders ------------------------------------------------------------------------------------------

/** Which reminder offset (days before `due`) is active on `today`, if any: each fires once, in its window. */
export function activeOffset(due: LocalDate, today: LocalDate, offsets: number[]): number | null {
  const sorted = [...new Set(offsets)].sort((a, b) => b - a);
  for (let i = 0; i < sorted.length; i += 1) {
    const from = addDays(due, -(sorted[i] as number));
    const next = sorted[i + 1];
    const until = next === undefined ? due : addDays(due, -next);
    if (today >= from && (today < until || (next === undefined && today <= due))) return sorted[i] as number;
  }
  return null;
}

export type ReminderRun = { events: number; notified: number; queued: number };

/**
 * Send the reminders due today for one published plan: reports due in N days (department reporters),
 * reports now overdue, task deadlines in N days (lead department), and overdue tasks (lead department
 * and the responsible leader's office). Each event has a stable key, so running twice sends nothing new.
 */
export async function remindPlan(ctx: ServiceContext, data: PlanData, now: Date): Promise<ReminderRun> {
  const today = localDate(now, data.timeZone);
  const nowIso = now.toISOString();
  const { plan, settings } = data;
  const e = evaluatePlanData(data, today);
  const run: ReminderRun = { events: 0, notified: 0, queued: 0 };
  const db = ctx.store.db;
  const emit = async (event: Parameters<typeof emitEvent>[3]): Promise<void> => {
    if (event.recipients.length === 0) return;
    const r = await emitEvent(db, plan.tenant_id, nowIso, event);
    if (r.notified + r.queued > 0) run.events += 1;
    run.notified += r.notified;
    run.queued += r.queued;
  };
  const deptName = new Map(data.departments.map((d) => [d.id, d.name] as const));
  const title = new Map(data.content.tasks.map((t) => [t.id, t.title] as const));
  const reporters = async (departmentId: string): Promise<string[]> =>
    (await listRecipients(db, plan.tenant_id, { role: 'reporter', departmentId })).map((u) => u.id);

  // Reports: per period and department, the tasks still without a submitted report.
  for (const p of reportingPeriods(`${plan.year}-01-01`, `${plan.year}-12-31`, settings.reporting)) {
    const offset = activeOffset(p.due, today, settings.reminderDaysBefore);
    const overdue = today > p.due && today <= addDays(p.due, 3);
    if (offset === null && !overdue) continue;
    const owed = new Map<string, string[]>();
    for (const [taskId, t] of e.tasks) {
      if (p.start > t.window.end) continue;
      for (const d of [...(t.lead ? [t.lead] : []), ...t.cooperating]) {
        const has = data.progress.some(
          (r) =>
            r.task_id === taskId && r.department_id === d && r.period === p.period && r.state !== 'draft',
        );
        if (!has) owed.set(d, [...(owed.get(d) ?? []), taskId]);
      }
    }
    for (const [departmentId, tasks] of owed) {
      const name = deptName.get(departmentId) ?? '';
      await emit(
        offset !== null
          ? {
              key: `report-due|${plan.id}|${p.period}|${departmentId}|${offset}`,
              kind: 'report-due',
              title: `报送提醒：${periodZh(p.period)}进展 ${p.due} 截止`,
              text: `${name}：${periodZh(p.period)}进展报送将于 ${p.due} 截止（还有 ${offset} 天），尚有 ${tasks.length} 项任务未报送。`,
              entityType: 'plan',
              entityId: plan.id,
              recipients: await reporters(departmentId),
              data: {
                planId: plan.id,
                period: p.period,
                due: p.due,
                departmentId,
                daysBefore: offset,
                taskIds: tasks,
              },
            }
          : {
              key: `report-overdue|${plan.id}|${p.period}|${departmentId}`,
              kind: 'report-overdue',
              title: `逾期未报：${periodZh(p.period)}进展`,
              text: `${name}：${periodZh(p.period)}进展应于 ${p.due} 前报送，尚有 ${tasks.length} 项任务未报送，请尽快补报。`,
              entityType: 'plan',
              entityId: plan.id,
              recipients: await reporters(departmentId),
              data: { planId: plan.id, period: p.period, due: p.due, departmentId, taskIds: tasks },
            },
      );
    }
  }

  // Task deadlines.
  for (const [taskId, t] of e.tasks) {
    const deadline = data.assignments.get(taskId)?.deadline_date ?? null;
    if (deadline === null || t.lead === null || t.status.level === 'done') continue;
    const offset = activeOffset(deadline, today, settings.reminderDaysBefore);
    if (offset !== null) {
      await emit({
        key: `task-due|${taskId}|${deadline}|${offset}`,
        kind: 'task-due',
        title: `任务到期提醒：还有 ${offset} 天`,
        text: `任务「${title.get(taskId) ?? ''}」完成期限为 ${deadline}（还有 ${offset} 天）。当前：${t.status.reason}`,
        entityType: 'task',
        entityId: taskId,
        recipients: await reporters(t.lead),
        data: { taskId, deadline, daysBefore: offset, level: t.status.level },
      });
    } else if (today > deadline && plan.year >= Number(today.slice(0, 4)) - 1) {
      const office =
        t.leaderId === null
          ? []
          : (await listRecipients(db, plan.tenant_id, { role: 'leader', leaderId: t.leaderId })).map(
              (u) => u.id,
            );
      await emit({
        key: `task-overdue|${taskId}|${deadline}`,
        kind: 'task-overdue',
        title: '任务逾期未完成',
        text: `任务「${title.get(taskId) ?? ''}」已过完成期限 ${deadline}，牵头单位 ${deptName.get(t.lead) ?? ''}。当前：${t.status.reason}`,
        entityType: 'task',
        entityId: taskId,
        recipients: [...(await reporters(t.lead)), ...office],
        data: { taskId, deadline, level: t.status.level },
      });
    }
  }
  return run;
}

/** Run the reminders of every published plan of one tenant (or all tenants). */
export async function runReminders(ctx: ServiceContext, tenantId?: string): Promise<ReminderRun> {
  const total: ReminderRun = { events: 0, notified: 0, queued: 0 };
  const tenants = tenantId ? [tenantId] : (await listTenants(ctx.store.db)).map((t) => t.id);
  const now = ctx.now();
  for (const tid of tenants) {
    const { items } = await listPlans(ctx.store.db, {
      tenantId: tid,
      states: ['published'],
      limit: 100,
      offset: 0,
    });
    for (const plan of items) {
      const r = await remindPlan(ctx, await loadPlanData(ctx.store.db, plan), now);
      total.events += r.events;
      total.notified += r.notified;
      total.queued += r.queued;
    }
  }
  return total;
}

/** Run reminders and deliveries now for the actor's tenant (coordinator / admin): what the scheduler does. */
export async function runSupervisionNow(
  ctx: ServiceContext,
  actor: Actor,
): Promise<ReminderRun & { delivered: number; retried: number; failed: number }> {
  requireAbility(actor, 'manageSupervision');
  await tenantTimeZone(ctx.store.db, actor.tenantId);
  const r = await runReminders(ctx, actor.tenantId);
  const d = await deliverDueWebhooks(ctx);
  return { ...r, ...d };
}

// Scheduler ------------------------------------------------------------------------------------------

export const LEASE_NAME = 'supervision';

/**
 * One scheduler tick: take the database lease (or renew ours); if held, run reminders for every
 * tenant and deliver due webhooks. Several processes may tick at once: only the lease holder works,
 * and event keys keep even an overlap from sending anything twice.
 */
export async function schedulerTick(
  ctx: ServiceContext,
  opts: { holder: string; leaseMs: number; fetch?: Fetch },
): Promise<{
  ran: boolean;
  reminders?: ReminderRun;
  deliveries?: { delivered: number; retried: number; failed: number };
}> {
  const now = ctx.now();
  const got = await tryAcquireLease(
    ctx.store.db,
    LEASE_NAME,
    opts.holder,
    now.toISOString(),
    new Date(now.getTime() + opts.leaseMs).toISOString(),
  );
  if (!got) return { ran: false };
  const reminders = await runReminders(ctx);
  const deliveries = await deliverDueWebhooks(ctx, {
    holder: opts.holder,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  return { ran: true, reminders, deliveries };
}

/**
 * Start the in-server scheduler: a tick every `intervalMs` (default 5 minutes) under a lease of twice
 * that. Returns a stop function that releases the lease.
 */
export function startScheduler(
  ctx: ServiceContext,
  opts: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): () => Promise<void> {
  const intervalMs = opts.intervalMs ?? 300_000;
  return startPeriodic(ctx, {
    lease: LEASE_NAME,
    intervalMs,
    firstDelayMs: 1000,
    work: (holder) => schedulerTick(ctx, { holder, leaseMs: intervalMs * 2 }),
    onError: (error) => opts.onError?.(error),
  });
}
