import ExcelJS from 'exceljs';
import {
  FONTS,
  THIN_BORDER,
  cellText,
  columnLetter,
  loadWorkbook,
  setupPrint,
  toBuffer,
  wrappedHeight,
} from './excel.ts';
import { normalizeCell } from './text.ts';

export type TemplateTarget = {
  targetId: string;
  subject: string;
  /** As a table shows it: "≥175亿元". */
  goal: string;
  unit: string;
  /** The latest accepted actual, as a hint. */
  previous: number | null;
};

export type TemplateTask = {
  taskId: string;
  seq: string;
  title: string;
  role: '牵头' | '配合';
  deadline: string;
  targets: TemplateTarget[];
};

export type ProgressTemplate = {
  title: string;
  planId: string;
  departmentId: string;
  department: string;
  /** "YYYY-MM" */
  period: string;
  tasks: TemplateTask[];
};

const META_SHEET = '_luoshi';
const MAGIC = 'luoshi-progress-template-v1';

const COLUMNS = [
  { key: 'seq', header: '序号', width: 8 },
  { key: 'title', header: '重点工作', width: 24 },
  { key: 'role', header: '承担方式', width: 8 },
  { key: 'subject', header: '量化指标', width: 18 },
  { key: 'goal', header: '目标值', width: 12 },
  { key: 'previous', header: '上期实际', width: 10 },
  { key: 'actual', header: '本期实际值', width: 11 },
  { key: 'progress', header: '进展情况', width: 36 },
  { key: 'problems', header: '存在问题', width: 26 },
  { key: 'nextSteps', header: '下一步措施', width: 26 },
  { key: 'taskId', header: '任务编号', width: 10 },
  { key: 'targetId', header: '指标编号', width: 10 },
] as const;

const col = (key: (typeof COLUMNS)[number]['key']): number => COLUMNS.findIndex((c) => c.key === key) + 1;

const periodText = (period: string): string => {
  const [y, m] = period.split('-');
  return `${y}年${Number(m)}月`;
};

/**
 * A department's progress template for a period: its tasks and targets filled in, yellow cells for the
 * actual values (numbers only), and the three narrative fields. Hidden columns and a hidden sheet
 * carry the ids, so the filled file comes back to the right tasks whatever is retyped around them.
 */
export async function buildProgressTemplate(t: ProgressTemplate): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Luoshi 落实';
  const sheet = wb.addWorksheet('进展报送', { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const last = columnLetter(col('nextSteps'));
  sheet.getCell('A1').value = `${t.department}${periodText(t.period)}重点工作进展报送表`;
  sheet.mergeCells(`A1:${last}1`);
  sheet.getCell('A1').font = { name: FONTS.title, size: 16 };
  sheet.getCell('A1').alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 34;
  sheet.getCell('A2').value =
    `${t.title}。填报说明：黄色单元格填写截至${periodText(t.period)}底的累计实际值（只填数字，单位见“目标值”）；进展情况必填，存在问题、下一步措施请结合本期实际填写，不要照抄上期。`;
  sheet.mergeCells(`A2:${last}2`);
  sheet.getCell('A2').font = { name: FONTS.body, size: 10, color: { argb: 'FF595959' } };
  sheet.getCell('A2').alignment = { wrapText: true, vertical: 'middle' };
  sheet.getRow(2).height = 32;
  const header = sheet.getRow(3);
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: FONTS.heading, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = THIN_BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
  });
  header.height = 24;
  let r = 4;
  const input: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  const narrativeFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F8FC' } };
  for (const task of t.tasks) {
    const span = Math.max(1, task.targets.length);
    for (let i = 0; i < span; i += 1) {
      const target = task.targets[i];
      const row = sheet.getRow(r + i);
      const values: Record<string, string | number | null> = {
        seq: task.seq,
        title: task.title,
        role: task.role,
        subject: target?.subject ?? '（无量化指标）',
        goal: target?.goal ?? '',
        previous: target?.previous ?? null,
        actual: null,
        progress: '',
        problems: '',
        nextSteps: '',
        taskId: task.taskId,
        targetId: target?.targetId ?? '',
      };
      COLUMNS.forEach((c, j) => {
        const cell = row.getCell(j + 1);
        cell.value = values[c.key] ?? null;
        cell.font = { name: FONTS.body, size: 11 };
        cell.border = THIN_BORDER;
        cell.alignment = {
          vertical: 'middle',
          horizontal: c.key === 'seq' || c.key === 'role' ? 'center' : 'left',
          wrapText: true,
        };
      });
      const actual = row.getCell(col('actual'));
      if (target) {
        actual.fill = input;
        actual.protection = { locked: false };
        actual.numFmt = '0.####';
        actual.dataValidation = {
          type: 'decimal',
          operator: 'between',
          allowBlank: true,
          formulae: [-1e12, 1e12],
          showErrorMessage: true,
          errorStyle: 'stop',
          errorTitle: '请输入数字',
          error: `“${target.subject}”的实际值只能填写数字（单位：${target.unit || '见目标值'}）`,
          showInputMessage: true,
          promptTitle: '本期实际值',
          prompt: `目标 ${target.goal}，填写数字`,
        };
      } else {
        actual.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
      }
      for (const key of ['progress', 'problems', 'nextSteps'] as const) {
        const cell = row.getCell(col(key));
        cell.fill = narrativeFill;
        cell.protection = { locked: false };
      }
      row.height = wrappedHeight([{ text: task.title, width: 24 / Math.min(span, 3) }]);
    }
    if (span > 1) {
      for (const key of ['seq', 'title', 'role', 'progress', 'problems', 'nextSteps'] as const) {
        const letter = columnLetter(col(key));
        sheet.mergeCells(`${letter}${r}:${letter}${r + span - 1}`);
      }
    }
    // Room to write: narrative cells are the big ones.
    const minHeight = 60 / span;
    for (let i = 0; i < span; i += 1) {
      const row = sheet.getRow(r + i);
      row.height = Math.max(row.height ?? 0, minHeight, 20);
    }
    r += span;
  }
  sheet.getColumn(col('taskId')).hidden = true;
  sheet.getColumn(col('targetId')).hidden = true;
  setupPrint(sheet, '1:3');
  sheet.pageSetup.printArea = `A1:${last}${Math.max(r - 1, 3)}`;

  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  meta.getCell('A1').value = MAGIC;
  meta.getCell('A2').value = t.planId;
  meta.getCell('A3').value = t.departmentId;
  meta.getCell('A4').value = t.period;
  meta.getCell('A5').value = t.department;
  return toBuffer(wb);
}

