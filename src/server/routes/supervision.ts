import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../services/context.ts';
import {
  decideAdjustment,
  getPublicTargetHistory,
  listTargetAdjustments,
  proposeAdjustment,
} from '../../services/adjustments.ts';
import {
  closeNotice,
  getNoticeView,
  issueNotice,
  listTenantNotices,
  replyNotice,
  suggestNotices,
} from '../../services/notices.ts';
import {
  addWebhook,
  listMyNotifications,
  listTenantWebhooks,
  listWebhookDeliveries,
  markAllMyNotificationsRead,
  markMyNotificationRead,
  removeWebhook,
  testWebhook,
} from '../../services/notifications.ts';
import { tenantPlanValidator } from '../../services/plan-view.ts';
import { listPlanPeriods, lockPeriod, runSupervisionNow, unlockPeriod } from '../../services/supervision.ts';
import { getTaskOverrides, setTargetOverride, setTaskOverride } from '../../services/evaluation-overrides.ts';
import type { TargetKind } from '../../core/plan/evaluate.ts';
import {
  getSupervisionSettings,
  settingsSchema,
  updateSupervisionSettings,
  type SupervisionSettings,
} from '../../services/supervision-settings.ts';
import type { DeliveryState, NoticeColor, NoticeState, WebhookFormat } from '../../store/schema.ts';
import { snapshotBody } from '../../services/view-snapshots.ts';
import { actor } from '../auth.ts';
import { idParam, LruCache, pageQuerySchema, sendValidated, type PageQuery } from '../http.ts';
import {
  adjustmentSchema,
  noContent,
  pageOf,
  supervisionRunSchema,
  targetHistorySchema,
} from '../schemas.ts';
import {
  asOfQuery,
  deliveryListSchema,
  deliverySchema,
  noticeListSchema,
  noticeSchema,
  notificationListSchema,
  notificationSchema,
  overrideBodies,
  periodListSchema,
  statusSchema,
  suggestionListSchema,
  targetOverrideSchema,
  taskOverridesSchema,
  webhookSchema,
} from './supervision-schemas.ts';

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const PERIOD = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } as const;
const version = { type: 'integer', minimum: 0 } as const;
const periodParams = {
  type: 'object',
  required: ['planId', 'period'],
  properties: { planId: idParam('planId').properties.planId, period: PERIOD },
} as const;
const settingsResponse = {
  type: 'object',
  properties: { ...settingsSchema.properties, version: { type: 'integer' } },
} as const;

const rollUpSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    ...statusSchema.properties,
    counts: { type: 'object', additionalProperties: { type: 'integer' } },
    total: { type: 'integer' },
    onTrackShare: { type: ['number', 'null'] },
  },
} as const;

