import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IRunOptions,
} from 'docx';
import JSZip from 'jszip';

/**
 * Fonts of an official document (GB/T 9704) and what a reader without them should use instead:
 * Word reads the fallback from the font table's altName; WPS and LibreOffice substitute by themselves.
 */
export const DOC_FONTS = {
  title: { name: '方正小标宋简体', fallback: '宋体' },
  body: { name: '仿宋_GB2312', fallback: '仿宋' },
  heading1: { name: '黑体', fallback: 'SimHei' },
  heading2: { name: '楷体_GB2312', fallback: '楷体' },
  pageNumber: { name: '宋体', fallback: 'SimSun' },
} as const;

export type BulletinChart = { title: string; png: Uint8Array; width: number; height: number };

export type BulletinBehindTask = { task: string; reason: string; cause: string; nextSteps: string };

export type BulletinData = {
  /** 发文机关标志, e.g. 许昌市人民政府督查室 */
  issuer: string;
  /** 文号, e.g. 许政督〔2017〕6号 */
  docNumber: string;
  title: string;
  /** 主送机关 */
  recipients: string;
  /** 成文日期, e.g. 2017年7月10日 */
  date: string;
  overall: string[];
  charts: BulletinChart[];
  ahead: { task: string; department: string; note: string }[];
  behind: { department: string; tasks: BulletinBehindTask[] }[];
  late: { department: string; tasks: string[] }[];
  requirements: string[];
};

const PT = 20; // twips per point
const BODY_SIZE = 32; // 三号 = 16 pt, in half-points
const LINE = 28 * PT; // fixed 28 pt lines, 22 lines a page

const run = (text: string, font: { name: string }, extra: Partial<IRunOptions> = {}): TextRun =>
  new TextRun({
    text,
    font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: font.name, cs: font.name },
    size: BODY_SIZE,
    ...extra,
  });

const spacing = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

function body(text: string, options: { indent?: boolean; runs?: TextRun[] } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing,
    indent: options.indent === false ? undefined : { firstLine: 2 * 16 * PT },
    children: options.runs ?? [run(text, DOC_FONTS.body)],
  });
}

function heading1(text: string): Paragraph {
  return new Paragraph({
    spacing,
    indent: { firstLine: 2 * 16 * PT },
    keepNext: true,
    children: [run(text, DOC_FONTS.heading1)],
  });
}

function heading2(text: string): Paragraph {
  return new Paragraph({
    spacing,
    indent: { firstLine: 2 * 16 * PT },
    keepNext: true,
    children: [run(text, DOC_FONTS.heading2)],
  });
}

const blank = (): Paragraph => new Paragraph({ spacing, children: [run('', DOC_FONTS.body)] });

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * The 督查通报 as a .docx in official-document shape: red issuer mark and 文号 over a red rule, the
 * title in 方正小标宋, body in 仿宋_GB2312 三号 on 28-point lines, headings 一、 in 黑体 and （一） in
 * 楷体, charts as images, page numbers "— 1 —" at the foot.
 */
