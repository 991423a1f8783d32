import { newId } from '../store/ids.ts';
import {
  createDepartment as insertDepartment,
  createLeader as insertLeader,
  createTenant as insertTenant,
  getDepartmentById,
  getDepartmentByName,
  getLeaderById,
  getTenantById,
  listDepartments,
  listLeaders,
  listTenants,
  updateDepartment as saveDepartment,
  updateLeader as saveLeader,
  type Department,
  type Leader,
  type Tenant,
} from '../store/tenant-repository.ts';
import {
  createUser as insertUser,
  deleteUserSessions,
  getUserById,
  getUserRowByUsername,
  listUsers as selectUsers,
  updateUser as saveUser,
  type User,
} from '../store/user-repository.ts';
import type { Role } from '../store/schema.ts';
import type { Executor } from '../store/db.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { AppError, conflict, invalid, notFound } from './errors.ts';
import { requireAbility } from './permissions.ts';
import { hashPassword } from './auth.ts';

const LEVELS = ['province', 'city', 'county'];

/** The actor's tenant and its direct children (regions one level down). */
export async function listTenantTree(ctx: ServiceContext, actor: Actor): Promise<Tenant[]> {
  requireAbility(actor, 'readDirectory');
  const all = await listTenants(ctx.store.db);
  const out: Tenant[] = [];
  const add = (id: string): void => {
    for (const t of all) {
      if (t.id === id || t.parentId === id) {
        if (!out.includes(t)) out.push(t);
        if (t.parentId === id) add(t.id);
      }
    }
  };
  add(actor.tenantId);
  return out;
}

/** Create a region below the admin's own tenant (a county below a city). */
export async function createChildTenant(
  ctx: ServiceContext,
  actor: Actor,
  input: { name: string; level: string; timezone?: string },
): Promise<Tenant> {
  requireAbility(actor, 'manageTenant');
  if (!LEVELS.includes(input.level))
    throw invalid('级别应为 province、city 或 county', 'level must be province, city or county');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const parent = await getTenantById(trx, actor.tenantId);
    if (!parent) throw notFound('地区', 'Tenant');
    const row = {
      id: newId(),
      parent_id: parent.id,
      name: input.name.trim(),
      level: input.level,
      timezone: input.timezone ?? parent.timezone,
      version: 1,
      created_at: nowIso,
    };
    const tenant = await insertTenant(trx, row);
    await audit({ action: 'tenant.create', entityType: 'tenant', entityId: row.id, after: tenant });
    return tenant;
  });
}

export async function getDepartments(ctx: ServiceContext, actor: Actor): Promise<Department[]> {
  requireAbility(actor, 'readDirectory');
  return listDepartments(ctx.store.db, actor.tenantId);
}

async function assertUniqueDepartment(
  db: Executor,
  tenantId: string,
  name: string,
  selfId?: string,
): Promise<void> {
  const same = await getDepartmentByName(db, tenantId, name);
  if (same && same.id !== selfId)
    throw new AppError(409, 'duplicate', `单位「${name}」已存在`, `Department "${name}" exists`);
}

/** Add a department to the admin's tenant. */
export async function createDepartment(
  ctx: ServiceContext,
  actor: Actor,
  input: { name: string; ord?: number },
): Promise<Department> {
  requireAbility(actor, 'manageTenant');
  const name = input.name.trim();
  if (name === '') throw invalid('单位名称不能为空', 'The name must not be empty');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    await assertUniqueDepartment(trx, actor.tenantId, name);
    const existing = await listDepartments(trx, actor.tenantId);
    const dept = await insertDepartment(trx, {
      id: newId(),
      tenant_id: actor.tenantId,
      name,
      ord: input.ord ?? existing.length,
      active: 1,
      version: 1,
      created_at: nowIso,
    });
    await audit({ action: 'department.create', entityType: 'department', entityId: dept.id, after: dept });
    return dept;
  });
}

