import { beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../store/helpers.ts';
import { startHarness, type Harness, type Session } from './helpers.ts';

const API = '/api/v1';

type InputView = {
  id: string;
  departmentName: string;
  progress: string;
  problems: string;
  nextSteps: string;
  values: { targetId: string; actual: number }[];
  state: 'sent' | 'consolidated';
  consolidatedProgressId: string | null;
  version: number;
};
type TaskInputs = {
  items: InputView[];
  total: number;
  coverage: { name: string; inputId: string | null; state: string | null }[];
};

describeEachDb('cooperation inputs (协办反馈) and consolidation', (db) => {
  let h: Harness;
  const s: Record<string, Session> = {};
  let taskId = '';
  let targetId = '';
  let otherTaskId = '';
  let skip = false;

  beforeAll(async () => {
    const t = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t);
    for (const name of ['admin', 'coordinator', 'leader', 'reporter', 'reporter2'])
      s[name] = await h.login(name);
    // The coordinator adds 财政局 (reporter2) as a cooperating department of 教育局's (reporter) task.
    const plan = (await h.call(s.coordinator!, 'GET', `${API}/plans/${h.planId}`)).json<{
      tasks: {
        id: string;
        assignment: {
          leaderId: string | null;
          leadDepartment: string;
          leadDepartmentId: string;
          cooperatingDepartmentIds: string[];
          deadline: string | null;
          version: number;
        };
      }[];
    }>();
    const departments = (await h.call(s.admin!, 'GET', `${API}/departments?limit=200`)).json<{
      items: { id: string; name: string }[];
    }>().items;
    const finance = departments.find((d) => d.name === '财政局')!.id;
    const edu = plan.tasks.find((x) => x.assignment?.leadDepartment === '教育局')!;
    const assigned = await h.call(s.coordinator!, 'PUT', `${API}/tasks/${edu.id}/assignment`, {
      version: edu.assignment.version,
      leaderId: edu.assignment.leaderId,
      leadDepartmentId: edu.assignment.leadDepartmentId,
      cooperatingDepartmentIds: [...edu.assignment.cooperatingDepartmentIds, finance],
      deadline: edu.assignment.deadline,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    type Mine = {
      id: string;
      role: string;
      assignment: { leadDepartment: string; cooperatingDepartments: string[] };
      targets: { id: string }[];
    };
    const mine = (await h.call(s.reporter2!, 'GET', `${API}/my/tasks?limit=200`)).json<{ items: Mine[] }>()
      .items;
    const task = mine.find((x) => x.role === 'cooperating' && x.assignment.leadDepartment === '教育局')!;
    taskId = task.id;
    targetId = task.targets[0]!.id;
    // A task of the reporter's department (教育局) in which 财政局 has no part.
    const leads = (await h.call(s.reporter!, 'GET', `${API}/my/tasks?limit=200`)).json<{ items: Mine[] }>()
      .items;
    otherTaskId = leads.find(
      (x) =>
        x.assignment.leadDepartment !== '财政局' && !x.assignment.cooperatingDepartments.includes('财政局'),
    )!.id;
  });

  const send = (who: string, body: object, task = taskId) =>
    h.call(s[who] ?? null, 'POST', `${API}/tasks/${task}/inputs`, body);
  const list = (who: string | null, period = '2017-06', task = taskId) =>
    h.call(who ? s[who]! : null, 'GET', `${API}/tasks/${task}/inputs?period=${period}`);

  it('a cooperating department sends and updates its input; stale versions are 409', async (ctx) => {
    if (skip) return ctx.skip();
    const created = await send('reporter2', {
      period: '2017-06',
      progress: '已拨付教育专项资金3000万元。',
      problems: '部分县区配套资金未到位。',
      values: [{ targetId, actual: 12 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      departmentName: '财政局',
      period: '2017-06',
      progress: '已拨付教育专项资金3000万元。',
      problems: '部分县区配套资金未到位。',
      nextSteps: '',
      values: [{ targetId, actual: 12 }],
      state: 'sent',
      version: 1,
    });
    const again = await send('reporter2', { period: '2017-06', progress: '覆盖' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'conflict', details: { version: 1 } } });
    const stale = await send('reporter2', { period: '2017-06', progress: '覆盖', version: 5 });
    expect(stale.statusCode).toBe(409);
    const updated = await send('reporter2', {
      period: '2017-06',
      progress: '已拨付教育专项资金3500万元。',
      version: 1,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({
      version: 2,
      values: [],
      progress: '已拨付教育专项资金3500万元。',
    });
  });

  it('only cooperating reporters write; bad input is a clear 400 and changes nothing', async (ctx) => {
    if (skip) return ctx.skip();
    const body = { period: '2017-07', progress: '不应保存' };
    expect((await send('reporter', body)).statusCode).toBe(403); // the lead department
    expect((await send('coordinator', body)).statusCode).toBe(403);
    expect((await send('leader', body)).statusCode).toBe(403);
    expect((await send('admin', body)).statusCode).toBe(403);
    expect((await send('reporter2', body, otherTaskId)).statusCode).toBe(403); // not involved
    expect((await h.call(null, 'POST', `${API}/tasks/${taskId}/inputs`, body)).statusCode).toBe(401);
    expect((await send('reporter2', { ...body, taskId: 'x' }, 'nope')).statusCode).toBe(400);
    expect((await send('reporter2', body, 'nope')).statusCode).toBe(404);
    for (const bad of [
      { period: '2017-13', progress: 'x' },
      { period: '2017-07', progress: '   ' },
      { period: '2017-07', progress: 'x', values: [{ targetId: 'other', actual: 1 }] },
      { period: '2017-07', progress: 'x', values: [{ targetId, actual: 'many' }] },
      { period: '2017-07', progress: 'x', extra: true },
      { period: '2016-07', progress: 'x' },
    ]) {
      const res = await send('reporter2', bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json<{ error: { code: string; message: string } }>().error.message).toBeTruthy();
    }
    const july = (await list('coordinator', '2017-07')).json<TaskInputs>();
    expect(july.total).toBe(0);
  });

  it('the lead department, coordinator and leaders see every input and who has not sent one', async (ctx) => {
    if (skip) return ctx.skip();
    for (const who of ['reporter', 'coordinator', 'leader']) {
      const res = await list(who);
      expect(res.statusCode, who).toBe(200);
      const body = res.json<TaskInputs>();
      expect(body.total).toBe(1);
      expect(body.items[0]).toMatchObject({ departmentName: '财政局', state: 'sent', version: 2 });
      const finance = body.coverage.find((c) => c.name === '财政局');
      expect(finance).toMatchObject({ inputId: body.items[0]!.id, state: 'sent' });
      expect(body.coverage.some((c) => c.inputId === null)).toBe(true); // 发展改革委 has not sent one
      expect(body.coverage.some((c) => c.name === '教育局')).toBe(false); // the lead is not listed
    }
    // The cooperating department sees its own input only.
    const own = (await list('reporter2')).json<TaskInputs>();
    expect(own.items.map((x) => x.departmentName)).toEqual(['财政局']);
    expect(own.coverage).toEqual([]);
    expect((await list('admin')).statusCode).toBe(403);
    expect((await list(null)).statusCode).toBe(401);
    expect((await list('reporter2', '2017-06', otherTaskId)).statusCode).toBe(403);
    expect((await h.call(s.coordinator!, 'GET', `${API}/tasks/${taskId}/inputs`)).statusCode).toBe(400);
    // Never public: the public plan carries no inputs.
    expect((await h.call(null, 'GET', `${API}/public/plans/${h.planId}`)).body).not.toContain('教育专项资金');
  });

  it('the lead report consolidates inputs: drafts do not, a submitted report does, all audited', async (ctx) => {
    if (skip) return ctx.skip();
    const inputId = (await list('reporter')).json<TaskInputs>().items[0]!.id;
    const report = (extra: object) => ({
      period: '2017-06',
      values: [],
      progress: '教育局推进情况；财政局：已拨付教育专项资金3500万元。',
      problems: '',
      nextSteps: '',
      consolidates: [inputId],
      ...extra,
    });
    // A cooperating department cannot consolidate.
    const byCoop = await h.call(s.reporter2!, 'POST', `${API}/tasks/${taskId}/progress`, report({}));
    expect(byCoop.statusCode).toBe(403);
    // An unknown input id: 400, and no report is stored.
    const bogus = await h.call(s.reporter!, 'POST', `${API}/tasks/${taskId}/progress`, {
      ...report({}),
      consolidates: ['no-such-input'],
    });
    expect(bogus.statusCode).toBe(400);
    const before = (await h.call(s.reporter!, 'GET', `${API}/tasks/${taskId}/progress?limit=200`)).json<{
      items: { period: string; departmentName: string }[];
    }>();
    expect(before.items.some((p) => p.period === '2017-06' && p.departmentName === '教育局')).toBe(false);
    // A draft records nothing.
    const draft = await h.call(
      s.reporter!,
      'POST',
      `${API}/tasks/${taskId}/progress`,
      report({ draft: true }),
    );
    expect(draft.statusCode, draft.body).toBe(201);
    expect((await list('reporter')).json<TaskInputs>().items[0]!.state).toBe('sent');
    // Submitting consolidates.
    const submitted = await h.call(
      s.reporter!,
      'POST',
      `${API}/tasks/${taskId}/progress`,
      report({ version: draft.json<{ version: number }>().version }),
    );
    expect(submitted.statusCode, submitted.body).toBe(200);
    const progressId = submitted.json<{ id: string }>().id;
    const after = (await list('coordinator')).json<TaskInputs>();
    expect(after.items[0]).toMatchObject({ state: 'consolidated', consolidatedProgressId: progressId });
    expect(after.coverage.find((c) => c.name === '财政局')!.state).toBe('consolidated');
    // A later change by the cooperating department makes it "sent" again.
    const changed = await send('reporter2', {
      period: '2017-06',
      progress: '补充：追加500万元。',
      version: after.items[0]!.version,
    });
    expect(changed.json()).toMatchObject({ state: 'sent', consolidatedProgressId: null });
    const audit = (await h.call(s.admin!, 'GET', `${API}/audit?limit=200`)).json<{
      items: { action: string; entityId: string }[];
    }>();
    const actions = audit.items.filter((e) => e.entityId === inputId).map((e) => e.action);
    expect(actions.sort()).toEqual(['input.consolidate', 'input.create', 'input.update', 'input.update']);
  });
});
