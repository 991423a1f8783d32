import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, expect } from 'vitest';
import { describeEachDb, itDb, type TestDb } from '../store/helpers.ts';
import { startHarness, type Harness, type Session } from '../server/helpers.ts';

const API = '/api/v1';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Json = Record<string, unknown>;
type MyTask = { id: string; role: string; title: string; targets: { id: string; low: number }[] };

function multipart(files: { name: string; bytes: Buffer }[]) {
  const boundary = '----office-web-test';
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

/** Fill the first `tasks` tasks of a downloaded template (narrative, and every target's actual). */
async function fill(bytes: Buffer, tasks: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const s = wb.getWorksheet('进展报送')!;
  const seen = new Set<string>();
  for (let r = 4; r <= s.rowCount; r += 1) {
    const taskId = s.getRow(r).getCell(11).text;
    if (taskId === '') continue;
    if (!seen.has(taskId)) {
      if (seen.size >= tasks) break;
      seen.add(taskId);
      s.getRow(r).getCell(8).value = '按计划推进';
      s.getRow(r).getCell(9).value = '资金到位偏慢';
      s.getRow(r).getCell(10).value = '协调财政加快拨付';
    }
    if (s.getRow(r).getCell(12).value) s.getRow(r).getCell(7).value = 1;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The late-reporter line of a bulletin: department -> number of tasks not reported on time. */
function lateCounts(text: string): Map<string, number> {
  const line = /以下\d+个单位未按时报送本期进展：([^\n]*)。/u.exec(text)?.[1] ?? '';
  return new Map(
    [...line.matchAll(/([^、（]+)（(\d+)项）/gu)].map((m) => [m[1] ?? '', Number(m[2])] as const),
  );
}

describeEachDb('office files from the web app', (db) => {
  let h: Harness;
  let t: TestDb;
  let coordinator: Session;
  let reporter: Session;
  let skip = false;

  // 3 July 2017: the June reports (due 5 July) are on time, May reports (due 5 June) are late.
  beforeAll(async () => {
    const d = db();
    if (d === null) {
      skip = true;
      return;
    }
    t = d;
    h = await startHarness(t, new Date('2017-07-03T02:00:00Z'));
    coordinator = await h.login('coordinator');
    reporter = await h.login('reporter');
  });
  afterAll(async () => {
    if (!skip) await h.app.close();
  });

  const bulletinText = async (period: string): Promise<string> => {
    const res = await h.call(
      coordinator,
      'GET',
      `${API}/plans/${h.planId}/export/bulletin.docx?period=${period}`,
    );
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    return (await mammoth.extractRawText({ buffer: res.rawPayload })).value;
  };

  itDb(db, 'a bulletin judges the plan as of the end of its period', async () => {
    const mine = (await h.call(reporter, 'GET', `${API}/my/tasks`)).json<{ items: MyTask[] }>().items;
    const lead = mine.filter((x) => x.role === 'lead' && x.targets.length > 0);
    // June: a task 教育局 leads; May: any other of its tasks (lead or cooperating).
    const june = lead[0]!;
    const may = mine.find((x) => x !== june && x.targets.length > 0) ?? mine.find((x) => x !== june)!;
    const report = async (task: MyTask, period: string): Promise<void> => {
      const res = await h.call(reporter, 'POST', `${API}/tasks/${task.id}/progress`, {
        period,
        values: task.targets.map((g) => ({ targetId: g.id, actual: g.low })),
        progress: '已全部完成',
        problems: '无',
        nextSteps: '巩固成果',
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json<{ id: string }>().id;
      const ok = await h.call(coordinator, 'POST', `${API}/progress/${id}/review`, { decision: 'accept' });
      expect(ok.statusCode, ok.body).toBe(200);
    };
    const before = await bulletinText('2017-05');
    await report(june, '2017-06'); // on time
    await report(may, '2017-05'); // a month late

    const mayText = await bulletinText('2017-05');
    const juneText = await bulletinText('2017-06');
    expect(mayText).toContain('截至2017年5月底');
    expect(juneText).toContain('截至2017年6月底');
    // Figures: June's accepted values do not exist at the end of May; May's (reviewed since) do.
    const withValue = (text: string) => Number(/已有(\d+)项报送了实际值/u.exec(text)?.[1]);
    expect(withValue(before)).toBe(0);
    expect(withValue(mayText)).toBe(may.targets.length);
    expect(withValue(juneText)).toBe(may.targets.length + june.targets.length);
    // Late reporters of the period: May's report came after its deadline, so 教育局 is as late as before;
    // June's came on time, so one task fewer is late.
    expect(lateCounts(mayText).get('教育局')).toBe(lateCounts(before).get('教育局'));
    expect(lateCounts(juneText).get('教育局')).toBe((lateCounts(before).get('教育局') ?? 0) - 1);
    // Status: the June report says 已全部完成; at the end of May that task was not done yet.
    expect(juneText).toMatch(/已完成(\d+)项/u);
    const done = (text: string) => Number(/已完成(\d+)项/u.exec(text)?.[1]);
    expect(done(juneText)).toBeGreaterThan(done(mayText));
  });

  itDb(db, 'the office uploads templates of several departments on their behalf', async () => {
    const depts = (await h.call(coordinator, 'GET', `${API}/departments`)).json<{
      items: { id: string; name: string }[];
    }>().items;
    const edu = depts.find((d) => d.name === '教育局')!;
    const fin = depts.find((d) => d.name === '财政局')!;
    const files: { name: string; bytes: Buffer }[] = [];
    for (const d of [edu, fin]) {
      const res = await h.call(
        coordinator,
        'GET',
        `${API}/plans/${h.planId}/export/progress-template.xlsx?period=2017-04&departmentId=${d.id}`,
      );
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      expect(res.headers['content-disposition']).toContain(
        `filename*=UTF-8''${encodeURIComponent(`${d.name}2017-04进展报送表.xlsx`)}`,
      );
      files.push({ name: `${d.name}.xlsx`, bytes: await fill(res.rawPayload, 2) });
    }
    const m = multipart(files);
    const url = `${API}/plans/${h.planId}/import/progress`;
    const preview = await h.call(coordinator, 'POST', `${url}?dryRun=1`, m.payload, m.headers);
    expect(preview.statusCode, preview.body).toBe(200);
    const items = preview.json<{ reports: { department: string; onBehalf: boolean }[]; problems: Json[] }>();
    expect(items.problems).toEqual([]);
    expect(new Set(items.reports.map((r) => r.department))).toEqual(new Set(['教育局', '财政局']));
    expect(items.reports.every((r) => r.onBehalf)).toBe(true);

    const applied = await h.call(coordinator, 'POST', url, m.payload, m.headers);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json<{ applied: boolean }>().applied).toBe(true);

    // Each report is the department's, submitted by the coordinator; the audit says on whose behalf.
    const me = (await h.call(coordinator, 'GET', `${API}/auth/me`)).json<{ user: { id: string } }>().user;
    const rows = await t.store.db
      .selectFrom('progress_reports')
      .selectAll()
      .where('period', '=', '2017-04')
      .execute();
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.department_id))).toEqual(new Set([edu.id, fin.id]));
    expect(rows.every((r) => r.state === 'submitted' && r.submitted_by === me.id)).toBe(true);
    const audit = await t.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'progress')
      .where(
        'entity_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    expect(audit).toHaveLength(4);
    for (const a of audit) {
      expect(a.actor_id).toBe(me.id);
      const after = JSON.parse(a.after_json ?? '{}') as Json;
      expect(after.source).toBe('template-import');
      expect(after.submittedByRole).toBe('coordinator');
      expect([edu.id, fin.id]).toContain(after.onBehalfOf);
      expect(after.onBehalfOf).toBe(after.departmentId);
    }

    // A reporter uploading the other department's template is refused, nothing applied.
    const other = multipart([files[1]!]);
    const refused = await h.call(reporter, 'POST', url, other.payload, other.headers);
    expect(refused.statusCode).toBe(422);
  });

  itDb(db, 'the data dictionary documents every open-data field, with examples, without login', async () => {
    const res = await h.call(null, 'GET', `${API}/public/open-data/dictionary`);
    expect(res.statusCode).toBe(200);
    const dict = res.json<{
      datasets: {
        name: string;
        csv: string;
        json: string;
        fields: { name: string; label: string; example: unknown }[];
      }[];
    }>();
    expect(dict.datasets.map((d) => d.name)).toEqual(['targets', 'tasks']);
    for (const d of dict.datasets) {
      expect(d.csv).toBe(`/public/plans/{planId}/${d.name}.csv`);
      const json = (await h.call(null, 'GET', `${API}${d.json.replace('{planId}', h.planId)}`)).json<{
        fields: { name: string }[];
        items: Json[];
      }>();
      // Every field the download has is documented, each with a Chinese name and an example.
      expect(d.fields.map((f) => f.name)).toEqual(json.fields.map((f) => f.name));
      for (const f of d.fields) {
        expect(f.label).toMatch(/[\u4e00-\u9fff]/u);
        expect(f.example, f.name).not.toBeNull();
      }
      expect(Object.keys(json.items[0] ?? {})).toEqual(d.fields.map((f) => f.name));
    }
  });
});
