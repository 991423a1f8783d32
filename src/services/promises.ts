import {
  checkPromises,
  countVerdicts,
  PROMISE_VERDICTS,
  type PromiseVerdict,
} from '../core/plan/promises.ts';
import {
  getPlanById,
  getPlanByIdAnyTenant,
  getPlanContent,
  getReportById,
  findPlanByYear,
  toParsedPlan,
} from '../store/plan-repository.ts';
import {
  createPromiseCheck,
  getPromiseCheckByNextPlan,
  getPromiseCheckByPlan,
  getPromiseMatchById,
  listPromiseMatches,
  replacePromiseCheck,
  updatePromiseCheck,
  updatePromiseMatch,
} from '../store/promise-repository.ts';
import type { Executor } from '../store/db.ts';
import { newId } from '../store/ids.ts';
import type { PlanTable, PromiseCheckTable, PromiseMatchTable } from '../store/schema.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { AppError, conflict, invalid, notFound } from './errors.ts';
import { requireAbility } from './permissions.ts';

/** A promise check's state: none yet, under review, or confirmed (and then public with a published plan). */
export type PromiseCheckState = 'none' | 'draft' | 'confirmed';
export type PromiseReview = 'pending' | 'accepted' | 'corrected';

export type PromiseItemView = {
  id: string;
  /** The stored target's id, when the target still exists. */
  targetId: string | null;
  target: {
    quote: string;
    subject: string;
    low: number;
    high: number;
    unit: string;
    comparator: string;
    direction: string;
    span: [number, number];
  };
  outcome: {
    quote: string;
    value: number | null;
    unit: string | null;
    year: number | null;
    span: [number, number] | null;
  } | null;
  verdict: PromiseVerdict;
  reason: string;
  note: string | null;
  /** Internal only (absent from the public scorecard). */
  autoVerdict?: PromiseVerdict;
  autoOutcomeQuote?: string | null;
  score?: number;
  review?: PromiseReview;
  version?: number;
};

export type PromiseScorecard = {
  planId: string;
  state: PromiseCheckState;
  previous: { title: string; year: number };
  next: { planId: string; title: string; year: number } | null;
  counts: Record<PromiseVerdict, number>;
  /** Matches not yet accepted or corrected (internal only). */
  pending?: number;
  version?: number | null;
  confirmedAt: string | null;
  items: PromiseItemView[];
  /**
   * The earlier plan whose year-targets were checked against this plan's report (last year's promises
   * reviewed in this report), with its counts; public only once confirmed.
   */
  earlier?: {
    planId: string;
    title: string;
    year: number;
    state: PromiseCheckState;
    counts: Record<PromiseVerdict, number>;
  } | null;
};

const REVIEWS: readonly PromiseReview[] = ['pending', 'accepted', 'corrected'];

function toItem(m: PromiseMatchTable, internal: boolean): PromiseItemView {
  const item: PromiseItemView = {
    id: m.id,
    targetId: m.target_id,
    target: {
      quote: m.target_quote,
      subject: m.target_subject,
      low: m.target_low,
      high: m.target_high,
      unit: m.target_unit,
      comparator: m.target_comparator,
      direction: m.target_direction,
      span: [m.target_span_start, m.target_span_end],
    },
    outcome:
      m.outcome_quote === null
        ? null
        : {
            quote: m.outcome_quote,
            value: m.outcome_value,
            unit: m.outcome_unit,
            year: m.outcome_year,
            span:
              m.outcome_span_start === null || m.outcome_span_end === null
                ? null
                : [m.outcome_span_start, m.outcome_span_end],
          },
    verdict: m.verdict as PromiseVerdict,
    reason: m.reason,
    note: m.note,
  };
  if (!internal) return item;
  return {
    ...item,
    autoVerdict: m.auto_verdict as PromiseVerdict,
    autoOutcomeQuote: m.auto_outcome_quote,
    score: m.score,
    review: (REVIEWS as readonly string[]).includes(m.review) ? (m.review as PromiseReview) : 'pending',
    version: m.version,
  };
}

