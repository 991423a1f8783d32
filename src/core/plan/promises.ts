import { extractOutcomes, type Outcome } from './outcomes.ts';
import type { Comparator, Direction, Plan, Span, Target } from './types.ts';

/**
 * Was the promise kept? Each year-target of one report is matched to the outcome of the same measure in the
 * next report of the same region, and judged by its comparator and direction. All pure functions.
 */

/** met / missed: compared; unclear: an outcome exists but cannot be compared; not-reported: no outcome found. */
export type PromiseVerdict = 'met' | 'missed' | 'unclear' | 'not-reported';

export const PROMISE_VERDICTS: readonly PromiseVerdict[] = ['met', 'missed', 'unclear', 'not-reported'];

export type PromiseTarget = {
  id: string;
  sectionId: string;
  subject: string;
  quote: string;
  span: Span;
  low: number;
  high: number;
  unit: string;
  comparator: Comparator;
  direction: Direction;
  /** The words of the target's clause before its number ("分别再提高30元、"), for its wording. */
  words: string;
  /**
   * The measure as matched, when the previous report's text tells more than the subject: the thing named after
   * the figure ("改造提升11条（段）市政路" -> "…市政路"), or the clause before for a generic subject ("重点项目",
   * "计划投资"). The subject when absent.
   */
  measure?: string;
};

export type PromiseOutcome = {
  id: string;
  measure: string;
  quote: string;
  span: Span;
  value: number;
  unit: string;
  year: number | null;
  period: Outcome['period'];
  qualifier: Outcome['qualifier'];
};

export type PromiseMatch = {
  target: PromiseTarget;
  outcome: PromiseOutcome | null;
  /** How alike the two measures are, 0..1 (after units, wording and period); 0 when there is no outcome. */
  score: number;
  verdict: PromiseVerdict;
  /** Why, in Chinese and English ("实际 5.2% ≥ 目标 5%（±5%） / actual 5.2% within ±5% of 5%"). */
  reason: string;
};

export type PromiseCheck = {
  previous: { title: string; region: string | null; year: number | null };
  next: { title: string; region: string | null; year: number | null };
  matches: PromiseMatch[];
  counts: Record<PromiseVerdict, number>;
  /** Warnings about the pair itself (different regions, years not consecutive). */
  problems: string[];
};

export type PromiseOptions = {
  /** Relative tolerance of a "~" (左右) target: 0.05 means within ±5%. */
  tolerance?: number;
  /** Lowest score at which a candidate outcome counts as the target's outcome. */
  threshold?: number;
  /** The previous report's text: gives each target the words of its clause (wording, 今明两年 spans). */
  previousText?: string;
};

const DEFAULT_TOLERANCE = 0.05;
const DEFAULT_THRESHOLD = 0.5;

/** Synonyms first (longest first), so that every way of naming one measure reads the same. */
const SYNONYMS: [RegExp, string][] = [
  [/单位(?:国内|地区)?生产总值(?:能源消耗|能耗)|单位GDP能耗|万元(?:GDP|生产总值)能耗/g, '单位能耗'],
  [/(?:国内|地区)生产总值|生产总值|GDP|经济增长|经济增速|经济总量/g, '生产总值'],
  [/居民消费价格(?:指数)?|CPI|物价(?:总水平)?/g, '居民消费价格'],
  [/(?:城镇新增就业|新增城镇就业|城镇就业新增)(?:人数)?/g, '新增就业'],
  [/(?:农村)?贫困人口(?:实现)?脱贫|(?:减少|减)(?:农村)?贫困人口|(?:农村)?贫困人口(?:减少|减)|减贫/g, '减贫'],
  [/农村贫困人口|贫困人口/g, '贫困人口'],
  [/外贸出口|出口总额|出口额/g, '出口'],
  [/一般公共预算收入|公共财政预算收入|地方一般公共预算收入/g, '一般预算收入'],
  [/固定资产投资|全社会固定资产投资/g, '固投'],
  [/社会消费品零售总额/g, '社零'],
  [/规模以上工业增加值|规上工业增加值/g, '规上增加值'],
  [/(?:城乡)?居民人均可支配收入/g, '人均可支配收入'],
  [/新建改建|新改建|新建和改建|改扩建|新建/g, '新建'],
  [/耕地轮作休耕/g, '轮作休耕'],
  [/棚户区(?:住房)?改造|棚改(?:攻坚)?/g, '棚改'],
  [/进城落户|在城镇落户|城镇落户/g, '城镇落户'],
  [/税负|负担/g, '负担'],
  [/下降|降低|减少|减轻|压减|压降|削减/g, '减'],
  // "市政路" is "市政道路": 路 alone names a road as well as 道路.
  [/道路/g, '路'],
];

