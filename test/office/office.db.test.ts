import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, expect } from 'vitest';
import { describeEachDb, itDb, type TestDb } from '../store/helpers.ts';
import { startHarness, type Harness, type Session } from '../server/helpers.ts';

const API = '/api/v1';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type PlanJson = {
  tasks: {
    id: string;
    title: string;
    targets: { id: string }[];
    assignment: {
      leader: string | null;
      leadDepartment: string | null;
      cooperatingDepartments: string[];
      deadline: string | null;
      version?: number;
    } | null;
  }[];
};

function multipart(files: { name: string; bytes: Buffer }[]): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = '----office-test';
  const parts = files.map((f) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${XLSX}\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from('\r\n'),
    ]),
  );
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

const bytesOf = async (wb: ExcelJS.Workbook): Promise<Buffer> => Buffer.from(await wb.xlsx.writeBuffer());

/** Fill a downloaded progress template: values for targets, narrative for each task. */
async function fillTemplate(
  bytes: Buffer,
  fill: { actual: (row: number) => ExcelJS.CellValue; problems: string; nextSteps: string; tasks?: number },
): Promise<Buffer> {
  const wb = await workbook(bytes);
  const s = wb.getWorksheet('进展报送')!;
  const seen = new Set<string>();
  for (let r = 4; r <= s.rowCount; r += 1) {
    const taskId = s.getRow(r).getCell(11).text;
    if (taskId === '') continue;
    if (!seen.has(taskId)) {
      if (fill.tasks !== undefined && seen.size >= fill.tasks) break;
      seen.add(taskId);
      s.getRow(r).getCell(8).value = `第${r}行任务按计划推进`;
      s.getRow(r).getCell(9).value = fill.problems;
      s.getRow(r).getCell(10).value = fill.nextSteps;
    }
    if (s.getRow(r).getCell(12).value) s.getRow(r).getCell(7).value = fill.actual(r);
  }
  return bytesOf(wb);
}

