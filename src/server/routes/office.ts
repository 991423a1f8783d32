import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../services/context.ts';
import { AppError } from '../../services/errors.ts';
import { bulletinFlags, exportBulletin } from '../../services/office-bulletin.ts';
import { exportFengong, importFengong } from '../../services/office-fengong.ts';
import { exportProgressTemplate, importProgressTemplates } from '../../services/office-progress.ts';
import {
  exportWholePlan,
  openDataDictionary,
  publicOpenData,
  TARGET_FIELDS,
  TASK_FIELDS,
} from '../../services/open-data.ts';
import { requireAbility } from '../../services/permissions.ts';
import { actor } from '../auth.ts';
import { errorResponse, idParam, sendDownload } from '../http.ts';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const period = {
  type: 'string',
  pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
  description: '报送期 YYYY-MM，如 2017-06',
} as const;
/** A switch as people type it in a URL: 1/0 or true/false. */
const flag = { type: 'string', enum: ['1', '0', 'true', 'false'], default: '0' } as const;
type Flag = '1' | '0' | 'true' | 'false';
const on = (v: Flag | undefined): boolean => v === '1' || v === 'true';
const binary = (description: string) => ({
  200: { description, type: 'string', format: 'binary' },
  400: errorResponse,
});

const problemSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    row: { type: 'integer', nullable: true, description: '表格行号（文件级问题为 null）' },
    message: { type: 'string', description: '中文说明，如“第12行：牵头单位「教育厅」不存在”' },
    messageEn: { type: 'string' },
  },
} as const;

const fengongResult = {
  type: 'object',
  additionalProperties: true,
  properties: {
    dryRun: { type: 'boolean' },
    applied: { type: 'boolean' },
    summary: {
      type: 'object',
      additionalProperties: true,
      properties: {
        create: { type: 'integer' },
        update: { type: 'integer' },
        unchanged: { type: 'integer' },
        rows: { type: 'integer' },
      },
    },
    changes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: true,
        properties: {
          row: { type: 'integer' },
          taskId: { type: 'string' },
          seq: { type: 'string' },
          title: { type: 'string' },
          action: { type: 'string', enum: ['create', 'update', 'unchanged'] },
          changes: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: true,
              properties: {
                field: { type: 'string' },
                label: { type: 'string' },
                before: { type: 'string' },
                after: { type: 'string' },
              },
            },
          },
        },
      },
    },
    problems: { type: 'array', items: problemSchema },
  },
} as const;

const progressImportResult = {
  type: 'object',
  additionalProperties: true,
  properties: {
    dryRun: { type: 'boolean' },
    applied: { type: 'boolean' },
    reports: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: true,
        properties: {
          file: { type: 'string' },
          department: { type: 'string' },
          period: { type: 'string' },
          taskId: { type: 'string' },
          title: { type: 'string' },
          action: { type: 'string', enum: ['create', 'resubmit'] },
          values: { type: 'integer' },
          onBehalf: {
            type: 'boolean',
            description: 'uploaded by the office on behalf of the department (audited as such)',
          },
        },
      },
    },
    problems: {
      type: 'array',
      items: { ...problemSchema, properties: { ...problemSchema.properties, file: { type: 'string' } } },
    },
  },
} as const;

const flagsResult = {
  type: 'object',
  additionalProperties: true,
  properties: {
    period: { type: 'string' },
    flags: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: true,
        properties: {
          taskId: { type: 'string' },
          seq: { type: 'string' },
          task: { type: 'string' },
          department: { type: 'string' },
          departmentId: { type: 'string' },
          field: { type: 'string', enum: ['problems', 'nextSteps'] },
          label: { type: 'string' },
          kind: { type: 'string', enum: ['empty', 'repeated'] },
          text: { type: 'string' },
          previousPeriod: { type: 'string', nullable: true },
          behind: { type: 'boolean' },
        },
      },
    },
  },
} as const;

const dictionary = (fields: typeof TARGET_FIELDS): string =>
  fields.map((x) => `\`${x.name}\` (${x.type}) ${x.label}：${x.description}`).join('; ');

const openDataJson = {
  type: 'object',
  additionalProperties: true,
  properties: {
    plan: { type: 'object', additionalProperties: true },
    fields: {
      type: 'array',
      description: '数据字典 / data dictionary',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          label: { type: 'string' },
          type: { type: 'string' },
          description: { type: 'string' },
          descriptionEn: { type: 'string' },
        },
      },
    },
    items: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

async function oneFile(request: FastifyRequest): Promise<{ fileName: string; bytes: Buffer }> {
  const file = await request.file();
  if (!file) {
    throw new AppError(
      400,
      'no-file',
      '请在表单字段 file 中上传文件',
      'Upload the file in the form field "file"',
    );
  }
  return { fileName: file.filename || 'upload.xlsx', bytes: await file.toBuffer() };
}

