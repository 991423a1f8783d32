/** Answers of the office-file routes (src/server/routes/office.ts). */
export type FileProblem = { row: number | null; message: string; messageEn: string; file?: string };

export type FengongPreview = {
  dryRun: boolean;
  applied: boolean;
  summary: { create: number; update: number; unchanged: number; rows: number };
  changes: {
    row: number;
    taskId: string;
    seq: string;
    title: string;
    action: 'create' | 'update' | 'unchanged';
    changes: { field: string; label: string; before: string; after: string }[];
  }[];
  problems: FileProblem[];
};

export type ProgressImportPreview = {
  dryRun: boolean;
  applied: boolean;
  reports: {
    file: string;
    department: string;
    period: string;
    taskId: string;
    title: string;
    action: 'create' | 'resubmit';
    values: number;
    onBehalf: boolean;
  }[];
  problems: FileProblem[];
};

export type BoilerplateFlag = {
  taskId: string;
  seq: string;
  task: string;
  department: string;
  departmentId: string;
  field: 'problems' | 'nextSteps';
  label: string;
  kind: 'empty' | 'repeated';
  text: string;
  previousPeriod: string | null;
  behind: boolean;
};

/** The problems of a refused import (422 details) or of a preview. */
export function problemsOf(details: unknown): FileProblem[] {
  const list = (details as { problems?: unknown } | null)?.problems;
  return Array.isArray(list) ? (list as FileProblem[]) : [];
}
