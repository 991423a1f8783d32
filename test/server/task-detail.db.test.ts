import { beforeAll, expect, it } from 'vitest';
import type { Actor, ServiceContext } from '../../src/services/context.ts';
import { getPlanView } from '../../src/services/plan-view.ts';
import { simulateDemoYear } from '../../src/services/seed-simulation.ts';
import { getTaskView } from '../../src/services/tasks.ts';
import { getUserRowByUsername } from '../../src/store/user-repository.ts';
import { describeEachDb, testContext, type TestDb } from '../store/helpers.ts';
import { startHarness, type Harness } from './helpers.ts';

/**
 * Issue 8: a task's detail reads and judges only that task's rows. It must equal the task as the whole
 * plan's view shows it, for every task of a plan with a simulated half year of progress (every status
 * colour, cooperating departments, milestones), and keep the plan's access rules.
 */
describeEachDb('task detail from one task', (db) => {
  let h: Harness;
  let ctx: ServiceContext;
  let skip = false;
  const actors: Record<string, Actor> = {};

  beforeAll(async () => {
    const t: TestDb | null = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t);
    ctx = testContext(t);
    for (const username of ['coordinator', 'reporter', 'other-coordinator']) {
      const u = (await getUserRowByUsername(t.store.db, username))!;
      actors[username] = {
        userId: u.id,
        tenantId: u.tenant_id,
        role: u.role,
        departmentId: u.department_id,
        leaderId: u.leader_id,
      };
    }
    await simulateDemoYear(ctx, { tenantId: h.tenantId, planId: h.planId, throughPeriod: '2017-06' });
  });

  it('equals the whole plan view for every task', async () => {
    if (skip) return;
    const plan = await getPlanView(ctx, actors.coordinator!, h.planId);
    expect(plan.tasks.length).toBeGreaterThanOrEqual(50);
    const levels = new Set(plan.tasks.map((t) => t.status.level));
    expect(levels.size).toBeGreaterThanOrEqual(3);
    for (const task of plan.tasks) {
      const detail = await getTaskView(ctx, actors.coordinator!, task.id);
      expect(detail, task.title).toEqual({ ...task, planId: plan.id, planTitle: plan.title });
    }
  });

  it('keeps the access rules: another tenant gets 404', async () => {
    if (skip) return;
    const plan = await getPlanView(ctx, actors.coordinator!, h.planId);
    const id = plan.tasks[0]!.id;
    await expect(getTaskView(ctx, actors['other-coordinator']!, id)).rejects.toMatchObject({ status: 404 });
    expect((await getTaskView(ctx, actors.reporter!, id)).id).toBe(id);
  });
});
