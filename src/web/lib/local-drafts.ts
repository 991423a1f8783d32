/**
 * Unsaved edits kept in the browser (localStorage) per screen, plan and user, so that a reload or a
 * closed tab loses nothing. Cleared when the edits are saved or discarded.
 */
const PREFIX = 'luoshi.unsaved';

export function draftKey(screen: string, userId: string, planId: string): string {
  return `${PREFIX}.${screen}.${userId}.${planId}`;
}

export function readDraft<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

/** Store `value`, or remove the entry when it is null. Storage full or blocked: the edits stay in memory. */
export function writeDraft(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // private mode or quota: nothing more to do
  }
}
