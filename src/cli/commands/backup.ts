import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Command } from 'commander';
import { createStore } from '../../store/db.ts';
import { verifyAudit } from '../../store/audit-repository.ts';
import { configOrExit } from './runtime.ts';

/** Copy the live SQLite database to `file` with SQLite's online backup (safe while serving). */
export async function backupSqlite(sqlitePath: string, file: string): Promise<void> {
  if (!fs.existsSync(sqlitePath)) throw new Error(`数据库不存在 / no database at ${sqlitePath}`);
  if (fs.existsSync(file)) throw new Error(`目标文件已存在 / ${file} exists already`);
  const db = new SqliteDatabase(sqlitePath, { readonly: true, fileMustExist: true });
  try {
    await db.backup(file);
  } finally {
    db.close();
  }
}

/** Replace the SQLite database with a backup after checking that it is one of ours. Stop the server first. */
export async function restoreSqlite(sqlitePath: string, file: string): Promise<{ auditEntries: number }> {
  if (!fs.existsSync(file)) throw new Error(`备份文件不存在 / no such file: ${file}`);
  let source: SqliteDatabase.Database;
  try {
    source = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    source.prepare('select count(*) as n from kysely_migration').get();
  } catch {
    throw new Error(`不是落实的数据库备份 / not a Luoshi database backup: ${file}`);
  }
  const tmp = `${sqlitePath}.restore-${process.pid}`;
  fs.mkdirSync(path.dirname(sqlitePath), { recursive: true });
  try {
    await source.backup(tmp);
  } finally {
    source.close();
  }
  const check = createStore({ databaseUrl: null, databaseSchema: null, sqlitePath: tmp });
  const audit = await verifyAudit(check.db);
  await check.destroy();
  if (!audit.ok) {
    fs.rmSync(tmp, { force: true });
    throw new Error(
      `备份的审计链不完整：第 ${audit.seq} 条 / the backup's audit chain is broken at ${audit.seq}: ${audit.reason}`,
    );
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${sqlitePath}${suffix}`, { force: true });
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${tmp}${suffix}`, { force: true });
  fs.renameSync(tmp, sqlitePath);
  return { auditEntries: audit.entries };
}

/** `luoshi backup FILE` and `luoshi restore FILE` (SQLite; on PostgreSQL use pg_dump / pg_restore). */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('在线备份 SQLite 数据库 / online backup of the SQLite database')
    .argument('<file>', '备份文件 / backup file to write')
    .action(async (file: string) => {
      const config = configOrExit();
      if (config.databaseUrl !== null) {
        console.error('PostgreSQL 请使用 pg_dump / on PostgreSQL use pg_dump');
        process.exitCode = 2;
        return;
      }
      try {
        await backupSqlite(config.sqlitePath, file);
        console.log(`已备份到 / backed up to ${file}`);
      } catch (error) {
        console.error((error as Error).message);
        process.exitCode = 1;
      }
    });
  program
    .command('restore')
    .description(
      '从备份恢复 SQLite 数据库（请先停止服务） / restore the SQLite database (stop the server first)',
    )
    .argument('<file>', '备份文件 / backup file')
    .action(async (file: string) => {
      const config = configOrExit();
      if (config.databaseUrl !== null) {
        console.error('PostgreSQL 请使用 pg_restore / on PostgreSQL use pg_restore');
        process.exitCode = 2;
        return;
      }
      try {
        const { auditEntries } = await restoreSqlite(config.sqlitePath, file);
        console.log(
          `已恢复，审计链完整（${auditEntries} 条） / restored; audit chain intact (${auditEntries} entries)`,
        );
      } catch (error) {
        console.error((error as Error).message);
        process.exitCode = 1;
      }
    });
}
