import {
  milestonesFromQuarters,
  reportingPeriods,
  type LocalDate,
  type ReportingPeriod,
} from '../core/plan/evaluate-dates.ts';
import {
  reportingRecords,
  rollUpStatuses,
  scoreDepartments,
  type DepartmentScore,
  type Obligation,
  type ReportingRecord,
  type RollUp,
  type Submission,
} from '../core/plan/evaluate-rollup.ts';
import {
  DONE_WORDS,
  evaluateTarget,
  evaluateTask,
  type EvaluationWindow,
  type Status,
} from '../core/plan/evaluate.ts';
import type { Executor } from '../store/db.ts';
import {
  getAssignment,
  getPlanContent,
  getTargetsOfTask,
  listAssignments,
  type AssignmentRecord,
  type PlanContent,
} from '../store/plan-repository.ts';
import {
  listProgressFactsOfPlan,
  listProgressFactsOfTask,
  listProgressNarratives,
  listProgressOfPlan,
  type ProgressFact,
  type ProgressRecord,
} from '../store/progress-repository.ts';
import type { PlanTable, TaskTable } from '../store/schema.ts';
import { getPlanLabel } from '../store/supervision-repository.ts';
import { listDepartments, listLeaders, type Department, type Leader } from '../store/tenant-repository.ts';
import {
  loadSettings,
  localDate,
  tenantTimeZone,
  thresholdsOf,
  type SupervisionSettings,
} from './supervision-settings.ts';
import { invalid } from './errors.ts';
import { loadPlanOverrides, type PlanOverrides } from './evaluation-overrides.ts';

/** Everything evaluation needs about one plan, read once. */
export type PlanData = {
  plan: PlanTable;
  content: PlanContent;
  assignments: Map<string, AssignmentRecord>;
  /** Every progress report of the plan (all states). */
  progress: ProgressRecord[];
  departments: Department[];
  leaders: Leader[];
  settings: SupervisionSettings;
  timeZone: string;
  simulated: { note: string } | null;
  /** The coordinator's kind and weight overrides (evaluation-overrides.ts). */
  overrides: PlanOverrides;
};

/**
 * A report as evaluation reads it: the narrow facts and values, and the narrative where loaded (always
 * in PlanData; in a lean load only for the latest report of each task, which is all evaluation reads).
 */
export type EvaluatedReport = ProgressFact &
  Partial<Pick<ProgressRecord, 'progress' | 'problems' | 'next_steps'>>;

/** What evaluatePlanData reads: PlanData, or a lean load (loadPlanEvaluation) without most narrative. */
export type EvaluationData = Omit<PlanData, 'progress'> & { progress: EvaluatedReport[] };

export async function loadPlanData(db: Executor, plan: PlanTable): Promise<PlanData> {
  return loadWith(db, plan, wholePlan(db, plan), listProgressOfPlan(db, plan.id));
}

/** The plan's content and assignments: all of them. */
const wholePlan = (db: Executor, plan: PlanTable): [Promise<PlanContent>, Promise<AssignmentRecord[]>] => [
  getPlanContent(db, plan.id),
  listAssignments(db, plan.id),
];

async function loadWith<P extends EvaluatedReport>(
  db: Executor,
  plan: PlanTable,
  parts: [Promise<PlanContent>, Promise<AssignmentRecord[]>],
  progressQuery: Promise<P[]>,
): Promise<Omit<PlanData, 'progress'> & { progress: P[] }> {
  const [content, assignmentList, progress, departments, leaders, settings, timeZone, label, overrides] =
    await Promise.all([
      parts[0],
      parts[1],
      progressQuery,
      listDepartments(db, plan.tenant_id),
      listLeaders(db, plan.tenant_id),
      loadSettings(db, plan.tenant_id),
      tenantTimeZone(db, plan.tenant_id),
      getPlanLabel(db, plan.id),
      loadPlanOverrides(db, plan.id),
    ]);
  return {
    plan,
    content,
    assignments: new Map(assignmentList.map((a) => [a.task_id, a] as const)),
    progress,
    departments,
    leaders,
    settings: settings.settings,
    timeZone,
    simulated: label && label.simulated === 1 ? { note: label.note } : null,
    overrides,
  };
}

export type TargetEvaluation = { status: Status; latest: { period: string; actual: number } | null };

export type TaskEvaluation = {
  status: Status;
  /** Weight in roll-ups (the coordinator's override, default 1). */
  weight: number;
  window: EvaluationWindow;
  due: ReportingPeriod | null;
  /** Involved departments: lead first. */
  lead: string | null;
  cooperating: string[];
  leaderId: string | null;
  latestReport: EvaluatedReport | null;
};