async function scorecard(
  db: Executor,
  plan: PlanTable,
  check: PromiseCheckTable | null,
  internal: boolean,
): Promise<PromiseScorecard> {
  const previous = { title: plan.title, year: plan.year };
  if (!check)
    return {
      planId: plan.id,
      state: 'none',
      previous,
      next: null,
      counts: countVerdicts([]),
      ...(internal ? { pending: 0, version: null } : {}),
      confirmedAt: null,
      items: [],
    };
  const nextPlan = await getPlanById(db, plan.tenant_id, check.next_plan_id);
  const next = nextPlan ? { planId: nextPlan.id, title: nextPlan.title, year: nextPlan.year } : null;
  const state: PromiseCheckState = check.state === 'confirmed' ? 'confirmed' : 'draft';
  if (!internal && state !== 'confirmed')
    // Nothing of an unconfirmed check is public: only that there is none to show yet.
    return {
      planId: plan.id,
      state,
      previous,
      next,
      counts: countVerdicts([]),
      confirmedAt: null,
      items: [],
    };
  const matches = await listPromiseMatches(db, check.id);
  const items = matches.map((m) => toItem(m, internal));
  return {
    planId: plan.id,
    state,
    previous,
    next,
    counts: countVerdicts(items),
    ...(internal
      ? { pending: matches.filter((m) => m.review === 'pending').length, version: check.version }
      : {}),
    confirmedAt: check.confirmed_at,
    items,
  };
}

/** The earlier plan checked against `plan`'s report, if any (confirmed only, for the public). */
async function earlierOf(
  db: Executor,
  plan: PlanTable,
  internal: boolean,
): Promise<PromiseScorecard['earlier']> {
  const check = await getPromiseCheckByNextPlan(db, plan.tenant_id, plan.id);
  if (!check || (!internal && check.state !== 'confirmed')) return null;
  const earlier = await getPlanById(db, plan.tenant_id, check.plan_id);
  if (!earlier) return null;
  const matches = await listPromiseMatches(db, check.id);
  return {
    planId: earlier.id,
    title: earlier.title,
    year: earlier.year,
    state: check.state === 'confirmed' ? 'confirmed' : 'draft',
    counts: countVerdicts(matches as { verdict: PromiseVerdict }[]),
  };
}

async function visiblePlan(ctx: ServiceContext, actor: Actor, planId: string): Promise<PlanTable> {
  const plan = await getPlanById(ctx.store.db, actor.tenantId, planId);
  if (!plan || (plan.state === 'draft' && actor.role === 'reporter')) throw notFound('计划', 'Plan');
  return plan;
}

/**
 * The promise scorecard of a plan for its tenant: counts per verdict, each year-target with both quotes, the
 * review state of each match. `state: 'none'` before the first check.
 * @example getPromiseScorecard(ctx, coordinator, planId) -> { state: 'draft', counts: { met: 5, … }, pending: 7, items: [...] }
 */
export async function getPromiseScorecard(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
): Promise<PromiseScorecard> {
  requireAbility(actor, 'readPlans');
  const plan = await visiblePlan(ctx, actor, planId);
  const check = await getPromiseCheckByPlan(ctx.store.db, actor.tenantId, plan.id);
  const card = await scorecard(ctx.store.db, plan, check, true);
  return { ...card, earlier: await earlierOf(ctx.store.db, plan, true) };
}

/**
 * The public scorecard of a published plan: empty (`state` 'none' or 'draft') until a coordinator confirms it.
 * @example getPublicPromiseScorecard(ctx, planId) -> { state: 'confirmed', counts: { met: 5, … }, items: [...] }
 */
export async function getPublicPromiseScorecard(
  ctx: ServiceContext,
  planId: string,
): Promise<PromiseScorecard> {
  const plan = await getPlanByIdAnyTenant(ctx.store.db, planId);
  if (!plan) throw notFound('计划', 'Plan');
  const check = await getPromiseCheckByPlan(ctx.store.db, plan.tenant_id, plan.id);
  if (plan.state !== 'published') {
    // A plan imported only to be checked (last year's report, never tracked here) is public through
    // its confirmed scorecard when the report it was checked against is published.
    const next = check ? await getPlanById(ctx.store.db, plan.tenant_id, check.next_plan_id) : null;
    if (!check || check.state !== 'confirmed' || next?.state !== 'published') throw notFound('计划', 'Plan');
  }
  const card = await scorecard(ctx.store.db, plan, check, false);
  return { ...card, earlier: await earlierOf(ctx.store.db, plan, false) };
}

