import { daysBetween, periodEndDate, reportingPeriods, type LocalDate } from '../core/plan/evaluate-dates.ts';
import { getPlanById, getTasksByIds, listTaskIdsForDepartment } from '../store/plan-repository.ts';
import type { ProgressState } from '../store/schema.ts';
import type { Actor, ServiceContext } from './context.ts';
import { invalid } from './errors.ts';
import { evaluatePlanData, loadPlanData, resolveAsOf, taskWindow } from './evaluation.ts';
import { requireAbility } from './permissions.ts';
import { tenantTimeZone } from './supervision-settings.ts';

/**
 * One thing a department owes, with its date:
 * - report: a period's progress report (due on the tenant's reporting deadline);
 * - deadline: a task's 完成时限;
 * - milestone: a quarterly node (形象进度) due this quarter.
 */
export type CalendarItem = {
  key: string;
  kind: 'report' | 'deadline' | 'milestone';
  /**
   * report: due (open, not yet submitted), late (deadline passed, not submitted), returned (to fix and
   * resubmit), submitted or accepted (nothing to do); deadline and milestone: upcoming or overdue.
   */
  state: 'due' | 'late' | 'returned' | 'submitted' | 'accepted' | 'upcoming' | 'overdue';
  taskId: string;
  taskTitle: string;
  planId: string;
  planTitle: string;
  role: 'lead' | 'cooperating';
  /** The reporting period (reports; for a late item the oldest late one) or null. */
  period: string | null;
  /** Reports: every period the item covers. The late periods of a task are one item, oldest first. */
  periods: string[];
  due: LocalDate;
  /** Days from asOf to the due date: negative when overdue. */
  daysLeft: number;
  /** The deadline as written (完成时限) or the milestone's text. */
  text: string | null;
  progressId: string | null;
  reviewReason: string | null;
};

export type Calendar = {
  asOf: LocalDate;
  /** The reporting period due next, and its deadline (the first open period of the department's plans). */
  period: string | null;
  periodDue: LocalDate | null;
  items: CalendarItem[];
  counts: { due: number; late: number; returned: number; submitted: number; deadlines: number };
};

const OPEN = new Set<CalendarItem['state']>(['returned', 'late', 'overdue', 'due', 'upcoming']);

/** Most urgent first: returned, then open items by date (overdue first), then what is already done. */
export function byUrgency(a: CalendarItem, b: CalendarItem): number {
  const rank = (i: CalendarItem): number => (i.state === 'returned' ? 0 : OPEN.has(i.state) ? 1 : 2);
  return rank(a) - rank(b) || a.due.localeCompare(b.due) || a.taskTitle.localeCompare(b.taskTitle, 'zh');
}

/** How far ahead task deadlines are listed. */
const DEADLINE_HORIZON_DAYS = 60;

/**
 * The reporting calendar of the actor's department (本期应报): for each task it leads or cooperates on
 * in a published plan, the report of the period in focus (the next one due, with its deadline by the
 * tenant's reporting rules; once the task's time is over, its last period) whatever its state, earlier
 * reports not submitted by their deadline (late: one item per task listing every late period) or
 * returned, the task's deadline when it is
 * near or passed and the task is not done, and the milestones due this quarter. Sorted by urgency.
 * @example getMyCalendar(ctx, reporterOf教育局, '2017-07-03') -> { period: '2017-06', periodDue: '2017-07-05', items: [{ kind: 'report', state: 'due', daysLeft: 2, … }], … }
 */
