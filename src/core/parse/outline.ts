import type { Section, SectionKind, Task } from '../plan/types.ts';
import type { Paragraph } from '../text/paragraphs.ts';
import { AREA_HEADING, PART_HEADING } from '../text/junk.ts';

/** A paragraph with what the outline knows about it (built field by field: object spread is slow here). */
export type PlacedParagraph = Paragraph & {
  sectionId: string;
  kind: SectionKind;
  /** Heading depth (1 part, 2 area) or 0 for body text. */
  headingDepth: number;
  /** The paragraph sits in a five-year (multi-year) part: 今后五年 / 十四五时期… */
  fiveYear: boolean;
  taskId: string | null;
};

export type Outline = { sections: Section[]; tasks: Task[]; placed: PlacedParagraph[] };

const REVIEW_TITLE = /回顾|过去|成绩|成就|以来工作|工作总结|主要工作$/;
const PLAN_TITLE =
  /今后|今年|明年|目标|任务|部署|重点工作|工作安排|总体要求|建议|思路|政策取向|主要任务|发展目标/;
const OTHER_TITLE = /名词解释|注释|附[：:]|^附件\d*\s*$|说明$/;
const FIVE_YEAR_TITLE =
  /今后五年|未来五年|[“"]?十[一二三四五六七八九]五[”"]?时期|五年发展目标|[“"]?十[一二三四五六七八九]五[”"]?(?:的)?主要目标/;
const GLOSSARY = /^(?:附件\d*[:：]?\s*)?(?:名词解释|注释)/;
const CLOSING = /^各位代表(?:[！!，,：:]?$|[！!])/;

/** A task title: a short leading sentence ("加强规划引领。") or a numbered item ("1.…", "（1）…"). */
const TITLE_SENTENCE = /^([^。！？；：]{2,34})[。！]/;
const NUMBERED_ITEM = /^(?:\d{1,2}[.、．]|[（(]\d{1,2}[)）]|[①-⑳])\s*([^。！？；]{2,40})/;

function partTitle(text: string): string {
  return text.replace(/[。.]$/, '');
}

function areaTitle(text: string): string {
  const m = /^([（(][一二三四五六七八九十]{1,3}[）)][^。！？；]{0,60})[。！]?/.exec(text);
  return (m?.[1] ?? text.slice(0, 40)).trim();
}

function classifyPart(title: string, year: number | null, seenPlan: boolean): SectionKind {
  if (OTHER_TITLE.test(title)) return 'other';
  const yearPlan = year !== null && title.includes(`${year}年`);
  const yearPast = year !== null && title.includes(`${year - 1}年`) && !yearPlan;
  // "2019年和今年以来工作回顾" looks back, though it says 今年.
  if (REVIEW_TITLE.test(title) && !PLAN_TITLE.test(title.replace(/今年以来/g, ''))) return 'review';
  if (yearPast && /工作/.test(title) && !PLAN_TITLE.test(title.replace(/工作/, ''))) return 'review';
  if (yearPlan || PLAN_TITLE.test(title)) return 'plan';
  return seenPlan ? 'plan' : 'review';
}

/** Plan-part paragraphs that still look back ("“十三五”时期…取得…"), as in mixed parts. */
const LOOKS_BACK = /^(?:过去|五年来|一年来|这五年|回顾|去年[，,])/;
const LOOKS_FORWARD = /今后|未来|今年|明年|到\d{4}年|目标|要|将|力争|确保|推进|加快/;
const FIVE_YEAR_LEAD = /^[“"]?十([一二三四五六七八九])五[”"]?(?:时期|以来)/;
const FIVE_YEAR_NO = '一二三四五六七八九';

/** Does a paragraph open by looking back: "过去五年…", or a five-year period that ended before the plan year? */
function looksBack(text: string, year: number | null): boolean {
  if (LOOKS_BACK.test(text)) return true;
  const m = FIVE_YEAR_LEAD.exec(text);
  if (m?.[1] && year !== null) {
    const end = 2010 + 5 * FIVE_YEAR_NO.indexOf(m[1]);
    return end < year;
  }
  return false;
}

/**
 * Builds the outline of one copy of a report: parts (一、), areas (（一）), tasks (a paragraph led by a title
 * sentence, a numbered item, or a paragraph under an area), each paragraph placed in its section with the
 * section's kind (review / plan / other).
 */
