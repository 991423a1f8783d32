import { newId } from '../store/ids.ts';
import { createInput, findInput, listInputsOfTask, updateInput } from '../store/input-repository.ts';
import { getAssignment, getPlanById, getTargetsOfTask, getTaskById } from '../store/plan-repository.ts';
import type { Executor } from '../store/db.ts';
import type { CooperationInputState, CooperationInputTable, PlanTable } from '../store/schema.ts';
import { listDepartments } from '../store/tenant-repository.ts';
import { inTransaction, type Actor, type AuditFn, type ServiceContext } from './context.ts';
import { AppError, conflict, forbidden, invalid, notFound } from './errors.ts';
import { requireAbility } from './permissions.ts';
import { assertPeriodOpen } from './supervision.ts';

/** A cooperating department's input (协办反馈) for a task and period. */
export type InputView = {
  id: string;
  taskId: string;
  planId: string;
  departmentId: string;
  departmentName: string;
  period: string;
  /** 进展情况 / 存在问题 / 下一步措施 of the cooperating department, for the lead department to quote. */
  progress: string;
  problems: string;
  nextSteps: string;
  values: { targetId: string; actual: number }[];
  /** sent (已报送) -> consolidated (已汇总) once the lead department's submitted report used it. */
  state: CooperationInputState;
  consolidatedProgressId: string | null;
  consolidatedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

/** The inputs of a task for a period, and which cooperating departments have sent one. */
export type TaskInputs = {
  taskId: string;
  period: string;
  leadDepartmentId: string | null;
  items: InputView[];
  total: number;
  /** Every cooperating department, in assignment order (coordinator, leaders and the lead department). */
  coverage: {
    departmentId: string;
    name: string;
    inputId: string | null;
    state: CooperationInputState | null;
  }[];
};

export type InputSave = {
  taskId: string;
  period: string;
  progress: string;
  problems?: string;
  nextSteps?: string;
  values?: { targetId: string; actual: number }[];
  /** The current version when updating the department's input; a stale or missing one is a 409. */
  version?: number;
};

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

function toView(row: CooperationInputTable, names: Map<string, string>): InputView {
  return {
    id: row.id,
    taskId: row.task_id,
    planId: row.plan_id,
    departmentId: row.department_id,
    departmentName: names.get(row.department_id) ?? row.department_id,
    period: row.period,
    progress: row.progress,
    problems: row.problems,
    nextSteps: row.next_steps,
    values: JSON.parse(row.values_json) as { targetId: string; actual: number }[],
    state: row.state,
    consolidatedProgressId: row.consolidated_progress_id,
    consolidatedAt: row.consolidated_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

async function departmentNames(db: Executor, tenantId: string): Promise<Map<string, string>> {
  return new Map((await listDepartments(db, tenantId)).map((d) => [d.id, d.name] as const));
}

function checkPeriod(period: string): number {
  const m = PERIOD.exec(period);
  if (!m) throw invalid('报送期应为 YYYY-MM，例如 2017-06', 'The period must be YYYY-MM, e.g. 2017-06');
  return Number(m[1]);
}

/**
 * The cooperating departments' inputs of a task for a period. The coordinator, leaders and the lead
 * department's reporters see all of them and who has not sent one yet; a cooperating department's
 * reporters see their own; other reporters, admins and the public none.
 * @example listInputs(ctx, leadReporter, 'task1', '2017-06') -> { items: [{ departmentName: '财政局', progress: '…', state: 'sent' }], coverage: [...] }
 */
export async function listInputs(
  ctx: ServiceContext,
  actor: Actor,
  taskId: string,
  period: string,
): Promise<TaskInputs> {
  requireAbility(actor, 'readInputs');
  checkPeriod(period);
  const db = ctx.store.db;
  const task = await getTaskById(db, actor.tenantId, taskId);
  if (!task) throw notFound('任务', 'Task');
  const a = await getAssignment(db, task.id);
  const lead = a?.lead_department_id ?? null;
  const cooperating = a?.cooperatingDepartmentIds ?? [];
  let own: string | null = null;
  if (actor.role === 'reporter') {
    if (
      actor.departmentId !== null &&
      actor.departmentId !== lead &&
      cooperating.includes(actor.departmentId)
    ) {
      own = actor.departmentId;
    } else if (actor.departmentId === null || actor.departmentId !== lead) {
      throw forbidden(
        '只有牵头单位、配合单位和督查部门可以查看协办反馈',
        'Only the lead and cooperating departments and the office may read cooperation inputs',
      );
    }
  }
  const names = await departmentNames(db, actor.tenantId);
  const rows = (await listInputsOfTask(db, actor.tenantId, task.id, period)).filter(
    (r) => own === null || r.department_id === own,
  );
  const items = rows.map((r) => toView(r, names));
  const byDept = new Map(rows.map((r) => [r.department_id, r] as const));
  return {
    taskId: task.id,
    period,
    leadDepartmentId: lead,
    items,
    total: items.length,
    coverage:
      own === null
        ? cooperating
            .filter((d) => d !== lead)
            .map((d) => ({
              departmentId: d,
              name: names.get(d) ?? d,
              inputId: byDept.get(d)?.id ?? null,
              state: byDept.get(d)?.state ?? null,
            }))
        : [],
  };
}

/**
 * Send or update the actor's department's input for a task and period. Only a reporter of a
 * cooperating department (not the lead) may; the plan must be published and the period open.
 * Updating needs the current version (409 otherwise) and makes a consolidated input "sent" again.
 * @example saveInput(ctx, reporter2, { taskId, period: '2017-06', progress: '已拨付资金3000万元' }) -> { state: 'sent', version: 1 }
 */
export async function saveInput(ctx: ServiceContext, actor: Actor, input: InputSave): Promise<InputView> {
  requireAbility(actor, 'sendInputs');
  const year = checkPeriod(input.period);
  const text = {
    progress: input.progress.trim(),
    problems: (input.problems ?? '').trim(),
    next_steps: (input.nextSteps ?? '').trim(),
  };
  if (text.progress === '') throw invalid('请填写协办进展情况', 'The input needs its progress text');
  const values = input.values ?? [];
  for (const v of values) {
    if (!Number.isFinite(v.actual))
      throw invalid('指标实际值必须是数字', 'Actual values must be finite numbers');
  }
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const task = await getTaskById(trx, actor.tenantId, input.taskId);
    if (!task) throw notFound('任务', 'Task');
    const a = await getAssignment(trx, task.id);
    const departmentId = actor.departmentId;
    if (
      departmentId === null ||
      !a ||
      a.lead_department_id === departmentId ||
      !a.cooperatingDepartmentIds.includes(departmentId)
    ) {
      throw forbidden(
        '只有此任务的配合单位可以报送协办反馈',
        'Only a cooperating department of this task may send an input',
      );
    }
    const plan = (await getPlanById(trx, actor.tenantId, task.plan_id)) as PlanTable;
    if (plan.state !== 'published') {
      throw new AppError(
        409,
        'plan-not-published',
        '计划尚未发布或已归档，不能报送',
        'The plan is not published',
      );
    }
    await assertPeriodOpen(trx, plan.id, input.period);
    if (year < plan.year || year > plan.year + 10) {
      throw invalid(
        `报送期 ${input.period} 不在计划年度内`,
        `The period ${input.period} is outside the plan's years`,
      );
    }
    const targetIds = new Set((await getTargetsOfTask(trx, task.id)).map((t) => t.id));
    const seen = new Set<string>();
    for (const v of values) {
      if (!targetIds.has(v.targetId)) {
        throw invalid(`指标 ${v.targetId} 不属于该任务`, `Target ${v.targetId} does not belong to this task`);
      }
      if (seen.has(v.targetId)) throw invalid(`指标 ${v.targetId} 重复`, `Target ${v.targetId} given twice`);
      seen.add(v.targetId);
    }
    const valuesJson = JSON.stringify(values.map((v) => ({ targetId: v.targetId, actual: v.actual })));
    const existing = await findInput(trx, actor.tenantId, task.id, departmentId, input.period);
    let row: CooperationInputTable;
    if (existing) {
      if (input.version !== existing.version) {
        throw conflict(undefined, undefined, { version: existing.version, id: existing.id });
      }
      const set = {
        ...text,
        values_json: valuesJson,
        state: 'sent' as const,
        consolidated_progress_id: null,
        consolidated_at: null,
        updated_by: actor.userId,
        updated_at: nowIso,
      };
      if (!(await updateInput(trx, existing.id, existing.version, set))) throw conflict();
      row = { ...existing, ...set, version: existing.version + 1 };
    } else {
      row = {
        id: newId(),
        tenant_id: actor.tenantId,
        plan_id: task.plan_id,
        task_id: task.id,
        department_id: departmentId,
        period: input.period,
        ...text,
        values_json: valuesJson,
        state: 'sent',
        consolidated_progress_id: null,
        consolidated_at: null,
        created_by: actor.userId,
        created_at: nowIso,
        updated_by: actor.userId,
        updated_at: nowIso,
        version: 1,
      };
      await createInput(trx, row);
    }
    const view = toView(row, await departmentNames(trx, actor.tenantId));
    await audit({
      action: existing ? 'input.update' : 'input.create',
      entityType: 'cooperation-input',
      entityId: row.id,
      before: existing && {
        progress: existing.progress,
        problems: existing.problems,
        nextSteps: existing.next_steps,
        values: JSON.parse(existing.values_json) as unknown,
        state: existing.state,
        version: existing.version,
      },
      after: view,
    });
    return view;
  });
}

/**
 * Inside the lead department's progress submission: mark the inputs it quoted as consolidated into
 * that report. Each id must be an input of the same task and period; only the lead department may.
 */
export async function consolidateInputs(
  trx: Executor,
  audit: AuditFn,
  input: {
    tenantId: string;
    taskId: string;
    period: string;
    departmentId: string;
    progressId: string;
    inputIds: string[];
    nowIso: string;
  },
): Promise<void> {
  if (input.inputIds.length === 0) return;
  const a = await getAssignment(trx, input.taskId);
  if (!a || a.lead_department_id !== input.departmentId) {
    throw forbidden(
      '只有牵头单位可以汇总配合单位的反馈',
      "Only the lead department consolidates the cooperating departments' inputs",
    );
  }
  const rows = new Map(
    (await listInputsOfTask(trx, input.tenantId, input.taskId, input.period)).map((r) => [r.id, r] as const),
  );
  for (const id of new Set(input.inputIds)) {
    const row = rows.get(id);
    if (!row) {
      throw invalid(
        `协办反馈 ${id} 不属于该任务的 ${input.period} 报送期`,
        `Input ${id} is not an input of this task for ${input.period}`,
      );
    }
    if (
      !(await updateInput(trx, row.id, row.version, {
        state: 'consolidated',
        consolidated_progress_id: input.progressId,
        consolidated_at: input.nowIso,
      }))
    ) {
      throw conflict();
    }
    await audit({
      action: 'input.consolidate',
      entityType: 'cooperation-input',
      entityId: row.id,
      before: { state: row.state, version: row.version },
      after: { state: 'consolidated', progressId: input.progressId, version: row.version + 1 },
    });
  }
}
