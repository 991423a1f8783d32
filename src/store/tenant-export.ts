import type { Executor } from './db.ts';
import type { Database } from './schema.ts';

/** Tables that belong to one tenant, in an order that satisfies foreign keys on insert. */
export const TENANT_TABLES = [
  'departments',
  'leaders',
  'users',
  'reports',
  'plans',
  'sections',
  'tasks',
  'targets',
  'baselines',
  'assignments',
  'assignment_departments',
  'progress_reports',
  'progress_values',
  'cooperation_inputs',
  'attachments',
  'comments',
  'supervision_settings',
  'period_locks',
  'plan_labels',
  'notifications',
  'webhooks',
  'webhook_deliveries',
  'notices',
  'target_adjustments',
  'evaluation_overrides',
  'promise_checks',
  'promise_matches',
] as const satisfies readonly (keyof Database)[];

export type TenantTableName = (typeof TENANT_TABLES)[number];

export type TenantRows = {
  tenants: Database['tenants'][];
  tables: { [K in TenantTableName]: Database[K][] };
};

const ORDER: Partial<Record<TenantTableName, string[]>> = {
  assignments: ['task_id'],
  assignment_departments: ['task_id', 'department_id'],
  supervision_settings: ['tenant_id'],
  period_locks: ['plan_id', 'period'],
  plan_labels: ['plan_id'],
  evaluation_overrides: ['entity_type', 'entity_id'],
};

/** Every row of one tenant, plus the tenant and its ancestors, in a stable order. */
export async function readTenantRows(db: Executor, tenantId: string): Promise<TenantRows> {
  const tenants: Database['tenants'][] = [];
  let id: string | null = tenantId;
  while (id !== null) {
    const row: Database['tenants'] | undefined = await db
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) break;
    tenants.unshift(row);
    id = row.parent_id;
  }
  const tables = {} as TenantRows['tables'];
  for (const table of TENANT_TABLES) {
    const keys = ORDER[table] ?? ['id'];
    let q = db
      .selectFrom(table)
      .selectAll()
      .where('tenant_id' as never, '=', tenantId as never);
    for (const k of keys) q = q.orderBy(k as never);
    (tables as Record<string, unknown[]>)[table] = await q.execute();
  }
  return { tenants, tables };
}

/** Insert exported rows; missing ancestor tenants are created, an existing tenant with the same id is refused by the caller. */
export async function writeTenantRows(db: Executor, rows: TenantRows): Promise<void> {
  for (const t of rows.tenants) {
    const exists = await db.selectFrom('tenants').select('id').where('id', '=', t.id).executeTakeFirst();
    if (!exists) await db.insertInto('tenants').values(t).execute();
  }
  for (const table of TENANT_TABLES) {
    const list = rows.tables[table] as unknown[];
    for (let i = 0; i < list.length; i += 200) {
      await db
        .insertInto(table)
        .values(list.slice(i, i + 200) as never)
        .execute();
    }
  }
}
