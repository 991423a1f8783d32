import type { Executor } from './db.ts';
import type { Role, SessionTable, UserTable } from './schema.ts';

export type User = {
  id: string;
  tenantId: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  leaderId: string | null;
  active: boolean;
  version: number;
};

export const toUser = (r: UserTable): User => ({
  id: r.id,
  tenantId: r.tenant_id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  departmentId: r.department_id,
  leaderId: r.leader_id,
  active: r.active === 1,
  version: r.version,
});

export async function createUser(db: Executor, row: UserTable): Promise<User> {
  await db.insertInto('users').values(row).execute();
  return toUser(row);
}

export async function getUserById(db: Executor, tenantId: string, id: string): Promise<User | null> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

/** The full row, password hash included: for login only. */
export async function getUserRowByUsername(db: Executor, username: string): Promise<UserTable | null> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row ?? null;
}

export async function listUsers(
  db: Executor,
  tenantId: string,
  page: { limit: number; offset: number },
): Promise<{ items: User[]; total: number }> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('username')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return { items: rows.map(toUser), total: Number(total?.n ?? 0) };
}

export async function updateUser(
  db: Executor,
  tenantId: string,
  id: string,
  expectedVersion: number,
  set: Partial<
    Pick<
      UserTable,
      'display_name' | 'role' | 'department_id' | 'leader_id' | 'password_hash' | 'active' | 'updated_at'
    >
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ ...set, version: expectedVersion + 1 })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function createSession(db: Executor, row: SessionTable): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** A live session with its active user, or null when unknown, expired or the user is disabled. */
export async function getSession(
  db: Executor,
  id: string,
  nowIso: string,
): Promise<{ session: SessionTable; user: User } | null> {
  const session = await db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', id)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
  if (!session) return null;
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', session.user_id)
    .where('active', '=', 1)
    .executeTakeFirst();
  return user ? { session, user: toUser(user) } : null;
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Executor, nowIso: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowIso).execute();
}

export async function recordLoginFailure(db: Executor, id: string, key: string, at: string): Promise<void> {
  await db.insertInto('login_failures').values({ id, key, at }).execute();
}

export async function countLoginFailures(db: Executor, key: string, sinceIso: string): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('key', '=', key)
    .where('at', '>', sinceIso)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function clearLoginFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

/** Forget login failures older than the throttling window. */
export async function deleteLoginFailuresBefore(db: Executor, beforeIso: string): Promise<void> {
  await db.deleteFrom('login_failures').where('at', '<', beforeIso).execute();
}
