import fs from 'node:fs/promises';
import path from 'node:path';
import { parseReport } from '../core/parse/index.ts';
import type { Plan } from '../core/plan/types.ts';
import { IngestError, readReport } from '../ingest/index.ts';
import { lockKey } from '../store/db.ts';
import { newId, sha256Hex } from '../store/ids.ts';
import {
  createReport,
  findPlanByReportHash,
  findPlanByYear,
  getPlanContent,
  insertPlan,
  listAssignments,
  saveAssignment,
  updatePlan,
} from '../store/plan-repository.ts';
import type { PlanTable } from '../store/schema.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { AppError, conflict } from './errors.ts';
import { writeNewFile } from './files.ts';
import { requireAbility } from './permissions.ts';
import { toPlanSummary, type PlanSummary } from './plan-view.ts';

/** Above these a "report" is not a work report (or an attack); refuse before writing anything. */
export const MAX_TASKS = 3000;
export const MAX_TARGETS = 3000;

export type ImportInput = {
  bytes: Uint8Array;
  fileName: string;
  /** Replace an existing draft plan of the same year built from a different file. */
  replace?: boolean;
};

export type PlanDiff = {
  existingPlanId: string;
  existingState: string;
  addedTasks: string[];
  removedTasks: string[];
  addedTargets: string[];
  removedTargets: string[];
};

export type ImportResult = {
  plan: PlanSummary;
  created: boolean;
  counts: { sections: number; tasks: number; targets: number; baselines: number; problems: number };
  warnings: string[];
};

const CLAIMED_BINARY: Record<string, string> = { '.docx': 'docx', '.pdf': 'pdf' };

function countSections(plan: Plan): number {
  let n = 0;
  const walk = (list: Plan['sections']): void => {
    for (const s of list) {
      n += 1;
      walk(s.children);
    }
  };
  walk(plan.sections);
  return n;
}

/** What a corrected file would change: task titles and target quotes added or removed. */
export function diffPlans(
  existing: { tasks: string[]; targets: string[] },
  next: Plan,
): Omit<PlanDiff, 'existingPlanId' | 'existingState'> {
  const oldTasks = new Set(existing.tasks);
  const newTasks = new Set(next.tasks.map((t) => t.title));
  const oldTargets = new Set(existing.targets);
  const newTargets = new Set(next.targets.map((t) => t.quote));
  return {
    addedTasks: [...newTasks].filter((t) => !oldTasks.has(t)),
    removedTasks: [...oldTasks].filter((t) => !newTasks.has(t)),
    addedTargets: [...newTargets].filter((t) => !oldTargets.has(t)),
    removedTargets: [...oldTargets].filter((t) => !newTargets.has(t)),
  };
}

/** Decode and parse a report file; every refusal is an AppError (4xx) and nothing is written. */
export async function readAndParse(
  ctx: Pick<ServiceContext, 'maxUploadBytes'>,
  input: { bytes: Uint8Array; fileName: string },
): Promise<{ plan: Plan; text: string; format: string; encoding: string; warnings: string[] }> {
  let read;
  try {
    read = await readReport(
      { bytes: input.bytes, fileName: input.fileName },
      { maxBytes: ctx.maxUploadBytes },
    );
  } catch (error) {
    if (error instanceof IngestError) {
      const status = error.code === 'too-large' ? 413 : error.code === 'unsupported-format' ? 415 : 422;
      throw new AppError(status, error.code, error.messageZh, error.messageEn);
    }
    throw error;
  }
  const ext = /\.[^.]+$/.exec(input.fileName.toLowerCase())?.[0] ?? '';
  const claimed = CLAIMED_BINARY[ext];
  if (claimed !== undefined && claimed !== read.format) {
    throw new AppError(
      415,
      'format-mismatch',
      `文件「${input.fileName}」的扩展名是 ${ext}，但内容不是 ${ext} 文件；请上传真正的 ${ext} 文件或改正扩展名`,
      `"${input.fileName}" is named ${ext} but its content is not a ${ext} file; upload a real ${ext} file or fix the name`,
    );
  }
  const plan = parseReport(read.text, { fileName: input.fileName });
  if (plan.sections.length === 0 || plan.problems.some((p) => p.code === 'not-a-report')) {
    throw new AppError(
      422,
      'not-a-report',
      `文件「${input.fileName}」看起来不是政府工作报告：没有找到报告的章节结构`,
      `"${input.fileName}" does not look like a government work report: no outline was found`,
    );
  }
  if (plan.tasks.length > MAX_TASKS || plan.targets.length > MAX_TARGETS) {
    throw new AppError(
      422,
      'too-many-items',
      `报告解析出 ${plan.tasks.length} 项任务、${plan.targets.length} 个指标，超过上限（${MAX_TASKS} / ${MAX_TARGETS}）`,
      `The report yields ${plan.tasks.length} tasks and ${plan.targets.length} targets, over the limit (${MAX_TASKS} / ${MAX_TARGETS})`,
    );
  }
  if (plan.year === null) {
    throw new AppError(
      422,
      'no-year',
      `无法确定报告「${input.fileName}」的年份`,
      `Cannot tell the year of the report "${input.fileName}"`,
    );
  }
  return { plan, text: read.text, format: read.format, encoding: read.encoding, warnings: read.warnings };
}

