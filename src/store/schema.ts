/**
 * Row types of every table, as Kysely sees them. Timestamps are ISO-8601 UTC strings, ids are text
 * generated in JS (see ids.ts), booleans are 0/1 integers, so that one set of queries runs on SQLite
 * and PostgreSQL alike.
 */
export type Role = 'admin' | 'coordinator' | 'leader' | 'reporter';
export type PlanState = 'draft' | 'published' | 'archived';
export type ProgressState = 'draft' | 'submitted' | 'accepted' | 'returned';
export type CommentKind = 'comment' | 'instruction';

export type TenantTable = {
  id: string;
  parent_id: string | null;
  name: string;
  level: string;
  timezone: string;
  version: number;
  created_at: string;
};

export type DepartmentTable = {
  id: string;
  tenant_id: string;
  name: string;
  ord: number;
  active: number;
  version: number;
  created_at: string;
};

export type LeaderTable = {
  id: string;
  tenant_id: string;
  name: string;
  title: string;
  /** 分管工作, as written. */
  portfolio: string;
  /** JSON array of department ids this leader oversees. */
  department_ids: string;
  ord: number;
  active: number;
  version: number;
  created_at: string;
};

export type UserTable = {
  id: string;
  tenant_id: string;
  username: string;
  display_name: string;
  role: Role;
  department_id: string | null;
  leader_id: string | null;
  password_hash: string;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
};

export type SessionTable = {
  /** sha256 of the bearer token: a leaked table does not leak sessions. */
  id: string;
  user_id: string;
  tenant_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
};

export type LoginFailureTable = {
  id: string;
  key: string;
  at: string;
};

export type ReportTable = {
  id: string;
  tenant_id: string;
  file_name: string;
  format: string;
  encoding: string;
  title: string;
  text: string;
  sha256: string;
  chars: number;
  copies: number;
  created_by: string | null;
  created_at: string;
  /** The uploaded file: sha256 of its bytes, size, and path under the reports directory. */
  file_sha256: string | null;
  file_size: number | null;
  storage_path: string | null;
};

export type PlanTable = {
  id: string;
  tenant_id: string;
  report_id: string;
  title: string;
  region: string | null;
  level: string | null;
  year: number;
  state: PlanState;
  problems_json: string;
  version: number;
  created_at: string;
  updated_at: string;
  published_at: string | null;
};

export type SectionTable = {
  id: string;
  tenant_id: string;
  plan_id: string;
  ref: string;
  parent_id: string | null;
  ord: number;
  title: string;
  kind: string;
  depth: number;
  span_start: number;
  span_end: number;
};

export type TaskTable = {
  id: string;
  tenant_id: string;
  plan_id: string;
  ref: string;
  section_id: string;
  parent_id: string | null;
  ord: number;
  title: string;
  text: string;
  span_start: number;
  span_end: number;
  version: number;
};

export type TargetTable = {
  id: string;
  tenant_id: string;
  plan_id: string;
  ref: string;
  section_id: string;
  task_id: string | null;
  ord: number;
  quote: string;
  span_start: number;
  span_end: number;
  subject: string;
  low: number;
  high: number;
  unit: string;
  comparator: string;
  direction: string;
  horizon: string;
  due_year: number | null;
  version: number;
};

export type BaselineTable = {
  id: string;
  tenant_id: string;
  plan_id: string;
  ref: string;
  section_id: string;
  ord: number;
  quote: string;
  span_start: number;
  span_end: number;
  subject: string;
  value: number;
  unit: string;
  year: number | null;
};

export type AssignmentTable = {
  task_id: string;
  tenant_id: string;
  plan_id: string;
  leader_id: string | null;
  lead_department_id: string | null;
  deadline_text: string | null;
  deadline_date: string | null;
  /** JSON array of { quarter: 1..4, text }. */
  milestones_json: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
};

export type AssignmentDepartmentTable = {
  task_id: string;
  tenant_id: string;
  department_id: string;
  ord: number;
};

export type ProgressReportTable = {
  id: string;
  tenant_id: string;
  plan_id: string;
  task_id: string;
  department_id: string;
  period: string;
  state: ProgressState;
  progress: string;
  problems: string;
  next_steps: string;
  submitted_by: string | null;
  submitted_at: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_reason: string | null;
  version: number;
  created_at: string;
  updated_at: string;
};

/** 协办反馈: a cooperating department's input for a task and period, consolidated by the lead department. */
export type CooperationInputState = 'sent' | 'consolidated';
export type CooperationInputTable = {
  id: string;
  tenant_id: string;
  plan_id: string;
  task_id: string;
  department_id: string;
  period: string;
  progress: string;
  problems: string;
  next_steps: string;
  /** JSON array of { targetId, actual }. */
  values_json: string;
  state: CooperationInputState;
  consolidated_progress_id: string | null;
  consolidated_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
  version: number;
};

export type ProgressValueTable = {
  id: string;
  tenant_id: string;
  progress_id: string;
  target_id: string;
  actual: number;
};

export type AttachmentTable = {
  id: string;
  tenant_id: string;
  progress_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_path: string;
  created_by: string | null;
  created_at: string;
};

export type CommentTable = {
  id: string;
  tenant_id: string;
  plan_id: string;
  task_id: string;
  kind: CommentKind;
  body: string;
  author_id: string;
  created_at: string;
};

export type AuditLogTable = {
  seq: number;
  at: string;
  tenant_id: string | null;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
};

export type AuditHeadTable = {
  id: number;
  seq: number;
  hash: string;
};

/** Supervision (issue 5). */
export type SupervisionSettingsTable = {
  tenant_id: string;
  settings_json: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
};