export async function getMyCalendar(
  ctx: ServiceContext,
  actor: Actor,
  asOfInput?: string,
): Promise<Calendar> {
  requireAbility(actor, 'readPlans');
  const departmentId = actor.departmentId;
  if (departmentId === null) {
    throw invalid('当前账号未绑定单位', 'This account is not bound to a department');
  }
  const db = ctx.store.db;
  const ids = await listTaskIdsForDepartment(db, actor.tenantId, departmentId);
  const tasks = await getTasksByIds(db, actor.tenantId, ids);
  const today = resolveAsOf(asOfInput, ctx.now(), await tenantTimeZone(db, actor.tenantId));
  const items: CalendarItem[] = [];
  let current: { period: string; due: LocalDate } | null = null;
  for (const planId of [...new Set(tasks.map((t) => t.plan_id))]) {
    const plan = await getPlanById(db, actor.tenantId, planId);
    if (!plan || plan.state !== 'published') continue;
    const data = await loadPlanData(db, plan);
    const evaluation = evaluatePlanData(data, today);
    const rules = data.settings.reporting;
    const quarter = Math.ceil(Number(today.slice(5, 7)) / 3);
    for (const task of tasks.filter((t) => t.plan_id === planId)) {
      const a = data.assignments.get(task.id);
      if (!a) continue;
      const role = a.lead_department_id === departmentId ? 'lead' : 'cooperating';
      const common = {
        taskId: task.id,
        taskTitle: task.title,
        planId,
        planTitle: plan.title,
        role,
      } as const;
      const window = taskWindow(data, task.id);
      const mine = data.progress.filter((p) => p.task_id === task.id && p.department_id === departmentId);
      // The period in focus: the one whose report is due next, or (the window over) its last period.
      const periods = reportingPeriods(window.start, window.end, rules).filter((p) => p.start <= today);
      const next = periods.findIndex((p) => p.due >= today);
      const focus = next >= 0 ? next : periods.length - 1;
      // Every late period of the task is one item (the oldest's date), not a row per month.
      let late: CalendarItem | null = null;
      for (const [i, p] of periods.entries()) {
        if (i > focus) break;
        const report = mine.find((r) => r.period === p.period) ?? null;
        const state: ProgressState | null = report?.state ?? null;
        let itemState: CalendarItem['state'];
        if (state === 'returned') itemState = 'returned';
        else if (state === 'submitted' || state === 'accepted') itemState = state;
        else if (p.due < today) itemState = 'late';
        else itemState = 'due';
        if (i === next && (current === null || p.due < current.due))
          current = { period: p.period, due: p.due };
        // Earlier periods matter only while something is left to do there.
        if (i !== focus && itemState !== 'late' && itemState !== 'returned') continue;
        // (The period in focus stays its own item: it is the one a task's row on 我的任务 shows.)
        if (itemState === 'late' && late !== null && i !== focus) {
          late.periods.push(p.period);
          continue;
        }
        const item: CalendarItem = {
          ...common,
          key: `report|${task.id}|${p.period}`,
          kind: 'report',
          state: itemState,
          period: p.period,
          periods: [p.period],
          due: p.due,
          daysLeft: daysBetween(today, p.due),
          text: null,
          progressId: report?.id ?? null,
          reviewReason: state === 'returned' ? (report?.review_reason ?? null) : null,
        };
        if (itemState === 'late' && i !== focus) late = item;
        items.push(item);
      }
      const done = evaluation.tasks.get(task.id)?.status.level === 'done';
      const deadline = a.deadline_date;
      if (deadline !== null && !done && daysBetween(today, deadline) <= DEADLINE_HORIZON_DAYS) {
        items.push({
          ...common,
          key: `deadline|${task.id}`,
          kind: 'deadline',
          state: deadline < today ? 'overdue' : 'upcoming',
          period: null,
          periods: [],
          due: deadline,
          daysLeft: daysBetween(today, deadline),
          text: a.deadline_text,
          progressId: null,
          reviewReason: null,
        });
      }
      if (Number(today.slice(0, 4)) === plan.year && !done) {
        const milestones = JSON.parse(a.milestones_json) as { quarter: number; text: string }[];
        for (const m of milestones.filter((x) => x.quarter === quarter)) {
          const due = periodEndDate(`${plan.year}-${String(quarter * 3).padStart(2, '0')}`);
          items.push({
            ...common,
            key: `milestone|${task.id}|${m.quarter}`,
            kind: 'milestone',
            state: 'upcoming',
            period: null,
            periods: [],
            due,
            daysLeft: daysBetween(today, due),
            text: m.text,
            progressId: null,
            reviewReason: null,
          });
        }
      }
    }
  }
  items.sort(byUrgency);
  const count = (pred: (i: CalendarItem) => boolean): number => items.filter(pred).length;
  return {
    asOf: today,
    period: current?.period ?? null,
    periodDue: current?.due ?? null,
    items,
    counts: {
      due: count((i) => i.kind === 'report' && i.state === 'due'),
      late: items
        .filter((i) => i.kind === 'report' && i.state === 'late')
        .reduce((n, i) => n + i.periods.length, 0),
      returned: count((i) => i.state === 'returned'),
      submitted: count((i) => i.kind === 'report' && (i.state === 'submitted' || i.state === 'accepted')),
      deadlines: count((i) => i.kind !== 'report'),
    },
  };
}
