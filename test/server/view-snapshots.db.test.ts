import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import type { Actor, ServiceContext } from '../../src/services/context.ts';
import * as evaluation from '../../src/services/evaluation.ts';
import { reviewProgress, submitProgress } from '../../src/services/progress.ts';
import { refreshViewSnapshots, startViewRefresher, VIEW_FORMAT } from '../../src/services/view-snapshots.ts';
import { getPlanById } from '../../src/store/plan-repository.ts';
import * as snapshots from '../../src/store/view-snapshot-repository.ts';
import { getUserRowByUsername } from '../../src/store/user-repository.ts';
import { describeEachDb, testContext, type TestDb } from '../store/helpers.ts';
import { startHarness, type Harness, type Session } from './helpers.ts';

const API = '/api/v1';

/**
 * Issue 8: the dashboard, plan view and public plan are stored with the validator they were built for,
 * so a plan's first read in a new server process (or after the refresher ran) builds nothing, and a
 * snapshot whose validator moved is never served.
 */
describeEachDb('view snapshots', (db) => {
  let h: Harness;
  let t: TestDb;
  let ctx: ServiceContext;
  let skip = false;
  let coordinator: Session;
  let reporter: Actor;
  let reviewer: Actor;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    const current = db();
    if (current === null) {
      skip = true;
      return;
    }
    t = current;
    h = await startHarness(t);
    ctx = testContext(t);
    coordinator = await h.login('coordinator');
    const actorOf = async (username: string): Promise<Actor> => {
      const u = (await getUserRowByUsername(t.store.db, username))!;
      return {
        userId: u.id,
        tenantId: u.tenant_id,
        role: u.role,
        departmentId: u.department_id,
        leaderId: u.leader_id,
      };
    };
    reporter = await actorOf('reporter');
    reviewer = await actorOf('coordinator');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    if (skip) return;
    for (const app of apps) await app.close();
    await h.app.close();
  });

  /** A second server process on the same database: same store, empty in-process caches. */
  async function freshApp(): Promise<FastifyInstance> {
    const app = await buildApp({ ctx });
    apps.push(app);
    return app;
  }
  const paths = (): string[] => [
    `${API}/plans/${h.planId}/evaluation`,
    `${API}/plans/${h.planId}`,
    `${API}/public/plans/${h.planId}`,
  ];
  const read = (app: FastifyInstance, url: string) =>
    app.inject({
      method: 'GET',
      url,
      headers: url.includes('/public/') ? {} : { cookie: coordinator.cookie },
    });

  /** A report submitted and accepted: visible in every view. */
  async function submitOne(period: string, actual: number): Promise<void> {
    const plan = (await getPlanById(t.store.db, h.tenantId, h.planId))!;
    const data = await evaluation.loadPlanData(t.store.db, plan);
    const task = data.content.tasks.find(
      (x) =>
        data.assignments.get(x.id)?.lead_department_id === reporter.departmentId &&
        data.content.targets.some((g) => g.task_id === x.id),
    )!;
    const target = data.content.targets.find((g) => g.task_id === task.id)!;
    const p = await submitProgress(ctx, reporter, {
      taskId: task.id,
      period,
      values: [{ targetId: target.id, actual }],
      progress: '快照测试进展',
      problems: '',
      nextSteps: '',
    });
    await reviewProgress(ctx, reviewer, { id: p.id, decision: 'accept' });
  }

  it('a new server process serves the three views from the stored snapshots, byte for byte, without building', async () => {
    if (skip) return;
    const first: string[] = [];
    for (const url of paths()) {
      const res = await read(h.app, url);
      expect(res.statusCode, url).toBe(200);
      first.push(res.body);
    }
    const stored = await t.store.db.selectFrom('view_snapshots').select(['view', 'tenant_id']).execute();
    expect(stored.map((r) => r.view).sort()).toEqual(['evaluation', 'plan', 'public-plan']);
    expect(new Set(stored.map((r) => r.tenant_id))).toEqual(new Set([h.tenantId]));

    const builds = vi.spyOn(evaluation, 'loadPlanEvaluation');
    const other = await freshApp();
    const again = [];
    for (const url of paths()) again.push(await read(other, url));
    expect(builds).not.toHaveBeenCalled();
    expect(again.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(again.map((r) => r.body)).toEqual(first);
    expect(again[0]!.headers['content-type']).toBe('application/json; charset=utf-8');
    // The public snapshot is the public shape: nothing internal.
    const pub = again[2]!.json<{ problems?: unknown; tasks: { version?: number }[] }>();
    expect(pub.problems).toBeUndefined();
    expect(pub.tasks.every((x) => x.version === undefined)).toBe(true);
    expect(again[1]!.json<{ problems?: unknown }>().problems).toBeDefined();
  });

  it('a write moves the validator: the stored snapshot is not served, the next read rebuilds and stores', async () => {
    if (skip) return;
    const before = await read(h.app, paths()[0]!);
    await submitOne('2017-03', 7777.5);
    const builds = vi.spyOn(evaluation, 'loadPlanEvaluation');
    const other = await freshApp();
    const after = await read(other, paths()[1]!);
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(builds).toHaveBeenCalledTimes(1);
    const row = await snapshots.getViewSnapshot(t.store.db, h.planId, 'plan');
    expect(row?.body).toBe(after.body);
    // A third process now finds the rebuilt plan view.
    const third = await freshApp();
    expect((await read(third, paths()[1]!)).body).toBe(after.body);
    expect(builds).toHaveBeenCalledTimes(1);
  });

  it('a snapshot of another format (an older release) is never served', async () => {
    if (skip) return;
    const stored = (await snapshots.getViewSnapshot(t.store.db, h.planId, 'evaluation'))!;
    expect(stored.tag.startsWith(`${VIEW_FORMAT}|`)).toBe(true);
    const oldTag = stored.tag.replace(`${VIEW_FORMAT}|`, 'v0|');
    await t.store.db
      .updateTable('view_snapshots')
      .set({ tag: oldTag, body: '{"old":true}' })
      .where('plan_id', '=', h.planId)
      .where('view', '=', 'evaluation')
      .execute();
    const res = await read(await freshApp(), paths()[0]!);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('"old"');
    const rebuilt = (await snapshots.getViewSnapshot(t.store.db, h.planId, 'evaluation'))!;
    expect(rebuilt.tag.startsWith(`${VIEW_FORMAT}|`)).toBe(true);
    expect(rebuilt.body).toBe(res.body);
  });

  it('a view for another date is answered but never stored', async () => {
    if (skip) return;
    const row = await snapshots.getViewSnapshot(t.store.db, h.planId, 'evaluation');
    const res = await read(h.app, `${paths()[0]!}?asOf=2017-03-31`);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ asOf: string }>().asOf).toBe('2017-03-31');
    expect(await snapshots.getViewSnapshot(t.store.db, h.planId, 'evaluation')).toEqual(row);
  });

  it('the refresher rebuilds stale snapshots of published plans, waits for a busy tenant, and keeps to its budget', async () => {
    if (skip) return;
    await submitOne('2017-04', 8888.5);
    // The tenant wrote just now (the test clock and the audit time are the same instant): busy.
    const busy = await refreshViewSnapshots(ctx, { settleMs: 60_000 });
    expect(busy).toMatchObject({ plans: 1, busy: 1, rebuilt: 0 });
    const deferred = await refreshViewSnapshots(ctx, { budgetMs: 0 });
    expect(deferred).toMatchObject({ plans: 1, deferred: 1, rebuilt: 0 });
    const run = await refreshViewSnapshots(ctx);
    expect(run).toMatchObject({ plans: 1, rebuilt: 1, views: 3, fresh: 0 });
    expect((await refreshViewSnapshots(ctx)).fresh).toBe(1);

    const builds = vi.spyOn(evaluation, 'loadPlanEvaluation');
    const other = await freshApp();
    for (const url of paths()) {
      const res = await read(other, url);
      expect(res.statusCode).toBe(200);
      if (!url.includes('/evaluation')) expect(res.body).toContain('8888.5');
    }
    expect(builds).not.toHaveBeenCalled();
  });

  it('the background refresher runs under a lease: one of two processes rebuilds', async () => {
    if (skip) return;
    await submitOne('2017-05', 9999.5);
    const stops = [
      startViewRefresher(ctx, { intervalMs: 50, settleMs: 0 }),
      startViewRefresher(ctx, { intervalMs: 50, settleMs: 0 }),
    ];
    const builds = vi.spyOn(evaluation, 'loadPlanEvaluation');
    const deadline = Date.now() + 20_000;
    let body = '';
    while (Date.now() < deadline) {
      body = (await snapshots.getViewSnapshot(t.store.db, h.planId, 'plan'))?.body ?? '';
      if (body.includes('9999.5')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const stop of stops) await stop();
    expect(body).toContain('9999.5');
    // The three views rebuilt from one evaluation, by whichever process held the lease.
    expect(builds).toHaveBeenCalledTimes(1);
  });

  it('a snapshot that cannot be stored (database read-only) does not fail the read', async () => {
    if (skip) return;
    await submitOne('2017-06', 1234.5);
    vi.spyOn(snapshots, 'putViewSnapshot').mockRejectedValue(
      Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }),
    );
    const other = await freshApp();
    const res = await read(other, paths()[2]!);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('1234.5');
  });
});
