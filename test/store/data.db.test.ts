import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupSqlite, restoreSqlite } from '../../src/cli/commands/backup.ts';
import type { Actor } from '../../src/services/context.ts';
import { addComment } from '../../src/services/comments.ts';
import { AppError } from '../../src/services/errors.ts';
import { addWebhook } from '../../src/services/notifications.ts';
import { addAttachment, submitProgress } from '../../src/services/progress.ts';
import { seedDemo } from '../../src/services/seed.ts';
import { listMyTasks } from '../../src/services/tasks.ts';
import { exportTenantData, importTenantData, type TenantExport } from '../../src/services/tenant-data.ts';
import { verifyAudit } from '../../src/store/audit-repository.ts';
import { createStore } from '../../src/store/db.ts';
import { getUserRowByUsername } from '../../src/store/user-repository.ts';
import { closeTestDb, openTestDb, postgresProblem, testContext, type TestDb } from './helpers.ts';

const SAMPLE = fs.readFileSync(new URL('../../samples/xuchang-2017.txt', import.meta.url));

async function actorFor(t: TestDb, username: string): Promise<Actor> {
  const u = (await getUserRowByUsername(t.store.db, username))!;
  return {
    userId: u.id,
    tenantId: u.tenant_id,
    role: u.role,
    departmentId: u.department_id,
    leaderId: u.leader_id,
  };
}

const withoutTime = (e: TenantExport): Omit<TenantExport, 'exportedAt'> => {
  const { exportedAt: _ignored, ...rest } = e;
  return rest;
};

