import { lockAuditChain, type Dialect, type Executor } from './db.ts';
import { sha256Hex } from './ids.ts';
import type { AuditLogTable } from './schema.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditInput = {
  at: string;
  tenantId: string | null;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
};

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** The hash of an entry: sha256 over the canonical JSON of every stored field but `hash`. */
export function hashAuditEntry(row: Omit<AuditLogTable, 'hash'>): string {
  return sha256Hex(
    canonicalJson({
      seq: row.seq,
      at: row.at,
      tenant_id: row.tenant_id,
      actor_id: row.actor_id,
      action: row.action,
      entity_type: row.entity_type,
      entity_id: row.entity_id,
      before_json: row.before_json,
      after_json: row.after_json,
      prev_hash: row.prev_hash,
    }),
  );
}

/**
 * Append one entry to the audit chain. Call inside the transaction that makes the change, so the
 * change and its entry commit together.
 */
export async function appendAudit(
  trx: Executor,
  dialect: Dialect,
  input: AuditInput,
): Promise<AuditLogTable> {
  await lockAuditChain(trx, dialect);
  const head = await trx.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  const prevHash = head?.hash ?? GENESIS_HASH;
  const seq = (head?.seq ?? 0) + 1;
  const partial = {
    seq,
    at: input.at,
    tenant_id: input.tenantId,
    actor_id: input.actorId,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId,
    before_json: input.before === undefined || input.before === null ? null : canonicalJson(input.before),
    after_json: input.after === undefined || input.after === null ? null : canonicalJson(input.after),
    prev_hash: prevHash,
  };
  const row: AuditLogTable = { ...partial, hash: hashAuditEntry(partial) };
  await trx.insertInto('audit_log').values(row).execute();
  if (head === undefined) {
    await trx.insertInto('audit_head').values({ id: 1, seq, hash: row.hash }).execute();
  } else {
    await trx.updateTable('audit_head').set({ seq, hash: row.hash }).where('id', '=', 1).execute();
  }
  return row;
}

export type AuditVerification =
  { ok: true; entries: number; head: string } | { ok: false; entries: number; seq: number; reason: string };

/**
 * Walk the whole chain in order and name the first entry that was edited, removed or re-ordered.
 * The head row catches a removed tail.
 */
export async function verifyAudit(db: Executor, batchSize = 1000): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, entries, seq: expectedSeq, reason: `entry ${expectedSeq} is missing` };
      }
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          entries,
          seq: row.seq,
          reason: `entry ${row.seq} does not link to entry ${row.seq - 1}`,
        };
      }
      const { hash, ...rest } = row;
      if (hashAuditEntry(rest) !== hash) {
        return { ok: false, entries, seq: row.seq, reason: `entry ${row.seq} was modified` };
      }
      prevHash = hash;
      expectedSeq += 1;
      entries += 1;
    }
  }
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (head === undefined && entries > 0) {
    return { ok: false, entries, seq: entries, reason: 'the chain head is missing' };
  }
  if (head !== undefined && (head.seq !== entries || head.hash !== prevHash)) {
    return { ok: false, entries, seq: entries + 1, reason: `entries after ${entries} were removed` };
  }
  return { ok: true, entries, head: prevHash };
}

export type AuditEntry = {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
};

/** One tenant's entries, newest first. */
export async function listAudit(
  db: Executor,
  tenantId: string,
  page: { limit: number; offset: number },
): Promise<{ items: AuditEntry[]; total: number }> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('seq', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return {
    total: Number(total?.n ?? 0),
    items: rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actorId: r.actor_id,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before_json === null ? null : (JSON.parse(r.before_json) as unknown),
      after: r.after_json === null ? null : (JSON.parse(r.after_json) as unknown),
    })),
  };
}