/** Office files in and out: 分工表, progress templates, 督查通报, whole-plan workbook, open data. */
export function officeRoutes(app: FastifyInstance, opts: { ctx: ServiceContext }): void {
  const { ctx } = opts;

  app.get<{ Params: { planId: string }; Querystring: { milestones?: Flag; targets?: Flag } }>(
    '/plans/:planId/export/fengong.xlsx',
    {
      schema: {
        tags: ['office'],
        summary: '导出分工表（Excel） / the 分工表 as .xlsx',
        description:
          'Title row; 序号 | 重点工作 | 具体任务 | 责任领导 | 牵头单位 | 配合单位 | 完成时限, optional quarterly milestones (milestones=true) and target values (targets=true); areas as merged group rows. Anyone who may read the plan.',
        params: idParam('planId'),
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { milestones: flag, targets: flag },
        },
        produces: [XLSX],
        response: binary('分工表 .xlsx'),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const file = await exportFengong(ctx, actor(request), request.params.planId, {
        milestones: on(q.milestones),
        targets: on(q.targets),
      });
      return sendDownload(reply, XLSX, file);
    },
  );

  app.post<{ Params: { planId: string }; Querystring: { dryRun?: Flag } }>(
    '/plans/:planId/import/fengong',
    {
      schema: {
        tags: ['office'],
        summary: '导入分工表（dryRun=1 仅预览） / import a 分工表 (multipart "file"); dryRun=1 previews',
        description:
          'Our export or a table typed by hand in the same layout. Rows are matched to tasks by 序号 and text; names are resolved to leaders and departments. With any row problem nothing is applied (422, details.problems); dryRun=1 answers the preview (changes and problems) without writing. Coordinator only.',
        consumes: ['multipart/form-data'],
        params: idParam('planId'),
        querystring: { type: 'object', additionalProperties: false, properties: { dryRun: flag } },
        response: { 200: fengongResult, 422: errorResponse },
      },
    },
    async (request) => {
      const a = actor(request);
      requireAbility(a, 'editPlans');
      const file = await oneFile(request);
      return importFengong(ctx, a, request.params.planId, file.bytes, { dryRun: on(request.query.dryRun) });
    },
  );

  app.get<{ Params: { planId: string }; Querystring: { period: string; departmentId?: string } }>(
    '/plans/:planId/export/progress-template.xlsx',
    {
      schema: {
        tags: ['office'],
        summary: '下载单位进展报送模板 / a department’s progress template for a period',
        description:
          'Tasks and targets of the department pre-filled, numeric validation on actual values, the three narrative fields. Reporters get their own department’s template; office, leaders and admin name the department.',
        params: idParam('planId'),
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['period'],
          properties: { period, departmentId: { type: 'string', minLength: 1, maxLength: 64 } },
        },
        produces: [XLSX],
        response: binary('进展报送模板 .xlsx'),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const file = await exportProgressTemplate(ctx, actor(request), request.params.planId, {
        period: q.period,
        ...(q.departmentId ? { departmentId: q.departmentId } : {}),
      });
      return sendDownload(reply, XLSX, file);
    },
  );

  app.post<{ Params: { planId: string }; Querystring: { dryRun?: Flag } }>(
    '/plans/:planId/import/progress',
    {
      schema: {
        tags: ['office'],
        summary:
          '批量上传填好的报送模板 / upload filled progress templates in bulk (multipart, up to 100 files)',
        description:
          'Each filled task becomes a submitted progress report. All files are checked first; with any problem nothing is applied (422). Reporters upload their own department’s templates; the office may upload templates collected from departments. dryRun=1 previews.',
        consumes: ['multipart/form-data'],
        params: idParam('planId'),
        querystring: { type: 'object', additionalProperties: false, properties: { dryRun: flag } },
        response: { 200: progressImportResult, 422: errorResponse },
      },
    },
    async (request) => {
      const a = actor(request);
      if (a.role !== 'coordinator') requireAbility(a, 'submitProgress');
      const files: { fileName: string; bytes: Buffer }[] = [];
      for await (const part of request.files({ limits: { files: 100, parts: 110 } })) {
        files.push({
          fileName: part.filename || `file${files.length + 1}.xlsx`,
          bytes: await part.toBuffer(),
        });
      }
      return importProgressTemplates(ctx, a, request.params.planId, files, {
        dryRun: on(request.query.dryRun),
      });
    },
  );

  app.get<{ Params: { planId: string }; Querystring: { period: string; docNumber?: string } }>(
    '/plans/:planId/export/bulletin.docx',
    {
      schema: {
        tags: ['office'],
        summary: '导出督查通报（Word） / the 督查通报 of a period as .docx',
        description:
          'Official-document shape: issuer, 文号, title, overall figures with charts, ahead of schedule, behind 序时进度 by department with cause and next step, late reporters, requirements; page numbers. Header x-luoshi-boilerplate-flags counts unfixed boilerplate (see bulletin/flags). Office, leaders, admin.',
        params: idParam('planId'),
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['period'],
          properties: { period, docNumber: { type: 'string', minLength: 1, maxLength: 40 } },
        },
        produces: [DOCX],
        response: binary('督查通报 .docx'),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const file = await exportBulletin(ctx, actor(request), request.params.planId, {
        period: q.period,
        ...(q.docNumber ? { docNumber: q.docNumber } : {}),
      });
      return sendDownload(reply, DOCX, file, { 'x-luoshi-boilerplate-flags': String(file.flags) });
    },
  );

  app.get<{ Params: { planId: string }; Querystring: { period: string } }>(
    '/plans/:planId/bulletin/flags',
    {
      schema: {
        tags: ['office'],
        summary: '通报前的套话提示 / boilerplate to fix before the bulletin',
        description:
          'Tasks whose lead department’s 存在问题 or 下一步措施 for the period is empty or repeats its previous report word for word. Office, leaders, admin.',
        params: idParam('planId'),
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['period'],
          properties: { period },
        },
        response: { 200: flagsResult },
      },
    },
    async (request) => bulletinFlags(ctx, actor(request), request.params.planId, request.query.period),
  );

  app.get<{ Params: { planId: string } }>(
    '/plans/:planId/export/plan.xlsx',
    {
      schema: {
        tags: ['office'],
        summary:
          '导出整个计划（Excel，每部分一张表） / the whole plan as one .xlsx: outline, targets, assignments, progress',
        params: idParam('planId'),
        produces: [XLSX],
        response: binary('整个计划 .xlsx'),
      },
    },
    async (request, reply) => {
      const file = await exportWholePlan(ctx, actor(request), request.params.planId);
      return sendDownload(reply, XLSX, file);
    },
  );

  app.get(
    '/public/open-data/dictionary',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public', 'open data'],
        summary: '开放数据字典 / the data dictionary of the open data',
        description:
          'Every field of targets.csv/json and tasks.csv/json: name, Chinese label, type, meaning and an example value; the stable URL templates of each dataset. No login.',
        response: {
          200: {
            type: 'object',
            properties: {
              datasets: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    name: { type: 'string', enum: ['targets', 'tasks'] },
                    label: { type: 'string' },
                    labelEn: { type: 'string' },
                    csv: { type: 'string', description: 'URL template under /api/v1' },
                    json: { type: 'string', description: 'URL template under /api/v1' },
                    fields: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          name: { type: 'string' },
                          label: { type: 'string' },
                          type: { type: 'string' },
                          description: { type: 'string' },
                          descriptionEn: { type: 'string' },
                          example: { description: 'an example value (string, number or list)' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    () => Promise.resolve(openDataDictionary()),
  );

  for (const what of ['targets', 'tasks'] as const) {
    const fields = what === 'targets' ? TARGET_FIELDS : TASK_FIELDS;
    const label = what === 'targets' ? '量化指标（含最新实际值和状态）' : '重点工作及分工';
    app.get<{ Params: { planId: string } }>(
      `/public/plans/:planId/${what}.csv`,
      {
        config: { access: 'public' },
        schema: {
          tags: ['public', 'open data'],
          summary: `开放数据：${label}（CSV） / open data: ${what} as CSV`,
          description: `UTF-8 with BOM, CRLF, first line the field names. Published plans only. Fields: ${dictionary(fields)}`,
          params: idParam('planId'),
          produces: ['text/csv'],
          response: { 200: { description: `${what}.csv`, type: 'string' } },
        },
      },
      async (request, reply) => {
        const csv = await publicOpenData(ctx, request.params.planId, what, 'csv');
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `inline; filename="${what}.csv"`)
          .send(csv);
      },
    );
    app.get<{ Params: { planId: string } }>(
      `/public/plans/:planId/${what}.json`,
      {
        config: { access: 'public' },
        schema: {
          tags: ['public', 'open data'],
          summary: `开放数据：${label}（JSON） / open data: ${what} as JSON with the data dictionary`,
          description: `{ plan, fields (data dictionary), items }. Published plans only. Fields: ${dictionary(fields)}`,
          params: idParam('planId'),
          response: { 200: openDataJson },
        },
      },
      async (request) => publicOpenData(ctx, request.params.planId, what, 'json'),
    );
  }
}
