import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { SqliteDatabase as KyselySqliteDatabase, Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** A database handle or an open transaction: repositories accept either. */
export type Executor = Kysely<Database>;

export type Store = {
  db: Db;
  dialect: Dialect;
  /** Where the SQLite file lives (null on PostgreSQL). */
  sqlitePath: string | null;
  destroy: () => Promise<void>;
};

export type StoreConfig = Pick<Config, 'databaseUrl' | 'databaseSchema' | 'sqlitePath'>;

/**
 * Open the database named by the config: PostgreSQL when `databaseUrl` is set, otherwise SQLite (WAL)
 * at `sqlitePath` (`:memory:` allowed). Does not migrate; call `migrateToLatest`.
 */
export function createStore(config: StoreConfig): Store {
  if (config.databaseUrl !== null) {
    const schema = config.databaseSchema;
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      ...(schema !== null ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle pooled connection that the server drops (restart, failover, terminated backend) emits 'error'
    // on the pool; unhandled, it would end the process. The pool discards it and connects anew.
    pool.on('error', () => undefined);
    // The same for a connection dropped while checked out (between the statements of a transaction): the
    // client emits 'error' with no listener of Kysely's; the statement in flight fails with it instead.
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', sqlitePath: null, destroy: () => db.destroy() };
  }
  if (config.sqlitePath !== ':memory:') fs.mkdirSync(path.dirname(config.sqlitePath), { recursive: true });
  const database = reopeningSqlite(config.sqlitePath);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    dialect: 'sqlite',
    sqlitePath: config.sqlitePath === ':memory:' ? null : config.sqlitePath,
    destroy: () => db.destroy(),
  };
}

function openSqlite(file: string): SqliteDatabase.Database {
  const database = new SqliteDatabase(file);
  try {
    database.pragma('journal_mode = WAL');
  } catch {
    // A read-only database keeps the journal mode it has (ours are WAL already).
  }
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  return database;
}

const NO_OP = {
  reader: false,
  all: () => [],
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
  iterate: () => [][Symbol.iterator](),
};

function writable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The SQLite connection. SQLite opens a database whose file or volume is read-only read-only (writes then
 * fail with SQLITE_READONLY, answered 503) and keeps it so. After such an error, once the file is writable
 * again, the next statement outside a transaction reopens the database read-write: writes recover without
 * restarting the server.
 */
function reopeningSqlite(file: string): KyselySqliteDatabase {
  let current = openSqlite(file);
  let degraded = false;
  let checkedAt = 0;
  const watch = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /^SQLITE_(READONLY|CANTOPEN)/.test(code)) degraded = true;
      throw error;
    }
  };
  return {
    close: () => current.close(),
    prepare: (source: string) => {
      if (degraded && !current.inTransaction && Date.now() - checkedAt > 200) {
        checkedAt = Date.now();
        if (writable(file)) {
          current.close();
          current = openSqlite(file);
          degraded = false;
        }
      }
      // SQLite rolls a transaction back itself on some errors (SQLITE_FULL, SQLITE_IOERR, …); Kysely's
      // rollback then fails with "no transaction is active" and would hide the real error.
      if (!current.inTransaction && /^\s*rollback\s*$/i.test(source)) return NO_OP;
      const statement = watch(() => current.prepare(source));
      return {
        reader: statement.reader,
        all: (parameters: readonly unknown[]) => watch(() => statement.all(parameters)),
        run: (parameters: readonly unknown[]) => watch(() => statement.run(parameters)),
        iterate: (parameters: readonly unknown[]) => watch(() => statement.iterate(parameters)),
      };
    },
  };
}

/** Run every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(store: Store, schema: string | null = null): Promise<string[]> {
  if (store.dialect === 'postgres' && schema !== null) {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(store.db);
  }
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(store.dialect === 'postgres' && schema !== null ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined) {
    const name = failed?.migrationName ?? 'unknown';
    throw new Error(
      `migration ${name} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      {
        cause: error,
      },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Serialise audit-chain appends across processes. SQLite already runs one write transaction at a time;
 * PostgreSQL takes a transaction-scoped advisory lock.
 */
export async function lockAuditChain(trx: Executor, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7151, 1)`.execute(trx);
}

/**
 * Serialise writers on one key across processes for the rest of the transaction (PostgreSQL
 * advisory lock; SQLite runs one write transaction at a time anyway).
 */
export async function lockKey(trx: Executor, dialect: Dialect, key: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7151, hashtext(${key}))`.execute(trx);
}

/** Whether an error is a unique or primary-key violation, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Convert a count(*) result (bigint string on PostgreSQL) to a number. */
export function toCount(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
