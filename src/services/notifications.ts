import crypto from 'node:crypto';
import { newId } from '../store/ids.ts';
import type { Executor } from '../store/db.ts';
import type {
  DeliveryState,
  NotificationTable,
  WebhookDeliveryTable,
  WebhookFormat,
  WebhookTable,
} from '../store/schema.ts';
import {
  claimDelivery,
  createWebhook,
  deactivateWebhook,
  getDelivery,
  getNotification,
  getWebhook,
  insertDelivery,
  insertNotification,
  listDeliveries,
  listDueDeliveries,
  listNotifications,
  listWebhooks,
  markAllNotificationsRead,
  markNotificationRead,
  updateDelivery,
  type DueDelivery,
} from '../store/supervision-repository.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { forbidden, invalid, notFound } from './errors.ts';
import { requireAbility } from './permissions.ts';
import { loadSettings } from './supervision-settings.ts';

/** Something people must hear about: in-app to each recipient, and to every active webhook of the tenant. */
export type SupervisionEvent = {
  /** Stable across processes and runs: the same event is never sent twice. */
  key: string;
  kind: string;
  title: string;
  text: string;
  entityType: string | null;
  entityId: string | null;
  recipients: string[];
  data: Record<string, unknown>;
};

/**
 * Record an event: one in-app notification per recipient and one queued delivery per active
 * webhook, each at most once (by its key). Returns how many were new.
 * @example emitEvent(db, tenantId, nowIso, { key: 'report-due|p|2017-06|d|3', kind: 'report-due', … }) -> { notified: 2, queued: 1 }
 */
export async function emitEvent(
  db: Executor,
  tenantId: string,
  nowIso: string,
  event: SupervisionEvent,
): Promise<{ notified: number; queued: number }> {
  let notified = 0;
  for (const userId of new Set(event.recipients)) {
    const row: NotificationTable = {
      id: newId(),
      tenant_id: tenantId,
      user_id: userId,
      kind: event.kind,
      title: event.title,
      body: event.text,
      entity_type: event.entityType,
      entity_id: event.entityId,
      dedupe_key: `${event.key}|${userId}`,
      created_at: nowIso,
      read_at: null,
    };
    if (await insertNotification(db, row)) notified += 1;
  }
  let queued = 0;
  for (const hook of await listWebhooks(db, tenantId, true)) {
    const row: WebhookDeliveryTable = {
      id: newId(),
      tenant_id: tenantId,
      webhook_id: hook.id,
      event_key: event.key,
      event_kind: event.kind,
      title: event.title,
      text: event.text,
      data_json: JSON.stringify(event.data),
      state: 'pending',
      attempts: 0,
      next_attempt_at: nowIso,
      last_status: null,
      last_error: null,
      delivered_at: null,
      created_at: nowIso,
      claimed_by: null,
      claimed_until: null,
    };
    if (await insertDelivery(db, row)) queued += 1;
  }
  return { notified, queued };
}

export type NotificationView = {
  id: string;
  kind: string;
  title: string;
  body: string;
  entityType: string | null;
  entityId: string | null;
  createdAt: string;
  readAt: string | null;
};

const toView = (n: NotificationTable): NotificationView => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  entityType: n.entity_type,
  entityId: n.entity_id,
  createdAt: n.created_at,
  readAt: n.read_at,
});

/** The actor's own notifications, newest first. */
export async function listMyNotifications(
  ctx: ServiceContext,
  actor: Actor,
  page: { limit: number; offset: number; unread?: boolean },
): Promise<{ items: NotificationView[]; total: number; unread: number }> {
  if (actor.userId === null) throw forbidden();
  const r = await listNotifications(ctx.store.db, actor.userId, page);
  return { ...r, items: r.items.map(toView) };
}

export async function markMyNotificationRead(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
): Promise<NotificationView> {
  if (actor.userId === null) throw forbidden();
  const existing = await getNotification(ctx.store.db, actor.tenantId, id);
  if (!existing) throw notFound('通知', 'Notification');
  if (existing.user_id !== actor.userId)
    throw forbidden('只能操作自己的通知', 'This is not your notification');
  const row = await markNotificationRead(ctx.store.db, actor.userId, id, ctx.now().toISOString());
  if (!row) throw notFound('通知', 'Notification');
  return toView(row);
}

