import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/services/context.ts';
import {
  deliverDueWebhooks,
  emitEvent,
  testWebhook,
  utf8Prefix,
  WECOM_MAX_BYTES,
  webhookRequest,
} from '../../src/services/notifications.ts';
import { updateSupervisionSettings } from '../../src/services/supervision-settings.ts';
import type { Store } from '../../src/store/db.ts';
import { claimDelivery } from '../../src/store/supervision-repository.ts';
import { describeEachDb, openSecondStore, type TestDb } from '../store/helpers.ts';
import { startHarness, type Harness, type Session } from './helpers.ts';

const API = '/api/v1';

type Received = { path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: string };

/** A local HTTP receiver standing in for DingTalk, WeCom and a generic endpoint. */
async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      received.push({ path: u.pathname, query: u.searchParams, headers: req.headers, body });
      const reply = (status: number, text: string): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(text);
      };
      if (u.pathname === '/fail') return reply(500, 'boom');
      if (u.pathname === '/ding-error') return reply(200, '{"errcode":310000,"errmsg":"sign not match"}');
      if (u.pathname === '/slow') {
        setTimeout(() => reply(200, '{"errcode":0,"errmsg":"ok"}'), 40);
        return;
      }
      return reply(200, '{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describeEachDb('webhooks: robot formats, claims, retries', (db) => {
  let h: Harness;
  let t: TestDb;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let coord: Session;
  let skip = false;
  let clock = new Date('2017-07-10T02:00:00Z');
  let ctx: ServiceContext;
  const coordinatorActor = { role: 'coordinator' as const, departmentId: null, leaderId: null };
  let actor: { userId: string; tenantId: string } & typeof coordinatorActor;

  beforeAll(async () => {
    const d: TestDb | null = db();
    if (d === null) {
      skip = true;
      return;
    }
    t = d;
    h = await startHarness(t);
    receiver = await startReceiver();
    coord = await h.login('coordinator');
    const me = (await h.call(coord, 'GET', `${API}/auth/me`)).json<{ user: { id: string } }>();
    actor = { ...coordinatorActor, userId: me.user.id, tenantId: h.tenantId };
    ctx = {
      store: t.store,
      now: () => clock,
      attachmentsDir: t.dir,
      reportsDir: t.dir,
      maxUploadBytes: 1024,
    };
  });
  afterAll(async () => {
    if (skip) return;
    await receiver.close();
    await h.app.close();
  });

  const addHook = async (name: string, path: string, format: string, secret?: string): Promise<string> => {
    const res = await h.call(coord, 'POST', `${API}/webhooks`, {
      name,
      url: `${receiver.url}${path}`,
      format,
      ...(secret ? { secret } : {}),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  const deactivate = async (id: string): Promise<void> => {
    expect((await h.call(coord, 'DELETE', `${API}/webhooks/${id}`)).statusCode).toBe(204);
  };

  it('DingTalk: markdown {title, text}, signed URL timestamp + HMAC-SHA256 of "timestamp\\nsecret", base64, urlencoded', async (tc) => {
    if (skip) tc.skip();
    const secret = 'SEC0123456789abcdef';
    const id = await addHook('钉钉督查群', '/robot/send?access_token=abc', 'dingtalk', secret);
    receiver.received.length = 0;
    const res = await h.call(coord, 'POST', `${API}/webhooks/${id}/test`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 200, lastError: null });
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.path).toBe('/robot/send');
    expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(got.query.get('access_token')).toBe('abc');
    const timestamp = got.query.get('timestamp')!;
    expect(timestamp).toMatch(/^\d{13}$/);
    const sign = crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(got.query.get('sign')).toBe(sign);
    // The raw query carries the urlencoded base64 (+, / and = escaped).
    expect(got.query.toString()).toContain(`sign=${encodeURIComponent(sign).replace(/%20/g, '+')}`);
    const body = JSON.parse(got.body) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['markdown', 'msgtype']);
    expect(body).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: '落实平台测试消息',
        text: '### 落实平台测试消息\n\n这是一条来自落实平台的测试消息（钉钉督查群），收到即表示推送配置正确。',
      },
    });
    await deactivate(id);
  });

  it('DingTalk without a secret: the URL is left as given; errcode != 0 is a failure and retried', async (tc) => {
    if (skip) tc.skip();
    const ok = webhookRequest(
      { url: 'https://oapi.dingtalk.com/robot/send?access_token=x', format: 'dingtalk', secret: null },
      { kind: 'k', key: 'k', title: 'T', text: 'B', data: {}, tenantId: 't' },
      new Date(),
    );
    expect(ok.url).toBe('https://oapi.dingtalk.com/robot/send?access_token=x');
    const id = await addHook('钉钉错误', '/ding-error', 'dingtalk');
    const res = await h.call(coord, 'POST', `${API}/webhooks/${id}/test`);
    expect(res.json()).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastStatus: 200,
      lastError: 'errcode 310000: sign not match',
    });
    await deactivate(id);
  });

  it('WeCom: markdown {content} and nothing else; content cut to 4096 UTF-8 bytes', async (tc) => {
    if (skip) tc.skip();
    const id = await addHook('企业微信群', '/cgi-bin/webhook/send?key=k1', 'wecom');
    receiver.received.length = 0;
    const res = await h.call(coord, 'POST', `${API}/webhooks/${id}/test`);
    expect(res.json()).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 200 });
    const got = receiver.received[0]!;
    expect(got.path).toBe('/cgi-bin/webhook/send');
    expect(got.query.get('key')).toBe('k1');
    expect(got.query.has('sign')).toBe(false);
    expect(JSON.parse(got.body)).toEqual({
      msgtype: 'markdown',
      markdown: {
        content:
          '### 落实平台测试消息\n这是一条来自落实平台的测试消息（企业微信群），收到即表示推送配置正确。',
      },
    });
    const long = webhookRequest(
      { url: 'https://qyapi.weixin.qq.com/x', format: 'wecom', secret: null },
      { kind: 'k', key: 'k', title: '长消息', text: '督'.repeat(3000), data: {}, tenantId: 't' },
      new Date(),
    );
    const content = (JSON.parse(long.body) as { markdown: { content: string } }).markdown.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(WECOM_MAX_BYTES);
    expect(content.endsWith('…')).toBe(true);
    expect(utf8Prefix('abc', 10)).toBe('abc');
    await deactivate(id);
  });

  it('generic JSON: the event with x-luoshi-signature = sha256 HMAC of the body', async (tc) => {
    if (skip) tc.skip();
    const id = await addHook('通用', '/generic', 'generic', 'gsecret');
    receiver.received.length = 0;
    await h.call(coord, 'POST', `${API}/webhooks/${id}/test`);
    const got = receiver.received[0]!;
    const expected = crypto.createHmac('sha256', 'gsecret').update(got.body).digest('hex');
    expect(got.headers['x-luoshi-signature']).toBe(`sha256=${expected}`);
    expect(JSON.parse(got.body)).toMatchObject({ event: 'test', tenantId: h.tenantId, data: { test: true } });
    await deactivate(id);
  });

  it('retries with doubling backoff, records every attempt, then fails at the attempt limit', async (tc) => {
    if (skip) tc.skip();
    clock = new Date('2017-07-10T02:00:00Z');
    const id = await addHook('失败', '/fail', 'generic');
    const first = await testWebhook(ctx, actor, id);
    expect(first).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 500 });
    expect(first.lastError).toContain('HTTP 500');
    expect(first.nextAttemptAt).toBe('2017-07-10T02:01:00.000Z'); // 60 s
    clock = new Date('2017-07-10T02:00:59Z');
    expect(await deliverDueWebhooks(ctx)).toEqual({ delivered: 0, retried: 0, failed: 0 });
    clock = new Date('2017-07-10T02:01:00Z');
    expect(await deliverDueWebhooks(ctx)).toEqual({ delivered: 0, retried: 1, failed: 0 });
    const log = async () =>
      (await h.call(coord, 'GET', `${API}/webhooks/deliveries?webhookId=${id}`)).json<{
        items: { attempts: number; state: string; nextAttemptAt: string; lastStatus: number }[];
      }>().items;
    expect((await log())[0]).toMatchObject({
      attempts: 2,
      state: 'pending',
      nextAttemptAt: '2017-07-10T02:03:00.000Z', // + 120 s
      lastStatus: 500,
    });
    const settings = (await h.call(coord, 'GET', `${API}/supervision/settings`)).json<{ version: number }>();
    await updateSupervisionSettings(ctx, actor, { version: settings.version, webhookMaxAttempts: 3 });
    clock = new Date('2017-07-10T02:03:00Z');
    expect(await deliverDueWebhooks(ctx)).toEqual({ delivered: 0, retried: 0, failed: 1 });
    expect((await log())[0]).toMatchObject({ attempts: 3, state: 'failed' });
    const failed = await h.call(coord, 'GET', `${API}/webhooks/deliveries?state=failed`);
    expect(failed.json<{ total: number }>().total).toBe(1);
    await deactivate(id);
  });

  it('a claim by a crashed sender blocks the delivery only until it expires', async (tc) => {
    if (skip) tc.skip();
    clock = new Date('2017-08-01T00:00:00Z');
    const id = await addHook('认领', '/generic', 'generic');
    await emitEvent(t.store.db, h.tenantId, clock.toISOString(), {
      key: 'claim-test',
      kind: 'k',
      title: '认领',
      text: '认领测试',
      entityType: null,
      entityId: null,
      recipients: [],
      data: {},
    });
    const row = await t.store.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('event_key', '=', 'claim-test')
      .executeTakeFirstOrThrow();
    expect(
      await claimDelivery(t.store.db, row.id, 0, 'dead', clock.toISOString(), '2017-08-01T00:00:10.000Z'),
    ).toBe(true);
    expect(await deliverDueWebhooks(ctx)).toEqual({ delivered: 0, retried: 0, failed: 0 });
    clock = new Date('2017-08-01T00:00:11Z');
    expect(await deliverDueWebhooks(ctx)).toEqual({ delivered: 1, retried: 0, failed: 0 });
    await deactivate(id);
  });

  it('two server processes delivering at once send each delivery exactly once', async (tc) => {
    if (skip) tc.skip();
    clock = new Date('2017-09-01T00:00:00Z');
    const id = await addHook('并发', '/slow', 'wecom');
    const N = 24;
    for (let i = 0; i < N; i += 1) {
      await emitEvent(t.store.db, h.tenantId, clock.toISOString(), {
        key: `race-${i}`,
        kind: 'race',
        title: `并发 ${i}`,
        text: `第 ${i} 条`,
        entityType: null,
        entityId: null,
        recipients: [],
        data: {},
      });
    }
    receiver.received.length = 0;
    const second: Store = openSecondStore(t);
    try {
      const ctxB: ServiceContext = { ...ctx, store: second };
      const [a, b] = await Promise.all([
        deliverDueWebhooks(ctx, { holder: 'process-a' }),
        deliverDueWebhooks(ctxB, { holder: 'process-b' }),
      ]);
      expect(a.delivered + b.delivered).toBe(N);
      // Both really worked (the race happened), and neither sent what the other claimed.
      expect(a.delivered).toBeGreaterThan(0);
      expect(b.delivered).toBeGreaterThan(0);
    } finally {
      await second.destroy();
    }
    const titles = receiver.received.map(
      (r) => (JSON.parse(r.body) as { markdown: { content: string } }).markdown.content,
    );
    expect(titles).toHaveLength(N);
    expect(new Set(titles).size).toBe(N);
    const rows = await t.store.db
      .selectFrom('webhook_deliveries')
      .select(['state', 'attempts', 'claimed_by'])
      .where('webhook_id', '=', id)
      .execute();
    expect(rows).toHaveLength(N);
    expect(rows.every((r) => r.state === 'delivered' && r.attempts === 1 && r.claimed_by === null)).toBe(
      true,
    );
  });

  it("test-send of a deactivated or another tenant's webhook is refused", async (tc) => {
    if (skip) tc.skip();
    const id = await addHook('停用', '/generic', 'generic');
    await deactivate(id);
    const res = await h.call(coord, 'POST', `${API}/webhooks/${id}/test`);
    expect(res.statusCode).toBe(400);
    const other = await h.login('other-coordinator');
    const res2 = await h.call(other, 'POST', `${API}/webhooks/${id}/test`);
    expect(res2.statusCode).toBe(404);
    expect(res2.json()).toMatchObject({ error: { code: 'not-found' } });
  });
});