export type FilledReport = {
  taskId: string;
  /** First sheet row of the task, for messages. */
  row: number;
  title: string;
  values: { targetId: string; actual: number; row: number }[];
  progress: string;
  problems: string;
  nextSteps: string;
};

export type FilledTemplate = {
  planId: string;
  departmentId: string;
  department: string;
  period: string;
  reports: FilledReport[];
  problems: { row: number | null; message: string; messageEn: string }[];
};

/**
 * A number as typed: full-width digits, thousands separators and spaces allowed.
 * @example parseNumber('１,２３４.５') -> 1234.5
 */
export function parseNumber(text: string): number | null {
  const t = normalizeCell(text).replace(/,/gu, '');
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)$/u.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * Read a filled progress template back. Rows of a task that are left wholly empty are not a report;
 * a task with values but no 进展情况, or a value that is not a number, is a row problem.
 */
export async function parseProgressTemplate(bytes: Uint8Array, fileName: string): Promise<FilledTemplate> {
  const empty = (message: string, messageEn: string): FilledTemplate => ({
    planId: '',
    departmentId: '',
    department: '',
    period: '',
    reports: [],
    problems: [{ row: null, message: `${fileName}：${message}`, messageEn: `${fileName}: ${messageEn}` }],
  });
  const wb = await loadWorkbook(bytes);
  if (!wb) return empty('不是 Excel（.xlsx）文件', 'not an .xlsx workbook');
  const meta = wb.getWorksheet(META_SHEET);
  const sheet = wb.getWorksheet('进展报送') ?? wb.worksheets.find((s) => s.name !== META_SHEET);
  if (!meta || cellText(meta.getCell('A1').value) !== MAGIC || !sheet) {
    return empty(
      '不是本系统导出的进展报送模板，请先下载模板再填写',
      'not a progress template exported by Luoshi; download the template first',
    );
  }
  const out: FilledTemplate = {
    planId: cellText(meta.getCell('A2').value),
    departmentId: cellText(meta.getCell('A3').value),
    period: cellText(meta.getCell('A4').value),
    department: cellText(meta.getCell('A5').value),
    reports: [],
    problems: [],
  };
  const byTask = new Map<string, FilledReport>();
  const text = (r: number, key: (typeof COLUMNS)[number]['key']): string =>
    cellText(sheet.getRow(r).getCell(col(key)).value).trim();
  for (let r = 4; r <= sheet.rowCount; r += 1) {
    const taskId = text(r, 'taskId');
    if (taskId === '') continue;
    let report = byTask.get(taskId);
    if (!report) {
      report = {
        taskId,
        row: r,
        title: text(r, 'title'),
        values: [],
        progress: text(r, 'progress'),
        problems: text(r, 'problems'),
        nextSteps: text(r, 'nextSteps'),
      };
      byTask.set(taskId, report);
    }
    const targetId = text(r, 'targetId');
    const raw = sheet.getRow(r).getCell(col('actual')).value;
    const shown = cellText(raw).trim();
    if (targetId === '' || shown === '') continue;
    const actual = typeof raw === 'number' ? raw : parseNumber(shown);
    if (actual === null) {
      const subject = text(r, 'subject');
      out.problems.push({
        row: r,
        message: `${fileName} 第${r}行：「${subject}」的实际值「${shown}」不是数字`,
        messageEn: `${fileName} row ${r}: the actual value "${shown}" of "${subject}" is not a number`,
      });
      continue;
    }
    report.values.push({ targetId, actual, row: r });
  }
  for (const report of byTask.values()) {
    const filled =
      report.values.length > 0 || report.progress !== '' || report.problems !== '' || report.nextSteps !== '';
    if (!filled) continue;
    if (report.progress === '') {
      out.problems.push({
        row: report.row,
        message: `${fileName} 第${report.row}行：「${report.title}」填写了内容但缺少“进展情况”`,
        messageEn: `${fileName} row ${report.row}: "${report.title}" has no 进展情况`,
      });
      continue;
    }
    out.reports.push(report);
  }
  return out;
}
