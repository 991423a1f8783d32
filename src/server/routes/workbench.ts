import type { FastifyInstance } from 'fastify';
import { getMyCalendar } from '../../services/calendar.ts';
import type { ServiceContext } from '../../services/context.ts';
import { listReviewQueue } from '../../services/review-queue.ts';
import { getTaskTimeline, TIMELINE_KINDS } from '../../services/timeline.ts';
import { actor } from '../auth.ts';
import { idParam, pageQuerySchema, type PageQuery } from '../http.ts';

const nullableString = { type: ['string', 'null'] } as const;
const PERIOD = '^\\d{4}-(0[1-9]|1[0-2])$';

const timelineEvent = {
  type: 'object',
  required: ['id', 'at', 'kind', 'source'],
  properties: {
    id: { type: 'string' },
    at: { type: 'string' },
    kind: { type: 'string', enum: TIMELINE_KINDS },
    actorName: nullableString,
    departmentId: nullableString,
    departmentName: nullableString,
    period: nullableString,
    progressId: nullableString,
    text: nullableString,
    problems: nullableString,
    nextSteps: nullableString,
    values: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          targetId: { type: 'string' },
          subject: { type: 'string' },
          unit: { type: 'string' },
          actual: { type: 'number' },
        },
      },
    },
    changes: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, before: nullableString, after: nullableString },
      },
    },
    subject: nullableString,
    source: { type: 'string', enum: ['audit', 'record'] },
  },
} as const;

const queueItem = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    planId: { type: 'string' },
    planTitle: { type: 'string' },
    taskId: { type: 'string' },
    taskTitle: { type: 'string' },
    sectionTitle: { type: 'string' },
    departmentId: { type: 'string' },
    departmentName: { type: 'string' },
    departmentRole: { type: 'string', enum: ['lead', 'cooperating'] },
    leadDepartmentId: nullableString,
    leadDepartmentName: nullableString,
    period: { type: 'string' },
    state: { type: 'string', enum: ['submitted', 'accepted', 'returned'] },
    values: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          targetId: { type: 'string' },
          subject: { type: 'string' },
          unit: { type: 'string' },
          comparator: { type: 'string' },
          low: { type: 'number' },
          high: { type: 'number' },
          actual: { type: ['number', 'null'] },
        },
      },
    },
    progress: { type: 'string' },
    problems: { type: 'string' },
    nextSteps: { type: 'string' },
    attachments: { type: 'integer' },
    submittedAt: nullableString,
    reviewedAt: nullableString,
    reviewReason: nullableString,
    version: { type: 'integer' },
  },
} as const;

const calendarItem = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    kind: { type: 'string', enum: ['report', 'deadline', 'milestone'] },
    state: {
      type: 'string',
      enum: ['due', 'late', 'returned', 'submitted', 'accepted', 'upcoming', 'overdue'],
    },
    taskId: { type: 'string' },
    taskTitle: { type: 'string' },
    planId: { type: 'string' },
    planTitle: { type: 'string' },
    role: { type: 'string', enum: ['lead', 'cooperating'] },
    period: nullableString,
    periods: {
      type: 'array',
      items: { type: 'string' },
      description: 'reports: every period the item covers (a late item: all late periods of the task)',
    },
    due: { type: 'string' },
    daysLeft: { type: 'integer' },
    text: nullableString,
    progressId: nullableString,
    reviewReason: nullableString,
  },
} as const;

const paged = (item: object) =>
  ({
    type: 'object',
    properties: {
      items: { type: 'array', items: item },
      total: { type: 'integer' },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
    },
  }) as const;

type QueueQuery = PageQuery & {
  state?: 'submitted' | 'accepted' | 'returned';
  departmentId?: string;
  period?: string;
  planId?: string;
};

/** The working screens' APIs: a task's timeline, the review queue, a department's reporting calendar. */
export function workbenchRoutes(app: FastifyInstance, opts: { ctx: ServiceContext }): void {
  const { ctx } = opts;

  app.get<{ Params: { taskId: string }; Querystring: PageQuery }>(
    '/tasks/:taskId/timeline',
    {
      schema: {
        tags: ['tasks'],
        summary:
          '任务动态：报送、重报、审核、评论、批示、督办、分工与指标变更（新的在前） / a task history, newest first',
        description:
          'Every submission and resubmission of a report, each review (accepted / returned with its reason), comments, instructions (批示), notices and changes to the assignment, title and targets. Reporters see only the tasks of their department.',
        params: idParam('taskId'),
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...pageQuerySchema },
        },
        response: { 200: paged(timelineEvent) },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await getTaskTimeline(ctx, actor(request), request.params.taskId, q);
      return { ...result, limit: q.limit, offset: q.offset };
    },
  );

  app.get<{ Querystring: QueueQuery }>(
    '/progress/queue',
    {
      schema: {
        tags: ['progress'],
        summary:
          '审核队列：任务、领域、牵头单位、报送期、实际值与目标、提交时间 / the review queue with everything needed to decide',
        description:
          'Without `state`, every report but drafts. Waiting reports (state=submitted) come oldest first; others newest first.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuerySchema,
            state: { type: 'string', enum: ['submitted', 'accepted', 'returned'] },
            departmentId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
            period: { type: 'string', pattern: PERIOD },
            planId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
          },
        },
        response: { 200: paged(queueItem) },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await listReviewQueue(ctx, actor(request), {
        limit: q.limit,
        offset: q.offset,
        ...(q.state ? { state: q.state } : {}),
        ...(q.departmentId ? { departmentId: q.departmentId } : {}),
        ...(q.period ? { period: q.period } : {}),
        ...(q.planId ? { planId: q.planId } : {}),
      });
      return { ...result, limit: q.limit, offset: q.offset };
    },
  );

  app.get<{ Querystring: { asOf?: string } }>(
    '/my/calendar',
    {
      schema: {
        tags: ['tasks'],
        summary:
          '本期应报：本单位应报的进展、逾期与退回、任务时限和本季度节点（按紧急程度） / my reporting calendar',
        description:
          'Deadlines follow the tenant reporting rules (GET /supervision/settings). `asOf` (YYYY-MM-DD) defaults to today in the tenant time zone.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { asOf: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              asOf: { type: 'string' },
              period: nullableString,
              periodDue: nullableString,
              items: { type: 'array', items: calendarItem },
              counts: {
                type: 'object',
                properties: {
                  due: { type: 'integer' },
                  late: { type: 'integer' },
                  returned: { type: 'integer' },
                  submitted: { type: 'integer' },
                  deadlines: { type: 'integer' },
                },
              },
            },
          },
        },
      },
    },
    async (request) => getMyCalendar(ctx, actor(request), request.query.asOf),
  );
}
