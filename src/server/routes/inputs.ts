import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../services/context.ts';
import { listInputs, saveInput, type InputSave } from '../../services/inputs.ts';
import { actor } from '../auth.ts';
import { idParam, pageQuerySchema, slicePage, type PageQuery } from '../http.ts';
import { int, listOf, num, obj, str, strOrNull } from '../schemas.ts';

const PERIOD = {
  type: 'string',
  pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
  description: '报送期 YYYY-MM',
} as const;
const STATE = {
  type: 'string',
  enum: ['sent', 'consolidated'],
  description: 'sent 已报送 / consolidated 已汇总',
};

const inputSchema = obj({
  id: str,
  taskId: str,
  planId: str,
  departmentId: str,
  departmentName: str,
  period: str,
  progress: str,
  problems: str,
  nextSteps: str,
  values: listOf(obj({ targetId: str, actual: num })),
  state: STATE,
  consolidatedProgressId: strOrNull,
  consolidatedAt: strOrNull,
  createdAt: str,
  updatedAt: str,
  version: int,
});

const taskInputsSchema = obj({
  taskId: str,
  period: str,
  leadDepartmentId: strOrNull,
  items: listOf(inputSchema),
  total: int,
  limit: int,
  offset: int,
  coverage: listOf(
    obj({
      departmentId: str,
      name: str,
      inputId: strOrNull,
      state: { ...STATE, nullable: true },
    }),
  ),
});

/** 协办反馈: cooperating departments' inputs, consolidated by the lead department into its progress report. */
export function inputRoutes(app: FastifyInstance, opts: { ctx: ServiceContext }): void {
  const { ctx } = opts;

  app.get<{ Params: { taskId: string }; Querystring: PageQuery & { period: string } }>(
    '/tasks/:taskId/inputs',
    {
      schema: {
        tags: ['progress'],
        summary: '配合单位的协办反馈（按报送期） / cooperating departments’ inputs for a period',
        description:
          'The coordinator, leaders and the lead department’s reporters see every input and `coverage` (which cooperating departments have sent one); a cooperating department’s reporters see their own.',
        params: idParam('taskId'),
        querystring: {
          type: 'object',
          required: ['period'],
          additionalProperties: false,
          properties: { ...pageQuerySchema, period: PERIOD },
        },
        response: { 200: taskInputsSchema },
      },
    },
    async (request) => {
      const { period, limit, offset } = request.query;
      const result = await listInputs(ctx, actor(request), request.params.taskId, period);
      return { ...result, ...slicePage(result.items, { limit, offset }) };
    },
  );

  app.post<{ Params: { taskId: string }; Body: Omit<InputSave, 'taskId'> }>(
    '/tasks/:taskId/inputs',
    {
      schema: {
        tags: ['progress'],
        summary: '报送或修改本单位的协办反馈（配合单位） / send or update my department’s input',
        description:
          'Reporters of a cooperating department only. Creates the input for the period (201) or updates it (200); updating needs the current `version`, a stale or missing one answers 409.',
        params: idParam('taskId'),
        body: {
          type: 'object',
          required: ['period', 'progress'],
          additionalProperties: false,
          properties: {
            period: PERIOD,
            progress: { type: 'string', minLength: 1, maxLength: 20_000 },
            problems: { type: 'string', maxLength: 20_000 },
            nextSteps: { type: 'string', maxLength: 20_000 },
            values: {
              type: 'array',
              maxItems: 200,
              items: {
                type: 'object',
                required: ['targetId', 'actual'],
                additionalProperties: false,
                properties: {
                  targetId: { type: 'string', minLength: 1, maxLength: 64 },
                  actual: { type: 'number' },
                },
              },
            },
            version: { type: 'integer', minimum: 1 },
          },
        },
        response: { 200: inputSchema, 201: inputSchema },
      },
    },
    async (request, reply) => {
      const view = await saveInput(ctx, actor(request), { ...request.body, taskId: request.params.taskId });
      return reply.status(view.version === 1 ? 201 : 200).send(view);
    },
  );
}
