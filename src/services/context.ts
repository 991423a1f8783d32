import { isUniqueViolation, type Executor, type Store } from '../store/db.ts';
import { appendAudit } from '../store/audit-repository.ts';
import type { Role } from '../store/schema.ts';
import { conflict } from './errors.ts';

/** What every service needs: the store and a clock (tests pass a fixed one). */
export type ServiceContext = {
  store: Store;
  now: () => Date;
  /** Where progress attachments are written. */
  attachmentsDir: string;
  /** Where uploaded report files are kept. */
  reportsDir: string;
  maxUploadBytes: number;
};

/** Who is acting. `null` user means the system (seed, CLI). */
export type Actor = {
  userId: string | null;
  tenantId: string;
  role: Role | 'system';
  departmentId: string | null;
  leaderId: string | null;
  displayName?: string;
};

export type AuditFn = (entry: {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  tenantId?: string | null;
}) => Promise<void>;

/**
 * Run a write in one transaction together with its audit entries: both commit, or neither.
 * A unique-constraint violation (a lost race) becomes a 409.
 */
export async function inTransaction<T>(
  ctx: ServiceContext,
  actor: Actor,
  work: (trx: Executor, audit: AuditFn, nowIso: string) => Promise<T>,
): Promise<T> {
  const nowIso = ctx.now().toISOString();
  const run = ctx.store.db.transaction().execute(async (trx) => {
    const audit: AuditFn = async (entry) => {
      await appendAudit(trx, ctx.store.dialect, {
        at: nowIso,
        tenantId: entry.tenantId === undefined ? actor.tenantId : entry.tenantId,
        actorId: actor.userId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: entry.before ?? null,
        after: entry.after ?? null,
      });
    };
    return work(trx, audit, nowIso);
  });
  // A concurrent writer won a race the checks could not see (same id or unique name): answer 409.
  return run.catch((error: unknown) => {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  });
}

export const systemActor = (tenantId: string): Actor => ({
  userId: null,
  tenantId,
  role: 'system',
  departmentId: null,
  leaderId: null,
});