/** Bigrams that many measures share ("排放量", "增长"): they count for less than the words naming the thing. */
const COMMON_BIGRAMS = new Set([
  '排放',
  '放量',
  '增长',
  '产量',
  '面积',
  '投资',
  '规模',
  '总额',
  '比重',
  '人数',
  '数量',
  '收入',
  '资金',
  '建设',
  '工程',
  '项目',
  '企业',
  '改造',
  '新建',
  '新增',
  '财政',
  '中央',
  '地方',
  '城镇',
  '农村',
  '全国',
]);

function weightOf(bigram: string): number {
  return COMMON_BIGRAMS.has(bigram) ? 0.3 : 1;
}

/** The names synonyms map to that name a measure on their own (not "减" or "新建"). */
const CANONICAL = [
  '单位能耗',
  '生产总值',
  '居民消费价格',
  '新增就业',
  '减贫',
  '贫困人口',
  '一般预算收入',
  '固投',
  '社零',
  '规上增加值',
  '人均可支配收入',
  '轮作休耕',
  '棚改',
  '城镇落户',
];

/** Words that tell two otherwise alike measures apart: 调查失业率 is not 登记失业率. */
const DISTINCT: [RegExp, RegExp][] = [
  [/调查/, /登记/],
  [/中央/, /地方/],
  [/中央/, /全国/],
  [/城镇/, /农村/],
  [/出口/, /进口/],
  [/收入/, /支出/],
  [/高速公路/, /农村公路/],
];

const GENERIC_MEASURE = /^(?:排放量|排放|产量|总量|面积|规模|人数|数量|总额|比重|增速|增幅|降幅|强度)$/;

/**
 * Whether a target's measure is an outcome's measure with a further head noun: "中央财政赤字" extends
 * "中央财政"; they are not one measure (the short one names an actor, the long one what it is about).
 * @example extendsWithOtherHead('中央财政赤字', '中央财政安排') -> true
 */
export function extendsWithOtherHead(a: string, b: string): boolean {
  // Only the first (the target) may be the longer: an outcome's extra words are mostly verbs ("首次跃上").
  const long = normalizeMeasure(a).replace(VERBS, '');
  const short = normalizeMeasure(b).replace(VERBS, '');
  if (short.length < 2 || long.length - short.length < 2 || CANONICAL.some((c) => short.endsWith(c)))
    return false;
  const longGrams = new Set(bigrams(long));
  // "二氧化硫排放量" over "二氧化硫": a generic measure word is no other head.
  if (long.startsWith(short) && GENERIC_MEASURE.test(long.slice(short.length))) return false;
  return bigrams(short).every((g) => longGrams.has(g)) && !long.endsWith(short.slice(-2));
}

/** Whether one measure names one side of a pair and the other the other side. */
export function measuresConflict(a: string, b: string): boolean {
  return DISTINCT.some(
    ([x, y]) => (x.test(a) && y.test(b) && !x.test(b)) || (y.test(a) && x.test(b) && !y.test(b)),
  );
}

