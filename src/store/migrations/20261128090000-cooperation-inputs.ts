import type { Kysely, Migration } from 'kysely';

/**
 * Cooperation inputs (协办反馈): a cooperating department's narrative (进展情况 / 存在问题 / 下一步措施) and
 * optional values for a task and period, which the lead department consolidates into its progress report
 * (state sent -> consolidated).
 */
export const cooperationInputs: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('cooperation_inputs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
      .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
      .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('progress', 'text', (c) => c.notNull())
      .addColumn('problems', 'text', (c) => c.notNull())
      .addColumn('next_steps', 'text', (c) => c.notNull())
      .addColumn('values_json', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('consolidated_progress_id', 'text')
      .addColumn('consolidated_at', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addUniqueConstraint('cooperation_inputs_one', ['task_id', 'department_id', 'period'])
      .execute();
    await db.schema
      .createIndex('cooperation_inputs_task_period')
      .on('cooperation_inputs')
      .columns(['task_id', 'period'])
      .execute();
  },
};
