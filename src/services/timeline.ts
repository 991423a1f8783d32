import { listCommentsOfTask } from '../store/comment-repository.ts';
import type { Executor } from '../store/db.ts';
import { getAssignment, getPlanById, getTargetsOfTask, getTaskById } from '../store/plan-repository.ts';
import { listProgressOfTask, type ProgressRecord } from '../store/progress-repository.ts';
import { listNotices } from '../store/supervision-repository.ts';
import { listDepartments, listLeaders } from '../store/tenant-repository.ts';
import { listAuditOfEntities, userNames, type EntityAuditRecord } from '../store/timeline-repository.ts';
import type { Actor, ServiceContext } from './context.ts';
import { forbidden, notFound } from './errors.ts';
import { COLOR_ZH } from './notices.ts';
import { requireAbility } from './permissions.ts';

export type TimelineKind =
  | 'report-submitted'
  | 'report-resubmitted'
  | 'report-accepted'
  | 'report-returned'
  | 'comment'
  | 'instruction'
  | 'assignment'
  | 'task'
  | 'target'
  | 'adjustment'
  | 'notice-issued'
  | 'notice-replied'
  | 'notice-closed';

export const TIMELINE_KINDS: TimelineKind[] = [
  'report-submitted',
  'report-resubmitted',
  'report-accepted',
  'report-returned',
  'comment',
  'instruction',
  'assignment',
  'task',
  'target',
  'adjustment',
  'notice-issued',
  'notice-replied',
  'notice-closed',
];

/** One change of a field, both sides as display text (names instead of ids). */
export type FieldChange = { field: string; before: string | null; after: string | null };

/** One event in a task's history. */
export type TimelineEvent = {
  id: string;
  /** ISO instant */
  at: string;
  kind: TimelineKind;
  actorName: string | null;
  /** Reports and notices: the department concerned; reports: the period and the report. */
  departmentId: string | null;
  departmentName: string | null;
  period: string | null;
  progressId: string | null;
  /** The report's narrative, the review reason, the comment body, the notice reason or reply. */
  text: string | null;
  problems: string | null;
  nextSteps: string | null;
  /** Reports: the reported figures with their targets. */
  values: { targetId: string; subject: string; unit: string; actual: number }[];
  /** Assignment, task and target changes. */
  changes: FieldChange[];
  /** The subject of the target changed or adjusted. */
  subject: string | null;
  /** 'audit': read from the audit chain; 'record': rebuilt from the report row (imported or simulated data). */
  source: 'audit' | 'record';
};

type Json = Record<string, unknown>;

const parse = (s: string | null): Json | null => (s === null ? null : (JSON.parse(s) as Json));
const str = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);

/**
 * Whether the actor may read a task's history: anyone of the tenant who reads plans (drafts not for
 * reporters), and reporters only for tasks their department leads or cooperates on, as for its reports.
 */
async function assertCanReadHistory(db: Executor, actor: Actor, taskId: string): Promise<void> {
  requireAbility(actor, 'readPlans');
  const task = await getTaskById(db, actor.tenantId, taskId);
  if (!task) throw notFound('任务', 'Task');
  if (actor.role !== 'reporter') return;
  const plan = await getPlanById(db, actor.tenantId, task.plan_id);
  if (!plan || plan.state === 'draft') throw notFound('任务', 'Task');
  const a = await getAssignment(db, taskId);
  const involved = a ? [a.lead_department_id, ...a.cooperatingDepartmentIds] : [];
  if (actor.departmentId === null || !involved.includes(actor.departmentId)) {
    throw forbidden(
      '只能查看本单位承担任务的动态',
      "You can only see the history of your department's tasks",
    );
  }
}

/**
 * A task's history as one timeline, newest first: every submission and resubmission of a report,
 * each review (accepted, or returned with its reason), comments and 批示, 督办 notices, and changes to
 * its assignment, title and targets (from the audit chain). Reports that entered without an audited
 * submission (the demo simulation) are shown from their rows.
 * @example getTaskTimeline(ctx, coordinator, taskId, { limit: 20, offset: 0 }) -> { items: [{ kind: 'report-resubmitted', … }, { kind: 'report-returned', text: '数据口径不一致', … }], total: 5 }
 */
