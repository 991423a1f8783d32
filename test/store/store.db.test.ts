import fs from 'node:fs';
import { expect } from 'vitest';
import { login } from '../../src/services/auth.ts';
import { systemActor, type Actor } from '../../src/services/context.ts';
import { AppError } from '../../src/services/errors.ts';
import { importReport } from '../../src/services/import-report.ts';
import { assignTask, publishPlan } from '../../src/services/plan-workflow.ts';
import { getPlanView } from '../../src/services/plan-view.ts';
import { reviewProgress, submitProgress } from '../../src/services/progress.ts';
import { seedDemo } from '../../src/services/seed.ts';
import { verifyAudit } from '../../src/store/audit-repository.ts';
import { migrateToLatest } from '../../src/store/db.ts';
import { newId } from '../../src/store/ids.ts';
import {
  getPlanById,
  getPlanContent,
  getReportById,
  getTaskById,
  insertPlan,
  listPlans,
  toParsedPlan,
} from '../../src/store/plan-repository.ts';
import { createTenant, listDepartments, listLeaders } from '../../src/store/tenant-repository.ts';
import { getUserRowByUsername } from '../../src/store/user-repository.ts';
import { describeEachDb, itDb, makePlan, testContext, type TestDb } from './helpers.ts';

const SAMPLE = fs.readFileSync(new URL('../../samples/xuchang-2017.txt', import.meta.url));

async function expectAppError(promise: Promise<unknown>, status: number, code?: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const e = error as AppError;
  expect(e.status).toBe(status);
  if (code) expect(e.code).toBe(code);
  return e;
}