describeEachDb('office files', (db) => {
  let h: Harness;
  let coordinator: Session;
  let reporter: Session;
  let reporter2: Session;
  let leader: Session;
  let skip = false;
  const plan = async (): Promise<PlanJson> =>
    (await h.call(coordinator, 'GET', `${API}/plans/${h.planId}`)).json<PlanJson>();
  const exportFengong = async (query = ''): Promise<Buffer> => {
    const res = await h.call(coordinator, 'GET', `${API}/plans/${h.planId}/export/fengong.xlsx${query}`);
    expect(res.statusCode).toBe(200);
    return res.rawPayload;
  };
  const importFengong = (bytes: Buffer, dryRun: boolean) => {
    const m = multipart([{ name: '分工表.xlsx', bytes }]);
    return h.call(
      coordinator,
      'POST',
      `${API}/plans/${h.planId}/import/fengong${dryRun ? '?dryRun=1' : ''}`,
      m.payload,
      m.headers,
    );
  };
  const uploadTemplates = (session: Session, files: { name: string; bytes: Buffer }[], dryRun = false) => {
    const m = multipart(files);
    return h.call(
      session,
      'POST',
      `${API}/plans/${h.planId}/import/progress${dryRun ? '?dryRun=1' : ''}`,
      m.payload,
      m.headers,
    );
  };
  const template = async (session: Session, period: string, departmentId?: string): Promise<Buffer> => {
    const res = await h.call(
      session,
      'GET',
      `${API}/plans/${h.planId}/export/progress-template.xlsx?period=${period}${departmentId ? `&departmentId=${departmentId}` : ''}`,
    );
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    return res.rawPayload;
  };
  const submittedCount = async (): Promise<number> =>
    (await h.call(coordinator, 'GET', `${API}/progress?state=submitted&limit=1`)).json<{ total: number }>()
      .total;

  beforeAll(async () => {
    const t: TestDb | null = db();
    if (t === null) {
      skip = true;
      return;
    }
    h = await startHarness(t);
    coordinator = await h.login('coordinator');
    reporter = await h.login('reporter');
    reporter2 = await h.login('reporter2');
    leader = await h.login('leader');
  });
  afterAll(async () => {
    if (!skip) await h.app.close();
  });

  itDb(db, '分工表: export, then import it back changes nothing', async () => {
    const bytes = await exportFengong('?milestones=1&targets=1');
    const wb = await workbook(bytes);
    const s = wb.worksheets[0]!;
    expect(s.getCell('A1').text).toBe('许昌市2017年政府工作报告重点工作任务分工表');
    expect(s.getCell('A3').value).toBe('一、加快郑许融合发展，开创许昌发展新格局');
    const before = await plan();
    const taskRows = s.getColumn(1).values.filter((v) => typeof v === 'string' && /^\d+\.$/.test(v));
    expect(taskRows).toHaveLength(before.tasks.length);

    const preview = await importFengong(bytes, true);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      dryRun: true,
      applied: false,
      problems: [],
      summary: { create: 0, update: 0, unchanged: before.tasks.length, rows: before.tasks.length },
    });
    const applied = await importFengong(bytes, false);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, summary: { update: 0, create: 0 } });
    expect((await plan()).tasks.map((x) => x.assignment)).toEqual(before.tasks.map((x) => x.assignment));
  });

  itDb(db, '分工表: a hand-edited table is previewed, then applied', async () => {
    const before = await plan();
    const wb = await workbook(await exportFengong());
    const s = wb.worksheets[0]!;
    // Row 4 is the first task, row 5 the second (same area).
    s.getCell('E4').value = ' 市 财政局 ';
    s.getCell('F4').value = '市教育局；市人社局';
    s.getCell('G4').value = '６月底前';
    s.getCell('D5').value = '';
    const bytes = await bytesOf(wb);
    const preview = (await importFengong(bytes, true)).json<{
      summary: { update: number };
      changes: { row: number; action: string; changes: { field: string; after: string }[] }[];
    }>();
    const first = before.tasks[0]!;
    const second = before.tasks[1]!;
    const row4 = preview.changes.find((c) => c.row === 4)!;
    expect(row4.action).toBe('update');
    expect(row4.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'leadDepartment', after: '财政局' }),
        expect.objectContaining({ field: 'cooperatingDepartments', after: '教育局、人社局' }),
        expect.objectContaining({ field: 'deadline', after: '6月底前' }),
      ]),
    );
    // A blank leader under a filled one means "same as above".
    const row5 = preview.changes.find((c) => c.row === 5)!;
    if (second.assignment?.leader === first.assignment?.leader) expect(row5.action).toBe('unchanged');
    else
      expect(row5.changes).toEqual([
        expect.objectContaining({ field: 'leader', after: first.assignment?.leader }),
      ]);
    // Nothing was written by the preview.
    expect((await plan()).tasks[0]!.assignment).toEqual(first.assignment);

    expect((await importFengong(bytes, false)).statusCode).toBe(200);
    const after = (await plan()).tasks[0]!.assignment!;
    expect(after).toMatchObject({
      leadDepartment: '财政局',
      cooperatingDepartments: ['教育局', '人社局'],
      deadline: '6月底前',
      version: (first.assignment?.version ?? 0) + 1,
    });
  });

  itDb(db, '分工表: one bad row and nothing is applied (422, the row named in Chinese)', async () => {
    const before = await plan();
    const wb = await workbook(await exportFengong());
    const s = wb.worksheets[0]!;
    s.getCell('E6').value = '教育厅';
    s.getCell('G7').value = '9月底前';
    const bytes = await bytesOf(wb);
    const res = await importFengong(bytes, false);
    expect(res.statusCode).toBe(422);
    const body = res.json<{
      error: { code: string; message: string; details: { problems: { message: string }[] } };
    }>();
    expect(body.error.code).toBe('invalid-file');
    expect(body.error.details.problems.map((p) => p.message)).toEqual(['第6行：牵头单位「教育厅」不存在']);
    expect(body.error.message).toContain('第6行：牵头单位「教育厅」不存在');
    expect((await plan()).tasks.map((x) => x.assignment)).toEqual(before.tasks.map((x) => x.assignment));
    const preview = await importFengong(bytes, true);
    expect(preview.statusCode).toBe(200);
    expect(preview.json<{ problems: unknown[] }>().problems).toHaveLength(1);
  });

  itDb(db, 'progress templates: filled files become submitted reports, all or nothing', async () => {
    const own = await template(reporter, '2017-06');
    const s = (await workbook(own)).getWorksheet('进展报送')!;
    expect(s.getCell('A1').text).toBe('教育局2017年6月重点工作进展报送表');
    expect((s.getRow(3).values as unknown[]).slice(1, 11)).toEqual([
      '序号',
      '重点工作',
      '承担方式',
      '量化指标',
      '目标值',
      '上期实际',
      '本期实际值',
      '进展情况',
      '存在问题',
      '下一步措施',
    ]);
    const withTarget = [...Array(s.rowCount).keys()]
      .map((i) => i + 1)
      .find((r) => r > 3 && s.getRow(r).getCell(12).value);
    expect(s.getRow(withTarget!).getCell(7).dataValidation).toMatchObject({ type: 'decimal' });
    // Reporters get their own department's template only.
    const departments = (await h.call(coordinator, 'GET', `${API}/departments`)).json<{
      items: { id: string; name: string }[];
    }>().items;
    const finance = departments.find((d) => d.name === '财政局')!.id;
    const education = departments.find((d) => d.name === '教育局')!.id;
    expect(
      (
        await h.call(
          reporter,
          'GET',
          `${API}/plans/${h.planId}/export/progress-template.xlsx?period=2017-06&departmentId=${finance}`,
        )
      ).statusCode,
    ).toBe(403);

    const good = await fillTemplate(own, {
      actual: (r) => r * 2,
      problems: '资金到位慢',
      nextSteps: '加快拨付',
    });
    const bad = await fillTemplate(await template(reporter2, '2017-06'), {
      actual: () => '约120',
      problems: '',
      nextSteps: '',
    });
    const count = await submittedCount();
    // A bad file in the batch: nothing of the good one is applied either.
    const refused = await uploadTemplates(coordinator, [
      { name: 'jiaoyu.xlsx', bytes: good },
      { name: 'caizheng.xlsx', bytes: bad },
    ]);
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(
      /caizheng\.xlsx 第\d+行：「.+」的实际值「约120」不是数字/,
    );
    expect(await submittedCount()).toBe(count);
    // A dry run previews without writing.
    const preview = await uploadTemplates(reporter, [{ name: 'jiaoyu.xlsx', bytes: good }], true);
    expect(preview.json()).toMatchObject({ dryRun: true, applied: false, problems: [] });
    expect(await submittedCount()).toBe(count);
    // A reporter may not upload another department's template.
    const otherDept = await fillTemplate(await template(coordinator, '2017-06', finance), {
      actual: () => 1,
      problems: 'x',
      nextSteps: 'y',
    });
    const notMine = (await uploadTemplates(reporter, [{ name: 'c.xlsx', bytes: otherDept }])).json<{
      error: { message: string };
    }>();
    expect(notMine.error.message).toContain('这是「财政局」的模板，只能报送本单位的进展');

    const ok = await uploadTemplates(reporter, [{ name: 'jiaoyu.xlsx', bytes: good }]);
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(200);
    const result = ok.json<{ applied: boolean; reports: { taskId: string; values: number }[] }>();
    expect(result.applied).toBe(true);
    expect(result.reports.length).toBeGreaterThan(0);
    expect(await submittedCount()).toBe(count + result.reports.length);
    const withValues = result.reports.find((r) => r.values > 0)!;
    const reports = (await h.call(reporter, 'GET', `${API}/tasks/${withValues.taskId}/progress`)).json<{
      items: { period: string; state: string; departmentId: string; problems: string; values: unknown[] }[];
    }>().items;
    const mine = reports.find((r) => r.period === '2017-06' && r.departmentId === education);
    expect(mine).toMatchObject({ state: 'submitted', problems: '资金到位慢' });
    expect(mine?.values.length).toBeGreaterThan(0);
    // The same file again: already submitted, nothing changes.
    const again = await uploadTemplates(reporter, [{ name: 'jiaoyu.xlsx', bytes: good }]);
    expect(again.statusCode).toBe(422);
    expect(again.json<{ error: { message: string } }>().error.message).toContain('不能重复报送');
  });

  itDb(db, '督查通报: boilerplate flags, then the .docx', async () => {
    const departments = (await h.call(coordinator, 'GET', `${API}/departments`)).json<{
      items: { id: string; name: string }[];
    }>().items;
    const finance = departments.find((d) => d.name === '财政局')!.id;
    // 财政局 reports May and June with the same next step and an empty cause in June.
    for (const [period, problems] of [
      ['2017-05', '预算执行偏慢'],
      ['2017-06', ''],
    ] as const) {
      const filled = await fillTemplate(await template(coordinator, period, finance), {
        actual: () => 10,
        problems,
        nextSteps: '加强调度，确保完成全年任务',
        tasks: 2,
      });
      const res = await uploadTemplates(reporter2, [{ name: `${period}.xlsx`, bytes: filled }]);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    }
    const flags = (
      await h.call(leader, 'GET', `${API}/plans/${h.planId}/bulletin/flags?period=2017-06`)
    ).json<{
      flags: { department: string; label: string; kind: string; previousPeriod: string | null }[];
    }>().flags;
    const finances = flags.filter((f) => f.department === '财政局');
    expect(finances).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ label: '存在问题', kind: 'empty' }),
        expect.objectContaining({ label: '下一步措施', kind: 'repeated', previousPeriod: '2017-05' }),
      ]),
    );
    const res = await h.call(
      coordinator,
      'GET',
      `${API}/plans/${h.planId}/export/bulletin.docx?period=2017-06`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(Number(res.headers['x-luoshi-boilerplate-flags'])).toBe(flags.length);
    const { value: text } = await mammoth.extractRawText({ buffer: res.rawPayload });
    expect(text).toContain('许昌市人民政府督查室');
    expect(text).toContain('许政督〔2017〕6号');
    expect(text).toContain('关于2017年6月份政府工作报告重点工作推进情况的通报');
    for (const heading of [
      '一、总体进展情况',
      '二、进度较快的工作',
      '三、滞后于序时进度的工作',
      '四、未按时报送进展的单位',
      '五、工作要求',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toMatch(/截至2017年6月底，已完成\d+项/);
    expect(res.rawPayload.includes(Buffer.from('word/media/'))).toBe(true);
  });

  itDb(db, 'open data and the whole-plan workbook', async () => {
    const csv = await h.call(null, 'GET', `${API}/public/plans/${h.planId}/targets.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFFplanId,year,taskSeq,taskId,task,targetId,subject,goal,')).toBe(true);
    const json = (await h.call(null, 'GET', `${API}/public/plans/${h.planId}/targets.json`)).json<{
      fields: { name: string }[];
      items: Record<string, unknown>[];
    }>();
    expect(json.items.length).toBe(csv.body.trim().split('\r\n').length - 1);
    expect(json.fields.map((f) => f.name)).toContain('latestActual');
    expect(json.items.find((i) => i.subject === '新增贷款')).toMatchObject({
      goal: '175亿元',
      unit: '亿元',
      low: 175,
    });
    const tasks = (await h.call(null, 'GET', `${API}/public/plans/${h.planId}/tasks.json`)).json<{
      items: { cooperatingDepartments: unknown; leadDepartment: string }[];
    }>();
    expect(Array.isArray(tasks.items[0]?.cooperatingDepartments)).toBe(true);
    expect((await h.call(null, 'GET', `${API}/public/plans/nope/tasks.csv`)).statusCode).toBe(404);

    const whole = await h.call(leader, 'GET', `${API}/plans/${h.planId}/export/plan.xlsx`);
    expect(whole.statusCode).toBe(200);
    const wb = await workbook(whole.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['大纲', '指标', '分工', '进展']);
    expect(wb.getWorksheet('进展')!.rowCount).toBeGreaterThan(2);
    expect(wb.getWorksheet('分工')!.rowCount).toBe((await plan()).tasks.length + 2);
  });
});
