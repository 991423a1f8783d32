import { afterAll, beforeAll, expect } from 'vitest';
import type { PromiseScorecard } from '../../src/services/promises.ts';
import { startHarness, type Harness, type Session } from '../server/helpers.ts';
import { describeEachDb, itDb } from '../store/helpers.ts';
import { multipart, XUCHANG_2018 } from './fixtures.ts';

const API = '/api/v1';

describeEachDb('promise checks over the API', (db) => {
  let h: Harness;
  let coordinator: Session;
  let leader: Session;
  let otherCoordinator: Session;
  let skip = false;

  beforeAll(async () => {
    const t = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t);
    coordinator = await h.login('coordinator');
    leader = await h.login('leader');
    otherCoordinator = await h.login('other-coordinator');
  });
  afterAll(async () => {
    if (!skip) await h.app.close();
  });

  itDb(db, 'checks, reviews, confirms and publishes a scorecard', async () => {
    const url = `${API}/plans/${h.planId}/promises`;
    const none = (await h.call(coordinator, 'GET', url)).json<PromiseScorecard>();
    expect(none.state).toBe('none');
    expect(none.items).toEqual([]);

    // No 2018 plan yet: a clear 400.
    const early = await h.call(coordinator, 'POST', url, {});
    expect(early.statusCode).toBe(400);

    const m = multipart('xuchang-2018.txt', XUCHANG_2018);
    const imported = await h.call(coordinator, 'POST', `${API}/reports`, m.payload, m.headers);
    expect(imported.statusCode).toBe(201);

    expect((await h.call(leader, 'POST', url, {})).statusCode).toBe(403);
    expect((await h.call(otherCoordinator, 'POST', url, {})).statusCode).toBe(404);
    const run = await h.call(coordinator, 'POST', url, {});
    expect(run.statusCode).toBe(201);
    const card = run.json<PromiseScorecard>();
    expect(card.state).toBe('draft');
    expect(card.next?.year).toBe(2018);
    expect(card.pending).toBe(card.items.length);
    const byQuote = new Map(card.items.map((i) => [i.target.quote, i]));
    expect(byQuote.get('生产总值增长8%以上')?.verdict).toBe('met');
    expect(byQuote.get('生产总值增长8%以上')?.outcome?.quote).toContain('8.6%');
    expect(byQuote.get('一般公共预算收入增长8%以上')?.verdict).toBe('missed');
    expect(byQuote.get('新增贷款175亿元')?.verdict).toBe('met');
    expect(byQuote.get('居民消费价格涨幅控制在3%左右')?.verdict).toBe('met');
    expect(card.counts['not-reported']).toBeGreaterThan(0);

    // Nothing is public before confirmation.
    const hidden = (
      await h.call(null, 'GET', `${API}/public/plans/${h.planId}/promises`)
    ).json<PromiseScorecard>();
    expect(hidden.state).toBe('draft');
    expect(hidden.items).toEqual([]);

    const revenue = byQuote.get('一般公共预算收入增长8%以上')!;
    const matchUrl = `${url}/matches/${revenue.id}`;
    expect((await h.call(leader, 'PUT', matchUrl, { version: 1, action: 'accept' })).statusCode).toBe(403);
    const badQuote = await h.call(coordinator, 'PUT', matchUrl, {
      version: 1,
      action: 'correct',
      verdict: 'missed',
      outcome: { quote: '不在报告中的话', value: 7.1, unit: '%' },
    });
    expect(badQuote.statusCode).toBe(400);
    const corrected = await h.call(coordinator, 'PUT', matchUrl, {
      version: 1,
      action: 'correct',
      verdict: 'missed',
      outcome: { quote: '一般公共预算收入增长7.1%', value: 7.1, unit: '%' },
      note: '口径核实',
    });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json<{ review: string; version: number }>()).toMatchObject({
      review: 'corrected',
      version: 2,
    });
    const stale = await h.call(coordinator, 'PUT', matchUrl, { version: 1, action: 'accept' });
    expect(stale.statusCode).toBe(409);

    const current = (await h.call(coordinator, 'GET', url)).json<PromiseScorecard>();
    expect(current.pending).toBe(card.items.length - 1);
    const pending = await h.call(coordinator, 'POST', `${url}/confirm`, { version: current.version });
    expect(pending.statusCode).toBe(409);
    expect(pending.json<{ error: { code: string } }>().error.code).toBe('promises-pending');
    const confirmed = await h.call(coordinator, 'POST', `${url}/confirm`, {
      version: current.version,
      acceptPending: true,
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json<PromiseScorecard>()).toMatchObject({ state: 'confirmed', pending: 0 });

    const pub = (
      await h.call(null, 'GET', `${API}/public/plans/${h.planId}/promises`)
    ).json<PromiseScorecard>();
    expect(pub.state).toBe('confirmed');
    expect(pub.items).toHaveLength(card.items.length);
    const item = pub.items.find((i) => i.target.quote === '一般公共预算收入增长8%以上')!;
    expect(item).toMatchObject({ verdict: 'missed', note: '口径核实' });
    expect(item.outcome?.quote).toBe('一般公共预算收入增长7.1%');
    expect(item).not.toHaveProperty('version');
    expect(item).not.toHaveProperty('autoVerdict');
    expect(pub).not.toHaveProperty('pending');

    // A re-run needs the current version and discards the reviews.
    expect((await h.call(coordinator, 'POST', url, { version: 1 })).statusCode).toBe(409);
    const again = confirmed.json<PromiseScorecard>();
    const rerun = await h.call(coordinator, 'POST', url, { version: again.version });
    expect(rerun.statusCode).toBe(201);
    expect(rerun.json<PromiseScorecard>().state).toBe('draft');
  });
});
