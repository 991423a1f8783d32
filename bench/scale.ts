// Scale: 300 tenants x 300 tasks x 3 targets x 24 months of accepted progress (6.48M target values)
// on SQLite and PostgreSQL. Latency of a plan's dashboard summary (GET /plans/:id/evaluation), a
// task's detail (GET /tasks/:id) and the public plan page (GET /public/plans/:id), measured through
// the real Fastify app with app.inject (no socket), each against the raw SQL queries behind it run
// through the same driver right after it for the same plan (the floor).
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { refreshViewSnapshots } from '../src/services/view-snapshots.ts';
import { createStore, type Store } from '../src/store/db.ts';
import { postgresDataset, SCALE_SHAPE, sqliteDataset, type Generated, type Shape } from './data.ts';
import { BENCH_DIR, benchDatabaseUrl, log, rng, round, summarize, type Latency } from './util.ts';

export type RouteFigures = Latency & {
  /** CPU time of this process per request (user + system), p50: what latency is on an idle machine. */
  cpuP50Ms: number;
  floorCpuP50Ms: number;
  floorP50Ms: number;
  floorP99Ms: number;
  /** App latency over floor latency, at p50 and p99. */
  ratioP50: number;
  ratioP99: number;
  bytes: number;
  /** The requests that were the first of their URL in this server process (no in-process cache). */
  firstReads: number;
  firstP50Ms: number;
  firstP99Ms: number;
};

export type DialectFigures = {
  generationMs: number;
  reused: boolean;
  /** The snapshot refresher's pass before measuring (what the server does after data lands). */
  refresh: { plans: number; rebuilt: number; views: number; ms: number; perPlanMs: number };
  rows: number;
  progressValues: number;
  dashboard: RouteFigures;
  dashboardCold: RouteFigures;
  taskDetail: RouteFigures;
  publicPlan: RouteFigures;
};

export type ScaleBench = {
  shape: Shape;
  requestsPerRoute: number;
  method: string;
  sqlite: DialectFigures;
  postgres: DialectFigures | null;
};

export const SCALE_SQLITE_FILE = path.join(BENCH_DIR, 'scale.sqlite');
export const SCALE_PG_SCHEMA = 'scale';
const SCALE_FILE = SCALE_SQLITE_FILE;
const SCALE_SCHEMA = SCALE_PG_SCHEMA;

/** A service context over a store, with scratch directories for files nobody writes here. */
export function benchContext(store: Store): ServiceContext {
  const dir = path.join(os.tmpdir(), 'luoshi-bench');
  return {
    store,
    now: () => new Date(),
    attachmentsDir: dir,
    reportsDir: dir,
    maxUploadBytes: 10 * 1024 * 1024,
  };
}

type Sample = {
  tenantIndex: number;
  tenantId: string;
  planId: string;
  userId: string;
  /** The coordinator's session token (cookie). */
  token: string;
  taskIds: string[];
};

/** Raw SQL runner of one driver: `?` placeholders (rewritten to $n on PostgreSQL). */
type Raw = { all: (sql: string, params: unknown[]) => Promise<unknown[]>; close: () => Promise<void> };