describe('tenant export / import-data and SQLite backup / restore', () => {
  let source: TestDb;
  let exported: TenantExport;
  const opened: TestDb[] = [];

  beforeAll(async () => {
    source = await openTestDb('sqlite');
    opened.push(source);
    const ctx = testContext(source);
    await seedDemo(ctx, {
      password: 'demo-password',
      sample: { bytes: SAMPLE, fileName: 'xuchang-2017.txt' },
    });
    const reporter = await actorFor(source, 'reporter');
    const task = (await listMyTasks(ctx, reporter)).find((x) => x.role === 'lead')!;
    const p = await submitProgress(ctx, reporter, {
      taskId: task.id,
      period: '2017-06',
      values: task.targets[0] ? [{ targetId: task.targets[0].id, actual: 12.5 }] : [],
      progress: '进展',
      problems: '问题',
      nextSteps: '措施',
    });
    await addAttachment(ctx, reporter, {
      progressId: p.id,
      fileName: '说明.txt',
      bytes: Buffer.from('附件'),
    });
    await addComment(ctx, await actorFor(source, 'leader'), {
      taskId: task.id,
      kind: 'instruction',
      body: '抓紧',
    });
    await addWebhook(ctx, await actorFor(source, 'admin'), {
      name: '督查群',
      url: 'https://example.invalid/hook',
      format: 'generic',
    });
    exported = await exportTenantData(ctx, '许昌市');
  });

  afterAll(async () => {
    for (const t of opened) await closeTestDb(t);
  });

  it('exports every table of the tenant with its files', () => {
    expect(exported.format).toBe('luoshi-tenant');
    expect(exported.data.tenants.map((t) => t.name)).toEqual(['河南省', '许昌市']);
    expect(exported.data.tables.targets.length).toBeGreaterThan(20);
    expect(exported.data.tables.comments).toHaveLength(1);
    expect(exported.data.tables.webhooks).toHaveLength(1);
    expect(exported.data.tables.notices).toEqual([]);
    expect(exported.data.tables.progress_reports).toHaveLength(1);
    expect(Object.values(exported.files)).toEqual([Buffer.from('附件').toString('base64')]);
    expect(Object.values(exported.reportFiles)).toEqual([SAMPLE.toString('base64')]);
  });

  for (const kind of ['sqlite', 'postgres'] as const) {
    it(`round-trips losslessly into a fresh ${kind} database, and a second import is refused`, async (ctx) => {
      if (kind === 'postgres') {
        const problem = await postgresProblem();
        if (problem !== null) {
          if (process.env.CI === 'true') throw new Error(`PostgreSQL required under CI: ${problem}`);
          console.warn(`!!! SKIPPING PostgreSQL import test: ${problem} !!!`);
          ctx.skip();
        }
      }
      const target = await openTestDb(kind);
      opened.push(target);
      const tctx = testContext(target);
      const json = JSON.parse(JSON.stringify(exported)) as unknown;
      const result = await importTenantData(tctx, json);
      expect(result.tenantId).toBe(exported.tenantId);
      const again = await exportTenantData(tctx, exported.tenantId);
      expect(withoutTime(again)).toEqual(withoutTime(exported));
      expect(
        fs.readFileSync(
          path.join(tctx.attachmentsDir, exported.data.tables.attachments[0]!.storage_path),
          'utf8',
        ),
      ).toBe('附件');
      const error = await importTenantData(tctx, json).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(409);
      expect(withoutTime(await exportTenantData(tctx, exported.tenantId))).toEqual(withoutTime(exported));
      expect((await verifyAudit(target.store.db)).ok).toBe(true);
      await expect(importTenantData(tctx, { format: 'other' })).rejects.toMatchObject({ status: 400 });
    });
  }

  it('imports an export written before a table existed, reading the missing table as empty', async () => {
    const target = await openTestDb('sqlite');
    opened.push(target);
    const tctx = testContext(target);
    const older = JSON.parse(JSON.stringify(exported)) as TenantExport;
    const tables = older.data.tables as Partial<TenantExport['data']['tables']>;
    delete tables.notices;
    await importTenantData(tctx, older);
    const again = await exportTenantData(tctx, exported.tenantId);
    expect(again.data.tables.notices).toEqual([]);
    expect(again.data.tables.targets).toEqual(exported.data.tables.targets);
    const broken = JSON.parse(JSON.stringify(exported)) as { data: { tables: Record<string, unknown> } };
    broken.data.tables.notices = 'x';
    await expect(importTenantData(tctx, broken)).rejects.toMatchObject({ status: 400 });
  });

  it('backs up a live SQLite database and restores it, checking the audit chain', async () => {
    const dbFile = path.join(source.dir, 'test.db');
    const backup = path.join(source.dir, 'backup.db');
    await backupSqlite(dbFile, backup);
    await expect(backupSqlite(dbFile, backup)).rejects.toThrow(/exists/);
    const target = path.join(source.dir, 'restored', 'luoshi.db');
    const { auditEntries } = await restoreSqlite(target, backup);
    expect(auditEntries).toBeGreaterThan(10);

    // With the data directory's files: attachments and the uploaded report come back too.
    const ctx = testContext(source);
    const withFiles = path.join(source.dir, 'backup-files.db');
    const { files } = await backupSqlite(dbFile, withFiles, ctx);
    expect(files).toBe(2);
    const fresh = path.join(source.dir, 'fresh');
    const dirs = { attachmentsDir: path.join(fresh, 'attachments'), reportsDir: path.join(fresh, 'reports') };
    const restoredFiles = await restoreSqlite(path.join(fresh, 'luoshi.db'), withFiles, dirs);
    expect(restoredFiles.files).toBe(2);
    expect(restoredFiles.missingFiles).toEqual([]);
    const attachment = exported.data.tables.attachments[0]!;
    expect(fs.readFileSync(path.join(dirs.attachmentsDir, attachment.storage_path), 'utf8')).toBe('附件');
    // Without them, the restore names what is missing.
    const bare = await restoreSqlite(path.join(source.dir, 'bare', 'luoshi.db'), backup, {
      attachmentsDir: path.join(source.dir, 'bare', 'attachments'),
      reportsDir: path.join(source.dir, 'bare', 'reports'),
    });
    expect(bare.missingFiles).toHaveLength(2);
    const restored = createStore({ databaseUrl: null, databaseSchema: null, sqlitePath: target });
    const users = await restored.db.selectFrom('users').select('username').orderBy('username').execute();
    expect(users.map((u) => u.username)).toEqual(['admin', 'coordinator', 'leader', 'reporter', 'reporter2']);
    await restored.destroy();
    const junk = path.join(source.dir, 'junk.db');
    fs.writeFileSync(junk, 'not a database');
    await expect(restoreSqlite(target, junk)).rejects.toThrow(/not a Luoshi database backup/);
  });
});
