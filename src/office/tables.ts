import ExcelJS from 'exceljs';
import { FONTS, THIN_BORDER, columnLetter, setupPrint, toBuffer, wrappedHeight } from './excel.ts';

export type Cell = string | number | null;

export type Field = {
  name: string;
  /** Column header in Chinese. */
  label: string;
  type: 'string' | 'number' | 'integer' | 'date' | 'string[]';
  description: string;
  descriptionEn: string;
  width?: number;
};

export type Table = { name: string; title?: string; fields: Field[]; rows: Cell[][] };

/**
 * CSV as Excel and WPS open it without asking: UTF-8 with a BOM, CRLF, RFC 4180 quoting.
 * @example toCsv([{ name: 'a', label: '甲', … }], [['x,y']]) -> '\uFEFFa\r\n"x,y"\r\n'
 */
export function toCsv(fields: Field[], rows: Cell[][]): string {
  const quote = (v: Cell): string => {
    if (v === null) return '';
    // Text a spreadsheet would run as a formula (typed narrative starting with = + @ or -) is defused.
    const s = typeof v === 'string' && /^[=+@\t\r]|^-[^\d.]/u.test(v) ? `'${v}` : String(v);
    return /[",\r\n]/u.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [fields.map((f) => f.name).join(','), ...rows.map((r) => r.map(quote).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Rows as JSON objects keyed by field name. */
export function toRecords(fields: Field[], rows: Cell[][]): Record<string, Cell>[] {
  return rows.map((r) => Object.fromEntries(fields.map((f, i) => [f.name, r[i] ?? null])));
}

/**
 * A workbook with one sheet per table: a title row when given, a bold frozen header with filters,
 * wrapped text, A4 landscape with the header repeated.
 */
export async function buildTablesWorkbook(tables: Table[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Luoshi 落实';
  for (const t of tables) {
    const top = t.title ? 2 : 1;
    const sheet = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: top }] });
    sheet.columns = t.fields.map((f) => ({ key: f.name, width: f.width ?? 14 }));
    const last = columnLetter(Math.max(1, t.fields.length));
    if (t.title) {
      sheet.getCell('A1').value = t.title;
      sheet.mergeCells(`A1:${last}1`);
      sheet.getCell('A1').font = { name: FONTS.title, size: 16 };
      sheet.getCell('A1').alignment = { horizontal: 'center', vertical: 'middle' };
      sheet.getRow(1).height = 32;
    }
    const header = sheet.getRow(top);
    t.fields.forEach((f, i) => {
      const c = header.getCell(i + 1);
      c.value = f.label;
      c.font = { name: FONTS.heading, size: 11, bold: true };
      c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      c.border = THIN_BORDER;
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
      c.note = f.description;
    });
    header.height = 22;
    t.rows.forEach((r, j) => {
      const row = sheet.getRow(top + 1 + j);
      t.fields.forEach((f, i) => {
        const c = row.getCell(i + 1);
        c.value = r[i] ?? null;
        c.font = { name: FONTS.body, size: 10 };
        c.alignment = { vertical: 'top', wrapText: true };
        c.border = THIN_BORDER;
      });
      row.height = Math.min(
        300,
        wrappedHeight(
          t.fields.map((f, i) => ({ text: String(r[i] ?? ''), width: f.width ?? 14 })),
          10,
        ),
      );
    });
    sheet.autoFilter = { from: { row: top, column: 1 }, to: { row: top, column: t.fields.length } };
    setupPrint(sheet, `${top}:${top}`);
  }
  return toBuffer(wb);
}