export type RunPromiseCheckInput = {
  /** The plan whose report reviews this plan's year; default: the tenant's plan of the next year. */
  nextPlanId?: string;
  /** The current check's version, required to re-run an existing check (its reviews are discarded). */
  version?: number;
};

/**
 * Matches the plan's year-targets to the outcomes of the next year's report of the same tenant and stores the
 * matches for review (state 'draft'). Re-running replaces the matches and their reviews.
 * @example runPromiseCheck(ctx, coordinator, plan2017Id, {}) -> { state: 'draft', pending: 8, items: [...] }
 */
export async function runPromiseCheck(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  input: RunPromiseCheckInput,
): Promise<PromiseScorecard> {
  requireAbility(actor, 'editPlans');
  const db = ctx.store.db;
  const plan = await visiblePlan(ctx, actor, planId);
  const next = input.nextPlanId
    ? await getPlanById(db, actor.tenantId, input.nextPlanId)
    : await findPlanByYear(db, actor.tenantId, plan.year + 1);
  if (!next)
    throw invalid(
      `找不到${plan.year + 1}年的计划：请先导入下一年度的政府工作报告`,
      `No plan for ${plan.year + 1}: import the next year's work report first`,
    );
  if (next.id === plan.id || next.year <= plan.year)
    throw invalid('核对用的报告须是更晚年度的报告', 'The checking report must be of a later year');
  const [report, nextReport, content, nextContent] = await Promise.all([
    getReportById(db, actor.tenantId, plan.report_id),
    getReportById(db, actor.tenantId, next.report_id),
    getPlanContent(db, plan.id),
    getPlanContent(db, next.id),
  ]);
  if (!report || !nextReport) throw notFound('报告', 'Report');
  const result = checkPromises({
    previous: toParsedPlan(plan, report, content),
    previousText: report.text,
    next: toParsedPlan(next, nextReport, nextContent),
    nextText: nextReport.text,
  });
  const targetIdByRef = new Map(content.targets.map((t) => [t.ref, t.id]));
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const existing = await getPromiseCheckByPlan(trx, actor.tenantId, plan.id);
    const check: PromiseCheckTable = {
      id: existing?.id ?? newId(ctx.now()),
      tenant_id: actor.tenantId,
      plan_id: plan.id,
      next_plan_id: next.id,
      state: 'draft',
      version: existing ? existing.version + 1 : 1,
      created_at: existing?.created_at ?? nowIso,
      created_by: existing?.created_by ?? actor.userId,
      updated_at: nowIso,
      confirmed_at: null,
      confirmed_by: null,
    };
    const rows: PromiseMatchTable[] = result.matches.map((m, i) => ({
      id: newId(ctx.now()),
      tenant_id: actor.tenantId,
      check_id: check.id,
      plan_id: plan.id,
      target_id: targetIdByRef.get(m.target.id) ?? null,
      ord: i,
      target_quote: m.target.quote,
      target_subject: m.target.subject,
      target_low: m.target.low,
      target_high: m.target.high,
      target_unit: m.target.unit,
      target_comparator: m.target.comparator,
      target_direction: m.target.direction,
      target_span_start: m.target.span[0],
      target_span_end: m.target.span[1],
      outcome_quote: m.outcome?.quote ?? null,
      outcome_value: m.outcome?.value ?? null,
      outcome_unit: m.outcome?.unit ?? null,
      outcome_year: m.outcome?.year ?? null,
      outcome_span_start: m.outcome?.span[0] ?? null,
      outcome_span_end: m.outcome?.span[1] ?? null,
      score: m.score,
      auto_outcome_quote: m.outcome?.quote ?? null,
      auto_verdict: m.verdict,
      verdict: m.verdict,
      reason: m.reason,
      review: 'pending',
      note: null,
      reviewed_by: null,
      reviewed_at: null,
      version: 1,
    }));
    if (existing) {
      if (input.version === undefined || input.version !== existing.version) throw conflict();
      if (!(await replacePromiseCheck(trx, check, existing.version, rows))) throw conflict();
    } else {
      await createPromiseCheck(trx, check, rows);
    }
    await audit({
      action: existing ? 'promises.rerun' : 'promises.check',
      entityType: 'plan',
      entityId: plan.id,
      before: existing ? { nextPlanId: existing.next_plan_id, state: existing.state } : null,
      after: { nextPlanId: next.id, counts: result.counts, problems: result.problems },
    });
    const stored = await getPromiseCheckByPlan(trx, actor.tenantId, plan.id);
    return scorecard(trx, plan, stored, true);
  });
}

