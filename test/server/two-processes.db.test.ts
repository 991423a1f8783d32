import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import type { Store } from '../../src/store/db.ts';
import { describeEachDb, openSecondStore, testContext, type TestDb } from '../store/helpers.ts';
import { startHarness, type Harness } from './helpers.ts';

const API = '/api/v1';

/** Two app instances with their own connection pools on one database behave as one server. */
describeEachDb('two server processes', (db) => {
  let h: Harness;
  let second: Store;
  let appB: FastifyInstance;
  let skip = false;

  beforeAll(async () => {
    const t: TestDb | null = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t);
    second = openSecondStore(t);
    appB = await buildApp({ ctx: { ...testContext(t), store: second } });
  });
  afterAll(async () => {
    if (skip) return;
    await appB.close();
    await h.app.close();
    await second.destroy();
  });

  it('share sessions, login throttling and optimistic concurrency', async (ctx) => {
    if (skip) ctx.skip();
    const session = await h.login('coordinator');
    const me = await appB.inject({
      method: 'GET',
      url: `${API}/auth/me`,
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(200);

    for (let i = 0; i < 3; i += 1) {
      await h.app.inject({
        method: 'POST',
        url: `${API}/auth/login`,
        payload: { username: 'reporter2', password: 'wrong-1' },
      });
      await appB.inject({
        method: 'POST',
        url: `${API}/auth/login`,
        payload: { username: 'reporter2', password: 'wrong-2' },
      });
    }
    const throttled = await appB.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { username: 'reporter2', password: 'test-password-1' },
    });
    expect(throttled.statusCode).toBe(429);

    const plan = (await h.call(session, 'GET', `${API}/plans/${h.planId}`)).json<{
      tasks: {
        id: string;
        assignment: { version: number; leaderId: string | null; leadDepartmentId: string | null };
      }[];
    }>();
    const task = plan.tasks[3]!;
    const body = {
      version: task.assignment.version,
      leaderId: task.assignment.leaderId,
      leadDepartmentId: task.assignment.leadDepartmentId,
      cooperatingDepartmentIds: [],
      deadline: '10月底前',
    };
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf };
    const [a, b] = await Promise.all([
      h.app.inject({ method: 'PUT', url: `${API}/tasks/${task.id}/assignment`, headers, payload: body }),
      appB.inject({
        method: 'PUT',
        url: `${API}/tasks/${task.id}/assignment`,
        headers,
        payload: { ...body, deadline: '11月底前' },
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const admin = await h.login('admin');
    const adminHeaders = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
    const user = { username: 'twin', displayName: '重复', role: 'leader', password: 'long-enough-1' };
    const [u1, u2] = await Promise.all([
      h.app.inject({ method: 'POST', url: `${API}/users`, headers: adminHeaders, payload: user }),
      appB.inject({ method: 'POST', url: `${API}/users`, headers: adminHeaders, payload: user }),
    ]);
    expect([u1.statusCode, u2.statusCode].sort()).toEqual([201, 409]);

    const audit = await appB.inject({
      method: 'GET',
      url: `${API}/audit/verify`,
      headers: { cookie: (await h.login('admin')).cookie },
    });
    expect(audit.json()).toMatchObject({ ok: true });
  });
});
