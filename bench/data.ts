// Bulk generation of benchmark data through the real schema (src/store migrations) on SQLite and
// PostgreSQL: tenants with departments, leaders, users, one published plan each (sections, tasks,
// targets, baselines, assignments) and months of accepted progress with one value per target.
// SQLite: one transaction of prepared single-row inserts. PostgreSQL: one transaction of multi-row
// `insert ... select * from unnest($1::text[], ...)` batches.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { hashPassword } from '../src/services/auth.ts';
import { createStore, migrateToLatest } from '../src/store/db.ts';
import { migrations } from '../src/store/migrations/index.ts';
import { rng } from './util.ts';

/** Bump when the generated rows change shape, so cached databases are regenerated. */
const GENERATOR_VERSION = 3;

export type Shape = {
  tenants: number;
  departments: number;
  leaders: number;
  tasks: number;
  targetsPerTask: number;
  /** Months of accepted progress per task, from January of `planYear`. */
  periods: number;
  planYear: number;
  /** Every task's deadline (its reporting window runs from 1 January of planYear to here). */
  deadline: string;
};

/** 300 tenants x 300 tasks x 3 targets x 24 monthly periods = 6.48M target values. */
export const SCALE_SHAPE: Shape = {
  tenants: 300,
  departments: 30,
  leaders: 6,
  tasks: 300,
  targetsPerTask: 3,
  periods: 24,
  planYear: 2024,
  deadline: '2025-12-31',
};

type ColType = 'text' | 'int' | 'real';
const t = 'text' as const;
const i = 'int' as const;
const r = 'real' as const;

/** Column order and types of every table the generator fills (parents before children). */
const TABLES: [string, [string, ColType][]][] = [
  [
    'tenants',
    [
      ['id', t],
      ['parent_id', t],
      ['name', t],
      ['level', t],
      ['timezone', t],
      ['version', i],
      ['created_at', t],
    ],
  ],
  [
    'departments',
    [
      ['id', t],
      ['tenant_id', t],
      ['name', t],
      ['ord', i],
      ['active', i],
      ['version', i],
      ['created_at', t],
    ],
  ],
  [
    'leaders',
    [
      ['id', t],
      ['tenant_id', t],
      ['name', t],
      ['title', t],
      ['portfolio', t],
      ['department_ids', t],
      ['ord', i],
      ['active', i],
      ['version', i],
      ['created_at', t],
    ],
  ],
  [
    'users',
    [
      ['id', t],
      ['tenant_id', t],
      ['username', t],
      ['display_name', t],
      ['role', t],
      ['department_id', t],
      ['leader_id', t],
      ['password_hash', t],
      ['active', i],
      ['version', i],
      ['created_at', t],
      ['updated_at', t],
    ],
  ],
  [
    'sessions',
    [
      ['id', t],
      ['user_id', t],
      ['tenant_id', t],
      ['csrf_token', t],
      ['created_at', t],
      ['expires_at', t],
    ],
  ],
  [
    'reports',
    [
      ['id', t],
      ['tenant_id', t],
      ['file_name', t],
      ['format', t],
      ['encoding', t],
      ['title', t],
      ['text', t],
      ['sha256', t],
      ['chars', i],
      ['copies', i],
      ['created_by', t],
      ['created_at', t],
      ['file_sha256', t],
      ['file_size', i],
      ['storage_path', t],
    ],
  ],
  [
    'plans',
    [
      ['id', t],
      ['tenant_id', t],
      ['report_id', t],
      ['title', t],
      ['region', t],
      ['level', t],
      ['year', i],
      ['state', t],
      ['problems_json', t],
      ['version', i],
      ['created_at', t],
      ['updated_at', t],
      ['published_at', t],
    ],
  ],
  [
    'sections',
    [
      ['id', t],
      ['tenant_id', t],
      ['plan_id', t],
      ['ref', t],
      ['parent_id', t],
      ['ord', i],
      ['title', t],
      ['kind', t],
      ['depth', i],
      ['span_start', i],
      ['span_end', i],
    ],
  ],
  [
    'tasks',
    [
      ['id', t],
      ['tenant_id', t],
      ['plan_id', t],
      ['ref', t],
      ['section_id', t],
      ['parent_id', t],
      ['ord', i],
      ['title', t],
      ['text', t],
      ['span_start', i],
      ['span_end', i],
      ['version', i],
    ],
  ],
  [
    'targets',
    [
      ['id', t],
      ['tenant_id', t],
      ['plan_id', t],
      ['ref', t],
      ['section_id', t],
      ['task_id', t],
      ['ord', i],
      ['quote', t],
      ['span_start', i],
      ['span_end', i],
      ['subject', t],
      ['low', r],
      ['high', r],
      ['unit', t],
      ['comparator', t],
      ['direction', t],
      ['horizon', t],
      ['due_year', i],
      ['version', i],
    ],
  ],
  [
    'baselines',
    [
      ['id', t],
      ['tenant_id', t],
      ['plan_id', t],
      ['ref', t],
      ['section_id', t],
      ['ord', i],
      ['quote', t],
      ['span_start', i],
      ['span_end', i],
      ['subject', t],
      ['value', r],
      ['unit', t],
      ['year', i],
    ],
  ],
  [
    'assignments',
    [
      ['task_id', t],
      ['tenant_id', t],
      ['plan_id', t],
      ['leader_id', t],
      ['lead_department_id', t],
      ['deadline_text', t],
      ['deadline_date', t],
      ['milestones_json', t],
      ['version', i],
      ['updated_at', t],
      ['updated_by', t],
    ],
  ],
  [
    'assignment_departments',
    [
      ['task_id', t],
      ['tenant_id', t],
      ['department_id', t],
      ['ord', i],
    ],
  ],
  [
    'progress_reports',
    [
      ['id', t],
      ['tenant_id', t],
      ['plan_id', t],
      ['task_id', t],
      ['department_id', t],
      ['period', t],
      ['state', t],
      ['progress', t],
      ['problems', t],
      ['next_steps', t],
      ['submitted_by', t],
      ['submitted_at', t],
      ['reviewed_by', t],
      ['reviewed_at', t],
      ['review_reason', t],
      ['version', i],
      ['created_at', t],
      ['updated_at', t],
    ],
  ],
  [
    'progress_values',
    [
      ['id', t],
      ['tenant_id', t],
      ['progress_id', t],
      ['target_id', t],
      ['actual', r],
    ],
  ],
];

