import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, type TestDb } from '../store/helpers.ts';
import { startHarness, type Harness, type Session } from './helpers.ts';

const API = '/api/v1';

type Overrides = {
  taskId: string;
  weight: number | null;
  version: number;
  targets: {
    targetId: string;
    subject: string;
    kind: string | null;
    inferredKind: string;
    weight: number | null;
    version: number;
  }[];
};

/** What the supervision screens need from the API (issue 5): overrides, unlock, notice names, audit. */
describeEachDb('supervision screens API', (db) => {
  let h: Harness;
  let coord: Session;
  let reporter: Session;
  let admin: Session;
  let skip = false;

  beforeAll(async () => {
    const t: TestDb | null = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t);
    coord = await h.login('coordinator');
    reporter = await h.login('reporter');
    admin = await h.login('admin');
  });
  afterAll(async () => {
    if (!skip) await h.app.close();
  });

  const auditActions = async (): Promise<string[]> =>
    (await h.call(admin, 'GET', `${API}/audit?limit=20`))
      .json<{ items: { action: string }[] }>()
      .items.map((e) => e.action);

  it('target kind and weight overrides: stored, versioned, audited and used by the evaluation', async (tc) => {
    if (skip) tc.skip();
    const plan = (await h.call(coord, 'GET', `${API}/plans/${h.planId}?asOf=2017-06-30`)).json<{
      tasks: { id: string; targets: { id: string; subject: string; status: { reason: string } }[] }[];
    }>();
    // A task with a "新增" target (inferred cumulative) that has at least two targets.
    const task = plan.tasks.find(
      (x) => x.targets.length >= 2 && x.targets.some((y) => /新增|新建/.test(y.subject)),
    );
    expect(task).toBeDefined();
    const before = (await h.call(coord, 'GET', `${API}/tasks/${task!.id}/overrides`)).json<Overrides>();
    expect(before).toMatchObject({ taskId: task!.id, weight: null, version: 0 });
    expect(before.targets).toHaveLength(task!.targets.length);
    const target = before.targets.find((x) => /新增|新建/.test(x.subject))!;
    expect(target).toMatchObject({ kind: null, weight: null, version: 0 });
    expect(['cumulative', 'level', 'rate']).toContain(target.inferredKind);

    // Reporters read, only the coordinator writes.
    expect((await h.call(reporter, 'GET', `${API}/tasks/${task!.id}/overrides`)).statusCode).toBe(200);
    const denied = await h.call(reporter, 'PUT', `${API}/targets/${target.targetId}/override`, {
      kind: 'level',
      weight: 2,
      version: 0,
    });
    expect(denied.statusCode).toBe(403);

    const other = target.inferredKind === 'level' ? 'cumulative' : 'level';
    const set = await h.call(coord, 'PUT', `${API}/targets/${target.targetId}/override`, {
      kind: other,
      weight: 2,
      version: 0,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({
      kind: other,
      weight: 2,
      version: 1,
      inferredKind: target.inferredKind,
    });
    // A stale version is a 409 and changes nothing.
    const stale = await h.call(coord, 'PUT', `${API}/targets/${target.targetId}/override`, {
      kind: 'rate',
      weight: 1,
      version: 0,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'conflict', details: { version: 1 } } });
    // Bad input: weight 0 or an unknown kind.
    for (const body of [
      { kind: 'level', weight: 0, version: 1 },
      { kind: 'stock', weight: 1, version: 1 },
    ]) {
      const bad = await h.call(coord, 'PUT', `${API}/targets/${target.targetId}/override`, body);
      expect(bad.statusCode).toBe(400);
    }
    const after = (await h.call(coord, 'GET', `${API}/tasks/${task!.id}/overrides`)).json<Overrides>();
    expect(after.targets.find((x) => x.targetId === target.targetId)).toMatchObject({
      kind: other,
      weight: 2,
      version: 1,
    });

    const weight = await h.call(coord, 'PUT', `${API}/tasks/${task!.id}/override`, { weight: 3, version: 0 });
    expect(weight.json()).toEqual({ taskId: task!.id, weight: 3, version: 1 });
    const cleared = await h.call(coord, 'PUT', `${API}/tasks/${task!.id}/override`, {
      weight: null,
      version: 1,
    });
    expect(cleared.json()).toEqual({ taskId: task!.id, weight: null, version: 2 });
    const actions = await auditActions();
    expect(actions.filter((a) => a === 'evaluation.override')).toHaveLength(3);
  });

  it('the evaluation follows the overrides: a rate is not pro-rated, a task weight moves the roll-up', async (tc) => {
    if (skip) tc.skip();
    // The lead department reports a figure for a cumulative target, the coordinator accepts it.
    const mine = (await h.call(reporter, 'GET', `${API}/my/tasks`)).json<{
      items: { id: string; role: string; targets: { id: string; subject: string; low: number }[] }[];
    }>().items;
    const task = mine.find((x) => x.role === 'lead' && x.targets.length > 0)!;
    const target = task.targets[0]!;
    const ov = (await h.call(coord, 'GET', `${API}/tasks/${task.id}/overrides`)).json<Overrides>();
    const cur = ov.targets.find((x) => x.targetId === target.id)!;
    const sent = await h.call(reporter, 'POST', `${API}/tasks/${task.id}/progress`, {
      period: '2017-06',
      values: [{ targetId: target.id, actual: target.low * 0.3 }],
      progress: '推进中',
      problems: '',
      nextSteps: '',
    });
    expect(sent.statusCode, sent.body).toBeLessThan(300);
    const report = sent.json<{ id: string; version: number }>();
    const reviewed = await h.call(coord, 'POST', `${API}/progress/${report.id}/review`, {
      decision: 'accept',
      version: report.version,
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    const statusOf = async () => {
      const plan = (await h.call(coord, 'GET', `${API}/plans/${h.planId}?asOf=2017-07-10`)).json<{
        tasks: {
          targets: { id: string; status: { level: string; reason: string; expected: number | null } }[];
        }[];
      }>();
      return plan.tasks.flatMap((x) => x.targets).find((x) => x.id === target.id)!.status;
    };
    const before = await statusOf();
    const set = await h.call(coord, 'PUT', `${API}/targets/${target.id}/override`, {
      kind: 'rate',
      weight: null,
      version: cur.version,
    });
    expect(set.statusCode, set.body).toBe(200);
    const asRate = await statusOf();
    expect(asRate.expected).toBe(1);
    expect(asRate.reason).not.toBe(before.reason);
    expect(asRate.reason).toMatch(/增速|降幅/);

    // Weight: an area is grey while most of its tasks (by weight) are not reported; weighting the one
    // task with an accepted figure makes the area judged on it instead.
    const sectionId = (await h.call(coord, 'GET', `${API}/tasks/${task.id}`)).json<{ sectionId: string }>()
      .sectionId;
    const area = async () =>
      (await h.call(coord, 'GET', `${API}/plans/${h.planId}/evaluation?asOf=2017-07-10`))
        .json<{ sections: { id: string; status: { level: string; total: number } }[] }>()
        .sections.find((x) => x.id === sectionId)!.status;
    const a1 = await area();
    expect(a1.total).toBeGreaterThan(2);
    expect(a1.level).toBe('grey');
    const w = await h.call(coord, 'PUT', `${API}/tasks/${task.id}/override`, {
      weight: 100,
      version: ov.version,
    });
    expect(w.statusCode, w.body).toBe(200);
    const a2 = await area();
    expect(a2.total).toBe(a1.total);
    expect(a2.level).toBe('red');
  });

  it('a locked period can be unlocked (audited) and locked again; unlocking twice is a 409', async (tc) => {
    if (skip) tc.skip();
    const url = `${API}/plans/${h.planId}/periods/2017-01/lock`;
    expect((await h.call(coord, 'POST', url)).statusCode).toBe(200);
    const periods = (await h.call(coord, 'GET', `${API}/plans/${h.planId}/periods`)).json<{
      items: { period: string; state: string; lockedAt: string | null; counts: { submitted: number } }[];
    }>();
    expect(periods.items[0]).toMatchObject({ period: '2017-01', state: 'locked' });
    expect(Object.keys(periods.items[0]!.counts).sort()).toEqual([
      'accepted',
      'pendingReview',
      'returned',
      'submitted',
    ]);
    expect((await h.call(reporter, 'DELETE', url)).statusCode).toBe(403);
    const unlocked = await h.call(coord, 'DELETE', url);
    expect(unlocked.statusCode).toBe(200);
    const body = unlocked.json<{ period: string; unlockedAt: string }>();
    expect(body.period).toBe('2017-01');
    expect(body.unlockedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const again = await h.call(coord, 'DELETE', url);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'not-locked' } });
    expect((await h.call(coord, 'POST', url)).statusCode).toBe(200);
    const actions = await auditActions();
    expect(actions).toContain('period.unlock');
  });

  it('notices carry the task title and department name; suggestions name the department', async (tc) => {
    if (skip) tc.skip();
    const suggested = (
      await h.call(coord, 'GET', `${API}/notices/suggested?planId=${h.planId}&asOf=2017-07-10`)
    ).json<{ items: { taskId: string; taskTitle: string; departmentName: string; color: string }[] }>();
    expect(suggested.items.length).toBeGreaterThan(0);
    const s = suggested.items[0]!;
    expect(s.taskTitle).not.toBe('');
    expect(s.departmentName).not.toBe('');
    const issued = await h.call(coord, 'POST', `${API}/notices`, {
      taskId: s.taskId,
      color: s.color,
      reason: '进度滞后，请说明原因',
      replyDue: '2017-07-20',
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json()).toMatchObject({
      taskTitle: s.taskTitle,
      departmentName: s.departmentName,
      replyDue: '2017-07-20',
      state: 'issued',
    });
    const list = (await h.call(coord, 'GET', `${API}/notices?state=issued`)).json<{
      items: { id: string; taskTitle: string; departmentName: string }[];
    }>();
    expect(list.items.find((n) => n.id === issued.json<{ id: string }>().id)).toMatchObject({
      taskTitle: s.taskTitle,
      departmentName: s.departmentName,
    });
    // The suggestion is gone while the notice is open.
    const again = (
      await h.call(coord, 'GET', `${API}/notices/suggested?planId=${h.planId}&asOf=2017-07-10`)
    ).json<{ items: { taskId: string }[] }>();
    expect(again.items.some((x) => x.taskId === s.taskId)).toBe(false);
  });

  it('notifications: unread count, unread filter, mark read', async (tc) => {
    if (skip) tc.skip();
    const coordinator = await h.login('coordinator');
    const all = (await h.call(reporter, 'GET', `${API}/notifications?limit=5`)).json<{
      items: { id: string; readAt: string | null; entityType: string | null }[];
      total: number;
      unread: number;
    }>();
    expect(all.unread).toBeGreaterThanOrEqual(0);
    const unread = (await h.call(reporter, 'GET', `${API}/notifications?unread=true&limit=200`)).json<{
      items: { id: string; readAt: string | null }[];
      unread: number;
    }>();
    expect(unread.items.every((n) => n.readAt === null)).toBe(true);
    if (unread.items.length === 0) return;
    const read = await h.call(reporter, 'POST', `${API}/notifications/${unread.items[0]!.id}/read`);
    expect(read.json<{ readAt: string }>().readAt).toEqual(expect.any(String));
    const after = (await h.call(reporter, 'GET', `${API}/notifications?limit=1`)).json<{ unread: number }>();
    expect(after.unread).toBe(unread.unread - 1);
    // Someone else's notification is not yours.
    const res = await h.call(coordinator, 'POST', `${API}/notifications/${unread.items[0]!.id}/read`);
    expect(res.statusCode).toBe(403);

    // 全部已读: one request marks the rest, only the caller's own.
    const coordinatorUnread = (await h.call(coordinator, 'GET', `${API}/notifications?limit=1`)).json<{
      unread: number;
    }>().unread;
    const all2 = await h.call(reporter, 'POST', `${API}/notifications/read-all`);
    expect(all2.statusCode).toBe(200);
    expect(all2.json<{ updated: number }>().updated).toBe(unread.unread - 1);
    expect(
      (await h.call(reporter, 'GET', `${API}/notifications?limit=1`)).json<{ unread: number }>().unread,
    ).toBe(0);
    expect((await h.call(reporter, 'POST', `${API}/notifications/read-all`)).json()).toEqual({ updated: 0 });
    expect(
      (await h.call(coordinator, 'GET', `${API}/notifications?limit=1`)).json<{ unread: number }>().unread,
    ).toBe(coordinatorUnread);
  });
});
