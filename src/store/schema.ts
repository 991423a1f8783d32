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
  attachments: AttachmentTable;
  comments: CommentTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
};
