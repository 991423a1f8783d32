import { afterAll, beforeAll, expect } from 'vitest';
import type { PromiseScorecard } from '../../src/services/promises.ts';
import { startHarness, type Harness, type Session } from '../server/helpers.ts';
import { describeEachDb, itDb } from '../store/helpers.ts';
import { multipart } from './fixtures.ts';

const API = '/api/v1';

/** A short 2016 report of 许昌市: its plan part sets targets that the sample's 2016 review speaks of. */
const XUCHANG_2016 = [
  '2016年许昌市政府工作报告',
  '——2016年1月在许昌市第七届人民代表大会第一次会议上',
  '各位代表：',
  '一、2015年工作回顾',
  '过去一年，全市生产总值增长9%。',
  '二、2016年工作安排',
  '今年经济社会发展的主要预期目标是：生产总值增长8.5%左右，一般公共预算收入增长8%，居民消费价格涨幅控制在3%左右。',
].join('\n');

describeEachDb('promise checks picked from the later plan (web flow)', (db) => {
  let h: Harness;
  let coordinator: Session;
  let skip = false;

  beforeAll(async () => {
    const t = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t);
    coordinator = await h.login('coordinator');
  });
  afterAll(async () => {
    if (!skip) await h.app.close();
  });

  itDb(
    db,
    "last year's report, uploaded only to be checked, is public through its confirmed scorecard",
    async () => {
      const m = multipart('xuchang-2016.txt', XUCHANG_2016);
      const imported = await h.call(coordinator, 'POST', `${API}/reports`, m.payload, m.headers);
      expect(imported.statusCode, imported.body).toBe(201);
      const plans = (await h.call(coordinator, 'GET', `${API}/plans`)).json<{
        items: { id: string; year: number; state: string }[];
      }>().items;
      const p2016 = plans.find((p) => p.year === 2016)!;
      expect(p2016.state).toBe('draft');

      // From the 2017 plan's page: nothing checked against it yet.
      const before = (
        await h.call(coordinator, 'GET', `${API}/plans/${h.planId}/promises`)
      ).json<PromiseScorecard>();
      expect(before.earlier).toBeNull();

      // The coordinator picks the 2016 plan: its targets are checked against the 2017 report.
      const run = await h.call(coordinator, 'POST', `${API}/plans/${p2016.id}/promises`, {
        nextPlanId: h.planId,
      });
      expect(run.statusCode, run.body).toBe(201);
      const card = run.json<PromiseScorecard>();
      expect(card.next?.planId).toBe(h.planId);
      expect(card.items.length).toBeGreaterThanOrEqual(3);
      expect(card.items.every((i) => i.target.quote.length > 0)).toBe(true);

      const from2017 = (
        await h.call(coordinator, 'GET', `${API}/plans/${h.planId}/promises`)
      ).json<PromiseScorecard>();
      expect(from2017.earlier).toMatchObject({ planId: p2016.id, year: 2016, state: 'draft' });
      const total = Object.values(from2017.earlier!.counts).reduce((a, b) => a + b, 0);
      expect(total).toBe(card.items.length);

      // Not public before confirmation: the draft 2016 plan does not exist for the public, 2017 shows no link.
      expect((await h.call(null, 'GET', `${API}/public/plans/${p2016.id}/promises`)).statusCode).toBe(404);
      const publicBefore = (
        await h.call(null, 'GET', `${API}/public/plans/${h.planId}/promises`)
      ).json<PromiseScorecard>();
      expect(publicBefore.earlier).toBeNull();

      const confirmed = await h.call(coordinator, 'POST', `${API}/plans/${p2016.id}/promises/confirm`, {
        version: card.version,
        acceptPending: true,
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);

      const pub = await h.call(null, 'GET', `${API}/public/plans/${p2016.id}/promises`);
      expect(pub.statusCode).toBe(200);
      const pubCard = pub.json<PromiseScorecard>();
      expect(pubCard.state).toBe('confirmed');
      expect(pubCard.items).toHaveLength(card.items.length);
      expect(pubCard.items[0]).not.toHaveProperty('review');
      const publicAfter = (
        await h.call(null, 'GET', `${API}/public/plans/${h.planId}/promises`)
      ).json<PromiseScorecard>();
      expect(publicAfter.earlier).toMatchObject({ planId: p2016.id, state: 'confirmed' });
      // The draft plan itself stays internal.
      expect((await h.call(null, 'GET', `${API}/public/plans/${p2016.id}`)).statusCode).toBe(404);
    },
  );
});