/** Evaluation dashboard, periods, notifications, webhooks, 督办 notices and adjustments (issue 5). */
export function supervisionRoutes(app: FastifyInstance, opts: { ctx: ServiceContext }): void {
  const { ctx } = opts;
  // Serialised dashboards by validator (the same for every user who may read the plan; issue 8).
  const dashboards = new LruCache(512);

  app.get<{ Params: { planId: string }; Querystring: { asOf?: string } }>(
    '/plans/:planId/evaluation',
    {
      schema: {
        tags: ['supervision'],
        summary:
          '评估看板：计划与板块汇总、部门得分排名（含按时报送率）、分管领导 / plan, areas, department ranking, leaders',
        params: idParam('planId'),
        querystring: asOfQuery,
        response: {
          200: {
            type: 'object',
            additionalProperties: true,
            properties: {
              planId: { type: 'string' },
              asOf: { type: 'string' },
              yearEnded: { type: 'boolean' },
              simulated: { type: ['object', 'null'], additionalProperties: true },
              plan: rollUpSchema,
              sections: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: true,
                  properties: {
                    id: { type: 'string' },
                    title: { type: 'string' },
                    depth: { type: 'integer' },
                    status: rollUpSchema,
                  },
                },
              },
              departments: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: true,
                  properties: {
                    departmentId: { type: 'string' },
                    name: { type: 'string' },
                    lead: rollUpSchema,
                    cooperating: rollUpSchema,
                    reporting: { type: ['object', 'null'], additionalProperties: true },
                    score: { type: 'number' },
                    rank: { type: 'integer' },
                  },
                },
              },
              leaders: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: true,
                  properties: {
                    leaderId: { type: 'string' },
                    name: { type: 'string' },
                    title: { type: 'string' },
                    status: rollUpSchema,
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const { planId } = request.params;
      const v = await tenantPlanValidator(ctx, actor(request), planId, request.query.asOf);
      return sendValidated(request, reply, dashboards, v.tag, () =>
        snapshotBody(ctx, 'evaluation', v, !request.query.asOf),
      );
    },
  );

  app.get<{ Params: { planId: string }; Querystring: { asOf?: string } }>(
    '/plans/:planId/periods',
    {
      schema: {
        tags: ['supervision'],
        summary: '报送期：截止日期、锁定状态、报送数 / reporting periods with deadlines and lock state',
        params: idParam('planId'),
        querystring: asOfQuery,
        response: { 200: periodListSchema },
      },
    },
    async (request) => listPlanPeriods(ctx, actor(request), request.params.planId, request.query.asOf),
  );

  app.post<{ Params: { planId: string; period: string } }>(
    '/plans/:planId/periods/:period/lock',
    {
      schema: {
        tags: ['supervision'],
        summary: '审核完毕后锁定报送期 / lock a reviewed period',
        params: periodParams,
        response: {
          200: { type: 'object', properties: { period: { type: 'string' }, lockedAt: { type: 'string' } } },
        },
      },
    },
    async (request) => lockPeriod(ctx, actor(request), request.params),
  );

  app.delete<{ Params: { planId: string; period: string } }>(
    '/plans/:planId/periods/:period/lock',
    {
      schema: {
        tags: ['supervision'],
        summary: '解锁报送期（如需更正已审核数据） / unlock a period',
        params: periodParams,
        response: {
          200: {
            type: 'object',
            properties: { period: { type: 'string' }, unlockedAt: { type: 'string' } },
          },
        },
      },
    },
    async (request) => unlockPeriod(ctx, actor(request), request.params),
  );

  app.get(
    '/supervision/settings',
    {
      schema: {
        tags: ['supervision'],
        summary: '督查设置（报送频率、提醒、阈值） / supervision settings',
        response: { 200: settingsResponse },
      },
    },
    async (request) => getSupervisionSettings(ctx, actor(request)),
  );

  app.put<{ Body: Partial<SupervisionSettings> & { version: number } }>(
    '/supervision/settings',
    {
      schema: {
        tags: ['supervision'],
        summary: '修改督查设置 / change supervision settings',
        body: {
          ...settingsSchema,
          required: ['version'],
          properties: { ...settingsSchema.properties, version },
        },
        response: { 200: settingsResponse },
      },
    },
    async (request) => updateSupervisionSettings(ctx, actor(request), request.body),
  );

  app.post(
    '/supervision/run',
    {
      schema: {
        tags: ['supervision'],
        summary: '立即执行提醒与推送（调度器同款） / run reminders and deliveries now',
        response: { 200: supervisionRunSchema },
      },
    },
    async (request) => runSupervisionNow(ctx, actor(request)),
  );

  app.get<{ Querystring: PageQuery & { unread?: boolean } }>(
    '/notifications',
    {
      schema: {
        tags: ['supervision'],
        summary: '我的通知 / my notifications',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...pageQuerySchema, unread: { type: 'boolean' } },
        },
        response: { 200: notificationListSchema },
      },
    },
    async (request) => {
      const q = request.query;
      return { ...(await listMyNotifications(ctx, actor(request), q)), limit: q.limit, offset: q.offset };
    },
  );

  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags: ['supervision'],
        summary: '全部标为已读 / mark all my notifications read',
        response: {
          200: {
            type: 'object',
            required: ['updated'],
            properties: { updated: { type: 'integer', description: 'how many were unread' } },
          },
        },
      },
    },
    async (request) => markAllMyNotificationsRead(ctx, actor(request)),
  );

  app.post<{ Params: { id: string } }>(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['supervision'],
        summary: '标记通知已读 / mark a notification read',
        params: idParam('id'),
        response: { 200: notificationSchema },
      },
    },
    async (request) => markMyNotificationRead(ctx, actor(request), request.params.id),
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags: ['supervision'],
        summary: 'Webhook 列表（钉钉、企业微信、通用） / webhooks',
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: webhookSchema }, total: { type: 'integer' } },
          },
        },
      },
    },
    async (request) => {
      const items = await listTenantWebhooks(ctx, actor(request));
      return { items, total: items.length };
    },
  );

  app.post<{ Body: { name: string; url: string; format: WebhookFormat; secret?: string | null } }>(
    '/webhooks',
    {
      schema: {
        tags: ['supervision'],
        summary: '添加 Webhook / add a webhook',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'url', 'format'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            url: { type: 'string', minLength: 8, maxLength: 1000 },
            format: { type: 'string', enum: ['generic', 'dingtalk', 'wecom'] },
            secret: { type: ['string', 'null'], maxLength: 200 },
          },
        },
        response: { 201: webhookSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await addWebhook(ctx, actor(request), request.body)),
  );

  app.delete<{ Params: { id: string } }>(
    '/webhooks/:id',
    {
      schema: {
        tags: ['supervision'],
        summary: '停用 Webhook / deactivate a webhook',
        response: { 204: noContent },
        params: idParam('id'),
      },
    },
    async (request, reply) => {
      await removeWebhook(ctx, actor(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/webhooks/:id/test',
    {
      schema: {
        tags: ['supervision'],
        summary: '发送测试消息并记录投递 / send a test message now',
        params: idParam('id'),
        response: { 200: deliverySchema },
      },
    },
    async (request) => testWebhook(ctx, actor(request), request.params.id),
  );

  app.get<{ Querystring: PageQuery & { webhookId?: string; state?: DeliveryState } }>(
    '/webhooks/deliveries',
    {
      schema: {
        tags: ['supervision'],
        summary: 'Webhook 投递记录（含重试） / webhook deliveries with retries',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuerySchema,
            webhookId: { type: 'string', maxLength: 64 },
            state: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
          },
        },
        response: { 200: deliveryListSchema },
      },
    },
    async (request) => {
      const q = request.query;
      return { ...(await listWebhookDeliveries(ctx, actor(request), q)), limit: q.limit, offset: q.offset };
    },
  );

  app.get<{ Querystring: PageQuery & { state?: NoticeState; planId?: string; taskId?: string } }>(
    '/notices',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办单列表（报送员只见本单位） / 督办 notices',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuerySchema,
            state: { type: 'string', enum: ['issued', 'replied', 'closed'] },
            planId: { type: 'string', maxLength: 64 },
            taskId: { type: 'string', maxLength: 64 },
          },
        },
        response: { 200: noticeListSchema },
      },
    },
    async (request) => {
      const q = request.query;
      return { ...(await listTenantNotices(ctx, actor(request), q)), limit: q.limit, offset: q.offset };
    },
  );

  app.get<{ Querystring: { planId: string; asOf?: string } }>(
    '/notices/suggested',
    {
      schema: {
        tags: ['supervision'],
        summary: '按状态建议的三色督办（蓝：临近期限，黄：滞后序时进度，红：逾期） / suggested notices',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['planId'],
          properties: {
            planId: { type: 'string', minLength: 1, maxLength: 64 },
            asOf: asOfQuery.properties.asOf,
          },
        },
        response: { 200: suggestionListSchema },
      },
    },
    async (request) => suggestNotices(ctx, actor(request), request.query.planId, request.query.asOf),
  );

  app.post<{
    Body: { taskId: string; color: NoticeColor; reason: string; requirement?: string; replyDue?: string };
  }>(
    '/notices',
    {
      schema: {
        tags: ['supervision'],
        summary: '下发督办单 / issue a notice',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['taskId', 'color', 'reason'],
          properties: {
            taskId: { type: 'string', minLength: 1, maxLength: 64 },
            color: { type: 'string', enum: ['blue', 'yellow', 'red'] },
            reason: { type: 'string', minLength: 1, maxLength: 2000 },
            requirement: { type: 'string', maxLength: 2000 },
            replyDue: DATE,
          },
        },
        response: { 201: noticeSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await issueNotice(ctx, actor(request), request.body)),
  );

  app.get<{ Params: { id: string } }>(
    '/notices/:id',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办单详情 / a notice',
        params: idParam('id'),
        response: { 200: noticeSchema },
      },
    },
    async (request) => getNoticeView(ctx, actor(request), request.params.id),
  );

  app.post<{ Params: { id: string }; Body: { reply: string; version: number } }>(
    '/notices/:id/reply',
    {
      schema: {
        tags: ['supervision'],
        summary: '被督办单位回复 / the department replies',
        params: idParam('id'),
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reply', 'version'],
          properties: { reply: { type: 'string', minLength: 1, maxLength: 5000 }, version },
        },
        response: { 200: noticeSchema },
      },
    },
    async (request) => replyNotice(ctx, actor(request), { id: request.params.id, ...request.body }),
  );

  app.post<{ Params: { id: string }; Body: { note?: string; version: number } }>(
    '/notices/:id/close',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办办结 / close a notice',
        params: idParam('id'),
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['version'],
          properties: { note: { type: 'string', maxLength: 2000 }, version },
        },
        response: { 200: noticeSchema },
      },
    },
    async (request) => closeNotice(ctx, actor(request), { id: request.params.id, ...request.body }),
  );

  app.get<{ Params: { taskId: string } }>(
    '/tasks/:taskId/overrides',
    {
      schema: {
        tags: ['supervision'],
        summary: '任务及其指标的评估设置（指标类型、权重） / evaluation overrides of a task and its targets',
        params: idParam('taskId'),
        response: { 200: taskOverridesSchema },
      },
    },
    async (request) => getTaskOverrides(ctx, actor(request), request.params.taskId),
  );

  app.put<{ Params: { taskId: string }; Body: { weight: number | null; version: number } }>(
    '/tasks/:taskId/override',
    {
      schema: {
        tags: ['supervision'],
        summary: '设置任务在汇总中的权重 / set a task weight for roll-ups',
        params: idParam('taskId'),
        body: overrideBodies.task,
        response: {
          200: {
            type: 'object',
            properties: {
              taskId: { type: 'string' },
              weight: { type: ['number', 'null'] },
              version: { type: 'integer' },
            },
          },
        },
      },
    },
    async (request) =>
      setTaskOverride(ctx, actor(request), { taskId: request.params.taskId, ...request.body }),
  );

  app.put<{
    Params: { targetId: string };
    Body: { kind: TargetKind | null; weight: number | null; version: number };
  }>(
    '/targets/:targetId/override',
    {
      schema: {
        tags: ['supervision'],
        summary: '设置指标类型（累计 / 时点 / 增速）与权重 / set a target kind and weight',
        params: idParam('targetId'),
        body: overrideBodies.target,
        response: { 200: targetOverrideSchema },
      },
    },
    async (request) =>
      setTargetOverride(ctx, actor(request), { targetId: request.params.targetId, ...request.body }),
  );

  app.get<{ Params: { targetId: string } }>(
    '/targets/:targetId/adjustments',
    {
      schema: {
        tags: ['supervision'],
        summary: '指标调整记录 / adjustments of a target',
        response: { 200: pageOf(adjustmentSchema) },
        params: idParam('targetId'),
      },
    },
    async (request) => listTargetAdjustments(ctx, actor(request), request.params.targetId),
  );

  app.post<{
    Params: { targetId: string };
    Body: { low?: number; high?: number; deadline?: string | null; reason: string };
  }>(
    '/targets/:targetId/adjustments',
    {
      schema: {
        tags: ['supervision'],
        summary: '提出指标调整（数值或期限，须说明理由，经领导批准生效） / propose an adjustment',
        response: { 201: adjustmentSchema },
        params: idParam('targetId'),
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: {
            low: { type: 'number' },
            high: { type: 'number' },
            deadline: DATE,
            reason: { type: 'string', minLength: 1, maxLength: 2000 },
          },
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await proposeAdjustment(ctx, actor(request), {
          targetId: request.params.targetId,
          ...request.body,
        }),
      ),
  );

  app.post<{
    Params: { id: string };
    Body: { decision: 'approve' | 'reject'; approval?: string; version: number };
  }>(
    '/adjustments/:id/decide',
    {
      schema: {
        tags: ['supervision'],
        summary: '批准或驳回调整（领导） / approve or reject an adjustment',
        response: { 200: adjustmentSchema },
        params: idParam('id'),
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['decision', 'version'],
          properties: {
            decision: { type: 'string', enum: ['approve', 'reject'] },
            approval: { type: 'string', maxLength: 500 },
            version,
          },
        },
      },
    },
    async (request) => decideAdjustment(ctx, actor(request), { id: request.params.id, ...request.body }),
  );

  app.get<{ Params: { targetId: string } }>(
    '/public/targets/:targetId/history',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: '指标的公开调整历史 / the public history of a published target',
        response: { 200: targetHistorySchema },
        params: idParam('targetId'),
      },
    },
    async (request) => getPublicTargetHistory(ctx, request.params.targetId),
  );
}
