import { storageFailure } from '../store/storage-errors.ts';
import { tryAcquireLease } from '../store/supervision-repository.ts';
import { listPublishedPlans } from '../store/plan-repository.ts';
import { getViewSnapshot, listViewSnapshotTags, putViewSnapshot } from '../store/view-snapshot-repository.ts';
import type { ServiceContext } from './context.ts';
import { startPeriodic } from './periodic.ts';
import type { PlanTable } from '../store/schema.ts';
import { loadPlanEvaluation, type LoadedEvaluation } from './evaluation.ts';
import { planValidator, planViewFrom, toPublicPlanView, type PlanValidator } from './plan-view.ts';
import { evaluationViewFrom } from './supervision.ts';

/**
 * Snapshots of a plan's three read-mostly views (the dashboard, the plan view, the public plan), each
 * stored with the validator it was built for (plan-view.ts `planValidator`: plan row, tenant's audit head,
 * evaluation date). A snapshot is served only while its tag equals the plan's current validator, so it is
 * never stale: any write to the tenant's data moves the audit head, and a new day moves the date. Reads
 * build and store what is missing; the refresher rebuilds stale snapshots of published plans in the
 * background once their tenant has been quiet for a while, so the first read after a change or a
 * restart, in any server process, usually finds its view ready.
 */
export type SnapshotView = 'evaluation' | 'plan' | 'public-plan';

/**
 * The format of the stored views, part of every stored tag. Bump it when a release changes what a view
 * holds for the same data (evaluation rules, fields): older snapshots are then never served. (Without a
 * bump they would live at most until the tenant's next write or the next day.)
 */
export const VIEW_FORMAT = 'v1';
const storedTag = (v: PlanValidator): string => `${VIEW_FORMAT}|${v.tag}`;
export const SNAPSHOT_VIEWS: readonly SnapshotView[] = ['evaluation', 'plan', 'public-plan'];

/** How each view is made from a plan's loaded evaluation (one load serves all three). */
const VIEWS: Record<SnapshotView, (plan: PlanTable, loaded: LoadedEvaluation) => unknown> = {
  evaluation: (plan, loaded) => evaluationViewFrom(plan, loaded),
  plan: (plan, loaded) => planViewFrom(plan, loaded, true),
  'public-plan': (plan, loaded) => toPublicPlanView(planViewFrom(plan, loaded, false)),
};

/** The one serialisation of a view: the same bytes whether a read or the refresher built it. */
export const serializeView = (value: unknown): string => JSON.stringify(value);

/**
 * The serialised view for a validator. `persist` (only for today's views, the ones worth keeping):
 * the stored snapshot when its tag matches, otherwise built and stored. A failed store (database
 * read-only or full) does not fail the read.
 */
export async function snapshotBody(
  ctx: ServiceContext,
  view: SnapshotView,
  v: PlanValidator,
  persist: boolean,
): Promise<string> {
  if (persist) {
    const stored = await getViewSnapshot(ctx.store.db, v.plan.id, view);
    if (stored?.tag === storedTag(v)) return stored.body;
  }
  const [body] = await build(ctx, [view], v, persist);
  return body as string;
}

/** Build views from one evaluation load, serialise them and (when `store`) keep them. */
async function build(
  ctx: ServiceContext,
  views: readonly SnapshotView[],
  v: PlanValidator,
  store: boolean,
): Promise<string[]> {
  const started = performance.now();
  const loaded = await loadPlanEvaluation(ctx.store.db, v.plan, ctx.now(), v.asOf);
  const bodies = views.map((view) => serializeView(VIEWS[view](v.plan, loaded)));
  if (!store) return bodies;
  const buildMs = Math.round(performance.now() - started);
  try {
    for (const [i, view] of views.entries()) {
      await putViewSnapshot(ctx.store.db, {
        plan_id: v.plan.id,
        view,
        tenant_id: v.plan.tenant_id,
        tag: storedTag(v),
        body: bodies[i] as string,
        built_at: ctx.now().toISOString(),
        build_ms: buildMs,
      });
    }
  } catch (error) {
    if (storageFailure(error) === null) throw error;
  }
  return bodies;
}

export type RefreshRun = {
  /** Published plans looked at. */
  plans: number;
  /** Plans whose snapshots all matched their validator. */
  fresh: number;
  /** Plans whose stale snapshots were rebuilt, and how many views that was. */
  rebuilt: number;
  views: number;
  /** Stale plans left for later: their tenant wrote within `settleMs`, or the time budget ran out. */
  busy: number;
  deferred: number;
  ms: number;
};

/**
 * Rebuild the stale or missing snapshots of every published plan as of today: at most `budgetMs` of
 * work per run (a plan once started is finished), and not for a tenant that wrote within `settleMs`
 * (during a month-end burst every submission would make the rebuild stale at once).
 */
export async function refreshViewSnapshots(
  ctx: ServiceContext,
  opts: { budgetMs?: number; settleMs?: number } = {},
): Promise<RefreshRun> {
  const budgetMs = opts.budgetMs ?? Number.POSITIVE_INFINITY;
  const settleMs = opts.settleMs ?? 0;
  const started = performance.now();
  const run: RefreshRun = { plans: 0, fresh: 0, rebuilt: 0, views: 0, busy: 0, deferred: 0, ms: 0 };
  const [plans, tags] = await Promise.all([
    listPublishedPlans(ctx.store.db),
    listViewSnapshotTags(ctx.store.db),
  ]);
  for (const plan of plans) {
    run.plans += 1;
    const v = await planValidator(ctx.store.db, plan, ctx.now());
    const stale = SNAPSHOT_VIEWS.filter((view) => tags.get(`${plan.id} ${view}`) !== storedTag(v));
    if (stale.length === 0) {
      run.fresh += 1;
    } else if (v.lastWriteAt !== null && ctx.now().getTime() - Date.parse(v.lastWriteAt) < settleMs) {
      run.busy += 1;
    } else if (performance.now() - started >= budgetMs) {
      run.deferred += 1;
    } else {
      await build(ctx, stale, v, true);
      run.rebuilt += 1;
      run.views += stale.length;
    }
  }
  run.ms = Math.round(performance.now() - started);
  return run;
}

export const SNAPSHOT_LEASE = 'view-snapshots';

/**
 * Start the background refresher: every `intervalMs` (default 15 s) the process holding the lease
 * refreshes stale snapshots for at most `budgetMs` (default 3 s), skipping tenants that wrote within
 * `settleMs` (default 10 s). Returns a stop function that releases the lease.
 */
export function startViewRefresher(
  ctx: ServiceContext,
  opts: {
    intervalMs?: number;
    budgetMs?: number;
    settleMs?: number;
    onError?: (error: unknown) => void;
  } = {},
): () => Promise<void> {
  const intervalMs = opts.intervalMs ?? 15_000;
  return startPeriodic(ctx, {
    lease: SNAPSHOT_LEASE,
    intervalMs,
    firstDelayMs: 2_000,
    work: async (holder) => {
      const now = ctx.now();
      const leaseUntil = new Date(now.getTime() + intervalMs * 4).toISOString();
      if (!(await tryAcquireLease(ctx.store.db, SNAPSHOT_LEASE, holder, now.toISOString(), leaseUntil)))
        return;
      await refreshViewSnapshots(ctx, {
        budgetMs: opts.budgetMs ?? 3_000,
        settleMs: opts.settleMs ?? 10_000,
      });
    },
    // A read-only or full database stops the refresh quietly; it resumes when the storage clears.
    onError: (error) => {
      if (storageFailure(error) === null) opts.onError?.(error);
    },
    onReleaseError: () => undefined,
  });
}