async function auditCount(t: TestDb): Promise<number> {
  const row = await t.store.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function newTenant(t: TestDb, name: string): Promise<string> {
  const id = newId();
  await createTenant(t.store.db, {
    id,
    parent_id: null,
    name,
    level: 'city',
    timezone: 'Asia/Shanghai',
    version: 1,
    created_at: new Date().toISOString(),
  });
  return id;
}

async function actorFor(t: TestDb, username: string): Promise<Actor> {
  const u = await getUserRowByUsername(t.store.db, username);
  if (!u) throw new Error(username);
  return {
    userId: u.id,
    tenantId: u.tenant_id,
    role: u.role,
    departmentId: u.department_id,
    leaderId: u.leader_id,
    displayName: u.display_name,
  };
}

describeEachDb('store', (db) => {
  itDb(db, 'migrations are idempotent', async (t) => {
    expect(await migrateToLatest(t.store, t.schema)).toEqual([]);
  });

  itDb(
    db,
    'seeds the demo once: 许昌市 under 河南省, departments, leaders, users, a published decomposed plan',
    async (t) => {
      const ctx = testContext(t);
      const seeded = await seedDemo(ctx, {
        password: 'demo-password',
        sample: { bytes: SAMPLE, fileName: 'xuchang-2017.txt' },
      });
      expect(seeded).not.toBeNull();
      expect(await seedDemo(ctx, { password: 'demo-password', sample: null })).toBeNull();
      const departments = await listDepartments(t.store.db, seeded!.tenantId);
      expect(departments.map((d) => d.name)).toEqual(
        expect.arrayContaining(['教育局', '财政局', '金融工作局', '交通运输局']),
      );
      const leaders = await listLeaders(t.store.db, seeded!.tenantId);
      expect(leaders.map((l) => l.title)).toEqual(expect.arrayContaining(['市长', '常务副市长', '副市长']));
      const coordinator = await actorFor(t, 'coordinator');
      const view = await getPlanView(ctx, coordinator, seeded!.planId!);
      expect(view.state).toBe('published');
      expect(view.year).toBe(2017);
      expect(view.tasks.length).toBeGreaterThan(10);
      expect(view.tasks.every((task) => task.assignment?.leadDepartment && task.assignment.leader)).toBe(
        true,
      );
      const education = view.tasks.find((task) => task.title.includes('教育'));
      expect(education?.assignment?.leadDepartment).toBe('教育局');
      expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true });
    },
  );

  itDb(
    db,
    'a parsed plan round-trips exactly (sections tree, tasks with parents, targets, baselines, spans)',
    async (t) => {
      const tenantId = await newTenant(t, '示范市');
      const plan = makePlan();
      const now = new Date().toISOString();
      const reportId = newId();
      await t.store.db
        .insertInto('reports')
        .values({
          id: reportId,
          tenant_id: tenantId,
          file_name: 'x.txt',
          format: 'txt',
          encoding: 'utf-8',
          title: plan.title,
          text: 'text',
          sha256: plan.source.sha256,
          chars: plan.source.chars,
          copies: plan.source.copies,
          created_by: null,
          created_at: now,
        })
        .execute();
      const row = {
        id: newId(),
        tenant_id: tenantId,
        report_id: reportId,
        title: plan.title,
        region: plan.region,
        level: plan.level,
        year: 2017,
        state: 'draft' as const,
        problems_json: JSON.stringify(plan.problems),
        version: 1,
        created_at: now,
        updated_at: now,
        published_at: null,
      };
      await insertPlan(t.store.db, row, plan);
      const stored = await getPlanById(t.store.db, tenantId, row.id);
      const report = await getReportById(t.store.db, tenantId, reportId);
      const back = toParsedPlan(stored!, report!, await getPlanContent(t.store.db, row.id));
      expect(back).toEqual(plan);
      // another tenant sees nothing
      const other = await newTenant(t, '别的市');
      expect(await getPlanById(t.store.db, other, row.id)).toBeNull();
      const content = await getPlanContent(t.store.db, row.id);
      expect(await getTaskById(t.store.db, other, content.tasks[0]!.id)).toBeNull();
    },
  );

  itDb(
    db,
    'importing the same report twice returns the existing plan; a different file for the year needs replace',
    async (t) => {
      const ctx = testContext(t);
      const tenantId = await newTenant(t, '导入市');
      const actor = systemActor(tenantId);
      const first = await importReport(ctx, actor, { bytes: SAMPLE, fileName: 'a.txt' });
      expect(first.created).toBe(true);
      expect(first.plan.state).toBe('draft');
      const again = await importReport(ctx, actor, { bytes: SAMPLE, fileName: 'again.txt' });
      expect(again).toMatchObject({ created: false, plan: { id: first.plan.id } });
      expect((await listPlans(t.store.db, { tenantId, limit: 10, offset: 0 })).total).toBe(1);

      const corrected = Buffer.from(SAMPLE.toString('utf8').replace('加强规划引领。', '强化规划引领。'));
      const before = await auditCount(t);
      const refused = await expectAppError(
        importReport(ctx, actor, { bytes: corrected, fileName: 'b.txt' }),
        409,
        'conflict',
      );
      expect(refused.details).toMatchObject({
        existingPlanId: first.plan.id,
        addedTasks: ['强化规划引领'],
        removedTasks: ['加强规划引领'],
      });
      expect(await auditCount(t)).toBe(before);
      expect((await listPlans(t.store.db, { tenantId, limit: 10, offset: 0 })).total).toBe(1);

      const replaced = await importReport(ctx, actor, { bytes: corrected, fileName: 'b.txt', replace: true });
      expect(replaced.created).toBe(true);
      const all = await listPlans(t.store.db, { tenantId, limit: 10, offset: 0 });
      expect(all.items.map((p) => p.state).sort()).toEqual(['archived', 'draft']);
    },
  );

  itDb(db, 'refuses bad files with a clear 4xx and writes nothing', async (t) => {
    const ctx = testContext(t);
    const tenantId = await newTenant(t, '坏文件市');
    const actor = systemActor(tenantId);
    const before = await auditCount(t);
    await expectAppError(
      importReport(ctx, actor, { bytes: Buffer.from('就是一段普通文字。'), fileName: 'x.docx' }),
      415,
      'format-mismatch',
    );
    await expectAppError(
      importReport(ctx, actor, { bytes: Buffer.from('今天天气很好，我们去公园散步吧。'), fileName: 'x.txt' }),
      422,
      'not-a-report',
    );
    await expectAppError(
      importReport(ctx, actor, { bytes: new Uint8Array(), fileName: 'x.txt' }),
      422,
      'empty-file',
    );
    await expectAppError(
      importReport({ ...ctx, maxUploadBytes: 1024 }, actor, { bytes: SAMPLE, fileName: 'x.txt' }),
      413,
      'too-large',
    );
    expect(await auditCount(t)).toBe(before);
    expect((await listPlans(t.store.db, { tenantId, limit: 10, offset: 0 })).total).toBe(0);
  });

  itDb(db, 'stale versions are 409 and change nothing; failed writes leave no audit entry', async (t) => {
    const ctx = testContext(t);
    const tenantId = await newTenant(t, '并发市');
    const actor = systemActor(tenantId);
    const { plan } = await importReport(ctx, actor, { bytes: SAMPLE, fileName: 'a.txt' });
    const content = await getPlanContent(t.store.db, plan.id);
    const taskId = content.tasks[1]!.id;
    const base = {
      taskId,
      leaderId: null,
      leadDepartmentId: null,
      cooperatingDepartmentIds: [],
      deadline: '6月底前',
    };
    const created = await assignTask(ctx, actor, { ...base, version: null });
    expect(created).toMatchObject({ version: 1, deadlineDate: '2017-06-30' });
    const updated = await assignTask(ctx, actor, { ...base, version: 1, deadline: '年底前' });
    expect(updated.version).toBe(2);
    const before = await auditCount(t);
    await expectAppError(
      assignTask(ctx, actor, { ...base, version: 1, deadline: '9月底前' }),
      409,
      'conflict',
    );
    await expectAppError(assignTask(ctx, actor, { ...base, version: null }), 409, 'conflict');
    await expectAppError(
      assignTask(ctx, actor, { ...base, version: 2, leadDepartmentId: 'no-such-department' }),
      400,
      'invalid-input',
    );
    expect(await auditCount(t)).toBe(before);
    const row = await t.store.db
      .selectFrom('assignments')
      .selectAll()
      .where('task_id', '=', taskId)
      .executeTakeFirst();
    expect(row).toMatchObject({ version: 2, deadline_text: '年底前' });

    await expectAppError(publishPlan(ctx, actor, { planId: plan.id, version: 99 }), 409, 'conflict');
    const published = await publishPlan(ctx, actor, { planId: plan.id, version: 1 });
    expect(published).toMatchObject({ state: 'published', version: 2 });
    await expectAppError(publishPlan(ctx, actor, { planId: plan.id, version: 2 }), 409, 'invalid-state');
  });

  itDb(
    db,
    'progress: submit, no duplicates, return needs a reason, resubmit, accept; the plan shows the value',
    async (t) => {
      const ctx = testContext(t, new Date('2017-07-10T00:00:00Z'));
      // The demo was seeded by an earlier test of this file.
      const reporter = await actorFor(t, 'reporter');
      const reporter2 = await actorFor(t, 'reporter2');
      const coordinator = await actorFor(t, 'coordinator');
      const plans = await listPlans(t.store.db, {
        tenantId: reporter.tenantId,
        states: ['published'],
        limit: 1,
        offset: 0,
      });
      const planId = plans.items[0]!.id;
      const view = await getPlanView(ctx, coordinator, planId);
      const task =
        view.tasks.find(
          (x) => x.assignment?.leadDepartmentId === reporter.departmentId && x.targets.length > 0,
        ) ?? view.tasks.find((x) => x.assignment?.leadDepartmentId === reporter.departmentId)!;
      const target = task.targets[0];
      const body = {
        taskId: task.id,
        period: '2017-06',
        values: target ? [{ targetId: target.id, actual: target.low / 2 }] : [],
        progress: '已完成年度任务的一半',
        problems: '资金到位较慢',
        nextSteps: '加快推进',
      };
      await expectAppError(submitProgress(ctx, reporter2, body), 403, 'forbidden');
      await expectAppError(submitProgress(ctx, coordinator, body), 403, 'forbidden');
      await expectAppError(submitProgress(ctx, reporter, { ...body, period: '2017-13' }), 400);
      await expectAppError(
        submitProgress(ctx, reporter, { ...body, values: [{ targetId: 'nope', actual: 1 }] }),
        400,
      );
      const submitted = await submitProgress(ctx, reporter, body);
      expect(submitted).toMatchObject({ state: 'submitted', version: 1 });
      await expectAppError(submitProgress(ctx, reporter, body), 409, 'already-submitted');
      await expectAppError(reviewProgress(ctx, coordinator, { id: submitted.id, decision: 'return' }), 400);
      await expectAppError(reviewProgress(ctx, reporter, { id: submitted.id, decision: 'accept' }), 403);
      const returned = await reviewProgress(ctx, coordinator, {
        id: submitted.id,
        decision: 'return',
        reason: '请补充数据来源',
      });
      expect(returned).toMatchObject({ state: 'returned', reviewReason: '请补充数据来源', version: 2 });
      const again = await submitProgress(ctx, reporter, { ...body, progress: '补充了数据来源' });
      expect(again).toMatchObject({ id: submitted.id, state: 'submitted', version: 3 });
      await expectAppError(
        reviewProgress(ctx, coordinator, { id: submitted.id, decision: 'accept', version: 2 }),
        409,
      );
      const accepted = await reviewProgress(ctx, coordinator, { id: submitted.id, decision: 'accept' });
      expect(accepted.state).toBe('accepted');
      const after = await getPlanView(ctx, coordinator, planId);
      const t2 = after.tasks.find((x) => x.id === task.id)!;
      if (target) {
        expect(t2.targets[0]!.latest).toEqual({ period: '2017-06', actual: target.low / 2 });
        expect(['green', 'yellow', 'red', 'done']).toContain(t2.targets[0]!.status.level);
        expect(t2.targets[0]!.status.reason).not.toBe('');
      }
      expect(t2.latestProgress).toMatchObject({ period: '2017-06', progress: '补充了数据来源' });
      expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true });
    },
  );

  itDb(db, 'the audit chain names the first edited, removed or truncated entry', async (t) => {
    const ok = await verifyAudit(t.store.db);
    expect(ok.ok).toBe(true);
    expect(ok.entries).toBeGreaterThan(5);
    // edit entry 3
    const row3 = await t.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 3)
      .executeTakeFirstOrThrow();
    await t.store.db
      .updateTable('audit_log')
      .set({ after_json: '{"forged":true}' })
      .where('seq', '=', 3)
      .execute();
    expect(await verifyAudit(t.store.db)).toMatchObject({ ok: false, seq: 3 });
    await t.store.db
      .updateTable('audit_log')
      .set({ after_json: row3.after_json })
      .where('seq', '=', 3)
      .execute();
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
    // remove entry 4
    const row4 = await t.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 4)
      .executeTakeFirstOrThrow();
    await t.store.db.deleteFrom('audit_log').where('seq', '=', 4).execute();
    expect(await verifyAudit(t.store.db)).toMatchObject({ ok: false, seq: 4 });
    await t.store.db.insertInto('audit_log').values(row4).execute();
    // remove the last entry
    const last = ok.entries;
    const rowLast = await t.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', last)
      .executeTakeFirstOrThrow();
    await t.store.db.deleteFrom('audit_log').where('seq', '=', last).execute();
    expect(await verifyAudit(t.store.db)).toMatchObject({ ok: false, seq: last });
    await t.store.db.insertInto('audit_log').values(rowLast).execute();
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
  });

  itDb(db, 'login is throttled per account in the database, and sessions are stored hashed', async (t) => {
    const ctx = testContext(t);
    const address = `10.0.0.${Math.floor(Math.random() * 200)}`;
    for (let i = 0; i < 5; i += 1) {
      await expectAppError(
        login(ctx, { username: 'reporter2', password: 'wrong', address, ttlHours: 1 }),
        401,
        'invalid-credentials',
      );
    }
    await expectAppError(
      login(ctx, { username: 'reporter2', password: 'demo-password', address, ttlHours: 1 }),
      429,
      'too-many-attempts',
    );
    const later = testContext(t, new Date('2017-07-10T03:00:00Z'));
    const ok = await login(later, { username: 'reporter2', password: 'demo-password', address, ttlHours: 1 });
    expect(ok.user.username).toBe('reporter2');
    const sessions = await t.store.db.selectFrom('sessions').select('id').execute();
    expect(sessions.some((s) => s.id === ok.token)).toBe(false);
    await expectAppError(
      login(ctx, { username: 'nobody', password: 'x', address, ttlHours: 1 }),
      401,
      'invalid-credentials',
    );
  });
});
