import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, type TestDb } from '../store/helpers.ts';
import { startHarness, type Harness, type Session } from './helpers.ts';

const API = '/api/v1';
const REPORT = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/decompose/report-2018.txt'));

type Task = {
  id: string;
  sectionId: string;
  parentId: string | null;
  title: string;
  text: string;
  span: [number, number];
  version: number;
  targets: { id: string; quote: string }[];
  assignment: { leadDepartment: string | null; cooperatingDepartments: string[]; version: number } | null;
};
type PlanJson = { id: string; version: number; state: string; tasks: Task[] };
type Suggestion = {
  taskId: string;
  lead: { departmentId: string; name: string; words: string[] } | null;
  cooperating: { name: string }[];
  leader: { name: string; via: string; words: string[] } | null;
  deadline: { text: string; via: string };
  fallback: boolean;
};

function multipart(fileName: string, content: Buffer) {
  const boundary = '----decompose-boundary';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/plain\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describeEachDb('merge, split and suggestions', (db) => {
  let h: Harness;
  let coordinator: Session;
  let planId = '';
  let skip = false;

  beforeAll(async () => {
    const t: TestDb | null = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t);
    coordinator = await h.login('coordinator');
    const m = multipart('report-2018.txt', REPORT);
    const res = await h.call(coordinator, 'POST', `${API}/reports`, m.payload, m.headers);
    expect(res.statusCode).toBe(201);
    planId = res.json<{ plan: { id: string } }>().plan.id;
  });
  afterAll(async () => {
    if (!skip) await h.app.close();
  });

  const live = (name: string, fn: () => Promise<void>): void => {
    it(name, async (ctx) => {
      if (skip) ctx.skip();
      await fn();
    });
  };
  const plan = async (id = planId): Promise<PlanJson> =>
    (await h.call(coordinator, 'GET', `${API}/plans/${id}`)).json<PlanJson>();
  const task = async (title: string): Promise<Task> => {
    const found = (await plan()).tasks.find((t) => t.title === title);
    if (!found) throw new Error(`no task ${title}`);
    return found;
  };
  const merge = (tasks: Task[], title?: string, id = planId) =>
    h.call(coordinator, 'POST', `${API}/plans/${id}/tasks/merge`, {
      tasks: tasks.map((t) => ({ id: t.id, version: t.version })),
      ...(title ? { title } : {}),
    });
  const errorOf = (res: { json: <T>() => T }) =>
    res.json<{ error: { code: string; message: string } }>().error;

  live('merges adjacent tasks: text, span, targets joined; audited; stale versions answer 409', async () => {
    const a = await task('完善综合交通');
    const b = await task('提升城市品质');
    const before = (await plan()).version;
    const res = await merge([b, a]);
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      task: Task;
      removedTaskIds: string[];
      movedTargetIds: string[];
      planVersion: number;
    }>();
    expect(body.task).toMatchObject({
      id: a.id,
      title: '完善综合交通；提升城市品质',
      version: a.version + 1,
    });
    expect(body.task.text).toBe(`${a.text}\n${b.text}`);
    expect(body.task.span).toEqual([a.span[0], b.span[1]]);
    expect(body.removedTaskIds).toEqual([b.id]);
    expect(body.movedTargetIds.sort()).toEqual(b.targets.map((x) => x.id).sort());
    expect(body.planVersion).toBe(before + 1);
    const after = await plan();
    expect(after.tasks.map((t) => t.title)).not.toContain('提升城市品质');
    const merged = after.tasks.find((t) => t.id === a.id);
    expect(merged?.targets.map((x) => x.quote)).toEqual([
      '新改建农村公路300公里',
      '新建城市道路20条',
      '改造老旧小区50个',
    ]);
    // The same versions again: the first task moved on, the second is gone.
    const stale = await merge([a, b]);
    expect(stale.statusCode).toBe(409);
    const audit = (await h.call(coordinator, 'GET', `${API}/audit?limit=5`)).json<{
      items: { action: string; entityId: string }[];
    }>();
    expect(audit.items).toContainEqual(expect.objectContaining({ action: 'task.merge', entityId: a.id }));
  });

  live('refuses merges that are not adjacent tasks of one section, with Chinese messages', async () => {
    const edu = await task('发展更高质量的教育');
    const fin = await task('强化金融支撑');
    const eco = await task('推进生态建设');
    const notAdjacent = await merge([edu, fin]);
    expect(notAdjacent.statusCode).toBe(400);
    expect(errorOf(notAdjacent).message).toBe('只能合并相邻的任务');
    const sections = await merge([eco, edu]);
    expect(sections.statusCode).toBe(400);
    expect(errorOf(sections).message).toBe('只能合并同一板块内的任务');
    const one = await h.call(coordinator, 'POST', `${API}/plans/${planId}/tasks/merge`, {
      tasks: [{ id: edu.id, version: edu.version }],
    });
    expect(one.statusCode).toBe(400);
  });

  live('splits a task at a sentence end: targets go to the part holding their quote', async () => {
    const eco = await task('推进生态建设');
    const at = '推进生态建设。'.length;
    const inside = await h.call(coordinator, 'POST', `${API}/tasks/${eco.id}/split`, {
      version: eco.version,
      at: eco.text.indexOf('210'),
    });
    expect(inside.statusCode).toBe(400);
    expect(errorOf(inside).message).toBe('拆分位置不能落在指标引文中间');
    const res = await h.call(coordinator, 'POST', `${API}/tasks/${eco.id}/split`, {
      version: eco.version,
      at,
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ task: Task; created: Task }>();
    expect(body.task).toMatchObject({ id: eco.id, text: '推进生态建设。', version: eco.version + 1 });
    expect(body.created.title).toBe('治理大气污染');
    expect(body.created.span).toEqual([eco.span[0] + at, eco.span[1]]);
    const after = await plan();
    const i = after.tasks.findIndex((t) => t.id === eco.id);
    expect(after.tasks[i + 1]?.id).toBe(body.created.id);
    expect(after.tasks[i]?.targets).toEqual([]);
    expect(after.tasks[i + 1]?.targets.map((x) => x.quote)).toEqual([
      '空气优良天数210天以上',
      '新增造林面积5万亩',
    ]);
    const stale = await h.call(coordinator, 'POST', `${API}/tasks/${eco.id}/split`, {
      version: eco.version,
      at,
    });
    expect(stale.statusCode).toBe(409);
  });

  live('keeps assignments: a split copies it, a merge keeps the first or adopts one', async () => {
    const depts = (await h.call(coordinator, 'GET', `${API}/departments`)).json<{
      items: { id: string; name: string }[];
    }>().items;
    const id = (name: string) => depts.find((d) => d.name === name)!.id;
    const assign = async (t: Task, lead: string) => {
      const res = await h.call(coordinator, 'PUT', `${API}/tasks/${t.id}/assignment`, {
        version: null,
        leaderId: null,
        leadDepartmentId: id(lead),
        cooperatingDepartmentIds: [id('财政局')],
        deadline: '年底前',
      });
      expect(res.statusCode).toBe(200);
    };
    const edu = await task('发展更高质量的教育');
    await assign(edu, '教育局');
    const split = await h.call(coordinator, 'POST', `${API}/tasks/${edu.id}/split`, {
      version: edu.version,
      at: '发展更高质量的教育。'.length,
      title: '扩充学位供给',
    });
    expect(split.statusCode).toBe(201);
    const created = await task('扩充学位供给');
    expect(created.assignment).toMatchObject({
      leadDepartment: '教育局',
      cooperatingDepartments: ['财政局'],
    });
    const health = await task('提升医疗服务');
    const fin = await task('强化金融支撑');
    await assign(fin, '金融工作局');
    const res = await merge([health, fin], '医疗和金融');
    expect(res.statusCode).toBe(200);
    expect((await task('医疗和金融')).assignment).toMatchObject({ leadDepartment: '金融工作局' });
  });

  live('refuses tasks with comments (409 task-in-use)', async () => {
    const t = await task('医疗和金融');
    const comment = await h.call(coordinator, 'POST', `${API}/tasks/${t.id}/comments`, { body: '请核实' });
    expect(comment.statusCode).toBe(201);
    const res = await h.call(coordinator, 'POST', `${API}/tasks/${t.id}/split`, {
      version: t.version,
      at: '提升医疗服务。'.length,
    });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('task-in-use');
  });

  live('only the coordinator of the tenant may restructure; published plans answer 409', async () => {
    const t = await task('完善综合交通；提升城市品质');
    const body = { version: t.version, at: '完善综合交通。'.length };
    for (const who of ['leader', 'admin', 'reporter']) {
      const s = await h.login(who);
      expect((await h.call(s, 'POST', `${API}/tasks/${t.id}/split`, body)).statusCode).toBe(403);
    }
    const other = await h.login('other-coordinator');
    expect((await h.call(other, 'POST', `${API}/tasks/${t.id}/split`, body)).statusCode).toBe(404);
    expect((await h.call(other, 'GET', `${API}/plans/${planId}/suggestions`)).statusCode).toBe(404);
    const published = await plan(h.planId);
    const [p1, p2] = published.tasks;
    const res = await merge([p1!, p2!], undefined, h.planId);
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: 'plan-not-draft' });
    expect(errorOf(res).message).toContain('计划已发布');
    const split = await h.call(coordinator, 'POST', `${API}/tasks/${p1!.id}/split`, {
      version: p1!.version,
      at: 5,
    });
    expect(split.statusCode).toBe(409);
  });

  live('suggests lead, cooperating departments, leader and deadline from the directory', async () => {
    const res = await h.call(coordinator, 'GET', `${API}/plans/${planId}/suggestions`);
    expect(res.statusCode).toBe(200);
    const { items } = res.json<{ items: Suggestion[] }>();
    const current = await plan();
    expect(items.map((s) => s.taskId)).toEqual(current.tasks.map((t) => t.id));
    const of = (title: string) =>
      items.find((s) => s.taskId === current.tasks.find((t) => t.title === title)?.id);
    expect(of('完善综合交通；提升城市品质')?.lead?.name).toBe('交通运输局');
    expect(of('治理大气污染')?.lead).toMatchObject({ name: '生态环境局', words: ['大气', '污染', '空气'] });
    expect(of('扩充学位供给')?.lead?.name).toBe('教育局');
    expect(of('扩充学位供给')?.leader).toMatchObject({ name: '陈晓燕', via: 'department' });
    // 医疗 and 金融 in the title; 贷款 and 上市 outweigh 医院 in the text.
    expect(of('医疗和金融')?.lead?.name).toBe('金融工作局');
    expect(of('医疗和金融')?.cooperating.map((c) => c.name)).toContain('卫生健康委');
    expect(of('推进生态建设')?.deadline.text).toBe('年底前');
    // Renamed in the directory: still found by the words of its field.
    const admin = await h.login('admin');
    const depts = (await h.call(admin, 'GET', `${API}/departments`)).json<{
      items: { id: string; name: string; version: number }[];
    }>().items;
    const edu = depts.find((d) => d.name === '教育局')!;
    const renamed = await h.call(admin, 'PUT', `${API}/departments/${edu.id}`, {
      version: edu.version,
      name: '教育体育局',
    });
    expect(renamed.statusCode).toBe(200);
    const again = (await h.call(coordinator, 'GET', `${API}/plans/${planId}/suggestions`)).json<{
      items: Suggestion[];
    }>().items;
    const eduTask = current.tasks.find((t) => t.title === '扩充学位供给')!;
    expect(again.find((s) => s.taskId === eduTask.id)?.lead).toMatchObject({
      departmentId: edu.id,
      name: '教育体育局',
    });
    expect(
      (await h.call(await h.login('leader'), 'GET', `${API}/plans/${planId}/suggestions`)).statusCode,
    ).toBe(403);
  });

  live('a published draft can no longer be restructured', async () => {
    const p = await plan();
    expect(
      (await h.call(coordinator, 'POST', `${API}/plans/${planId}/publish`, { version: p.version }))
        .statusCode,
    ).toBe(200);
    const [a, b] = (await plan()).tasks;
    const res = await merge([a!, b!]);
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('plan-not-draft');
  });
});
