import {
  listAudit,
  verifyAudit,
  type AuditEntry,
  type AuditVerification,
} from '../store/audit-repository.ts';
import type { Actor, ServiceContext } from './context.ts';
import { requireAbility } from './permissions.ts';

/** The audit entries of the actor's region, newest first. */
export async function auditLog(
  ctx: ServiceContext,
  actor: Actor,
  page: { limit: number; offset: number },
): Promise<{ items: AuditEntry[]; total: number }> {
  requireAbility(actor, 'readAudit');
  return listAudit(ctx.store.db, actor.tenantId, page);
}

/**
 * Verify the whole audit chain and name the first bad entry.
 * @example checkAudit(ctx, admin) -> { ok: true, entries: 61, head: '0839…' }
 */
export async function checkAudit(ctx: ServiceContext, actor: Actor): Promise<AuditVerification> {
  requireAbility(actor, 'manageTenant');
  return verifyAudit(ctx.store.db);
}
