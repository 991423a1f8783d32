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
import { isNoneMark, isSameAsAbove, normalizeCell, parseSeq, splitList } from './text.ts';

/** One task row of a 分工表 as it is printed. */
export type FengongRow = {
  /** "1." for a task, "(1)" for a sub-task. */
  seq: string;
  level: 'task' | 'sub';
  /** 重点工作: the task's title. */
  keyWork: string;
  /** 具体任务: what is to be done. */
  detail: string;
  /** Empty when the task has no assignment yet; "/" for an explicit none. */
  leader: string;
  lead: string;
  cooperating: string;
  deadline: string;
  /** 一季度 … 四季度 */
  milestones?: [string, string, string, string];
  /** Target values, one per line ("新增贷款 ≥175亿元"). */
  targets?: string;
};

/** An area (一、…) and its tasks. */
export type FengongGroup = { seq: string; title: string; rows: FengongRow[] };

export type FengongTable = {
  title: string;
  /** A line under the title, e.g. the date of the table. */
  subtitle?: string;
  groups: FengongGroup[];
  withMilestones: boolean;
  withTargets: boolean;
};

const BASE_COLUMNS = [
  { key: 'seq', header: '序号', width: 7 },
  { key: 'keyWork', header: '重点工作', width: 20 },
  { key: 'detail', header: '具体任务', width: 56 },
  { key: 'leader', header: '责任领导', width: 11 },
  { key: 'lead', header: '牵头单位', width: 15 },
  { key: 'cooperating', header: '配合单位', width: 22 },
  { key: 'deadline', header: '完成时限', width: 12 },
] as const;

const QUARTERS = ['一季度', '二季度', '三季度', '四季度'] as const;

function columnsOf(table: Pick<FengongTable, 'withMilestones' | 'withTargets'>) {
  return [
    ...BASE_COLUMNS,
    ...(table.withMilestones ? QUARTERS.map((q) => ({ key: q, header: q, width: 16 })) : []),
    ...(table.withTargets ? [{ key: 'targets', header: '目标值', width: 24 }] : []),
  ];
}

/**
 * The 分工表 workbook in the layout offices publish: a title row, the header (frozen and repeated on
 * every printed page), areas as merged group rows (一、), tasks (1.) and sub-tasks ((1)), wrapped
 * text, A4 landscape.
 */
export async function buildFengongWorkbook(table: FengongTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Luoshi 落实';
  const sheet = wb.addWorksheet('分工表', { views: [{ state: 'frozen', ySplit: 2, xSplit: 0 }] });
  const columns = columnsOf(table);
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  const last = columnLetter(columns.length);

  const titleRow = sheet.getRow(1);
  titleRow.getCell(1).value = table.subtitle ? `${table.title}\n${table.subtitle}` : table.title;
  sheet.mergeCells(`A1:${last}1`);
  titleRow.height = table.subtitle ? 56 : 40;
  titleRow.getCell(1).font = { name: FONTS.title, size: 18 };
  titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };

  const header = sheet.getRow(2);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: FONTS.heading, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = THIN_BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
  });
  header.height = 24;

  let r = 3;
  for (const g of table.groups) {
    const row = sheet.getRow(r);
    const groupText = `${g.seq}${g.title}`;
    row.getCell(1).value = groupText;
    sheet.mergeCells(`A${r}:${last}${r}`);
    const cell = row.getCell(1);
    cell.font = { name: FONTS.heading, size: 12, bold: true };
    cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
    cell.border = THIN_BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    row.height = wrappedHeight([{ text: groupText, width: columns.reduce((a, c) => a + c.width, 0) }], 12);
    r += 1;
    for (const t of g.rows) {
      const values: Record<string, string> = {
        seq: t.seq,
        keyWork: t.keyWork,
        detail: t.detail,
        leader: t.leader,
        lead: t.lead,
        cooperating: t.cooperating,
        deadline: t.deadline,
        targets: t.targets ?? '',
      };
      QUARTERS.forEach((q, i) => (values[q] = t.milestones?.[i] ?? ''));
      const tr = sheet.getRow(r);
      columns.forEach((c, i) => {
        const cell2 = tr.getCell(i + 1);
        cell2.value = values[c.key] ?? '';
        cell2.font = { name: FONTS.body, size: 11 };
        const centered = c.key === 'seq' || c.key === 'leader' || c.key === 'deadline';
        cell2.alignment = {
          horizontal: centered ? 'center' : 'left',
          vertical: 'middle',
          wrapText: true,
        };
        cell2.border = THIN_BORDER;
      });
      tr.height = wrappedHeight(columns.map((c) => ({ text: values[c.key] ?? '', width: c.width })));
      r += 1;
    }
  }
  setupPrint(sheet, '1:2');
  return toBuffer(wb);
}