type Row = (string | number | null)[];
type Buffers = Map<string, Row[]>;

/** What a generated database holds, for the benchmarks to pick from. */
export type Generated = {
  /** The coordinator's session token of each tenant (cookie `luoshi_session`). */
  coordinatorToken: (tenantIndex: number) => string;
  rows: Record<string, number>;
  generationMs: number;
  reused: boolean;
};

export const coordinatorToken = (tenantIndex: number): string => `bench-coordinator-${tenantIndex}`;
const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

const SUBJECTS = [
  '固定资产投资',
  '一般公共预算收入',
  '新建改扩建幼儿园',
  '城镇新增就业',
  '空气优良天数',
  '单位生产总值能耗',
];
const UNITS = ['亿元', '亿元', '所', '万人', '天', '%'];
const DEPT_NAMES = [
  '发展改革委',
  '教育局',
  '科技局',
  '工业和信息化局',
  '公安局',
  '民政局',
  '司法局',
  '财政局',
  '人力资源社会保障局',
  '自然资源和规划局',
  '生态环境局',
  '住房城乡建设局',
  '交通运输局',
  '水利局',
  '农业农村局',
  '商务局',
  '文化广电和旅游局',
  '卫生健康委',
  '退役军人事务局',
  '应急管理局',
  '审计局',
  '市场监管局',
  '统计局',
  '医保局',
  '城市管理局',
  '林业局',
  '信访局',
  '数据局',
  '金融局',
  '体育局',
];

