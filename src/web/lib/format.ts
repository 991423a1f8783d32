import type { Comparator, PlanState, ProgressState, StatusLevel, TargetFields } from '../api/types.ts';
import type { MessageKey } from '../i18n/messages.ts';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export const STATUS_ORDER: StatusLevel[] = ['red', 'yellow', 'green', 'grey', 'done'];

export const STATUS_COLOR: Record<StatusLevel, string> = {
  red: '#cf1322',
  // Dark enough for text on white (4.5:1): the colours label statuses in text as well as in charts.
  yellow: '#874d00',
  green: '#237804',
  grey: '#666666',
  done: '#1d39c4',
};

export const STATUS_TAG_COLOR: Record<StatusLevel, string> = {
  red: 'error',
  yellow: 'warning',
  green: 'success',
  grey: 'default',
  done: 'processing',
};

const STATUS_KEY: Record<StatusLevel, MessageKey> = {
  done: 'statusDone',
  green: 'statusGreen',
  yellow: 'statusYellow',
  red: 'statusRed',
  grey: 'statusGrey',
};

export const statusLabel = (t: T, level: StatusLevel): string => t(STATUS_KEY[level]);

const PLAN_STATE_KEY: Record<PlanState, MessageKey> = {
  draft: 'stateDraft',
  published: 'statePublished',
  archived: 'stateArchived',
};
export const planStateLabel = (t: T, s: PlanState): string => t(PLAN_STATE_KEY[s]);

const PROGRESS_STATE_KEY: Record<ProgressState, MessageKey> = {
  draft: 'progressDraft',
  submitted: 'progressSubmitted',
  accepted: 'progressAccepted',
  returned: 'progressReturned',
};
export const progressStateLabel = (t: T, s: ProgressState): string => t(PROGRESS_STATE_KEY[s]);

const CMP_KEY: Record<Comparator, MessageKey> = {
  '>=': 'cmpGte',
  '>': 'cmpGt',
  '<=': 'cmpLte',
  '<': 'cmpLt',
  '~': 'cmpApprox',
  '=': 'cmpEq',
  range: 'cmpRange',
};
export const COMPARATORS: Comparator[] = ['>=', '>', '<=', '<', '~', '=', 'range'];
export const comparatorLabel = (t: T, c: Comparator): string => t(CMP_KEY[c] ?? 'cmpEq');

/** A number as written in reports: no trailing zeros, thousands grouped. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('zh-CN', { maximumFractionDigits: 4 });
}

/**
 * A target's commitment in words.
 * @example targetValueText(t, { comparator: '>=', low: 175, high: 175, unit: '亿元' }) -> '不低于 175 亿元'
 */
export function targetValueText(
  t: T,
  target: Pick<TargetFields, 'comparator' | 'low' | 'high' | 'unit'>,
): string {
  const unit = target.unit ? ` ${target.unit}` : '';
  const low = formatNumber(target.low);
  switch (target.comparator) {
    case 'range':
      return `${low}–${formatNumber(target.high)}${unit}`;
    case '~':
      return `${low}${unit} ${t('cmpApprox')}`;
    case '=':
      return `${t('cmpEq')} ${low}${unit}`;
    case '>=':
    case '>':
    case '<=':
    case '<':
      return `${comparatorLabel(t, target.comparator)} ${low}${unit}`;
  }
}

export const percent = (x: number | null | undefined): string =>
  x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`;

/** An ISO instant as a local date and time, e.g. 2017-06-30 14:05. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A range of periods: "2017年1月—5月" (one year) or "2016年12月—2017年2月"; "2017-01 – 2017-05" in English. */
export function formatPeriodRange(from: string, to: string, lang: 'zh-CN' | 'en'): string {
  if (lang === 'en') return `${from} – ${to}`;
  const sameYear = from.slice(0, 4) === to.slice(0, 4) && /^\d{4}-\d{2}$/.test(to);
  return `${formatPeriod(from, lang)}—${sameYear ? `${Number(to.slice(5, 7))}月` : formatPeriod(to, lang)}`;
}

export function formatPeriod(period: string, lang: 'zh-CN' | 'en'): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  return lang === 'en' ? period : `${m[1]}年${Number(m[2])}月`;
}
