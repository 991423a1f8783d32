/**
 * Merging and splitting tasks of a plan draft: the structural rules, without storage. A task's text is
 * always the source text of its span, so a merged task spans from the first task's start to the last
 * one's end, and the two parts of a split task are the two halves of its span.
 */
import type { Span } from './types.ts';

export type StructTask = {
  id: string;
  sectionId: string;
  parentId: string | null;
  title: string;
  text: string;
  span: Span;
};

export type StructTarget = { id: string; taskId: string | null; span: Span };

/** Why a merge or split is refused; the services turn these into 400s with Chinese messages. */
export type RestructureProblem =
  | 'too-few'
  | 'unknown-task'
  | 'sub-task'
  | 'different-sections'
  | 'not-adjacent'
  | 'split-outside'
  | 'split-inside-target'
  | 'split-inside-sub-task'
  | 'empty-part';

export class RestructureError extends Error {
  readonly problem: RestructureProblem;
  readonly taskId: string | null;
  constructor(problem: RestructureProblem, taskId: string | null = null) {
    super(problem);
    this.name = 'RestructureError';
    this.problem = problem;
    this.taskId = taskId;
  }
}

export type MergePlan = {
  /** The first task in reading order: it keeps its id and takes the others' text, targets and sub-tasks. */
  survivorId: string;
  removedIds: string[];
  title: string;
  text: string;
  span: Span;
  /** Targets of removed tasks, now the survivor's. */
  movedTargetIds: string[];
  /** Sub-tasks of removed tasks, now the survivor's. */
  reparentedIds: string[];
};

/**
 * Merge two or more adjacent top-level tasks of one section into the first of them. `tasks` are all of
 * the plan's tasks in reading order; `source` is the report text (for what lies between the spans).
 * @example mergeTasks(tasks, targets, ['t3', 't4'], source) -> { survivorId: 't3', removedIds: ['t4'], title: '加强规划引领；完善基础设施', span: [120, 388], … }
 */
export function mergeTasks(
  tasks: StructTask[],
  targets: StructTarget[],
  ids: string[],
  source: string,
  title?: string,
): MergePlan {
  const unique = [...new Set(ids)];
  if (unique.length < 2) throw new RestructureError('too-few');
  const byId = new Map(tasks.map((t) => [t.id, t] as const));
  for (const id of unique) {
    const t = byId.get(id);
    if (!t) throw new RestructureError('unknown-task', id);
    if (t.parentId !== null) throw new RestructureError('sub-task', id);
  }
  const chosen = new Set(unique);
  const picked = tasks.filter((t) => chosen.has(t.id));
  const first = picked[0] as StructTask;
  if (picked.some((t) => t.sectionId !== first.sectionId)) {
    throw new RestructureError('different-sections', picked.find((t) => t.sectionId !== first.sectionId)?.id);
  }
  // Adjacent: no other top-level task of the section lies between the first and the last chosen one.
  const siblings = tasks.filter((t) => t.sectionId === first.sectionId && t.parentId === null);
  const positions = picked.map((t) => siblings.indexOf(t));
  for (let i = 1; i < positions.length; i += 1) {
    if ((positions[i] as number) !== (positions[i - 1] as number) + 1) {
      throw new RestructureError('not-adjacent', (picked[i] as StructTask).id);
    }
  }
  const last = picked[picked.length - 1] as StructTask;
  let text = first.text;
  for (let i = 1; i < picked.length; i += 1) {
    const prev = picked[i - 1] as StructTask;
    const next = picked[i] as StructTask;
    text += source.slice(prev.span[1], next.span[0]) + next.text;
  }
  const removed = new Set(picked.slice(1).map((t) => t.id));
  const merged = (title ?? '').trim() || picked.map((t) => t.title.replace(/[。；;，,\s]+$/, '')).join('；');
  return {
    survivorId: first.id,
    removedIds: [...removed],
    title: merged,
    text,
    span: [first.span[0], last.span[1]],
    movedTargetIds: targets.filter((x) => x.taskId !== null && removed.has(x.taskId)).map((x) => x.id),
    reparentedIds: tasks.filter((t) => t.parentId !== null && removed.has(t.parentId)).map((t) => t.id),
  };
}

