import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, type TestDb } from '../store/helpers.ts';
import { startHarness, type Harness, type Session } from './helpers.ts';

const API = '/api/v1';

type Task = {
  id: string;
  title: string;
  role: string;
  targets: { id: string; low: number; subject: string }[];
};
type TimelineItem = {
  id: string;
  kind: string;
  text: string | null;
  period: string | null;
  departmentName: string | null;
  actorName: string | null;
  values: { targetId: string; actual: number; subject: string }[];
  changes: { field: string; before: string | null; after: string | null }[];
  source: string;
};
type QueueItem = {
  id: string;
  taskId: string;
  taskTitle: string;
  sectionTitle: string;
  departmentName: string;
  leadDepartmentName: string | null;
  departmentRole: string;
  period: string;
  state: string;
  submittedAt: string | null;
  values: { targetId: string; low: number; actual: number | null; subject: string }[];
  version: number;
};
type CalendarItem = {
  kind: string;
  state: string;
  taskId: string;
  period: string | null;
  periods: string[];
  due: string;
  daysLeft: number;
  reviewReason: string | null;
};
type Calendar = {
  asOf: string;
  period: string | null;
  periodDue: string | null;
  items: CalendarItem[];
  counts: Record<string, number>;
};

describeEachDb('task timeline, review queue and reporting calendar', (db) => {
  let h: Harness;
  let s: Record<'coordinator' | 'leader' | 'reporter' | 'reporter2' | 'other', Session>;
  let edu: Task;
  let finance: Task;
  let skip = false;

  beforeAll(async () => {
    const t: TestDb | null = db();
    if (t === null) {
      skip = true;
      return;
    }
    // The harness clock: 2017-07-10 10:00 in Asia/Shanghai.
    h = await startHarness(t);
    s = {
      coordinator: await h.login('coordinator'),
      leader: await h.login('leader'),
      reporter: await h.login('reporter'),
      reporter2: await h.login('reporter2'),
      other: await h.login('other-coordinator'),
    };
    const mine = (await h.call(s.reporter, 'GET', `${API}/my/tasks`)).json<{ items: Task[] }>().items;
    const lead = mine.filter((x) => x.role === 'lead');
    edu = lead.find((x) => x.targets.length > 0) ?? (lead[0] as Task);
    const mine2 = (await h.call(s.reporter2, 'GET', `${API}/my/tasks`)).json<{ items: Task[] }>().items;
    finance = mine2.find((x) => x.role === 'lead') as Task;
  });
  afterAll(async () => {
    if (!skip) await h.app.close();
  });

  const live = (name: string, fn: () => Promise<void>): void => {
    it(name, async (ctx) => {
      if (skip) ctx.skip();
      await fn();
    });
  };

  const report = (who: Session, task: Task, period: string, actual: number, extra: object = {}) =>
    h.call(who, 'POST', `${API}/tasks/${task.id}/progress`, {
      period,
      values: task.targets.slice(0, 1).map((x) => ({ targetId: x.id, actual })),
      progress: `${period} 进展`,
      problems: '',
      nextSteps: '',
      ...extra,
    });

  live(
    'the calendar lists the open period with its deadline, late reports, and follows the tenant rules',
    async () => {
      const early = await h.call(s.reporter, 'GET', `${API}/my/calendar?asOf=2017-07-03`);
      expect(early.statusCode).toBe(200);
      const c1 = early.json<Calendar>();
      expect(c1).toMatchObject({ asOf: '2017-07-03', period: '2017-06', periodDue: '2017-07-05' });
      const open = c1.items.find((i) => i.taskId === edu.id && i.kind === 'report' && i.state === 'due');
      expect(open).toMatchObject({ period: '2017-06', due: '2017-07-05', daysLeft: 2 });
      // Nothing reported yet: January to May are late, one item with the oldest date (most overdue),
      // before the open period; the count is of late periods.
      const late = c1.items.filter((i) => i.taskId === edu.id && i.state === 'late');
      expect(late).toHaveLength(1);
      expect(late[0]).toMatchObject({
        period: '2017-01',
        periods: ['2017-01', '2017-02', '2017-03', '2017-04', '2017-05'],
        due: '2017-02-05',
      });
      expect(c1.items.indexOf(late[0] as CalendarItem)).toBeLessThan(c1.items.indexOf(open as CalendarItem));
      expect(c1.counts.late).toBeGreaterThanOrEqual(5);
      expect(open?.periods).toEqual(['2017-06']);

      // Today (the harness clock, 2017-07-10): June is late by five days; July is the open period.
      const today = (await h.call(s.reporter, 'GET', `${API}/my/calendar`)).json<Calendar>();
      expect(today).toMatchObject({ asOf: '2017-07-10', period: '2017-07', periodDue: '2017-08-05' });
      expect(today.items.find((i) => i.taskId === edu.id && i.state === 'late')?.periods.at(-1)).toBe(
        '2017-06',
      );

      // The tenant reports by the 10th: the deadline moves.
      const settings = await h.call(s.coordinator, 'PUT', `${API}/supervision/settings`, {
        version: 0,
        reporting: { frequency: 'monthly', dueDay: 10 },
      });
      expect(settings.statusCode).toBe(200);
      const moved = (await h.call(s.reporter, 'GET', `${API}/my/calendar?asOf=2017-07-03`)).json<Calendar>();
      expect(moved).toMatchObject({ period: '2017-06', periodDue: '2017-07-10' });
      await h.call(s.coordinator, 'PUT', `${API}/supervision/settings`, {
        version: 1,
        reporting: { frequency: 'monthly', dueDay: 5 },
      });

      expect((await h.call(s.coordinator, 'GET', `${API}/my/calendar`)).statusCode).toBe(400);
      expect((await h.call(s.reporter, 'GET', `${API}/my/calendar?asOf=2017-02-30`)).statusCode).toBe(400);
      expect((await h.call(null, 'GET', `${API}/my/calendar`)).statusCode).toBe(401);
    },
  );

  live(
    'the review queue gives task, section, lead department, figures beside goals; filters and pages',
    async () => {
      expect((await report(s.reporter, edu, '2017-06', 12)).statusCode).toBe(201);
      expect((await report(s.reporter2, finance, '2017-05', 3)).statusCode).toBe(201);
      const all = await h.call(s.coordinator, 'GET', `${API}/progress/queue?state=submitted`);
      expect(all.statusCode).toBe(200);
      const page = all.json<{ items: QueueItem[]; total: number; limit: number; offset: number }>();
      expect(page.total).toBe(2);
      const item = page.items.find((i) => i.taskId === edu.id) as QueueItem;
      expect(item).toMatchObject({
        taskTitle: edu.title,
        departmentName: '教育局',
        leadDepartmentName: '教育局',
        departmentRole: 'lead',
        period: '2017-06',
        state: 'submitted',
        submittedAt: expect.any(String) as unknown,
      });
      expect(item.sectionTitle.length).toBeGreaterThan(0);
      const first = edu.targets[0];
      if (first) {
        expect(item.values[0]).toMatchObject({ targetId: first.id, low: first.low, actual: 12 });
        // Targets the report gave no figure for are listed with actual null, beside their goal.
        for (const v of item.values.slice(1)) expect(v.actual).toBeNull();
      }

      const byPeriod = (
        await h.call(s.coordinator, 'GET', `${API}/progress/queue?state=submitted&period=2017-05`)
      ).json<{ items: QueueItem[]; total: number }>();
      expect(byPeriod.total).toBe(1);
      expect(byPeriod.items[0]?.taskId).toBe(finance.id);
      const depts = (await h.call(s.coordinator, 'GET', `${API}/departments?limit=200`)).json<{
        items: { id: string; name: string }[];
      }>().items;
      const eduDept = depts.find((d) => d.name === '教育局')!.id;
      const byDept = (
        await h.call(s.coordinator, 'GET', `${API}/progress/queue?departmentId=${eduDept}`)
      ).json<{ items: QueueItem[]; total: number }>();
      expect(byDept.items.every((i) => i.departmentName === '教育局')).toBe(true);
      expect(byDept.total).toBe(1);
      const paged = (await h.call(s.coordinator, 'GET', `${API}/progress/queue?limit=1&offset=1`)).json<{
        items: QueueItem[];
        total: number;
        offset: number;
      }>();
      expect(paged).toMatchObject({ total: 2, offset: 1 });
      expect(paged.items).toHaveLength(1);
      expect((await h.call(s.coordinator, 'GET', `${API}/progress/queue?period=2017-13`)).statusCode).toBe(
        400,
      );
      expect((await h.call(s.reporter, 'GET', `${API}/progress/queue`)).statusCode).toBe(403);
      // Another region sees none of it.
      const other = (await h.call(s.other, 'GET', `${API}/progress/queue`)).json<{ total: number }>();
      expect(other.total).toBe(0);

      // The calendar now shows June as submitted (nothing to do) after the open items.
      const cal = (await h.call(s.reporter, 'GET', `${API}/my/calendar?asOf=2017-07-03`)).json<Calendar>();
      const june = cal.items.find((i) => i.taskId === edu.id && i.period === '2017-06') as CalendarItem;
      expect(june.state).toBe('submitted');
      const open = ['due', 'late', 'returned', 'overdue', 'upcoming'];
      const lastOpen = Math.max(...cal.items.map((i, n) => (open.includes(i.state) ? n : -1)));
      expect(cal.items.indexOf(june)).toBeGreaterThan(lastOpen);
    },
  );

  live(
    'the timeline keeps every submission, the return with its reason, the resubmission, comments, 批示 and changes',
    async () => {
      const queue = (await h.call(s.coordinator, 'GET', `${API}/progress/queue?state=submitted`)).json<{
        items: QueueItem[];
      }>().items;
      const mine = queue.find((i) => i.taskId === edu.id) as QueueItem;
      const returned = await h.call(s.coordinator, 'POST', `${API}/progress/${mine.id}/review`, {
        decision: 'return',
        reason: '数据口径不一致，请按统计局口径重报',
        version: mine.version,
      });
      expect(returned.statusCode).toBe(200);
      // The calendar shows the returned report first, with the reason.
      const cal = (await h.call(s.reporter, 'GET', `${API}/my/calendar`)).json<Calendar>();
      expect(cal.items[0]).toMatchObject({
        state: 'returned',
        period: '2017-06',
        reviewReason: '数据口径不一致，请按统计局口径重报',
      });

      const again = await report(s.reporter, edu, '2017-06', 15, {
        version: returned.json<{ version: number }>().version,
      });
      expect(again.statusCode).toBe(200);
      const accepted = await h.call(s.coordinator, 'POST', `${API}/progress/${mine.id}/review`, {
        decision: 'accept',
        version: again.json<{ version: number }>().version,
      });
      expect(accepted.statusCode).toBe(200);
      expect(
        (await h.call(s.coordinator, 'POST', `${API}/tasks/${edu.id}/comments`, { body: '请附统计表' }))
          .statusCode,
      ).toBe(201);
      expect(
        (
          await h.call(s.leader, 'POST', `${API}/tasks/${edu.id}/comments`, {
            kind: 'instruction',
            body: '加快进度，月底前见成效',
          })
        ).statusCode,
      ).toBe(201);
      const task = (await h.call(s.coordinator, 'GET', `${API}/tasks/${edu.id}`)).json<{
        assignment: {
          version: number;
          leaderId: string | null;
          leadDepartmentId: string;
          cooperatingDepartmentIds: string[];
          milestones: unknown[];
        };
      }>();
      const assign = await h.call(s.coordinator, 'PUT', `${API}/tasks/${edu.id}/assignment`, {
        version: task.assignment.version,
        leaderId: task.assignment.leaderId,
        leadDepartmentId: task.assignment.leadDepartmentId,
        cooperatingDepartmentIds: task.assignment.cooperatingDepartmentIds,
        deadline: '9月底前',
        milestones: task.assignment.milestones,
      });
      expect(assign.statusCode).toBe(200);

      const res = await h.call(s.coordinator, 'GET', `${API}/tasks/${edu.id}/timeline`);
      expect(res.statusCode).toBe(200);
      const timeline = res.json<{ items: TimelineItem[]; total: number; limit: number; offset: number }>();
      expect(timeline.items.map((e) => e.kind)).toEqual([
        'assignment',
        'instruction',
        'comment',
        'report-accepted',
        'report-resubmitted',
        'report-returned',
        'report-submitted',
        // The decomposition itself (分工, by the seed) is the first event.
        'assignment',
      ]);
      expect(timeline.total).toBe(8);
      const [assignment, instruction, , , resubmitted, back, submitted] = timeline.items;
      expect(assignment?.changes).toContainEqual({
        field: 'deadline',
        before: expect.any(String) as unknown,
        after: '9月底前',
      });
      expect(instruction).toMatchObject({ text: '加快进度，月底前见成效', actorName: '王建国（市长）' });
      expect(back).toMatchObject({
        text: '数据口径不一致，请按统计局口径重报',
        period: '2017-06',
        departmentName: '教育局',
        actorName: '市政府督查室',
      });
      if (edu.targets[0]) {
        expect(submitted?.values[0]).toMatchObject({ actual: 12, subject: edu.targets[0].subject });
        expect(resubmitted?.values[0]).toMatchObject({ actual: 15 });
      }
      expect(resubmitted).toMatchObject({ text: '2017-06 进展', actorName: '教育局报送员', source: 'audit' });

      // Pages, newest first.
      const p2 = (
        await h.call(s.coordinator, 'GET', `${API}/tasks/${edu.id}/timeline?limit=3&offset=3`)
      ).json<{
        items: TimelineItem[];
        total: number;
      }>();
      expect(p2.total).toBe(8);
      expect(p2.items.map((e) => e.kind)).toEqual([
        'report-accepted',
        'report-resubmitted',
        'report-returned',
      ]);

      // Who may read it: the involved department, the leader; not another department, region or the public.
      expect((await h.call(s.reporter, 'GET', `${API}/tasks/${edu.id}/timeline`)).statusCode).toBe(200);
      expect((await h.call(s.leader, 'GET', `${API}/tasks/${edu.id}/timeline`)).statusCode).toBe(200);
      expect((await h.call(s.reporter2, 'GET', `${API}/tasks/${edu.id}/timeline`)).statusCode).toBe(403);
      expect((await h.call(s.other, 'GET', `${API}/tasks/${edu.id}/timeline`)).statusCode).toBe(404);
      expect((await h.call(null, 'GET', `${API}/tasks/${edu.id}/timeline`)).statusCode).toBe(401);
    },
  );
});
