import fs from 'node:fs/promises';
import path from 'node:path';
import type { Actor, ServiceContext } from './context.ts';
import { notFound } from './errors.ts';
import type { Status } from '../core/plan/evaluate.ts';
import { loadPlanEvaluation, resolveAsOf, type LoadedEvaluation } from './evaluation.ts';
import { requireAbility } from './permissions.ts';
import { tenantTimeZone } from './supervision-settings.ts';
import { getPlanById, getPlanByIdAnyTenant, getReportById, listPlans } from '../store/plan-repository.ts';
import type { PlanState, PlanTable, SectionTable } from '../store/schema.ts';
import type { Executor } from '../store/db.ts';

export type SectionView = {
  id: string;
  title: string;
  kind: string;
  depth: number;
  span: [number, number];
  status: Status;
  children: SectionView[];
};

export type AssignmentView = {
  leader: string | null;
  leaderTitle: string | null;
  leaderId: string | null;
  leadDepartment: string | null;
  leadDepartmentId: string | null;
  cooperatingDepartments: string[];
  cooperatingDepartmentIds: string[];
  deadline: string | null;
  deadlineDate: string | null;
  milestones: { quarter: number; text: string }[];
  version?: number;
};

export type TargetView = {
  id: string;
  subject: string;
  low: number;
  high: number;
  unit: string;
  comparator: string;
  direction: string;
  horizon: string;
  dueYear: number | null;
  quote: string;
  span: [number, number];
  latest: { period: string; actual: number } | null;
  status: Status;
  version?: number;
};

export type TaskView = {
  id: string;
  sectionId: string;
  parentId: string | null;
  title: string;
  text: string;
  span: [number, number];
  assignment: AssignmentView | null;
  targets: TargetView[];
  status: Status;
  latestProgress: { period: string; progress: string; problems?: string; nextSteps?: string } | null;
  version?: number;
};

export type PlanView = {
  id: string;
  title: string;
  year: number;
  state: PlanState;
  region: string | null;
  level: string | null;
  version: number;
  publishedAt: string | null;
  updatedAt: string;
  status: Status;
  sections: SectionView[];
  tasks: TaskView[];
  baselines: {
    id: string;
    subject: string;
    value: number;
    unit: string;
    year: number | null;
    quote: string;
  }[];
  problems?: unknown[];
  /** The date the statuses are judged at (the tenant's calendar), and whether the year has ended. */
  evaluation: { asOf: string; yearEnded: boolean };
  /** Set when the plan's progress is simulated demo data (模拟数据). */
  simulated?: { label: string; note: string };
};

export type PlanSummary = {
  id: string;
  title: string;
  year: number;
  state: PlanState;
  region: string | null;
  level: string | null;
  version: number;
  publishedAt: string | null;
  updatedAt: string;
};

export const toPlanSummary = (p: PlanTable): PlanSummary => ({
  id: p.id,
  title: p.title,
  year: p.year,
  state: p.state,
  region: p.region,
  level: p.level,
  version: p.version,
  publishedAt: p.published_at,
  updatedAt: p.updated_at,
});

const GREY: Status = { level: 'grey', reason: '', reasonEn: '', completion: null, expected: null };

async function buildPlanView(
  db: Executor,
  plan: PlanTable,
  now: Date,
  internal: boolean,
  asOfInput?: string,
  options: { reviewedBy?: string } = {},
): Promise<PlanView> {
  return planViewFrom(plan, await loadPlanEvaluation(db, plan, now, asOfInput, options), internal);
}

