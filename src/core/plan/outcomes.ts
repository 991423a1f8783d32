import { toReadable } from '../text/readable.ts';
import type { Baseline, Plan, Span } from './types.ts';

/**
 * Outcomes: what a report's review part says was achieved ("国内生产总值增长5.2%", "新增外贸出口企业45家").
 * They start from the parser's baselines (every quantity of a review paragraph) and add what a promise check
 * needs: the measure in full (a bare "新增2000多台" borrows "全县先进无梭织机" from the clause before it), the
 * period the figure covers (one year, or 年均/累计/五年来 figures that say nothing about a single year), the
 * qualifier of the figure (超过, 多, 近, 约) and whether it is only a from-value ("从54万亿元增加到…").
 */

/** How the figure is qualified: ">" 超过/多/余/以上, "<" 近/不到, "~" 约/左右, "=" as written. */
export type OutcomeQualifier = '>' | '<' | '~' | '=';

/** What the figure covers: the year under review, or several years (年均, 累计, 五年来). */
export type OutcomePeriod = 'year' | 'multi-year';

export type Outcome = {
  id: string;
  sectionId: string;
  /** What was measured, as the report words it, completed from the clause before when bare ("…织机新增"). */
  measure: string;
  /** The words of the sentence up to and including the figure: the wording a matcher reads (增长, 新增…). */
  context: string;
  value: number;
  /** As written, scale included ("万人", "亿元", "%", "个百分点"). */
  unit: string;
  /** The year the figure refers to (the one named before it, else the year before the report's). */
  year: number | null;
  period: OutcomePeriod;
  qualifier: OutcomeQualifier;
  /** Verbatim source text, `source.slice(span[0], span[1])`. */
  quote: string;
  span: Span;
};

const SENTENCE_BREAK = /[。；;！!？?\n]/;
const CLAUSE_BREAK = /[，,。；;：:！!？?\n]/;

/** Bare words that name no measure on their own: the figure borrows the measure of the clause before. */
const BARE_MEASURE =
  /^(?:同比|比上年|比去年|分别|其中|总量|总额|实际|名义|平均|年均|增速|增幅|降幅)?(?:新增|增加|增长|提高|上升|下降|降低|减少|上涨|达到|达|完成|实现|突破|超过)?$/;

/** Investment named on its own ("当年投资996.3亿元" after "实施重点项目502项"): it is the investment of the thing before. */
const GENERIC_INVESTMENT = /^(?:实施|完成|当年|计划|全年)*(?:总)?投资(?:额)?$/;

/** Words that put a figure over several years. */
const MULTI_YEAR =
  /年均|累计|一直|始终|连年|每年都|五年来|十年来|几年来|多年来|近五年|近十年|五年间|五年内|过去五年|这五年|五年(?:累计|共|总计|增长|减少|下降|提高|新增|来)|十年(?:增加|累计|来)|连续\d+年|连续[二三四五六七八九十]+年|历年|以来/;
/** A paragraph about the whole term ("五年来，经济实力跃上新台阶。"). */
const MULTI_YEAR_PARAGRAPH =
  /五年来|过去五年|这五年|十年来|过去十年|以来的五年|“十[一二三四五]五”时期|十[一二三四五]五时期/;
/** A review part about a whole term ("一、过去五年工作回顾"), not one about the year ("过去一年和五年工作回顾"). */
const MULTI_YEAR_SECTION = /五年|十年/;
const ONE_YEAR_SECTION = /一年|\d{4}年(?!以来)/;
/** A sentence that names the single year under review ("2023年", "去年", "过去一年"). */
const ONE_YEAR_SENTENCE = /去年|过去一年|一年来|刚刚过去的|\d{4}年(?!以来|来)/;

function lastBreak(text: string, from: number, pattern: RegExp, limit = 400): number {
  const stop = Math.max(0, from - limit);
  for (let i = from - 1; i >= stop; i--) if (pattern.test(text[i] ?? '')) return i + 1;
  return stop;
}

function nextBreak(text: string, from: number, pattern: RegExp, limit = 400): number {
  const stop = Math.min(text.length, from + limit);
  for (let i = from; i < stop; i++) if (pattern.test(text[i] ?? '')) return i;
  return stop;
}

/** The figure's qualifier from the words right around it. */
function qualifierOf(before: string, after: string, quote: string): OutcomeQualifier {
  if (/\d(?:多|余)/.test(quote) || /^(?:多|余)/.test(after) || /^(?:以上|之上)/.test(after)) return '>';
  if (/(?:超过|突破|超|逾|高于)$/.test(before) || /(?:超过|突破|超|逾)\d/.test(quote)) return '>';
  if (/(?:近|接近|将近|不到|不足)$/.test(before) || /(?:接近|近)\d/.test(quote)) return '<';
  if (/(?:约|大约)$/.test(before) || /约\d/.test(quote) || /^左右/.test(after)) return '~';
  return '=';
}