/** A task row read back from a 分工表, names as written (normalised), nothing resolved yet. */
export type ParsedFengongRow = {
  /** 1-based row number in the sheet, for messages. */
  rowNumber: number;
  /** Area number (一、 = 1) of the group the row sits in; null before the first group row. */
  area: number | null;
  areaTitle: string | null;
  seq: { level: 'task' | 'sub'; n: number } | null;
  seqText: string;
  keyWork: string;
  detail: string;
  /** null: the cell is blank (no value given); '' : explicitly none ("/", "无"). */
  leader: string | null;
  lead: string[] | null;
  cooperating: string[] | null;
  deadline: string | null;
  milestones: string[] | null;
};

export type FengongProblem = { row: number | null; message: string; messageEn: string };

export type ParsedFengong = {
  rows: ParsedFengongRow[];
  hasMilestones: boolean;
  /** Which assignment columns the table has: a missing column keeps what is stored. */
  columns: { leader: boolean; lead: boolean; cooperating: boolean; deadline: boolean };
  problems: FengongProblem[];
};

const NO_COLUMNS = { leader: false, lead: false, cooperating: false, deadline: false };

const HEADER_NAMES: Record<string, string[]> = {
  seq: ['序号', '编号'],
  keyWork: ['重点工作', '工作任务', '重点任务', '任务名称'],
  detail: ['具体任务', '任务内容', '具体内容', '主要内容', '工作内容', '具体工作'],
  leader: ['责任领导', '责任市领导', '分管领导', '牵头领导', '分管市领导', '责任人'],
  lead: ['牵头单位', '牵头部门', '责任单位', '主责单位'],
  cooperating: ['配合单位', '配合部门', '协办单位', '参与单位', '协同单位'],
  deadline: ['完成时限', '完成时间', '时限要求', '时限', '完成期限'],
  q1: ['一季度', '第一季度', '1季度'],
  q2: ['二季度', '第二季度', '2季度'],
  q3: ['三季度', '第三季度', '3季度'],
  q4: ['四季度', '第四季度', '4季度'],
};

function headerKey(text: string): string | null {
  const t = normalizeCell(text).replace(/[（(].*[)）]$/u, '');
  for (const [key, names] of Object.entries(HEADER_NAMES)) {
    if (names.some((n) => t === n || (t.length <= n.length + 4 && t.startsWith(n)))) return key;
  }
  return null;
}

/** Cells of a row as shown (merged cells show their master's value) and the address of their master. */
function readRow(sheet: ExcelJS.Worksheet, r: number, count: number): { text: string; master: string }[] {
  const row = sheet.getRow(r);
  const out: { text: string; master: string }[] = [];
  for (let c = 1; c <= count; c += 1) {
    const cell = row.getCell(c);
    out.push({ text: cellText(cell.value).trim(), master: cell.master.address });
  }
  return out;
}

const AREA_IN_TEXT = /^([一二三四五六七八九十]+)[、.．]\s*(.+)$/su;

/**
 * Read a 分工表 workbook back: ours, or one typed by hand in the same layout (merged cells, cells left
 * blank under a value, "同上", extra spaces, full-width characters, a two-row header with quarters).
 * Names stay as written; the caller resolves them. Problems are per row, in Chinese and English.
 */
