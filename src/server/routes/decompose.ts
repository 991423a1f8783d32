/** Decomposition aids of the coordinator: merge and split tasks of a draft, suggested assignments. */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../services/context.ts';
import { mergeTasks, splitTask } from '../../services/plan-restructure.ts';
import { getPlanSuggestions } from '../../services/suggestions.ts';
import { actor } from '../auth.ts';
import { idParam } from '../http.ts';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const span = { type: 'array', items: int, minItems: 2, maxItems: 2 } as const;
const words = { type: 'array', items: str } as const;
const taskId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;

const taskStructure = {
  type: 'object',
  required: ['id', 'sectionId', 'title', 'text', 'span', 'version'],
  properties: { id: str, sectionId: str, title: str, text: str, span, version: int },
} as const;

const departmentMatch = {
  type: 'object',
  required: ['departmentId', 'name', 'words'],
  properties: { departmentId: str, name: str, score: { type: 'number' }, words },
} as const;

const suggestionsResponse = {
  type: 'object',
  required: ['planId', 'items'],
  properties: {
    planId: str,
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['taskId', 'lead', 'cooperating', 'leader', 'deadline', 'fallback'],
        properties: {
          taskId: str,
          lead: { anyOf: [departmentMatch, { type: 'null' }] },
          cooperating: { type: 'array', items: departmentMatch },
          leader: {
            anyOf: [
              {
                type: 'object',
                required: ['leaderId', 'name', 'title', 'via', 'words'],
                properties: {
                  leaderId: str,
                  name: str,
                  title: str,
                  via: { type: 'string', enum: ['department', 'portfolio'] },
                  words,
                },
              },
              { type: 'null' },
            ],
          },
          deadline: {
            type: 'object',
            required: ['text', 'via'],
            properties: { text: str, via: { type: 'string', enum: ['continuous', 'due-year', 'default'] } },
          },
          fallback: { type: 'boolean' },
        },
      },
    },
  },
} as const;

export function decomposeRoutes(app: FastifyInstance, opts: { ctx: ServiceContext }): void {
  const { ctx } = opts;

  app.post<{
    Params: { planId: string };
    Body: { tasks: { id: string; version: number }[]; title?: string };
  }>(
    '/plans/:planId/tasks/merge',
    {
      schema: {
        tags: ['plans'],
        summary: '合并相邻任务（仅草稿） / merge adjacent tasks of one section of a draft plan',
        description:
          'The first task (in reading order) keeps its id and takes the others’ text, targets and sub-tasks; `title` defaults to the titles joined by "；". Every task must be at its `version` (409 otherwise); a published plan answers 409 `plan-not-draft`; tasks with progress, comments or notices answer 409 `task-in-use`.',
        params: idParam('planId'),
        body: {
          type: 'object',
          required: ['tasks'],
          additionalProperties: false,
          properties: {
            tasks: {
              type: 'array',
              minItems: 2,
              maxItems: 50,
              items: {
                type: 'object',
                required: ['id', 'version'],
                additionalProperties: false,
                properties: { id: taskId, version: { type: 'integer', minimum: 1 } },
              },
            },
            title: { type: 'string', maxLength: 500 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['task', 'removedTaskIds', 'movedTargetIds', 'planVersion'],
            properties: {
              task: taskStructure,
              removedTaskIds: words,
              movedTargetIds: words,
              planVersion: int,
            },
          },
        },
      },
    },
    async (request) =>
      mergeTasks(ctx, actor(request), {
        planId: request.params.planId,
        tasks: request.body.tasks,
        ...(request.body.title !== undefined ? { title: request.body.title } : {}),
      }),
  );

  app.post<{ Params: { taskId: string }; Body: { version: number; at: number; title?: string } }>(
    '/tasks/:taskId/split',
    {
      schema: {
        tags: ['plans'],
        summary: '拆分任务（仅草稿） / split a task of a draft plan in two',
        description:
          '`at` is an offset into the task text (a sentence end; never inside a target quote or a sub-task). The first part keeps the task; the second becomes a new task after it, titled `title` or by its lead sentence. Targets and sub-tasks go to the part holding them; the assignment is copied.',
        params: idParam('taskId'),
        body: {
          type: 'object',
          required: ['version', 'at'],
          additionalProperties: false,
          properties: {
            version: { type: 'integer', minimum: 1 },
            at: { type: 'integer', minimum: 1, maximum: 1_000_000 },
            title: { type: 'string', maxLength: 500 },
          },
        },
        response: {
          201: {
            type: 'object',
            required: ['task', 'created', 'movedTargetIds', 'planVersion'],
            properties: {
              task: taskStructure,
              created: taskStructure,
              movedTargetIds: words,
              planVersion: int,
            },
          },
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await splitTask(ctx, actor(request), {
          taskId: request.params.taskId,
          version: request.body.version,
          at: request.body.at,
          ...(request.body.title !== undefined ? { title: request.body.title } : {}),
        }),
      ),
  );

  app.get<{ Params: { planId: string } }>(
    '/plans/:planId/suggestions',
    {
      schema: {
        tags: ['plans'],
        summary:
          '分工建议：按任务用词推荐牵头单位、配合单位、责任领导和时限 / suggested lead and cooperating departments, leader and deadline per task',
        description:
          'Matched against the tenant’s current directory: each department by the fields its name covers and the words of its own name; the leader who oversees the lead department, else the one whose portfolio names the task’s words. `words` are the matched words (the reason).',
        params: idParam('planId'),
        response: { 200: suggestionsResponse },
      },
    },
    async (request) => getPlanSuggestions(ctx, actor(request), request.params.planId),
  );
}