/** The measure a baseline names, without its leading list/clause filler and a trailing from-marker. */
function cleanMeasure(subject: string): string {
  return subject
    .replace(/^(?:[一二三四五六七八九十]是|其中|同时|并|还|全年|去年|今年|当年)+/, '')
    .replace(/(?:从|由)$/, '')
    .replace(/(?:稳定在|保持在|控制在|提高到|增加到|上升到|降到|降至|平均为|为|达到|达)$/, '')
    .trim();
}

/**
 * The outcomes of a report's review part, in document order.
 * @example extractOutcomes(parseReport(text), text)[0]
 *   -> { measure: '国内生产总值增长', value: 5.2, unit: '%', year: 2023, period: 'year', qualifier: '=', … }
 */
export function extractOutcomes(plan: Plan, source: string): Outcome[] {
  const readable = toReadable(source);
  const outcomes: Outcome[] = [];
  let previous: { sentenceStart: number; measure: string } | null = null;
  const topSection = new Map(plan.sections.map((s) => [s.id, s]));
  const listed = distributeLists(plan.baselines, readable);
  for (const original of plan.baselines) {
    const subject = listed.get(original.id);
    const b = subject === undefined ? original : { ...original, subject };
    const top = b.sectionId.split('.')[0] ?? b.sectionId;
    const section = topSection.get(top);
    const o = readOutcome(b, section?.title ?? '', section?.span[0] ?? 0, readable, previous, plan.year);
    if (!o) continue;
    let outcome = o.outcome;
    // "国内生产总值超过126万亿元，增长5.2%": a quote that does not name its measure starts where the measure is
    // named, so that it reads on its own beside the target.
    const head = outcome.measure.slice(0, 2);
    const named = head.length === 2 ? readable.lastIndexOf(head, outcome.span[0] - 1) : -1;
    if (!outcome.quote.includes(head) && named >= o.sentenceStart) {
      const span: Span = [named, outcome.span[1]];
      outcome = { ...outcome, span, quote: source.slice(span[0], span[1]) };
    }
    previous = { sentenceStart: o.sentenceStart, measure: outcome.measure };
    outcomes.push({ ...outcome, id: `o${outcomes.length + 1}` });
  }
  return outcomes;
}

/** Measure words a list's last item names for all ("二氧化硫、氮氧化物排放量": both are 排放量). */
const SHARED_MEASURE = /(排放量|产量|总量|面积|投资|增加值|收入|比重|比例|人数|规模|总额|利润)$/;

/**
 * "二氧化硫、氮氧化物排放量分别下降5.6%和4%", "基础设施、制造业投资分别增长9.4%、9.1%": one measure per figure.
 * Returns the subject of each baseline of such a list, by id.
 */
function distributeLists(baselines: Baseline[], r: string): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < baselines.length; i++) {
    const first = baselines[i];
    if (!first) continue;
    const m = /^(.+?)分别(.*)$/.exec(first.subject);
    if (!m?.[1] || !/[、和与及]/.test(m[1])) continue;
    // "汽车及零部件、新材料…": when splitting on 和/与/及 too gives more items than figures, 、 alone separates.
    const splits = [/、|和|与|及/, /、/].map((sep) => m[1]?.split(sep).filter(Boolean) ?? []);
    const most = Math.max(...splits.map((list) => list.length));
    const chain = [first];
    for (let j = i + 1; j < baselines.length && chain.length < most; j++) {
      const prev = chain[chain.length - 1];
      const next = baselines[j];
      if (!prev || !next) break;
      if (!/^[、和与及,，]?$/.test(r.slice(prev.span[1], next.span[0]))) break;
      // "…分别增长29.2%、…和33%，新能源汽车产量达到5.5万辆": a figure in another unit, or one that names its own
      // measure, ends the list.
      if (next.unit !== first.unit || !/^[\d.]/.test(next.quote)) break;
      chain.push(next);
    }
    const items = splits.find((list) => list.length >= 2 && list.length === chain.length);
    if (!items) continue;
    const verb = (m[2] ?? '').replace(/[^\u4e00-\u9fa5]/g, '');
    const shared = SHARED_MEASURE.exec(items[items.length - 1] ?? '')?.[1] ?? '';
    chain.forEach((b, k) => {
      const item = items[k] ?? '';
      out.set(b.id, `${shared && !item.endsWith(shared) ? item + shared : item}${verb}`);
    });
    i += chain.length - 1;
  }
  return out;
}

