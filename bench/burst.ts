// Month-end burst: 1,000 reporters (10 regions x 100 departments, one session each, created through the
// store rather than 1,000 argon2 logins) POST their progress report for the same period at once, over
// loopback HTTP to a real listening server in its own process, with the session cookie and the CSRF
// header as the browser sends them. One round of 1,000 requests, each bounded by a time limit.
// Afterwards the database is asked which acknowledged reports it holds: lost = acknowledged - found.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import SqliteDatabase from 'better-sqlite3';
import { createStore, type Store } from '../src/store/db.ts';
import { newToken, sha256Hex } from '../src/store/ids.ts';
import { createSession } from '../src/store/user-repository.ts';
import { postgresDataset, sqliteDataset, type Shape } from './data.ts';
import { burst, startServer, type Request } from './load.ts';
import { BENCH_DIR, benchDatabaseUrl, log, round, summarize } from './util.ts';

export const BURST_SHAPE: Shape = {
  tenants: 10,
  departments: 100,
  leaders: 5,
  tasks: 100,
  targetsPerTask: 3,
  periods: 9,
  planYear: 2026,
  deadline: '2026-12-31',
};
/** The month being reported at month-end (the periods before it are already accepted). */
const PERIOD = '2026-10';
const TIMEOUT_MS = 60_000;

export type BurstFigures = {
  reporters: number;
  wallMs: number;
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  statuses: Record<string, number>;
  acknowledged: number;
  rowsAfter: number;
  valuesAfter: number;
  lost: number;
};

export type BurstBench = BurstFigures & { postgres: BurstFigures | null; method: string };

/** One request per reporter: a session through the store, the task its department leads. */
async function requestsFor(store: Store): Promise<Request[]> {
  const db = store.db;
  const reporters = await db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'department_id'])
    .where('role', '=', 'reporter')
    .execute();
  const leads = await db.selectFrom('assignments').select(['task_id', 'lead_department_id']).execute();
  const taskOf = new Map(leads.map((a) => [a.lead_department_id, a.task_id] as const));
  const targets = await db.selectFrom('targets').select(['id', 'task_id']).orderBy('ord').execute();
  const targetsOf = new Map<string, string[]>();
  for (const t of targets) targetsOf.set(t.task_id ?? '', [...(targetsOf.get(t.task_id ?? '') ?? []), t.id]);
  const nowIso = new Date().toISOString();
  const expires = new Date(Date.now() + 3_600_000).toISOString();
  const out: Request[] = [];
  for (const u of reporters) {
    const taskId = taskOf.get(u.department_id);
    if (taskId === undefined) continue;
    const token = newToken();
    const csrf = newToken();
    await createSession(db, {
      id: sha256Hex(token),
      user_id: u.id,
      tenant_id: u.tenant_id,
      csrf_token: csrf,
      created_at: nowIso,
      expires_at: expires,
    });
    out.push({
      method: 'POST',
      path: `/api/v1/tasks/${taskId}/progress`,
      headers: { cookie: `luoshi_session=${token}; luoshi_csrf=${csrf}`, 'x-csrf-token': csrf },
      body: JSON.stringify({
        period: PERIOD,
        values: (targetsOf.get(taskId) ?? []).map((targetId, k) => ({ targetId, actual: 100 + k })),
        progress: `${PERIOD}：项目按计划推进，完成年度投资的83%。`,
        problems: '个别项目征地进度偏慢。',
        nextSteps: '加快征地拆迁，确保年底完工。',
      }),
    });
  }
  return out;
}

