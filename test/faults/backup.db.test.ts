// `luoshi backup` while a real server process keeps taking progress submissions and assignment edits, then
// `luoshi restore` of each backup into a fresh LUOSHI_DATA_DIR (during writes the command's functions run in
// this process, the final backup and restore run the real CLI): every restored database passes SQLite's
// integrity and foreign-key checks, its audit chain verifies, it holds every write acknowledged before the
// backup started, and its rows are a consistent snapshot of the source (each one equal to the source's row,
// audit entries exactly matching the progress rows). A final backup after writes stop restores to a tenant
// export identical to the source's. SQLite only: on PostgreSQL `luoshi backup` defers to pg_dump.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupSqlite, restoreSqlite } from '../../src/cli/commands/backup.ts';
import { exportTenantData, type TenantExport } from '../../src/services/tenant-data.ts';
import { createStore, migrateToLatest, type Store } from '../../src/store/db.ts';
import { verifyAudit } from '../../src/store/audit-repository.ts';
import { TENANT_TABLES } from '../../src/store/tenant-export.ts';
import { buildServerBundle, killHard, type ServerProcess } from './server-process.ts';
import { editAssignment, prepare, submit, type World } from './world.ts';

const run = promisify(execFile);
const BACKUPS_DURING_WRITES = 4;

async function luoshi(args: string[], dataDir: string): Promise<string> {
  const bundle = await buildServerBundle();
  const { stdout } = await run(process.execPath, [bundle, ...args], {
    env: { ...process.env, LUOSHI_DATA_DIR: dataDir, DATABASE_URL: '' },
  });
  return stdout;
}

function openSqlite(dataDir: string): Store {
  return createStore({
    databaseUrl: null,
    databaseSchema: null,
    sqlitePath: path.join(dataDir, 'luoshi.db'),
  });
}

function exportOf(store: Store, dataDir: string, tenantId: string): Promise<TenantExport> {
  return exportTenantData(
    {
      store,
      now: () => new Date(0),
      attachmentsDir: path.join(dataDir, 'attachments'),
      reportsDir: path.join(dataDir, 'reports'),
      maxUploadBytes: 1024 * 1024,
    },
    tenantId,
  );
}

/** A row's identity within its table: its id, or the whole row for link tables, or task_id for assignments. */
function rowKey(table: string, row: Record<string, unknown>): string {
  if (table === 'assignments') return String(row.task_id);
  return typeof row.id === 'string' ? row.id : JSON.stringify(row);
}

type Ack = { id: string; at: number };
type Edit = { version: number; at: number };

