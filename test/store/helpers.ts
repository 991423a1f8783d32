import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Plan } from '../../src/core/plan/types.ts';
import { createStore, migrateToLatest, type Store } from '../../src/store/db.ts';
import type { ServiceContext } from '../../src/services/context.ts';

export const PG_URL =
  process.env.TEST_DATABASE_URL ??
  process.env.LUOSHI_TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

let pgCheck: Promise<string | null> | null = null;

/** null when PostgreSQL answers, else the reason it does not. */
export function postgresProblem(): Promise<string | null> {
  pgCheck ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return pgCheck;
}

export type DbKind = 'sqlite' | 'postgres';

export type TestDb = { kind: DbKind; store: Store; schema: string | null; dir: string };

/** A fresh, migrated database: a temp SQLite file, or a new PostgreSQL schema. */
export async function openTestDb(kind: DbKind): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-'));
  if (kind === 'sqlite') {
    const store = createStore({
      databaseUrl: null,
      databaseSchema: null,
      sqlitePath: path.join(dir, 'test.db'),
    });
    await migrateToLatest(store);
    return { kind, store, schema: null, dir };
  }
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const store = createStore({ databaseUrl: PG_URL, databaseSchema: schema, sqlitePath: '' });
  await migrateToLatest(store, schema);
  return { kind, store, schema, dir };
}

/** A second, independent connection pool to the same database (as a second server process would have). */
export function openSecondStore(t: TestDb): Store {
  return t.kind === 'sqlite'
    ? createStore({ databaseUrl: null, databaseSchema: null, sqlitePath: path.join(t.dir, 'test.db') })
    : createStore({ databaseUrl: PG_URL, databaseSchema: t.schema, sqlitePath: '' });
}

export async function closeTestDb(t: TestDb): Promise<void> {
  if (t.kind === 'postgres' && t.schema !== null) {
    const { sql } = await import('kysely');
    await sql`drop schema if exists ${sql.id(t.schema)} cascade`.execute(t.store.db);
  }
  await t.store.destroy();
  fs.rmSync(t.dir, { recursive: true, force: true });
}

/**
 * Run a suite once per database. PostgreSQL missing: under CI=true the suite fails; elsewhere it is
 * skipped with a loud warning.
 */
export function describeEachDb(name: string, suite: (db: () => TestDb) => void): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    describe(`${name} [${kind}]`, () => {
      let current: TestDb | null = null;
      let skipReason: string | null = null;
      beforeAll(async () => {
        if (kind === 'postgres') {
          const problem = await postgresProblem();
          if (problem !== null) {
            if (process.env.CI === 'true') {
              throw new Error(`PostgreSQL at ${PG_URL} is required under CI: ${problem}`);
            }
            skipReason = problem;
            console.warn(`\n!!! SKIPPING PostgreSQL tests of "${name}": ${problem} (${PG_URL}) !!!\n`);
            return;
          }
        }
        current = await openTestDb(kind);
      });
      afterAll(async () => {
        if (current) await closeTestDb(current);
      });
      suite(() => {
        if (skipReason !== null) return null as unknown as TestDb;
        if (!current) throw new Error('test database not open');
        return current;
      });
    });
  }
}

/** `it` that becomes a no-op when the suite's database is skipped (outside CI only). */
export function itDb(
  db: () => TestDb,
  name: string,
  fn: (t: TestDb) => Promise<void>,
  timeout?: number,
): void {
  it(
    name,
    async (ctx) => {
      const t = db();
      if (t === null) {
        ctx.skip();
        return;
      }
      await fn(t);
    },
    timeout,
  );
}

export function testContext(t: TestDb, now = new Date('2017-07-10T02:00:00Z')): ServiceContext {
  return {
    store: t.store,
    now: () => now,
    attachmentsDir: path.join(t.dir, 'attachments'),
    reportsDir: path.join(t.dir, 'reports'),
    maxUploadBytes: 5 * 1024 * 1024,
  };
}

/** A small Plan as the parser would give it, with overrides. */
export function makePlan(overrides: Partial<Plan> = {}): Plan {
  const text =
    '2017年示范市政府工作报告\n一、2017年重点工作\n（一）发展教育。新建幼儿园50所以上。\n（二）扩大融资。新增贷款175亿元。';
  const plan: Plan = {
    title: '2017年示范市政府工作报告',
    region: '示范市',
    level: 'city',
    year: 2017,
    source: { sha256: crypto.createHash('sha256').update(text).digest('hex'), chars: text.length, copies: 1 },
    sections: [
      {
        id: 's1',
        title: '一、2017年重点工作',
        kind: 'plan',
        depth: 1,
        span: [14, 25],
        children: [
          { id: 's1.1', title: '（一）发展教育。', kind: 'plan', depth: 2, span: [26, 45], children: [] },
          { id: 's1.2', title: '（二）扩大融资。', kind: 'plan', depth: 2, span: [46, 64], children: [] },
        ],
      },
    ],
    tasks: [
      {
        id: 't1',
        sectionId: 's1.1',
        title: '发展教育',
        text: '发展教育。新建幼儿园50所以上。',
        span: [29, 45],
      },
      { id: 't2', sectionId: 's1.2', title: '扩大融资', text: '扩大融资。新增贷款175亿元。', span: [49, 64] },
      {
        id: 't3',
        sectionId: 's1.2',
        title: '小微贷款',
        text: '一是小微贷款。',
        span: [55, 60],
        parentId: 't2',
      },
    ],
    targets: [
      {
        id: 'g1',
        sectionId: 's1.1',
        taskId: 't1',
        quote: '新建幼儿园50所以上',
        span: [34, 44],
        subject: '新建幼儿园',
        low: 50,
        high: 50,
        unit: '所',
        comparator: '>=',
        direction: 'increase',
        horizon: 'year',
        dueYear: 2017,
      },
      {
        id: 'g2',
        sectionId: 's1.2',
        taskId: 't2',
        quote: '新增贷款175亿元',
        span: [54, 63],
        subject: '新增贷款',
        low: 175,
        high: 175,
        unit: '亿元',
        comparator: '>=',
        direction: 'increase',
        horizon: 'year',
        dueYear: 2017,
      },
      {
        id: 'g3',
        sectionId: 's1',
        taskId: null,
        quote: 'CPI涨幅3%左右',
        span: [14, 20],
        subject: 'CPI涨幅',
        low: 2.5,
        high: 3.5,
        unit: '%',
        comparator: '<=',
        direction: 'keep',
        horizon: 'year',
        dueYear: 2017,
      },
    ],
    baselines: [
      {
        id: 'b1',
        sectionId: 's1',
        quote: '生产总值2353.1亿元',
        span: [0, 5],
        subject: '生产总值',
        value: 2353.1,
        unit: '亿元',
        year: 2016,
      },
    ],
    problems: [{ code: 'target-without-unit', message: '示例问题', span: [1, 2] }],
    ...overrides,
  };
  return plan;
}