export async function parseFengongWorkbook(bytes: Uint8Array): Promise<ParsedFengong> {
  const wb = await loadWorkbook(bytes);
  if (!wb) {
    return {
      rows: [],
      hasMilestones: false,
      columns: NO_COLUMNS,
      problems: [{ row: null, message: '文件不是 Excel（.xlsx）工作簿', messageEn: 'Not an .xlsx workbook' }],
    };
  }
  const sheet = wb.worksheets.find((s) => s.state === 'visible') ?? wb.worksheets[0];
  if (!sheet) {
    return {
      rows: [],
      hasMilestones: false,
      columns: NO_COLUMNS,
      problems: [{ row: null, message: '工作簿中没有工作表', messageEn: 'The workbook has no sheet' }],
    };
  }
  const width = Math.max(sheet.columnCount, 1);
  let headerRow = -1;
  const cols: Record<string, number> = {};
  for (let r = 1; r <= Math.min(sheet.rowCount, 15) && headerRow === -1; r += 1) {
    const cells = readRow(sheet, r, width);
    const keys = cells.map((c) => headerKey(c.text));
    if (keys.includes('lead') && (keys.includes('keyWork') || keys.includes('detail'))) {
      headerRow = r;
      keys.forEach((k, i) => {
        if (k !== null && cols[k] === undefined) cols[k] = i;
      });
    }
  }
  if (headerRow === -1) {
    return {
      rows: [],
      hasMilestones: false,
      columns: NO_COLUMNS,
      problems: [
        {
          row: null,
          message: '未找到表头：需要一行包含“重点工作”或“具体任务”以及“牵头单位”等列名',
          messageEn: 'No header row with 重点工作/具体任务 and 牵头单位 found',
        },
      ],
    };
  }
  // A second header row (quarters under a merged 季度节点 / 形象进度 cell).
  let first = headerRow + 1;
  const next = readRow(sheet, first, width).map((c) => headerKey(c.text));
  if (next.some((k) => k === 'q1' || k === 'q2' || k === 'q3' || k === 'q4')) {
    next.forEach((k, i) => {
      if (k !== null && cols[k] === undefined) cols[k] = i;
    });
    first += 1;
  }
  const quarterCols = (['q1', 'q2', 'q3', 'q4'] as const).map((q) => cols[q]);
  const hasMilestones = quarterCols.every((c) => c !== undefined);

  const rows: ParsedFengongRow[] = [];
  const problems: FengongProblem[] = [];
  let area: number | null = null;
  let areaTitle: string | null = null;
  let areaCount = 0;
  let prev: ParsedFengongRow | null = null;
  const at = (cells: { text: string }[], key: string): string => {
    const i = cols[key];
    return i === undefined ? '' : (cells[i]?.text ?? '');
  };
  for (let r = first; r <= sheet.rowCount; r += 1) {
    const cells = readRow(sheet, r, width);
    const filled = cells.filter((c) => c.text !== '');
    if (filled.length === 0) continue;
    const masters = new Set(filled.map((c) => c.master));
    const seqText = at(cells, 'seq');
    const seq = parseSeq(seqText);
    // A group row: one value merged across the row, or 一、 in the 序号 column, or "一、标题" alone.
    const mergedAcross = masters.size === 1 && filled.length > 1;
    const firstText = filled[0]?.text ?? '';
    const areaInText = AREA_IN_TEXT.exec(normalizeCell(firstText) === '' ? '' : firstText.trim());
    if (seq?.level === 'area' || mergedAcross || (filled.length <= 2 && areaInText && !at(cells, 'lead'))) {
      areaCount += 1;
      const titleText =
        seq?.level === 'area'
          ? (cells.find((c, i) => i !== cols.seq && c.text !== '' && c.text !== seqText)?.text ?? '')
          : firstText;
      const m = AREA_IN_TEXT.exec(titleText.trim());
      area = seq?.level === 'area' ? seq.n : m ? (parseSeq(`${m[1] ?? ''}、`)?.n ?? areaCount) : areaCount;
      areaTitle = normalizeCell(m ? (m[2] ?? '') : titleText);
      prev = null;
      continue;
    }
    const inherit = <T>(
      raw: string,
      key: 'leader' | 'lead' | 'deadline',
      parse: (s: string) => T,
    ): T | null => {
      if (isSameAsAbove(raw)) return prev ? (prev[key] as T | null) : null;
      if (raw === '') return null;
      return parse(raw);
    };
    const leaderRaw = at(cells, 'leader');
    const leadRaw = at(cells, 'lead');
    const coopRaw = at(cells, 'cooperating');
    const deadlineRaw = at(cells, 'deadline');
    const row: ParsedFengongRow = {
      rowNumber: r,
      area,
      areaTitle,
      seq: seq === null ? null : { level: seq.level === 'sub' ? 'sub' : 'task', n: seq.n },
      seqText: normalizeCell(seqText),
      keyWork: normalizeCell(at(cells, 'keyWork')),
      detail: normalizeCell(at(cells, 'detail')),
      leader: inherit(leaderRaw, 'leader', (s) => (isNoneMark(s) ? '' : normalizeCell(s))),
      lead: inherit(leadRaw, 'lead', (s) => splitList(s)),
      cooperating: isSameAsAbove(coopRaw)
        ? (prev?.cooperating ?? null)
        : coopRaw === ''
          ? null
          : splitList(coopRaw),
      deadline: inherit(deadlineRaw, 'deadline', (s) => (isNoneMark(s) ? '' : normalizeCell(s))),
      milestones: hasMilestones
        ? quarterCols.map((c) => normalizeCell(c === undefined ? '' : (cells[c]?.text ?? '')))
        : null,
    };
    if (row.keyWork === '' && row.detail === '') {
      problems.push({
        row: r,
        message: `第${r}行：没有“重点工作”或“具体任务”内容`,
        messageEn: `Row ${r}: neither 重点工作 nor 具体任务 is filled`,
      });
      continue;
    }
    // Hand-typed tables leave a cell blank under the same value: the leader, lead department and
    // deadline carry down within a group when the row gives some assignment of its own.
    const givesAny = [leaderRaw, leadRaw, coopRaw, deadlineRaw].some((x) => x !== '');
    if (prev && givesAny) {
      if (row.leader === null) row.leader = prev.leader;
      if (row.lead === null) row.lead = prev.lead;
      if (row.deadline === null) row.deadline = prev.deadline;
    }
    if (row.keyWork === '' && prev && row.seq?.level === 'sub') row.keyWork = prev.keyWork;
    rows.push(row);
    prev = row;
  }
  const columns = {
    leader: cols.leader !== undefined,
    lead: cols.lead !== undefined,
    cooperating: cols.cooperating !== undefined,
    deadline: cols.deadline !== undefined,
  };
  return { rows, hasMilestones, columns, problems };
}