export async function getTaskTimeline(
  ctx: ServiceContext,
  actor: Actor,
  taskId: string,
  page: { limit: number; offset: number },
): Promise<{ items: TimelineEvent[]; total: number }> {
  const db = ctx.store.db;
  await assertCanReadHistory(db, actor, taskId);
  const [targets, reports, comments, notices, departments, leaders] = await Promise.all([
    getTargetsOfTask(db, taskId),
    listProgressOfTask(db, actor.tenantId, taskId),
    listCommentsOfTask(db, actor.tenantId, taskId),
    listNotices(db, actor.tenantId, { taskId, limit: 1000, offset: 0 }),
    listDepartments(db, actor.tenantId),
    listLeaders(db, actor.tenantId),
  ]);
  const deptName = new Map(departments.map((d) => [d.id, d.name] as const));
  const leaderName = new Map(leaders.map((l) => [l.id, `${l.name}（${l.title}）`] as const));
  const targetById = new Map(targets.map((t) => [t.id, t] as const));
  const reportById = new Map(reports.map((r) => [r.id, r] as const));
  const noticeById = new Map(notices.items.map((n) => [n.id, n] as const));
  const audits = await listAuditOfEntities(db, actor.tenantId, [
    taskId,
    ...targets.map((t) => t.id),
    ...reports.map((r) => r.id),
    ...notices.items.map((n) => n.id),
    ...comments.map((c) => c.id),
  ]);

  const values = (list: unknown): TimelineEvent['values'] =>
    (Array.isArray(list) ? (list as { targetId?: string; target_id?: string; actual: number }[]) : []).map(
      (v) => {
        const id = v.targetId ?? v.target_id ?? '';
        const t = targetById.get(id);
        return { targetId: id, subject: t?.subject ?? id, unit: t?.unit ?? '', actual: v.actual };
      },
    );
  const base = (
    id: string,
    at: string,
    kind: TimelineKind,
    actorName: string | null,
    source: 'audit' | 'record' = 'audit',
  ): TimelineEvent => ({
    id,
    at,
    kind,
    actorName,
    departmentId: null,
    departmentName: null,
    period: null,
    progressId: null,
    text: null,
    problems: null,
    nextSteps: null,
    values: [],
    changes: [],
    subject: null,
    source,
  });
  const forReport = (e: TimelineEvent, r: ProgressRecord): TimelineEvent => ({
    ...e,
    departmentId: r.department_id,
    departmentName: deptName.get(r.department_id) ?? r.department_id,
    period: r.period,
    progressId: r.id,
  });
  const display = (field: string, v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    if (field === 'leaderId' && typeof v === 'string') return leaderName.get(v) ?? v;
    if (field === 'leadDepartmentId' && typeof v === 'string') return deptName.get(v) ?? v;
    if (field === 'cooperatingDepartmentIds' && Array.isArray(v)) {
      return v.map((id) => deptName.get(String(id)) ?? String(id)).join('、');
    }
    if (field === 'milestones' && Array.isArray(v)) {
      return (v as { quarter: number; text: string }[]).map((m) => `Q${m.quarter} ${m.text}`).join('；');
    }
    return str(v);
  };
  const diff = (before: Json | null, after: Json | null, skip: string[]): FieldChange[] => {
    const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
    const out: FieldChange[] = [];
    for (const k of keys) {
      if (skip.includes(k)) continue;
      const b = display(k, before?.[k]);
      const a = display(k, after?.[k]);
      if (b !== a) out.push({ field: k, before: b, after: a });
    }
    return out;
  };

  const events: TimelineEvent[] = [];
  const submittedOnce = new Set<string>();
  const auditedSubmission = new Set<string>();
  const auditedReview = new Set<string>();
  /** Audit sequence numbers of comments, to order events of one instant. */
  const commentSeq = new Map<string, number>();
  const fromAudit = (row: EntityAuditRecord): void => {
    if (row.entity_type === 'comment') {
      commentSeq.set(row.entity_id, row.seq);
      return;
    }
    const before = parse(row.before_json);
    const after = parse(row.after_json);
    const id = `audit-${row.seq}`;
    const who = row.actor_name;
    if (row.entity_type === 'progress') {
      const r = reportById.get(row.entity_id);
      if (!r) return;
      if (row.action === 'progress.create' || row.action === 'progress.update') {
        if (after?.state !== 'submitted') return;
        const again = submittedOnce.has(r.id) || before?.state === 'returned';
        submittedOnce.add(r.id);
        auditedSubmission.add(r.id);
        events.push({
          ...forReport(base(id, row.at, again ? 'report-resubmitted' : 'report-submitted', who), r),
          text: typeof after.progress === 'string' ? after.progress : null,
          problems: typeof after.problems === 'string' ? after.problems : null,
          nextSteps: typeof after.nextSteps === 'string' ? after.nextSteps : null,
          values: values(after.values),
        });
      } else if (row.action === 'progress.accept' || row.action === 'progress.return') {
        auditedReview.add(r.id);
        events.push({
          ...forReport(
            base(id, row.at, row.action === 'progress.accept' ? 'report-accepted' : 'report-returned', who),
            r,
          ),
          text: str(after?.reason),
        });
      }
      return;
    }
    if (row.entity_type === 'assignment') {
      events.push({
        ...base(id, row.at, 'assignment', who),
        changes: diff(before, after, ['version', 'taskId', 'deadlineDate']),
      });
      return;
    }
    if (row.entity_type === 'task') {
      events.push({ ...base(id, row.at, 'task', who), changes: diff(before, after, ['version']) });
      return;
    }
    if (row.entity_type === 'target') {
      const t = targetById.get(row.entity_id);
      const subject = t?.subject ?? str(before?.subject) ?? str(after?.subject);
      if (row.action.startsWith('adjustment.')) {
        const decision = row.action.slice('adjustment.'.length);
        events.push({
          ...base(id, row.at, 'adjustment', who),
          subject,
          text: str(after?.reason) ?? str(after?.approval),
          changes:
            decision === 'propose'
              ? diff(before, after, ['reason'])
              : [{ field: 'state', before: str(before?.state), after: str(after?.state) }],
        });
        return;
      }
      events.push({
        ...base(id, row.at, 'target', who),
        subject,
        changes: diff(before, after, ['version', 'id', 'taskId', 'quote', 'span']),
      });
      return;
    }
    if (row.entity_type === 'notice') {
      const n = noticeById.get(row.entity_id);
      const kind: TimelineKind =
        row.action === 'notice.issue'
          ? 'notice-issued'
          : row.action === 'notice.reply'
            ? 'notice-replied'
            : 'notice-closed';
      events.push({
        ...base(id, row.at, kind, who),
        departmentId: n?.department_id ?? null,
        departmentName: n ? (deptName.get(n.department_id) ?? n.department_id) : null,
        subject: n ? `${n.number}（${COLOR_ZH[n.color]}督办）` : null,
        text:
          kind === 'notice-issued'
            ? (n?.reason ?? null)
            : kind === 'notice-replied'
              ? str(after?.reply)
              : str(after?.note),
      });
    }
  };
  for (const row of audits) fromAudit(row);

  // Reports that entered without an audited submission or review (simulated or seeded rows).
  const missing = reports.filter((r) => !auditedSubmission.has(r.id) || !auditedReview.has(r.id));
  const names = await userNames(
    db,
    actor.tenantId,
    missing.flatMap((r) => [r.submitted_by, r.reviewed_by]).filter((x): x is string => x !== null),
  );
  for (const r of missing) {
    if (!auditedSubmission.has(r.id) && r.state !== 'draft' && r.submitted_at !== null) {
      events.push({
        ...forReport(
          base(
            `record-${r.id}-submitted`,
            r.submitted_at,
            'report-submitted',
            r.submitted_by ? (names.get(r.submitted_by) ?? null) : null,
            'record',
          ),
          r,
        ),
        text: r.progress,
        problems: r.problems,
        nextSteps: r.next_steps,
        values: values(r.values),
      });
    }
    if (
      !auditedReview.has(r.id) &&
      (r.state === 'accepted' || r.state === 'returned') &&
      r.reviewed_at !== null
    ) {
      events.push({
        ...forReport(
          base(
            `record-${r.id}-reviewed`,
            r.reviewed_at,
            r.state === 'accepted' ? 'report-accepted' : 'report-returned',
            r.reviewed_by ? (names.get(r.reviewed_by) ?? null) : null,
            'record',
          ),
          r,
        ),
        text: r.review_reason,
      });
    }
  }
  for (const c of comments) {
    events.push({
      ...base(
        `comment-${c.id}`,
        c.created_at,
        c.kind === 'instruction' ? 'instruction' : 'comment',
        c.author_name,
      ),
      text: c.body,
    });
  }
  // Newest first; within one instant, the later audit entry first.
  const order = (e: TimelineEvent): number =>
    e.id.startsWith('audit-')
      ? Number(e.id.slice(6))
      : e.id.startsWith('comment-')
        ? (commentSeq.get(e.id.slice(8)) ?? 0)
        : 0;
  events.sort((a, b) => b.at.localeCompare(a.at) || order(b) - order(a) || b.id.localeCompare(a.id));
  return { items: events.slice(page.offset, page.offset + page.limit), total: events.length };
}
