import { beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../store/helpers.ts';
import { startHarness, type Harness, type Session } from './helpers.ts';

const API = '/api/v1';
type Page = { items: { id?: string; seq?: number }[]; total: number; limit: number; offset: number };

describeEachDb('lists paginate', (db) => {
  let h: Harness;
  const s: Record<string, Session> = {};
  let taskId = '';
  let skip = false;

  beforeAll(async () => {
    const t = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t);
    for (const name of ['admin', 'coordinator', 'reporter']) s[name] = await h.login(name);
    const mine = (await h.call(s.reporter!, 'GET', `${API}/my/tasks?limit=200`)).json<Page>();
    taskId = (mine.items.find((x) => (x as { role?: string }).role === 'lead') ?? mine.items[0])!.id!;
    for (const [i, period] of ['2017-02', '2017-03', '2017-04'].entries()) {
      const r = await h.call(s.reporter!, 'POST', `${API}/tasks/${taskId}/progress`, {
        period,
        values: [],
        progress: `第${i + 1}次`,
        problems: '',
        nextSteps: '',
        draft: true,
      });
      expect(r.statusCode, r.body).toBeLessThan(300);
      await h.call(s.coordinator!, 'POST', `${API}/tasks/${taskId}/comments`, { body: `评论${i + 1}` });
    }
  });

  const lists: [string, string, () => string][] = [
    ['admin', 'departments', () => `${API}/departments`],
    ['admin', 'leaders', () => `${API}/leaders`],
    ['admin', 'tenants', () => `${API}/tenants`],
    ['admin', 'users', () => `${API}/users`],
    ['admin', 'audit', () => `${API}/audit`],
    ['reporter', 'my tasks', () => `${API}/my/tasks`],
    ['coordinator', 'comments of a task', () => `${API}/tasks/${taskId}/comments`],
    ['reporter', 'progress of a task', () => `${API}/tasks/${taskId}/progress`],
    ['coordinator', 'plans', () => `${API}/plans`],
    ['coordinator', 'notices', () => `${API}/notices`],
    ['reporter', 'notifications', () => `${API}/notifications`],
  ];

  for (const [role, name, url] of lists) {
    it(`${name}: limit, offset, total, boundaries and the limit cap`, async (ctx) => {
      if (skip) return ctx.skip();
      const get = async (q: string) => {
        const res = await h.call(s[role]!, 'GET', `${url()}?${q}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json<Page>();
      };
      const all = await get('limit=200');
      expect(all).toMatchObject({ limit: 200, offset: 0 });
      expect(all.items.length).toBe(Math.min(all.total, 200));
      const total = all.total;
      // Defaults: the first 50.
      const first = await get('');
      expect(first).toMatchObject({ total, limit: 50, offset: 0 });
      expect(first.items.length).toBe(Math.min(total, 50));
      // Pages of 2 walk the whole list in the same order, without gaps or repeats.
      const walked: unknown[] = [];
      for (let offset = 0; offset < Math.min(total, 12); offset += 2) {
        const page = await get(`limit=2&offset=${offset}`);
        expect(page).toMatchObject({ total, limit: 2, offset });
        expect(page.items.length).toBe(Math.min(2, total - offset));
        walked.push(...page.items);
      }
      expect(walked).toEqual(all.items.slice(0, walked.length));
      // The last item alone, then past the end.
      if (total > 0) {
        const last = await get(`limit=1&offset=${total - 1}`);
        expect(last.items).toEqual([all.items[total - 1]]);
      }
      const past = await get(`limit=5&offset=${total}`);
      expect(past).toMatchObject({ items: [], total });
      // Out of range: a clear 400.
      for (const bad of ['limit=201', 'limit=0', 'offset=-1', 'limit=abc']) {
        const res = await h.call(s[role]!, 'GET', `${url()}?${bad}`);
        expect(res.statusCode, bad).toBe(400);
        expect(res.json()).toMatchObject({ error: { code: 'invalid-input' } });
      }
    });
  }

  it('the seeded lists are long enough to page for real', async (ctx) => {
    if (skip) return ctx.skip();
    const total = async (role: string, url: string) =>
      (await h.call(s[role]!, 'GET', url)).json<Page>().total;
    expect(await total('admin', `${API}/departments`)).toBeGreaterThan(20);
    expect(await total('coordinator', `${API}/tasks/${taskId}/comments`)).toBeGreaterThanOrEqual(3);
    expect(await total('reporter', `${API}/tasks/${taskId}/progress`)).toBeGreaterThanOrEqual(3);
    expect(await total('reporter', `${API}/my/tasks`)).toBeGreaterThan(2);
  });
});
