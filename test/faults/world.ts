// The world of a fault test: a real server process on a seeded database (the demo tenant with the published
// sample plan, 教育局 leading six tasks), sessions of its users, and the writes the tests drive.
import fs from 'node:fs';
import { expect } from 'vitest';
import { SAMPLE, startHarness } from '../server/helpers.ts';
import type { TestDb } from '../store/helpers.ts';
import { call, login, type Session } from './conditions.ts';
import { startServer, type ServerProcess } from './server-process.ts';

export type World = {
  url: string;
  dataDir: string;
  planId: string;
  reporter: Session;
  coordinator: Session;
  admin: Session;
  taskIds: string[];
  targetsByTask: Map<string, string[]>;
  progressId: string;
  periods: string[];
};

export function reportFor(year: number): string {
  return fs.readFileSync(SAMPLE, 'utf8').replaceAll('2017年', `${year}年`);
}

export function submit(w: World, taskIndex: number, period: string, note: string): Promise<Response> {
  const id = w.taskIds[taskIndex % w.taskIds.length] ?? '';
  return call(w.url, w.reporter, 'POST', `/tasks/${id}/progress`, {
    period,
    values: (w.targetsByTask.get(id) ?? []).slice(0, 1).map((targetId) => ({ targetId, actual: 2 })),
    progress: note,
    problems: '',
    nextSteps: '继续推进。',
  });
}

export function importReport(w: World, year: number): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([reportFor(year)], { type: 'text/plain' }), `xuchang-${year}.txt`);
  return call(w.url, w.coordinator, 'POST', '/reports', form);
}

export function attach(w: World, name: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob(['现场照片说明：已完成。\n'.repeat(2000)], { type: 'text/plain' }), name);
  return call(w.url, w.reporter, 'POST', `/progress/${w.progressId}/attachments`, form);
}

export async function editAssignment(w: World, deadline: string): Promise<Response> {
  const taskId = w.taskIds[0] ?? '';
  const task = (await (await call(w.url, w.coordinator, 'GET', `/tasks/${taskId}`)).json()) as {
    assignment: { version: number; leadDepartmentId: string | null } | null;
  };
  return call(w.url, w.coordinator, 'PUT', `/tasks/${taskId}/assignment`, {
    version: task.assignment?.version ?? null,
    leaderId: null,
    leadDepartmentId: task.assignment?.leadDepartmentId ?? null,
    cooperatingDepartmentIds: [],
    deadline,
  });
}

/** Seed the demo tenant in-process, make 教育局 lead six tasks, start the server, log in, submit once. */
export async function prepare(
  t: TestDb,
  env: Record<string, string>,
): Promise<{ server: ServerProcess; world: World }> {
  const h = await startHarness(t);
  const coordinator = await h.login('coordinator');
  const departments = (await h.call(coordinator, 'GET', '/api/v1/departments')).json<{
    items: { id: string; name: string }[];
  }>();
  const education = departments.items.find((d) => d.name === '教育局');
  const plan = (await h.call(coordinator, 'GET', `/api/v1/plans/${h.planId}`)).json<{
    tasks: { id: string; assignment: { version?: number } | null; targets: { id: string }[] }[];
  }>();
  const tasks = plan.tasks.slice(0, 6);
  for (const task of tasks) {
    const res = await h.call(coordinator, 'PUT', `/api/v1/tasks/${task.id}/assignment`, {
      version: task.assignment?.version ?? null,
      leaderId: null,
      leadDepartmentId: education?.id ?? null,
      cooperatingDepartmentIds: [],
      deadline: '年底前',
    });
    expect(res.statusCode).toBe(200);
  }
  await h.app.close();
  const server = await startServer(env);
  const url = server.url;
  const world: World = {
    url,
    dataDir: env.LUOSHI_DATA_DIR ?? '',
    planId: h.planId,
    reporter: await login(url, 'reporter'),
    coordinator: await login(url, 'coordinator'),
    admin: await login(url, 'admin'),
    taskIds: tasks.map((x) => x.id),
    targetsByTask: new Map(tasks.map((x) => [x.id, x.targets.map((g) => g.id)])),
    progressId: '',
    periods: Array.from(
      { length: 72 },
      (_, i) => `${2017 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    ),
  };
  const first = await submit(world, 0, world.periods.shift() ?? '', '故障前的报送。');
  expect(first.status).toBe(201);
  world.progressId = ((await first.json()) as { id: string }).id;
  return { server, world };
}
