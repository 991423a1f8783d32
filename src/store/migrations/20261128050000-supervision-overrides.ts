import type { Kysely, Migration } from 'kysely';

/**
 * Issue 5, second part: the coordinator's evaluation overrides (a target's kind: cumulative / level /
 * rate; a weight for roll-ups per task or target), stored with a version; and a per-delivery claim on
 * webhook deliveries so that two server processes never send one delivery twice. Portable column
 * types only (SQLite and PostgreSQL).
 */
export const supervisionOverrides: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('evaluation_overrides')
      .addColumn('entity_type', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
      .addColumn('kind', 'text')
      .addColumn('weight', 'double precision')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addPrimaryKeyConstraint('evaluation_overrides_pk', ['entity_type', 'entity_id'])
      .execute();
    await db.schema
      .createIndex('evaluation_overrides_plan')
      .on('evaluation_overrides')
      .column('plan_id')
      .execute();

    await db.schema.alterTable('webhook_deliveries').addColumn('claimed_by', 'text').execute();
    await db.schema.alterTable('webhook_deliveries').addColumn('claimed_until', 'text').execute();
  },
};
