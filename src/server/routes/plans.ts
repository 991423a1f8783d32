import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../services/context.ts';
import { AppError } from '../../services/errors.ts';
import { importReport } from '../../services/import-report.ts';
import { requireAbility } from '../../services/permissions.ts';
import { archivePlan, publishPlan } from '../../services/plan-workflow.ts';
import {
  getPlanReport,
  listPlanSummaries,
  readReportFile,
  tenantPlanValidator,
} from '../../services/plan-view.ts';
import type { PlanState } from '../../store/schema.ts';
import { snapshotBody } from '../../services/view-snapshots.ts';
import { actor } from '../auth.ts';
import { idParam, LruCache, pageQuerySchema, sendDownload, sendValidated, type PageQuery } from '../http.ts';
import {
  fileAnswer,
  importResultSchema,
  pageOf,
  planSummarySchema,
  planViewSchema,
  reportSourceSchema,
} from '../schemas.ts';
import { asOfQuery } from './supervision-schemas.ts';

const versionBody = {
  type: 'object',
  required: ['version'],
  additionalProperties: false,
  properties: { version: { type: 'integer', minimum: 1 } },
} as const;

export function planRoutes(app: FastifyInstance, opts: { ctx: ServiceContext }): void {
  const { ctx } = opts;
  // Serialised plan views by validator (the view depends on the plan and date, not the user; issue 8).
  const planViews = new LruCache(64);

  app.get<{ Querystring: PageQuery & { state?: PlanState; year?: number } }>(
    '/plans',
    {
      schema: {
        tags: ['plans'],
        summary: '本地区的计划列表 / plans of my region',
        response: { 200: pageOf(planSummarySchema) },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuerySchema,
            state: { type: 'string', enum: ['draft', 'published', 'archived'] },
            year: { type: 'integer', minimum: 1949, maximum: 2100 },
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await listPlanSummaries(ctx, actor(request), q);
      return { ...result, limit: q.limit, offset: q.offset };
    },
  );

  app.get<{ Params: { planId: string }; Querystring: { asOf?: string } }>(
    '/plans/:planId',
    {
      schema: {
        tags: ['plans'],
        summary:
          '计划详情：章节、任务、指标、分工、最新状态 / a plan with sections, tasks, targets, assignments, status',
        response: { 200: planViewSchema },
        description: 'Statuses are judged as of `asOf` (YYYY-MM-DD, default today in the tenant time zone).',
        params: idParam('planId'),
        querystring: asOfQuery,
      },
    },
    async (request, reply) => {
      const { planId } = request.params;
      const v = await tenantPlanValidator(ctx, actor(request), planId, request.query.asOf);
      return sendValidated(request, reply, planViews, v.tag, () =>
        snapshotBody(ctx, 'plan', v, !request.query.asOf),
      );
    },
  );

  app.get<{ Params: { planId: string } }>(
    '/plans/:planId/report',
    {
      schema: {
        tags: ['plans'],
        summary: '计划的报告原文（用于按 span 高亮） / the source report text of a plan',
        response: { 200: reportSourceSchema },
        params: idParam('planId'),
      },
    },
    async (request) => getPlanReport(ctx, actor(request), request.params.planId),
  );

  app.get<{ Params: { planId: string } }>(
    '/plans/:planId/report/file',
    {
      schema: {
        tags: ['plans'],
        summary: '下载上传的报告原始文件 / download the uploaded report file',
        response: { 200: fileAnswer('报告原始文件 / the uploaded file') },
        params: idParam('planId'),
      },
    },
    async (request, reply) => {
      const file = await readReportFile(ctx, actor(request), request.params.planId);
      return sendDownload(reply, file.contentType, file);
    },
  );

  app.post<{ Params: { planId: string }; Body: { version: number } }>(
    '/plans/:planId/publish',
    {
      schema: {
        tags: ['plans'],
        summary: '发布计划 / publish a draft plan',
        response: { 200: planSummarySchema },
        params: idParam('planId'),
        body: versionBody,
      },
    },
    async (request) =>
      publishPlan(ctx, actor(request), { planId: request.params.planId, version: request.body.version }),
  );

  app.post<{ Params: { planId: string }; Body: { version: number } }>(
    '/plans/:planId/archive',
    {
      schema: {
        tags: ['plans'],
        summary: '归档计划 / archive a published plan',
        response: { 200: planSummarySchema },
        params: idParam('planId'),
        body: versionBody,
      },
    },
    async (request) =>
      archivePlan(ctx, actor(request), { planId: request.params.planId, version: request.body.version }),
  );

  app.post<{ Querystring: { replace?: boolean } }>(
    '/reports',
    {
      schema: {
        tags: ['plans'],
        summary:
          '上传报告文件，解析为计划草稿 / upload a report file (multipart field "file"): parse it into a draft plan',
        response: { 200: importResultSchema, 201: importResultSchema },
        description:
          'Accepts .txt (UTF-8/GBK), .docx, .pdf, .html. The same content again for the same year returns the existing plan (200); a different file for a year that has a plan answers 409 with a diff unless replace=true and that plan is a draft.',
        consumes: ['multipart/form-data'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { replace: { type: 'boolean', default: false } },
        },
      },
    },
    async (request, reply) => {
      const a = actor(request);
      requireAbility(a, 'editPlans');
      const file = await request.file();
      if (!file) {
        throw new AppError(
          400,
          'no-file',
          '请在表单字段 file 中上传报告文件',
          'Upload the report in the form field "file"',
        );
      }
      const bytes = await file.toBuffer();
      const result = await importReport(ctx, a, {
        bytes,
        fileName: file.filename || 'report.txt',
        replace: request.query.replace ?? false,
      });
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );
}