/** Mark all of the actor's unread notifications read (全部已读): one statement, however many. */
export async function markAllMyNotificationsRead(
  ctx: ServiceContext,
  actor: Actor,
): Promise<{ updated: number }> {
  if (actor.userId === null) throw forbidden();
  return { updated: await markAllNotificationsRead(ctx.store.db, actor.userId, ctx.now().toISOString()) };
}

// Webhooks -------------------------------------------------------------------------------------------

export type WebhookView = {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  hasSecret: boolean;
  active: boolean;
  createdAt: string;
};

const toWebhookView = (w: WebhookTable): WebhookView => ({
  id: w.id,
  name: w.name,
  url: w.url,
  format: w.format,
  hasSecret: w.secret !== null,
  active: w.active === 1,
  createdAt: w.created_at,
});

export async function listTenantWebhooks(ctx: ServiceContext, actor: Actor): Promise<WebhookView[]> {
  requireAbility(actor, 'manageWebhooks');
  return (await listWebhooks(ctx.store.db, actor.tenantId)).map(toWebhookView);
}

/**
 * Register a webhook: generic JSON, or a DingTalk / WeCom group robot URL. The secret (optional) signs
 * generic bodies (x-luoshi-signature) and DingTalk requests (timestamp + sign).
 * @example addWebhook(ctx, admin, { name: '督查群', url: 'https://oapi.dingtalk.com/robot/send?access_token=…', format: 'dingtalk' })
 */
export async function addWebhook(
  ctx: ServiceContext,
  actor: Actor,
  input: { name: string; url: string; format: WebhookFormat; secret?: string | null },
): Promise<WebhookView> {
  requireAbility(actor, 'manageWebhooks');
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw invalid('Webhook 地址不是有效的 URL', 'The webhook URL is not valid');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid('Webhook 地址必须是 http 或 https', 'The webhook URL must be http or https');
  }
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const row: WebhookTable = {
      id: newId(),
      tenant_id: actor.tenantId,
      name: input.name.trim(),
      url: url.toString(),
      format: input.format,
      secret: input.secret?.trim() ? input.secret.trim() : null,
      active: 1,
      created_at: nowIso,
    };
    await createWebhook(trx, row);
    await audit({
      action: 'webhook.create',
      entityType: 'webhook',
      entityId: row.id,
      after: { name: row.name, host: url.host, format: row.format },
    });
    return toWebhookView(row);
  });
}

export async function removeWebhook(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  requireAbility(actor, 'manageWebhooks');
  await inTransaction(ctx, actor, async (trx, audit) => {
    const hook = await getWebhook(trx, actor.tenantId, id);
    if (!hook) throw notFound('Webhook', 'Webhook');
    await deactivateWebhook(trx, id);
    await audit({
      action: 'webhook.deactivate',
      entityType: 'webhook',
      entityId: id,
      before: { active: true },
    });
  });
}

export type DeliveryView = {
  id: string;
  webhookId: string;
  eventKey: string;
  kind: string;
  title: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
};

const toDeliveryView = (d: WebhookDeliveryTable): DeliveryView => ({
  id: d.id,
  webhookId: d.webhook_id,
  eventKey: d.event_key,
  kind: d.event_kind,
  title: d.title,
  state: d.state,
  attempts: d.attempts,
  nextAttemptAt: d.next_attempt_at,
  lastStatus: d.last_status,
  lastError: d.last_error,
  deliveredAt: d.delivered_at,
  createdAt: d.created_at,
});

/** The tenant's delivery log, newest first: attempts, last status or error, next retry. */
export async function listWebhookDeliveries(
  ctx: ServiceContext,
  actor: Actor,
  page: { limit: number; offset: number; webhookId?: string; state?: DeliveryState },
): Promise<{ items: DeliveryView[]; total: number }> {
  requireAbility(actor, 'manageWebhooks');
  const r = await listDeliveries(ctx.store.db, actor.tenantId, page);
  return { total: r.total, items: r.items.map(toDeliveryView) };
}

/**
 * Send a test message to one active webhook now (coordinator / admin): it is queued and delivered like
 * any event, so the attempt shows in the delivery log; a failure is retried with the usual backoff.
 * @example testWebhook(ctx, coordinator, id) -> { state: 'delivered', attempts: 1, lastStatus: 200, … }
 */
