// The database read-only or the disk full, on a real server process, on SQLite and on PostgreSQL. While the
// condition holds, writes (progress submission, report import, assignment edit, login, attachment upload)
// answer 503 storage-unavailable with a Chinese message, reads keep working, nothing is half-written (no
// plan rows, no partial files, the audit chain verifies); when it clears, writes succeed again without a
// restart. The conditions are real: a tmpfs filled to the last byte (ENOSPC -> SQLITE_FULL, and on
// PostgreSQL a tablespace on that tmpfs -> 53100 disk_full), a read-only bind mount under the SQLite data
// directory (EROFS -> SQLITE_READONLY), and `default_transaction_read_only` on a dedicated PostgreSQL
// database (25006) with its sessions dropped, as a failover to a read-only server would.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/core/parse/index.ts';
import { createStore, migrateToLatest, type Store } from '../../src/store/db.ts';
import { storageFailure } from '../../src/store/storage-errors.ts';
import { PG_URL, postgresProblem } from '../store/helpers.ts';
import {
  bindMount,
  call,
  expectStorageError,
  fillDisk,
  listFiles,
  login,
  mountProblem,
  mountTmpfs,
  setReadOnly,
  unmount,
} from './conditions.ts';
import { killHard, startServer, type ServerProcess } from './server-process.ts';
import { attach, editAssignment, importReport, prepare, reportFor, submit, type World } from './world.ts';

async function plansOfYear(w: World, year: number): Promise<number> {
  const list = (await (await call(w.url, w.coordinator, 'GET', '/plans?limit=200')).json()) as {
    items: { year: number }[];
  };
  return list.items.filter((p) => p.year === year).length;
}

async function expectReadsWork(w: World): Promise<void> {
  const plan = await call(w.url, w.coordinator, 'GET', `/plans/${w.planId}`);
  expect(plan.status, 'plan read').toBe(200);
  const progress = await call(w.url, w.coordinator, 'GET', `/progress/${w.progressId}`);
  expect(progress.status, 'progress read').toBe(200);
  const mine = await call(w.url, w.reporter, 'GET', '/my/tasks');
  expect(mine.status, 'my tasks read').toBe(200);
}

async function expectAuditIntact(w: World): Promise<void> {
  const res = await call(w.url, w.admin, 'GET', '/audit/verify');
  expect(res.status).toBe(200);
  const body = (await res.json()) as { ok: boolean; reason?: string };
  expect(body.ok, body.reason).toBe(true);
}

/**
 * Every kind of write is refused with a clear 503 while the condition holds; `strict` false lets a write
 * that still fits (PostgreSQL fills free space in existing pages on a full disk) succeed, and returns it.
 */
async function expectWritesRefused(
  w: World,
  reason: string,
  year: number,
  strict: boolean,
): Promise<{ acknowledged: string[] }> {
  const acknowledged: string[] = [];
  const attachmentsBefore = listFiles(path.join(w.dataDir, 'attachments'));
  const reportsBefore = listFiles(path.join(w.dataDir, 'reports'));

  const imported = await importReport(w, year);
  await expectStorageError(imported, reason, 'report import');
  expect(await plansOfYear(w, year), 'no half-imported plan').toBe(0);

  const attached = await attach(w, '照片说明.txt');
  await expectStorageError(attached, reason, 'attachment upload');
  expect(listFiles(path.join(w.dataDir, 'attachments')), 'no partial attachment file').toEqual(
    attachmentsBefore,
  );
  expect(listFiles(path.join(w.dataDir, 'reports')), 'no partial report file').toEqual(reportsBefore);

  const period = w.periods.shift() ?? '';
  const submitted = await submit(w, 1, period, '存储故障期间的报送。');
  if (strict || submitted.status !== 201) await expectStorageError(submitted, reason, 'progress submission');
  else acknowledged.push(((await submitted.json()) as { id: string }).id);

  const edited = await editAssignment(w, '故障期间修改');
  if (strict || edited.status !== 200) await expectStorageError(edited, reason, 'assignment edit');

  const loginRes = await call(w.url, null, 'POST', '/auth/login', {
    username: 'leader',
    password: 'test-password-1',
  });
  if (strict || loginRes.status !== 200) await expectStorageError(loginRes, reason, 'login');
  return { acknowledged };
}

