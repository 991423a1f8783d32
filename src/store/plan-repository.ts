import type { Plan, Section } from '../core/plan/types.ts';
import type { Executor } from './db.ts';
import { newId } from './ids.ts';
import type {
  AssignmentTable,
  BaselineTable,
  PlanState,
  PlanTable,
  ReportTable,
  SectionTable,
  TargetTable,
  TaskTable,
} from './schema.ts';

export type PlanContent = {
  sections: SectionTable[];
  tasks: TaskTable[];
  targets: TargetTable[];
  baselines: BaselineTable[];
};

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 200;

async function insertChunked<T extends 'sections' | 'tasks' | 'targets' | 'baselines'>(
  db: Executor,
  table: T,
  rows: PlanContent[T],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // The union of row types is exactly the insertable shape of `table`.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as never)
      .execute();
  }
}

export async function createReport(db: Executor, row: ReportTable): Promise<void> {
  await db.insertInto('reports').values(row).execute();
}

export async function getReportById(db: Executor, tenantId: string, id: string): Promise<ReportTable | null> {
  const row = await db
    .selectFrom('reports')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** The plan (not archived) of a tenant built from a report with this content hash, if any. */
export async function findPlanByReportHash(
  db: Executor,
  tenantId: string,
  sha256: string,
  year: number,
): Promise<PlanTable | null> {
  const row = await db
    .selectFrom('plans')
    .innerJoin('reports', 'reports.id', 'plans.report_id')
    .selectAll('plans')
    .where('plans.tenant_id', '=', tenantId)
    .where('plans.year', '=', year)
    .where('reports.sha256', '=', sha256)
    .where('plans.state', '!=', 'archived')
    .executeTakeFirst();
  return row ?? null;
}

export async function findPlanByYear(
  db: Executor,
  tenantId: string,
  year: number,
): Promise<PlanTable | null> {
  const row = await db
    .selectFrom('plans')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .where('state', '!=', 'archived')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Store a parsed Plan under `planRow`: sections (pre-order, with parents), tasks, targets and
 * baselines exactly as parsed, each keeping the parser's id as `ref` and its source span.
 */
export async function insertPlan(db: Executor, planRow: PlanTable, plan: Plan): Promise<PlanContent> {
  await db.insertInto('plans').values(planRow).execute();
  const base = { tenant_id: planRow.tenant_id, plan_id: planRow.id };
  const sectionIds = new Map<string, string>();
  const sections: SectionTable[] = [];
  const walk = (list: Section[], parentId: string | null): void => {
    for (const s of list) {
      const id = newId();
      sectionIds.set(s.id, id);
      sections.push({
        ...base,
        id,
        ref: s.id,
        parent_id: parentId,
        ord: sections.length,
        title: s.title,
        kind: s.kind,
        depth: s.depth,
        span_start: s.span[0],
        span_end: s.span[1],
      });
      walk(s.children, id);
    }
  };
  walk(plan.sections, null);
  const sectionId = (ref: string): string => sectionIds.get(ref) ?? ref;
  const taskIds = new Map(plan.tasks.map((t) => [t.id, newId()] as const));
  const tasks: TaskTable[] = plan.tasks.map((t, ord) => ({
    ...base,
    id: taskIds.get(t.id) ?? newId(),
    ref: t.id,
    section_id: sectionId(t.sectionId),
    parent_id: t.parentId ? (taskIds.get(t.parentId) ?? null) : null,
    ord,
    title: t.title,
    text: t.text,
    span_start: t.span[0],
    span_end: t.span[1],
    version: 1,
  }));
  const targets: TargetTable[] = plan.targets.map((t, ord) => ({
    ...base,
    id: newId(),
    ref: t.id,
    section_id: sectionId(t.sectionId),
    task_id: t.taskId === null ? null : (taskIds.get(t.taskId) ?? null),
    ord,
    quote: t.quote,
    span_start: t.span[0],
    span_end: t.span[1],
    subject: t.subject,
    low: t.low,
    high: t.high,
    unit: t.unit,
    comparator: t.comparator,
    direction: t.direction,
    horizon: t.horizon,
    due_year: t.dueYear,
    version: 1,
  }));
  const baselines: BaselineTable[] = plan.baselines.map((b, ord) => ({
    ...base,
    id: newId(),
    ref: b.id,
    section_id: sectionId(b.sectionId),
    ord,
    quote: b.quote,
    span_start: b.span[0],
    span_end: b.span[1],
    subject: b.subject,
    value: b.value,
    unit: b.unit,
    year: b.year,
  }));
  await insertChunked(db, 'sections', sections);
  await insertChunked(db, 'tasks', tasks);
  await insertChunked(db, 'targets', targets);
  await insertChunked(db, 'baselines', baselines);
  return { sections, tasks, targets, baselines };
}

export async function getPlanById(db: Executor, tenantId: string, id: string): Promise<PlanTable | null> {
  const row = await db
    .selectFrom('plans')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** A plan by id in any tenant: only for the public API, which then checks `state`. */
export async function getPlanByIdAnyTenant(db: Executor, id: string): Promise<PlanTable | null> {
  const row = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  return row ?? null;
}

export type PlanListFilter = {
  tenantId?: string;
  states?: PlanState[];
  year?: number;
  limit: number;
  offset: number;
};

/** Every published plan of every tenant, oldest first (the snapshot refresher's work list). */
export async function listPublishedPlans(db: Executor): Promise<PlanTable[]> {
  return db
    .selectFrom('plans')
    .selectAll()
    .where('state', '=', 'published')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function listPlans(
  db: Executor,
  filter: PlanListFilter,
): Promise<{ items: PlanTable[]; total: number }> {
  let q = db.selectFrom('plans');
  if (filter.tenantId !== undefined) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.states !== undefined) q = q.where('state', 'in', filter.states);
  if (filter.year !== undefined) q = q.where('year', '=', filter.year);
  const items = await q
    .selectAll()
    .orderBy('year', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const total = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst();
  return { items, total: Number(total?.n ?? 0) };
}

export async function updatePlan(
  db: Executor,
  tenantId: string,
  id: string,
  expectedVersion: number,
  set: Partial<Pick<PlanTable, 'state' | 'title' | 'updated_at' | 'published_at'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('plans')
    .set({ ...set, version: expectedVersion + 1 })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function getPlanContent(db: Executor, planId: string): Promise<PlanContent> {
  const [sections, tasks, targets, baselines] = await Promise.all([
    db.selectFrom('sections').selectAll().where('plan_id', '=', planId).orderBy('ord').execute(),
    db.selectFrom('tasks').selectAll().where('plan_id', '=', planId).orderBy('ord').execute(),
    db.selectFrom('targets').selectAll().where('plan_id', '=', planId).orderBy('ord').execute(),
    db.selectFrom('baselines').selectAll().where('plan_id', '=', planId).orderBy('ord').execute(),
  ]);
  return { sections, tasks, targets, baselines };
}

/** Rebuild the parser's Plan from stored rows: the inverse of `insertPlan`. */
export function toParsedPlan(planRow: PlanTable, report: ReportTable, content: PlanContent): Plan {
  const sectionRef = new Map(content.sections.map((s) => [s.id, s.ref] as const));
  const taskRef = new Map(content.tasks.map((t) => [t.id, t.ref] as const));
  const nodes = new Map<string, Section>();
  const roots: Section[] = [];
  for (const s of content.sections) {
    const node: Section = {
      id: s.ref,
      title: s.title,
      kind: s.kind as Section['kind'],
      depth: s.depth,
      span: [s.span_start, s.span_end],
      children: [],
    };
    nodes.set(s.id, node);
    const parent = s.parent_id === null ? undefined : nodes.get(s.parent_id);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return {
    title: planRow.title,
    region: planRow.region,
    level: planRow.level as Plan['level'],
    year: planRow.year,
    source: { sha256: report.sha256, chars: report.chars, copies: report.copies },
    sections: roots,
    tasks: content.tasks.map((t) => ({
      id: t.ref,
      sectionId: sectionRef.get(t.section_id) ?? t.section_id,
      title: t.title,
      text: t.text,
      span: [t.span_start, t.span_end],
      ...(t.parent_id === null ? {} : { parentId: taskRef.get(t.parent_id) ?? null }),
    })),
    targets: content.targets.map((t) => ({
      id: t.ref,
      sectionId: sectionRef.get(t.section_id) ?? t.section_id,
      taskId: t.task_id === null ? null : (taskRef.get(t.task_id) ?? null),
      quote: t.quote,
      span: [t.span_start, t.span_end],
      subject: t.subject,
      low: t.low,
      high: t.high,
      unit: t.unit,
      comparator: t.comparator as Plan['targets'][number]['comparator'],
      direction: t.direction as Plan['targets'][number]['direction'],
      horizon: t.horizon as Plan['targets'][number]['horizon'],
      dueYear: t.due_year,
    })),
    baselines: content.baselines.map((b) => ({
      id: b.ref,
      sectionId: sectionRef.get(b.section_id) ?? b.section_id,
      quote: b.quote,
      span: [b.span_start, b.span_end],
      subject: b.subject,
      value: b.value,
      unit: b.unit,
      year: b.year,
    })),
    problems: JSON.parse(planRow.problems_json) as Plan['problems'],
  };
}

export async function getTaskById(db: Executor, tenantId: string, id: string): Promise<TaskTable | null> {
  const row = await db
    .selectFrom('tasks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

export async function getTargetsOfTask(db: Executor, taskId: string): Promise<TargetTable[]> {
  return db.selectFrom('targets').selectAll().where('task_id', '=', taskId).orderBy('ord').execute();
}

export type AssignmentRecord = AssignmentTable & { cooperatingDepartmentIds: string[] };

export async function listAssignments(db: Executor, planId: string): Promise<AssignmentRecord[]> {
  const rows = await db.selectFrom('assignments').selectAll().where('plan_id', '=', planId).execute();
  const coop = await db
    .selectFrom('assignment_departments')
    .innerJoin('tasks', 'tasks.id', 'assignment_departments.task_id')
    .select(['assignment_departments.task_id', 'assignment_departments.department_id'])
    .where('tasks.plan_id', '=', planId)
    .orderBy('assignment_departments.ord')
    .execute();
  const byTask = new Map<string, string[]>();
  for (const c of coop) {
    const list = byTask.get(c.task_id) ?? [];
    list.push(c.department_id);
    byTask.set(c.task_id, list);
  }
  return rows.map((r) => ({ ...r, cooperatingDepartmentIds: byTask.get(r.task_id) ?? [] }));
}

export async function getAssignment(db: Executor, taskId: string): Promise<AssignmentRecord | null> {
  const row = await db.selectFrom('assignments').selectAll().where('task_id', '=', taskId).executeTakeFirst();
  if (!row) return null;
  const coop = await db
    .selectFrom('assignment_departments')
    .select('department_id')
    .where('task_id', '=', taskId)
    .orderBy('ord')
    .execute();
  return { ...row, cooperatingDepartmentIds: coop.map((c) => c.department_id) };
}

/**
 * Create (expectedVersion null) or update (at expectedVersion) a task's assignment and replace its
 * ordered cooperating departments. Returns false when the version is stale or the row exists already.
 */
export async function saveAssignment(
  db: Executor,
  row: AssignmentTable,
  cooperatingDepartmentIds: string[],
  expectedVersion: number | null,
): Promise<boolean> {
  if (expectedVersion === null) {
    const existing = await db
      .selectFrom('assignments')
      .select('task_id')
      .where('task_id', '=', row.task_id)
      .executeTakeFirst();
    if (existing) return false;
    await db
      .insertInto('assignments')
      .values({ ...row, version: 1 })
      .execute();
  } else {
    const { task_id: taskId, ...rest } = row;
    const result = await db
      .updateTable('assignments')
      .set({ ...rest, version: expectedVersion + 1 })
      .where('task_id', '=', taskId)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
  }
  await db.deleteFrom('assignment_departments').where('task_id', '=', row.task_id).execute();
  if (cooperatingDepartmentIds.length > 0) {
    await db
      .insertInto('assignment_departments')
      .values(
        cooperatingDepartmentIds.map((departmentId, ord) => ({
          task_id: row.task_id,
          tenant_id: row.tenant_id,
          department_id: departmentId,
          ord,
        })),
      )
      .execute();
  }
  return true;
}

/** Ids of the tasks where a department leads or cooperates, within a tenant. */
export async function listTaskIdsForDepartment(
  db: Executor,
  tenantId: string,
  departmentId: string,
): Promise<string[]> {
  const lead = await db
    .selectFrom('assignments')
    .select('task_id')
    .where('tenant_id', '=', tenantId)
    .where('lead_department_id', '=', departmentId)
    .execute();
  const coop = await db
    .selectFrom('assignment_departments')
    .select('task_id')
    .where('tenant_id', '=', tenantId)
    .where('department_id', '=', departmentId)
    .execute();
  return [...new Set([...lead, ...coop].map((r) => r.task_id))];
}

export async function getTasksByIds(db: Executor, tenantId: string, ids: string[]): Promise<TaskTable[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .orderBy('plan_id')
    .orderBy('ord')
    .execute();
}

export async function getTargetById(db: Executor, tenantId: string, id: string): Promise<TargetTable | null> {
  const row = await db
    .selectFrom('targets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

export async function updateTask(
  db: Executor,
  id: string,
  expectedVersion: number,
  set: Partial<Pick<TaskTable, 'title'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('tasks')
    .set({ ...set, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type TargetFields = Pick<
  TargetTable,
  'subject' | 'low' | 'high' | 'unit' | 'comparator' | 'direction' | 'horizon' | 'due_year'
>;

export async function updateTarget(
  db: Executor,
  id: string,
  expectedVersion: number,
  set: Partial<TargetFields>,
): Promise<boolean> {
  const result = await db
    .updateTable('targets')
    .set({ ...set, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function createTarget(db: Executor, row: TargetTable): Promise<void> {
  await db.insertInto('targets').values(row).execute();
}

/** Delete a target at `expectedVersion`; false when stale. */
export async function deleteTarget(db: Executor, id: string, expectedVersion: number): Promise<boolean> {
  const result = await db
    .deleteFrom('targets')
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function countValuesOfTarget(db: Executor, targetId: string): Promise<number> {
  const row = await db
    .selectFrom('progress_values')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('target_id', '=', targetId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function maxTargetOrd(db: Executor, planId: string): Promise<number> {
  const row = await db
    .selectFrom('targets')
    .select((eb) => eb.fn.max('ord').as('m'))
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return Number(row?.m ?? -1);
}
