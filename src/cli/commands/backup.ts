import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Command } from 'commander';
import { createStore } from '../../store/db.ts';
import { verifyAudit } from '../../store/audit-repository.ts';
import { configOrExit } from './runtime.ts';

/** The data directory's file stores: attachments and uploaded report files, both write-once. */
export interface FileDirs {
  attachmentsDir: string;
  reportsDir: string;
}

/** Where a backup keeps its files: `FILE.files/attachments` and `FILE.files/reports`. */
export const backupFilesDir = (file: string): string => `${file}.files`;

const FILE_STORES = ['attachmentsDir', 'reportsDir'] as const;
const storeName = (key: (typeof FILE_STORES)[number]): string =>
  key === 'attachmentsDir' ? 'attachments' : 'reports';

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/**
 * Copy the live SQLite database to `file` with SQLite's online backup (safe while serving), then, when
 * `dirs` is given, the attachment and report files beside it. Files are written before the rows that
 * name them are committed and never change, so copying them after the snapshot covers every row in it.
 */
export async function backupSqlite(
  sqlitePath: string,
  file: string,
  dirs?: FileDirs,
): Promise<{ files: number }> {
  if (!fs.existsSync(sqlitePath)) throw new Error(`数据库不存在 / no database at ${sqlitePath}`);
  if (fs.existsSync(file)) throw new Error(`目标文件已存在 / ${file} exists already`);
  if (dirs && fs.existsSync(backupFilesDir(file)))
    throw new Error(`目标目录已存在 / ${backupFilesDir(file)} exists already`);
  const db = new SqliteDatabase(sqlitePath, { readonly: true, fileMustExist: true });
  try {
    await db.backup(file);
  } finally {
    db.close();
  }
  if (!dirs) return { files: 0 };
  let files = 0;
  for (const key of FILE_STORES) {
    const from = dirs[key];
    const to = path.join(backupFilesDir(file), storeName(key));
    fs.mkdirSync(to, { recursive: true });
    if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
    files += countFiles(to);
  }
  return { files };
}

/** Rows of a restored database whose file is not in the data directory (none after a full restore). */
function missingFiles(db: SqliteDatabase.Database, dirs: FileDirs): string[] {
  const rows = [
    ...(db.prepare('select storage_path as p from attachments').all() as { p: string }[]).map((r) =>
      path.join(dirs.attachmentsDir, r.p),
    ),
    ...(
      db.prepare('select storage_path as p from reports where storage_path is not null').all() as {
        p: string;
      }[]
    ).map((r) => path.join(dirs.reportsDir, r.p)),
  ];
  return rows.filter((p) => !fs.existsSync(p));
}

/** Replace the SQLite database with a backup after checking that it is one of ours. Stop the server first. */
export async function restoreSqlite(
  sqlitePath: string,
  file: string,
  dirs?: FileDirs,
): Promise<{ auditEntries: number; files: number; missingFiles: string[] }> {
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
  if (!dirs) return { auditEntries: audit.entries, files: 0, missingFiles: [] };
  let files = 0;
  for (const key of FILE_STORES) {
    const from = path.join(backupFilesDir(file), storeName(key));
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(dirs[key], { recursive: true });
    fs.cpSync(from, dirs[key], { recursive: true });
    files += countFiles(from);
  }
  const db = new SqliteDatabase(sqlitePath, { readonly: true, fileMustExist: true });
  try {
    return { auditEntries: audit.entries, files, missingFiles: missingFiles(db, dirs) };
  } finally {
    db.close();
  }
}

/** `luoshi backup FILE` and `luoshi restore FILE` (SQLite; on PostgreSQL use pg_dump / pg_restore). */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      '在线备份 SQLite 数据库及附件、报告原件（FILE 与 FILE.files/） / online backup of the SQLite database and its files (FILE and FILE.files/)',
    )
    .argument('<file>', '备份文件 / backup file to write')
    .action(async (file: string) => {
      const config = configOrExit();
      if (config.databaseUrl !== null) {
        console.error('PostgreSQL 请使用 pg_dump / on PostgreSQL use pg_dump');
        process.exitCode = 2;
        return;
      }
      try {
        const { files } = await backupSqlite(config.sqlitePath, file, config);
        console.log(
          `已备份到 / backed up to ${file}（附件与报告原件 ${files} 个，在 / files in ${backupFilesDir(file)}）`,
        );
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
        const {
          auditEntries,
          files,
          missingFiles: missing,
        } = await restoreSqlite(config.sqlitePath, file, config);
        console.log(
          `已恢复，审计链完整（${auditEntries} 条），文件 ${files} 个 / restored; audit chain intact (${auditEntries} entries), ${files} files`,
        );
        if (missing.length > 0) {
          console.error(
            `缺少 ${missing.length} 个文件（备份不含文件目录？） / ${missing.length} files are missing (a backup without its .files folder?): ${missing.slice(0, 5).join(', ')}`,
          );
          process.exitCode = 1;
        }
      } catch (error) {
        console.error((error as Error).message);
        process.exitCode = 1;
      }
    });
}
