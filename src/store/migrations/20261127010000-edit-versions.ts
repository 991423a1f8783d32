import type { Kysely, Migration } from 'kysely';

/** Tasks and targets become editable by the coordinator: they carry a version for optimistic concurrency. */
export const editVersions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('tasks')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .alterTable('targets')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  },
};