/** The views of the loaded tasks, in their order, with targets, assignment, status and latest narrative. */
export function taskViewsFrom(loaded: LoadedEvaluation): TaskView[] {
  const { data, evaluation } = loaded;
  const { content, assignments } = data;
  const deptName = new Map(data.departments.map((d) => [d.id, d.name] as const));
  const leaderById = new Map(data.leaders.map((l) => [l.id, l] as const));

  const targetsByTask = new Map<string, TargetView[]>();
  for (const t of content.targets) {
    if (t.task_id === null) continue;
    const e = evaluation.targets.get(t.id);
    const view: TargetView = {
      id: t.id,
      subject: t.subject,
      low: t.low,
      high: t.high,
      unit: t.unit,
      comparator: t.comparator,
      direction: t.direction,
      horizon: t.horizon,
      dueYear: t.due_year,
      quote: t.quote,
      span: [t.span_start, t.span_end],
      latest: e?.latest ?? null,
      version: t.version,
      status: e?.status ?? GREY,
    };
    const list = targetsByTask.get(t.task_id) ?? [];
    list.push(view);
    targetsByTask.set(t.task_id, list);
  }

  return content.tasks.map((t) => {
    const a = assignments.get(t.id);
    const targets = targetsByTask.get(t.id) ?? [];
    const e = evaluation.tasks.get(t.id);
    const narrative = e?.latestReport ?? null;
    const leader = a?.leader_id ? leaderById.get(a.leader_id) : undefined;
    const status: Status = e?.status ?? GREY;
    return {
      id: t.id,
      sectionId: t.section_id,
      parentId: t.parent_id,
      title: t.title,
      text: t.text,
      span: [t.span_start, t.span_end],
      version: t.version,
      assignment: a
        ? {
            leader: leader?.name ?? null,
            leaderTitle: leader?.title ?? null,
            leaderId: a.leader_id,
            leadDepartment: a.lead_department_id ? (deptName.get(a.lead_department_id) ?? null) : null,
            leadDepartmentId: a.lead_department_id,
            cooperatingDepartments: a.cooperatingDepartmentIds.map((id) => deptName.get(id) ?? id),
            cooperatingDepartmentIds: a.cooperatingDepartmentIds,
            deadline: a.deadline_text,
            deadlineDate: a.deadline_date,
            milestones: JSON.parse(a.milestones_json) as { quarter: number; text: string }[],
            version: a.version,
          }
        : null,
      targets,
      status,
      latestProgress: narrative
        ? {
            period: narrative.period,
            progress: narrative.progress ?? '',
            problems: narrative.problems ?? '',
            nextSteps: narrative.next_steps ?? '',
          }
        : null,
    };
  });
}

