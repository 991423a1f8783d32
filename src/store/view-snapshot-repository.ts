import type { Executor } from './db.ts';
import type { ViewSnapshotTable } from './schema.ts';

/** The stored snapshot of one view of a plan, if any (its tag says which validator it was built for). */
export async function getViewSnapshot(
  db: Executor,
  planId: string,
  view: string,
): Promise<Pick<ViewSnapshotTable, 'tag' | 'body'> | undefined> {
  return db
    .selectFrom('view_snapshots')
    .select(['tag', 'body'])
    .where('plan_id', '=', planId)
    .where('view', '=', view)
    .executeTakeFirst();
}

/** Store (or replace) the snapshot of one view of a plan. */
export async function putViewSnapshot(db: Executor, row: ViewSnapshotTable): Promise<void> {
  await db
    .insertInto('view_snapshots')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['plan_id', 'view']).doUpdateSet({
        tag: row.tag,
        body: row.body,
        built_at: row.built_at,
        build_ms: row.build_ms,
      }),
    )
    .execute();
}

/** The tag of every stored snapshot, keyed `planId view`. */
export async function listViewSnapshotTags(db: Executor): Promise<Map<string, string>> {
  const rows = await db.selectFrom('view_snapshots').select(['plan_id', 'view', 'tag']).execute();
  return new Map(rows.map((r) => [`${r.plan_id} ${r.view}`, r.tag] as const));
}
