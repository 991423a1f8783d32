import type { Executor } from './db.ts';
import type { DepartmentTable, LeaderTable, TenantTable } from './schema.ts';

export type Tenant = {
  id: string;
  parentId: string | null;
  name: string;
  level: string;
  timezone: string;
  version: number;
};
export type Department = {
  id: string;
  tenantId: string;
  name: string;
  ord: number;
  active: boolean;
  version: number;
};
export type Leader = {
  id: string;
  tenantId: string;
  name: string;
  title: string;
  portfolio: string;
  departmentIds: string[];
  ord: number;
  active: boolean;
  version: number;
};

const toTenant = (r: TenantTable): Tenant => ({
  id: r.id,
  parentId: r.parent_id,
  name: r.name,
  level: r.level,
  timezone: r.timezone,
  version: r.version,
});
const toDepartment = (r: DepartmentTable): Department => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  ord: r.ord,
  active: r.active === 1,
  version: r.version,
});
const toLeader = (r: LeaderTable): Leader => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  title: r.title,
  portfolio: r.portfolio,
  departmentIds: JSON.parse(r.department_ids) as string[],
  ord: r.ord,
  active: r.active === 1,
  version: r.version,
});

export async function createTenant(db: Executor, row: TenantTable): Promise<Tenant> {
  await db.insertInto('tenants').values(row).execute();
  return toTenant(row);
}

export async function getTenantById(db: Executor, id: string): Promise<Tenant | null> {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTenant(row) : null;
}

export async function listTenants(db: Executor): Promise<Tenant[]> {
  const rows = await db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toTenant);
}

export async function countTenants(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('tenants')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function createDepartment(db: Executor, row: DepartmentTable): Promise<Department> {
  await db.insertInto('departments').values(row).execute();
  return toDepartment(row);
}

export async function getDepartmentById(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<Department | null> {
  const row = await db
    .selectFrom('departments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toDepartment(row) : null;
}

export async function getDepartmentByName(
  db: Executor,
  tenantId: string,
  name: string,
): Promise<Department | null> {
  const row = await db
    .selectFrom('departments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? toDepartment(row) : null;
}

export async function listDepartments(db: Executor, tenantId: string): Promise<Department[]> {
  const rows = await db
    .selectFrom('departments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('ord')
    .orderBy('id')
    .execute();
  return rows.map(toDepartment);
}

/** Update when the row is still at `expectedVersion`; returns false on a stale version. */
export async function updateDepartment(
  db: Executor,
  tenantId: string,
  id: string,
  expectedVersion: number,
  set: Partial<Pick<DepartmentTable, 'name' | 'ord' | 'active'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('departments')
    .set({ ...set, version: expectedVersion + 1 })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function createLeader(db: Executor, row: LeaderTable): Promise<Leader> {
  await db.insertInto('leaders').values(row).execute();
  return toLeader(row);
}

export async function getLeaderById(db: Executor, tenantId: string, id: string): Promise<Leader | null> {
  const row = await db
    .selectFrom('leaders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toLeader(row) : null;
}

export async function listLeaders(db: Executor, tenantId: string): Promise<Leader[]> {
  const rows = await db
    .selectFrom('leaders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('ord')
    .orderBy('id')
    .execute();
  return rows.map(toLeader);
}

export async function updateLeader(
  db: Executor,
  tenantId: string,
  id: string,
  expectedVersion: number,
  set: Partial<Pick<LeaderTable, 'name' | 'title' | 'portfolio' | 'department_ids' | 'ord' | 'active'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('leaders')
    .set({ ...set, version: expectedVersion + 1 })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
