import { api } from '../api/client.ts';
import type { Page, PlanSummary, PlanView } from '../api/types.ts';

/** Plans fetched once per page view (a plan view is ~100 kB; the queue and boards share it). */
const cache = new Map<string, Promise<PlanView>>();

/** A plan judged today, or as of a date (`asOf`, YYYY-MM-DD). */
export function loadPlan(planId: string, fresh = false, asOf?: string | null): Promise<PlanView> {
  const key = asOf ? `${planId}@${asOf}` : planId;
  const hit = cache.get(key);
  if (hit && !fresh) return hit;
  const p = api.get<PlanView>(`/plans/${planId}`, asOf ? { asOf } : undefined);
  cache.set(key, p);
  p.catch(() => cache.delete(key));
  return p;
}

/** Published plans of the region, newest first. */
export async function publishedPlans(): Promise<PlanSummary[]> {
  return (await api.get<Page<PlanSummary>>('/plans', { state: 'published', limit: 50 })).items;
}