/** Rows of one tenant, table by table, appended to `out`. */
function tenantRows(shape: Shape, ti: number, out: Buffers, id: () => string, passwordHash: string): void {
  const add = (table: string, row: Row): void => {
    out.get(table)?.push(row);
  };
  const random = rng(1000 + ti);
  const created = `${shape.planYear - 1}-12-20T02:00:00.000Z`;
  const tenantId = id();
  add('tenants', [tenantId, null, `测试市${ti + 1}`, 'city', 'Asia/Shanghai', 1, created]);
  const depts: string[] = [];
  for (let d = 0; d < shape.departments; d++) {
    const deptId = id();
    depts.push(deptId);
    const base = DEPT_NAMES[d % DEPT_NAMES.length] ?? '部门';
    const name = d < DEPT_NAMES.length ? base : `${base}${Math.floor(d / DEPT_NAMES.length) + 1}`;
    add('departments', [deptId, tenantId, name, d, 1, 1, created]);
  }
  const leaders: string[] = [];
  for (let l = 0; l < shape.leaders; l++) {
    const leaderId = id();
    leaders.push(leaderId);
    const mine = depts.filter((_, d) => d % shape.leaders === l);
    add('leaders', [
      leaderId,
      tenantId,
      `副市长${l + 1}`,
      '副市长',
      `分管${mine.length}个部门`,
      JSON.stringify(mine),
      l,
      1,
      1,
      created,
    ]);
  }
  const coordinatorId = id();
  add('users', [
    coordinatorId,
    tenantId,
    `t${ti}-coordinator`,
    `督查室${ti}`,
    'coordinator',
    null,
    null,
    passwordHash,
    1,
    1,
    created,
    created,
  ]);
  const reporters: string[] = [];
  depts.forEach((deptId, d) => {
    const userId = id();
    reporters.push(userId);
    add('users', [
      userId,
      tenantId,
      `t${ti}-reporter-${d}`,
      `报送员${ti}-${d}`,
      'reporter',
      deptId,
      null,
      passwordHash,
      1,
      1,
      created,
      created,
    ]);
  });
  add('sessions', [
    sha256(coordinatorToken(ti)),
    coordinatorId,
    tenantId,
    `csrf-${ti}`,
    created,
    '2099-12-31T00:00:00.000Z',
  ]);

  // The report text is the tasks' text, one per line; spans point into it.
  const taskTexts: {
    title: string;
    text: string;
    quotes: { quote: string; subject: string; low: number; unit: string }[];
  }[] = [];
  for (let k = 0; k < shape.tasks; k++) {
    const quotes = [];
    let body = '';
    for (let g = 0; g < shape.targetsPerTask; g++) {
      const s = (k + g) % SUBJECTS.length;
      const low = Math.round(50 + random() * 500);
      const quote = `${SUBJECTS[s]}${s === 5 ? '下降' : '达到'}${low}${UNITS[s]}${s === 5 ? '以内' : '以上'}`;
      quotes.push({ quote, subject: SUBJECTS[s] ?? '', low, unit: UNITS[s] ?? '' });
      body += `${quote}，`;
    }
    const title = `推进第${k + 1}项重点工作`;
    taskTexts.push({ title, text: `${title}。加快项目建设，${body}确保按期完成。`, quotes });
  }
  let text = '';
  const spans: number[] = [];
  for (const tt of taskTexts) {
    spans.push(text.length);
    text += `${tt.text}\n`;
  }
  const reportId = id();
  add('reports', [
    reportId,
    tenantId,
    `report-${ti}.txt`,
    'txt',
    'utf-8',
    `${shape.planYear}年测试市${ti + 1}政府工作报告`,
    text,
    sha256(text),
    text.length,
    1,
    coordinatorId,
    created,
    null,
    null,
    null,
  ]);
  const planId = id();
  const published = `${shape.planYear}-01-10T02:00:00.000Z`;
  add('plans', [
    planId,
    tenantId,
    reportId,
    `${shape.planYear}年测试市${ti + 1}政府工作报告`,
    `测试市${ti + 1}`,
    'city',
    shape.planYear,
    'published',
    '[]',
    2,
    created,
    published,
    published,
  ]);

  // 10 parts with 3 areas each; tasks spread evenly over the areas.
  const areas: string[] = [];
  let ord = 0;
  for (let p = 0; p < 10; p++) {
    const partId = id();
    add('sections', [partId, tenantId, planId, `s${p + 1}`, null, ord++, `第${p + 1}部分`, 'plan', 1, 0, 0]);
    for (let a = 0; a < 3; a++) {
      const areaId = id();
      areas.push(areaId);
      add('sections', [
        areaId,
        tenantId,
        planId,
        `s${p + 1}.${a + 1}`,
        partId,
        ord++,
        `（${a + 1}）第${p + 1}.${a + 1}领域`,
        'plan',
        2,
        0,
        0,
      ]);
    }
  }
  const dueYear = Number(shape.deadline.slice(0, 4));
  const taskIds: string[] = [];
  const targetIds: string[][] = [];
  const targetLows: number[][] = [];
  let targetOrd = 0;
  taskTexts.forEach((tt, k) => {
    const taskId = id();
    taskIds.push(taskId);
    const sectionId = areas[Math.floor((k * areas.length) / shape.tasks)] ?? areas[0] ?? '';
    const start = spans[k] ?? 0;
    add('tasks', [
      taskId,
      tenantId,
      planId,
      `t${k + 1}`,
      sectionId,
      null,
      k,
      tt.title,
      tt.text,
      start,
      start + tt.text.length,
      1,
    ]);
    const ids: string[] = [];
    const lows: number[] = [];
    tt.quotes.forEach((q, g) => {
      const targetId = id();
      ids.push(targetId);
      lows.push(q.low);
      const at = start + tt.text.indexOf(q.quote);
      const decrease = q.subject === '单位生产总值能耗';
      add('targets', [
        targetId,
        tenantId,
        planId,
        `g${targetOrd + 1}`,
        sectionId,
        taskId,
        targetOrd++,
        q.quote,
        at,
        at + q.quote.length,
        q.subject,
        q.low,
        q.low,
        q.unit,
        decrease ? '<=' : '>=',
        decrease ? 'decrease' : 'increase',
        dueYear > shape.planYear ? 'multi-year' : 'year',
        dueYear > shape.planYear ? dueYear : null,
        1,
      ]);
      void g;
    });
    targetIds.push(ids);
    targetLows.push(lows);
    const lead = k % depts.length;
    add('assignments', [
      taskId,
      tenantId,
      planId,
      leaders[lead % leaders.length] ?? null,
      depts[lead] ?? null,
      `${shape.deadline.slice(0, 4)}年底`,
      shape.deadline,
      '[]',
      1,
      published,
      coordinatorId,
    ]);
    add('assignment_departments', [taskId, tenantId, depts[(lead + 1) % depts.length] ?? '', 0]);
  });
  for (let b = 0; b < 20; b++) {
    add('baselines', [
      id(),
      tenantId,
      planId,
      `b${b + 1}`,
      areas[0] ?? '',
      b,
      `上年完成${SUBJECTS[b % 6]}${100 + b}${UNITS[b % 6]}`,
      0,
      0,
      SUBJECTS[b % 6] ?? '',
      100 + b,
      UNITS[b % 6] ?? '',
      shape.planYear - 1,
    ]);
  }

  // Months of accepted progress by the lead department, one value per target, rising over the window.
  for (let m = 0; m < shape.periods; m++) {
    const y = shape.planYear + Math.floor(m / 12);
    const month = (m % 12) + 1;
    const period = `${y}-${String(month).padStart(2, '0')}`;
    const ny = month === 12 ? y + 1 : y;
    const nm = month === 12 ? 1 : month + 1;
    const next = `${ny}-${String(nm).padStart(2, '0')}`;
    const submitted = `${next}-03T02:00:00.000Z`;
    const reviewed = `${next}-04T02:00:00.000Z`;
    const share = (m + 1) / shape.periods;
    taskIds.forEach((taskId, k) => {
      const progressId = id();
      const lead = k % depts.length;
      add('progress_reports', [
        progressId,
        tenantId,
        planId,
        taskId,
        depts[lead] ?? '',
        period,
        'accepted',
        `${period}完成阶段性任务，项目按计划推进，累计完成投资约${Math.round(share * 100)}%。`,
        '',
        '',
        reporters[lead] ?? null,
        submitted,
        coordinatorId,
        reviewed,
        null,
        2,
        submitted,
        reviewed,
      ]);
      (targetIds[k] ?? []).forEach((targetId, g) => {
        const low = targetLows[k]?.[g] ?? 100;
        add('progress_values', [
          id(),
          tenantId,
          progressId,
          targetId,
          Math.round(low * share * (0.8 + random() * 0.35) * 100) / 100,
        ]);
      });
    });
  }
}

