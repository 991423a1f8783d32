import type { FastifyInstance } from 'fastify';
import { addComment, listComments } from '../../services/comments.ts';
import type { ServiceContext } from '../../services/context.ts';
import { AppError } from '../../services/errors.ts';
import { requireAbility } from '../../services/permissions.ts';
import { assignTask } from '../../services/plan-workflow.ts';
import {
  addTarget,
  editTarget,
  removeTarget,
  updateTaskTitle,
  type TargetInput,
} from '../../services/plan-edit.ts';
import {
  addAttachment,
  getProgress,
  listTaskProgress,
  reviewProgress,
  submitProgress,
  listProgress,
  readAttachment,
} from '../../services/progress.ts';
import { getTaskView, listMyTasks } from '../../services/tasks.ts';
import type { CommentKind, ProgressState } from '../../store/schema.ts';
import { actor } from '../auth.ts';
import { idParam, pageQuerySchema, sendDownload, slicePage, type PageQuery } from '../http.ts';
import {
  assignmentResultSchema,
  attachmentSchema,
  commentSchema,
  editedTargetSchema,
  fileAnswer,
  int,
  myTaskSchema,
  noContent,
  obj,
  pageOf,
  progressSchema,
  str,
  taskDetailSchema,
} from '../schemas.ts';

const idNullable = { anyOf: [{ type: 'string', minLength: 1, maxLength: 64 }, { type: 'null' }] } as const;
const text = (max: number) => ({ type: 'string', maxLength: max }) as const;
const pageOnly = { type: 'object', additionalProperties: false, properties: { ...pageQuerySchema } } as const;

type AssignBody = {
  version?: number | null;
  leaderId: string | null;
  leadDepartmentId: string | null;
  cooperatingDepartmentIds: string[];
  deadline: string | null;
  milestones?: { quarter: number; text: string }[];
};

type ProgressBody = {
  period: string;
  values: { targetId: string; actual: number }[];
  progress: string;
  problems: string;
  nextSteps: string;
  draft?: boolean;
  version?: number;
  consolidates?: string[];
};

const targetProps = {
  subject: { type: 'string', minLength: 1, maxLength: 200 },
  low: { type: 'number' },
  high: { type: 'number' },
  unit: { type: 'string', maxLength: 50 },
  comparator: { type: 'string', enum: ['>=', '>', '<=', '<', '~', '=', 'range'] },
  direction: { type: 'string', enum: ['increase', 'decrease', 'keep'] },
  horizon: { type: 'string', enum: ['year', 'multi-year'] },
  dueYear: { anyOf: [{ type: 'integer', minimum: 1949, maximum: 2100 }, { type: 'null' }] },
} as const;