/** Rename, reorder or deactivate a department (departments are never deleted: tasks refer to them). */
export async function updateDepartment(
  ctx: ServiceContext,
  actor: Actor,
  input: { id: string; version: number; name?: string; ord?: number; active?: boolean },
): Promise<Department> {
  requireAbility(actor, 'manageTenant');
  return inTransaction(ctx, actor, async (trx, audit) => {
    const before = await getDepartmentById(trx, actor.tenantId, input.id);
    if (!before) throw notFound('单位', 'Department');
    const name = input.name?.trim();
    if (name !== undefined) {
      if (name === '') throw invalid('单位名称不能为空', 'The name must not be empty');
      await assertUniqueDepartment(trx, actor.tenantId, name, before.id);
    }
    const set = {
      ...(name !== undefined ? { name } : {}),
      ...(input.ord !== undefined ? { ord: input.ord } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
    };
    if (!(await saveDepartment(trx, actor.tenantId, input.id, input.version, set))) {
      throw conflict(undefined, undefined, { version: before.version });
    }
    const after: Department = {
      ...before,
      ...(name !== undefined ? { name } : {}),
      ...(input.ord !== undefined ? { ord: input.ord } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      version: input.version + 1,
    };
    await audit({
      action: 'department.update',
      entityType: 'department',
      entityId: before.id,
      before,
      after,
    });
    return after;
  });
}

export async function getLeaders(ctx: ServiceContext, actor: Actor): Promise<Leader[]> {
  requireAbility(actor, 'readDirectory');
  return listLeaders(ctx.store.db, actor.tenantId);
}

async function assertDepartments(db: Executor, tenantId: string, ids: string[]): Promise<void> {
  for (const id of ids) {
    if (!(await getDepartmentById(db, tenantId, id)))
      throw invalid(`单位 ${id} 不存在`, `Department ${id} does not exist`);
  }
}

/** Add a leader (市长, 副市长…) with the departments of their portfolio. */
export async function createLeader(
  ctx: ServiceContext,
  actor: Actor,
  input: { name: string; title: string; portfolio?: string; departmentIds?: string[]; ord?: number },
): Promise<Leader> {
  requireAbility(actor, 'manageTenant');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const departmentIds = [...new Set(input.departmentIds ?? [])];
    await assertDepartments(trx, actor.tenantId, departmentIds);
    const existing = await listLeaders(trx, actor.tenantId);
    const leader = await insertLeader(trx, {
      id: newId(),
      tenant_id: actor.tenantId,
      name: input.name.trim(),
      title: input.title.trim(),
      portfolio: input.portfolio ?? '',
      department_ids: JSON.stringify(departmentIds),
      ord: input.ord ?? existing.length,
      active: 1,
      version: 1,
      created_at: nowIso,
    });
    await audit({ action: 'leader.create', entityType: 'leader', entityId: leader.id, after: leader });
    return leader;
  });
}