/** Time-ordered ids like store/ids.ts (10 base32 chars of time + 16 hex), cheap enough for millions. */
function idMaker(startMs: number): () => string {
  let n = 0;
  const random = rng(startMs % 100000);
  return () => {
    n += 1;
    const time = (startMs + n).toString(32).padStart(10, '0');
    const a = Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
    const b = Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
    return `${time}${a}${b}`;
  };
}

const newBuffers = (): Buffers => new Map(TABLES.map(([name]) => [name, []]));

/** What the generated rows depend on; the schema version (migrations run) is kept apart. */
function markerOf(shape: Shape): string {
  return JSON.stringify({ generator: GENERATOR_VERSION, shape });
}

const migrationNames = (): string => JSON.stringify(Object.keys(migrations).sort());

/**
 * Whether a cached dataset can serve: same rows, and its schema is current or only lacks migrations
 * appended since (run here in place; a failing one means regenerate).
 */
async function upToDate(
  cached: Map<string, string>,
  marker: string,
  migrate: () => Promise<unknown>,
  save: (names: string) => Promise<void>,
): Promise<boolean> {
  if (cached.get('marker') !== marker) return false;
  if (cached.get('migrations') === migrationNames()) return true;
  const before = JSON.parse(cached.get('migrations') ?? '[]') as string[];
  const now = Object.keys(migrations).sort();
  if (!before.every((name) => now.includes(name))) return false;
  try {
    await migrate();
  } catch {
    return false;
  }
  await save(migrationNames());
  return true;
}

