import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { hashPassword } from '../../src/services/auth.ts';
import { seedDemo } from '../../src/services/seed.ts';
import { newId } from '../../src/store/ids.ts';
import { createDepartment, createTenant } from '../../src/store/tenant-repository.ts';
import { createUser } from '../../src/store/user-repository.ts';
import { testContext, type TestDb } from '../store/helpers.ts';

export const PASSWORD = 'test-password-1';
export const SAMPLE = path.resolve(import.meta.dirname, '../../samples/xuchang-2017.txt');

export type Session = { cookie: string; csrf: string; username: string };

export type Harness = {
  app: FastifyInstance;
  db: TestDb;
  planId: string;
  tenantId: string;
  otherTenantId: string;
  login: (username: string, password?: string) => Promise<Session>;
  call: (
    session: Session | null,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<LightMyRequestResponse>;
};

/** A seeded app (demo tenant with the published sample plan) plus a second tenant "其他市" with users. */
export async function startHarness(db: TestDb, now = new Date('2017-07-10T02:00:00Z')): Promise<Harness> {
  const ctx = testContext(db, now);
  const seeded = await seedDemo(ctx, {
    password: PASSWORD,
    sample: { bytes: fs.readFileSync(SAMPLE), fileName: 'xuchang-2017.txt' },
  });
  if (!seeded?.planId) throw new Error('seed failed');
  const otherTenantId = newId();
  const nowIso = now.toISOString();
  const hash = await hashPassword(PASSWORD);
  await createTenant(db.store.db, {
    id: otherTenantId,
    parent_id: null,
    name: '其他市',
    level: 'city',
    timezone: 'Asia/Shanghai',
    version: 1,
    created_at: nowIso,
  });
  const otherDept = newId();
  await createDepartment(db.store.db, {
    id: otherDept,
    tenant_id: otherTenantId,
    name: '教育局',
    ord: 0,
    active: 1,
    version: 1,
    created_at: nowIso,
  });
  for (const [username, role] of [
    ['other-admin', 'admin'],
    ['other-coordinator', 'coordinator'],
    ['other-leader', 'leader'],
    ['other-reporter', 'reporter'],
  ] as const) {
    await createUser(db.store.db, {
      id: newId(),
      tenant_id: otherTenantId,
      username,
      display_name: username,
      role,
      department_id: role === 'reporter' ? otherDept : null,
      leader_id: null,
      password_hash: hash,
      active: 1,
      version: 1,
      created_at: nowIso,
      updated_at: nowIso,
    });
  }
  const app = await buildApp({ ctx });
  const call: Harness['call'] = async (session, method, url, body, headers = {}) =>
    app.inject({
      method,
      url,
      headers: {
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const login = async (username: string, password = PASSWORD): Promise<Session> => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    const cookies = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return { cookie: cookies, csrf: res.json<{ csrfToken: string }>().csrfToken, username };
  };
  return { app, db, planId: seeded.planId, tenantId: seeded.tenantId, otherTenantId, login, call };
}