/** Words that carry no meaning about which measure it is. */
const NOISE =
  /全县|全市|全省|全区|全国|我县|我市|我省|年内|今年|全年|当年|计划|拟安排|拟按|安排|完成|实现|确保|力争|争取|努力|至少|再|要|进一步|平均|实际|同比|分别|共|累计|达到|保持在|稳定在|控制在|以上|以内|左右|左|右|的/g;

/** The measure's text as compared: synonyms unified, noise words dropped. */
export function normalizeMeasure(text: string): string {
  let s = text.replace(/[\s“”"（）()、，,]/g, '');
  for (const [pattern, name] of SYNONYMS) s = s.replace(pattern, name);
  return s.replace(NOISE, '');
}

function bigrams(s: string): string[] {
  const chars = [...s];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/**
 * Dice similarity of the character bigrams of two measures, after synonyms (国内生产总值 = GDP = 经济增长).
 * @example measureSimilarity('国内生产总值增长', 'GDP增长') -> 1
 */
export function measureSimilarity(a: string, b: string): number {
  const na = normalizeMeasure(a);
  const nb = normalizeMeasure(b);
  const x = bigrams(na);
  const y = bigrams(nb);
  if (x.length === 0 || y.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const g of x) counts.set(g, (counts.get(g) ?? 0) + 1);
  let common = 0;
  let commonWeight = 0;
  for (const g of y) {
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      common++;
      commonWeight += weightOf(g);
      counts.set(g, n - 1);
    }
  }
  const total = (list: string[]): number => list.reduce((sum, g) => sum + weightOf(g), 0);
  const dice = (2 * commonWeight) / (total(x) + total(y));
  // "棚户区住房改造" inside "启动新的三年棚改攻坚计划开工": a short measure wholly inside a long one counts too,
  // when it names a thing and not only a verb ("增长").
  const shorter = na.length <= nb.length ? na : nb;
  const longer = na.length <= nb.length ? nb : na;
  const shortBigrams = Math.min(x.length, y.length);
  if (shorter.replace(VERBS, '').length < 2) return dice;
  // Containment counts only when both name the same canonical measure (棚改), or the longer one's head noun
  // (its last two characters, verbs aside) is in the shorter: "中央财政赤字" is not "中央财政".
  const head = longer.replace(VERBS, '').slice(-2);
  const canonical = CANONICAL.some((c) => na.includes(c) && nb.includes(c));
  if (!canonical && !shorter.includes(head)) return dice;
  const overlap = Math.min(commonWeight / total(x.length <= y.length ? x : y), common / shortBigrams);
  return Math.max(dice, overlap * (shortBigrams === 1 ? 0.6 : 0.75));
}

const VERBS = /增长|新增|增加|减|提高|上涨|上升|扩大|完成|实施|建设|开工/g;

export type UnitInfo = { base: string; scale: number };

const SCALES: [string, number][] = [
  ['万亿', 1e12],
  ['千万', 1e7],
  ['百万', 1e6],
  ['亿', 1e8],
  ['万', 1e4],
];
/** Units that mean the same thing counted the same way. */
const SAME_BASE: Record<string, string> = { 名: '人', 位: '人', '': '人', 千米: '公里', 家: '个' };

/**
 * A unit as base and scale: "万亿元" -> { base: '元', scale: 1e12 }; "%" -> { base: '%', scale: 1 };
 * "个百分点" -> { base: 'pp', scale: 1 }.
 * @example parseUnit('万人') -> { base: '人', scale: 10000 }
 */
export function parseUnit(unit: string): UnitInfo {
  if (unit === '个百分点' || unit === '百分点') return { base: 'pp', scale: 1 };
  for (const [prefix, scale] of SCALES) {
    if (unit.startsWith(prefix)) {
      const rest = unit.slice(prefix.length);
      return { base: SAME_BASE[rest] ?? rest, scale };
    }
  }
  return { base: SAME_BASE[unit] ?? unit, scale: 1 };
}

/** Classifiers of things counted one by one: 个, the general classifier, stands for any of them. */
const COUNT_CLASSIFIERS = new Set(['个', '项', '家', '所', '座', '处', '件', '批']);

/**
 * Whether two figures can be compared: same base unit, any 万/亿 scale; a rate (%) never compares with a change
 * in points (个百分点); 个 (the general classifier) compares with any classifier of counted things (项, 所, 座…).
 * @example unitsCompatible('亿元', '万亿元') -> true; unitsCompatible('%', '个百分点') -> false; unitsCompatible('个', '项') -> true
 */
export function unitsCompatible(a: string, b: string): boolean {
  const x = parseUnit(a).base;
  const y = parseUnit(b).base;
  if (x === y) return true;
  return (x === '个' && COUNT_CLASSIFIERS.has(y)) || (y === '个' && COUNT_CLASSIFIERS.has(x));
}

/** What the wording says the figure is: a growth rate, a reduction, something new, or a level. */
export type Wording = 'growth' | 'decrease' | 'new' | 'change' | 'level';

/**
 * The wording of a figure from the words before it: a growth rate, a reduction, something new, a change of an
 * amount ("比去年多100万人", "再提高30元"), or a level.
 * @example wordingOf('国内生产总值增长', '%') -> 'growth'; wordingOf('新增外贸出口企业', '家') -> 'new'
 */
export function wordingOf(words: string, unit: string): Wording {
  if (
    unit !== '%' &&
    unit !== '个百分点' &&
    /(?:比(?:上年|去年|上年年初预算|去年预算)[^，。；]{0,6}(?:多|增加|提高|增长|减少)|(?:再|分别再|又)(?:提高|增加|上调)|(?:提高|增加|上调)$)/.test(
      words,
    )
  )
    return 'change';
  const w = words.replace(/(?:比上年|比去年|同比)/g, '');
  const tail = w.slice(-12);
  if (
    /下降|降低|减少|压减|压降|压缩|退出|淘汰|化解|削减|减排|降$|减税|降费|减轻|贫困人口(?:实现)?脱贫/.test(
      tail,
    )
  ) {
    if (!/降至|降到|下降到|降低到|减少到|减少至|控制在/.test(tail)) return 'decrease';
  }
  if (
    (unit === '%' || unit === '个百分点') &&
    /增长|增速|增幅|涨幅|上涨|上升|提高|增加|扩大|增$/.test(tail) &&
    !/率|比重|占比|比例|覆盖|普及|水平/.test(tail.replace(/增长率|增速/, ''))
  )
    return 'growth';
  if (/新增|新建|新改建|新开工|新设|新培育|新引进|新认定|新创建|新登记|增加$/.test(w)) return 'new';
  return 'level';
}

/** A target's wording: a change when its own clause says so ("再提高30元、5元"), else from its subject. */
function targetWording(t: PromiseTarget): Wording {
  return wordingOf(t.words, t.unit) === 'change' ? 'change' : wordingOf(t.subject, t.unit);
}

/** Measures that are ceilings by nature: a rate of unemployment, a rise in prices, a deficit ratio. */
const CAP_SUBJECT = /失业率|价格|涨幅|物价|赤字率|负债率|能耗强度|碳排放强度/;

function isCap(t: PromiseTarget): boolean {
  if (t.comparator === '<=' || t.comparator === '<') return true;
  if (/降至|降到|下降到|降低到|减少到|控制在/.test(t.quote)) return true;
  return CAP_SUBJECT.test(t.subject) && !/下降|降低|增长|增速/.test(t.subject.replace(/涨幅/, ''));
}

/** Taxes and fees cut together ("减税降费约1.3万亿元"): such a figure settles no target on taxes or fees alone. */
const COMBINED_TAX_AND_FEES = /减税降费|降税减费|减税减费|税费/;

/** Words right before a figure that make it a total reached ("高新技术企业达到1306家"), not what was added. */
const STOCK_WORDS = /(?:达到|达|增至|增加到|增长到|提高到|上升到|发展到|总数|总量|总计|共有|拥有)$/;

/**
 * Whether an outcome is a total reached (a stock) rather than a count of the year: "高新技术企业达到1306家" says
 * how many there are, not how many were added, so it cannot settle "新增高新技术企业100家".
 * @example isStock(outcome({ measure: '高新技术企业', quote: '高新技术企业达到1306家' })) -> true
 */
export function isStock(o: Pick<PromiseOutcome, 'measure' | 'quote' | 'unit'>): boolean {
  if (wordingOf(o.measure, o.unit) !== 'level') return false;
  const at = o.quote.search(/[\d.]+[^\d]*$/);
  return at > 0 && STOCK_WORDS.test(o.quote.slice(0, at));
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(10)));
}