export type ReviewPromiseInput = {
  version: number;
  /** accept: the suggested match and verdict stand; correct: set the verdict (and the outcome). */
  action: 'accept' | 'correct';
  verdict?: PromiseVerdict;
  /** With `correct`: the outcome as quoted in the next report (must occur in it), or null for none. */
  outcome?: { quote: string; value: number | null; unit: string | null } | null;
  note?: string | null;
};

/**
 * A coordinator accepts or corrects one match. A corrected outcome quote must occur verbatim in the next
 * report. Reviewing a confirmed check returns it to 'draft' (hidden from the public until confirmed again).
 * @example reviewPromiseMatch(ctx, coordinator, planId, matchId, { version: 1, action: 'correct', verdict: 'unclear', note: '减税降费合并报告' })
 */
export async function reviewPromiseMatch(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  matchId: string,
  input: ReviewPromiseInput,
): Promise<PromiseItemView> {
  requireAbility(actor, 'editPlans');
  const db = ctx.store.db;
  const plan = await visiblePlan(ctx, actor, planId);
  const check = await getPromiseCheckByPlan(db, actor.tenantId, plan.id);
  const match = await getPromiseMatchById(db, actor.tenantId, matchId);
  if (!check || !match || match.check_id !== check.id) throw notFound('核对项', 'Promise match');
  if (input.action === 'correct' && !input.verdict)
    throw invalid('更正须给出结论（verdict）', 'A correction needs a verdict');
  if (input.verdict && !PROMISE_VERDICTS.includes(input.verdict))
    throw invalid('结论无效', 'Unknown verdict');
  let outcome: Pick<
    PromiseMatchTable,
    | 'outcome_quote'
    | 'outcome_value'
    | 'outcome_unit'
    | 'outcome_year'
    | 'outcome_span_start'
    | 'outcome_span_end'
  > = match;
  if (input.action === 'correct' && input.outcome !== undefined) {
    if (input.outcome === null) {
      outcome = {
        outcome_quote: null,
        outcome_value: null,
        outcome_unit: null,
        outcome_year: null,
        outcome_span_start: null,
        outcome_span_end: null,
      };
    } else {
      const nextPlan = await getPlanById(db, actor.tenantId, check.next_plan_id);
      const nextReport = nextPlan ? await getReportById(db, actor.tenantId, nextPlan.report_id) : null;
      const at = nextReport ? nextReport.text.indexOf(input.outcome.quote) : -1;
      if (!nextReport || at === -1 || input.outcome.quote.trim() === '')
        throw invalid(
          '实际完成情况的引文须是下一年报告中的原文',
          "The outcome quote must be a verbatim passage of the next year's report",
        );
      outcome = {
        outcome_quote: input.outcome.quote,
        outcome_value: input.outcome.value,
        outcome_unit: input.outcome.unit,
        outcome_year: plan.year,
        outcome_span_start: at,
        outcome_span_end: at + input.outcome.quote.length,
      };
    }
  }
  if (input.action === 'correct' && input.verdict === 'not-reported' && outcome.outcome_quote !== null)
    throw invalid('“未报告”不能带有实际完成情况的引文', '"not-reported" cannot have an outcome quote');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const verdict =
      input.action === 'correct' ? (input.verdict as PromiseVerdict) : (match.verdict as PromiseVerdict);
    const note = input.note === undefined ? match.note : input.note;
    const set = {
      ...outcome,
      verdict,
      reason:
        input.action === 'correct'
          ? `经人工更正 / corrected by a coordinator${note ? `：${note}` : ''}`
          : match.reason,
      review: input.action === 'correct' ? 'corrected' : 'accepted',
      note,
      reviewed_by: actor.userId,
      reviewed_at: nowIso,
    };
    if (!(await updatePromiseMatch(trx, match.id, input.version, set))) throw conflict();
    const current = await getPromiseCheckByPlan(trx, actor.tenantId, plan.id);
    if (!current) throw notFound('核对', 'Promise check');
    // Any review changes the check: bump its version; a confirmed check goes back to review.
    if (
      !(await updatePromiseCheck(trx, current.id, current.version, {
        state: 'draft',
        updated_at: nowIso,
        confirmed_at: null,
        confirmed_by: null,
      }))
    )
      throw conflict();
    await audit({
      action: `promises.${input.action}`,
      entityType: 'promise_match',
      entityId: match.id,
      before: { verdict: match.verdict, outcome: match.outcome_quote, review: match.review },
      after: { verdict, outcome: set.outcome_quote, review: set.review, note },
    });
    const updated = await getPromiseMatchById(trx, actor.tenantId, match.id);
    if (!updated) throw notFound('核对项', 'Promise match');
    return toItem(updated, true);
  });
}