export type PeriodLockTable = {
  plan_id: string;
  period: string;
  tenant_id: string;
  locked_at: string;
  locked_by: string | null;
};

export type NotificationTable = {
  id: string;
  tenant_id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  entity_type: string | null;
  entity_id: string | null;
  /** One notification per event and user, whichever process sends it. */
  dedupe_key: string;
  created_at: string;
  read_at: string | null;
};

export type WebhookFormat = 'generic' | 'dingtalk' | 'wecom';

export type WebhookTable = {
  id: string;
  tenant_id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  secret: string | null;
  active: number;
  created_at: string;
};

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export type WebhookDeliveryTable = {
  id: string;
  tenant_id: string;
  webhook_id: string;
  event_key: string;
  event_kind: string;
  title: string;
  text: string;
  data_json: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: string;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  /** The process sending it now, until `claimed_until` (so two processes never send it twice). */
  claimed_by: string | null;
  claimed_until: string | null;
};

export type NoticeColor = 'blue' | 'yellow' | 'red';
export type NoticeState = 'issued' | 'replied' | 'closed';

export type NoticeTable = {
  id: string;
  tenant_id: string;
  plan_id: string;
  task_id: string;
  department_id: string;
  color: NoticeColor;
  /** 督办单编号, e.g. 督〔2017〕12号 */
  number: string;
  reason: string;
  requirement: string;
  reply_due: string;
  state: NoticeState;
  issued_by: string | null;
  issued_at: string;
  reply: string | null;
  replied_by: string | null;
  replied_at: string | null;
  closed_by: string | null;
  closed_at: string | null;
  close_note: string | null;
  version: number;
};

export type AdjustmentState = 'proposed' | 'approved' | 'rejected';

export type TargetAdjustmentTable = {
  id: string;
  tenant_id: string;
  plan_id: string;
  target_id: string;
  before_json: string;
  after_json: string;
  reason: string;
  state: AdjustmentState;
  proposed_by: string | null;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /** The approval as written (批准文号 / meeting), required to approve. */
  approval: string | null;
  version: number;
};

/** A coordinator's evaluation override of a target (kind, weight) or a task (weight). */
export type EvaluationOverrideTable = {
  entity_type: 'target' | 'task';
  entity_id: string;
  tenant_id: string;
  plan_id: string;
  /** A TargetKind ('cumulative' | 'level' | 'rate'); null = inferred. */
  kind: string | null;
  /** Weight in roll-ups; null = 1. */
  weight: number | null;
  version: number;
  updated_at: string;
  updated_by: string | null;
};

export type SchedulerLeaseTable = {
  name: string;
  holder: string;
  expires_at: string;
  acquired_at: string;
};

/** A serialised view of a plan with the validator it was built for (services/view-snapshots.ts). */
export type ViewSnapshotTable = {
  plan_id: string;
  /** 'evaluation' (dashboard), 'plan' (plan view) or 'public-plan'. */
  view: string;
  tenant_id: string;
  tag: string;
  body: string;
  built_at: string;
  build_ms: number;
};

export type PlanLabelTable = {
  plan_id: string;
  tenant_id: string;
  /** 1 when the plan's progress is simulated demo data (模拟数据). */
  simulated: number;
  note: string;
};

/** A promise check of a plan against the next year's report (issue 7). */
export type PromiseCheckTable = {
  id: string;
  tenant_id: string;
  plan_id: string;
  next_plan_id: string;
  /** 'draft' while a coordinator reviews the matches, 'confirmed' once public. */
  state: string;
  version: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  confirmed_at: string | null;
  confirmed_by: string | null;
};

/** One year-target of a plan with its outcome in the next report, verdict and review. */
export type PromiseMatchTable = {
  id: string;
  tenant_id: string;
  check_id: string;
  plan_id: string;
  target_id: string | null;
  ord: number;
  target_quote: string;
  target_subject: string;
  target_low: number;
  target_high: number;
  target_unit: string;
  target_comparator: string;
  target_direction: string;
  target_span_start: number;
  target_span_end: number;
  outcome_quote: string | null;
  outcome_value: number | null;
  outcome_unit: string | null;
  outcome_year: number | null;
  outcome_span_start: number | null;
  outcome_span_end: number | null;
  score: number;
  auto_outcome_quote: string | null;
  auto_verdict: string;
  verdict: string;
  reason: string;
  /** 'pending' | 'accepted' | 'corrected'. */
  review: string;
  note: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  version: number;
};

export type Database = {
  tenants: TenantTable;
  departments: DepartmentTable;
  leaders: LeaderTable;
  users: UserTable;
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  reports: ReportTable;
  plans: PlanTable;
  sections: SectionTable;
  tasks: TaskTable;
  targets: TargetTable;
  baselines: BaselineTable;
  assignments: AssignmentTable;
  assignment_departments: AssignmentDepartmentTable;
  progress_reports: ProgressReportTable;
  progress_values: ProgressValueTable;
  cooperation_inputs: CooperationInputTable;
  attachments: AttachmentTable;
  comments: CommentTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  supervision_settings: SupervisionSettingsTable;
  period_locks: PeriodLockTable;
  notifications: NotificationTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  notices: NoticeTable;
  target_adjustments: TargetAdjustmentTable;
  evaluation_overrides: EvaluationOverrideTable;
  scheduler_leases: SchedulerLeaseTable;
  plan_labels: PlanLabelTable;
  promise_checks: PromiseCheckTable;
  promise_matches: PromiseMatchTable;
  view_snapshots: ViewSnapshotTable;
};
