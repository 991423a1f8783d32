import {
  attachmentCounts,
  listQueue,
  targetsOfTasks,
  valuesOfReports,
  type QueueFilter,
} from '../store/review-queue-repository.ts';
import type { ProgressState } from '../store/schema.ts';
import { listDepartments } from '../store/tenant-repository.ts';
import type { Actor, ServiceContext } from './context.ts';
import { requireAbility } from './permissions.ts';

/** One report in the review queue, with everything needed to decide without opening another page. */
export type QueueItem = {
  id: string;
  planId: string;
  planTitle: string;
  taskId: string;
  taskTitle: string;
  sectionTitle: string;
  departmentId: string;
  departmentName: string;
  departmentRole: 'lead' | 'cooperating';
  leadDepartmentId: string | null;
  leadDepartmentName: string | null;
  period: string;
  state: Exclude<ProgressState, 'draft'>;
  /** Each target of the task: its goal and the figure reported (null when the report gives none). */
  values: {
    targetId: string;
    subject: string;
    unit: string;
    comparator: string;
    low: number;
    high: number;
    actual: number | null;
  }[];
  progress: string;
  problems: string;
  nextSteps: string;
  attachments: number;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  version: number;
};

/**
 * The coordinator's review queue: reports of the region filtered by state (default: waiting for
 * review), department, period and plan, a page at a time.
 * @example listReviewQueue(ctx, coordinator, { state: 'submitted', period: '2017-06', limit: 20, offset: 0 }) -> { items: [{ taskTitle: '…', values: [{ subject: '新增贷款', low: 175, actual: 120 }], … }], total: 3 }
 */
export async function listReviewQueue(
  ctx: ServiceContext,
  actor: Actor,
  filter: QueueFilter,
): Promise<{ items: QueueItem[]; total: number }> {
  requireAbility(actor, 'readAllProgress');
  const db = ctx.store.db;
  const { items, total } = await listQueue(db, actor.tenantId, filter);
  const ids = items.map((r) => r.id);
  const [values, targets, attachments, departments] = await Promise.all([
    valuesOfReports(db, ids),
    targetsOfTasks(db, [...new Set(items.map((r) => r.task_id))]),
    attachmentCounts(db, ids),
    listDepartments(db, actor.tenantId),
  ]);
  const name = new Map(departments.map((d) => [d.id, d.name] as const));
  return {
    total,
    items: items.map((r) => {
      const mine = new Map(values.filter((v) => v.progress_id === r.id).map((v) => [v.target_id, v.actual]));
      return {
        id: r.id,
        planId: r.plan_id,
        planTitle: r.plan_title,
        taskId: r.task_id,
        taskTitle: r.task_title,
        sectionTitle: r.section_title,
        departmentId: r.department_id,
        departmentName: name.get(r.department_id) ?? r.department_id,
        departmentRole: r.lead_department_id === r.department_id ? 'lead' : 'cooperating',
        leadDepartmentId: r.lead_department_id,
        leadDepartmentName: r.lead_department_id ? (name.get(r.lead_department_id) ?? null) : null,
        period: r.period,
        state: r.state as QueueItem['state'],
        values: targets
          .filter((t) => t.task_id === r.task_id)
          .map((t) => ({
            targetId: t.id,
            subject: t.subject,
            unit: t.unit,
            comparator: t.comparator,
            low: t.low,
            high: t.high,
            actual: mine.get(t.id) ?? null,
          })),
        progress: r.progress,
        problems: r.problems,
        nextSteps: r.next_steps,
        attachments: attachments.get(r.id) ?? 0,
        submittedAt: r.submitted_at,
        reviewedAt: r.reviewed_at,
        reviewReason: r.review_reason,
        version: r.version,
      };
    }),
  };
}
