import fs from 'node:fs/promises';
import path from 'node:path';
import { newId, sha256Hex } from '../store/ids.ts';
import { getAssignment, getPlanById, getTargetsOfTask, getTaskById } from '../store/plan-repository.ts';
import {
  createAttachment,
  getAttachmentById,
  createProgress,
  findProgress,
  getProgressById,
  listAttachments,
  listProgressForReview,
  listProgressOfTask,
  replaceProgressValues,
  updateProgress,
  type ProgressRecord,
} from '../store/progress-repository.ts';
import type { AttachmentTable, PlanTable, ProgressState } from '../store/schema.ts';
import type { Executor } from '../store/db.ts';
import { listDepartments } from '../store/tenant-repository.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { AppError, conflict, forbidden, invalid, notFound } from './errors.ts';
import { writeNewFile } from './files.ts';
import { consolidateInputs } from './inputs.ts';
import { requireAbility } from './permissions.ts';
import { assertPeriodOpen } from './supervision.ts';

export type ProgressInput = {
  taskId: string;
  /** "YYYY-MM" */
  period: string;
  values: { targetId: string; actual: number }[];
  /** 进展情况 */
  progress: string;
  /** 存在问题 */
  problems: string;
  /** 下一步措施 */
  nextSteps: string;
  /** Save without submitting. */
  draft?: boolean;
  /** Version of the existing draft or returned report, when editing one. */
  version?: number;
  /** Lead department only: the cooperating departments' inputs (协办反馈) this report consolidates. */
  consolidates?: string[];
};

export type ProgressView = {
  id: string;
  taskId: string;
  planId: string;
  departmentId: string;
  /** Filled by the read services: the department's name and its part in the task. */
  departmentName?: string;
  departmentRole?: 'lead' | 'cooperating' | null;
  period: string;
  state: ProgressState;
  values: { targetId: string; actual: number }[];
  progress: string;
  problems: string;
  nextSteps: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  version: number;
  attachments?: { id: string; fileName: string; contentType: string; size: number }[];
};

export const toProgressView = (p: ProgressRecord): ProgressView => ({
  id: p.id,
  taskId: p.task_id,
  planId: p.plan_id,
  departmentId: p.department_id,
  period: p.period,
  state: p.state,
  values: p.values.map((v) => ({ targetId: v.target_id, actual: v.actual })),
  progress: p.progress,
  problems: p.problems,
  nextSteps: p.next_steps,
  submittedAt: p.submitted_at,
  reviewedAt: p.reviewed_at,
  reviewReason: p.review_reason,
  version: p.version,
});

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The departments involved in a task: lead first, then cooperating. */
async function involvedDepartments(
  db: Executor,
  taskId: string,
): Promise<{ lead: string | null; all: string[] }> {
  const a = await getAssignment(db, taskId);
  if (!a) return { lead: null, all: [] };
  return {
    lead: a.lead_department_id,
    all: [...(a.lead_department_id ? [a.lead_department_id] : []), ...a.cooperatingDepartmentIds],
  };
}

/** Whether the actor may see a task's progress reports (reporters: only their department's tasks). */
async function assertCanReadTaskProgress(db: Executor, actor: Actor, taskId: string): Promise<void> {
  requireAbility(actor, 'readPlans');
  if (actor.role !== 'reporter') return;
  const { all } = await involvedDepartments(db, taskId);
  if (actor.departmentId === null || !all.includes(actor.departmentId)) {
    throw forbidden('只能查看本单位承担任务的进展', "You can only see progress of your department's tasks");
  }
}

/**
 * Submit (or save as draft) a department's progress report for a task and period. Only a reporter of
 * the lead or a cooperating department may; the plan must be published; values must belong to the
 * task's targets. Resubmitting a returned report updates it; a submitted or accepted one is a 409.
 * @example submitProgress(ctx, reporter, { taskId, period: '2017-06', values: [{ targetId, actual: 120 }], progress: '…', problems: '', nextSteps: '' }) -> { id, state: 'submitted', version: 1 }
 */
