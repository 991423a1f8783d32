import type { Executor } from './db.ts';
import type { CooperationInputTable } from './schema.ts';

/** A cooperating department's input (协办反馈) for a task and period. */
export async function findInput(
  db: Executor,
  tenantId: string,
  taskId: string,
  departmentId: string,
  period: string,
): Promise<CooperationInputTable | null> {
  const row = await db
    .selectFrom('cooperation_inputs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('task_id', '=', taskId)
    .where('department_id', '=', departmentId)
    .where('period', '=', period)
    .executeTakeFirst();
  return row ?? null;
}

/** Every input of a task for a period, oldest first. */
export async function listInputsOfTask(
  db: Executor,
  tenantId: string,
  taskId: string,
  period: string,
): Promise<CooperationInputTable[]> {
  return db
    .selectFrom('cooperation_inputs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('task_id', '=', taskId)
    .where('period', '=', period)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function createInput(db: Executor, row: CooperationInputTable): Promise<void> {
  await db.insertInto('cooperation_inputs').values(row).execute();
}

/** Update an input at the expected version; false when it changed meanwhile. */
export async function updateInput(
  db: Executor,
  id: string,
  expectedVersion: number,
  set: Partial<Omit<CooperationInputTable, 'id' | 'tenant_id' | 'plan_id' | 'task_id' | 'version'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('cooperation_inputs')
    .set({ ...set, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