/**
 * Import a report file into a draft plan of the actor's tenant. The same content imported again for
 * the same tenant and year returns the existing plan (`created: false`). A different file for a year
 * that already has a plan is refused with 409 and a diff, unless `replace` is set and the existing
 * plan is still a draft (it is then archived, and assignments carry over by task title).
 * @example importReport(ctx, coordinator, { bytes, fileName: 'xuchang-2017.txt' }) -> { plan: { year: 2017, state: 'draft' }, created: true }
 */
export async function importReport(
  ctx: ServiceContext,
  actor: Actor,
  input: ImportInput,
): Promise<ImportResult> {
  requireAbility(actor, 'editPlans');
  // Keep only the last path segment of a client-supplied name.
  input = { ...input, fileName: input.fileName.split(/[\\/]/).pop() || 'report.txt' };
  const parsed = await readAndParse(ctx, input);
  const { plan } = parsed;
  const year = plan.year as number;
  const sha256 = plan.source.sha256 || sha256Hex(parsed.text);
  const counts = {
    sections: countSections(plan),
    tasks: plan.tasks.length,
    targets: plan.targets.length,
    baselines: plan.baselines.length,
    problems: plan.problems.length,
  };
  let written: string | null = null;
  const run = inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    await lockKey(trx, ctx.store.dialect, `import:${actor.tenantId}:${year}`);
    const same = await findPlanByReportHash(trx, actor.tenantId, sha256, year);
    if (same) return { plan: toPlanSummary(same), created: false, counts, warnings: parsed.warnings };
    const existing = await findPlanByYear(trx, actor.tenantId, year);
    let carried: Awaited<ReturnType<typeof listAssignments>> = [];
    let oldTitles = new Map<string, string>();
    if (existing) {
      const content = await getPlanContent(trx, existing.id);
      const diff: PlanDiff = {
        existingPlanId: existing.id,
        existingState: existing.state,
        ...diffPlans(
          { tasks: content.tasks.map((t) => t.title), targets: content.targets.map((t) => t.quote) },
          plan,
        ),
      };
      if (!input.replace || existing.state !== 'draft') {
        throw conflict(
          existing.state === 'draft'
            ? `${year}年已有计划「${existing.title}」，新文件与之不同；确认替换请加 replace=true`
            : `${year}年的计划「${existing.title}」已发布，不能被新文件替换`,
          existing.state === 'draft'
            ? `A plan for ${year} exists and differs from this file; pass replace=true to replace it`
            : `The ${year} plan is published and cannot be replaced by a new file`,
          diff,
        );
      }
      if (
        !(await updatePlan(trx, actor.tenantId, existing.id, existing.version, {
          state: 'archived',
          updated_at: nowIso,
        }))
      ) {
        throw conflict();
      }
      await audit({
        action: 'plan.archive',
        entityType: 'plan',
        entityId: existing.id,
        before: { state: 'draft' },
        after: { state: 'archived', replacedBy: 'import' },
      });
      carried = await listAssignments(trx, existing.id);
      oldTitles = new Map(content.tasks.map((t) => [t.id, t.title] as const));
    }
    const reportId = newId();
    const storagePath = path.join(actor.tenantId, reportId);
    await writeNewFile(path.join(ctx.reportsDir, storagePath), input.bytes);
    written = path.join(ctx.reportsDir, storagePath);
    await createReport(trx, {
      id: reportId,
      tenant_id: actor.tenantId,
      file_name: input.fileName,
      format: parsed.format,
      encoding: parsed.encoding,
      title: plan.title,
      text: parsed.text,
      sha256,
      chars: plan.source.chars,
      copies: plan.source.copies,
      created_by: actor.userId,
      created_at: nowIso,
      file_sha256: sha256Hex(input.bytes),
      file_size: input.bytes.length,
      storage_path: storagePath,
    });
    const row: PlanTable = {
      id: newId(),
      tenant_id: actor.tenantId,
      report_id: reportId,
      title: plan.title,
      region: plan.region,
      level: plan.level,
      year,
      state: 'draft',
      problems_json: JSON.stringify(plan.problems),
      version: 1,
      created_at: nowIso,
      updated_at: nowIso,
      published_at: null,
    };
    const content = await insertPlan(trx, row, plan);
    const byTitle = new Map(content.tasks.map((t) => [t.title, t.id] as const));
    for (const a of carried) {
      const title = oldTitles.get(a.task_id);
      const taskId = title === undefined ? undefined : byTitle.get(title);
      if (taskId === undefined) continue;
      await saveAssignment(
        trx,
        { ...a, task_id: taskId, plan_id: row.id, updated_at: nowIso, updated_by: actor.userId },
        a.cooperatingDepartmentIds,
        null,
      );
    }
    await audit({
      action: 'plan.import',
      entityType: 'plan',
      entityId: row.id,
      after: {
        title: row.title,
        year,
        fileName: input.fileName,
        sha256,
        ...counts,
        replaced: existing?.id ?? null,
      },
    });
    return { plan: toPlanSummary(row), created: true, counts, warnings: parsed.warnings };
  });
  // Nothing is kept from a failed import: not the rows (rolled back), not the file.
  return run.catch(async (error: unknown) => {
    if (written !== null) await fs.rm(written, { force: true });
    throw error;
  });
}