export async function submitProgress(
  ctx: ServiceContext,
  actor: Actor,
  input: ProgressInput,
): Promise<ProgressView> {
  requireAbility(actor, 'submitProgress');
  const m = PERIOD.exec(input.period);
  if (!m) throw invalid('报送期应为 YYYY-MM，例如 2017-06', 'The period must be YYYY-MM, e.g. 2017-06');
  for (const v of input.values) {
    if (!Number.isFinite(v.actual))
      throw invalid('指标实际值必须是数字', 'Actual values must be finite numbers');
  }
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const task = await getTaskById(trx, actor.tenantId, input.taskId);
    if (!task) throw notFound('任务', 'Task');
    const { all } = await involvedDepartments(trx, task.id);
    const departmentId = actor.departmentId;
    if (departmentId === null || !all.includes(departmentId)) {
      throw forbidden(
        '只有牵头单位或配合单位可以报送此任务的进展',
        'Only the lead or a cooperating department may report on this task',
      );
    }
    const plan = (await getPlanById(trx, actor.tenantId, task.plan_id)) as PlanTable;
    if (plan.state !== 'published') {
      throw new AppError(
        409,
        'plan-not-published',
        '计划尚未发布或已归档，不能报送进展',
        'The plan is not published',
      );
    }
    await assertPeriodOpen(trx, plan.id, input.period);
    const year = Number(m[1]);
    if (year < plan.year || year > plan.year + 10) {
      throw invalid(
        `报送期 ${input.period} 不在计划年度内`,
        `The period ${input.period} is outside the plan's years`,
      );
    }
    const targetIds = new Set((await getTargetsOfTask(trx, task.id)).map((t) => t.id));
    const seen = new Set<string>();
    for (const v of input.values) {
      if (!targetIds.has(v.targetId)) {
        throw invalid(`指标 ${v.targetId} 不属于该任务`, `Target ${v.targetId} does not belong to this task`);
      }
      if (seen.has(v.targetId)) throw invalid(`指标 ${v.targetId} 重复`, `Target ${v.targetId} given twice`);
      seen.add(v.targetId);
    }
    const state: ProgressState = input.draft ? 'draft' : 'submitted';
    const fields = {
      state,
      progress: input.progress,
      problems: input.problems,
      next_steps: input.nextSteps,
      submitted_by: actor.userId,
      submitted_at: state === 'submitted' ? nowIso : null,
      updated_at: nowIso,
    };
    const existing = await findProgress(trx, task.id, departmentId, input.period);
    let id: string;
    let version: number;
    if (existing) {
      if (existing.state === 'submitted' || existing.state === 'accepted') {
        throw new AppError(
          409,
          'already-submitted',
          `本单位 ${input.period} 的进展已报送（${existing.state === 'accepted' ? '已审核通过' : '待审核'}），不能重复报送`,
          `This department's report for ${input.period} is already ${existing.state}`,
          { id: existing.id },
        );
      }
      const expected = input.version ?? existing.version;
      if (expected !== existing.version) throw conflict(undefined, undefined, { version: existing.version });
      if (
        !(await updateProgress(trx, existing.id, expected, {
          ...fields,
          reviewed_by: null,
          reviewed_at: null,
        }))
      ) {
        throw conflict();
      }
      id = existing.id;
      version = expected + 1;
    } else {
      id = newId();
      version = 1;
      await createProgress(trx, {
        id,
        tenant_id: actor.tenantId,
        plan_id: task.plan_id,
        task_id: task.id,
        department_id: departmentId,
        period: input.period,
        reviewed_by: null,
        reviewed_at: null,
        review_reason: null,
        version,
        created_at: nowIso,
        ...fields,
      });
    }
    await replaceProgressValues(
      trx,
      id,
      input.values.map((v) => ({
        id: newId(),
        tenant_id: actor.tenantId,
        progress_id: id,
        target_id: v.targetId,
        actual: v.actual,
      })),
    );
    if (state === 'submitted' && input.consolidates?.length) {
      await consolidateInputs(trx, audit, {
        tenantId: actor.tenantId,
        taskId: task.id,
        period: input.period,
        departmentId,
        progressId: id,
        inputIds: input.consolidates,
        nowIso,
      });
    }
    const view: ProgressView = {
      id,
      taskId: task.id,
      planId: task.plan_id,
      departmentId,
      period: input.period,
      state,
      values: input.values,
      progress: input.progress,
      problems: input.problems,
      nextSteps: input.nextSteps,
      submittedAt: fields.submitted_at,
      reviewedAt: null,
      reviewReason: existing?.review_reason ?? null,
      version,
    };
    await audit({
      action: existing ? 'progress.update' : 'progress.create',
      entityType: 'progress',
      entityId: id,
      before: existing && { state: existing.state, version: existing.version },
      after: view,
    });
    return view;
  });
}