function sqliteRaw(file: string): Raw {
  const db = new SqliteDatabase(file, { readonly: true });
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    all: (sql, params) => {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = db.prepare(sql);
        cache.set(sql, stmt);
      }
      return Promise.resolve(stmt.all(...params));
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

function postgresRaw(url: string, schema: string): Raw {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  const rewritten = new Map<string, string>();
  return {
    all: async (sql, params) => {
      let text = rewritten.get(sql);
      if (text === undefined) {
        let n = 0;
        text = sql.replace(/\?/g, () => `$${++n}`);
        rewritten.set(sql, text);
      }
      return (await pool.query<Record<string, unknown>>(text, params)).rows;
    },
    close: () => pool.end(),
  };
}

const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

/** The queries behind loadPlanData (services/evaluation.ts), as the store issues them. */
function planDataQueries(raw: Raw, planId: string, tenantId: string): Promise<unknown[]>[] {
  return [
    raw.all('select * from sections where plan_id = ? order by ord', [planId]),
    raw.all('select * from tasks where plan_id = ? order by ord', [planId]),
    raw.all('select * from targets where plan_id = ? order by ord', [planId]),
    raw.all('select * from baselines where plan_id = ? order by ord', [planId]),
    raw.all('select * from assignments where plan_id = ?', [planId]),
    raw.all(
      'select ad.task_id, ad.department_id from assignment_departments ad inner join tasks on tasks.id = ad.task_id where tasks.plan_id = ? order by ad.ord',
      [planId],
    ),
    raw.all('select * from progress_reports where plan_id = ? order by period, updated_at', [planId]),
    raw.all(
      'select v.progress_id, v.target_id, v.actual from progress_values v inner join progress_reports p on p.id = v.progress_id where p.plan_id = ?',
      [planId],
    ),
    raw.all('select * from departments where tenant_id = ? order by ord, id', [tenantId]),
    raw.all('select * from leaders where tenant_id = ? order by ord, id', [tenantId]),
    raw.all('select settings_json, version from supervision_settings where tenant_id = ?', [tenantId]),
    raw.all('select * from tenants where id = ?', [tenantId]),
    raw.all('select * from plan_labels where plan_id = ?', [planId]),
  ];
}

/** The queries behind a view answered from its snapshot (services/view-snapshots.ts): the validator and the row. */
function snapshotQueries(raw: Raw, planId: string, tenantId: string, view: string): Promise<unknown[]>[] {
  return [
    raw.all('select * from tenants where id = ?', [tenantId]),
    raw.all('select seq, at from audit_log where tenant_id = ? order by seq desc limit 1', [tenantId]),
    raw.all('select tag, body from view_snapshots where plan_id = ? and view = ?', [planId, view]),
  ];
}

/** The queries behind a task's detail (evaluation.ts loadTaskEvaluation): that task's rows only. */
function taskQueries(raw: Raw, planId: string, tenantId: string, taskId: string): Promise<unknown[]>[] {
  return [
    raw.all('select * from targets where task_id = ? order by ord', [taskId]),
    raw.all('select * from assignments where task_id = ?', [taskId]),
    raw.all('select department_id from assignment_departments where task_id = ? order by ord', [taskId]),
    raw.all(
      'select id, task_id, department_id, period, state, submitted_at, reviewed_at, updated_at from progress_reports where task_id = ? order by period, updated_at',
      [taskId],
    ),
    raw.all(
      'select v.progress_id, v.target_id, v.actual from progress_values v inner join progress_reports p on p.id = v.progress_id where p.task_id = ?',
      [taskId],
    ),
    raw.all('select * from departments where tenant_id = ? order by ord, id', [tenantId]),
    raw.all('select * from leaders where tenant_id = ? order by ord, id', [tenantId]),
    raw.all('select settings_json, version from supervision_settings where tenant_id = ?', [tenantId]),
    raw.all('select * from tenants where id = ?', [tenantId]),
    raw.all('select * from plan_labels where plan_id = ?', [planId]),
    raw.all('select * from evaluation_overrides where plan_id = ?', [planId]),
  ];
}

async function sessionQueries(raw: Raw, s: Sample, nowIso: string): Promise<void> {
  await raw.all('select * from sessions where id = ? and expires_at > ?', [sha256(s.token), nowIso]);
  await raw.all('select * from users where id = ? and active = 1', [s.userId]);
}

type Route = {
  name: 'dashboard' | 'dashboardCold' | 'taskDetail' | 'publicPlan';
  url: (s: Sample, pick: () => number) => { url: string; taskId: string | null };
  floor: (raw: Raw, s: Sample, taskId: string | null) => Promise<void>;
  authenticated: boolean;
};

const ROUTES: Route[] = [
  {
    name: 'dashboard',
    url: (s) => ({ url: `/api/v1/plans/${s.planId}/evaluation`, taskId: null }),
    authenticated: true,
    floor: async (raw, s) => {
      await sessionQueries(raw, s, new Date().toISOString());
      await raw.all('select * from plans where tenant_id = ? and id = ?', [s.tenantId, s.planId]);
      await Promise.all(snapshotQueries(raw, s.planId, s.tenantId, 'evaluation'));
    },
  },
  {
    // A dashboard as of a random date of 2025: (almost) never in the validator-keyed cache of the
    // route, so this is the cost of building one (the first read of a plan after a write).
    name: 'dashboardCold',
    url: (s, pick) => {
      const day = new Date(Date.UTC(2025, 0, 1 + Math.floor(pick() * 365))).toISOString().slice(0, 10);
      return { url: `/api/v1/plans/${s.planId}/evaluation?asOf=${day}`, taskId: null };
    },
    authenticated: true,
    floor: async (raw, s) => {
      await sessionQueries(raw, s, new Date().toISOString());
      await raw.all('select * from plans where tenant_id = ? and id = ?', [s.tenantId, s.planId]);
      await Promise.all(planDataQueries(raw, s.planId, s.tenantId));
    },
  },
  {
    name: 'taskDetail',
    url: (s, pick) => {
      const taskId = s.taskIds[Math.floor(pick() * s.taskIds.length)] ?? '';
      return { url: `/api/v1/tasks/${taskId}`, taskId };
    },
    authenticated: true,
    floor: async (raw, s, taskId) => {
      await sessionQueries(raw, s, new Date().toISOString());
      await raw.all('select * from tasks where tenant_id = ? and id = ?', [s.tenantId, taskId]);
      await raw.all('select * from plans where tenant_id = ? and id = ?', [s.tenantId, s.planId]);
      await Promise.all(taskQueries(raw, s.planId, s.tenantId, taskId ?? ''));
    },
  },
  {
    name: 'publicPlan',
    url: (s) => ({ url: `/api/v1/public/plans/${s.planId}`, taskId: null }),
    authenticated: false,
    floor: async (raw, s) => {
      await raw.all('select * from plans where id = ?', [s.planId]);
      await Promise.all(snapshotQueries(raw, s.planId, s.tenantId, 'public-plan'));
    },
  },
];

async function samplesOf(store: Store, generated: Generated, tenants: number): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let ti = 0; ti < tenants; ti++) {
    const session = await store.db
      .selectFrom('sessions')
      .select(['tenant_id', 'user_id'])
      .where('id', '=', sha256(generated.coordinatorToken(ti)))
      .executeTakeFirstOrThrow();
    const plan = await store.db
      .selectFrom('plans')
      .select('id')
      .where('tenant_id', '=', session.tenant_id)
      .executeTakeFirstOrThrow();
    const tasks = await store.db.selectFrom('tasks').select('id').where('plan_id', '=', plan.id).execute();
    out.push({
      tenantIndex: ti,
      tenantId: session.tenant_id,
      planId: plan.id,
      userId: session.user_id,
      token: generated.coordinatorToken(ti),
      taskIds: tasks.map((t) => t.id),
    });
  }
  return out;
}

