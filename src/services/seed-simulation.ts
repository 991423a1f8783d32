import crypto from 'node:crypto';
import { inferTargetKind } from '../core/plan/evaluate.ts';
import { periodDueDate, reportingPeriods } from '../core/plan/evaluate-dates.ts';
import { newId } from '../store/ids.ts';
import { getPlanById, getPlanContent, listAssignments } from '../store/plan-repository.ts';
import { createProgress, replaceProgressValues } from '../store/progress-repository.ts';
import { savePlanLabel } from '../store/supervision-repository.ts';
import { listDepartments } from '../store/tenant-repository.ts';
import { inTransaction, systemActor, type ServiceContext } from './context.ts';

export const SIMULATED_NOTE =
  '模拟数据：本计划的逐月进展为演示用的模拟数据（按月报送，部分迟报、漏报），并非真实情况。Simulated demo progress, not real figures.';

/** A deterministic number in [0, 1) from a string, so the demo is the same on every machine. */
function unit(seed: string): number {
  return crypto.createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;
}

/** Departments that report late or skip months more often, so the ranking has something to show. */
const WEAK = new Set(['扶贫办', '城管局', '林业局', '商务局']);

/** 9:00 in Asia/Shanghai on a local date, as a UTC instant. */
const morning = (date: string): string => `${date}T01:00:00.000Z`;

const shift = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * Give a published demo plan a simulated year of monthly progress from each task's lead department:
 * figures that move at a per-task pace (some ahead, some behind), about one report in eight late, a few
 * missing (more for some departments), all accepted two days after submission, every narrative marked
 * 【模拟数据】 and the plan labelled simulated. Only for the demo seed.
 * @example simulateDemoYear(ctx, { tenantId, planId }) -> { reports: 1430, late: 170, missing: 95 }
 */
export async function simulateDemoYear(
  ctx: ServiceContext,
  input: { tenantId: string; planId: string; throughPeriod?: string },
): Promise<{ reports: number; late: number; missing: number }> {
  const db = ctx.store.db;
  const plan = await getPlanById(db, input.tenantId, input.planId);
  if (!plan) throw new Error('plan not found');
  const [content, assignments, departments] = await Promise.all([
    getPlanContent(db, plan.id),
    listAssignments(db, plan.id),
    listDepartments(db, input.tenantId),
  ]);
  const deptName = new Map(departments.map((d) => [d.id, d.name] as const));
  const periods = reportingPeriods(`${plan.year}-01-01`, `${plan.year}-12-31`).filter(
    (p) => input.throughPeriod === undefined || p.period <= input.throughPeriod,
  );
  const result = { reports: 0, late: 0, missing: 0 };
  await inTransaction(ctx, systemActor(input.tenantId), async (trx, audit, nowIso) => {
    for (const a of assignments) {
      if (a.lead_department_id === null) continue;
      const task = content.tasks.find((t) => t.id === a.task_id);
      if (!task) continue;
      const weak = WEAK.has(deptName.get(a.lead_department_id) ?? '');
      const pace = 0.55 + unit(`${task.id}|pace`) * 0.65;
      const targets = content.targets.filter((t) => t.task_id === task.id);
      for (const [i, p] of periods.entries()) {
        const month = i + 1;
        const r = unit(`${task.id}|${p.period}`);
        if (r < (weak ? 0.15 : 0.04)) {
          result.missing += 1;
          continue;
        }
        const late = r > (weak ? 0.7 : 0.88);
        const due = periodDueDate(p.period);
        const submittedOn = late
          ? shift(due, 1 + Math.floor(unit(`${task.id}|${p.period}|late`) * 9))
          : shift(due, -Math.floor(unit(`${task.id}|${p.period}|early`) * 5));
        if (late) result.late += 1;
        const share = Math.min(1.08, pace * (month / 12) * (0.9 + unit(`${task.id}|${p.period}|n`) * 0.2));
        const values = targets.map((t) => {
          const kind = inferTargetKind(t);
          let actual: number;
          if (t.comparator === '<=' || t.comparator === '<') actual = t.high * (0.8 + pace * 0.2);
          else if (kind === 'rate') actual = t.low * (0.75 + pace * 0.3);
          else if (kind === 'level') actual = t.low * (0.92 + share * 0.08);
          else actual = t.low * share;
          return { target_id: t.id, actual: Math.round(actual * 100) / 100 };
        });
        const done = targets.length === 0 && month >= 10 && pace > 0.95;
        const id = newId();
        const submittedAt = morning(submittedOn);
        await createProgress(trx, {
          id,
          tenant_id: input.tenantId,
          plan_id: plan.id,
          task_id: task.id,
          department_id: a.lead_department_id,
          period: p.period,
          state: 'accepted',
          progress: `【模拟数据】${p.period.slice(0, 4)}年${month}月：${done ? '已全面完成年度任务。' : `「${task.title}」按计划推进，累计完成年度工作量约 ${Math.round(share * 100)}%。`}`,
          problems: pace < 0.75 ? '【模拟数据】资金到位偏慢，项目前期手续办理周期较长。' : '',
          next_steps: '【模拟数据】加快推进，确保按期完成。',
          submitted_by: null,
          submitted_at: submittedAt,
          reviewed_by: null,
          reviewed_at: morning(shift(submittedOn, 2)),
          review_reason: null,
          version: 1,
          created_at: submittedAt,
          updated_at: morning(shift(submittedOn, 2)),
        });
        await replaceProgressValues(
          trx,
          id,
          values.map((v) => ({ id: newId(), tenant_id: input.tenantId, progress_id: id, ...v })),
        );
        result.reports += 1;
      }
    }
    await savePlanLabel(trx, {
      plan_id: plan.id,
      tenant_id: input.tenantId,
      simulated: 1,
      note: SIMULATED_NOTE,
    });
    await audit({
      action: 'progress.simulate',
      entityType: 'plan',
      entityId: plan.id,
      after: { ...result, note: SIMULATED_NOTE, at: nowIso },
    });
  });
  return result;
}
