import type { Status, StatusLevel } from '../api/types.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { STATUS_COLOR, statusLabel } from './format.ts';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * What a status shows as: its level, or 未完成 (missed) once the deadline or the plan year has passed
 * with the goal not met (the API keeps level red and sets final: 'missed').
 */
export type DisplayLevel = StatusLevel | 'missed';

export const DISPLAY_ORDER: DisplayLevel[] = ['missed', 'red', 'yellow', 'green', 'grey', 'done'];

export const DISPLAY_COLOR: Record<DisplayLevel, string> = { ...STATUS_COLOR, missed: '#820014' };

export const displayLevel = (s: Pick<Status, 'level' | 'final'>): DisplayLevel =>
  s.final === 'missed' ? 'missed' : s.level;

export const displayLabel = (t: T, l: DisplayLevel): string =>
  l === 'missed' ? t('statusMissed') : statusLabel(t, l);

export function countByDisplay(statuses: Pick<Status, 'level' | 'final'>[]): Record<DisplayLevel, number> {
  const out: Record<DisplayLevel, number> = { missed: 0, red: 0, yellow: 0, green: 0, grey: 0, done: 0 };
  for (const s of statuses) out[displayLevel(s)] += 1;
  return out;
}

/** "2017-06-30" as shown in a date picker's presets: the ends of a plan year's quarters. */
export function quarterEnds(year: number): string[] {
  return [`${year}-03-31`, `${year}-06-30`, `${year}-09-30`, `${year}-12-31`];
}