/**
 * The verdict of one target against one outcome (null: not reported), with a reason in Chinese and English.
 * @example judgePromise({ low: 5, high: 5, unit: '%', comparator: '~', direction: 'increase', … },
 *   { value: 5.2, unit: '%', qualifier: '=', period: 'year', … }) -> { verdict: 'met', reason: '…' }
 */
export function judgePromise(
  target: PromiseTarget,
  outcome: PromiseOutcome | null,
  options: PromiseOptions = {},
): { verdict: PromiseVerdict; reason: string } {
  if (!outcome)
    return { verdict: 'not-reported', reason: '下一年报告未报告此项 / not reported in the next report' };
  if (!unitsCompatible(target.unit, outcome.unit))
    return {
      verdict: 'unclear',
      reason: `单位不可比（${target.unit} 与 ${outcome.unit}） / units do not compare (${target.unit} vs ${outcome.unit})`,
    };
  if (outcome.period === 'multi-year')
    return {
      verdict: 'unclear',
      reason: '报告只给出多年累计或年均数 / the report gives only a multi-year figure',
    };
  const tWording = targetWording(target);
  const oWording = wordingOf(outcome.measure, outcome.unit);
  if (target.unit === '%' && (tWording === 'growth') !== (oWording === 'growth'))
    return {
      verdict: 'unclear',
      reason: '一为增速、一为水平，不可比 / one is a growth rate, the other a level',
    };
  if ((tWording === 'change') !== (oWording === 'change'))
    return {
      verdict: 'unclear',
      reason: '一为增减量、一为总量，不可比 / one is a change, the other a level',
    };
  if (
    (tWording === 'new' && isStock(outcome)) ||
    (oWording === 'new' && isStock({ measure: target.subject, quote: target.quote, unit: target.unit }))
  )
    return {
      verdict: 'unclear',
      reason: '一为新增数、一为总数，不可比 / one counts new ones, the other the total',
    };
  if (COMBINED_TAX_AND_FEES.test(outcome.measure) && /税/.test(target.subject) !== /费/.test(target.subject))
    return {
      verdict: 'unclear',
      reason: '报告只给出税费合计 / the report gives taxes and fees together',
    };
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const ts = parseUnit(target.unit).scale;
  const os = parseUnit(outcome.unit).scale;
  const low = target.low * ts;
  const high = target.high * ts;
  const value = outcome.value * os;
  // "超过126万亿元" is above its number, "近30%" below it: nudge the figure by a hair.
  const eps = Math.abs(value) * 1e-4 + 1e-12;
  const v = outcome.qualifier === '>' ? value + eps : outcome.qualifier === '<' ? value - eps : value;
  const rounding = Math.abs(low) * 1e-6;
  const shown = `${fmt(outcome.value)}${outcome.unit}`;
  const goal =
    target.low === target.high
      ? `${fmt(target.low)}${target.unit}`
      : `${fmt(target.low)}–${fmt(target.high)}${target.unit}`;
  let met: boolean;
  let rule: string;
  if (isCap(target)) {
    const limit = target.comparator === '~' ? high * (1 + tolerance) : high;
    met = target.comparator === '<' ? v < limit : v <= limit + rounding;
    rule = target.comparator === '~' ? `≤ ${goal}（+${tolerance * 100}%）` : `≤ ${goal}`;
  } else {
    switch (target.comparator) {
      case '>':
        met = v > low;
        rule = `> ${goal}`;
        break;
      case '~':
        met = v >= low * (1 - tolerance) - rounding;
        rule = `≥ ${goal}（-${tolerance * 100}%）`;
        break;
      case 'range':
      case '>=':
      case '=':
        met = v >= low - rounding;
        rule = `≥ ${target.comparator === 'range' ? `${fmt(target.low)}${target.unit}` : goal}`;
        break;
      case '<=':
      case '<':
        met = v <= high + rounding;
        rule = `≤ ${goal}`;
        break;
    }
  }
  return met
    ? { verdict: 'met', reason: `实际 ${shown}，目标 ${rule}：完成 / actual ${shown}, target ${rule}: met` }
    : {
        verdict: 'missed',
        reason: `实际 ${shown}，目标 ${rule}：未完成 / actual ${shown}, target ${rule}: missed`,
      };
}

