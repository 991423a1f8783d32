import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { describeEachDb, testContext } from '../store/helpers.ts';
import { startHarness, type Harness, type Session } from './helpers.ts';

const API = '/api/v1';
const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

type Operation = {
  parameters?: { in: string; name: string; required?: boolean }[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
type OpenApi = { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>> };

/** The structure of a JSON value: keys and value kinds, recursively (arrays by their first item). */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shape(v)]),
    );
  }
  return value === null ? 'null' : typeof value;
}

describeEachDb('OpenAPI response schemas', (db) => {
  let h: Harness;
  /** The same app and database, but answering without response schemas. */
  let bare: FastifyInstance;
  let doc: OpenApi;
  const sessions: Record<string, Session | null> = {};
  const ids: Record<string, string> = {};
  let skip = false;

  const call = (
    app: FastifyInstance,
    s: Session | null,
    method: string,
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse> =>
    app.inject({
      method: method as 'GET',
      url,
      headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });

  beforeAll(async () => {
    const t = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t);
    bare = await buildApp({ ctx: testContext(t), responseSchemas: false });
    doc = (await h.call(null, 'GET', `${API}/openapi.json`)).json<OpenApi>();
    sessions.public = null;
    for (const name of ['admin', 'coordinator', 'leader', 'reporter']) sessions[name] = await h.login(name);
    const reporter = sessions.reporter!;
    const coordinator = sessions.coordinator!;
    const mine = (await h.call(reporter, 'GET', `${API}/my/tasks?limit=200`)).json<{
      items: { id: string; role: string; targets: { id: string }[] }[];
    }>().items;
    const lead = mine.find((x) => x.role === 'lead' && x.targets.length > 0) ?? mine[0]!;
    ids.taskId = lead.id;
    ids.targetId =
      lead.targets[0]?.id ??
      (await h.call(reporter, 'GET', `${API}/plans/${h.planId}`))
        .json<{ tasks: { targets: { id: string }[] }[] }>()
        .tasks.flatMap((x) => x.targets)[0]!.id;
    ids.planId = h.planId;
    ids.period = '2017-06';
    const saved = await h.call(reporter, 'POST', `${API}/tasks/${ids.taskId}/progress`, {
      period: '2017-06',
      values: [],
      progress: '推进中',
      problems: '资金不足',
      nextSteps: '加快进度',
    });
    expect([200, 201, 409]).toContain(saved.statusCode);
    await h.call(coordinator, 'POST', `${API}/tasks/${ids.taskId}/comments`, { body: '请按期报送' });
    const progress = (await h.call(coordinator, 'GET', `${API}/progress?limit=1`)).json<{
      items: { id: string }[];
    }>();
    ids.progressId = progress.items[0]!.id;
  });

  afterAll(async () => {
    if (bare) await bare.close();
  });

  it('documents a success answer and the error shape for every route', (ctx) => {
    if (skip) return ctx.skip();
    const missing: string[] = [];
    const noErrors: string[] = [];
    let routes = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = ops[method];
        if (!op) continue;
        routes += 1;
        const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2(\d\d|XX)$/.test(code));
        const documented = ok.some(([code, r]) => code === '204' || r.content !== undefined);
        if (!documented) missing.push(`${method.toUpperCase()} ${path}`);
        // Downloads list the error under their file type too (swagger uses the route's `produces`).
        const err = Object.values(op.responses?.['4XX']?.content ?? {}).map(
          (c) => c.schema as { properties?: { error?: unknown } } | undefined,
        );
        if (!err.some((x) => x?.properties?.error)) noErrors.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(routes).toBeGreaterThan(70);
    expect(missing, 'routes without a documented 2xx answer').toEqual([]);
    expect(noErrors, 'routes without the { error } shape for 4xx').toEqual([]);
  });

  it('every JSON GET answers the same with and without its response schema', async (ctx) => {
    if (skip) return ctx.skip();
    const compared = new Set<string>();
    const unresolved: string[] = [];
    const mismatches: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      const op = ops.get;
      if (!op) continue;
      const ok = op.responses?.['200'];
      if (!ok?.content?.['application/json']) continue; // files, CSV
      if (path === `${API}/openapi.json`) continue;
      let url = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
        const id =
          name === 'id' ? (path.startsWith(`${API}/progress/`) ? ids.progressId : undefined) : ids[name];
        if (id === undefined) unresolved.push(`${path} (${name})`);
        return id ?? 'unknown';
      });
      const query = (op.parameters ?? [])
        .filter((p) => p.in === 'query' && p.required)
        .map((p) => `${p.name}=${encodeURIComponent(ids[p.name] ?? '')}`);
      if (query.length) url += `?${query.join('&')}`;
      for (const role of ['public', 'admin', 'coordinator', 'leader', 'reporter']) {
        const s = sessions[role] ?? null;
        const [a, b] = await Promise.all([call(h.app, s, 'GET', url), call(bare, s, 'GET', url)]);
        if (a.statusCode !== b.statusCode) {
          mismatches.push(`${role} GET ${path}: ${a.statusCode} vs ${b.statusCode}`);
          continue;
        }
        if (a.statusCode !== 200) continue;
        if (!String(a.headers['content-type']).startsWith('application/json')) {
          if (a.body !== b.body) mismatches.push(`${role} GET ${path} (not JSON)`);
          continue;
        }
        const withSchema = a.json<unknown>();
        const without = b.json<{ fields?: Record<string, unknown>[] }>();
        // Open data: the Excel column width of the data dictionary is left out on purpose.
        if (/\/(targets|tasks)\.json$/.test(path)) without.fields?.forEach((f) => delete f.width);
        if (!isDeepStrictEqual(withSchema, without)) mismatches.push(`${role} GET ${path}`);
        compared.add(path);
      }
    }
    expect(mismatches, 'answers changed by their response schema').toEqual([]);
    // Routes with an id we do not seed here (notices, webhooks, adjustments…) still get an answer.
    expect(compared.size).toBeGreaterThan(25);
    for (const p of [
      '/plans/{planId}',
      '/public/plans/{planId}',
      '/tasks/{taskId}',
      '/tasks/{taskId}/progress',
      '/tasks/{taskId}/comments',
      '/progress/{id}',
      '/plans/{planId}/evaluation',
      '/my/tasks',
      '/departments',
      '/users',
    ]) {
      expect(compared, p).toContain(`${API}${p}`);
    }
  });

  it('keeps every field the web app reads (plan, public plan, task, progress, evaluation)', async (ctx) => {
    if (skip) return ctx.skip();
    const coordinator = sessions.coordinator!;
    const plan = (await h.call(coordinator, 'GET', `${API}/plans/${h.planId}`)).json<
      Record<string, unknown>
    >();
    for (const k of [
      'id',
      'title',
      'year',
      'state',
      'status',
      'sections',
      'tasks',
      'baselines',
      'evaluation',
    ])
      expect(plan, k).toHaveProperty(k);
    const task = (plan.tasks as Record<string, unknown>[]).find((x) => x.id === ids.taskId)!;
    for (const k of [
      'id',
      'sectionId',
      'title',
      'text',
      'span',
      'assignment',
      'targets',
      'status',
      'latestProgress',
    ])
      expect(task, k).toHaveProperty(k);
    const target = (task.targets as Record<string, unknown>[])[0]!;
    for (const k of [
      'id',
      'subject',
      'low',
      'high',
      'unit',
      'comparator',
      'direction',
      'horizon',
      'quote',
      'latest',
    ])
      expect(target, k).toHaveProperty(k);
    const status = target.status as { level: unknown; reason: unknown };
    expect(typeof status.level).toBe('string');
    expect(typeof status.reason).toBe('string');
    const assignment = task.assignment as Record<string, unknown>;
    expect(typeof assignment.leadDepartment).toBe('string');
    expect(Array.isArray(assignment.cooperatingDepartments)).toBe(true);
    expect(assignment).toHaveProperty('deadline');
    const pub = (await h.call(null, 'GET', `${API}/public/plans/${h.planId}`)).json<
      Record<string, unknown>
    >();
    expect(Object.keys(pub).sort()).toEqual(
      Object.keys(
        (await call(bare, null, 'GET', `${API}/public/plans/${h.planId}`)).json<Record<string, unknown>>(),
      ).sort(),
    );
    const progress = (await h.call(coordinator, 'GET', `${API}/tasks/${ids.taskId}/progress`)).json<{
      items: Record<string, unknown>[];
    }>();
    expect(progress.items.length).toBeGreaterThan(0);
    for (const k of [
      'id',
      'departmentName',
      'departmentRole',
      'period',
      'state',
      'values',
      'progress',
      'problems',
      'nextSteps',
      'submittedAt',
      'version',
    ])
      expect(progress.items[0], k).toHaveProperty(k);
    const evaluation = (await h.call(coordinator, 'GET', `${API}/plans/${h.planId}/evaluation`)).json<
      Record<string, unknown>
    >();
    for (const k of ['plan', 'sections', 'departments', 'leaders']) expect(evaluation, k).toHaveProperty(k);
  });

  it('write answers keep their shape under the schemas (progress, comment, department, login)', async (ctx) => {
    if (skip) return ctx.skip();
    const reporter = sessions.reporter!;
    const admin = sessions.admin!;
    const progressBody = (period: string) => ({
      period,
      values: [],
      progress: '完成',
      problems: '',
      nextSteps: '',
      draft: true,
    });
    const pairs: [LightMyRequestResponse, LightMyRequestResponse][] = [
      await Promise.all([
        call(h.app, reporter, 'POST', `${API}/tasks/${ids.taskId}/progress`, progressBody('2017-03')),
        call(bare, reporter, 'POST', `${API}/tasks/${ids.taskId}/progress`, progressBody('2017-04')),
      ]),
      [
        await call(h.app, reporter, 'POST', `${API}/tasks/${ids.taskId}/comments`, { body: '一' }),
        await call(bare, reporter, 'POST', `${API}/tasks/${ids.taskId}/comments`, { body: '二' }),
      ],
      [
        await call(h.app, admin, 'POST', `${API}/departments`, { name: '测试局甲' }),
        await call(bare, admin, 'POST', `${API}/departments`, { name: '测试局乙' }),
      ],
      [
        await call(h.app, null, 'POST', `${API}/auth/login`, {
          username: 'leader',
          password: 'test-password-1',
        }),
        await call(bare, null, 'POST', `${API}/auth/login`, {
          username: 'leader',
          password: 'test-password-1',
        }),
      ],
    ];
    for (const [a, b] of pairs) {
      expect(a.statusCode, a.body).toBe(b.statusCode);
      expect(a.statusCode).toBeLessThan(300);
      expect(shape(a.json())).toEqual(shape(b.json()));
    }
    const err = await call(h.app, reporter, 'GET', `${API}/tasks/nope`);
    expect(err.statusCode).toBe(404);
    const body = err.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('not-found');
    expect(body.error.message).toBeTruthy();
  });
});
