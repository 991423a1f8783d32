import type { Kysely, Migration } from 'kysely';

/**
 * Promise checks (issue 7): the year-targets of a plan matched to the outcomes in the next year's report, with
 * a coordinator's review of each match. Portable column types only (SQLite and PostgreSQL).
 */
export const promises: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('promise_checks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('plan_id', 'text', (c) => c.notNull().unique().references('plans.id'))
      .addColumn('next_plan_id', 'text', (c) => c.notNull().references('plans.id'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('confirmed_at', 'text')
      .addColumn('confirmed_by', 'text')
      .execute();

    await db.schema
      .createTable('promise_matches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('check_id', 'text', (c) => c.notNull().references('promise_checks.id'))
      .addColumn('plan_id', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text')
      .addColumn('ord', 'integer', (c) => c.notNull())
      .addColumn('target_quote', 'text', (c) => c.notNull())
      .addColumn('target_subject', 'text', (c) => c.notNull())
      .addColumn('target_low', 'double precision', (c) => c.notNull())
      .addColumn('target_high', 'double precision', (c) => c.notNull())
      .addColumn('target_unit', 'text', (c) => c.notNull())
      .addColumn('target_comparator', 'text', (c) => c.notNull())
      .addColumn('target_direction', 'text', (c) => c.notNull())
      .addColumn('target_span_start', 'integer', (c) => c.notNull())
      .addColumn('target_span_end', 'integer', (c) => c.notNull())
      .addColumn('outcome_quote', 'text')
      .addColumn('outcome_value', 'double precision')
      .addColumn('outcome_unit', 'text')
      .addColumn('outcome_year', 'integer')
      .addColumn('outcome_span_start', 'integer')
      .addColumn('outcome_span_end', 'integer')
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('auto_outcome_quote', 'text')
      .addColumn('auto_verdict', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('review', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('reviewed_by', 'text')
      .addColumn('reviewed_at', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('promise_matches_check')
      .on('promise_matches')
      .columns(['check_id', 'ord'])
      .execute();
  },
};