/** The words of the target's clause before its number, read from the previous report's text when given. */
function clauseWords(t: Target, text: string | undefined): string {
  const digit = t.quote.search(/\d/);
  if (!text || digit === -1) return digit === -1 ? t.quote : t.quote.slice(0, digit);
  const at = t.span[0] + digit;
  let start = at;
  while (start > 0 && at - start < 80 && !/[，,；;。：:\n]/.test(text[start - 1] ?? '')) start--;
  return text.slice(start, at);
}

/** Where the sentence holding a position starts (after 。；; or a line break, at most 200 characters back). */
function sentenceStart(at: number, text: string): number {
  let start = at;
  while (start > 0 && at - start < 200 && !/[；;。\n]/.test(text[start - 1] ?? '')) start--;
  return start;
}

/** The sentence of the target up to its number: where "今明两年" would say it is not a one-year target. */
function sentenceBefore(t: Target, text: string): string {
  return text.slice(sentenceStart(t.span[0], text), t.span[0]);
}

/** Words a figure's trailing text may start with that name no thing ("…的", "…以上", "…和"). */
const NOT_AN_OBJECT =
  /^(?:的|之|以|左右|和|与|及|或|其中|比|同比|分别|等|为|是|在|到|至|倍|次|年|月|日|后|前|内|中|上|下|左|右|安排|用于)/;