/**
 * Confirms a reviewed check: from then on the scorecard is public with the published plan. Matches still
 * pending are refused (409 promises-pending) unless `acceptPending` accepts them as suggested.
 * @example confirmPromiseCheck(ctx, coordinator, planId, { version: 3, acceptPending: true }) -> { state: 'confirmed', … }
 */
export async function confirmPromiseCheck(
  ctx: ServiceContext,
  actor: Actor,
  planId: string,
  input: { version: number; acceptPending?: boolean },
): Promise<PromiseScorecard> {
  requireAbility(actor, 'editPlans');
  const plan = await visiblePlan(ctx, actor, planId);
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const check = await getPromiseCheckByPlan(trx, actor.tenantId, plan.id);
    if (!check)
      throw new AppError(409, 'promises-not-checked', '尚未核对此计划', 'This plan has not been checked yet');
    if (check.version !== input.version) throw conflict();
    const matches = await listPromiseMatches(trx, check.id);
    const pending = matches.filter((m) => m.review === 'pending');
    if (pending.length > 0 && !input.acceptPending)
      throw new AppError(
        409,
        'promises-pending',
        `还有 ${pending.length} 项未审核`,
        `${pending.length} matches are not reviewed yet`,
        { pending: pending.map((m) => m.id) },
      );
    for (const m of pending)
      if (
        !(await updatePromiseMatch(trx, m.id, m.version, {
          outcome_quote: m.outcome_quote,
          outcome_value: m.outcome_value,
          outcome_unit: m.outcome_unit,
          outcome_year: m.outcome_year,
          outcome_span_start: m.outcome_span_start,
          outcome_span_end: m.outcome_span_end,
          verdict: m.verdict,
          reason: m.reason,
          review: 'accepted',
          note: m.note,
          reviewed_by: actor.userId,
          reviewed_at: nowIso,
        }))
      )
        throw conflict();
    if (
      !(await updatePromiseCheck(trx, check.id, check.version, {
        state: 'confirmed',
        updated_at: nowIso,
        confirmed_at: nowIso,
        confirmed_by: actor.userId,
      }))
    )
      throw conflict();
    await audit({
      action: 'promises.confirm',
      entityType: 'plan',
      entityId: plan.id,
      before: { state: check.state },
      after: {
        state: 'confirmed',
        acceptedPending: pending.length,
        counts: countVerdicts(matches as { verdict: PromiseVerdict }[]),
      },
    });
    const stored = await getPromiseCheckByPlan(trx, actor.tenantId, plan.id);
    return scorecard(trx, plan, stored, true);
  });
}