export async function buildBulletinDocx(d: BulletinData): Promise<Buffer> {
  const children: Paragraph[] = [];
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 12 * PT, after: 12 * PT },
      children: [run(d.issuer, DOC_FONTS.title, { size: 60, color: 'C00000' })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 10 * PT, after: 4 * PT },
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: 'C00000', space: 6 } },
      children: [run(d.docNumber, DOC_FONTS.body)],
    }),
    blank(),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 36 * PT, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      children: [run(d.title, DOC_FONTS.title, { size: 44 })],
    }),
    blank(),
    body(d.recipients, { indent: false }),
  );
  let h = 0;
  const section = (title: string): void => {
    children.push(heading1(`${CN[h] ?? h + 1}、${title}`));
    h += 1;
  };

  section('总体进展情况');
  for (const p of d.overall) children.push(body(p));
  for (const c of d.charts) {
    // The status pie fits under the figures on the first page; the ranking takes the text width.
    const width = c.height / c.width > 0.7 ? 560 : 420;
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 6 * PT, after: 0 },
        children: [
          new ImageRun({
            type: 'png',
            data: c.png,
            transformation: { width, height: Math.round((width * c.height) / c.width) },
            altText: { title: c.title, description: c.title, name: c.title },
          }),
        ],
      }),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing,
        children: [run(c.title, DOC_FONTS.heading2, { size: 28 })],
      }),
    );
  }

  section('进度较快的工作');
  if (d.ahead.length === 0) children.push(body('本期暂无明显快于序时进度的工作。'));
  d.ahead.forEach((a, i) => children.push(body(`${i + 1}. ${a.task}（${a.department}）：${a.note}`)));

  section('滞后于序时进度的工作');
  if (d.behind.length === 0) children.push(body('本期未发现滞后于序时进度的工作。'));
  d.behind.forEach((dept, i) => {
    children.push(heading2(`（${CN[i] ?? i + 1}）${dept.department}（${dept.tasks.length}项）`));
    dept.tasks.forEach((t, j) => {
      children.push(
        body('', {
          runs: [
            run(`${j + 1}. ${t.task}。`, DOC_FONTS.body, { bold: true }),
            run(`${t.reason}。`, DOC_FONTS.body),
            run(`存在问题：${t.cause || '未说明'}。`, DOC_FONTS.body),
            run(`下一步措施：${t.nextSteps || '未说明'}。`, DOC_FONTS.body),
          ],
        }),
      );
    });
  });

  section('未按时报送进展的单位');
  if (d.late.length === 0) children.push(body('本期各责任单位均按时报送了进展情况。'));
  else {
    children.push(
      body(
        `截至通报日，以下${d.late.length}个单位未按时报送本期进展：${d.late
          .map((l) => `${l.department}（${l.tasks.length}项）`)
          .join('、')}。`,
      ),
    );
  }

  section('工作要求');
  d.requirements.forEach((r, i) => children.push(body(`${i + 1}. ${r}`)));

  children.push(
    blank(),
    blank(),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing,
      indent: { right: 4 * 16 * PT },
      children: [run(d.issuer, DOC_FONTS.body)],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing,
      indent: { right: 4 * 16 * PT },
      children: [run(d.date, DOC_FONTS.body)],
    }),
  );

  const pageRun = (
    children: ConstructorParameters<typeof TextRun>[0] extends infer O
      ? O extends { children?: infer C }
        ? C
        : never
      : never,
  ): TextRun =>
    new TextRun({
      children,
      font: {
        ascii: DOC_FONTS.pageNumber.name,
        hAnsi: DOC_FONTS.pageNumber.name,
        eastAsia: DOC_FONTS.pageNumber.name,
      },
      size: 28,
    });
  const doc = new Document({
    creator: 'Luoshi 落实',
    title: d.title,
    styles: {
      default: {
        document: {
          run: {
            font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: DOC_FONTS.body.name },
            size: BODY_SIZE,
          },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 2098, bottom: 1984, left: 1587, right: 1474, footer: 1134 },
            pageNumbers: { start: 1 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [pageRun(['— ', PageNumber.CURRENT, ' —'])],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return withFontFallbacks(await Packer.toBuffer(doc));
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** Declare each font with its fallback (w:altName) and the GB2312 charset in word/fontTable.xml. */
async function withFontFallbacks(bytes: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const path = 'word/fontTable.xml';
  const file = zip.file(path);
  if (!file) return bytes;
  let xml = await file.async('string');
  const entries = Object.values(DOC_FONTS)
    .filter((f) => !xml.includes(`w:name="${f.name}"`))
    .map(
      (f) =>
        `<w:font w:name="${escapeXml(f.name)}"><w:altName w:val="${escapeXml(f.fallback)}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`,
    )
    .join('');
  // docx writes an empty table as a self-closing <w:fonts …/>.
  xml = /<\/w:fonts>\s*$/u.test(xml)
    ? xml.replace(/<\/w:fonts>\s*$/u, `${entries}</w:fonts>`)
    : xml.replace(/<w:fonts([^>]*?)\s*\/>\s*$/u, `<w:fonts$1>${entries}</w:fonts>`);
  zip.file(path, xml);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