export async function updateLeader(
  ctx: ServiceContext,
  actor: Actor,
  input: {
    id: string;
    version: number;
    name?: string;
    title?: string;
    portfolio?: string;
    departmentIds?: string[];
    ord?: number;
    active?: boolean;
  },
): Promise<Leader> {
  requireAbility(actor, 'manageTenant');
  return inTransaction(ctx, actor, async (trx, audit) => {
    const before = await getLeaderById(trx, actor.tenantId, input.id);
    if (!before) throw notFound('领导', 'Leader');
    if (input.departmentIds) await assertDepartments(trx, actor.tenantId, input.departmentIds);
    const after: Leader = {
      ...before,
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      ...(input.portfolio !== undefined ? { portfolio: input.portfolio } : {}),
      ...(input.departmentIds !== undefined ? { departmentIds: [...new Set(input.departmentIds)] } : {}),
      ...(input.ord !== undefined ? { ord: input.ord } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      version: input.version + 1,
    };
    const ok = await saveLeader(trx, actor.tenantId, input.id, input.version, {
      name: after.name,
      title: after.title,
      portfolio: after.portfolio,
      department_ids: JSON.stringify(after.departmentIds),
      ord: after.ord,
      active: after.active ? 1 : 0,
    });
    if (!ok) throw conflict(undefined, undefined, { version: before.version });
    await audit({ action: 'leader.update', entityType: 'leader', entityId: before.id, before, after });
    return after;
  });
}

export async function listUsers(
  ctx: ServiceContext,
  actor: Actor,
  page: { limit: number; offset: number },
): Promise<{ items: User[]; total: number }> {
  requireAbility(actor, 'manageTenant');
  return selectUsers(ctx.store.db, actor.tenantId, page);
}

const ROLES: Role[] = ['admin', 'coordinator', 'leader', 'reporter'];

async function checkRoleBindings(
  db: Executor,
  tenantId: string,
  role: Role,
  departmentId: string | null,
  leaderId: string | null,
): Promise<void> {
  if (!ROLES.includes(role)) throw invalid('角色不正确', 'Unknown role');
  if (role === 'reporter' && departmentId === null) {
    throw invalid('报送员必须绑定一个单位', 'A reporter must be bound to a department');
  }
  if (departmentId !== null && !(await getDepartmentById(db, tenantId, departmentId))) {
    throw invalid(`单位 ${departmentId} 不存在`, `Department ${departmentId} does not exist`);
  }
  if (leaderId !== null && !(await getLeaderById(db, tenantId, leaderId))) {
    throw invalid(`领导 ${leaderId} 不存在`, `Leader ${leaderId} does not exist`);
  }
}

function checkPassword(password: string): void {
  if (password.length < 8) throw invalid('密码至少 8 个字符', 'The password must have at least 8 characters');
}

/**
 * Create a user of the admin's tenant. A reporter must be bound to a department.
 * @example createUser(ctx, admin, { username: 'jyj', displayName: '教育局报送员', role: 'reporter', departmentId, password: '…' })
 */
export async function createUser(
  ctx: ServiceContext,
  actor: Actor,
  input: {
    username: string;
    displayName: string;
    role: Role;
    password: string;
    departmentId?: string | null;
    leaderId?: string | null;
  },
): Promise<User> {
  requireAbility(actor, 'manageTenant');
  const username = input.username.trim();
  if (!/^[A-Za-z0-9_.-]{2,64}$/.test(username)) {
    throw invalid(
      '用户名只能包含字母、数字、下划线、点和连字符（2–64 个）',
      'Usernames use 2–64 letters, digits, _ . -',
    );
  }
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    if (await getUserRowByUsername(trx, username)) {
      throw new AppError(
        409,
        'duplicate',
        `用户名「${username}」已被使用`,
        `The username "${username}" is taken`,
      );
    }
    await checkRoleBindings(
      trx,
      actor.tenantId,
      input.role,
      input.departmentId ?? null,
      input.leaderId ?? null,
    );
    const user = await insertUser(trx, {
      id: newId(),
      tenant_id: actor.tenantId,
      username,
      display_name: input.displayName.trim() || username,
      role: input.role,
      department_id: input.departmentId ?? null,
      leader_id: input.leaderId ?? null,
      password_hash: passwordHash,
      active: 1,
      version: 1,
      created_at: nowIso,
      updated_at: nowIso,
    });
    await audit({ action: 'user.create', entityType: 'user', entityId: user.id, after: user });
    return user;
  });
}

/** Change a user's name, role, binding, password or active flag; a password change or deactivation ends their sessions. */
export async function updateUser(
  ctx: ServiceContext,
  actor: Actor,
  input: {
    id: string;
    version: number;
    displayName?: string;
    role?: Role;
    departmentId?: string | null;
    leaderId?: string | null;
    password?: string;
    active?: boolean;
  },
): Promise<User> {
  requireAbility(actor, 'manageTenant');
  if (input.password !== undefined) checkPassword(input.password);
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const before = await getUserById(trx, actor.tenantId, input.id);
    if (!before) throw notFound('用户', 'User');
    const after: User = {
      ...before,
      ...(input.displayName !== undefined ? { displayName: input.displayName.trim() } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.departmentId !== undefined ? { departmentId: input.departmentId } : {}),
      ...(input.leaderId !== undefined ? { leaderId: input.leaderId } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      version: input.version + 1,
    };
    if (before.id === actor.userId && (after.role !== 'admin' || !after.active)) {
      throw invalid('不能降低或停用自己的管理员账号', 'You cannot demote or disable your own admin account');
    }
    await checkRoleBindings(trx, actor.tenantId, after.role, after.departmentId, after.leaderId);
    const ok = await saveUser(trx, actor.tenantId, input.id, input.version, {
      display_name: after.displayName,
      role: after.role,
      department_id: after.departmentId,
      leader_id: after.leaderId,
      active: after.active ? 1 : 0,
      updated_at: nowIso,
      ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
    });
    if (!ok) throw conflict(undefined, undefined, { version: before.version });
    if (passwordHash !== undefined || !after.active) await deleteUserSessions(trx, before.id);
    await audit({
      action: 'user.update',
      entityType: 'user',
      entityId: before.id,
      before,
      after: { ...after, ...(passwordHash !== undefined ? { passwordChanged: true } : {}) },
    });
    return after;
  });
}