function count(buffers: Buffers, rows: Record<string, number>): void {
  for (const [table, list] of buffers) rows[table] = (rows[table] ?? 0) + list.length;
}

/** A SQLite database file of the shape, regenerated only when the schema or the shape changed. */
export async function sqliteDataset(
  file: string,
  shape: Shape,
  onProgress?: (s: string) => void,
): Promise<Generated> {
  const marker = markerOf(shape);
  if (fs.existsSync(file)) {
    let cached = new Map<string, string>();
    const db = new SqliteDatabase(file);
    try {
      const rows = db.prepare('select key, value from bench_meta').all() as { key: string; value: string }[];
      cached = new Map(rows.map((x) => [x.key, x.value] as const));
    } catch {
      // no marker: regenerate
    }
    const ok = await upToDate(
      cached,
      marker,
      async () => {
        const store = createStore({ databaseUrl: null, databaseSchema: null, sqlitePath: file });
        try {
          await migrateToLatest(store);
        } finally {
          await store.destroy();
        }
      },
      (names) => {
        db.prepare("insert or replace into bench_meta (key, value) values ('migrations', ?)").run(names);
        return Promise.resolve();
      },
    );
    db.close();
    if (ok) {
      return {
        coordinatorToken,
        rows: JSON.parse(cached.get('rows') ?? '{}') as Record<string, number>,
        generationMs: Number(cached.get('generation_ms') ?? 0),
        reused: true,
      };
    }
  }
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const t0 = performance.now();
  const store = createStore({ databaseUrl: null, databaseSchema: null, sqlitePath: file });
  await migrateToLatest(store);
  await store.destroy();
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -524288');
  // The rows are consistent by construction (checked with `pragma foreign_key_check` on a small
  // shape); foreign-key lookups per row would double the load time.
  db.pragma('foreign_keys = OFF');
  const statements = new Map(
    TABLES.map(([name, cols]) => [
      name,
      db.prepare(
        `insert into ${name} (${cols.map((c) => c[0]).join(', ')}) values (${cols.map(() => '?').join(', ')})`,
      ),
    ]),
  );
  const passwordHash = await hashPassword('bench-password');
  const id = idMaker(Date.UTC(shape.planYear - 1, 11, 20));
  const rows: Record<string, number> = {};
  db.exec('begin');
  for (let ti = 0; ti < shape.tenants; ti++) {
    const buffers = newBuffers();
    tenantRows(shape, ti, buffers, id, passwordHash);
    for (const [table, list] of buffers) {
      const stmt = statements.get(table);
      if (!stmt) continue;
      for (const row of list) stmt.run(row);
    }
    count(buffers, rows);
    if (onProgress && (ti + 1) % 50 === 0) onProgress(`sqlite: ${ti + 1}/${shape.tenants} tenants`);
  }
  db.exec('create table bench_meta (key text primary key, value text not null)');
  db.exec('commit');
  db.exec('analyze');
  const generationMs = Math.round(performance.now() - t0);
  const meta = db.prepare('insert or replace into bench_meta (key, value) values (?, ?)');
  meta.run('rows', JSON.stringify(rows));
  meta.run('generation_ms', String(generationMs));
  meta.run('migrations', migrationNames());
  meta.run('marker', marker);
  db.pragma('journal_mode = WAL');
  db.close();
  return { coordinatorToken, rows, generationMs, reused: false };
}

