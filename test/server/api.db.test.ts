import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { describeEachDb, openTestDb, closeTestDb, testContext, type TestDb } from '../store/helpers.ts';
import fs from 'node:fs';
import { SAMPLE, startHarness, type Harness, type Session } from './helpers.ts';

// vitest's asymmetric matchers are typed `any`; keep them `unknown` for the linter.
const anyString: unknown = expect.any(String);
const anyNumber: unknown = expect.any(Number);
const anyArray: unknown = expect.any(Array);
const statusLevel: unknown = expect.stringMatching(/^(done|green|yellow|red|grey)$/);

type Json = Record<string, unknown> & { items?: Record<string, unknown>[] };
const API = '/api/v1';

function multipart(fileName: string, content: Buffer | string, contentType = 'application/octet-stream') {
  const boundary = '----luoshi-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describeEachDb('api', (db) => {
  let h: Harness;
  let s: Record<'admin' | 'coordinator' | 'leader' | 'reporter' | 'reporter2', Session>;
  let eduTask: { id: string; targets: { id: string; low: number }[] };
  let financeTask: { id: string };
  let skip = false;

  beforeAll(async () => {
    const t: TestDb | null = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t);
    s = {
      admin: await h.login('admin'),
      coordinator: await h.login('coordinator'),
      leader: await h.login('leader'),
      reporter: await h.login('reporter'),
      reporter2: await h.login('reporter2'),
    };
    const mine = (await h.call(s.reporter, 'GET', `${API}/my/tasks`)).json<{ items: Json[] }>().items;
    const lead = mine.filter((x) => x.role === 'lead');
    eduTask = (lead.find((x) => (x.targets as unknown[]).length > 0) ?? lead[0]) as unknown as typeof eduTask;
    const mine2 = (await h.call(s.reporter2, 'GET', `${API}/my/tasks`)).json<{ items: Json[] }>().items;
    financeTask = mine2.find((x) => x.role === 'lead') as unknown as typeof financeTask;
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

  live('GET /health answers ok with the database kind', async () => {
    const res = await h.call(null, 'GET', `${API}/health`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: h.db.kind });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  live(
    'POST /auth/login sets an httpOnly SameSite=Lax session cookie; wrong passwords are 401 in Chinese or English',
    async () => {
      const ok = await h.call(null, 'POST', `${API}/auth/login`, {
        username: 'leader',
        password: 'test-password-1',
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({
        user: { username: 'leader', role: 'leader' },
        csrfToken: anyString,
      });
      expect(JSON.stringify(ok.json())).not.toContain('password');
      const cookie = ok.cookies.find((c) => c.name === 'luoshi_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      const bad = await h.call(null, 'POST', `${API}/auth/login`, {
        username: 'leader',
        password: 'nope-nope',
      });
      expect(bad.statusCode).toBe(401);
      expect(bad.json()).toEqual({
        error: {
          code: 'invalid-credentials',
          message: '用户名或密码不正确',
          messageEn: 'Wrong username or password',
        },
      });
      const en = await h.call(
        null,
        'POST',
        `${API}/auth/login`,
        { username: 'leader', password: 'nope' },
        { 'accept-language': 'en-US' },
      );
      expect(en.json<{ error: { message: string } }>().error.message).toBe('Wrong username or password');
      const wrongType = await h.call(null, 'POST', `${API}/auth/login`, { username: 1, password: [] });
      expect(wrongType.statusCode).toBe(400);
      expect(wrongType.json<{ error: { code: string } }>().error.code).toBe('invalid-input');
    },
  );

  live('GET /auth/me and POST /auth/logout end the session', async () => {
    const fresh = await h.login('coordinator');
    const me = await h.call(fresh, 'GET', `${API}/auth/me`);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { username: 'coordinator' }, csrfToken: fresh.csrf });
    const noCsrf = await h.call({ ...fresh, csrf: 'wrong' }, 'POST', `${API}/auth/logout`);
    expect(noCsrf.statusCode).toBe(403);
    const out = await h.call(fresh, 'POST', `${API}/auth/logout`);
    expect(out.statusCode).toBe(204);
    // After logout (and for anonymous visitors) /auth/me answers 200 { user: null }, never cached.
    const after = await h.call(fresh, 'GET', `${API}/auth/me`);
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({ user: null });
    expect(after.headers['cache-control']).toBe('private, no-store');
    expect((await h.call(null, 'GET', `${API}/auth/me`)).json()).toEqual({ user: null });
    expect((await h.call(null, 'POST', `${API}/auth/logout`)).statusCode).toBe(204);
  });

  live('cookie-authenticated writes need the x-csrf-token header', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: `${API}/tasks/${eduTask.id}/comments`,
      headers: { cookie: s.coordinator.cookie },
      payload: { body: '无令牌' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('csrf');
  });

  live('GET /plans paginates; GET /plans/:planId has the documented shape, ETag and 304', async () => {
    const list = await h.call(s.leader, 'GET', `${API}/plans?limit=1&offset=0`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      total: 1,
      limit: 1,
      offset: 0,
      items: [{ id: h.planId, year: 2017, state: 'published' }],
    });
    expect((await h.call(s.leader, 'GET', `${API}/plans?limit=0`)).statusCode).toBe(400);
    expect((await h.call(s.leader, 'GET', `${API}/plans?limit=abc`)).statusCode).toBe(400);
    const res = await h.call(s.leader, 'GET', `${API}/plans/${h.planId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    const plan = res.json<Json>();
    expect(plan).toMatchObject({
      id: h.planId,
      title: '2017年许昌市政府工作报告',
      year: 2017,
      state: 'published',
    });
    const tasks = plan.tasks as Json[];
    const task = tasks.find((x) => (x.targets as unknown[]).length > 0)!;
    expect(task).toMatchObject({
      id: anyString,
      sectionId: anyString,
      title: anyString,
      assignment: {
        leadDepartment: anyString,
        cooperatingDepartments: anyArray,
        leader: anyString,
        deadline: anyString,
      },
      status: { level: statusLevel, reason: anyString },
    });
    expect((task.targets as Json[])[0]).toMatchObject({
      id: anyString,
      subject: anyString,
      low: anyNumber,
      high: anyNumber,
      unit: anyString,
      comparator: anyString,
      direction: anyString,
      horizon: anyString,
      quote: anyString,
      status: { level: anyString, reason: anyString },
    });
    expect((task.targets as Json[])[0]).toHaveProperty('latest');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^W\/"/);
    const again = await h.call(s.leader, 'GET', `${API}/plans/${h.planId}`, undefined, {
      'if-none-match': etag,
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const report = await h.call(s.reporter, 'GET', `${API}/plans/${h.planId}/report`);
    expect(report.statusCode).toBe(200);
    expect(report.json<{ text: string }>().text).toContain('各位代表');
    const file = await h.call(s.reporter, 'GET', `${API}/plans/${h.planId}/report/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/plain');
    expect(file.headers['content-disposition']).toContain('xuchang-2017.txt');
    expect(file.rawPayload.length).toBe(fs.statSync(SAMPLE).size);
    expect((await h.call(s.leader, 'GET', `${API}/plans/nonexistent0000`)).statusCode).toBe(404);
    expect((await h.call(s.leader, 'GET', `${API}/plans/bad%20id!`)).statusCode).toBe(400);
  });

  live('public plans: published only, cacheable, nothing internal', async () => {
    const list = await h.call(null, 'GET', `${API}/public/plans`);
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toContain('public');
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: h.planId, state: 'published' }] });
    const res = await h.call(null, 'GET', `${API}/public/plans/${h.planId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('public');
    const body = res.json<Json>();
    expect(body).not.toHaveProperty('problems');
    const text = res.body;
    for (const word of [
      '"csrfToken"',
      '"password',
      '"username"',
      '"reviewReason"',
      '"nextSteps"',
      '"problems"',
      '督查室',
      '报送员',
    ]) {
      expect(text).not.toContain(word);
    }
    expect((body.tasks as Json[])[0]!.assignment).not.toHaveProperty('version');
    const etag = res.headers.etag as string;
    expect(
      (await h.call(null, 'GET', `${API}/public/plans/${h.planId}`, undefined, { 'if-none-match': etag }))
        .statusCode,
    ).toBe(304);
    expect((await h.call(null, 'GET', `${API}/public/plans/unknownplan01`)).statusCode).toBe(404);
  });

  live(
    'POST /reports: same file returns the existing plan; bad files are clear 4xx and change nothing',
    async () => {
      const same = multipart('xuchang-2017.txt', fs.readFileSync(SAMPLE), 'text/plain');
      const res = await h.call(s.coordinator, 'POST', `${API}/reports`, same.payload, same.headers);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ created: false, plan: { id: h.planId } });
      const before = (await h.call(s.admin, 'GET', `${API}/audit?limit=1`)).json<{ total: number }>().total;
      const fake = multipart('报告.docx', '这只是一个文本文件，不是 Word 文档。');
      const r1 = await h.call(s.coordinator, 'POST', `${API}/reports`, fake.payload, fake.headers);
      expect(r1.statusCode).toBe(415);
      expect(r1.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: 'format-mismatch',
      });
      const notReport = multipart('随笔.txt', '今天天气很好，我们去公园散步，看见很多花。');
      const r2 = await h.call(s.coordinator, 'POST', `${API}/reports`, notReport.payload, notReport.headers);
      expect(r2.statusCode).toBe(422);
      expect(r2.json<{ error: { code: string } }>().error.code).toBe('not-a-report');
      const huge = multipart('big.txt', Buffer.alloc(6 * 1024 * 1024, 0x41));
      const r3 = await h.call(s.coordinator, 'POST', `${API}/reports`, huge.payload, huge.headers);
      expect(r3.statusCode).toBe(413);
      const lines = [
        '2017年示范市政府工作报告',
        '各位代表：',
        '一、2017年重点工作',
        '（一）加快发展，建设新城。',
      ];
      for (let i = 0; i < 400; i += 1) {
        const items = Array.from({ length: 25 }, (_, j) => `新建改扩建第${i}-${j}类学校${j + 3}所以上`);
        lines.push(`加强第${i}项工作。${items.join('，')}。`);
      }
      const tooMany = multipart('示范市2017.txt', lines.join('\n'), 'text/plain');
      const r5 = await h.call(s.coordinator, 'POST', `${API}/reports`, tooMany.payload, tooMany.headers);
      expect(r5.statusCode).toBe(422);
      expect(r5.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: 'too-many-items',
      });
      const r4 = await h.call(s.coordinator, 'POST', `${API}/reports`, { file: 'x' });
      expect(r4.statusCode).toBe(415);
      const after = (await h.call(s.admin, 'GET', `${API}/audit?limit=1`)).json<{ total: number }>().total;
      expect(after).toBe(before);
      expect((await h.call(s.reporter, 'GET', `${API}/plans`)).json<{ total: number }>().total).toBe(1);
    },
  );

  live('reporters do not see draft plans; the coordinator does', async () => {
    const lines = [
      '2018年许昌市政府工作报告',
      '各位代表：',
      '一、2018年重点工作',
      '（一）加快发展，建设新城。',
      '加强规划引领。新建学校10所以上。',
    ];
    const draft = multipart('xuchang-2018.txt', lines.join('\n'), 'text/plain');
    const created = await h.call(s.coordinator, 'POST', `${API}/reports`, draft.payload, draft.headers);
    expect(created.statusCode).toBe(201);
    const id = created.json<{ plan: { id: string; state: string } }>().plan.id;
    expect(created.json()).toMatchObject({ created: true, plan: { state: 'draft', year: 2018 } });
    expect((await h.call(s.coordinator, 'GET', `${API}/plans/${id}`)).statusCode).toBe(200);
    expect((await h.call(s.reporter, 'GET', `${API}/plans/${id}`)).statusCode).toBe(404);
    expect((await h.call(s.reporter, 'GET', `${API}/plans?state=draft`)).json()).toMatchObject({
      items: [],
      total: 0,
    });
    expect((await h.call(null, 'GET', `${API}/public/plans/${id}`)).statusCode).toBe(404);
    const coordinatorList = (await h.call(s.coordinator, 'GET', `${API}/plans`)).json<{ total: number }>();
    expect(coordinatorList.total).toBe(2);
  });

  live('PUT /tasks/:taskId/assignment with versions; stale is 409 and changes nothing', async () => {
    const task = (await h.call(s.coordinator, 'GET', `${API}/tasks/${financeTask.id}`)).json<Json>();
    const assignment = task.assignment as Json;
    const depts = (await h.call(s.coordinator, 'GET', `${API}/departments`)).json<{ items: Json[] }>().items;
    const id = (name: string): string => depts.find((d) => d.name === name)!.id as string;
    const body = {
      version: assignment.version,
      leaderId: assignment.leaderId,
      leadDepartmentId: id('财政局'),
      cooperatingDepartmentIds: [id('统计局'), id('发展改革委')],
      deadline: '9月底前',
      milestones: [{ quarter: 3, text: '完成' }],
    };
    const ok = await h.call(s.coordinator, 'PUT', `${API}/tasks/${financeTask.id}/assignment`, body);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      deadlineDate: '2017-09-30',
      version: (assignment.version as number) + 1,
    });
    const stale = await h.call(s.coordinator, 'PUT', `${API}/tasks/${financeTask.id}/assignment`, {
      ...body,
      deadline: '年底前',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('conflict');
    const view = (await h.call(s.coordinator, 'GET', `${API}/tasks/${financeTask.id}`)).json<Json>();
    expect(view.assignment).toMatchObject({
      deadline: '9月底前',
      cooperatingDepartments: ['统计局', '发展改革委'],
    });
    const badDept = await h.call(s.coordinator, 'PUT', `${API}/tasks/${financeTask.id}/assignment`, {
      ...body,
      version: (assignment.version as number) + 1,
      leadDepartmentId: 'nosuchdept',
    });
    expect(badDept.statusCode).toBe(400);
    const wrongTypes = await h.call(s.coordinator, 'PUT', `${API}/tasks/${financeTask.id}/assignment`, {
      ...body,
      cooperatingDepartmentIds: 'x',
    });
    expect(wrongTypes.statusCode).toBe(400);
    expect((await h.call(s.coordinator, 'PUT', `${API}/tasks/nosuchtask/assignment`, body)).statusCode).toBe(
      404,
    );
  });

  live(
    'progress: submit (201, id), list, detail, review return/accept, the plan shows the accepted value',
    async () => {
      const target = eduTask.targets[0];
      const body = {
        period: '2017-06',
        values: target ? [{ targetId: target.id, actual: target.low * 0.6 }] : [],
        progress: '完成过半',
        problems: '无',
        nextSteps: '继续推进',
      };
      const created = await h.call(s.reporter, 'POST', `${API}/tasks/${eduTask.id}/progress`, body);
      expect(created.statusCode).toBe(201);
      const id = created.json<{ id: string }>().id;
      expect(created.json()).toMatchObject({ id: anyString, state: 'submitted', period: '2017-06' });
      expect((await h.call(s.reporter, 'POST', `${API}/tasks/${eduTask.id}/progress`, body)).statusCode).toBe(
        409,
      );
      expect(
        (await h.call(s.reporter, 'POST', `${API}/tasks/${eduTask.id}/progress`, { ...body, period: 'June' }))
          .statusCode,
      ).toBe(400);
      expect(
        (
          await h.call(s.reporter, 'POST', `${API}/tasks/${eduTask.id}/progress`, {
            ...body,
            values: [{ targetId: 'x', actual: 'many' }],
          })
        ).statusCode,
      ).toBe(400);
      const list = await h.call(s.coordinator, 'GET', `${API}/tasks/${eduTask.id}/progress`);
      expect(list.json<{ items: Json[] }>().items.some((p) => p.id === id)).toBe(true);
      const queue = await h.call(s.coordinator, 'GET', `${API}/progress?state=submitted`);
      expect(queue.json<{ items: Json[] }>().items.some((p) => p.id === id)).toBe(true);
      const detail = await h.call(s.leader, 'GET', `${API}/progress/${id}`);
      expect(detail.json()).toMatchObject({
        id,
        state: 'submitted',
        progress: '完成过半',
        attachments: [],
        departmentName: '教育局',
        departmentRole: 'lead',
      });
      const noReason = await h.call(s.coordinator, 'POST', `${API}/progress/${id}/review`, {
        decision: 'return',
      });
      expect(noReason.statusCode).toBe(400);
      const badDecision = await h.call(s.coordinator, 'POST', `${API}/progress/${id}/review`, {
        decision: 'maybe',
      });
      expect(badDecision.statusCode).toBe(400);
      const returned = await h.call(s.coordinator, 'POST', `${API}/progress/${id}/review`, {
        decision: 'return',
        reason: '请补充数据',
      });
      expect(returned.json()).toMatchObject({ state: 'returned', reviewReason: '请补充数据' });
      const resubmitted = await h.call(s.reporter, 'POST', `${API}/tasks/${eduTask.id}/progress`, {
        ...body,
        progress: '已补充',
      });
      expect(resubmitted.statusCode).toBe(200);
      expect(resubmitted.json()).toMatchObject({ id, state: 'submitted' });
      const accepted = await h.call(s.coordinator, 'POST', `${API}/progress/${id}/review`, {
        decision: 'accept',
      });
      expect(accepted.json()).toMatchObject({ state: 'accepted' });
      const plan = (await h.call(null, 'GET', `${API}/public/plans/${h.planId}`)).json<Json>();
      const task = (plan.tasks as Json[]).find((x) => x.id === eduTask.id)!;
      if (target) {
        expect((task.targets as Json[])[0]!.latest).toEqual({ period: '2017-06', actual: target.low * 0.6 });
      }
      expect(task.latestProgress).toEqual({ period: '2017-06', progress: '已补充' });
    },
  );

  live('attachments: type- and size-checked, downloadable by who may read the report', async () => {
    const created = await h.call(s.reporter, 'POST', `${API}/tasks/${eduTask.id}/progress`, {
      period: '2017-05',
      values: [],
      progress: '附件测试',
      problems: '',
      nextSteps: '',
    });
    const id = created.json<{ id: string }>().id;
    const txt = multipart('说明.txt', '附件内容', 'text/plain');
    const up = await h.call(
      s.reporter,
      'POST',
      `${API}/progress/${id}/attachments`,
      txt.payload,
      txt.headers,
    );
    expect(up.statusCode).toBe(201);
    const att = up.json<{ id: string }>();
    expect(att).toMatchObject({ fileName: '说明.txt', size: Buffer.byteLength('附件内容') });
    const exe = multipart('x.exe', 'MZ');
    expect(
      (await h.call(s.reporter, 'POST', `${API}/progress/${id}/attachments`, exe.payload, exe.headers))
        .statusCode,
    ).toBe(415);
    const fakePdf = multipart('x.pdf', 'not a pdf');
    expect(
      (
        await h.call(
          s.reporter,
          'POST',
          `${API}/progress/${id}/attachments`,
          fakePdf.payload,
          fakePdf.headers,
        )
      ).statusCode,
    ).toBe(415);
    const down = await h.call(s.coordinator, 'GET', `${API}/attachments/${att.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.body).toBe('附件内容');
    expect(down.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect((await h.call(s.reporter2, 'GET', `${API}/attachments/${att.id}`)).statusCode).toBe(403);
  });

  live('comments and instructions: leaders instruct, others comment, the list names authors', async () => {
    const instr = await h.call(s.leader, 'POST', `${API}/tasks/${eduTask.id}/comments`, {
      kind: 'instruction',
      body: '请加快进度，月底前报送。',
    });
    expect(instr.statusCode).toBe(201);
    expect(instr.json()).toMatchObject({ kind: 'instruction', authorName: '王建国（市长）' });
    expect(
      (
        await h.call(s.coordinator, 'POST', `${API}/tasks/${eduTask.id}/comments`, {
          kind: 'instruction',
          body: 'x',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await h.call(s.reporter, 'POST', `${API}/tasks/${eduTask.id}/comments`, { body: '收到' })).statusCode,
    ).toBe(201);
    expect(
      (await h.call(s.reporter, 'POST', `${API}/tasks/${eduTask.id}/comments`, { body: '' })).statusCode,
    ).toBe(400);
    const list = await h.call(s.reporter, 'GET', `${API}/tasks/${eduTask.id}/comments`);
    const items = list.json<{ items: Json[] }>().items;
    expect(items.map((c) => c.body)).toEqual(expect.arrayContaining(['请加快进度，月底前报送。', '收到']));
    const pub = await h.call(null, 'GET', `${API}/public/plans/${h.planId}`);
    expect(pub.body).not.toContain('请加快进度');
  });

  live('directory: departments, leaders, users, tenants (admin), with versions', async () => {
    const dept = await h.call(s.admin, 'POST', `${API}/departments`, { name: '大数据局' });
    expect(dept.statusCode).toBe(201);
    const d = dept.json<{ id: string; version: number }>();
    expect((await h.call(s.admin, 'POST', `${API}/departments`, { name: '大数据局' })).statusCode).toBe(409);
    const renamed = await h.call(s.admin, 'PUT', `${API}/departments/${d.id}`, {
      version: d.version,
      name: '数据局',
    });
    expect(renamed.json()).toMatchObject({ name: '数据局', version: 2 });
    expect(
      (await h.call(s.admin, 'PUT', `${API}/departments/${d.id}`, { version: 1, name: 'x' })).statusCode,
    ).toBe(409);
    const leader = await h.call(s.admin, 'POST', `${API}/leaders`, {
      name: '周明',
      title: '副市长',
      departmentIds: [d.id],
    });
    expect(leader.statusCode).toBe(201);
    const l = leader.json<{ id: string }>();
    expect(
      (
        await h.call(s.admin, 'PUT', `${API}/leaders/${l.id}`, { version: 1, portfolio: '分管数据工作' })
      ).json(),
    ).toMatchObject({
      portfolio: '分管数据工作',
      version: 2,
    });
    const user = await h.call(s.admin, 'POST', `${API}/users`, {
      username: 'sjj',
      displayName: '数据局报送员',
      role: 'reporter',
      password: 'another-password',
      departmentId: d.id,
    });
    expect(user.statusCode).toBe(201);
    expect(user.body).not.toContain('password_hash');
    const noDept = await h.call(s.admin, 'POST', `${API}/users`, {
      username: 'x1',
      displayName: 'x',
      role: 'reporter',
      password: 'another-password',
    });
    expect(noDept.statusCode).toBe(400);
    const u = user.json<{ id: string }>();
    const disabled = await h.call(s.admin, 'PUT', `${API}/users/${u.id}`, { version: 1, active: false });
    expect(disabled.json()).toMatchObject({ active: false });
    expect(
      (await h.call(null, 'POST', `${API}/auth/login`, { username: 'sjj', password: 'another-password' }))
        .statusCode,
    ).toBe(401);
    const users = await h.call(s.admin, 'GET', `${API}/users?limit=2`);
    expect(users.json()).toMatchObject({ limit: 2, total: 6 });
    const county = await h.call(s.admin, 'POST', `${API}/tenants`, { name: '禹州市', level: 'county' });
    expect(county.statusCode).toBe(201);
    const tenants = await h.call(s.leader, 'GET', `${API}/tenants`);
    expect(tenants.json<{ items: Json[] }>().items.map((x) => x.name)).toEqual(
      expect.arrayContaining(['许昌市', '禹州市']),
    );
  });

  live('audit: listed per tenant and verifiable', async () => {
    const list = await h.call(s.coordinator, 'GET', `${API}/audit?limit=5`);
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: Json[] }>().items[0]).toMatchObject({
      seq: anyNumber,
      action: anyString,
    });
    const verify = await h.call(s.admin, 'GET', `${API}/audit/verify`);
    expect(verify.json()).toMatchObject({ ok: true });
  });

  live('bad input: unknown routes, malformed JSON, huge JSON bodies', async () => {
    const nf = await h.call(s.leader, 'GET', `${API}/nope`);
    expect(nf.statusCode).toBe(404);
    expect(nf.json<{ error: { code: string } }>().error.code).toBe('not-found');
    const bad = await h.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('invalid-json');
    const huge = await h.call(s.leader, 'POST', `${API}/tasks/${eduTask.id}/comments`, {
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(huge.statusCode).toBe(413);
  });

  live('OpenAPI document lists every route; /api/docs serves the browser', async () => {
    const doc = await h.call(null, 'GET', `${API}/openapi.json`);
    expect(doc.statusCode).toBe(200);
    const paths = doc.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(paths.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/v1/health',
      '/api/v1/auth/login',
      '/api/v1/plans/{planId}',
      '/api/v1/reports',
      '/api/v1/progress/{id}/review',
      '/api/v1/public/plans/{planId}',
    ]) {
      expect(paths.paths).toHaveProperty([p]);
    }
    const docs = await h.app.inject({ method: 'GET', url: '/api/docs/' });
    expect([200, 302]).toContain(docs.statusCode);
  });

  live('a published target changes its number only through an adjustment, its wording freely', async () => {
    const task = (await h.call(s.coordinator, 'GET', `${API}/tasks/${eduTask.id}`)).json<{
      targets: { id: string; low: number; high: number; subject: string; version: number }[];
    }>();
    const target = task.targets[0];
    if (!target) throw new Error('the education task has no target');
    const silent = await h.call(s.coordinator, 'PUT', `${API}/targets/${target.id}`, {
      version: target.version,
      low: target.low + 1,
      high: target.high + 1,
    });
    expect(silent.statusCode, silent.body).toBe(409);
    expect(silent.json<{ error: { code: string } }>().error.code).toBe('use-adjustment');
    const wording = await h.call(s.coordinator, 'PUT', `${API}/targets/${target.id}`, {
      version: target.version,
      subject: `${target.subject}（修订）`,
    });
    expect(wording.statusCode).toBe(200);
  });
});

describe('errors', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('sqlite');
  });
  afterAll(async () => {
    await closeTestDb(t).catch(() => undefined);
  });
  it('an unexpected failure is a generic 500 without internals', async () => {
    const ctx = testContext(t);
    const app = await buildApp({ ctx });
    await t.store.destroy();
    const res = await app.inject({ method: 'GET', url: `${API}/health` });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      error: {
        code: 'internal',
        message: '服务器内部错误，请稍后重试',
        messageEn: 'Internal server error; please try again later',
      },
    });
    await app.close();
  });
});
