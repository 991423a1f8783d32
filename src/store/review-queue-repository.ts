import type { Executor } from './db.ts';
import type { ProgressState } from './schema.ts';

export type QueueFilter = {
  /** One state, or every state but draft when omitted. */
  state?: Exclude<ProgressState, 'draft'>;
  departmentId?: string;
  period?: string;
  planId?: string;
  limit: number;
  offset: number;
};

export type QueueRow = {
  id: string;
  plan_id: string;
  plan_title: string;
  task_id: string;
  task_title: string;
  section_title: string;
  department_id: string;
  lead_department_id: string | null;
  period: string;
  state: ProgressState;
  progress: string;
  problems: string;
  next_steps: string;
  submitted_at: string | null;
  reviewed_at: string | null;
  review_reason: string | null;
  version: number;
};

/**
 * Progress reports of a tenant for the review queue, with their task, section and plan titles and the
 * task's lead department. Waiting reports come oldest first (first in, first reviewed); others newest first.
 */
export async function listQueue(
  db: Executor,
  tenantId: string,
  filter: QueueFilter,
): Promise<{ items: QueueRow[]; total: number }> {
  let q = db
    .selectFrom('progress_reports as p')
    .innerJoin('tasks as t', 't.id', 'p.task_id')
    .innerJoin('sections as s', 's.id', 't.section_id')
    .innerJoin('plans as pl', 'pl.id', 'p.plan_id')
    .leftJoin('assignments as a', 'a.task_id', 'p.task_id')
    .where('p.tenant_id', '=', tenantId);
  q = filter.state === undefined ? q.where('p.state', '!=', 'draft') : q.where('p.state', '=', filter.state);
  if (filter.departmentId !== undefined) q = q.where('p.department_id', '=', filter.departmentId);
  if (filter.period !== undefined) q = q.where('p.period', '=', filter.period);
  if (filter.planId !== undefined) q = q.where('p.plan_id', '=', filter.planId);
  const oldestFirst = filter.state === 'submitted';
  const items = await q
    .select([
      'p.id',
      'p.plan_id',
      'pl.title as plan_title',
      'p.task_id',
      't.title as task_title',
      's.title as section_title',
      'p.department_id',
      'a.lead_department_id',
      'p.period',
      'p.state',
      'p.progress',
      'p.problems',
      'p.next_steps',
      'p.submitted_at',
      'p.reviewed_at',
      'p.review_reason',
      'p.version',
    ])
    .orderBy(oldestFirst ? 'p.submitted_at' : 'p.updated_at', oldestFirst ? 'asc' : 'desc')
    .orderBy('p.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const total = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst();
  return { items, total: Number(total?.n ?? 0) };
}

/** Reported figures of some reports. */
export async function valuesOfReports(
  db: Executor,
  ids: string[],
): Promise<{ progress_id: string; target_id: string; actual: number }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('progress_values')
    .select(['progress_id', 'target_id', 'actual'])
    .where('progress_id', 'in', ids)
    .execute();
}

/** Targets of some tasks, in report order. */
export async function targetsOfTasks(
  db: Executor,
  taskIds: string[],
): Promise<
  {
    id: string;
    task_id: string | null;
    subject: string;
    unit: string;
    comparator: string;
    low: number;
    high: number;
  }[]
> {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('targets')
    .select(['id', 'task_id', 'subject', 'unit', 'comparator', 'low', 'high'])
    .where('task_id', 'in', taskIds)
    .orderBy('ord')
    .execute();
}

/** How many attachments each report has. */
export async function attachmentCounts(db: Executor, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('attachments')
    .select(['progress_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('progress_id', 'in', ids)
    .groupBy('progress_id')
    .execute();
  return new Map(rows.map((r) => [r.progress_id, Number(r.n)] as const));
}