/** A plan's data and its evaluation as of a date: what loadPlanEvaluation / loadTaskEvaluation give. */
export type LoadedEvaluation = { data: EvaluationData; asOf: LocalDate; evaluation: PlanEvaluation };

export type PlanEvaluation = {
  asOf: LocalDate;
  /** The plan's year has ended by asOf: statuses are final (met / missed). */
  yearEnded: boolean;
  targets: Map<string, TargetEvaluation>;
  tasks: Map<string, TaskEvaluation>;
  sections: Map<string, RollUp>;
  plan: RollUp;
  departments: DepartmentScore[];
  reporting: ReportingRecord[];
  leaders: { leaderId: string; name: string; title: string; status: RollUp }[];
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Check a `?asOf=YYYY-MM-DD`; default today in the tenant's time zone. */
export function resolveAsOf(asOf: string | undefined, now: Date, timeZone: string): LocalDate {
  if (asOf === undefined || asOf === '') return localDate(now, timeZone);
  const d = new Date(`${asOf}T00:00:00Z`);
  if (!ISO_DATE.test(asOf) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== asOf) {
    throw invalid('asOf 应为 YYYY-MM-DD 格式的日期，例如 2017-06-30', 'asOf must be a date YYYY-MM-DD');
  }
  return asOf;
}

/** Group rows by a key, keeping their order (one pass instead of a filter per key). */
function groupBy<T>(rows: T[], key: (row: T) => string | null): Map<string | null, T[]> {
  const out = new Map<string | null, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/**
 * `localDate` for the many stored timestamps of one plan: canonical UTC ISO strings
 * (toISOString) in the same 15-minute slot share their local date, since every zone's offset and
 * transitions fall on multiples of 15 minutes since 1980; so the formatter runs once per slot.
 */
function localDates(timeZone: string): (at: string) => LocalDate {
  const memo = new Map<string, LocalDate>();
  return (at) => {
    if (at.length !== 24 || at[10] !== 'T' || at[23] !== 'Z' || at < '1980') return localDate(at, timeZone);
    const key = `${at.slice(0, 14)}${Math.floor(Number(at.slice(14, 16)) / 15)}`;
    let date = memo.get(key);
    if (date === undefined) {
      date = localDate(at, timeZone);
      memo.set(key, date);
    }
    return date;
  };
}

/**
 * Read what evaluating a plan as of a date needs, and evaluate it: the narrow facts of every report
 * (no narrative text), and the narrative only of the latest report of each task (the one the status and
 * the views read). Same result as evaluatePlanData(loadPlanData(...)), for a fraction of the rows.
 */
export async function loadPlanEvaluation(
  db: Executor,
  plan: PlanTable,
  now: Date,
  asOfInput: string | undefined,
  options: { reviewedBy?: LocalDate } = {},
): Promise<LoadedEvaluation> {
  const data = await loadWith(db, plan, wholePlan(db, plan), listProgressFactsOfPlan(db, plan.id));
  return evaluateLoaded(db, plan, data, now, asOfInput, options);
}

/**
 * Evaluate one task of a plan as of a date, reading only that task's rows (its targets, assignment and
 * reports) with the plan's settings, departments, leaders and overrides. A task is judged on its own
 * rows, so its status and its targets' are those of the whole plan's evaluation; the plan-wide parts of
 * the result (sections, plan, departments, reporting, leaders) cover this task only.
 */
export async function loadTaskEvaluation(
  db: Executor,
  plan: PlanTable,
  task: TaskTable,
  now: Date,
  asOfInput: string | undefined,
): Promise<LoadedEvaluation> {
  const content: Promise<PlanContent> = getTargetsOfTask(db, task.id).then((targets) => ({
    sections: [],
    tasks: [task],
    targets,
    baselines: [],
  }));
  const assignment = getAssignment(db, task.id).then((a) => (a ? [a] : []));
  const data = await loadWith(db, plan, [content, assignment], listProgressFactsOfTask(db, task.id));
  return evaluateLoaded(db, plan, data, now, asOfInput, {});
}

/** Resolve the date, read the narrative of each task's latest counted report, and evaluate. */
async function evaluateLoaded(
  db: Executor,
  plan: PlanTable,
  data: EvaluationData,
  now: Date,
  asOfInput: string | undefined,
  options: { reviewedBy?: LocalDate },
): Promise<LoadedEvaluation> {
  const asOf = resolveAsOf(asOfInput, now, data.timeZone);
  const { latestReport } = acceptedAsOf(data, asOf, options, localDates(data.timeZone));
  const ids = [...new Set([...latestReport.values()].map((r) => r.id))];
  const narratives = await listProgressNarratives(db, plan.id, ids);
  for (const report of latestReport.values()) Object.assign(report, narratives.get(report.id));
  return { data, asOf, evaluation: evaluatePlanData(data, asOf, options) };
}

/**
 * The reports that count as of a date (accepted, of periods up to asOf, reviewed by the cut-off), by
 * task, and the latest of each task (the lead department's wins within a period).
 */
function acceptedAsOf<R extends EvaluatedReport>(
  data: Omit<EvaluationData, 'progress'> & { progress: R[] },
  asOf: LocalDate,
  options: { reviewedBy?: LocalDate },
  dateOf: (at: string) => LocalDate,
): { accepted: R[]; latestReport: Map<string, R>; isLead: (p: R) => boolean } {
  const asOfPeriod = asOf.slice(0, 7);
  const accepted = data.progress.filter(
    (p) =>
      p.state === 'accepted' &&
      p.period <= asOfPeriod &&
      (p.reviewed_at === null || dateOf(p.reviewed_at) <= (options.reviewedBy ?? asOf)),
  );
  const isLead = (p: R): boolean => data.assignments.get(p.task_id)?.lead_department_id === p.department_id;
  const latestReport = new Map<string, R>();
  for (const p of accepted) {
    const prev = latestReport.get(p.task_id);
    if (!prev || p.period > prev.period || (p.period === prev.period && isLead(p)))
      latestReport.set(p.task_id, p);
  }
  return { accepted, latestReport, isLead };
}

/** The task's time: 1 January of the plan year to its deadline (or the end of its due year). */
export function taskWindow(data: EvaluationData, taskId: string): EvaluationWindow {
  return windowOf(
    data,
    taskId,
    data.content.targets.filter((t) => t.task_id === taskId),
  );
}

/** taskWindow with the task's targets at hand. */
function windowOf(
  data: EvaluationData,
  taskId: string,
  taskTargets: PlanContent['targets'],
): EvaluationWindow {
  const year = data.plan.year;
  const a = data.assignments.get(taskId);
  let end = a?.deadline_date ?? null;
  if (end === null) {
    const due = taskTargets
      .filter((t) => t.due_year !== null)
      .reduce((m, t) => Math.max(m, t.due_year ?? year), year);
    end = `${due}-12-31`;
  }
  if (end < `${year}-01-01`) end = `${year}-01-01`;
  const milestones = a
    ? milestonesFromQuarters(year, JSON.parse(a.milestones_json) as { quarter: number; text: string }[])
    : [];
  return { start: `${year}-01-01`, end, ...(milestones.length > 0 ? { milestones } : {}) };
}

/**
 * Evaluate a whole plan as of a date: targets, tasks, sections, the plan, department scores with the
 * on-time reporting rate, and leaders' portfolios. Only reports of periods up to `asOf` that were accepted
 * by `asOf` count; `options.reviewedBy` moves the review cut-off (a bulletin judges the plan at the end
 * of its period, with that period's reports as reviewed since).
 */
export function evaluatePlanData(
  data: EvaluationData,
  asOf: LocalDate,
  options: { reviewedBy?: LocalDate } = {},
): PlanEvaluation {
  const { plan, content, assignments, settings } = data;
  const thresholds = thresholdsOf(settings);
  const rules = settings.reporting;
  const tz = data.timeZone;
  const dateOf = localDates(tz);
  const { accepted, latestReport, isLead } = acceptedAsOf(data, asOf, options, dateOf);
  const acceptedByTask = groupBy(accepted, (p) => p.task_id);
  const periodCache = new Map<string, ReportingPeriod[]>();
  const periodsOf = (start: LocalDate, end: LocalDate): ReportingPeriod[] => {
    let list = periodCache.get(`${start}|${end}`);
    if (!list) {
      list = reportingPeriods(start, end, rules);
      periodCache.set(`${start}|${end}`, list);
    }
    return list;
  };
  const targetsByTask = groupBy(content.targets, (t) => t.task_id);

  // Latest accepted figure per target (the lead department wins within a period).
  const latestValue = new Map<string, { period: string; actual: number; lead: boolean }>();
  for (const p of accepted) {
    const lead = isLead(p);
    for (const v of p.values) {
      const prev = latestValue.get(v.target_id);
      if (!prev || p.period > prev.period || (p.period === prev.period && (lead || !prev.lead))) {
        latestValue.set(v.target_id, { period: p.period, actual: v.actual, lead });
      }
    }
  }

  const tasks = new Map<string, TaskEvaluation>();
  const targets = new Map<string, TargetEvaluation>();
  const obligations: Obligation[] = [];
  for (const task of content.tasks) {
    const a = assignments.get(task.id);
    const targetRows = targetsByTask.get(task.id) ?? [];
    const window = windowOf(data, task.id, targetRows);
    const lead = a?.lead_department_id ?? null;
    const cooperating = a?.cooperatingDepartmentIds ?? [];
    // Reporting periods of the window, shared by the tasks with the same window (most of them).
    const periods = periodsOf(window.start, window.end);
    let due: ReportingPeriod | null = null;
    for (const p of periods) if (p.due < asOf) due = p; // lastDuePeriod over the same periods
    const mine = (acceptedByTask.get(task.id) ?? []).filter((p) => lead === null || p.department_id === lead);
    const reported = due === null ? true : mine.some((p) => p.period >= due.period);
    const dueInfo = due === null ? null : { period: due, reported };
    const targetStatuses = targetRows.map((t) => {
      const v = latestValue.get(t.id);
      const latest = v ? { period: v.period, actual: v.actual } : null;
      const end = t.due_year !== null && t.due_year > plan.year ? `${t.due_year}-12-31` : window.end;
      const override = data.overrides.targets.get(t.id);
      const status = evaluateTarget(
        {
          subject: t.subject,
          low: t.low,
          high: t.high,
          unit: t.unit,
          comparator: t.comparator,
          direction: t.direction,
          kind: override?.kind ?? null,
        },
        { latest, asOf, window: { ...window, end }, due: dueInfo, thresholds },
      );
      targets.set(t.id, { status, latest });
      return { subject: t.subject, status, weight: override?.weight ?? 1 };
    });
    const report = latestReport.get(task.id) ?? null;
    const status = evaluateTask({
      targets: targetStatuses,
      asOf,
      window,
      latestReport: report ? { period: report.period, done: DONE_WORDS.test(report.progress ?? '') } : null,
      due: dueInfo,
    });
    tasks.set(task.id, {
      status,
      weight: data.overrides.tasks.get(task.id)?.weight ?? 1,
      window,
      due,
      lead,
      cooperating,
      leaderId: a?.leader_id ?? null,
      latestReport: report,
    });
    for (const departmentId of [...(lead ? [lead] : []), ...cooperating]) {
      for (const p of periods) {
        if (p.due < asOf) obligations.push({ departmentId, taskId: task.id, period: p.period, due: p.due });
      }
    }
  }

  // Sections: every task under a section or its sub-sections.
  const sections = new Map<string, RollUp>();
  const children = new Map<string | null, string[]>();
  const tasksBySection = groupBy(content.tasks, (t) => t.section_id);
  for (const s of content.sections) {
    const list = children.get(s.parent_id) ?? [];
    list.push(s.id);
    children.set(s.parent_id, list);
  }
  const statusesUnder = (sectionId: string): { status: Status; weight: number }[] => {
    const own = (tasksBySection.get(sectionId) ?? []).map((t) => tasks.get(t.id));
    const nested = (children.get(sectionId) ?? []).flatMap(statusesUnder);
    const all = [
      ...own
        .filter((x): x is TaskEvaluation => x !== undefined)
        .map((x) => ({ status: x.status, weight: x.weight })),
      ...nested,
    ];
    sections.set(sectionId, rollUpStatuses(all));
    return all;
  };
  for (const root of children.get(null) ?? []) statusesUnder(root);

  const submissions: Submission[] = data.progress.map((p) => ({
    departmentId: p.department_id,
    taskId: p.task_id,
    period: p.period,
    submittedOn: p.submitted_at === null || p.state === 'draft' ? null : dateOf(p.submitted_at),
  }));
  const reporting = reportingRecords(obligations, submissions, asOf);
  const taskList = [...tasks.values()];
  const departments = scoreDepartments(
    data.departments.map((d) => ({ id: d.id, name: d.name })),
    taskList.map((t) => ({ status: t.status, weight: t.weight, lead: t.lead, cooperating: t.cooperating })),
    reporting,
  );
  const leaders = data.leaders
    .map((l) => ({
      leaderId: l.id,
      name: l.name,
      title: l.title,
      status: rollUpStatuses(
        taskList.filter((t) => t.leaderId === l.id).map((t) => ({ status: t.status, weight: t.weight })),
        { reason: '无分管任务', reasonEn: 'no tasks in the portfolio' },
      ),
    }))
    .filter((l) => l.status.total > 0);
  return {
    asOf,
    yearEnded: asOf > `${plan.year}-12-31`,
    targets,
    tasks,
    sections,
    plan: rollUpStatuses(taskList.map((t) => ({ status: t.status, weight: t.weight }))),
    departments,
    reporting,
    leaders,
  };
}