export function buildOutline(
  paragraphs: Paragraph[],
  options: { year: number | null; cleanTitle: (p: Paragraph) => string },
): Outline {
  const sections: Section[] = [];
  const tasks: Task[] = [];
  const placed: PlacedParagraph[] = [];
  const preamble: Section = { id: 's0', title: '开篇', kind: 'other', depth: 1, span: [0, 0], children: [] };
  let part: Section = preamble;
  let area: Section | null = null;
  let partNo = 0;
  let areaNo = 0;
  let seenPlan = false;
  let fiveYearPart = false;
  let closing = false;
  let reviewRun = false;

  const firstPartIndex = paragraphs.findIndex((p) => PART_HEADING.test(p.text));
  const hasParts = firstPartIndex >= 0;
  // Without part headings, the plan starts at the first paragraph that turns to this year or the years ahead;
  // what comes before it looks back.
  const planStart = hasParts ? -1 : firstPlanParagraph(paragraphs, options.year);
  // The closing ("各位代表！…") is what follows the last heading; "各位代表！" also opens paragraphs mid-report.
  let lastHeading = -1;
  for (const p of paragraphs) {
    if (
      (PART_HEADING.test(p.text) || AREA_HEADING.test(p.text)) &&
      !GLOSSARY.test(p.text.replace(PART_HEADING, ''))
    )
      lastHeading = p.index;
  }

  for (const p of paragraphs) {
    const t = p.text;
    if (CLOSING.test(t) && seenPlan && p.index > lastHeading) closing = true;
    if (PART_HEADING.test(t) && t.length <= 80 && !closing) {
      const title = partTitle(options.cleanTitle(p));
      const kind = GLOSSARY.test(title)
        ? 'other'
        : classifyPart(title.replace(PART_HEADING, ''), options.year, seenPlan);
      if (kind === 'plan') seenPlan = true;
      partNo++;
      areaNo = 0;
      part = { id: `s${partNo}`, title, kind, depth: 1, span: [...p.span], children: [] };
      sections.push(part);
      area = null;
      fiveYearPart =
        FIVE_YEAR_TITLE.test(title) && !(options.year !== null && title.includes(`${options.year}年`));
      reviewRun = false;
      placed.push({
        index: p.index,
        span: p.span,
        text: p.text,
        sectionId: part.id,
        kind,
        headingDepth: 1,
        fiveYear: fiveYearPart,
        taskId: null,
      });
      continue;
    }
    if (GLOSSARY.test(t) && t.length <= 20) {
      partNo++;
      part = { id: `s${partNo}`, title: t, kind: 'other', depth: 1, span: [...p.span], children: [] };
      sections.push(part);
      area = null;
      placed.push({
        index: p.index,
        span: p.span,
        text: p.text,
        sectionId: part.id,
        kind: 'other',
        headingDepth: 1,
        fiveYear: false,
        taskId: null,
      });
      continue;
    }
    if (closing) {
      if (part.title !== '结束语' && !GLOSSARY.test(part.title)) {
        partNo++;
        part = {
          id: `s${partNo}`,
          title: '结束语',
          kind: 'other',
          depth: 1,
          span: [...p.span],
          children: [],
        };
        sections.push(part);
        area = null;
      }
      part.span[1] = p.span[1];
      placed.push({
        index: p.index,
        span: p.span,
        text: p.text,
        sectionId: part.id,
        kind: 'other',
        headingDepth: 0,
        fiveYear: false,
        taskId: null,
      });
      continue;
    }
    if (AREA_HEADING.test(t) && part !== preamble) {
      areaNo++;
      const title = areaTitle(options.cleanTitle(p));
      area = {
        id: `${part.id}.${areaNo}`,
        title,
        kind: part.kind,
        depth: 2,
        span: [...p.span],
        children: [],
      };
      part.children.push(area);
      part.span[1] = p.span[1];
      // An area written as one long paragraph ("（一）着力扩大国内需求。把恢复和扩大消费…") is itself a task.
      let areaTask: string | null = null;
      if (part.kind === 'plan' && t.length - title.length >= 40) {
        areaTask = `t${tasks.length + 1}`;
        tasks.push({
          id: areaTask,
          sectionId: area.id,
          title: title.replace(AREA_HEADING, ''),
          text: t,
          span: [...p.span],
          parentId: null,
        });
        addSubTasks(tasks, areaTask, area.id, p);
      }
      placed.push({
        index: p.index,
        span: p.span,
        text: p.text,
        sectionId: area.id,
        kind: part.kind,
        headingDepth: 2,
        fiveYear: fiveYearPart,
        taskId: areaTask,
      });
      continue;
    }
    // Body paragraph.
    let kind: SectionKind =
      part === preamble ? (hasParts ? 'other' : p.index >= planStart ? 'plan' : 'review') : part.kind;
    if (kind === 'plan' && !area) {
      // Mixed parts ("“十三五”时期发展成就和“十四五”时期主要目标"): review paragraphs lead, plan paragraphs follow.
      if (looksBack(t, options.year)) reviewRun = true;
      else if (reviewRun && (LOOKS_FORWARD.test(t.slice(0, 30)) || FIVE_YEAR_LEAD.test(t))) reviewRun = false;
      if (reviewRun) kind = 'review';
    }
    const section = area ?? part;
    section.span[1] = p.span[1];
    if (section !== part) part.span[1] = p.span[1];
    let taskId: string | null = null;
    if (kind === 'plan' && section !== preamble) {
      const title = taskTitle(t, area !== null);
      if (title) {
        taskId = `t${tasks.length + 1}`;
        tasks.push({ id: taskId, sectionId: section.id, title, text: t, span: [...p.span], parentId: null });
        addSubTasks(tasks, taskId, section.id, p);
      }
    }
    placed.push({
      index: p.index,
      span: p.span,
      text: p.text,
      sectionId: section.id,
      kind,
      headingDepth: 0,
      fiveYear: fiveYearPart,
      taskId,
    });
  }
  if (placed.some((p) => p.sectionId === 's0')) sections.unshift(preamble);
  return { sections, tasks, placed };
}

