import { api } from '../api/client.ts';
import type { Page, PlanSummary, PlanView } from '../api/types.ts';

/** Plans fetched once per page view (a plan view is ~100 kB; the queue and boards share it). */
const cache = new Map<string, Promise<PlanView>>();

export function loadPlan(planId: string, fresh = false): Promise<PlanView> {
  const hit = cache.get(planId);
  if (hit && !fresh) return hit;
  const p = api.get<PlanView>(`/plans/${planId}`);
  cache.set(planId, p);
  p.catch(() => cache.delete(planId));
  return p;
}

/** Published plans of the region, newest first. */
export async function publishedPlans(): Promise<PlanSummary[]> {
  return (await api.get<Page<PlanSummary>>('/plans', { state: 'published', limit: 50 })).items;
}
