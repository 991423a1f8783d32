import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, type TestDb } from '../store/helpers.ts';
import { startHarness, type Harness, type Session } from './helpers.ts';
import { XUCHANG_2018 } from '../promises/fixtures.ts';

const API = '/api/v1';
const ROLES = [
  'public',
  'admin',
  'coordinator',
  'leader',
  'reporter',
  'reporter2',
  'other-admin',
  'other-coordinator',
  'other-leader',
  'other-reporter',
] as const;
type RoleName = (typeof ROLES)[number];

/**
 * 'allow': got past authentication and permissions (any status but 401/403/404 and 5xx).
 * 'deny': 401 for the public, 403 or 404 (another tenant's data does not exist for you) otherwise.
 */
type Expect = 'allow' | 'deny';

type Case = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The route as registered (for the coverage check). */
  route: string;
  url: () => string;
  body?: (role: RoleName) => unknown;
  multipart?: { fileName: string; content: string };
  allow: RoleName[];
};

const SAME = ['admin', 'coordinator', 'leader', 'reporter', 'reporter2'] as const;
const OTHER = ['other-admin', 'other-coordinator', 'other-leader', 'other-reporter'] as const;
const EVERYONE: RoleName[] = [...ROLES];
const LOGGED_IN: RoleName[] = [...SAME, ...OTHER];