/**
 * Where a task's text may be split: after each sentence (。！？；) or line break, never inside a
 * target's quote or a sub-task, and never leaving an empty part. Offsets are relative to the task text.
 * @example splitPoints({ text: '加强规划引领。完善路网。', span: [0, 12], … }, [], []) -> [7]
 */
export function splitPoints(task: StructTask, targets: StructTarget[], subTasks: StructTask[]): number[] {
  const out: number[] = [];
  for (const m of task.text.matchAll(/[。！？；;!?\n]+/g)) {
    const at = m.index + m[0].length;
    if (splitProblem(task, targets, subTasks, at) === null) out.push(at);
  }
  return out;
}

function splitProblem(
  task: StructTask,
  targets: StructTarget[],
  subTasks: StructTask[],
  at: number,
): RestructureProblem | null {
  if (!Number.isInteger(at) || at <= 0 || at >= task.text.length) return 'split-outside';
  const { head, tailStart } = trimAround(task.text, at);
  if (head === 0 || tailStart >= task.text.length) return 'empty-part';
  const abs = task.span[0] + at;
  if (targets.some((x) => x.taskId === task.id && x.span[0] < abs && x.span[1] > abs)) {
    return 'split-inside-target';
  }
  if (subTasks.some((s) => s.parentId === task.id && s.span[0] < abs && s.span[1] > abs)) {
    return 'split-inside-sub-task';
  }
  return null;
}

/** The first part ends before the whitespace at the split point; the second starts after it. */
function trimAround(text: string, at: number): { head: number; tailStart: number } {
  let head = at;
  while (head > 0 && /\s/.test(text[head - 1] as string)) head -= 1;
  let tailStart = at;
  while (tailStart < text.length && /\s/.test(text[tailStart] as string)) tailStart += 1;
  return { head, tailStart };
}

/**
 * A title for a task's text, the way the parser reads one: the short lead sentence ("加强规划引领。"),
 * else the first clause, at most 30 characters.
 * @example titleOf('完善基础设施。加快推进…') -> '完善基础设施'
 */
export function titleOf(text: string): string {
  const t = text.trim();
  const numbered = /^[一二三四五六七八九十\d]+[是、.．]\s*([^，。；：]{2,30})/.exec(t);
  if (numbered?.[1]) return numbered[1];
  const lead = /^([^。！？；，]{2,30})[。！？；]/.exec(t);
  if (lead?.[1]) return lead[1];
  const clause = /^[^，。；：！？]{2,30}/.exec(t);
  return clause ? clause[0] : t.slice(0, 30);
}

export type SplitPlan = {
  first: { text: string; span: Span };
  second: { title: string; text: string; span: Span };
  /** Targets whose quote lies in the second part. */
  movedTargetIds: string[];
  /** Sub-tasks that lie in the second part. */
  reparentedIds: string[];
};

/**
 * Split a top-level task in two at `at` (an offset into its text, see `splitPoints`). The first part keeps
 * the task; targets and sub-tasks go to the part that holds them.
 * @example splitTask(task, targets, subs, 7) -> { first: { text: '加强规划引领。', span: [0, 7] }, second: { title: '完善路网', text: '完善路网。', span: [7, 12] }, … }
 */
export function splitTask(
  task: StructTask,
  targets: StructTarget[],
  subTasks: StructTask[],
  at: number,
  title?: string,
): SplitPlan {
  if (task.parentId !== null) throw new RestructureError('sub-task', task.id);
  const problem = splitProblem(task, targets, subTasks, at);
  if (problem) throw new RestructureError(problem, task.id);
  const { head, tailStart } = trimAround(task.text, at);
  const cut = task.span[0] + at;
  const secondText = task.text.slice(tailStart);
  return {
    first: { text: task.text.slice(0, head), span: [task.span[0], task.span[0] + head] },
    second: {
      title: (title ?? '').trim() || titleOf(secondText),
      text: secondText,
      span: [task.span[0] + tailStart, task.span[1]],
    },
    movedTargetIds: targets.filter((x) => x.taskId === task.id && x.span[0] >= cut).map((x) => x.id),
    reparentedIds: subTasks.filter((s) => s.parentId === task.id && s.span[0] >= cut).map((s) => s.id),
  };
}
