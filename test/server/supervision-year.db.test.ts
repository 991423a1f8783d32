import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor, ServiceContext } from '../../src/services/context.ts';
import { evaluatePlanData, loadPlanData } from '../../src/services/evaluation.ts';
import { closeNotice, issueNotice, replyNotice, suggestNotices } from '../../src/services/notices.ts';
import { addWebhook, deliverDueWebhooks, listMyNotifications } from '../../src/services/notifications.ts';
import { reviewProgress, submitProgress } from '../../src/services/progress.ts';
import { lockPeriod, runReminders, schedulerTick } from '../../src/services/supervision.ts';
import { getPlanById } from '../../src/store/plan-repository.ts';
import { getUserRowByUsername } from '../../src/store/user-repository.ts';
import { describeEachDb, openSecondStore, testContext, type TestDb } from '../store/helpers.ts';
import { startHarness, type Harness } from './helpers.ts';

/** A year of the sample plan under a fake clock: what a coordinator would expect at chosen dates. */
describeEachDb('a simulated year of supervision', (db) => {
  let h: Harness;
  let ctx: ServiceContext;
  let clock = new Date('2017-01-02T01:00:00Z');
  const at = (iso: string): void => {
    clock = new Date(iso);
  };
  let skip = false;
  const actors: Record<string, Actor> = {};
  let taskId = '';
  let targetId = '';
  let goal = 0;
  const hits: number[] = [];
  let server: http.Server;

  beforeAll(async () => {
    const t: TestDb | null = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t, new Date('2017-01-02T01:00:00Z'));
    ctx = { ...testContext(t), now: () => clock };
    for (const username of ['coordinator', 'reporter', 'leader']) {
      const u = (await getUserRowByUsername(t.store.db, username))!;
      actors[username] = {
        userId: u.id,
        tenantId: u.tenant_id,
        role: u.role,
        departmentId: u.department_id,
        leaderId: u.leader_id,
      };
    }
    const plan = (await getPlanById(t.store.db, h.tenantId, h.planId))!;
    const data = await loadPlanData(t.store.db, plan);
    const reporterDept = actors.reporter!.departmentId;
    const task = data.content.tasks.find(
      (x) =>
        data.assignments.get(x.id)?.lead_department_id === reporterDept &&
        data.content.targets.some((g) => g.task_id === x.id && g.comparator === '>=' && g.unit !== '%'),
    )!;
    taskId = task.id;
    const target = data.content.targets.find(
      (g) => g.task_id === task.id && g.comparator === '>=' && g.unit !== '%',
    )!;
    targetId = target.id;
    goal = target.low;
    // A webhook receiver on 127.0.0.1 that fails once, then accepts.
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        hits.push(Date.now());
        res.statusCode = hits.length === 1 ? 500 : 200;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await addWebhook(ctx, actors.coordinator!, {
      name: '督查群',
      url: `http://127.0.0.1:${port}/hook`,
      format: 'generic',
    });
  });
  afterAll(async () => {
    if (skip) return;
    await h.app.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const report = async (period: string, share: number, submittedAt: string, accept = true): Promise<void> => {
    at(submittedAt);
    const p = await submitProgress(ctx, actors.reporter!, {
      taskId,
      period,
      values: [{ targetId, actual: Math.round(goal * share * 1000) / 1000 }],
      progress: `${period} 进展`,
      problems: '',
      nextSteps: '',
    });
    if (accept) {
      at(new Date(new Date(submittedAt).getTime() + 86_400_000).toISOString());
      await reviewProgress(ctx, actors.coordinator!, { id: p.id, decision: 'accept' });
    }
  };
  const taskStatus = async (asOf: string) => {
    const plan = (await getPlanById(ctx.store.db, h.tenantId, h.planId))!;
    const e = evaluatePlanData(await loadPlanData(ctx.store.db, plan), asOf);
    return { task: e.tasks.get(taskId)!.status, target: e.targets.get(targetId)!.status, e };
  };

  it('runs the year: reminders, grey for missing, lag reasons, notices, final verdict, webhooks', async (tctx) => {
    if (skip) tctx.skip();
    // 2 February: the January report is due on the 5th: a 3-day reminder, once.
    at('2017-02-02T01:00:00Z');
    const first = await runReminders(ctx, h.tenantId);
    expect(first.notified).toBeGreaterThan(0);
    expect((await runReminders(ctx, h.tenantId)).notified).toBe(0);
    const inbox = await listMyNotifications(ctx, actors.reporter!, { limit: 50, offset: 0 });
    expect(inbox.items.map((n) => n.title)).toContain('报送提醒：2017年1月进展 2017-02-05 截止');
    expect(inbox.items.find((n) => n.kind === 'report-due')?.body).toMatch(/还有 3 天/);

    // The webhook: the first attempt fails (500) and is retried after the backoff.
    const sent = await deliverDueWebhooks(ctx);
    expect(sent.retried).toBe(1);
    expect(sent.delivered).toBe(hits.length - 1);
    expect((await deliverDueWebhooks(ctx)).retried).toBe(0); // not before the backoff
    at('2017-02-02T01:02:00Z');
    expect(await deliverDueWebhooks(ctx)).toMatchObject({ delivered: 1, retried: 0 });
    expect(hits).toHaveLength(sent.delivered + 2);

    // January on time (8%), February missing, March late (15%).
    await report('2017-01', 0.08, '2017-02-03T02:00:00Z');
    let s = await taskStatus('2017-03-10');
    expect(s.target.level).toBe('grey');
    expect(s.target.reason).toMatch(/^2017年2月进展未按期报送（截止 2017-03-05），以下为 2017年1月 数据/);
    await report('2017-03', 0.15, '2017-04-08T02:00:00Z');
    s = await taskStatus('2017-04-10');
    expect(s.target).toMatchObject({ level: 'yellow', reason: '完成 15%，低于形象进度 25% 达 10 个百分点' });
    const dept = s.e.reporting.find((r) => r.departmentId === actors.reporter!.departmentId)!;
    expect(dept.late).toBeGreaterThanOrEqual(1);
    expect(dept.missing).toBeGreaterThanOrEqual(1);
    expect(
      s.e.departments.find((d) => d.departmentId === actors.reporter!.departmentId)?.rank,
    ).toBeGreaterThan(0);

    // The coordinator sees a yellow notice suggested, issues it; the department replies; it is closed.
    at('2017-04-10T01:00:00Z');
    const suggested = await suggestNotices(ctx, actors.coordinator!, h.planId, '2017-04-10');
    const mine = suggested.items.find((x) => x.taskId === taskId)!;
    expect(mine).toMatchObject({ color: 'yellow' });
    const notice = await issueNotice(ctx, actors.coordinator!, {
      taskId,
      color: mine.color,
      reason: mine.reason,
    });
    expect(notice).toMatchObject({ state: 'issued', replyDue: '2017-04-15', colorName: '黄色督办' });
    const again = await suggestNotices(ctx, actors.coordinator!, h.planId, '2017-04-10');
    expect(again.items.some((x) => x.taskId === taskId)).toBe(false);
    const replied = await replyNotice(ctx, actors.reporter!, {
      id: notice.id,
      reply: '已制定赶超计划',
      version: 1,
    });
    await closeNotice(ctx, actors.coordinator!, {
      id: notice.id,
      version: replied.version,
      note: '整改到位',
    });

    // A reviewed period is locked: nothing more for March.
    at('2017-04-20T01:00:00Z');
    await lockPeriod(ctx, actors.coordinator!, { planId: h.planId, period: '2017-03' });
    await expect(
      submitProgress(ctx, actors.reporter!, {
        taskId,
        period: '2017-03',
        values: [],
        progress: 'x',
        problems: '',
        nextSteps: '',
      }),
    ).rejects.toMatchObject({ code: 'period-locked' });

    // November: 62% against 91.7%.
    await report('2017-11', 0.62, '2017-12-04T02:00:00Z');
    s = await taskStatus('2017-12-06');
    expect(s.target).toMatchObject({ level: 'red', reason: '完成 62%，低于形象进度 91.7% 达 29.7 个百分点' });
    const red = await suggestNotices(ctx, actors.coordinator!, h.planId, '2017-12-06');
    expect(red.items.find((x) => x.taskId === taskId)?.color).toBe('yellow');

    // The year ends without a December report: judged at its end, missed.
    s = await taskStatus('2018-01-10');
    expect(s.target).toMatchObject({ level: 'red', final: 'missed' });
    expect(s.target.reason).toMatch(/^已过完成期限（2017-12-31），完成 62%，未完成目标/);
    expect(s.e.yearEnded).toBe(true);
    const overdue = await suggestNotices(ctx, actors.coordinator!, h.planId, '2018-01-10');
    expect(overdue.items.find((x) => x.taskId === taskId)?.color).toBe('red');
  });

  it('two schedulers racing: one holds the lease, no reminder is sent twice', async (tctx) => {
    if (skip) tctx.skip();
    const t = db();
    const second = openSecondStore(t);
    try {
      at('2017-06-02T01:00:00Z');
      const ctxB: ServiceContext = { ...ctx, store: second };
      const noFetch = () => Promise.resolve({ status: 200, text: () => Promise.resolve('{}') });
      const [a, b] = await Promise.all([
        schedulerTick(ctx, { holder: 'A', leaseMs: 60_000, fetch: noFetch }),
        schedulerTick(ctxB, { holder: 'B', leaseMs: 60_000, fetch: noFetch }),
      ]);
      expect([a.ran, b.ran].filter(Boolean)).toHaveLength(1);
      const winner = a.ran ? a : b;
      expect(winner.reminders!.notified).toBeGreaterThan(0);
      // The loser takes over only after the lease expires, and finds nothing new to send.
      at('2017-06-02T01:02:00Z');
      const late = await schedulerTick(a.ran ? ctxB : ctx, {
        holder: a.ran ? 'B' : 'A',
        leaseMs: 60_000,
        fetch: noFetch,
      });
      expect(late.ran).toBe(true);
      expect(late.reminders!.notified).toBe(0);
    } finally {
      await second.destroy();
    }
  });
});