/** After the condition clears: every kind of write succeeds again, in the same server process. */
async function expectWritesRecover(w: World, year: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  let first = await submit(w, 2, w.periods.shift() ?? '', '恢复后的报送。');
  // PostgreSQL: the pool reconnects after the failover back; allow it a moment.
  while (first.status === 503 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    first = await submit(w, 2, w.periods.shift() ?? '', '恢复后的报送。');
  }
  expect(first.status, await first.clone().text()).toBe(201);
  const id = ((await first.json()) as { id: string }).id;
  expect((await call(w.url, w.coordinator, 'GET', `/progress/${id}`)).status).toBe(200);

  const imported = await importReport(w, year);
  expect(imported.status, await imported.clone().text()).toBe(201);
  const plan = (await imported.json()) as { plan: { id: string } };
  const detail = (await (await call(w.url, w.coordinator, 'GET', `/plans/${plan.plan.id}`)).json()) as {
    tasks: unknown[];
  };
  expect(detail.tasks.length, 'the import is whole').toBe(parseReport(reportFor(year)).tasks.length);

  const attached = await attach(w, '恢复后附件.txt');
  expect(attached.status, await attached.clone().text()).toBe(201);

  const edited = await editAssignment(w, `恢复后修改 ${year}`);
  expect(edited.status, await edited.clone().text()).toBe(200);

  await login(w.url, 'leader');
  await expectAuditIntact(w);
}

function requireConditions(what: string): boolean {
  const problem = mountProblem();
  if (problem === null) return true;
  if (process.env.CI === 'true') throw new Error(`${what} needs real mounts under CI: ${problem}`);
  console.warn(`\n!!! SKIPPING ${what}: ${problem} !!!\n`);
  return false;
}

