import type { Executor } from './db.ts';
import type { PromiseCheckTable, PromiseMatchTable } from './schema.ts';

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 100;

export async function getPromiseCheckByPlan(
  db: Executor,
  tenantId: string,
  planId: string,
): Promise<PromiseCheckTable | null> {
  const row = await db
    .selectFrom('promise_checks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return row ?? null;
}

export async function listPromiseMatches(db: Executor, checkId: string): Promise<PromiseMatchTable[]> {
  return db
    .selectFrom('promise_matches')
    .selectAll()
    .where('check_id', '=', checkId)
    .orderBy('ord')
    .execute();
}

export async function getPromiseMatchById(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<PromiseMatchTable | null> {
  const row = await db
    .selectFrom('promise_matches')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** Creates a check with its matches. */
export async function createPromiseCheck(
  db: Executor,
  check: PromiseCheckTable,
  matches: PromiseMatchTable[],
): Promise<void> {
  await db.insertInto('promise_checks').values(check).execute();
  for (let i = 0; i < matches.length; i += CHUNK)
    await db
      .insertInto('promise_matches')
      .values(matches.slice(i, i + CHUNK))
      .execute();
}

/** Replaces the matches of an existing check (a re-run), bumping its version; false when the version is stale. */
export async function replacePromiseCheck(
  db: Executor,
  check: PromiseCheckTable,
  expectedVersion: number,
  matches: PromiseMatchTable[],
): Promise<boolean> {
  const result = await db
    .updateTable('promise_checks')
    .set({
      next_plan_id: check.next_plan_id,
      state: check.state,
      version: expectedVersion + 1,
      updated_at: check.updated_at,
      confirmed_at: null,
      confirmed_by: null,
    })
    .where('id', '=', check.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await db.deleteFrom('promise_matches').where('check_id', '=', check.id).execute();
  for (let i = 0; i < matches.length; i += CHUNK)
    await db
      .insertInto('promise_matches')
      .values(matches.slice(i, i + CHUNK))
      .execute();
  return true;
}

export type PromiseMatchReview = Pick<
  PromiseMatchTable,
  | 'outcome_quote'
  | 'outcome_value'
  | 'outcome_unit'
  | 'outcome_year'
  | 'outcome_span_start'
  | 'outcome_span_end'
  | 'verdict'
  | 'reason'
  | 'review'
  | 'note'
  | 'reviewed_by'
  | 'reviewed_at'
>;

/** Records a coordinator's review of one match; false when the version is stale. */
export async function updatePromiseMatch(
  db: Executor,
  id: string,
  expectedVersion: number,
  set: PromiseMatchReview,
): Promise<boolean> {
  const result = await db
    .updateTable('promise_matches')
    .set({ ...set, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Bumps a check's version (any change to it or its matches), with a new state; false when stale. */
export async function updatePromiseCheck(
  db: Executor,
  id: string,
  expectedVersion: number,
  set: Partial<Pick<PromiseCheckTable, 'state' | 'updated_at' | 'confirmed_at' | 'confirmed_by'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('promise_checks')
    .set({ ...set, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The check whose checking report is `nextPlanId`'s (the previous year's promises reviewed in it), if any. */
export async function getPromiseCheckByNextPlan(
  db: Executor,
  tenantId: string,
  nextPlanId: string,
): Promise<PromiseCheckTable | null> {
  const row = await db
    .selectFrom('promise_checks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('next_plan_id', '=', nextPlanId)
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
  return row ?? null;
}
