import {
  lastDuePeriod,
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
  getPlanContent,
  listAssignments,
  type AssignmentRecord,
  type PlanContent,
} from '../store/plan-repository.ts';
import { listProgressOfPlan, type ProgressRecord } from '../store/progress-repository.ts';
import type { PlanTable } from '../store/schema.ts';
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
};

export async function loadPlanData(db: Executor, plan: PlanTable): Promise<PlanData> {
  const [content, assignmentList, progress, departments, leaders, settings, timeZone, label] =
    await Promise.all([
      getPlanContent(db, plan.id),
      listAssignments(db, plan.id),
      listProgressOfPlan(db, plan.id),
      listDepartments(db, plan.tenant_id),
      listLeaders(db, plan.tenant_id),
      loadSettings(db, plan.tenant_id),
      tenantTimeZone(db, plan.tenant_id),
      getPlanLabel(db, plan.id),
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
  };
}

export type TargetEvaluation = { status: Status; latest: { period: string; actual: number } | null };

export type TaskEvaluation = {
  status: Status;
  window: EvaluationWindow;
  due: ReportingPeriod | null;
  /** Involved departments: lead first. */
  lead: string | null;
  cooperating: string[];
  leaderId: string | null;
  latestReport: ProgressRecord | null;
};

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

/** The task's time: 1 January of the plan year to its deadline (or the end of its due year). */
export function taskWindow(data: PlanData, taskId: string): EvaluationWindow {
  const year = data.plan.year;
  const a = data.assignments.get(taskId);
  let end = a?.deadline_date ?? null;
  if (end === null) {
    const due = data.content.targets
      .filter((t) => t.task_id === taskId && t.due_year !== null)
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
 * on-time reporting rate, and leaders' portfolios. Only reports accepted by `asOf` count.
 */
export function evaluatePlanData(data: PlanData, asOf: LocalDate): PlanEvaluation {
  const { plan, content, assignments, settings } = data;
  const thresholds = thresholdsOf(settings);
  const rules = settings.reporting;
  const tz = data.timeZone;
  const asOfPeriod = asOf.slice(0, 7);
  const accepted = data.progress.filter(
    (p) =>
      p.state === 'accepted' &&
      p.period <= asOfPeriod &&
      (p.reviewed_at === null || localDate(p.reviewed_at, tz) <= asOf),
  );
  const isLead = (p: ProgressRecord): boolean =>
    assignments.get(p.task_id)?.lead_department_id === p.department_id;

  // Latest accepted figure per target (the lead department wins within a period); latest report per task.
  const latestValue = new Map<string, { period: string; actual: number; lead: boolean }>();
  const latestReport = new Map<string, ProgressRecord>();
  for (const p of accepted) {
    const lead = isLead(p);
    for (const v of p.values) {
      const prev = latestValue.get(v.target_id);
      if (!prev || p.period > prev.period || (p.period === prev.period && (lead || !prev.lead))) {
        latestValue.set(v.target_id, { period: p.period, actual: v.actual, lead });
      }
    }
    const prev = latestReport.get(p.task_id);
    if (!prev || p.period > prev.period || (p.period === prev.period && lead)) latestReport.set(p.task_id, p);
  }

  const tasks = new Map<string, TaskEvaluation>();
  const targets = new Map<string, TargetEvaluation>();
  const obligations: Obligation[] = [];
  for (const task of content.tasks) {
    const a = assignments.get(task.id);
    const window = taskWindow(data, task.id);
    const lead = a?.lead_department_id ?? null;
    const cooperating = a?.cooperatingDepartmentIds ?? [];
    const due = lastDuePeriod(window.start, window.end, asOf, rules);
    const mine = accepted.filter((p) => p.task_id === task.id && (lead === null || p.department_id === lead));
    const reported = due === null ? true : mine.some((p) => p.period >= due.period);
    const dueInfo = due === null ? null : { period: due, reported };
    const targetRows = content.targets.filter((t) => t.task_id === task.id);
    const targetStatuses = targetRows.map((t) => {
      const v = latestValue.get(t.id);
      const latest = v ? { period: v.period, actual: v.actual } : null;
      const end = t.due_year !== null && t.due_year > plan.year ? `${t.due_year}-12-31` : window.end;
      const status = evaluateTarget(
        {
          subject: t.subject,
          low: t.low,
          high: t.high,
          unit: t.unit,
          comparator: t.comparator,
          direction: t.direction,
        },
        { latest, asOf, window: { ...window, end }, due: dueInfo, thresholds },
      );
      targets.set(t.id, { status, latest });
      return { subject: t.subject, status };
    });
    const report = latestReport.get(task.id) ?? null;
    const status = evaluateTask({
      targets: targetStatuses,
      asOf,
      window,
      latestReport: report ? { period: report.period, done: DONE_WORDS.test(report.progress) } : null,
      due: dueInfo,
    });
    tasks.set(task.id, {
      status,
      window,
      due,
      lead,
      cooperating,
      leaderId: a?.leader_id ?? null,
      latestReport: report,
    });
    for (const departmentId of [...(lead ? [lead] : []), ...cooperating]) {
      for (const p of reportingPeriods(window.start, window.end, rules)) {
        if (p.due < asOf) obligations.push({ departmentId, taskId: task.id, period: p.period, due: p.due });
      }
    }
  }

  // Sections: every task under a section or its sub-sections.
  const sections = new Map<string, RollUp>();
  const children = new Map<string | null, string[]>();
  for (const s of content.sections) {
    const list = children.get(s.parent_id) ?? [];
    list.push(s.id);
    children.set(s.parent_id, list);
  }
  const statusesUnder = (sectionId: string): Status[] => {
    const own = content.tasks.filter((t) => t.section_id === sectionId).map((t) => tasks.get(t.id)?.status);
    const nested = (children.get(sectionId) ?? []).flatMap(statusesUnder);
    const all = [...own.filter((s): s is Status => s !== undefined), ...nested];
    sections.set(sectionId, rollUpStatuses(all.map((status) => ({ status }))));
    return all;
  };
  for (const root of children.get(null) ?? []) statusesUnder(root);

  const submissions: Submission[] = data.progress.map((p) => ({
    departmentId: p.department_id,
    taskId: p.task_id,
    period: p.period,
    submittedOn: p.submitted_at === null || p.state === 'draft' ? null : localDate(p.submitted_at, tz),
  }));
  const reporting = reportingRecords(obligations, submissions, asOf);
  const taskList = [...tasks.values()];
  const departments = scoreDepartments(
    data.departments.map((d) => ({ id: d.id, name: d.name })),
    taskList.map((t) => ({ status: t.status, lead: t.lead, cooperating: t.cooperating })),
    reporting,
  );
  const leaders = data.leaders
    .map((l) => ({
      leaderId: l.id,
      name: l.name,
      title: l.title,
      status: rollUpStatuses(
        taskList.filter((t) => t.leaderId === l.id).map((t) => ({ status: t.status })),
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
    plan: rollUpStatuses(taskList.map((t) => ({ status: t.status }))),
    departments,
    reporting,
    leaders,
  };
}