describe('storage errors are classified', () => {
  it('maps SQLite, PostgreSQL and file-system codes to read-only, disk-full or unavailable', () => {
    const e = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });
    expect(storageFailure(e('SQLITE_READONLY'))?.reason).toBe('read-only');
    expect(storageFailure(e('SQLITE_READONLY_DBMOVED'))?.reason).toBe('read-only');
    expect(storageFailure(e('SQLITE_FULL'))?.reason).toBe('disk-full');
    expect(storageFailure(e('SQLITE_IOERR_WRITE'))?.reason).toBe('unavailable');
    expect(storageFailure(e('SQLITE_CANTOPEN'))?.reason).toBe('unavailable');
    expect(storageFailure(e('25006'))?.reason).toBe('read-only');
    expect(storageFailure(e('53100'))?.reason).toBe('disk-full');
    expect(storageFailure(e('53200'))?.reason).toBe('unavailable');
    expect(storageFailure(e('54000'))?.reason).toBe('unavailable');
    expect(storageFailure(e('57P03'))?.reason).toBe('unavailable');
    expect(storageFailure(e('ENOSPC'))?.reason).toBe('disk-full');
    expect(storageFailure(e('EROFS'))?.reason).toBe('read-only');
    expect(storageFailure(new AggregateError([e('ECONNREFUSED')]))?.reason).toBe('unavailable');
    expect(storageFailure(new Error('Connection terminated unexpectedly'))?.reason).toBe('unavailable');
    expect(storageFailure(new Error('wrapped', { cause: e('SQLITE_FULL') }))?.reason).toBe('disk-full');
    expect(storageFailure(e('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
    expect(storageFailure(e('23505'))).toBeNull();
    expect(storageFailure(new Error('plain'))).toBeNull();
  });
});

describe('storage faults [sqlite]: read-only bind mount, then a full tmpfs', () => {
  let tmpfs: string | null = null;
  let readOnlyView: string | null = null;
  let store: Store | null = null;
  let server: ServerProcess | null = null;
  let world: World | null = null;
  let dataDir = '';

  beforeAll(async () => {
    if (!requireConditions('SQLite storage fault tests')) return;
    tmpfs = mountTmpfs(64);
    dataDir = path.join(tmpfs, 'data');
    // This store stays open for the whole suite (as a second process would), so the WAL files stay.
    store = createStore({
      databaseUrl: null,
      databaseSchema: null,
      sqlitePath: path.join(dataDir, 'luoshi.db'),
    });
    await migrateToLatest(store);
    const prepared = await prepare(
      { kind: 'sqlite', store, schema: null, dir: dataDir },
      { LUOSHI_DATA_DIR: dataDir },
    );
    world = prepared.world;
    // The server crashes; the volume comes back read-only; the server is started on it.
    await killHard(prepared.server);
    readOnlyView = bindMount(dataDir);
    setReadOnly(readOnlyView, true);
    server = await startServer({ LUOSHI_DATA_DIR: readOnlyView });
    world = { ...world, url: server.url, dataDir: readOnlyView };
  }, 120_000);

  afterAll(async () => {
    if (process.env.DEBUG_FAULTS) console.log(server?.log());
    if (server) await killHard(server);
    if (store) await store.destroy();
    if (readOnlyView) unmount(readOnlyView);
    if (tmpfs) unmount(tmpfs);
  });

  it('read-only: writes answer 503, reads work, and writes recover when the volume is writable again', async (ctx) => {
    if (!world || !readOnlyView) return ctx.skip();
    expect(() => fs.writeFileSync(path.join(readOnlyView ?? '', 'probe'), 'x')).toThrow(/EROFS|read-only/);
    try {
      await expectReadsWork(world);
      await expectWritesRefused(world, 'read-only', 2031, true);
      await expectAuditIntact(world);
    } finally {
      setReadOnly(readOnlyView, false);
    }
    await expectWritesRecover(world, 2031);
  }, 60_000);

  it('disk full: writes answer 503 (SQLITE_FULL, ENOSPC), nothing half-written, recovery when space is freed', async (ctx) => {
    if (!world || !store || !tmpfs) return ctx.skip();
    // Empty the WAL so that every commit needs new space on the disk.
    await sql`pragma wal_checkpoint(truncate)`.execute(store.db);
    const filler = fillDisk(tmpfs);
    try {
      expect(() => fs.writeFileSync(path.join(tmpfs ?? '', 'probe'), 'x')).toThrow(/ENOSPC/);
      await expectReadsWork(world);
      await expectWritesRefused(world, 'disk-full', 2032, true);
      await expectAuditIntact(world);
    } finally {
      fs.rmSync(filler);
    }
    await expectWritesRecover(world, 2032);
    const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
    expect(check.rows.map((r) => r.integrity_check)).toEqual(['ok']);
    expect(server?.log() ?? '').not.toMatch(/"level":60|FATAL/);
  }, 60_000);
});

describe('storage faults [postgres]: read-only database, then a tablespace on a full tmpfs', () => {
  let tmpfs: string | null = null;
  let admin: pg.Client | null = null;
  let store: Store | null = null;
  let server: ServerProcess | null = null;
  let world: World | null = null;
  const name = `luoshi_fault_${crypto.randomBytes(4).toString('hex')}`;
  let created = false;

  const dropSessions = async (): Promise<void> => {
    await admin?.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    await new Promise((r) => setTimeout(r, 300));
  };

  beforeAll(async () => {
    const problem = await postgresProblem();
    if (problem !== null) {
      if (process.env.CI === 'true') throw new Error(`PostgreSQL is required under CI: ${problem}`);
      console.warn(`\n!!! SKIPPING PostgreSQL storage fault tests: ${problem} !!!\n`);
      return;
    }
    if (!requireConditions('PostgreSQL storage fault tests')) return;
    tmpfs = mountTmpfs(64);
    const tablespaceDir = path.join(tmpfs, 'tablespace');
    fs.mkdirSync(tablespaceDir);
    execFileSync('chown', ['postgres:postgres', tablespaceDir]);
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create tablespace ${name} location '${tablespaceDir}'`);
    await admin.query(`create database ${name} tablespace ${name}`);
    created = true;
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    const databaseUrl = url.toString();
    const dataDir = path.join(tmpfs, 'data');
    store = createStore({ databaseUrl, databaseSchema: null, sqlitePath: '' });
    await migrateToLatest(store);
    const prepared = await prepare(
      { kind: 'postgres', store, schema: null, dir: dataDir },
      { LUOSHI_DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    );
    server = prepared.server;
    world = prepared.world;
  }, 120_000);

  afterAll(async () => {
    // A server that died mid-test tells why.
    if (process.env.DEBUG_FAULTS || (server && server.child.exitCode !== null)) console.log(server?.log());
    if (server) await killHard(server);
    if (store) await store.destroy();
    if (admin) {
      if (created) {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.query(`drop tablespace if exists ${name}`);
      }
      await admin.end();
    }
    if (tmpfs) unmount(tmpfs);
  });

  it('read-only: writes answer 503 (25006), reads work, and writes recover when it is writable again', async (ctx) => {
    if (!world || !admin) return ctx.skip();
    await admin.query(`alter database ${name} set default_transaction_read_only = on`);
    await dropSessions();
    try {
      await expectReadsWork(world);
      await expectWritesRefused(world, 'read-only', 2031, true);
      await expectAuditIntact(world);
    } finally {
      await admin.query(`alter database ${name} reset default_transaction_read_only`);
      await dropSessions();
    }
    await expectWritesRecover(world, 2031);
  }, 60_000);

  it('disk full: writes answer 503 (53100, ENOSPC), nothing half-written, recovery when space is freed', async (ctx) => {
    if (!world || !tmpfs) return ctx.skip();
    const filler = fillDisk(tmpfs);
    const acknowledged: string[] = [];
    try {
      // Commits may still fit in free space of existing pages; submit until the disk refuses.
      let refused: Response | null = null;
      for (let i = 0; i < 40 && refused === null; i++) {
        const res = await submit(world, i, world.periods.shift() ?? '', `磁盘将满时的报送 ${i}。`);
        if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
        else refused = res;
      }
      expect(refused, 'a submission is refused once the disk is full').not.toBeNull();
      if (refused) await expectStorageError(refused, 'disk-full', 'progress submission');
      await expectReadsWork(world);
      const more = await expectWritesRefused(world, 'disk-full', 2032, false);
      acknowledged.push(...more.acknowledged);
      await expectAuditIntact(world);
    } finally {
      fs.rmSync(filler);
    }
    await expectWritesRecover(world, 2032);
    for (const id of acknowledged) {
      expect((await call(world.url, world.coordinator, 'GET', `/progress/${id}`)).status).toBe(200);
    }
  }, 60_000);
});
