import type { Executor } from './db.ts';
import type { AttachmentTable, ProgressReportTable, ProgressState, ProgressValueTable } from './schema.ts';

export type ProgressRecord = ProgressReportTable & {
  values: Pick<ProgressValueTable, 'target_id' | 'actual'>[];
};

export async function getProgressById(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<ProgressRecord | null> {
  const row = await db
    .selectFrom('progress_reports')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const values = await db
    .selectFrom('progress_values')
    .select(['target_id', 'actual'])
    .where('progress_id', '=', id)
    .execute();
  return { ...row, values };
}

export async function findProgress(
  db: Executor,
  taskId: string,
  departmentId: string,
  period: string,
): Promise<ProgressReportTable | null> {
  const row = await db
    .selectFrom('progress_reports')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('department_id', '=', departmentId)
    .where('period', '=', period)
    .executeTakeFirst();
  return row ?? null;
}

export async function createProgress(db: Executor, row: ProgressReportTable): Promise<void> {
  await db.insertInto('progress_reports').values(row).execute();
}

export async function updateProgress(
  db: Executor,
  id: string,
  expectedVersion: number,
  set: Partial<Omit<ProgressReportTable, 'id' | 'tenant_id' | 'plan_id' | 'task_id' | 'version'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('progress_reports')
    .set({ ...set, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceProgressValues(
  db: Executor,
  progressId: string,
  values: ProgressValueTable[],
): Promise<void> {
  await db.deleteFrom('progress_values').where('progress_id', '=', progressId).execute();
  if (values.length > 0) await db.insertInto('progress_values').values(values).execute();
}

export async function listProgressOfTask(
  db: Executor,
  tenantId: string,
  taskId: string,
): Promise<ProgressRecord[]> {
  const rows = await db
    .selectFrom('progress_reports')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('task_id', '=', taskId)
    .orderBy('period', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  return withValues(db, rows);
}

async function withValues(db: Executor, rows: ProgressReportTable[]): Promise<ProgressRecord[]> {
  if (rows.length === 0) return [];
  const values = await db
    .selectFrom('progress_values')
    .select(['progress_id', 'target_id', 'actual'])
    .where(
      'progress_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return attachValues(rows, values);
}

/** Each report with its values, grouped in one pass (values keep their query order). */
function attachValues(
  rows: ProgressReportTable[],
  values: Pick<ProgressValueTable, 'progress_id' | 'target_id' | 'actual'>[],
): ProgressRecord[] {
  const byReport = new Map<string, ProgressRecord['values']>();
  for (const v of values) {
    const list = byReport.get(v.progress_id);
    const value = { target_id: v.target_id, actual: v.actual };
    if (list) list.push(value);
    else byReport.set(v.progress_id, [value]);
  }
  return rows.map((r) => ({ ...r, values: byReport.get(r.id) ?? [] }));
}

/** Progress reports of a plan in the given states (all when omitted), oldest period first. */
export async function listProgressOfPlan(
  db: Executor,
  planId: string,
  states?: ProgressState[],
): Promise<ProgressRecord[]> {
  let q = db.selectFrom('progress_reports').selectAll().where('plan_id', '=', planId);
  if (states !== undefined) q = q.where('state', 'in', states);
  const rows = await q.orderBy('period').orderBy('updated_at').execute();
  if (rows.length === 0) return [];
  // The values of the plan's reports in one query (a join on the plan, not id lists of 500).
  let v = db
    .selectFrom('progress_values')
    .innerJoin('progress_reports', 'progress_reports.id', 'progress_values.progress_id')
    .select(['progress_values.progress_id', 'progress_values.target_id', 'progress_values.actual'])
    .where('progress_reports.plan_id', '=', planId);
  if (states !== undefined) v = v.where('progress_reports.state', 'in', states);
  return attachValues(rows, await v.execute());
}

/** The columns of a report that evaluation reads: no narrative text. */
export type ProgressFact = Pick<
  ProgressReportTable,
  'id' | 'task_id' | 'department_id' | 'period' | 'state' | 'submitted_at' | 'reviewed_at' | 'updated_at'
> & { values: Pick<ProgressValueTable, 'target_id' | 'actual'>[] };

/**
 * Every progress report of a plan as narrow facts with their values, oldest period first (the order of
 * listProgressOfPlan): what evaluation needs, without the narrative columns of thousands of reports.
 */
export function listProgressFactsOfPlan(db: Executor, planId: string): Promise<ProgressFact[]> {
  return listProgressFacts(db, 'plan_id', planId);
}

/** The same facts for the reports of one task (its index: the unique task, department, period key). */
export function listProgressFactsOfTask(db: Executor, taskId: string): Promise<ProgressFact[]> {
  return listProgressFacts(db, 'task_id', taskId);
}

async function listProgressFacts(
  db: Executor,
  column: 'plan_id' | 'task_id',
  id: string,
): Promise<ProgressFact[]> {
  const [rows, values] = await Promise.all([
    db
      .selectFrom('progress_reports')
      .select([
        'id',
        'task_id',
        'department_id',
        'period',
        'state',
        'submitted_at',
        'reviewed_at',
        'updated_at',
      ])
      .where(column, '=', id)
      .orderBy('period')
      .orderBy('updated_at')
      .execute(),
    db
      .selectFrom('progress_values')
      .innerJoin('progress_reports', 'progress_reports.id', 'progress_values.progress_id')
      .select(['progress_values.progress_id', 'progress_values.target_id', 'progress_values.actual'])
      .where(`progress_reports.${column}`, '=', id)
      .execute(),
  ]);
  const byReport = new Map<string, ProgressFact['values']>();
  for (const v of values) {
    const list = byReport.get(v.progress_id);
    const value = { target_id: v.target_id, actual: v.actual };
    if (list) list.push(value);
    else byReport.set(v.progress_id, [value]);
  }
  return rows.map((r) => ({ ...r, values: byReport.get(r.id) ?? [] }));
}

/** The narrative of the given reports (of one plan), by id. */
export async function listProgressNarratives(
  db: Executor,
  planId: string,
  ids: string[],
): Promise<Map<string, Pick<ProgressReportTable, 'progress' | 'problems' | 'next_steps'>>> {
  const out = new Map<string, Pick<ProgressReportTable, 'progress' | 'problems' | 'next_steps'>>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('progress_reports')
      .select(['id', 'progress', 'problems', 'next_steps'])
      .where('plan_id', '=', planId)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows)
      out.set(r.id, { progress: r.progress, problems: r.problems, next_steps: r.next_steps });
  }
  return out;
}

export async function listProgressForReview(
  db: Executor,
  tenantId: string,
  page: { limit: number; offset: number; state?: ProgressState },
): Promise<{ items: ProgressReportTable[]; total: number }> {
  let q = db.selectFrom('progress_reports').where('tenant_id', '=', tenantId);
  if (page.state !== undefined) q = q.where('state', '=', page.state);
  const items = await q
    .selectAll()
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst();
  return { items, total: Number(total?.n ?? 0) };
}

export async function createAttachment(db: Executor, row: AttachmentTable): Promise<void> {
  await db.insertInto('attachments').values(row).execute();
}

export async function listAttachments(db: Executor, progressId: string): Promise<AttachmentTable[]> {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('progress_id', '=', progressId)
    .orderBy('created_at')
    .execute();
}

export async function getAttachmentById(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<AttachmentTable | null> {
  const row = await db
    .selectFrom('attachments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}
