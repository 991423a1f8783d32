import { hash, verify } from '@node-rs/argon2';
import { newId, newToken, sha256Hex } from '../store/ids.ts';
import {
  clearLoginFailures,
  countLoginFailures,
  createSession,
  deleteSession,
  getSession,
  getUserRowByUsername,
  recordLoginFailure,
  toUser,
  type User,
} from '../store/user-repository.ts';
import type { Actor, ServiceContext } from './context.ts';
import { AppError } from './errors.ts';

/** argon2id, OWASP's second recommended setting (19 MiB, t=2, p=1). */
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON);
}

let dummyHash: Promise<string> | null = null;

export type LoginResult = { token: string; csrfToken: string; expiresAt: string; user: User };

const tooMany = (): AppError =>
  new AppError(
    429,
    'too-many-attempts',
    `登录失败次数过多，请 ${LOGIN_WINDOW_MINUTES} 分钟后再试`,
    `Too many failed logins; try again in ${LOGIN_WINDOW_MINUTES} minutes`,
  );

/**
 * Check a username and password and open a session stored in the database. Failures are counted
 * per account and per address in the database (so every server process sees them) and throttled.
 * @example login(ctx, { username: 'admin', password: '…', address: '127.0.0.1', ttlHours: 12 }) -> { token, csrfToken, expiresAt, user }
 */
export async function login(
  ctx: ServiceContext,
  input: { username: string; password: string; address: string; ttlHours: number },
): Promise<LoginResult> {
  const now = ctx.now();
  const nowIso = now.toISOString();
  const since = new Date(now.getTime() - LOGIN_WINDOW_MINUTES * 60_000).toISOString();
  const db = ctx.store.db;
  const accountKey = `user:${input.username.toLowerCase()}`;
  const addressKey = `addr:${input.address}`;
  if (
    (await countLoginFailures(db, accountKey, since)) >= MAX_FAILURES_PER_ACCOUNT ||
    (await countLoginFailures(db, addressKey, since)) >= MAX_FAILURES_PER_ADDRESS
  ) {
    throw tooMany();
  }
  const row = await getUserRowByUsername(db, input.username);
  // Verify against a dummy hash for unknown users so timing does not reveal which names exist.
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = await verify(row?.password_hash ?? (await dummyHash), input.password).catch(() => false);
  if (!row || !ok || row.active !== 1) {
    await recordLoginFailure(db, newId(now), accountKey, nowIso);
    await recordLoginFailure(db, newId(now), addressKey, nowIso);
    throw new AppError(401, 'invalid-credentials', '用户名或密码不正确', 'Wrong username or password');
  }
  await clearLoginFailures(db, accountKey);
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + input.ttlHours * 3_600_000).toISOString();
  await createSession(db, {
    id: sha256Hex(token),
    user_id: row.id,
    tenant_id: row.tenant_id,
    csrf_token: csrfToken,
    created_at: nowIso,
    expires_at: expiresAt,
  });
  return { token, csrfToken, expiresAt, user: toUser(row) };
}

export async function logout(ctx: ServiceContext, token: string): Promise<void> {
  await deleteSession(ctx.store.db, sha256Hex(token));
}

export type Authenticated = { user: User; actor: Actor; csrfToken: string; expiresAt: string };

/** The user behind a session token, or null when it is unknown or expired. */
export async function authenticate(ctx: ServiceContext, token: string): Promise<Authenticated | null> {
  const found = await getSession(ctx.store.db, sha256Hex(token), ctx.now().toISOString());
  if (!found) return null;
  const { user, session } = found;
  return {
    user,
    csrfToken: session.csrf_token,
    expiresAt: session.expires_at,
    actor: actorOf(user),
  };
}

export const actorOf = (user: User): Actor => ({
  userId: user.id,
  tenantId: user.tenantId,
  role: user.role,
  departmentId: user.departmentId,
  leaderId: user.leaderId,
  displayName: user.displayName,
});