/**
 * Accept or return a submitted progress report. Returning needs a reason.
 * @example reviewProgress(ctx, coordinator, { id, decision: 'return', reason: '数据口径不一致' }) -> { state: 'returned' }
 */
export async function reviewProgress(
  ctx: ServiceContext,
  actor: Actor,
  input: { id: string; decision: 'accept' | 'return'; reason?: string; version?: number },
): Promise<ProgressView> {
  requireAbility(actor, 'reviewProgress');
  const reason = input.reason?.trim() ?? '';
  if (input.decision === 'return' && reason === '') {
    throw invalid('退回时必须填写理由', 'A reason is required to return a report');
  }
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const p = await getProgressById(trx, actor.tenantId, input.id);
    if (!p) throw notFound('进展报告', 'Progress report');
    if (input.version !== undefined && input.version !== p.version) {
      throw conflict(undefined, undefined, { version: p.version });
    }
    if (p.state !== 'submitted') {
      throw new AppError(
        409,
        'invalid-state',
        `该报告状态为「${p.state}」，不能审核`,
        `The report is ${p.state}, not submitted`,
      );
    }
    const state: ProgressState = input.decision === 'accept' ? 'accepted' : 'returned';
    const set = {
      state,
      reviewed_by: actor.userId,
      reviewed_at: nowIso,
      review_reason: reason || null,
      updated_at: nowIso,
    };
    if (!(await updateProgress(trx, p.id, p.version, set))) throw conflict();
    await audit({
      action: `progress.${input.decision}`,
      entityType: 'progress',
      entityId: p.id,
      before: { state: p.state, version: p.version },
      after: { state, reason: set.review_reason, version: p.version + 1 },
    });
    return toProgressView({ ...p, ...set, version: p.version + 1 });
  });
}

/** Add department names and roles (lead / cooperating) so the lead department can consolidate inputs. */
async function withDepartments(
  db: Executor,
  tenantId: string,
  views: ProgressView[],
): Promise<ProgressView[]> {
  if (views.length === 0) return views;
  const names = new Map((await listDepartments(db, tenantId)).map((d) => [d.id, d.name] as const));
  const leads = new Map<string, string | null>();
  for (const v of views) {
    if (!leads.has(v.taskId)) leads.set(v.taskId, (await involvedDepartments(db, v.taskId)).lead);
  }
  return views.map((v) => ({
    ...v,
    departmentName: names.get(v.departmentId) ?? v.departmentId,
    departmentRole: leads.get(v.taskId) === v.departmentId ? 'lead' : 'cooperating',
  }));
}

/** One progress report, with its attachments' metadata. */
export async function getProgress(ctx: ServiceContext, actor: Actor, id: string): Promise<ProgressView> {
  const p = await getProgressById(ctx.store.db, actor.tenantId, id);
  if (!p) throw notFound('进展报告', 'Progress report');
  await assertCanReadTaskProgress(ctx.store.db, actor, p.task_id);
  const attachments = await listAttachments(ctx.store.db, p.id);
  const [view] = await withDepartments(ctx.store.db, actor.tenantId, [toProgressView(p)]);
  return {
    ...(view as ProgressView),
    attachments: attachments.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      contentType: a.content_type,
      size: a.size,
    })),
  };
}

/** A task's progress reports of every involved department, newest period first: the lead department sees its cooperating departments' inputs here. */
export async function listTaskProgress(
  ctx: ServiceContext,
  actor: Actor,
  taskId: string,
): Promise<ProgressView[]> {
  const task = await getTaskById(ctx.store.db, actor.tenantId, taskId);
  if (!task) throw notFound('任务', 'Task');
  await assertCanReadTaskProgress(ctx.store.db, actor, taskId);
  const views = (await listProgressOfTask(ctx.store.db, actor.tenantId, taskId)).map(toProgressView);
  return withDepartments(ctx.store.db, actor.tenantId, views);
}

