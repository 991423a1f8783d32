import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../services/context.ts';
import {
  confirmPromiseCheck,
  getPromiseScorecard,
  getPublicPromiseScorecard,
  reviewPromiseMatch,
  runPromiseCheck,
  type ReviewPromiseInput,
  type RunPromiseCheckInput,
} from '../../services/promises.ts';
import { actor } from '../auth.ts';
import { idParam } from '../http.ts';

const VERDICTS = ['met', 'missed', 'unclear', 'not-reported'];

const counts = {
  type: 'object',
  properties: Object.fromEntries(VERDICTS.map((v) => [v, { type: 'integer' }])),
} as const;

/** The scorecard (see PromiseScorecard in services/promises.ts); nested items are passed through whole. */
const scorecardResponse = {
  type: 'object',
  additionalProperties: true,
  properties: {
    planId: { type: 'string' },
    state: { type: 'string', enum: ['none', 'draft', 'confirmed'] },
    previous: { type: 'object', additionalProperties: true },
    next: { type: 'object', nullable: true, additionalProperties: true },
    counts,
    pending: { type: 'integer' },
    version: { type: 'integer', nullable: true },
    confirmedAt: { type: 'string', nullable: true },
    items: { type: 'array', items: { type: 'object', additionalProperties: true } },
    earlier: {
      type: 'object',
      nullable: true,
      additionalProperties: true,
      description: "the earlier plan checked against this plan's report, with its counts",
    },
  },
} as const;

const planAndMatch = {
  type: 'object',
  required: ['planId', 'matchId'],
  properties: {
    planId: idParam('planId').properties.planId,
    matchId: idParam('matchId').properties.matchId,
  },
} as const;

/** Promise checks (issue 7): was last year's promise kept? Internal review, then a public scorecard. */
export function promiseRoutes(app: FastifyInstance, opts: { ctx: ServiceContext }): void {
  const { ctx } = opts;

  app.get<{ Params: { planId: string } }>(
    '/plans/:planId/promises',
    {
      schema: {
        tags: ['promises'],
        summary: '承诺核对记分卡（含审核状态） / the promise scorecard of a plan, with review state',
        description:
          "Each year-target of the plan with the outcome quoted from the next year's report and a verdict (met, missed, unclear, not-reported). `state` is 'none' before the first check.",
        params: idParam('planId'),
        response: { 200: scorecardResponse },
      },
    },
    async (request) => getPromiseScorecard(ctx, actor(request), request.params.planId),
  );

  app.post<{ Params: { planId: string }; Body: RunPromiseCheckInput }>(
    '/plans/:planId/promises',
    {
      schema: {
        tags: ['promises'],
        summary: '用下一年度报告核对本计划的年度目标 / check the plan against the next year’s report',
        description:
          "Runs the matcher against `nextPlanId` (default: the tenant's plan of the next year) and stores the matches for review. Re-running an existing check needs its `version` and discards its reviews. 400 when there is no next plan.",
        params: idParam('planId'),
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            nextPlanId: idParam('nextPlanId').properties.nextPlanId,
            version: { type: 'integer', minimum: 1 },
          },
        },
        response: { 201: scorecardResponse },
      },
    },
    async (request, reply) => {
      const card = await runPromiseCheck(ctx, actor(request), request.params.planId, request.body ?? {});
      return reply.code(201).send(card);
    },
  );

  app.put<{ Params: { planId: string; matchId: string }; Body: ReviewPromiseInput }>(
    '/plans/:planId/promises/matches/:matchId',
    {
      schema: {
        tags: ['promises'],
        summary: '接受或更正一项核对 / accept or correct one match',
        description:
          "`accept` keeps the suggested outcome and verdict; `correct` sets `verdict` and optionally `outcome` (a verbatim quote of the next report, or null). A review of a confirmed check returns it to 'draft'.",
        params: planAndMatch,
        body: {
          type: 'object',
          required: ['version', 'action'],
          additionalProperties: false,
          properties: {
            version: { type: 'integer', minimum: 1 },
            action: { type: 'string', enum: ['accept', 'correct'] },
            verdict: { type: 'string', enum: VERDICTS },
            outcome: {
              type: 'object',
              nullable: true,
              required: ['quote'],
              additionalProperties: false,
              properties: {
                quote: { type: 'string', minLength: 1, maxLength: 2000 },
                value: { type: 'number', nullable: true },
                unit: { type: 'string', maxLength: 20, nullable: true },
              },
            },
            note: { type: 'string', maxLength: 2000, nullable: true },
          },
        },
        response: { 200: { type: 'object', additionalProperties: true } },
      },
    },
    async (request) => {
      const body = request.body;
      return reviewPromiseMatch(ctx, actor(request), request.params.planId, request.params.matchId, {
        ...body,
        outcome:
          body.outcome === undefined || body.outcome === null
            ? body.outcome
            : {
                quote: body.outcome.quote,
                value: body.outcome.value ?? null,
                unit: body.outcome.unit ?? null,
              },
      });
    },
  );

  app.post<{ Params: { planId: string }; Body: { version: number; acceptPending?: boolean } }>(
    '/plans/:planId/promises/confirm',
    {
      schema: {
        tags: ['promises'],
        summary: '确认核对结果（确认后公开） / confirm the check (public from then on)',
        description:
          '409 `promises-pending` while matches are not reviewed, unless `acceptPending` accepts them as suggested.',
        params: idParam('planId'),
        body: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: {
            version: { type: 'integer', minimum: 1 },
            acceptPending: { type: 'boolean' },
          },
        },
        response: { 200: scorecardResponse },
      },
    },
    async (request) => confirmPromiseCheck(ctx, actor(request), request.params.planId, request.body),
  );

  app.get<{ Params: { planId: string } }>(
    '/public/plans/:planId/promises',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: '已确认的承诺核对记分卡（无需登录） / the confirmed promise scorecard, no login',
        description:
          "Empty (`state` 'none' or 'draft', no items) until a coordinator confirms the check; 404 unless the plan is published.",
        params: idParam('planId'),
        response: { 200: scorecardResponse },
      },
    },
    async (request) => getPublicPromiseScorecard(ctx, request.params.planId),
  );
}