export async function testWebhook(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  opts: { fetch?: Fetch } = {},
): Promise<DeliveryView> {
  requireAbility(actor, 'manageWebhooks');
  const hook = await getWebhook(ctx.store.db, actor.tenantId, id);
  if (!hook) throw notFound('Webhook', 'Webhook');
  if (hook.active !== 1) throw invalid('该 Webhook 已停用', 'The webhook is deactivated');
  const nowIso = ctx.now().toISOString();
  const deliveryId = newId();
  await inTransaction(ctx, actor, async (trx, audit) => {
    const row: WebhookDeliveryTable = {
      id: deliveryId,
      tenant_id: actor.tenantId,
      webhook_id: hook.id,
      event_key: `test|${deliveryId}`,
      event_kind: 'test',
      title: '落实平台测试消息',
      text: `这是一条来自落实平台的测试消息（${hook.name}），收到即表示推送配置正确。`,
      data_json: JSON.stringify({ test: true }),
      state: 'pending',
      attempts: 0,
      next_attempt_at: nowIso,
      last_status: null,
      last_error: null,
      delivered_at: null,
      created_at: nowIso,
      claimed_by: null,
      claimed_until: null,
    };
    await insertDelivery(trx, row);
    await audit({ action: 'webhook.test', entityType: 'webhook', entityId: hook.id, after: { deliveryId } });
  });
  await deliverDueWebhooks(ctx, { ...opts, onlyId: deliveryId });
  const d = await getDelivery(ctx.store.db, actor.tenantId, deliveryId);
  if (!d) throw notFound('投递记录', 'Delivery');
  return toDeliveryView(d);
}

/** WeCom group robots refuse markdown content over 4096 bytes (UTF-8). */
export const WECOM_MAX_BYTES = 4096;

/** The longest prefix of `text` that fits in `max` UTF-8 bytes, whole characters only ("…" marks a cut). */
export function utf8Prefix(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  let out = '';
  let bytes = 0;
  const budget = max - Buffer.byteLength('…', 'utf8');
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > budget) break;
    out += ch;
    bytes += n;
  }
  return `${out}…`;
}

/**
 * The request for one delivery in the webhook's format: DingTalk and WeCom group robots take a
 * markdown message; generic hooks get the event as JSON.
 * @example webhookRequest({ format: 'wecom', url, secret: null }, { title: '报送提醒', text: '…' }, now).body -> '{"msgtype":"markdown","markdown":{"content":"### 报送提醒\n…"}}'
 */
export function webhookRequest(
  hook: { url: string; format: WebhookFormat; secret: string | null },
  event: { kind: string; key: string; title: string; text: string; data: unknown; tenantId: string },
  now: Date,
): { url: string; body: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  switch (hook.format) {
    case 'dingtalk': {
      let url = hook.url;
      if (hook.secret) {
        const timestamp = String(now.getTime());
        const sign = crypto
          .createHmac('sha256', hook.secret)
          .update(`${timestamp}\n${hook.secret}`)
          .digest('base64');
        url += `${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
      }
      const body = JSON.stringify({
        msgtype: 'markdown',
        markdown: { title: event.title, text: `### ${event.title}\n\n${event.text}` },
      });
      return { url, body, headers };
    }
    case 'wecom':
      return {
        url: hook.url,
        body: JSON.stringify({
          msgtype: 'markdown',
          markdown: { content: utf8Prefix(`### ${event.title}\n${event.text}`, WECOM_MAX_BYTES) },
        }),
        headers,
      };
    case 'generic': {
      const body = JSON.stringify({
        event: event.kind,
        key: event.key,
        tenantId: event.tenantId,
        title: event.title,
        text: event.text,
        data: event.data,
        sentAt: now.toISOString(),
      });
      if (hook.secret) {
        headers['x-luoshi-signature'] =
          `sha256=${crypto.createHmac('sha256', hook.secret).update(body).digest('hex')}`;
      }
      return { url: hook.url, body, headers };
    }
  }
}

export type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number; text: () => Promise<string> }>;