/** The plan view from a plan's loaded evaluation; `internal` adds the parser's problems. */
export function planViewFrom(plan: PlanTable, loaded: LoadedEvaluation, internal: boolean): PlanView {
  const { data, asOf, evaluation } = loaded;
  const { content } = data;
  const tasks = taskViewsFrom(loaded);
  const nodes = new Map<string, SectionView>();
  const roots: SectionView[] = [];
  const rows: SectionTable[] = content.sections;
  for (const s of rows) {
    const node: SectionView = {
      id: s.id,
      title: s.title,
      kind: s.kind,
      depth: s.depth,
      span: [s.span_start, s.span_end],
      status: withoutCounts(evaluation.sections.get(s.id)) ?? GREY,
      children: [],
    };
    nodes.set(s.id, node);
    const parent = s.parent_id === null ? undefined : nodes.get(s.parent_id);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return {
    id: plan.id,
    title: plan.title,
    year: plan.year,
    state: plan.state,
    region: plan.region,
    level: plan.level,
    version: plan.version,
    publishedAt: plan.published_at,
    updatedAt: plan.updated_at,
    status: withoutCounts(evaluation.plan) ?? GREY,
    evaluation: { asOf, yearEnded: evaluation.yearEnded },
    ...(data.simulated ? { simulated: { label: '模拟数据', note: data.simulated.note } } : {}),
    sections: roots,
    tasks,
    baselines: content.baselines.map((b) => ({
      id: b.id,
      subject: b.subject,
      value: b.value,
      unit: b.unit,
      year: b.year,
      quote: b.quote,
    })),
    ...(internal ? { problems: JSON.parse(plan.problems_json) as unknown[] } : {}),
  };
}

/** A roll-up as a plain status (counts stay in the evaluation API). */
function withoutCounts(r: (Status & { counts?: unknown }) | undefined): Status | undefined {
  if (r === undefined) return undefined;
  const { counts: _c, ...status } = r as Status & {
    counts?: unknown;
    total?: unknown;
    onTrackShare?: unknown;
  };
  return status;
}

/** Drafts are the coordinator's work in progress: departments see a plan once it is published. */
export function seesDrafts(actor: Actor): boolean {
  return actor.role !== 'reporter';
}

/**
 * A plan of the actor's tenant, with assignments and the latest status of every target and task, as of
 * a date (default today); `options.reviewedBy` counts reports reviewed until that later date.
 */
export async function getPlanView(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  asOf?: string,
  options: { reviewedBy?: string } = {},
): Promise<PlanView> {
  requireAbility(actor, 'readPlans');
  const plan = await getPlanById(ctx.store.db, actor.tenantId, planId);
  if (!plan || (plan.state === 'draft' && !seesDrafts(actor))) throw notFound('计划', 'Plan');
  return buildPlanView(ctx.store.db, plan, ctx.now(), true, asOf, options);
}

/**
 * A cheap validator of everything a plan's views are built from, read before building them: the
 * plan row (version, updated_at), the tenant's latest audit sequence (every write to a tenant's data is
 * audited in the same transaction: plan edits, assignments, progress, settings, seeded and simulated
 * data) and the evaluation date (statuses depend on today's date in the tenant's zone). Two indexed
 * reads; the same tag from any server process means the same view, since it comes from the database.
 */
export type PlanValidator = {
  plan: PlanTable;
  asOf: string;
  tag: string;
  /** When the tenant's data last changed (its latest audit entry), or null. */
  lastWriteAt: string | null;
};

export async function planValidator(
  db: Executor,
  plan: PlanTable,
  now: Date,
  asOfInput?: string,
): Promise<PlanValidator> {
  const [timeZone, head] = await Promise.all([
    tenantTimeZone(db, plan.tenant_id),
    db
      .selectFrom('audit_log')
      .select(['seq', 'at'])
      .where('tenant_id', '=', plan.tenant_id)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const asOf = resolveAsOf(asOfInput, now, timeZone);
  const seq = head === undefined ? 0 : Number(head.seq);
  return {
    plan,
    asOf,
    tag: `${plan.tenant_id}.${plan.id}.${plan.version}.${plan.updated_at}.${seq}.${asOf}`,
    lastWriteAt: head?.at ?? null,
  };
}

/**
 * The validator of a plan of the actor's tenant, after the same checks as getPlanView and
 * getPlanEvaluation (their output depends on the plan and the date, not on who asks).
 */
export async function tenantPlanValidator(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  asOf?: string,
): Promise<PlanValidator> {
  requireAbility(actor, 'readPlans');
  const plan = await getPlanById(ctx.store.db, actor.tenantId, planId);
  if (!plan || (plan.state === 'draft' && !seesDrafts(actor))) throw notFound('计划', 'Plan');
  return planValidator(ctx.store.db, plan, ctx.now(), asOf);
}

/** The validator of a published plan (404 for anything else, as the view would answer). */
export async function publicPlanValidator(
  ctx: ServiceContext,
  planId: string,
  asOf?: string,
): Promise<PlanValidator> {
  const plan = await getPlanByIdAnyTenant(ctx.store.db, planId);
  if (!plan || plan.state !== 'published') throw notFound('计划', 'Plan');
  return planValidator(ctx.store.db, plan, ctx.now(), asOf);
}

/**
 * A published plan for the public: only accepted figures and reviewed narrative; no reports,
 * comments, instructions, user names or parser problems. `validated` (from publicPlanValidator)
 * saves reading the plan again and pins the evaluation date the validator was computed for.
 */
export async function getPublicPlanView(
  ctx: ServiceContext,
  planId: string,
  asOf?: string,
  validated?: PlanValidator,
): Promise<PlanView> {
  const v = validated ?? (await publicPlanValidator(ctx, planId, asOf));
  return toPublicPlanView(await buildPlanView(ctx.store.db, v.plan, ctx.now(), false, v.asOf));
}

/** A plan view as the public sees it: no parser problems, versions, problems or next steps of reports. */
export function toPublicPlanView(internalView: PlanView): PlanView {
  const { problems: _problems, ...view } = internalView;
  return {
    ...view,
    tasks: view.tasks.map((t) => {
      const assignment = t.assignment === null ? null : { ...t.assignment };
      if (assignment) delete assignment.version;
      const { version: _taskVersion, ...task } = t;
      return {
        ...task,
        targets: task.targets.map(({ version: _v, ...target }) => target),
        assignment,
        latestProgress: t.latestProgress && {
          period: t.latestProgress.period,
          progress: t.latestProgress.progress,
        },
      };
    }),
  };
}

export type Page = { limit: number; offset: number };

/** Plans of the actor's tenant, newest year first. */
export async function listPlanSummaries(
  ctx: ServiceContext,
  actor: Actor,
  page: Page & { state?: PlanState; year?: number },
): Promise<{ items: PlanSummary[]; total: number }> {
  requireAbility(actor, 'readPlans');
  const visible: PlanState[] = seesDrafts(actor)
    ? ['draft', 'published', 'archived']
    : ['published', 'archived'];
  const states = page.state ? visible.filter((st) => st === page.state) : visible;
  if (states.length === 0) return { items: [], total: 0 };
  const { items, total } = await listPlans(ctx.store.db, {
    tenantId: actor.tenantId,
    states,
    ...(page.year ? { year: page.year } : {}),
    limit: page.limit,
    offset: page.offset,
  });
  return { items: items.map(toPlanSummary), total };
}

/** Published plans of every tenant (or one, by id), for the public site. */
export async function listPublicPlans(
  ctx: ServiceContext,
  page: Page & { tenantId?: string; year?: number },
): Promise<{ items: PlanSummary[]; total: number }> {
  const { items, total } = await listPlans(ctx.store.db, {
    ...(page.tenantId ? { tenantId: page.tenantId } : {}),
    states: ['published'],
    ...(page.year ? { year: page.year } : {}),
    limit: page.limit,
    offset: page.offset,
  });
  return { items: items.map(toPlanSummary), total };
}

const CONTENT_TYPES: Record<string, string> = {
  txt: 'text/plain',
  html: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The uploaded file of a plan's report, as it was received. */
export async function readReportFile(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
  const report = await getPlanReport(ctx, actor, planId);
  const row = await getReportById(ctx.store.db, actor.tenantId, report.id);
  if (!row?.storage_path) throw notFound('报告原始文件', 'The original report file');
  const bytes = await fs.readFile(path.join(ctx.reportsDir, row.storage_path)).catch(() => null);
  if (!bytes) throw notFound('报告原始文件', 'The original report file');
  return {
    fileName: row.file_name,
    contentType: CONTENT_TYPES[row.format] ?? 'application/octet-stream',
    bytes,
  };
}

/** The decoded source text of a plan's report, so a viewer can highlight spans. */
export async function getPlanReport(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
): Promise<{
  id: string;
  fileName: string;
  format: string;
  encoding: string;
  title: string;
  sha256: string;
  text: string;
}> {
  requireAbility(actor, 'readPlans');
  const plan = await getPlanById(ctx.store.db, actor.tenantId, planId);
  if (!plan || (plan.state === 'draft' && !seesDrafts(actor))) throw notFound('计划', 'Plan');
  const report = await getReportById(ctx.store.db, actor.tenantId, plan.report_id);
  if (!report) throw notFound('报告', 'Report');
  return {
    id: report.id,
    fileName: report.file_name,
    format: report.format,
    encoding: report.encoding,
    title: report.title,
    sha256: report.sha256,
    text: report.text,
  };
}