async function measureDialect(
  dialect: 'sqlite' | 'postgres',
  store: Store,
  raw: Raw,
  generated: Generated,
  requests: number,
  tenants: number,
): Promise<Omit<DialectFigures, 'generationMs' | 'reused' | 'rows' | 'progressValues'>> {
  const samples = await samplesOf(store, generated, tenants);
  const out: Partial<Record<Route['name'], RouteFigures>> = {};
  // What the background refresher (services/view-snapshots.ts) does once data has landed: build the
  // snapshots of every published plan that lacks a current one.
  log(`${dialect}: refreshing view snapshots of ${tenants} plans`);
  const r = await refreshViewSnapshots(benchContext(store));
  const refresh = {
    plans: r.plans,
    rebuilt: r.rebuilt,
    views: r.views,
    ms: r.ms,
    perPlanMs: r.rebuilt === 0 ? 0 : round(r.ms / r.rebuilt),
  };
  log(`${dialect}: snapshots: ${r.rebuilt} plans rebuilt (${r.views} views) in ${r.ms} ms; ${r.fresh} fresh`);
  for (const route of ROUTES) {
    // A new server instance per route: every route starts without in-process caches.
    const app: FastifyInstance = await buildApp({ ctx: benchContext(store) });
    await app.ready();
    try {
      const pick = rng(route.name.length * 7919);
      const appMs: number[] = [];
      const floorMs: number[] = [];
      const appCpu: number[] = [];
      const floorCpu: number[] = [];
      let bytes = 0;
      const seen = new Set<string>();
      const firstMs: number[] = [];
      const warmup = Math.min(200, Math.ceil(requests / 10));
      for (let k = 0; k < warmup + requests; k++) {
        const s = samples[Math.floor(pick() * samples.length)] as Sample;
        const { url, taskId } = route.url(s, pick);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const res = await app.inject({
          method: 'GET',
          url,
          ...(route.authenticated ? { cookies: { luoshi_session: s.token } } : {}),
        });
        const t1 = performance.now();
        const c1 = process.cpuUsage(c0);
        if (res.statusCode !== 200) {
          throw new Error(
            `${dialect} ${route.name}: ${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`,
          );
        }
        const c2 = process.cpuUsage();
        await route.floor(raw, s, taskId);
        const t2 = performance.now();
        const c3 = process.cpuUsage(c2);
        const first = !seen.has(url);
        seen.add(url);
        if (first) firstMs.push(t1 - t0);
        if (k >= warmup) {
          appMs.push(t1 - t0);
          floorMs.push(t2 - t1);
          appCpu.push((c1.user + c1.system) / 1000);
          floorCpu.push((c3.user + c3.system) / 1000);
          bytes += res.rawPayload.length;
        }
      }
      const a = summarize(appMs);
      const f = summarize(floorMs);
      const fr = summarize(firstMs);
      out[route.name] = {
        ...a,
        cpuP50Ms: summarize(appCpu).p50Ms,
        floorCpuP50Ms: summarize(floorCpu).p50Ms,
        floorP50Ms: f.p50Ms,
        floorP99Ms: f.p99Ms,
        ratioP50: round(a.p50Ms / f.p50Ms),
        ratioP99: round(a.p99Ms / f.p99Ms),
        bytes: Math.round(bytes / requests),
        firstReads: firstMs.length,
        firstP50Ms: fr.p50Ms,
        firstP99Ms: fr.p99Ms,
      };
      log(
        `${dialect} ${route.name}: p50 ${a.p50Ms} ms, p99 ${a.p99Ms} ms; floor p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms; first reads (${firstMs.length}) p50 ${fr.p50Ms} ms, p99 ${fr.p99Ms} ms`,
      );
    } finally {
      await app.close();
    }
  }
  return { ...(out as Record<Route['name'], RouteFigures>), refresh };
}