/**
 * Send every pending delivery that is due. Each is claimed first (one conditional UPDATE, see
 * claimDelivery), so two server processes never send the same delivery twice. A failure (network,
 * non-2xx, or a robot's errcode != 0) is retried after the tenant's backoff, doubling each time, up to
 * its attempt limit; every attempt is recorded on the delivery.
 */
export async function deliverDueWebhooks(
  ctx: ServiceContext,
  opts: { fetch?: Fetch; limit?: number; timeoutMs?: number; holder?: string; onlyId?: string } = {},
): Promise<{ delivered: number; retried: number; failed: number }> {
  const send: Fetch = opts.fetch ?? ((url, init) => fetch(url, init));
  const holder = opts.holder ?? `${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const now = ctx.now();
  const due = await listDueDeliveries(ctx.store.db, now.toISOString(), opts.limit ?? 50, opts.onlyId);
  const result = { delivered: 0, retried: 0, failed: 0 };
  const settingsByTenant = new Map<string, Awaited<ReturnType<typeof loadSettings>>['settings']>();
  for (const d of due) {
    // The claim outlives the request's timeout, so it cannot lapse while we are still sending.
    const claimedUntil = new Date(ctx.now().getTime() + timeoutMs + 60_000).toISOString();
    if (!(await claimDelivery(ctx.store.db, d.id, d.attempts, holder, now.toISOString(), claimedUntil))) {
      continue;
    }
    let settings = settingsByTenant.get(d.tenant_id);
    if (!settings) {
      settings = (await loadSettings(ctx.store.db, d.tenant_id)).settings;
      settingsByTenant.set(d.tenant_id, settings);
    }
    const outcome = await attempt(d, send, timeoutMs, ctx.now());
    const attempts = d.attempts + 1;
    const nowIso = ctx.now().toISOString();
    const error = outcome.error;
    if (error === null) {
      await updateDelivery(
        ctx.store.db,
        d.id,
        d.attempts,
        {
          state: 'delivered',
          attempts,
          next_attempt_at: d.next_attempt_at,
          last_status: outcome.status,
          last_error: null,
          delivered_at: nowIso,
        },
        holder,
      );
      result.delivered += 1;
    } else if (attempts >= settings.webhookMaxAttempts) {
      await updateDelivery(
        ctx.store.db,
        d.id,
        d.attempts,
        {
          state: 'failed',
          attempts,
          next_attempt_at: d.next_attempt_at,
          last_status: outcome.status,
          last_error: error.slice(0, 500),
          delivered_at: null,
        },
        holder,
      );
      result.failed += 1;
    } else {
      const delay = settings.webhookBackoffSeconds * 1000 * 2 ** (attempts - 1);
      await updateDelivery(
        ctx.store.db,
        d.id,
        d.attempts,
        {
          state: 'pending',
          attempts,
          next_attempt_at: new Date(now.getTime() + delay).toISOString(),
          last_status: outcome.status,
          last_error: error.slice(0, 500),
          delivered_at: null,
        },
        holder,
      );
      result.retried += 1;
    }
  }
  return result;
}

/** One HTTP attempt of a delivery: the status, and an error unless the receiver accepted it. */
async function attempt(
  d: DueDelivery,
  send: Fetch,
  timeoutMs: number,
  now: Date,
): Promise<{ status: number | null; error: string | null }> {
  const req = webhookRequest(
    d,
    {
      kind: d.event_kind,
      key: d.event_key,
      title: d.title,
      text: d.text,
      data: JSON.parse(d.data_json),
      tenantId: d.tenant_id,
    },
    now,
  );
  let status: number | null = null;
  try {
    const res = await send(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    const text = await res.text();
    if (status < 200 || status >= 300) return { status, error: `HTTP ${status}: ${text.slice(0, 200)}` };
    if (d.format !== 'generic') {
      let body: { errcode?: number; errmsg?: string } = {};
      try {
        body = JSON.parse(text || '{}') as typeof body;
      } catch {
        return { status, error: `not JSON: ${text.slice(0, 200)}` };
      }
      if (body.errcode !== undefined && body.errcode !== 0) {
        return { status, error: `errcode ${body.errcode}: ${body.errmsg ?? ''}` };
      }
    }
    return { status, error: null };
  } catch (e) {
    return { status, error: e instanceof Error ? e.message : String(e) };
  }
}