/**
 * The thing a target names after its figure ("改造提升11条（段）市政路", "完成…沿线227个村庄生活污水治理"): the
 * words after the quote up to the clause's end, a parenthesis skipped; empty when there are none.
 * @example objectAfter('…改造提升11条（段）市政路，…', span) -> '市政路'
 */
function objectAfter(span: Span, text: string): string {
  const rest = text.slice(span[1], span[1] + 40).replace(/^[（(][^）)]{0,8}[）)]/, '');
  const m = /^([^\d，,。；;：:、\n（(“”"]{2,16})(?:[，,。；;：:\n]|$)/.exec(rest);
  const phrase = m?.[1] ?? '';
  return NOT_AN_OBJECT.test(phrase) ? '' : phrase;
}

/** A subject that names no particular thing: only projects or investment ("重点项目", "计划投资"). */
const GENERIC_SUBJECT =
  /^(?:加快|建设|实施|推进|安排|计划|完成|当年|年度|新开工|开工|竣工|建成)*(?:重点|重大)?(?:项目|工程|总投资|投资)$/;

/**
 * What a target is about, when the previous report says more than its subject: the object after the figure,
 * or, for a generic subject ("重点项目"), the clause before it in the same sentence ("深入推进白洋淀上游流域
 * 综合治理，加快建设…的25个重点项目").
 */
function targetMeasure(t: Target, text: string | undefined): string | undefined {
  if (!text) return undefined;
  const object = objectAfter(t.span, text);
  if (object) return `${t.subject}${object}`;
  if (!GENERIC_SUBJECT.test(t.subject)) return undefined;
  const clauses = sentenceBefore(t, text).split(/[，,]/);
  const before = (clauses[clauses.length - 2] ?? '').replace(/[\d.].*$/, '');
  return before.length >= 2 ? `${before}${t.subject}` : undefined;
}

function toPromiseTarget(t: Target, previousText?: string): PromiseTarget {
  const measure = targetMeasure(t, previousText);
  return {
    id: t.id,
    sectionId: t.sectionId,
    subject: t.subject,
    quote: t.quote,
    span: t.span,
    low: t.low,
    high: t.high,
    unit: t.unit,
    comparator: t.comparator,
    direction: t.direction,
    words: clauseWords(t, previousText),
    ...(measure !== undefined && measure !== t.subject ? { measure } : {}),
  };
}

/** The outcome as a match shows it. */
export function toPromiseOutcome(o: Outcome): PromiseOutcome {
  return {
    id: o.id,
    measure: o.measure,
    quote: o.quote,
    span: o.span,
    value: o.value,
    unit: o.unit,
    year: o.year,
    period: o.period,
    qualifier: o.qualifier,
  };
}

/**
 * How well an outcome answers a target, 0..1: measure similarity, adjusted for unit compatibility, wording
 * (增长 vs level, 新增 vs stock, 下降) and the period and year the outcome covers.
 * @example scoreCandidate(target('城镇新增就业', '万人'), outcome('城镇新增就业', 1244, '万人'), 2023) -> 1
 */
export function scoreCandidate(target: PromiseTarget, outcome: Outcome, year: number | null): number {
  const measure = target.measure ?? target.subject;
  let s = Math.max(
    measureSimilarity(measure, outcome.measure),
    measureSimilarity(target.quote, outcome.measure) * 0.9,
  );
  if (s === 0) return 0;
  if (measuresConflict(measure, outcome.measure)) s -= 0.5;
  if (extendsWithOtherHead(measure, outcome.measure)) s -= 0.3;
  // Figures in other units are the target's outcome only when the measure is named all but identically.
  if (unitsCompatible(target.unit, outcome.unit)) s += 0.1;
  else if (s >= 0.85) s -= 0.25;
  else return 0;
  const tw = targetWording(target);
  const ow = wordingOf(outcome.measure, outcome.unit);
  if (tw === ow) s += 0.1;
  else if (tw === 'change' || ow === 'change') s -= 0.25;
  else if (tw === 'growth' || ow === 'growth' || tw === 'decrease' || ow === 'decrease') s -= 0.2;
  else s -= 0.1;
  if (outcome.period === 'multi-year') s -= 0.2;
  if (year !== null && outcome.year !== null && outcome.year !== year) s -= 0.3;
  return Math.max(0, Math.min(1, s));
}

/**
 * Matches each year-target of `previous` to the best outcome of `outcomes` (from the next report), or none,
 * and judges it.
 * @example matchPromises(plan2023, extractOutcomes(plan2024, text2024))[0]
 *   -> { target: { quote: '国内生产总值增长5%左右', … }, outcome: { quote: '增长5.2%', … }, verdict: 'met', … }
 */
export function matchPromises(
  previous: Plan,
  outcomes: Outcome[],
  options: PromiseOptions = {},
): PromiseMatch[] {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const text = options.previousText;
  // "今明两年…高职院校扩招200万人": a two-year figure is no promise for the one year.
  const yearTargets = previous.targets.filter(
    (t) =>
      t.horizon === 'year' &&
      !(text && /今明两年|两年内|三年内|今后[两三五]年/.test(sentenceBefore(t, text))),
  );
  const targets = yearTargets.map((t) => toPromiseTarget(t, text));
  // Every candidate at or above the threshold, best first (ties: the earlier target, the earlier outcome).
  const candidates: { i: number; j: number; s: number }[] = [];
  targets.forEach((target, i) =>
    outcomes.forEach((o, j) => {
      const s = scoreCandidate(target, o, previous.year);
      if (s >= threshold) candidates.push({ i, j, s });
    }),
  );
  candidates.sort((a, b) => b.s - a.s || a.i - b.i || a.j - b.j);
  // "安排重点项目440项，…50项重点项目竣工投产，…140项重点项目开工": the targets of one sentence are distinct
  // promises, so one figure answers at most one of them (the best scored); the others take their next best.
  // Targets with one quote (a 分别 list: "二氧化硫、氮氧化物排放量分别下降3%") may share a figure.
  const sentenceOf = targets.map((t, i) => (text ? sentenceStart(t.span[0], text) : -1 - i));
  const chosen = new Map<number, { j: number; s: number }>();
  const takenBy = new Map<string, number[]>();
  for (const c of candidates) {
    if (chosen.has(c.i)) continue;
    const key = `${sentenceOf[c.i]}:${c.j}`;
    const holders = takenBy.get(key) ?? [];
    if (holders.some((k) => targets[k]?.quote !== targets[c.i]?.quote)) continue;
    chosen.set(c.i, { j: c.j, s: c.s });
    takenBy.set(key, [...holders, c.i]);
  }
  return targets.map((target, i) => {
    const pick = chosen.get(i);
    const best = pick ? outcomes[pick.j] : undefined;
    const outcome = best ? toPromiseOutcome(best) : null;
    const { verdict, reason } = judgePromise(target, outcome, options);
    return {
      target,
      outcome,
      score: outcome && pick ? Math.round(pick.s * 1000) / 1000 : 0,
      verdict,
      reason,
    };
  });
}

/** Counts per verdict, every verdict present (zero included: "not reported" is a finding too). */
export function countVerdicts(matches: { verdict: PromiseVerdict }[]): Record<PromiseVerdict, number> {
  const counts: Record<PromiseVerdict, number> = { met: 0, missed: 0, unclear: 0, 'not-reported': 0 };
  for (const m of matches) counts[m.verdict]++;
  return counts;
}

/** The two reports of a promise check: the plans and the texts they were parsed from. */
export type PromisePair = { previous: Plan; previousText?: string; next: Plan; nextText: string };

/**
 * The whole check of a pair of reports: outcomes of `next`, matches and verdicts for the year-targets of
 * `previous`, counts, and warnings when the pair is not the same region in consecutive years.
 * @example checkPromises({ previous: parseReport(t2023), previousText: t2023, next: parseReport(t2024), nextText: t2024 }).counts
 *   -> { met: 5, missed: 0, unclear: 0, 'not-reported': 2 }
 */
export function checkPromises(pair: PromisePair, options: PromiseOptions = {}): PromiseCheck {
  const { previous, next } = pair;
  const problems: string[] = [];
  if (previous.region && next.region && previous.region !== next.region)
    problems.push(
      `两份报告地区不同（${previous.region} / ${next.region}） / the reports are of different regions`,
    );
  if (previous.year !== null && next.year !== null && next.year !== previous.year + 1)
    problems.push(`年度不相邻（${previous.year} → ${next.year}） / the years are not consecutive`);
  const matches = matchPromises(previous, extractOutcomes(next, pair.nextText), {
    ...options,
    previousText: options.previousText ?? pair.previousText,
  });
  const about = (p: Plan): PromiseCheck['previous'] => ({ title: p.title, region: p.region, year: p.year });
  return { previous: about(previous), next: about(next), matches, counts: countVerdicts(matches), problems };
}