/** File types accepted as progress attachments, by extension, with the magic bytes they must start with. */
const ATTACHMENT_TYPES: Record<string, { type: string; magic?: number[] }> = {
  '.pdf': { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  '.docx': {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  '.xlsx': {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  '.jpg': { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  '.jpeg': { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  '.png': { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  '.txt': { type: 'text/plain; charset=utf-8' },
};

/**
 * Attach a file to a draft, submitted or returned progress report of the actor's department. The
 * type is checked by extension and magic bytes; the bytes go to `attachmentsDir/<tenant>/<id>`.
 */
export async function addAttachment(
  ctx: ServiceContext,
  actor: Actor,
  input: { progressId: string; fileName: string; bytes: Uint8Array },
): Promise<{ id: string; fileName: string; contentType: string; size: number }> {
  requireAbility(actor, 'submitProgress');
  const ext = /\.[^.]+$/.exec(input.fileName.toLowerCase())?.[0] ?? '';
  const kind = ATTACHMENT_TYPES[ext];
  if (!kind) {
    throw new AppError(
      415,
      'unsupported-format',
      `不支持的附件类型「${ext || '无扩展名'}」，可上传 ${Object.keys(ATTACHMENT_TYPES).join(' ')}`,
      `Unsupported attachment type "${ext}"; allowed: ${Object.keys(ATTACHMENT_TYPES).join(' ')}`,
    );
  }
  if (kind.magic && !kind.magic.every((b, i) => input.bytes[i] === b)) {
    throw new AppError(
      415,
      'format-mismatch',
      `附件「${input.fileName}」的内容与扩展名不符`,
      `"${input.fileName}" does not match its extension`,
    );
  }
  if (input.bytes.length === 0) throw invalid('附件是空的', 'The attachment is empty');
  if (input.bytes.length > ctx.maxUploadBytes) {
    throw new AppError(413, 'too-large', '附件过大', 'The attachment is too large');
  }
  const p = await getProgressById(ctx.store.db, actor.tenantId, input.progressId);
  if (!p) throw notFound('进展报告', 'Progress report');
  if (p.department_id !== actor.departmentId) {
    throw forbidden(
      '只能给本单位的进展报告添加附件',
      "You can only attach files to your department's reports",
    );
  }
  if (p.state === 'accepted') {
    throw new AppError(
      409,
      'invalid-state',
      '已审核通过的报告不能再添加附件',
      'The report is accepted already',
    );
  }
  const id = newId();
  const dir = path.join(ctx.attachmentsDir, actor.tenantId);
  const storagePath = path.join(dir, id);
  await writeNewFile(storagePath, input.bytes);
  const safeName = path
    .basename(input.fileName)
    .replace(/["\\]/g, '_')
    .replace(/\p{Cc}/gu, '_')
    .slice(0, 200);
  try {
    await inTransaction(ctx, actor, async (trx, audit, nowIso) => {
      const row: AttachmentTable = {
        id,
        tenant_id: actor.tenantId,
        progress_id: p.id,
        file_name: safeName,
        content_type: kind.type,
        size: input.bytes.length,
        sha256: sha256Hex(input.bytes),
        storage_path: path.join(actor.tenantId, id),
        created_by: actor.userId,
        created_at: nowIso,
      };
      await createAttachment(trx, row);
      await audit({
        action: 'attachment.create',
        entityType: 'attachment',
        entityId: id,
        after: { progressId: p.id, fileName: row.file_name, size: row.size, sha256: row.sha256 },
      });
    });
  } catch (error) {
    await fs.rm(storagePath, { force: true });
    throw error;
  }
  return { id, fileName: safeName, contentType: kind.type, size: input.bytes.length };
}

/** Progress reports of the actor's region, newest first (the review queue with `state: 'submitted'`). */
export async function listProgress(
  ctx: ServiceContext,
  actor: Actor,
  page: { limit: number; offset: number; state?: ProgressState },
): Promise<{ items: ProgressView[]; total: number }> {
  requireAbility(actor, 'readAllProgress');
  const { items, total } = await listProgressForReview(ctx.store.db, actor.tenantId, page);
  const views = items.map((p) => toProgressView({ ...p, values: [] }));
  return { items: await withDepartments(ctx.store.db, actor.tenantId, views), total };
}

/** An attachment's bytes, for whoever may read its progress report. */
export async function readAttachment(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
  const att = await getAttachmentById(ctx.store.db, actor.tenantId, id);
  if (!att) throw notFound('附件', 'Attachment');
  await getProgress(ctx, actor, att.progress_id);
  const bytes = await fs.readFile(path.join(ctx.attachmentsDir, att.storage_path));
  return { fileName: att.file_name, contentType: att.content_type, bytes };
}
