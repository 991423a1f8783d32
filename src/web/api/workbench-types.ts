/** Shapes of the working screens' APIs: task timeline, review queue, reporting calendar. */
import type { ProgressState } from './types.ts';

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

export type TimelineEvent = {
  id: string;
  at: string;
  kind: TimelineKind;
  actorName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  period: string | null;
  progressId: string | null;
  text: string | null;
  problems: string | null;
  nextSteps: string | null;
  values: { targetId: string; subject: string; unit: string; actual: number }[];
  changes: { field: string; before: string | null; after: string | null }[];
  subject: string | null;
  source: 'audit' | 'record';
};

export type QueueItem = {
  id: string;
  planId: string;
  planTitle: string;
  taskId: string;
  taskTitle: string;
  sectionTitle: string;
  departmentId: string;
  departmentName: string;
  departmentRole: 'lead' | 'cooperating';
  leadDepartmentId: string | null;
  leadDepartmentName: string | null;
  period: string;
  state: Exclude<ProgressState, 'draft'>;
  values: {
    targetId: string;
    subject: string;
    unit: string;
    comparator: string;
    low: number;
    high: number;
    actual: number | null;
  }[];
  progress: string;
  problems: string;
  nextSteps: string;
  attachments: number;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  version: number;
};

export type CalendarItem = {
  key: string;
  kind: 'report' | 'deadline' | 'milestone';
  state: 'due' | 'late' | 'returned' | 'submitted' | 'accepted' | 'upcoming' | 'overdue';
  taskId: string;
  taskTitle: string;
  planId: string;
  planTitle: string;
  role: 'lead' | 'cooperating';
  period: string | null;
  /** Reports: every period the item covers (a late item: all of the task's late periods, oldest first). */
  periods: string[];
  due: string;
  daysLeft: number;
  text: string | null;
  progressId: string | null;
  reviewReason: string | null;
};

export type Calendar = {
  asOf: string;
  period: string | null;
  periodDue: string | null;
  items: CalendarItem[];
  counts: { due: number; late: number; returned: number; submitted: number; deadlines: number };
};