export function taskRoutes(app: FastifyInstance, opts: { ctx: ServiceContext }): void {
  const { ctx } = opts;

  app.put<{ Params: { taskId: string }; Body: { version: number; title: string } }>(
    '/tasks/:taskId',
    {
      schema: {
        tags: ['plans'],
        summary: '修改任务标题 / correct a task title',
        response: { 200: obj({ id: str, title: str, version: int }) },
        params: idParam('taskId'),
        body: {
          type: 'object',
          required: ['version', 'title'],
          additionalProperties: false,
          properties: {
            version: { type: 'integer', minimum: 1 },
            title: { type: 'string', minLength: 1, maxLength: 500 },
          },
        },
      },
    },
    async (request) =>
      updateTaskTitle(ctx, actor(request), { ...request.body, taskId: request.params.taskId }),
  );

  app.post<{ Params: { taskId: string }; Body: TargetInput & { quote: string } }>(
    '/tasks/:taskId/targets',
    {
      schema: {
        tags: ['plans'],
        summary: '补充解析遗漏的指标 / add a target the parser missed (quote must be in the task text)',
        response: { 201: editedTargetSchema },
        params: idParam('taskId'),
        body: {
          type: 'object',
          required: [
            'quote',
            'subject',
            'low',
            'high',
            'unit',
            'comparator',
            'direction',
            'horizon',
            'dueYear',
          ],
          additionalProperties: false,
          properties: { ...targetProps, quote: { type: 'string', minLength: 1, maxLength: 500 } },
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addTarget(ctx, actor(request), { ...request.body, taskId: request.params.taskId })),
  );

  app.put<{ Params: { targetId: string }; Body: Partial<TargetInput> & { version: number } }>(
    '/targets/:targetId',
    {
      schema: {
        tags: ['plans'],
        summary: '更正指标 / correct a target',
        response: { 200: editedTargetSchema },
        params: idParam('targetId'),
        body: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: { ...targetProps, version: { type: 'integer', minimum: 1 } },
        },
      },
    },
    async (request) =>
      editTarget(ctx, actor(request), { ...request.body, targetId: request.params.targetId }),
  );

  app.delete<{ Params: { targetId: string }; Querystring: { version: number } }>(
    '/targets/:targetId',
    {
      schema: {
        tags: ['plans'],
        summary: '删除非承诺的指标 / remove a target that is not a commitment',
        response: { 204: noContent },
        params: idParam('targetId'),
        querystring: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: { version: { type: 'integer', minimum: 1 } },
        },
      },
    },
    async (request, reply) => {
      await removeTarget(ctx, actor(request), {
        targetId: request.params.targetId,
        version: request.query.version,
      });
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { taskId: string } }>(
    '/tasks/:taskId',
    {
      schema: {
        tags: ['tasks'],
        summary: '任务详情 / a task with assignment, targets and status',
        response: { 200: taskDetailSchema },
        params: idParam('taskId'),
      },
    },
    async (request) => getTaskView(ctx, actor(request), request.params.taskId),
  );

  app.get<{ Querystring: PageQuery }>(
    '/my/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: '本单位承担的任务 / tasks where my department leads or cooperates',
        querystring: pageOnly,
        response: { 200: pageOf(myTaskSchema) },
      },
    },
    async (request) => slicePage(await listMyTasks(ctx, actor(request)), request.query),
  );

  app.put<{ Params: { taskId: string }; Body: AssignBody }>(
    '/tasks/:taskId/assignment',
    {
      schema: {
        tags: ['tasks'],
        summary:
          '设置任务分工 / set the decomposition: leader, lead and cooperating departments, deadline, milestones',
        response: { 200: assignmentResultSchema },
        description:
          'Send `version` of the current assignment to change it (null to create); a stale version answers 409.',
        params: idParam('taskId'),
        body: {
          type: 'object',
          required: ['leaderId', 'leadDepartmentId', 'cooperatingDepartmentIds', 'deadline'],
          additionalProperties: false,
          properties: {
            version: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
            leaderId: idNullable,
            leadDepartmentId: idNullable,
            cooperatingDepartmentIds: {
              type: 'array',
              maxItems: 50,
              items: { type: 'string', minLength: 1, maxLength: 64 },
            },
            deadline: { anyOf: [text(100), { type: 'null' }] },
            milestones: {
              type: 'array',
              maxItems: 12,
              items: {
                type: 'object',
                required: ['quarter', 'text'],
                additionalProperties: false,
                properties: { quarter: { type: 'integer', minimum: 1, maximum: 4 }, text: text(500) },
              },
            },
          },
        },
      },
    },
    async (request) => assignTask(ctx, actor(request), { ...request.body, taskId: request.params.taskId }),
  );

  app.get<{ Params: { taskId: string }; Querystring: PageQuery }>(
    '/tasks/:taskId/progress',
    {
      schema: {
        tags: ['progress'],
        summary: '任务的进展报告（新的报送期在前） / progress reports of a task, newest period first',
        response: { 200: pageOf(progressSchema) },
        params: idParam('taskId'),
        querystring: pageOnly,
      },
    },
    async (request) =>
      slicePage(await listTaskProgress(ctx, actor(request), request.params.taskId), request.query),
  );

  app.post<{ Params: { taskId: string }; Body: ProgressBody }>(
    '/tasks/:taskId/progress',
    {
      schema: {
        tags: ['progress'],
        summary: '报送进展 / submit a progress report (进展情况 / 存在问题 / 下一步措施)',
        response: { 200: progressSchema, 201: progressSchema },
        params: idParam('taskId'),
        body: {
          type: 'object',
          required: ['period', 'values', 'progress', 'problems', 'nextSteps'],
          additionalProperties: false,
          properties: {
            period: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' },
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
            progress: text(20_000),
            problems: text(20_000),
            nextSteps: text(20_000),
            draft: { type: 'boolean' },
            version: { type: 'integer', minimum: 1 },
            consolidates: {
              type: 'array',
              maxItems: 50,
              description:
                '牵头单位：本报告汇总的协办反馈 id / lead department: the inputs this report consolidates',
              items: { type: 'string', minLength: 1, maxLength: 64 },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const result = await submitProgress(ctx, actor(request), {
        ...request.body,
        taskId: request.params.taskId,
      });
      return reply.status(result.version === 1 ? 201 : 200).send(result);
    },
  );

  app.get<{ Querystring: PageQuery & { state?: ProgressState } }>(
    '/progress',
    {
      schema: {
        tags: ['progress'],
        summary: '进展报告列表（审核队列） / progress reports of my region (review queue)',
        response: { 200: pageOf(progressSchema) },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuerySchema,
            state: { type: 'string', enum: ['draft', 'submitted', 'accepted', 'returned'] },
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await listProgress(ctx, actor(request), q);
      return { ...result, limit: q.limit, offset: q.offset };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/progress/:id',
    {
      schema: {
        tags: ['progress'],
        summary: '进展报告详情 / one progress report',
        params: idParam('id'),
        response: { 200: progressSchema },
      },
    },
    async (request) => getProgress(ctx, actor(request), request.params.id),
  );

  app.post<{
    Params: { id: string };
    Body: { decision: 'accept' | 'return'; reason?: string; version?: number };
  }>(
    '/progress/:id/review',
    {
      schema: {
        tags: ['progress'],
        summary: '审核进展报告 / accept or return a submitted report (return needs a reason)',
        response: { 200: progressSchema },
        params: idParam('id'),
        body: {
          type: 'object',
          required: ['decision'],
          additionalProperties: false,
          properties: {
            decision: { type: 'string', enum: ['accept', 'return'] },
            reason: text(2000),
            version: { type: 'integer', minimum: 1 },
          },
        },
      },
    },
    async (request) => reviewProgress(ctx, actor(request), { ...request.body, id: request.params.id }),
  );

  app.post<{ Params: { id: string } }>(
    '/progress/:id/attachments',
    {
      schema: {
        tags: ['progress'],
        summary: '上传附件 / attach a file (multipart field "file": .pdf .docx .xlsx .jpg .png .txt)',
        response: { 201: attachmentSchema },
        consumes: ['multipart/form-data'],
        params: idParam('id'),
      },
    },
    async (request, reply) => {
      const a = actor(request);
      requireAbility(a, 'submitProgress');
      const file = await request.file();
      if (!file)
        throw new AppError(
          400,
          'no-file',
          '请在表单字段 file 中上传附件',
          'Upload the file in the form field "file"',
        );
      const bytes = await file.toBuffer();
      const result = await addAttachment(ctx, a, {
        progressId: request.params.id,
        fileName: file.filename,
        bytes,
      });
      return reply.status(201).send(result);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/attachments/:id',
    {
      schema: {
        tags: ['progress'],
        summary: '下载附件 / download an attachment',
        params: idParam('id'),
        response: { 200: fileAnswer('附件 / the attachment') },
      },
    },
    async (request, reply) => {
      const att = await readAttachment(ctx, actor(request), request.params.id);
      return sendDownload(reply, att.contentType, att);
    },
  );

  app.get<{ Params: { taskId: string }; Querystring: PageQuery }>(
    '/tasks/:taskId/comments',
    {
      schema: {
        tags: ['comments'],
        summary: '任务的评论与批示（按时间先后） / comments and instructions on a task, oldest first',
        response: { 200: pageOf(commentSchema) },
        params: idParam('taskId'),
        querystring: pageOnly,
      },
    },
    async (request) =>
      slicePage(await listComments(ctx, actor(request), request.params.taskId), request.query),
  );

  app.post<{ Params: { taskId: string }; Body: { kind?: CommentKind; body: string } }>(
    '/tasks/:taskId/comments',
    {
      schema: {
        tags: ['comments'],
        summary: '发表评论或领导批示 / add a comment, or an instruction (批示, leaders only)',
        response: { 201: commentSchema },
        params: idParam('taskId'),
        body: {
          type: 'object',
          required: ['body'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: ['comment', 'instruction'], default: 'comment' },
            body: { type: 'string', minLength: 1, maxLength: 5000 },
          },
        },
      },
    },
    async (request, reply) => {
      const result = await addComment(ctx, actor(request), {
        taskId: request.params.taskId,
        kind: request.body.kind ?? 'comment',
        body: request.body.body,
      });
      return reply.status(201).send(result);
    },
  );
}
