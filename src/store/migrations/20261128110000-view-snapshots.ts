import type { Kysely, Migration } from 'kysely';

/**
 * Issue 8: the serialised dashboard, plan view and public plan of each plan, kept with the validator
 * they were built for (services/view-snapshots.ts). Derived data: a row whose tag no longer matches
 * the plan's validator is never served, and any row may be dropped at any time. Portable types.
 */
export const viewSnapshots: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('view_snapshots')
      .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
      .addColumn('view', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('built_at', 'text', (c) => c.notNull())
      .addColumn('build_ms', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('view_snapshots_pk', ['plan_id', 'view'])
      .execute();
  },
};
