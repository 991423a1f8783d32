import type { Problem, Span } from '../plan/types.ts';
import type { Paragraph } from './paragraphs.ts';

/** Lines that web pages and scrapers add around an article: never part of a report. */
const PAGE_TOOL_LINE =
  /^(?:【?\s*字号[:：]?\s*[【[]?\s*大\s*[】\]]?\s*[【[]?\s*中\s*[】\]]?\s*[【[]?\s*小\s*[】\]]?\s*】?|.*(?:打印本页|关闭窗口|打印文章|收藏本页|分享到[:：]?|返回顶部|扫一扫|浏览次数|阅读次数|点击数)[^。；]{0,40}|[(（]?责任编辑[:：].{0,20}[)）]?|(?:来源|发布时间|发布日期|时间|编辑|作者|稿源)[:：].{0,40}|相关(?:报道|阅读|新闻)[:：]?|(?:上一篇|下一篇)[:：].{0,60}|(?:下载|打印|全屏|收藏|分享)(?:\s*[|｜/]\s*(?:下载|打印|全屏|收藏|分享))*)$/;

export function isPageToolLine(text: string): boolean {
  return text.length <= 80 && PAGE_TOOL_LINE.test(text);
}

/** A heading line: 一、… / （一）… / 第一部分… */
export const PART_HEADING =
  /^(?:[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十]{1,3}部分[：:、\s]?)/;
export const AREA_HEADING = /^[（(][一二三四五六七八九十]{1,3}[）)]/;

/** Words a report heading usually ends with: a cut right after one is the likeliest boundary. */
const HEADING_END =
  /(?:回顾|工作|任务|目标|部署|建议|安排|要求|思路|取向|建设|发展|举措|成就|成绩|体会|情况|总结|改革|开放|民生|治理|保障|能力|格局|动能|体系|环境|优势|新局|水平|质量|活力)$/;

function bigram(a: number, b: number): number {
  return a * 65536 + b;
}

function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

export type HeadingTail = { paragraph: Paragraph; keep: number; span: Span; junk: string };

/**
 * Finds text glued by a scraper to the end of a heading ("一、过去五年工作回顾二号首长"): the longest tail of
 * three or more Han characters whose every bigram occurs nowhere else in the report, cut where the kept
 * heading ends on a bigram the report does use. Works from the document alone: no word lists.
 */
export function findHeadingTails(paragraphs: Paragraph[], bodyText: string): HeadingTail[] {
  const headings = paragraphs.filter(
    (p) =>
      p.text.length <= 60 &&
      (PART_HEADING.test(p.text) || AREA_HEADING.test(p.text)) &&
      !/[。；]/.test(p.text.slice(0, -1)),
  );
  if (headings.length === 0) return [];
  // A heading's own bigrams are counted once per occurrence of the heading; "elsewhere" means more than that.
  const own = new Map<number, number>();
  for (const h of headings) {
    for (let i = 0; i + 1 < h.text.length; i++) {
      const k = bigram(h.text.charCodeAt(i), h.text.charCodeAt(i + 1));
      own.set(k, (own.get(k) ?? 0) + 1);
    }
  }
  // Occurrences in the body are counted on demand with the native substring search, and only up to what
  // the question needs: most headings end on a common word and are dismissed after one look.
  const memo = new Map<number, boolean>();
  const seen = (a: number, b: number): boolean => {
    const k = bigram(a, b);
    let answer = memo.get(k);
    if (answer === undefined) {
      const needle = String.fromCharCode(a, b);
      const limit = (own.get(k) ?? 0) + 1;
      let count = 0;
      for (let i = bodyText.indexOf(needle); i !== -1 && count < limit; i = bodyText.indexOf(needle, i + 1))
        count++;
      answer = count >= limit;
      memo.set(k, answer);
    }
    return answer;
  };
  const out: HeadingTail[] = [];
  for (const h of headings) {
    const t = h.text;
    const body = t.replace(/[。.]$/, '');
    if (body.length < 6 || seen(body.charCodeAt(body.length - 2), body.charCodeAt(body.length - 1))) continue;
    // Candidate cuts: the tail is four or more Han characters, none of its bigrams (nor the glue bigram)
    // occurs elsewhere in the report.
    const minKeep = (PART_HEADING.exec(t) ?? AREA_HEADING.exec(t))?.[0].length ?? 0;
    const candidates: number[] = [];
    for (let k = minKeep + 2; k <= body.length - 4; k++) {
      let ok = !seen(body.charCodeAt(k - 1), body.charCodeAt(k));
      for (let i = k; ok && i < body.length; i++) {
        if (!isHan(body.charCodeAt(i))) ok = false;
        else if (i + 1 < body.length && seen(body.charCodeAt(i), body.charCodeAt(i + 1))) ok = false;
      }
      if (ok) candidates.push(k);
    }
    // Prefer the shortest tail cut after a word headings end with, then the longest cut after a bigram the
    // report uses.
    const cut =
      [...candidates].reverse().find((k) => HEADING_END.test(body.slice(0, k))) ??
      candidates.find((k) => seen(body.charCodeAt(k - 2), body.charCodeAt(k - 1))) ??
      -1;
    if (cut > 0) {
      const end = h.span[0] + body.length;
      out.push({ paragraph: h, keep: cut, span: [h.span[0] + cut, end], junk: body.slice(cut) });
    }
  }
  return out;
}

export function junkProblem(span: Span, text: string, kind: 'heading-tail' | 'page-tool'): Problem {
  return kind === 'heading-tail'
    ? {
        code: 'junk-removed',
        message: `标题末尾的无关文字「${text}」已移除 / Removed unrelated text glued to a heading: "${text}"`,
        span,
      }
    : {
        code: 'junk-removed',
        message: `网页工具栏文字「${text}」已移除 / Removed a web-page tool line: "${text}"`,
        span,
      };
}
