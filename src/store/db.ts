import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Transaction } from 'kysely';
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
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', sqlitePath: null, destroy: () => db.destroy() };
  }
  if (config.sqlitePath !== ':memory:') fs.mkdirSync(path.dirname(config.sqlitePath), { recursive: true });
  const database = new SqliteDatabase(config.sqlitePath);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    dialect: 'sqlite',
    sqlitePath: config.sqlitePath === ':memory:' ? null : config.sqlitePath,
    destroy: () => db.destroy(),
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