const PG_TYPES: Record<ColType, string> = { text: 'text[]', int: 'integer[]', real: 'float8[]' };

/**
 * A PostgreSQL dataset of the shape in `schema` of the database at `url` (never the test database),
 * regenerated only when the marker table says the schema or shape differ.
 */
export async function postgresDataset(
  url: string,
  schema: string,
  shape: Shape,
  onProgress?: (s: string) => void,
): Promise<Generated> {
  const marker = markerOf(shape);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = (text: string, values?: unknown[]): Promise<pg.QueryResult> => client.query(text, values);
    const meta = await q(`select key, value from ${schema}.bench_meta`).catch(() => null);
    const m = new Map(
      (meta?.rows ?? []).map((x: { key: string; value: string }) => [x.key, x.value] as const),
    );
    const ok = await upToDate(
      m,
      marker,
      async () => {
        const store = createStore({ databaseUrl: url, databaseSchema: schema, sqlitePath: ':memory:' });
        try {
          await migrateToLatest(store, schema);
        } finally {
          await store.destroy();
        }
      },
      async (names) => {
        await q(`update ${schema}.bench_meta set value = $1 where key = 'migrations'`, [names]);
      },
    );
    if (ok) {
      return {
        coordinatorToken,
        rows: JSON.parse(m.get('rows') ?? '{}') as Record<string, number>,
        generationMs: Number(m.get('generation_ms') ?? 0),
        reused: true,
      };
    }
    const t0 = performance.now();
    await q(`drop schema if exists ${schema} cascade`);
    const store = createStore({ databaseUrl: url, databaseSchema: schema, sqlitePath: ':memory:' });
    await migrateToLatest(store, schema);
    await store.destroy();
    await q(`set search_path = ${schema}`);
    await q('set synchronous_commit = off');
    // Bulk load without per-row foreign-key triggers (superuser only; the rows are consistent by construction).
    await q('set session_replication_role = replica').catch(() => undefined);
    const passwordHash = await hashPassword('bench-password');
    const id = idMaker(Date.UTC(shape.planYear - 1, 11, 20));
    const rows: Record<string, number> = {};
    const inserts = new Map(
      TABLES.map(([name, cols]) => [
        name,
        `insert into ${name} (${cols.map((c) => c[0]).join(', ')}) select * from unnest(${cols.map((c, k) => `$${k + 1}::${PG_TYPES[c[1]]}`).join(', ')})`,
      ]),
    );
    const BATCH = 10_000;
    await q('begin');
    for (let ti = 0; ti < shape.tenants; ti++) {
      const buffers = newBuffers();
      tenantRows(shape, ti, buffers, id, passwordHash);
      for (const [table, cols] of TABLES) {
        const list = buffers.get(table) ?? [];
        for (let s = 0; s < list.length; s += BATCH) {
          const slice = list.slice(s, s + BATCH);
          await q(
            inserts.get(table) ?? '',
            cols.map((_, k) => slice.map((row) => row[k] ?? null)),
          );
        }
      }
      count(buffers, rows);
      if (onProgress && (ti + 1) % 50 === 0) onProgress(`postgres: ${ti + 1}/${shape.tenants} tenants`);
    }
    await q('create table bench_meta (key text primary key, value text not null)');
    await q('commit');
    await q('analyze');
    const generationMs = Math.round(performance.now() - t0);
    for (const [key, value] of [
      ['rows', JSON.stringify(rows)],
      ['generation_ms', String(generationMs)],
      ['migrations', migrationNames()],
      ['marker', marker],
    ]) {
      await q('insert into bench_meta (key, value) values ($1, $2)', [key, value]);
    }
    return { coordinatorToken, rows, generationMs, reused: false };
  } finally {
    await client.end();
  }
}