async function runOne(
  dialect: 'sqlite' | 'postgres',
  store: Store,
  serverOptions: Record<string, string>,
  countRows: (ids: string[]) => Promise<{ found: number; rows: number; values: number }>,
): Promise<BurstFigures> {
  const requests = await requestsFor(store);
  const server = await startServer(serverOptions);
  try {
    log(`burst ${dialect}: ${requests.length} reporters submit at once to ${server.url.origin}`);
    const { answers, wallMs } = await burst(server.url, requests, TIMEOUT_MS);
    const statuses: Record<string, number> = {};
    const ids: string[] = [];
    for (const a of answers) {
      const key = a.error !== null ? `network: ${a.error}` : String(a.status);
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (a.error === null && a.status >= 200 && a.status < 300) {
        ids.push((JSON.parse(a.body) as { id: string }).id);
      }
    }
    const errors = answers.length - ids.length;
    const { found, rows, values } = await countRows(ids);
    const lat = summarize(answers.map((a) => a.ms));
    return {
      reporters: requests.length,
      wallMs: Math.round(wallMs),
      requestsPerS: round(requests.length / (wallMs / 1000), 1),
      p50Ms: lat.p50Ms,
      p99Ms: lat.p99Ms,
      errors,
      statuses,
      acknowledged: ids.length,
      rowsAfter: rows,
      valuesAfter: values,
      lost: ids.length - found,
    };
  } finally {
    await server.stop();
  }
}

export async function runBurstBench(options: { postgres?: boolean } = {}): Promise<BurstBench> {
  // A fresh database every run: the burst writes to it.
  const file = path.join(BENCH_DIR, 'burst.sqlite');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  const gen = await sqliteDataset(file, BURST_SHAPE);
  log(`burst: SQLite dataset generated in ${gen.generationMs} ms`);
  const store = createStore({ databaseUrl: null, databaseSchema: null, sqlitePath: file });
  let sqlite: BurstFigures;
  try {
    sqlite = await runOne('sqlite', store, { sqlitePath: file }, (ids) => {
      const db = new SqliteDatabase(file, { readonly: true });
      try {
        const found = new Set(
          (
            db.prepare('select id from progress_reports where period = ?').all(PERIOD) as { id: string }[]
          ).map((r) => r.id),
        );
        const values = db
          .prepare(
            'select count(*) as n from progress_values v join progress_reports p on p.id = v.progress_id where p.period = ?',
          )
          .get(PERIOD) as { n: number };
        return Promise.resolve({
          found: ids.filter((id) => found.has(id)).length,
          rows: found.size,
          values: values.n,
        });
      } finally {
        db.close();
      }
    });
  } finally {
    await store.destroy();
  }

  let postgres: BurstFigures | null = null;
  const url = await benchDatabaseUrl();
  if (url !== null && options.postgres !== false) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('drop schema if exists burst cascade');
      const pgGen = await postgresDataset(url, 'burst', BURST_SHAPE);
      log(`burst: PostgreSQL dataset generated in ${pgGen.generationMs} ms`);
      const pgStore = createStore({ databaseUrl: url, databaseSchema: 'burst', sqlitePath: ':memory:' });
      try {
        postgres = await runOne('postgres', pgStore, { databaseUrl: url, schema: 'burst' }, async (ids) => {
          const rows = await client.query<{ id: string }>(
            'select id from burst.progress_reports where period = $1',
            [PERIOD],
          );
          const found = new Set(rows.rows.map((r) => r.id));
          const values = await client.query<{ n: string }>(
            'select count(*) as n from burst.progress_values v join burst.progress_reports p on p.id = v.progress_id where p.period = $1',
            [PERIOD],
          );
          return {
            found: ids.filter((id) => found.has(id)).length,
            rows: found.size,
            values: Number(values.rows[0]?.n ?? 0),
          };
        });
      } finally {
        await pgStore.destroy();
      }
    } finally {
      await client.end();
    }
  }
  return {
    ...sqlite,
    postgres,
    method:
      'one round of 1,000 concurrent POST /api/v1/tasks/:taskId/progress (one keep-alive socket each, cookie + x-csrf-token) from a node:http driver to a server in its own process on loopback; 60 s limit per request',
  };
}
