import type { Executor } from './db.ts';

/** An audit entry about one of a task's entities, with its author's display name. */
export type EntityAuditRecord = {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
};

/** Audit entries of a tenant about the given entities (task, its targets, reports, notices), oldest first. */
export async function listAuditOfEntities(
  db: Executor,
  tenantId: string,
  entityIds: string[],
): Promise<EntityAuditRecord[]> {
  const out: EntityAuditRecord[] = [];
  const ids = [...new Set(entityIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_id')
      .select([
        'audit_log.seq',
        'audit_log.at',
        'audit_log.actor_id',
        'users.display_name as actor_name',
        'audit_log.action',
        'audit_log.entity_type',
        'audit_log.entity_id',
        'audit_log.before_json',
        'audit_log.after_json',
      ])
      .where('audit_log.tenant_id', '=', tenantId)
      .where('audit_log.entity_id', 'in', ids.slice(i, i + 500))
      .orderBy('audit_log.seq')
      .execute();
    out.push(...rows);
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** Display names of a tenant's users by id. */
export async function userNames(db: Executor, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name] as const));
}
