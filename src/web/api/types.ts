/** Shapes of the API's answers (see docs/api.md and /api/v1/openapi.json). */
export type Role = 'admin' | 'coordinator' | 'leader' | 'reporter';
export type StatusLevel = 'done' | 'green' | 'yellow' | 'red' | 'grey';
export type Status = {
  level: StatusLevel;
  reason: string;
  completion: number | null;
  expected: number | null;
  /** Set once the deadline or the plan year has passed: the final verdict (missed shows as 未完成). */
  final?: 'met' | 'missed';
  period?: string | null;
};
export type Comparator = '>=' | '>' | '<=' | '<' | '~' | '=' | 'range';
export type Direction = 'increase' | 'decrease' | 'keep';
export type Horizon = 'year' | 'multi-year';
export type PlanState = 'draft' | 'published' | 'archived';
export type ProgressState = 'draft' | 'submitted' | 'accepted' | 'returned';
export type Span = [number, number];

export type User = {
  id: string;
  tenantId: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  leaderId: string | null;
  active: boolean;
  version: number;
};

export type Session = { user: User; csrfToken: string; expiresAt: string };

export type Page<T> = { items: T[]; total: number; limit?: number; offset?: number };

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

export type SectionView = {
  id: string;
  title: string;
  kind: string;
  depth: number;
  span: Span;
  status: Status;
  children: SectionView[];
};

export type Milestone = { quarter: number; text: string };

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
  milestones: Milestone[];
  version?: number;
};

export type TargetFields = {
  subject: string;
  low: number;
  high: number;
  unit: string;
  comparator: Comparator;
  direction: Direction;
  horizon: Horizon;
  dueYear: number | null;
};

export type TargetView = TargetFields & {
  id: string;
  quote: string;
  span: Span;
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
  span: Span;
  assignment: AssignmentView | null;
  targets: TargetView[];
  status: Status;
  latestProgress: { period: string; progress: string; problems?: string; nextSteps?: string } | null;
  version?: number;
};

export type ParserProblem = { code: string; message: string; span?: Span };

export type PlanView = PlanSummary & {
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
  problems?: ParserProblem[];
  /** The date statuses are judged at, and whether the plan year has ended by then (final verdicts). */
  evaluation?: { asOf: string; yearEnded: boolean };
  /** Set when the plan's progress is simulated demo data (模拟数据). */
  simulated?: { label: string; note: string };
};

export type TaskDetail = TaskView & { planId: string; planTitle: string };
export type MyTask = TaskView & {
  planId: string;
  planTitle: string;
  planYear: number;
  role: 'lead' | 'cooperating';
};

export type ReportSource = {
  id: string;
  fileName: string;
  format: string;
  encoding: string;
  title: string;
  sha256: string;
  text: string;
};

export type ImportResult = {
  plan: PlanSummary;
  created: boolean;
  counts: { sections: number; tasks: number; targets: number; baselines: number; problems: number };
  warnings: string[];
};

export type Attachment = { id: string; fileName: string; contentType: string; size: number };

export type ProgressView = {
  id: string;
  taskId: string;
  planId: string;
  departmentId: string;
  departmentName?: string;
  departmentRole?: 'lead' | 'cooperating' | null;
  period: string;
  state: ProgressState;
  values: { targetId: string; actual: number }[];
  progress: string;
  problems: string;
  nextSteps: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  version: number;
  attachments?: Attachment[];
};

export type CommentView = {
  id: string;
  taskId: string;
  kind: 'comment' | 'instruction';
  body: string;
  authorId: string;
  authorName: string;
  createdAt: string;
};

export type Tenant = {
  id: string;
  parentId: string | null;
  name: string;
  level: string;
  timezone: string;
  version: number;
};
export type Department = {
  id: string;
  tenantId: string;
  name: string;
  ord: number;
  active: boolean;
  version: number;
};
export type Leader = {
  id: string;
  tenantId: string;
  name: string;
  title: string;
  portfolio: string;
  departmentIds: string[];
  ord: number;
  active: boolean;
  version: number;
};

/** 协办反馈: a cooperating department's input for a task and period (GET/POST /tasks/:taskId/inputs). */
export type CooperationInput = {
  id: string;
  taskId: string;
  departmentId: string;
  departmentName: string;
  period: string;
  progress: string;
  problems: string;
  nextSteps: string;
  values: { targetId: string; actual: number }[];
  state: 'sent' | 'consolidated';
  consolidatedProgressId: string | null;
  updatedAt: string;
  version: number;
};
export type TaskInputs = {
  taskId: string;
  period: string;
  leadDepartmentId: string | null;
  items: CooperationInput[];
  total: number;
  coverage: {
    departmentId: string;
    name: string;
    inputId: string | null;
    state: 'sent' | 'consolidated' | null;
  }[];
};