describe('backup while writes go on, restore into a fresh directory [sqlite]', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-backup-'));
  const dataDir = path.join(root, 'source');
  let store: Store | null = null;
  let server: ServerProcess | null = null;
  let world: World | null = null;
  let tenantId = '';
  const restored: Store[] = [];

  beforeAll(async () => {
    store = openSqlite(dataDir);
    await migrateToLatest(store);
    const prepared = await prepare(
      { kind: 'sqlite', store, schema: null, dir: dataDir },
      { LUOSHI_DATA_DIR: dataDir },
    );
    server = prepared.server;
    world = prepared.world;
    const tenant = await store.db
      .selectFrom('tenants')
      .select('id')
      .where('name', '=', '许昌市')
      .executeTakeFirstOrThrow();
    tenantId = tenant.id;
  }, 120_000);

  afterAll(async () => {
    if (server) await killHard(server);
    for (const s of restored) await s.destroy();
    if (store) await store.destroy();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it(`takes ${BACKUPS_DURING_WRITES} consistent backups during writes and an identical one after`, async (ctx) => {
    if (!world || !store || !server) return ctx.skip();
    const w = world;
    const acks: Ack[] = [];
    const edits: Edit[] = [];
    let writing = true;
    // Three writers: two reporter sessions submitting progress, a coordinator editing an assignment.
    const reporterLoop = async (k: number): Promise<void> => {
      for (let i = k; writing && w.periods.length > 0; i += 2) {
        const res = await submit(w, i, w.periods.shift() ?? '', `备份期间的报送 ${i}。`);
        expect(res.status, await res.clone().text()).toBe(201);
        acks.push({ id: ((await res.json()) as { id: string }).id, at: Date.now() });
        // Paced, so the 72 periods last through all the backups even on a fast, idle machine.
        await new Promise((r) => setTimeout(r, 30));
      }
    };
    const reporters = [reporterLoop(0), reporterLoop(1)];
    const coordinatorLoop = (async () => {
      for (let i = 0; writing; i++) {
        const res = await editAssignment(w, `备份期间第 ${i} 次调整`);
        expect(res.status, await res.clone().text()).toBe(200);
        const body = (await res.json()) as { version: number };
        edits.push({ version: body.version, at: Date.now() });
      }
    })();

    const backups: { file: string; startedAt: number; ms: number }[] = [];
    // The first backup once writes are under way, then one every 300 ms.
    const waitUntil = Date.now() + 30_000;
    while (acks.length === 0 && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < BACKUPS_DURING_WRITES; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 300));
      const file = path.join(root, `backup-${i}.db`);
      const startedAt = Date.now();
      await backupSqlite(path.join(dataDir, 'luoshi.db'), file);
      backups.push({ file, startedAt, ms: Date.now() - startedAt });
    }
    writing = false;
    await Promise.all([...reporters, coordinatorLoop]);
    const during = (at: number): boolean =>
      backups.some((b) => at >= b.startedAt && at <= b.startedAt + b.ms);
    const writesDuring = acks.filter((a) => during(a.at)).length + edits.filter((e) => during(e.at)).length;
    console.log(
      `backups during writes: ${backups.map((b) => `${b.ms} ms`).join(', ')}; ${acks.length} submissions and ${edits.length} edits acknowledged meanwhile, ${writesDuring} of them while a backup ran`,
    );
    const first = backups[0]?.startedAt ?? 0;
    const last = backups.at(-1)?.startedAt ?? 0;
    expect(
      acks.filter((a) => a.at > first && a.at < last).length,
      'submissions were acknowledged between the backups',
    ).toBeGreaterThan(0);
    expect(acks.length, 'submissions went on during the backups').toBeGreaterThan(BACKUPS_DURING_WRITES);
    expect(edits.length, 'edits went on during the backups').toBeGreaterThan(BACKUPS_DURING_WRITES);

    // Writes have stopped: the final backup must restore to exactly the source.
    const sourceBefore = await exportOf(store, dataDir, tenantId);
    const finalFile = path.join(root, 'backup-final.db');
    await luoshi(['backup', finalFile], dataDir);
    const sourceAfter = await exportOf(store, dataDir, tenantId);
    expect(sourceAfter.data, 'the source did not change during the final backup').toEqual(sourceBefore.data);
    const finalSource = sourceAfter;

    const task0 = w.taskIds[0] ?? '';
    for (const [i, backup] of [...backups, { file: finalFile, startedAt: Date.now() }].entries()) {
      const label = i < backups.length ? `backup ${i}` : 'final backup';
      const fresh = path.join(root, `restored-${i}`);
      if (i < backups.length) await restoreSqlite(path.join(fresh, 'luoshi.db'), backup.file);
      else expect(await luoshi(['restore', backup.file], fresh), label).toMatch(/审计链完整/);
      const r = openSqlite(fresh);
      restored.push(r);
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(r.db);
      expect(
        integrity.rows.map((x) => x.integrity_check),
        label,
      ).toEqual(['ok']);
      const fk = await sql`pragma foreign_key_check`.execute(r.db);
      expect(fk.rows, label).toEqual([]);
      const audit = await verifyAudit(r.db);
      expect(audit.ok, `${label}: ${audit.ok ? '' : audit.reason}`).toBe(true);

      // Every write acknowledged before the backup started is in it.
      const ids = new Set(
        (await r.db.selectFrom('progress_reports').select('id').execute()).map((x) => x.id),
      );
      for (const ack of acks.filter((a) => a.at < backup.startedAt)) {
        expect(ids.has(ack.id), `${label} lacks acknowledged submission ${ack.id}`).toBe(true);
      }
      const assignment = await r.db
        .selectFrom('assignments')
        .select('version')
        .where('task_id', '=', task0)
        .executeTakeFirstOrThrow();
      const lastEdit = edits.filter((e) => e.at < backup.startedAt).at(-1);
      expect(assignment.version, label).toBeGreaterThanOrEqual(lastEdit?.version ?? 1);

      // A consistent snapshot: progress rows and their audit entries match one for one.
      const audited = await r.db
        .selectFrom('audit_log')
        .select('entity_id')
        .where('action', '=', 'progress.create')
        .execute();
      expect(new Set(audited.map((x) => x.entity_id)), label).toEqual(ids);

      const snapshot = await exportOf(r, fresh, tenantId);
      if (i === backups.length) {
        // Identical data after writes stopped: database rows, attachments and uploaded report files.
        expect(snapshot.data, label).toEqual(finalSource.data);
        expect(snapshot.files, label).toEqual(finalSource.files);
        expect(snapshot.reportFiles, label).toEqual(finalSource.reportFiles);
        expect(Object.keys(snapshot.reportFiles).length, label).toBeGreaterThan(0);
      } else {
        // Each row of the snapshot is the source's row as it is now (only the assignment edited meanwhile
        // may differ), and nothing is in the snapshot that the source does not have.
        for (const table of TENANT_TABLES) {
          const now = new Map(
            (finalSource.data.tables[table] as Record<string, unknown>[]).map((row) => [
              rowKey(table, row),
              row,
            ]),
          );
          for (const row of snapshot.data.tables[table] as Record<string, unknown>[]) {
            const current = now.get(rowKey(table, row));
            expect(current, `${label}: ${table} row not in the source`).toBeDefined();
            if (table !== 'assignments' || row.task_id !== task0)
              expect(row, `${label}: ${table}`).toEqual(current);
          }
        }
      }
    }
  }, 120_000);
});
