import { DEFAULT_REPORTING, type LocalDate, type ReportingRules } from '../core/plan/evaluate-dates.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../core/plan/evaluate.ts';
import type { Executor } from '../store/db.ts';
import { getSettingsRow, saveSettingsRow } from '../store/supervision-repository.ts';
import { getTenantById } from '../store/tenant-repository.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { conflict, invalid } from './errors.ts';
import { requireAbility } from './permissions.ts';

/** A tenant's supervision rules (defaults from DESIGN.md "Evaluation, by default"). */
export type SupervisionSettings = {
  reporting: ReportingRules;
  /** Reminders this many days before a report or a task deadline. */
  reminderDaysBefore: number[];
  /** Thresholds in percentage points / percent: greenGap 5, yellowGap 15, tolerance 5. */
  thresholds: { greenGap: number; yellowGap: number; tolerance: number };
  /** A blue notice is suggested when a task's deadline is this close and it is not done. */
  blueNoticeDays: number;
  /** Days a department has to reply to a notice. */
  noticeReplyDays: number;
  /** Webhook retries: attempts in all, and the first delay (doubling each time). */
  webhookMaxAttempts: number;
  webhookBackoffSeconds: number;
};

export const DEFAULT_SETTINGS: SupervisionSettings = {
  reporting: DEFAULT_REPORTING,
  reminderDaysBefore: [3, 1],
  thresholds: {
    greenGap: DEFAULT_THRESHOLDS.greenGap * 100,
    yellowGap: DEFAULT_THRESHOLDS.yellowGap * 100,
    tolerance: DEFAULT_THRESHOLDS.tolerance * 100,
  },
  blueNoticeDays: 7,
  noticeReplyDays: 5,
  webhookMaxAttempts: 5,
  webhookBackoffSeconds: 60,
};

export const settingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    reporting: {
      type: 'object',
      additionalProperties: false,
      required: ['frequency', 'dueDay'],
      properties: {
        frequency: { type: 'string', enum: ['monthly', 'quarterly'] },
        dueDay: { type: 'integer', minimum: 1, maximum: 28 },
      },
    },
    reminderDaysBefore: {
      type: 'array',
      maxItems: 5,
      items: { type: 'integer', minimum: 0, maximum: 30 },
    },
    thresholds: {
      type: 'object',
      additionalProperties: false,
      required: ['greenGap', 'yellowGap', 'tolerance'],
      properties: {
        greenGap: { type: 'number', minimum: 0, maximum: 100 },
        yellowGap: { type: 'number', minimum: 0, maximum: 100 },
        tolerance: { type: 'number', minimum: 0, maximum: 100 },
      },
    },
    blueNoticeDays: { type: 'integer', minimum: 0, maximum: 60 },
    noticeReplyDays: { type: 'integer', minimum: 1, maximum: 60 },
    webhookMaxAttempts: { type: 'integer', minimum: 1, maximum: 10 },
    webhookBackoffSeconds: { type: 'integer', minimum: 1, maximum: 86400 },
  },
} as const;

/** The thresholds as shares for the core evaluation. */
export function thresholdsOf(s: SupervisionSettings): Thresholds {
  return {
    greenGap: s.thresholds.greenGap / 100,
    yellowGap: s.thresholds.yellowGap / 100,
    tolerance: s.thresholds.tolerance / 100,
  };
}

/** A tenant's settings with defaults filled in, and their version (0 when never saved). */
export async function loadSettings(
  db: Executor,
  tenantId: string,
): Promise<{ settings: SupervisionSettings; version: number }> {
  const row = await getSettingsRow(db, tenantId);
  if (!row) return { settings: DEFAULT_SETTINGS, version: 0 };
  const saved = JSON.parse(row.settings_json) as Partial<SupervisionSettings>;
  return { settings: { ...DEFAULT_SETTINGS, ...saved }, version: row.version };
}

/** One date formatter per time zone (tenants use a handful). */
const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a time zone ("YYYY-MM-DD"). */
export function localDate(at: Date | string, timeZone: string): LocalDate {
  const d = typeof at === 'string' ? new Date(at) : at;
  let format = DATE_FORMATS.get(timeZone);
  if (format === undefined) {
    // Building a formatter costs about 100x one format call: one per zone, kept.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    DATE_FORMATS.set(timeZone, format);
  }
  return format.format(d);
}

/** The tenant's time zone (Asia/Shanghai unless set). */
export async function tenantTimeZone(db: Executor, tenantId: string): Promise<string> {
  return (await getTenantById(db, tenantId))?.timezone ?? 'Asia/Shanghai';
}

export async function getSupervisionSettings(
  ctx: ServiceContext,
  actor: Actor,
): Promise<SupervisionSettings & { version: number }> {
  requireAbility(actor, 'readPlans');
  const { settings, version } = await loadSettings(ctx.store.db, actor.tenantId);
  return { ...settings, version };
}

/**
 * Change a tenant's supervision rules (coordinator or admin), at the version read (0 = defaults).
 * @example updateSupervisionSettings(ctx, coordinator, { version: 0, reporting: { frequency: 'monthly', dueDay: 10 } }) -> { …, version: 1 }
 */
export async function updateSupervisionSettings(
  ctx: ServiceContext,
  actor: Actor,
  input: Partial<SupervisionSettings> & { version: number },
): Promise<SupervisionSettings & { version: number }> {
  requireAbility(actor, 'manageSupervision');
  const { version, ...patch } = input;
  if (patch.thresholds && patch.thresholds.yellowGap < patch.thresholds.greenGap) {
    throw invalid('黄色阈值不能小于绿色阈值', 'yellowGap must not be below greenGap');
  }
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const current = await loadSettings(trx, actor.tenantId);
    if (current.version !== version) throw conflict(undefined, undefined, { version: current.version });
    const next: SupervisionSettings = { ...current.settings, ...patch };
    const ok = await saveSettingsRow(trx, actor.tenantId, version === 0 ? null : version, {
      settings_json: JSON.stringify(next),
      updated_at: nowIso,
      updated_by: actor.userId,
    });
    if (!ok) throw conflict();
    await audit({
      action: 'supervision.settings',
      entityType: 'tenant',
      entityId: actor.tenantId,
      before: current.settings,
      after: next,
    });
    return { ...next, version: version + 1 };
  });
}