/**
 * Whether a review paragraph is about the whole term. Each paragraph that opens on the term (五年来, 过去五年) or on
 * the year (去年, 过去一年, 2022年) says so; a paragraph that opens on neither belongs where the one before it was
 * ("一、过去一年和五年工作回顾": after "过去五年极不寻常…", "（六）保障国家粮食安全…" is still about the five years).
 * Before any such paragraph, the section title decides ("一、过去五年工作回顾").
 */
function paragraphOnTerm(
  r: string,
  sectionTitle: string,
  sectionStart: number,
  paragraphStart: number,
): boolean {
  let term = MULTI_YEAR_SECTION.test(sectionTitle) && !ONE_YEAR_SECTION.test(sectionTitle);
  let at = sectionStart;
  while (at <= paragraphStart) {
    const end = r.indexOf('\n', at);
    const head = r.slice(at, Math.min(at + 40, end === -1 ? r.length : end));
    if (MULTI_YEAR_PARAGRAPH.test(head)) term = true;
    else if (ONE_YEAR_SENTENCE.test(head)) term = false;
    if (end === -1) break;
    at = end + 1;
  }
  return term;
}

function readOutcome(
  b: Baseline,
  sectionTitle: string,
  sectionStart: number,
  r: string,
  previous: { sentenceStart: number; measure: string } | null,
  reportYear: number | null,
): { outcome: Outcome; sentenceStart: number } | null {
  const [start, end] = b.span;
  const paragraphStart = lastBreak(r, start, /\n/, 20000);
  const sentenceStart = lastBreak(r, start, SENTENCE_BREAK);
  const clauseStart = lastBreak(r, start, CLAUSE_BREAK);
  const clauseEnd = nextBreak(r, end, CLAUSE_BREAK);
  const numberAt = start + Math.max(0, r.slice(start, end).search(/\d/));
  const before = r.slice(clauseStart, numberAt);
  const after = r.slice(end, clauseEnd);
  // "从54万亿元增加到82.7万亿元": the first figure is where things stood, not what was achieved.
  const afterNumber = r.slice(numberAt, clauseEnd).replace(/^[\d.]+/, '');
  if (
    /(?:从|由)[^，。；从由]*$/.test(before) &&
    /^[^\d，。；]{0,4}?(?:[、和][\d.]+[^\d，。；]{0,4}?)*[^，。；\d]{0,8}?(?:到|至)/.test(afterNumber)
  )
    return null;
  // "增加到…" tails aside, a figure compared with a base ("是十年前的3倍") is no outcome of the year either.
  const sentenceHead = r.slice(sentenceStart, numberAt);
  const paragraphHead = r.slice(paragraphStart, Math.min(paragraphStart + 40, r.length));
  // "刚刚过去的2017年，…" inside "一、过去五年工作回顾": this paragraph is about the year.
  const termWide =
    MULTI_YEAR_PARAGRAPH.test(paragraphHead) ||
    paragraphOnTerm(r, sectionTitle, Math.min(sectionStart, paragraphStart), paragraphStart);
  const multi = MULTI_YEAR.test(sentenceHead) || (termWide && !ONE_YEAR_SENTENCE.test(sentenceHead));
  let measure = cleanMeasure(
    b.subject.replace(/(?:从|由)[^从由]*(?:到|至)[^从由]*$/, '').replace(/(?:从|由)$/, '') || b.subject,
  );
  const genericInvestment = GENERIC_INVESTMENT.test(measure);
  if (
    (BARE_MEASURE.test(measure) || measure.length <= 2 || genericInvestment) &&
    previous &&
    previous.sentenceStart === sentenceStart
  ) {
    // "全县先进无梭织机达到7200余台，新增2000多台": the bare figure continues the measure before it.
    const head = previous.measure.replace(
      /(?:同比|分别|新增|增加|增长|提高|上升|下降|降低|减少|上涨|达到|完成|实现|突破|超过|总量)+$/,
      '',
    );
    const rest = genericInvestment
      ? measure.replace(/^(?:实施|完成|当年|计划|全年)+/, '')
      : measure.replace(/^(?:分别|同比|其中)+/, '');
    // "分别增长9%和9.8%": the second figure has only 分别 before it and shares the whole measure.
    measure = rest ? head + rest : previous.measure;
  }
  const year = b.year !== null && reportYear !== null && b.year >= reportYear ? reportYear - 1 : b.year;
  return {
    sentenceStart,
    outcome: {
      id: '',
      sectionId: b.sectionId,
      measure,
      context: r.slice(sentenceStart, end),
      value: b.value,
      unit: b.unit,
      year,
      period: multi ? 'multi-year' : 'year',
      qualifier: qualifierOf(before, after, b.quote),
      quote: b.quote,
      span: b.span,
    },
  };
}
