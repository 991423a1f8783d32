import type { Kysely, Migration } from 'kysely';

/**
 * The task timeline (reports, reviews, assignment and target changes) reads the audit log by entity:
 * an index on (tenant_id, entity_id) keeps that a lookup instead of a scan of the tenant's whole log.
 * Portable (SQLite and PostgreSQL).
 */
export const auditEntityIndex: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('audit_tenant_entity')
      .on('audit_log')
      .columns(['tenant_id', 'entity_id'])
      .execute();
  },
};
