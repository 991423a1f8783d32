/** Queries for merging and splitting tasks of a plan draft (see services/plan-restructure.ts). */
import type { Executor } from './db.ts';
import type { TaskTable } from './schema.ts';

/** Tasks of a plan, in reading order. */
export async function listPlanTasks(db: Executor, planId: string): Promise<TaskTable[]> {
  return db.selectFrom('tasks').selectAll().where('plan_id', '=', planId).orderBy('ord').execute();
}

/** Targets of a plan as the structural rules need them. */
export async function listPlanTargetSpans(
  db: Executor,
  planId: string,
): Promise<{ id: string; task_id: string | null; span_start: number; span_end: number }[]> {
  return db
    .selectFrom('targets')
    .select(['id', 'task_id', 'span_start', 'span_end'])
    .where('plan_id', '=', planId)
    .orderBy('ord')
    .execute();
}

/**
 * What hangs on these tasks besides their targets and assignment: progress reports and cooperating
 * departments' inputs, comments and instructions, supervision notices. A task with any of them is not
 * restructured.
 */
export async function countTaskRecords(
  db: Executor,
  taskIds: string[],
): Promise<{ progress: number; comments: number; notices: number }> {
  if (taskIds.length === 0) return { progress: 0, comments: 0, notices: 0 };
  const count = async (
    table: 'progress_reports' | 'cooperation_inputs' | 'comments' | 'notices',
  ): Promise<number> => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('task_id', 'in', taskIds)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  return {
    progress: (await count('progress_reports')) + (await count('cooperation_inputs')),
    comments: await count('comments'),
    notices: await count('notices'),
  };
}

/** Change a task's title, text, span (at its version). False when the version is stale. */
export async function updateTaskStructure(
  db: Executor,
  id: string,
  expectedVersion: number,
  set: Pick<TaskTable, 'title' | 'text' | 'span_start' | 'span_end'>,
): Promise<boolean> {
  const result = await db
    .updateTable('tasks')
    .set({ ...set, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Delete tasks at their versions. False (and nothing deleted by this call) when any version is stale. */
export async function deleteTasksAt(
  db: Executor,
  tasks: { id: string; version: number }[],
): Promise<boolean> {
  for (const t of tasks) {
    const result = await db
      .deleteFrom('tasks')
      .where('id', '=', t.id)
      .where('version', '=', t.version)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) return false;
  }
  return true;
}

export async function insertTask(db: Executor, row: TaskTable): Promise<void> {
  await db.insertInto('tasks').values(row).execute();
}

/** Make room at `fromOrd`: every task of the plan at or after it moves one place down. */
export async function shiftTaskOrds(db: Executor, planId: string, fromOrd: number): Promise<void> {
  await db
    .updateTable('tasks')
    .set((eb) => ({ ord: eb('ord', '+', 1) }))
    .where('plan_id', '=', planId)
    .where('ord', '>=', fromOrd)
    .execute();
}

export async function moveTargetsToTask(db: Executor, targetIds: string[], taskId: string): Promise<void> {
  if (targetIds.length === 0) return;
  await db.updateTable('targets').set({ task_id: taskId }).where('id', 'in', targetIds).execute();
}

export async function reparentTasks(db: Executor, taskIds: string[], parentId: string): Promise<void> {
  if (taskIds.length === 0) return;
  await db.updateTable('tasks').set({ parent_id: parentId }).where('id', 'in', taskIds).execute();
}

/** Remove a task's assignment and its cooperating departments. */
export async function deleteAssignment(db: Executor, taskId: string): Promise<void> {
  await db.deleteFrom('assignment_departments').where('task_id', '=', taskId).execute();
  await db.deleteFrom('assignments').where('task_id', '=', taskId).execute();
}

/** Drop the evaluation weight overrides of tasks that no longer exist (merged away). */
export async function deleteTaskOverrides(db: Executor, taskIds: string[]): Promise<void> {
  if (taskIds.length === 0) return;
  await db
    .deleteFrom('evaluation_overrides')
    .where('entity_type', '=', 'task')
    .where('entity_id', 'in', taskIds)
    .execute();
}