const PLAN_OPENING =
  /今年(?:的|全[市省县区国])?(?:经济社会发展)?(?:的)?(?:主要)?(?:预期目标|目标任务|工作|任务)|今后五年|主要预期目标|重点抓好以下|重点做好以下/;

function firstPlanParagraph(paragraphs: Paragraph[], year: number | null): number {
  const own = year !== null ? `${year}年` : null;
  const found = paragraphs.find((p) => {
    const head = p.text.slice(0, 80);
    if (/政府工作报告|人民代表大会/.test(head)) return false;
    return (
      PLAN_OPENING.test(head) ||
      (FIVE_YEAR_LEAD.test(p.text) && !looksBack(p.text, year)) ||
      (own !== null && head.slice(0, 40).includes(own) && /工作|目标|任务/.test(head.slice(0, 40)))
    );
  });
  return found ? found.index : 0;
}

function taskTitle(text: string, underArea: boolean): string | null {
  const numbered = NUMBERED_ITEM.exec(text);
  if (numbered?.[1]) return numbered[1].replace(/[，,：:]$/, '');
  const lead = TITLE_SENTENCE.exec(text);
  if (lead?.[1] && text.length > lead[0].length && !/\d/.test(lead[1])) return lead[1];
  if (underArea && text.length >= 30) {
    const first = /^[^，。；：！？]{2,30}/.exec(text);
    return first ? first[0] : text.slice(0, 30);
  }
  return null;
}

const ORDINAL = /[一二三四五六七八九十]是/g;

/** 一是…二是… inside a task paragraph become its sub-tasks. */
function addSubTasks(tasks: Task[], parentId: string, sectionId: string, p: Paragraph): void {
  const marks: number[] = [];
  for (const m of p.text.matchAll(ORDINAL)) {
    const before = p.text[m.index - 1];
    if (m.index === 0 || before === '。' || before === '；' || before === '，' || before === '：')
      marks.push(m.index);
  }
  if (marks.length < 2) return;
  marks.forEach((start, i) => {
    const end = marks[i + 1] ?? p.text.length;
    const text = p.text.slice(start, end).replace(/[；;。]$/, '');
    const title = /^[一二三四五六七八九十]是([^，。；：]{2,30})/.exec(text)?.[1] ?? text.slice(2, 32);
    tasks.push({
      id: `${parentId}.${i + 1}`,
      sectionId,
      title,
      text,
      span: [p.span[0] + start, p.span[0] + start + text.length],
      parentId,
    });
  });
}