function multipartBody(fileName: string, content: string) {
  const boundary = '----perm-boundary';
  return {
    payload: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n--${boundary}--\r\n`,
    ),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describeEachDb('permission matrix', (db) => {
  let h: Harness;
  const sessions = new Map<RoleName, Session | null>();
  const ids: Record<string, string> = {};
  let skip = false;

  beforeAll(async () => {
    const t: TestDb | null = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t);
    sessions.set('public', null);
    for (const role of ROLES)
      if (role !== 'public') sessions.set(role, await h.login(role === 'reporter2' ? 'reporter2' : role));
    const reporter = sessions.get('reporter')!;
    const admin = sessions.get('admin')!;
    const mine = (await h.call(reporter, 'GET', `${API}/my/tasks`)).json<{
      items: { id: string; role: string }[];
    }>().items;
    ids.task = mine.find((x) => x.role === 'lead')!.id;
    const plan = (await h.call(reporter, 'GET', `${API}/plans/${h.planId}`)).json<{
      tasks: { targets: { id: string }[] }[];
    }>();
    ids.target = plan.tasks.flatMap((x) => x.targets)[0]!.id;
    ids.plan = h.planId;
    const progress = await h.call(reporter, 'POST', `${API}/tasks/${ids.task}/progress`, {
      period: '2017-02',
      values: [],
      progress: '矩阵测试',
      problems: '',
      nextSteps: '',
    });
    ids.progress = progress.json<{ id: string }>().id;
    const m = multipartBody('a.txt', 'attachment');
    const att = await h.call(
      reporter,
      'POST',
      `${API}/progress/${ids.progress}/attachments`,
      m.payload,
      m.headers,
    );
    ids.attachment = att.json<{ id: string }>().id;
    const depts = (await h.call(admin, 'GET', `${API}/departments`)).json<{ items: { id: string }[] }>()
      .items;
    ids.department = depts[0]!.id;
    ids.reporterDepartment = (await h.call(admin, 'GET', `${API}/departments`))
      .json<{ items: { id: string; name: string }[] }>()
      .items.find((d) => d.name === '教育局')!.id;
    const leaders = (await h.call(admin, 'GET', `${API}/leaders`)).json<{ items: { id: string }[] }>().items;
    ids.leader = leaders[0]!.id;
    const users = (await h.call(admin, 'GET', `${API}/users`)).json<{
      items: { id: string; username: string }[];
    }>().items;
    ids.user = users.find((u) => u.username === 'reporter2')!.id;
    // Supervision (issue 5): a webhook, a notice to the reporter's department, its notification, an adjustment.
    const coord = sessions.get('coordinator')!;
    ids.webhook = (
      await h.call(admin, 'POST', `${API}/webhooks`, {
        name: '矩阵',
        url: 'http://127.0.0.1:9/hook',
        format: 'generic',
      })
    ).json<{ id: string }>().id;
    ids.notice = (
      await h.call(coord, 'POST', `${API}/notices`, { taskId: ids.task, color: 'yellow', reason: '矩阵督办' })
    ).json<{ id: string }>().id;
    ids.notification = (await h.call(reporter, 'GET', `${API}/notifications`)).json<{
      items: { id: string }[];
    }>().items[0]!.id;
    ids.adjustment = (
      await h.call(coord, 'POST', `${API}/targets/${ids.target}/adjustments`, { low: 1, reason: '矩阵调整' })
    ).json<{ id: string }>().id;
    // A promise check of the plan against a 2018 report, for the /promises routes.
    const coordinator = sessions.get('coordinator')!;
    const next = multipartBody('xuchang-2018.txt', XUCHANG_2018);
    await h.call(coordinator, 'POST', `${API}/reports`, next.payload, next.headers);
    const check = await h.call(coordinator, 'POST', `${API}/plans/${h.planId}/promises`, {});
    ids.match = check.json<{ items: { id: string }[] }>().items[0]!.id;
    // 协办反馈: a task where 财政局 (reporter2) cooperates and 教育局 (reporter) has no part.
    ids.coopTask = (await h.call(sessions.get('reporter2')!, 'GET', `${API}/my/tasks?limit=200`))
      .json<{
        items: {
          id: string;
          role: string;
          assignment: { leadDepartment: string; cooperatingDepartments: string[] };
        }[];
      }>()
      .items.find(
        (x) =>
          x.role === 'cooperating' &&
          x.assignment.leadDepartment !== '教育局' &&
          !x.assignment.cooperatingDepartments.includes('教育局'),
      )!.id;
  });
  afterAll(async () => {
    if (!skip) await h.app.close();
  });

  let seq = 0;
  const unique = (role: RoleName): string => `${role}-${(seq += 1)}`;

  const cases: Case[] = [
    { method: 'GET', route: '/health', url: () => `${API}/health`, allow: EVERYONE },
    {
      method: 'POST',
      route: '/auth/login',
      url: () => `${API}/auth/login`,
      body: () => ({ username: 'leader', password: 'test-password-1' }),
      allow: EVERYONE,
    },
    // Anonymous visitors get 200 { user: null } (no console error on public pages).
    { method: 'GET', route: '/auth/me', url: () => `${API}/auth/me`, allow: EVERYONE },
    { method: 'GET', route: '/plans', url: () => `${API}/plans`, allow: LOGGED_IN },
    { method: 'GET', route: '/plans/:planId', url: () => `${API}/plans/${ids.plan}`, allow: [...SAME] },
    {
      method: 'GET',
      route: '/plans/:planId/report',
      url: () => `${API}/plans/${ids.plan}/report`,
      allow: [...SAME],
    },
    {
      method: 'GET',
      route: '/plans/:planId/report/file',
      url: () => `${API}/plans/${ids.plan}/report/file`,
      allow: [...SAME],
    },
    {
      method: 'POST',
      route: '/plans/:planId/publish',
      url: () => `${API}/plans/${ids.plan}/publish`,
      body: () => ({ version: 999 }),
      allow: ['coordinator'],
    },
    {
      method: 'POST',
      route: '/plans/:planId/archive',
      url: () => `${API}/plans/${ids.plan}/archive`,
      body: () => ({ version: 999 }),
      allow: ['coordinator'],
    },
    {
      method: 'POST',
      route: '/reports',
      url: () => `${API}/reports`,
      multipart: { fileName: 'note.txt', content: '这不是报告。' },
      allow: ['coordinator', 'other-coordinator'],
    },
    { method: 'GET', route: '/tasks/:taskId', url: () => `${API}/tasks/${ids.task}`, allow: [...SAME] },
    {
      method: 'PUT',
      route: '/tasks/:taskId',
      url: () => `${API}/tasks/${ids.task}`,
      body: () => ({ version: 999, title: '改标题' }),
      allow: ['coordinator'],
    },
    {
      method: 'POST',
      route: '/tasks/:taskId/targets',
      url: () => `${API}/tasks/${ids.task}/targets`,
      body: () => ({
        quote: '不在原文中的引文',
        subject: '某指标',
        low: 1,
        high: 1,
        unit: '个',
        comparator: '>=',
        direction: 'increase',
        horizon: 'year',
        dueYear: 2017,
      }),
      allow: ['coordinator'],
    },
    {
      method: 'PUT',
      route: '/targets/:targetId',
      url: () => `${API}/targets/${ids.target}`,
      body: () => ({ version: 999, unit: '个' }),
      allow: ['coordinator'],
    },
    {
      method: 'DELETE',
      route: '/targets/:targetId',
      url: () => `${API}/targets/${ids.target}?version=999`,
      allow: ['coordinator'],
    },
    {
      method: 'GET',
      route: '/my/tasks',
      url: () => `${API}/my/tasks`,
      // Anyone logged in may ask; accounts without a department get a 400, not a denial.
      allow: LOGGED_IN,
    },
    {
      method: 'PUT',
      route: '/tasks/:taskId/assignment',
      url: () => `${API}/tasks/${ids.task}/assignment`,
      body: () => ({
        version: 999,
        leaderId: null,
        leadDepartmentId: null,
        cooperatingDepartmentIds: [],
        deadline: null,
      }),
      allow: ['coordinator'],
    },
    {
      method: 'GET',
      route: '/tasks/:taskId/progress',
      url: () => `${API}/tasks/${ids.task}/progress`,
      allow: ['admin', 'coordinator', 'leader', 'reporter'],
    },
    {
      method: 'GET',
      route: '/tasks/:taskId/inputs',
      url: () => `${API}/tasks/${ids.coopTask}/inputs?period=2017-06`,
      allow: ['coordinator', 'leader', 'reporter2'],
    },
    {
      method: 'POST',
      route: '/tasks/:taskId/inputs',
      url: () => `${API}/tasks/${ids.coopTask}/inputs`,
      body: (role) => ({ period: '2017-05', progress: `协办 ${unique(role)}` }),
      allow: ['reporter2'],
    },
    {
      method: 'POST',
      route: '/tasks/:taskId/progress',
      url: () => `${API}/tasks/${ids.task}/progress`,
      body: () => ({
        period: '2017-03',
        values: [],
        progress: 'x',
        problems: '',
        nextSteps: '',
        draft: true,
      }),
      allow: ['reporter'],
    },
    {
      method: 'GET',
      route: '/progress',
      url: () => `${API}/progress`,
      allow: ['admin', 'coordinator', 'leader', 'other-admin', 'other-coordinator', 'other-leader'],
    },
    // Task timeline, review queue, reporting calendar (issue 4, journeys 3 and 4).
    {
      method: 'GET',
      route: '/tasks/:taskId/timeline',
      url: () => `${API}/tasks/${ids.task}/timeline`,
      // Like the task's reports: reporters only for their department's tasks (reporter2 is not involved).
      allow: ['admin', 'coordinator', 'leader', 'reporter'],
    },
    {
      method: 'GET',
      route: '/progress/queue',
      url: () => `${API}/progress/queue?state=submitted&period=2017-02`,
      allow: ['admin', 'coordinator', 'leader', 'other-admin', 'other-coordinator', 'other-leader'],
    },
    {
      method: 'GET',
      route: '/my/calendar',
      url: () => `${API}/my/calendar?asOf=2017-07-10`,
      // As /my/tasks: anyone logged in may ask; accounts without a department get a 400.
      allow: LOGGED_IN,
    },
    {
      method: 'GET',
      route: '/progress/:id',
      url: () => `${API}/progress/${ids.progress}`,
      allow: ['admin', 'coordinator', 'leader', 'reporter'],
    },
    {
      method: 'POST',
      route: '/progress/:id/review',
      url: () => `${API}/progress/${ids.progress}/review`,
      body: () => ({ decision: 'accept', version: 999 }),
      allow: ['coordinator'],
    },
    {
      method: 'POST',
      route: '/progress/:id/attachments',
      url: () => `${API}/progress/${ids.progress}/attachments`,
      multipart: { fileName: 'b.txt', content: 'more' },
      allow: ['reporter'],
    },
    {
      method: 'GET',
      route: '/attachments/:id',
      url: () => `${API}/attachments/${ids.attachment}`,
      allow: ['admin', 'coordinator', 'leader', 'reporter'],
    },
    {
      method: 'GET',
      route: '/tasks/:taskId/comments',
      url: () => `${API}/tasks/${ids.task}/comments`,
      allow: [...SAME],
    },
    {
      method: 'POST',
      route: '/tasks/:taskId/comments',
      url: () => `${API}/tasks/${ids.task}/comments`,
      body: () => ({ body: '矩阵评论' }),
      allow: ['coordinator', 'leader', 'reporter'],
    },
    { method: 'GET', route: '/tenants', url: () => `${API}/tenants`, allow: LOGGED_IN },
    {
      method: 'POST',
      route: '/tenants',
      url: () => `${API}/tenants`,
      body: (role) => ({ name: `县${unique(role)}`, level: 'county' }),
      allow: ['admin', 'other-admin'],
    },
    { method: 'GET', route: '/departments', url: () => `${API}/departments`, allow: LOGGED_IN },
    {
      method: 'POST',
      route: '/departments',
      url: () => `${API}/departments`,
      body: (role) => ({ name: `局${unique(role)}` }),
      allow: ['admin', 'other-admin'],
    },
    {
      method: 'PUT',
      route: '/departments/:id',
      url: () => `${API}/departments/${ids.department}`,
      body: () => ({ version: 999, name: '改名' }),
      allow: ['admin'],
    },
    { method: 'GET', route: '/leaders', url: () => `${API}/leaders`, allow: LOGGED_IN },
    {
      method: 'POST',
      route: '/leaders',
      url: () => `${API}/leaders`,
      body: (role) => ({ name: `领导${unique(role)}`, title: '副市长' }),
      allow: ['admin', 'other-admin'],
    },
    {
      method: 'PUT',
      route: '/leaders/:id',
      url: () => `${API}/leaders/${ids.leader}`,
      body: () => ({ version: 999, title: '市长' }),
      allow: ['admin'],
    },
    { method: 'GET', route: '/users', url: () => `${API}/users`, allow: ['admin', 'other-admin'] },
    {
      method: 'POST',
      route: '/users',
      url: () => `${API}/users`,
      body: (role) => ({
        username: `u${unique(role)}`,
        displayName: '新用户',
        role: 'leader',
        password: 'long-enough-1',
      }),
      allow: ['admin', 'other-admin'],
    },
    {
      method: 'PUT',
      route: '/users/:id',
      url: () => `${API}/users/${ids.user}`,
      body: () => ({ version: 999, displayName: '改名' }),
      allow: ['admin'],
    },
    {
      method: 'GET',
      route: '/audit',
      url: () => `${API}/audit`,
      allow: ['admin', 'coordinator', 'other-admin', 'other-coordinator'],
    },
    {
      method: 'GET',
      route: '/audit/verify',
      url: () => `${API}/audit/verify`,
      allow: ['admin', 'other-admin'],
    },
    {
      method: 'GET',
      route: '/plans/:planId/promises',
      url: () => `${API}/plans/${ids.plan}/promises`,
      allow: [...SAME],
    },
    {
      method: 'POST',
      route: '/plans/:planId/promises',
      url: () => `${API}/plans/${ids.plan}/promises`,
      body: () => ({ version: 999 }),
      allow: ['coordinator'],
    },
    {
      method: 'PUT',
      route: '/plans/:planId/promises/matches/:matchId',
      url: () => `${API}/plans/${ids.plan}/promises/matches/${ids.match}`,
      body: () => ({ version: 999, action: 'accept' }),
      allow: ['coordinator'],
    },
    {
      method: 'POST',
      route: '/plans/:planId/promises/confirm',
      url: () => `${API}/plans/${ids.plan}/promises/confirm`,
      body: () => ({ version: 999 }),
      allow: ['coordinator'],
    },
    {
      method: 'GET',
      route: '/public/plans/:planId/promises',
      url: () => `${API}/public/plans/${ids.plan}/promises`,
      allow: EVERYONE,
    },
    // Supervision (issue 5).
    {
      method: 'GET',
      route: '/plans/:planId/evaluation',
      url: () => `${API}/plans/${ids.plan}/evaluation?asOf=2017-06-30`,
      allow: [...SAME],
    },
    {
      method: 'GET',
      route: '/plans/:planId/periods',
      url: () => `${API}/plans/${ids.plan}/periods`,
      allow: [...SAME],
    },
    {
      method: 'POST',
      route: '/plans/:planId/periods/:period/lock',
      url: () => `${API}/plans/${ids.plan}/periods/2017-11/lock`,
      allow: ['coordinator'],
    },
    {
      method: 'DELETE',
      route: '/plans/:planId/periods/:period/lock',
      url: () => `${API}/plans/${ids.plan}/periods/2017-11/lock`,
      allow: ['coordinator'],
    },
    {
      method: 'GET',
      route: '/tasks/:taskId/overrides',
      url: () => `${API}/tasks/${ids.task}/overrides`,
      allow: [...SAME],
    },
    {
      method: 'PUT',
      route: '/tasks/:taskId/override',
      url: () => `${API}/tasks/${ids.task}/override`,
      body: () => ({ weight: 2, version: 999 }),
      allow: ['coordinator'],
    },
    {
      method: 'PUT',
      route: '/targets/:targetId/override',
      url: () => `${API}/targets/${ids.target}/override`,
      body: () => ({ kind: 'level', weight: null, version: 999 }),
      allow: ['coordinator'],
    },
    {
      method: 'GET',
      route: '/supervision/settings',
      url: () => `${API}/supervision/settings`,
      allow: LOGGED_IN,
    },
    {
      method: 'PUT',
      route: '/supervision/settings',
      url: () => `${API}/supervision/settings`,
      body: () => ({ version: 999, blueNoticeDays: 10 }),
      allow: ['admin', 'coordinator', 'other-admin', 'other-coordinator'],
    },
    {
      method: 'POST',
      route: '/supervision/run',
      url: () => `${API}/supervision/run`,
      allow: ['admin', 'coordinator', 'other-admin', 'other-coordinator'],
    },
    { method: 'GET', route: '/notifications', url: () => `${API}/notifications`, allow: LOGGED_IN },
    {
      method: 'POST',
      route: '/notifications/read-all',
      url: () => `${API}/notifications/read-all`,
      allow: LOGGED_IN,
    },
    {
      method: 'POST',
      route: '/notifications/:id/read',
      url: () => `${API}/notifications/${ids.notification}/read`,
      allow: ['reporter'],
    },
    {
      method: 'GET',
      route: '/webhooks',
      url: () => `${API}/webhooks`,
      allow: ['admin', 'coordinator', 'other-admin', 'other-coordinator'],
    },
    {
      method: 'POST',
      route: '/webhooks',
      url: () => `${API}/webhooks`,
      body: (role) => ({ name: `钩子${unique(role)}`, url: 'http://127.0.0.1:9/x', format: 'wecom' }),
      allow: ['admin', 'coordinator', 'other-admin', 'other-coordinator'],
    },
    {
      method: 'DELETE',
      route: '/webhooks/:id',
      url: () => `${API}/webhooks/${ids.webhook}`,
      allow: ['admin', 'coordinator'],
    },
    {
      method: 'POST',
      route: '/webhooks/:id/test',
      url: () => `${API}/webhooks/${ids.webhook}/test`,
      allow: ['admin', 'coordinator'],
    },
    {
      method: 'GET',
      route: '/webhooks/deliveries',
      url: () => `${API}/webhooks/deliveries`,
      allow: ['admin', 'coordinator', 'other-admin', 'other-coordinator'],
    },
    { method: 'GET', route: '/notices', url: () => `${API}/notices`, allow: LOGGED_IN },
    {
      method: 'GET',
      route: '/notices/suggested',
      url: () => `${API}/notices/suggested?planId=${ids.plan}&asOf=2017-07-10`,
      allow: ['admin', 'coordinator', 'leader'],
    },
    {
      method: 'POST',
      route: '/notices',
      url: () => `${API}/notices`,
      body: () => ({ taskId: ids.task, color: 'blue', reason: '矩阵' }),
      allow: ['coordinator'],
    },
    {
      method: 'GET',
      route: '/notices/:id',
      url: () => `${API}/notices/${ids.notice}`,
      allow: ['admin', 'coordinator', 'leader', 'reporter'],
    },
    {
      method: 'POST',
      route: '/notices/:id/reply',
      url: () => `${API}/notices/${ids.notice}/reply`,
      body: () => ({ reply: '已整改', version: 999 }),
      allow: ['reporter'],
    },
    {
      method: 'POST',
      route: '/notices/:id/close',
      url: () => `${API}/notices/${ids.notice}/close`,
      body: () => ({ version: 999 }),
      allow: ['coordinator'],
    },
    {
      method: 'GET',
      route: '/targets/:targetId/adjustments',
      url: () => `${API}/targets/${ids.target}/adjustments`,
      allow: [...SAME],
    },
    {
      method: 'POST',
      route: '/targets/:targetId/adjustments',
      url: () => `${API}/targets/${ids.target}/adjustments`,
      body: () => ({ high: 1000, reason: '矩阵' }),
      allow: ['coordinator'],
    },
    {
      method: 'POST',
      route: '/adjustments/:id/decide',
      url: () => `${API}/adjustments/${ids.adjustment}/decide`,
      body: () => ({ decision: 'reject', version: 999 }),
      allow: ['leader'],
    },
    {
      method: 'GET',
      route: '/public/targets/:targetId/history',
      url: () => `${API}/public/targets/${ids.target}/history`,
      allow: EVERYONE,
    },
    { method: 'GET', route: '/public/plans', url: () => `${API}/public/plans`, allow: EVERYONE },
    {
      method: 'GET',
      route: '/public/plans/:planId',
      url: () => `${API}/public/plans/${ids.plan}`,
      allow: EVERYONE,
    },
    // Office files (issue 6).
    {
      method: 'GET',
      route: '/plans/:planId/export/fengong.xlsx',
      url: () => `${API}/plans/${ids.plan}/export/fengong.xlsx`,
      allow: [...SAME],
    },
    {
      method: 'POST',
      route: '/plans/:planId/import/fengong',
      url: () => `${API}/plans/${ids.plan}/import/fengong?dryRun=1`,
      multipart: { fileName: 'fengong.xlsx', content: 'not a workbook' },
      allow: ['coordinator'],
    },
    {
      method: 'GET',
      route: '/plans/:planId/export/progress-template.xlsx',
      url: () =>
        `${API}/plans/${ids.plan}/export/progress-template.xlsx?period=2017-06&departmentId=${ids.reporterDepartment}`,
      allow: ['admin', 'coordinator', 'leader', 'reporter'],
    },
    {
      method: 'POST',
      route: '/plans/:planId/import/progress',
      url: () => `${API}/plans/${ids.plan}/import/progress?dryRun=1`,
      multipart: { fileName: 'template.xlsx', content: 'not a workbook' },
      allow: ['coordinator', 'reporter', 'reporter2'],
    },
    {
      method: 'GET',
      route: '/plans/:planId/export/bulletin.docx',
      url: () => `${API}/plans/${ids.plan}/export/bulletin.docx?period=2017-06`,
      allow: ['admin', 'coordinator', 'leader'],
    },
    {
      method: 'GET',
      route: '/plans/:planId/bulletin/flags',
      url: () => `${API}/plans/${ids.plan}/bulletin/flags?period=2017-06`,
      allow: ['admin', 'coordinator', 'leader'],
    },
    {
      method: 'GET',
      route: '/plans/:planId/export/plan.xlsx',
      url: () => `${API}/plans/${ids.plan}/export/plan.xlsx`,
      allow: ['admin', 'coordinator', 'leader'],
    },
    // Decomposition (issue 4): merge and split answer 409 on the published plan, after the permission check.
    {
      method: 'POST',
      route: '/plans/:planId/tasks/merge',
      url: () => `${API}/plans/${ids.plan}/tasks/merge`,
      body: () => ({
        tasks: [
          { id: ids.task, version: 999 },
          { id: ids.task, version: 999 },
        ],
      }),
      allow: ['coordinator'],
    },
    {
      method: 'POST',
      route: '/tasks/:taskId/split',
      url: () => `${API}/tasks/${ids.task}/split`,
      body: () => ({ version: 999, at: 4 }),
      allow: ['coordinator'],
    },
    {
      method: 'GET',
      route: '/plans/:planId/suggestions',
      url: () => `${API}/plans/${ids.plan}/suggestions`,
      allow: ['coordinator'],
    },
    {
      method: 'GET',
      route: '/public/open-data/dictionary',
      url: () => `${API}/public/open-data/dictionary`,
      allow: EVERYONE,
    },
    ...(['targets.csv', 'targets.json', 'tasks.csv', 'tasks.json'] as const).map((file): Case => ({
      method: 'GET',
      route: `/public/plans/:planId/${file}`,
      url: () => `${API}/public/plans/${ids.plan}/${file}`,
      allow: EVERYONE,
    })),
  ];

  it('covers every documented route (logout is tested separately below)', async (ctx) => {
    if (skip) ctx.skip();
    const doc = (await h.call(null, 'GET', `${API}/openapi.json`)).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map(
        (m) => `${m.toUpperCase()} ${p.replace(/^\/api\/v1/, '').replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    const covered = [...cases.map((c) => `${c.method} ${c.route}`), 'POST /auth/logout'];
    expect(documented.sort()).toEqual(covered.sort());
  });

  for (const c of cases) {
    it(`${c.method} ${c.route}`, async (ctx) => {
      if (skip) ctx.skip();
      const results: string[] = [];
      const expected: string[] = [];
      // Denied roles first, so an allowed write cannot change what a denied role would see.
      const order = [...ROLES].sort((a, b) => Number(c.allow.includes(a)) - Number(c.allow.includes(b)));
      for (const role of order) {
        const session = sessions.get(role) ?? null;
        let res;
        if (c.multipart) {
          const m = multipartBody(c.multipart.fileName, c.multipart.content);
          res = await h.call(session, c.method, c.url(), m.payload, m.headers);
        } else {
          res = await h.call(session, c.method, c.url(), c.body?.(role));
        }
        const want: Expect = c.allow.includes(role) ? 'allow' : 'deny';
        const status = res.statusCode;
        let got: string;
        if (status >= 500) got = `error ${status}`;
        else if (status === 401 || status === 403 || status === 404) got = 'deny';
        else got = 'allow';
        if (got === 'deny' && role === 'public' && status !== 401) got = `public-${status}`;
        if (got === 'deny' && !role.startsWith('other') && role !== 'public' && status !== 403)
          got = `deny-${status}`;
        results.push(`${role}: ${got}`);
        expected.push(`${role}: ${want}`);
        if (status >= 400) {
          const body = res.json<{ error?: { code?: string; message?: string } }>();
          expect(body.error?.code, `${role} ${status} ${res.body}`).toEqual(expect.any(String));
        }
      }
      expect(results).toEqual(expected);
    });
  }

  it('POST /auth/logout: anyone may, and it ends only the own session', async (ctx) => {
    if (skip) ctx.skip();
    for (const role of ROLES) {
      if (role === 'public') {
        expect((await h.call(null, 'POST', `${API}/auth/logout`)).statusCode).toBe(204);
        continue;
      }
      const fresh = await h.login(role);
      expect((await h.call(fresh, 'POST', `${API}/auth/logout`)).statusCode).toBe(204);
      expect((await h.call(fresh, 'GET', `${API}/auth/me`)).json()).toEqual({ user: null });
      expect((await h.call(sessions.get(role)!, 'GET', `${API}/auth/me`)).json()).toMatchObject({
        user: { username: role },
      });
    }
  });

  it("another tenant's lists never include this tenant's data", async (ctx) => {
    if (skip) ctx.skip();
    for (const role of OTHER) {
      const session = sessions.get(role)!;
      for (const url of ['/plans', '/departments', '/leaders', '/tenants', '/progress', '/audit', '/users']) {
        const res = await h.call(session, 'GET', `${API}${url}`);
        if (res.statusCode !== 200) continue;
        expect(res.body).not.toContain(h.planId);
        expect(res.body).not.toContain(h.tenantId);
        expect(res.body).not.toContain('许昌');
      }
    }
  });
});
