import type { Executor } from './db.ts';
import type {
  DeliveryState,
  EvaluationOverrideTable,
  NoticeState,
  NoticeTable,
  NotificationTable,
  PeriodLockTable,
  PlanLabelTable,
  TargetAdjustmentTable,
  TargetTable,
  UserTable,
  WebhookDeliveryTable,
  WebhookTable,
} from './schema.ts';

// Settings -------------------------------------------------------------------------------------------

export async function getSettingsRow(
  db: Executor,
  tenantId: string,
): Promise<{ settings_json: string; version: number } | null> {
  const row = await db
    .selectFrom('supervision_settings')
    .select(['settings_json', 'version'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row ?? null;
}

/** Insert (expectedVersion null) or update at expectedVersion; false when stale. */
export async function saveSettingsRow(
  db: Executor,
  tenantId: string,
  expectedVersion: number | null,
  row: { settings_json: string; updated_at: string; updated_by: string | null },
): Promise<boolean> {
  if (expectedVersion === null) {
    const r = await db
      .insertInto('supervision_settings')
      .values({ tenant_id: tenantId, version: 1, ...row })
      .onConflict((oc) => oc.column('tenant_id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const r = await db
    .updateTable('supervision_settings')
    .set({ ...row, version: expectedVersion + 1 })
    .where('tenant_id', '=', tenantId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Periods --------------------------------------------------------------------------------------------

export async function listPeriodLocks(db: Executor, planId: string): Promise<PeriodLockTable[]> {
  return db.selectFrom('period_locks').selectAll().where('plan_id', '=', planId).orderBy('period').execute();
}

export async function getPeriodLock(
  db: Executor,
  planId: string,
  period: string,
): Promise<PeriodLockTable | null> {
  const row = await db
    .selectFrom('period_locks')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('period', '=', period)
    .executeTakeFirst();
  return row ?? null;
}

export async function createPeriodLock(db: Executor, row: PeriodLockTable): Promise<void> {
  await db.insertInto('period_locks').values(row).execute();
}

/** Remove a period's lock; true when there was one. */
export async function deletePeriodLock(db: Executor, planId: string, period: string): Promise<boolean> {
  const r = await db
    .deleteFrom('period_locks')
    .where('plan_id', '=', planId)
    .where('period', '=', period)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

// Notifications --------------------------------------------------------------------------------------

/** Insert unless a notification with the same dedupe key exists; true when inserted. */
export async function insertNotification(db: Executor, row: NotificationTable): Promise<boolean> {
  const r = await db
    .insertInto('notifications')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function listNotifications(
  db: Executor,
  userId: string,
  page: { limit: number; offset: number; unread?: boolean },
): Promise<{ items: NotificationTable[]; total: number; unread: number }> {
  let q = db.selectFrom('notifications').where('user_id', '=', userId);
  if (page.unread) q = q.where('read_at', 'is', null);
  const items = await q
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst();
  const unread = await db
    .selectFrom('notifications')
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return { items, total: Number(total?.n ?? 0), unread: Number(unread?.n ?? 0) };
}

export async function getNotification(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<NotificationTable | null> {
  const row = await db
    .selectFrom('notifications')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** Mark every unread notification of a user read; returns how many changed. */
export async function markAllNotificationsRead(db: Executor, userId: string, at: string): Promise<number> {
  const r = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function markNotificationRead(
  db: Executor,
  userId: string,
  id: string,
  at: string,
): Promise<NotificationTable | null> {
  await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
  const row = await db
    .selectFrom('notifications')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ?? null;
}

export async function listNotificationsByKeyPrefix(
  db: Executor,
  prefix: string,
): Promise<NotificationTable[]> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('dedupe_key', 'like', `${prefix}%`)
    .orderBy('created_at')
    .orderBy('dedupe_key')
    .execute();
}

/** Active users of a tenant with a role, optionally of a department or a leader's office. */
export async function listRecipients(
  db: Executor,
  tenantId: string,
  filter: { role: UserTable['role']; departmentId?: string; leaderId?: string },
): Promise<Pick<UserTable, 'id' | 'display_name'>[]> {
  let q = db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('tenant_id', '=', tenantId)
    .where('active', '=', 1)
    .where('role', '=', filter.role);
  if (filter.departmentId !== undefined) q = q.where('department_id', '=', filter.departmentId);
  if (filter.leaderId !== undefined) q = q.where('leader_id', '=', filter.leaderId);
  return q.orderBy('username').execute();
}

// Webhooks -------------------------------------------------------------------------------------------

export async function createWebhook(db: Executor, row: WebhookTable): Promise<void> {
  await db.insertInto('webhooks').values(row).execute();
}

export async function listWebhooks(
  db: Executor,
  tenantId: string,
  activeOnly = false,
): Promise<WebhookTable[]> {
  let q = db.selectFrom('webhooks').selectAll().where('tenant_id', '=', tenantId);
  if (activeOnly) q = q.where('active', '=', 1);
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function getWebhook(db: Executor, tenantId: string, id: string): Promise<WebhookTable | null> {
  const row = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

export async function deactivateWebhook(db: Executor, id: string): Promise<void> {
  await db.updateTable('webhooks').set({ active: 0 }).where('id', '=', id).execute();
}

/** Queue a delivery unless this webhook already has one for the event; true when queued. */
export async function insertDelivery(db: Executor, row: WebhookDeliveryTable): Promise<boolean> {
  const r = await db
    .insertInto('webhook_deliveries')
    .values(row)
    .onConflict((oc) => oc.columns(['webhook_id', 'event_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export type DueDelivery = WebhookDeliveryTable & Pick<WebhookTable, 'url' | 'format' | 'secret'>;

/**
 * Pending deliveries of active webhooks that are due and not claimed by a live sender (optionally of
 * one delivery id).
 */
export async function listDueDeliveries(
  db: Executor,
  nowIso: string,
  limit: number,
  onlyId?: string,
): Promise<DueDelivery[]> {
  let q = db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
    .selectAll('webhook_deliveries')
    .select(['webhooks.url', 'webhooks.format', 'webhooks.secret'])
    .where('webhooks.active', '=', 1)
    .where('webhook_deliveries.state', '=', 'pending')
    .where('webhook_deliveries.next_attempt_at', '<=', nowIso)
    .where((eb) =>
      eb.or([
        eb('webhook_deliveries.claimed_until', 'is', null),
        eb('webhook_deliveries.claimed_until', '<', nowIso),
      ]),
    );
  if (onlyId !== undefined) q = q.where('webhook_deliveries.id', '=', onlyId);
  return q
    .orderBy('webhook_deliveries.next_attempt_at')
    .orderBy('webhook_deliveries.id')
    .limit(limit)
    .execute();
}

/**
 * Claim one delivery for sending until `untilIso`: one conditional UPDATE on the row, true only for
 * the one process whose UPDATE changed it (PostgreSQL re-checks the condition on the row it waited
 * for; SQLite runs one writer at a time). The attempt count read must still be current, so a
 * delivery already sent or rescheduled by another process is never claimed again.
 */
export async function claimDelivery(
  db: Executor,
  id: string,
  expectedAttempts: number,
  holder: string,
  nowIso: string,
  untilIso: string,
): Promise<boolean> {
  const r = await db
    .updateTable('webhook_deliveries')
    .set({ claimed_by: holder, claimed_until: untilIso })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .where('attempts', '=', expectedAttempts)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Record an attempt of a claimed delivery and release the claim; false when the claim was lost. */
export async function updateDelivery(
  db: Executor,
  id: string,
  expectedAttempts: number,
  set: {
    state: DeliveryState;
    attempts: number;
    next_attempt_at: string;
    last_status: number | null;
    last_error: string | null;
    delivered_at: string | null;
  },
  holder?: string,
): Promise<boolean> {
  let q = db
    .updateTable('webhook_deliveries')
    .set({ ...set, claimed_by: null, claimed_until: null })
    .where('id', '=', id)
    .where('attempts', '=', expectedAttempts)
    .where('state', '=', 'pending');
  if (holder !== undefined) q = q.where('claimed_by', '=', holder);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function getDelivery(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<WebhookDeliveryTable | null> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

export async function listDeliveries(
  db: Executor,
  tenantId: string,
  page: { limit: number; offset: number; webhookId?: string; state?: DeliveryState },
): Promise<{ items: WebhookDeliveryTable[]; total: number }> {
  let q = db.selectFrom('webhook_deliveries').where('tenant_id', '=', tenantId);
  if (page.webhookId !== undefined) q = q.where('webhook_id', '=', page.webhookId);
  if (page.state !== undefined) q = q.where('state', '=', page.state);
  const items = await q
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst();
  return { items, total: Number(total?.n ?? 0) };
}

// Notices --------------------------------------------------------------------------------------------

export async function createNotice(db: Executor, row: NoticeTable): Promise<void> {
  await db.insertInto('notices').values(row).execute();
}

export async function getNotice(db: Executor, tenantId: string, id: string): Promise<NoticeTable | null> {
  const row = await db
    .selectFrom('notices')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

export async function listNotices(
  db: Executor,
  tenantId: string,
  filter: {
    state?: NoticeState;
    departmentId?: string;
    planId?: string;
    taskId?: string;
    limit: number;
    offset: number;
  },
): Promise<{ items: NoticeTable[]; total: number }> {
  let q = db.selectFrom('notices').where('tenant_id', '=', tenantId);
  if (filter.state !== undefined) q = q.where('state', '=', filter.state);
  if (filter.departmentId !== undefined) q = q.where('department_id', '=', filter.departmentId);
  if (filter.planId !== undefined) q = q.where('plan_id', '=', filter.planId);
  if (filter.taskId !== undefined) q = q.where('task_id', '=', filter.taskId);
  const items = await q
    .selectAll()
    .orderBy('issued_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const total = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst();
  return { items, total: Number(total?.n ?? 0) };
}

export async function countNotices(db: Executor, tenantId: string, yearPrefix: string): Promise<number> {
  const r = await db
    .selectFrom('notices')
    .where('tenant_id', '=', tenantId)
    .where('issued_at', 'like', `${yearPrefix}%`)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function updateNotice(
  db: Executor,
  id: string,
  expectedVersion: number,
  set: Partial<Omit<NoticeTable, 'id' | 'tenant_id' | 'version'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('notices')
    .set({ ...set, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Adjustments ----------------------------------------------------------------------------------------

export async function createAdjustment(db: Executor, row: TargetAdjustmentTable): Promise<void> {
  await db.insertInto('target_adjustments').values(row).execute();
}

export async function getAdjustment(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<TargetAdjustmentTable | null> {
  const row = await db
    .selectFrom('target_adjustments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

export async function listAdjustmentsOfTarget(
  db: Executor,
  targetId: string,
  states?: TargetAdjustmentTable['state'][],
): Promise<TargetAdjustmentTable[]> {
  let q = db.selectFrom('target_adjustments').selectAll().where('target_id', '=', targetId);
  if (states !== undefined) q = q.where('state', 'in', states);
  return q.orderBy('proposed_at').orderBy('id').execute();
}

export async function updateAdjustment(
  db: Executor,
  id: string,
  expectedVersion: number,
  set: Partial<Omit<TargetAdjustmentTable, 'id' | 'tenant_id' | 'version'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('target_adjustments')
    .set({ ...set, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('state', '=', 'proposed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Evaluation overrides -------------------------------------------------------------------------------

export async function listOverridesOfPlan(db: Executor, planId: string): Promise<EvaluationOverrideTable[]> {
  return db
    .selectFrom('evaluation_overrides')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('entity_type')
    .orderBy('entity_id')
    .execute();
}

export async function getOverride(
  db: Executor,
  tenantId: string,
  entityType: EvaluationOverrideTable['entity_type'],
  entityId: string,
): Promise<EvaluationOverrideTable | null> {
  const row = await db
    .selectFrom('evaluation_overrides')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .executeTakeFirst();
  return row ?? null;
}

/** Insert (expectedVersion 0) or update at expectedVersion; false when stale. */
export async function saveOverride(
  db: Executor,
  expectedVersion: number,
  row: EvaluationOverrideTable,
): Promise<boolean> {
  if (expectedVersion === 0) {
    const r = await db
      .insertInto('evaluation_overrides')
      .values({ ...row, version: 1 })
      .onConflict((oc) => oc.columns(['entity_type', 'entity_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const r = await db
    .updateTable('evaluation_overrides')
    .set({
      kind: row.kind,
      weight: row.weight,
      updated_at: row.updated_at,
      updated_by: row.updated_by,
      version: expectedVersion + 1,
    })
    .where('entity_type', '=', row.entity_type)
    .where('entity_id', '=', row.entity_id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Scheduler lease ------------------------------------------------------------------------------------

/**
 * Take or renew the named lease until `expiresIso`: succeeds when it is free, expired, or already ours.
 * One conditional UPDATE decides, so two processes racing cannot both win (PostgreSQL re-checks the
 * condition on the row it waited for; SQLite runs one writer at a time).
 */
export async function tryAcquireLease(
  db: Executor,
  name: string,
  holder: string,
  nowIso: string,
  expiresIso: string,
): Promise<boolean> {
  await db
    .insertInto('scheduler_leases')
    .values({ name, holder: '', expires_at: '1970-01-01T00:00:00.000Z', acquired_at: nowIso })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const r = await db
    .updateTable('scheduler_leases')
    .set({ holder, expires_at: expiresIso, acquired_at: nowIso })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<=', nowIso)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseLease(db: Executor, name: string, holder: string): Promise<void> {
  await db
    .updateTable('scheduler_leases')
    .set({ expires_at: '1970-01-01T00:00:00.000Z' })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .execute();
}

// Plan labels ----------------------------------------------------------------------------------------

export async function getPlanLabel(db: Executor, planId: string): Promise<PlanLabelTable | null> {
  const row = await db.selectFrom('plan_labels').selectAll().where('plan_id', '=', planId).executeTakeFirst();
  return row ?? null;
}

export async function savePlanLabel(db: Executor, row: PlanLabelTable): Promise<void> {
  await db
    .insertInto('plan_labels')
    .values(row)
    .onConflict((oc) => oc.column('plan_id').doUpdateSet({ simulated: row.simulated, note: row.note }))
    .execute();
}

export async function countPendingReports(db: Executor, planId: string, period: string): Promise<number> {
  const r = await db
    .selectFrom('progress_reports')
    .where('plan_id', '=', planId)
    .where('period', '=', period)
    .where('state', '=', 'submitted')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** A target by id in any tenant (for the public history of published plans). */
export async function getTargetAnyTenant(db: Executor, id: string): Promise<TargetTable | null> {
  const row = await db.selectFrom('targets').selectAll().where('id', '=', id).executeTakeFirst();
  return row ?? null;
}

/** Set a task's deadline at the assignment's version (an approved adjustment); false when stale. */
export async function setAssignmentDeadline(
  db: Executor,
  taskId: string,
  expectedVersion: number,
  set: { deadline_date: string; deadline_text: string; updated_at: string },
): Promise<boolean> {
  const r = await db
    .updateTable('assignments')
    .set({ ...set, version: expectedVersion + 1 })
    .where('task_id', '=', taskId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
