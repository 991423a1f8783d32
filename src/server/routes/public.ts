import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../services/context.ts';
import { listPublicPlans, publicPlanValidator } from '../../services/plan-view.ts';
import { idParam, LruCache, pageQuerySchema, sendValidated, type PageQuery } from '../http.ts';
import { pageOf, planSummarySchema, planViewSchema } from '../schemas.ts';
import { snapshotBody } from '../../services/view-snapshots.ts';
import { asOfQuery } from './supervision-schemas.ts';

export function publicRoutes(app: FastifyInstance, opts: { ctx: ServiceContext }): void {
  const { ctx } = opts;
  // Serialised public plan views of this app instance, keyed by their validator (plan-view.ts).
  const publicViews = new LruCache(64);

  app.get<{ Querystring: PageQuery & { tenantId?: string; year?: number } }>(
    '/public/plans',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: '已发布的计划（无需登录） / published plans, no login',
        response: { 200: pageOf(planSummarySchema) },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuerySchema,
            tenantId: { type: 'string', minLength: 1, maxLength: 64 },
            year: { type: 'integer', minimum: 1949, maximum: 2100 },
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      return { ...(await listPublicPlans(ctx, q)), limit: q.limit, offset: q.offset };
    },
  );

  app.get<{ Params: { planId: string }; Querystring: { asOf?: string } }>(
    '/public/plans/:planId',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: '已发布计划详情（不含内部信息） / a published plan, nothing internal',
        response: { 200: planViewSchema },
        params: idParam('planId'),
        querystring: asOfQuery,
      },
    },
    async (request, reply) => {
      const { planId } = request.params;
      const v = await publicPlanValidator(ctx, planId, request.query.asOf);
      return sendValidated(request, reply, publicViews, v.tag, () =>
        snapshotBody(ctx, 'public-plan', v, !request.query.asOf),
      );
    },
  );
}
