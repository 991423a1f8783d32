import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Actor, ServiceContext } from '../../src/services/context.ts';
import * as evaluation from '../../src/services/evaluation.ts';
import { submitProgress, reviewProgress } from '../../src/services/progress.ts';
import { simulateDemoYear } from '../../src/services/seed-simulation.ts';
import { getPlanById } from '../../src/store/plan-repository.ts';
import { getUserRowByUsername } from '../../src/store/user-repository.ts';
import { describeEachDb, testContext, type TestDb } from '../store/helpers.ts';
import { startHarness, type Harness } from './helpers.ts';

const API = '/api/v1';

/** The public plan route answers from a validator read before the view is built (issue 8). */
describeEachDb('public plan validator and cache', (db) => {
  let h: Harness;
  let ctx: ServiceContext;
  let skip = false;
  const actors: Record<string, Actor> = {};

  beforeAll(async () => {
    const t: TestDb | null = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t);
    ctx = testContext(t);
    for (const username of ['coordinator', 'reporter']) {
      const u = (await getUserRowByUsername(t.store.db, username))!;
      actors[username] = {
        userId: u.id,
        tenantId: u.tenant_id,
        role: u.role,
        departmentId: u.department_id,
        leaderId: u.leader_id,
      };
    }
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    if (!skip) await h.app.close();
  });

  const url = (): string => `${API}/public/plans/${h.planId}`;
  const get = (extra: Record<string, string> = {}, path = url()) =>
    h.call(null, 'GET', path, undefined, extra);

  it('answers 304 from the validator without building the view, and serves repeats from the cache', async () => {
    if (skip) return;
    const loads = vi.spyOn(evaluation, 'loadPlanEvaluation');
    const first = await get();
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"v-/);
    expect(loads).toHaveBeenCalledTimes(1);

    const again = await get();
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['content-type']).toContain('application/json');
    const notModified = await get({ 'if-none-match': etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.headers.etag).toBe(etag);
    // Neither the cached 200 nor the 304 built the view again.
    expect(loads).toHaveBeenCalledTimes(1);
    loads.mockRestore();

    // The same body as before the cache: the public shape, nothing internal.
    const view = first.json<{ id: string; problems?: unknown; tasks: { version?: number }[] }>();
    expect(view.id).toBe(h.planId);
    expect(view.problems).toBeUndefined();
    expect(view.tasks.every((t) => t.version === undefined)).toBe(true);
  });

  it('a different evaluation date is a different validator and body', async () => {
    if (skip) return;
    const today = await get();
    const earlier = await get({}, `${url()}?asOf=2017-03-31`);
    expect(earlier.statusCode).toBe(200);
    expect(earlier.headers.etag).not.toBe(today.headers.etag);
    expect(earlier.json<{ evaluation: { asOf: string } }>().evaluation.asOf).toBe('2017-03-31');
    expect(today.json<{ evaluation: { asOf: string } }>().evaluation.asOf).toBe('2017-07-10');
    expect((await get({}, `${url()}?asOf=2017-02-30`)).statusCode).toBe(400);
  });

  it('a write (accepted progress) changes the ETag and the body: never a stale plan', async () => {
    if (skip) return;
    const before = await get();
    const plan = (await getPlanById(ctx.store.db, h.tenantId, h.planId))!;
    const data = await evaluation.loadPlanData(ctx.store.db, plan);
    const dept = actors.reporter!.departmentId;
    const task = data.content.tasks.find(
      (x) =>
        data.assignments.get(x.id)?.lead_department_id === dept &&
        data.content.targets.some((g) => g.task_id === x.id),
    )!;
    const target = data.content.targets.find((g) => g.task_id === task.id)!;
    const p = await submitProgress(ctx, actors.reporter!, {
      taskId: task.id,
      period: '2017-06',
      values: [{ targetId: target.id, actual: 4242.5 }],
      progress: '缓存测试进展',
      problems: '',
      nextSteps: '',
    });
    // A submitted (not yet accepted) report is audited too: the old ETag no longer validates.
    const submitted = await get({ 'if-none-match': before.headers.etag as string });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.headers.etag).not.toBe(before.headers.etag);
    await reviewProgress(ctx, actors.coordinator!, { id: p.id, decision: 'accept' });
    const after = await get({ 'if-none-match': submitted.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(submitted.headers.etag);
    const t = after
      .json<{ tasks: { id: string; targets: { id: string; latest: { actual: number } | null }[] }[] }>()
      .tasks.find((x) => x.id === task.id)!;
    expect(t.targets.find((g) => g.id === target.id)?.latest?.actual).toBe(4242.5);
    expect(before.body).not.toContain('4242.5');
  });

  it('seeded simulated data changes the validator', async () => {
    if (skip) return;
    const before = await get();
    await simulateDemoYear(ctx, { tenantId: h.tenantId, planId: h.planId, throughPeriod: '2017-05' });
    const after = await get({ 'if-none-match': before.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.json<{ simulated?: { label: string } }>().simulated?.label).toBe('模拟数据');
    expect(before.json<{ simulated?: unknown }>().simulated).toBeUndefined();
  });

  it('the dashboard and the plan view: one validated body for every reader, 304, a new ETag after a write', async () => {
    if (skip) return;
    const coordinator = await h.login('coordinator');
    const reporter = await h.login('reporter');
    for (const path of [`${API}/plans/${h.planId}/evaluation`, `${API}/plans/${h.planId}`]) {
      const builds = vi.spyOn(evaluation, 'loadPlanEvaluation');
      const a = await h.call(coordinator, 'GET', path);
      expect(a.statusCode).toBe(200);
      const b = await h.call(reporter, 'GET', path);
      expect(b.statusCode).toBe(200);
      expect(b.body).toBe(a.body);
      const etag = a.headers.etag as string;
      expect(b.headers.etag).toBe(etag);
      expect(a.headers['cache-control']).toBe('private, no-cache');
      const c = await h.call(reporter, 'GET', path, undefined, { 'if-none-match': etag });
      expect(c.statusCode).toBe(304);
      expect(builds).toHaveBeenCalledTimes(1);
      builds.mockRestore();
      // The other tenant is refused before any validator or cache is consulted.
      const other = await h.login('other-coordinator');
      expect((await h.call(other, 'GET', path, undefined, { 'if-none-match': etag })).statusCode).toBe(404);
      expect((await h.call(null, 'GET', path, undefined, { 'if-none-match': etag })).statusCode).toBe(401);
      // A write of the tenant (a comment-free settings change) makes a new ETag and a fresh body.
      const settings = await h.call(coordinator, 'GET', `${API}/supervision/settings`);
      expect(settings.statusCode).toBe(200);
      const put = await h.call(coordinator, 'PUT', `${API}/supervision/settings`, {
        ...settings.json<Record<string, unknown>>(),
        version: settings.json<{ version: number }>().version,
      });
      expect(put.statusCode).toBe(200);
      const d = await h.call(coordinator, 'GET', path, undefined, { 'if-none-match': etag });
      expect(d.statusCode).toBe(200);
      expect(d.headers.etag).not.toBe(etag);
    }
  });

  it("an ETag of one plan never validates another id or another tenant's request", async () => {
    if (skip) return;
    const mine = await get();
    // An ETag of a published plan does not validate a request for another id.
    const other = await get(
      { 'if-none-match': mine.headers.etag as string },
      `${API}/public/plans/unknownplan01`,
    );
    expect(other.statusCode).toBe(404);
    // The plan's tenant is part of the validator, so no other tenant can share its cache entry.
    expect(mine.headers.etag).toMatch(/^W\/"v-[A-Za-z0-9_-]+"$/);
    const session = await h.login('other-coordinator');
    expect((await h.call(session, 'GET', `${API}/plans/${h.planId}`)).statusCode).toBe(404);
  });
});