const total = (rows: Record<string, number>): number => Object.values(rows).reduce((s, n) => s + n, 0);

export async function runScaleBench(
  options: {
    requests?: number;
    postgres?: boolean;
    shape?: Shape;
    sqliteFile?: string;
    pgSchema?: string;
  } = {},
): Promise<ScaleBench> {
  const requests = options.requests ?? Number(process.env.BENCH_REQUESTS ?? 2000);
  const shape = options.shape ?? SCALE_SHAPE;
  const SCALE_SQLITE_FILE = options.sqliteFile ?? SCALE_FILE;
  const SCALE_PG_SCHEMA = options.pgSchema ?? SCALE_SCHEMA;

  log(`scale: SQLite dataset at ${SCALE_SQLITE_FILE}`);
  const sqliteGen = await sqliteDataset(SCALE_SQLITE_FILE, shape, log);
  log(`scale: SQLite ${sqliteGen.reused ? 'reused' : 'generated'} (${sqliteGen.generationMs} ms)`);
  const sqliteStore = createStore({ databaseUrl: null, databaseSchema: null, sqlitePath: SCALE_SQLITE_FILE });
  const sqliteRawDb = sqliteRaw(SCALE_SQLITE_FILE);
  let sqlite: DialectFigures;
  try {
    sqlite = {
      generationMs: sqliteGen.generationMs,
      reused: sqliteGen.reused,
      rows: total(sqliteGen.rows),
      progressValues: sqliteGen.rows.progress_values ?? 0,
      ...(await measureDialect('sqlite', sqliteStore, sqliteRawDb, sqliteGen, requests, shape.tenants)),
    };
  } finally {
    await sqliteRawDb.close();
    await sqliteStore.destroy();
  }

  let postgres: DialectFigures | null = null;
  const url = await benchDatabaseUrl();
  if (url !== null && options.postgres !== false) {
    log(`scale: PostgreSQL dataset in ${new URL(url).pathname.slice(1)}, schema ${SCALE_PG_SCHEMA}`);
    const pgGen = await postgresDataset(url, SCALE_PG_SCHEMA, shape, log);
    log(`scale: PostgreSQL ${pgGen.reused ? 'reused' : 'generated'} (${pgGen.generationMs} ms)`);
    const pgStore = createStore({
      databaseUrl: url,
      databaseSchema: SCALE_PG_SCHEMA,
      sqlitePath: ':memory:',
    });
    const pgRaw = postgresRaw(url, SCALE_PG_SCHEMA);
    try {
      postgres = {
        generationMs: pgGen.generationMs,
        reused: pgGen.reused,
        rows: total(pgGen.rows),
        progressValues: pgGen.rows.progress_values ?? 0,
        ...(await measureDialect('postgres', pgStore, pgRaw, pgGen, requests, shape.tenants)),
      };
    } finally {
      await pgRaw.close();
      await pgStore.destroy();
    }
  } else {
    log('scale: PostgreSQL skipped (set TEST_DATABASE_URL or BENCH_DATABASE_URL)');
  }
  return {
    shape,
    requestsPerRoute: requests,
    method:
      'sequential app.inject requests (no socket) with a coordinator cookie, random plans/tasks of all tenants, after a warm-up; the floor runs the same SQL through the same driver right after each request',
    sqlite,
    postgres,
  };
}
