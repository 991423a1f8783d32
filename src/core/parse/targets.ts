import type { Baseline, Comparator, Direction, Horizon, Problem, Target } from '../plan/types.ts';
import { readQuantities, type Quantity } from '../text/quantities.ts';
import type { PlacedParagraph } from './outline.ts';

/**
 * Quantitative targets (in plan parts) and baselines (in review parts), as defined in eval/SCHEMA.md.
 * Every decision reads only the paragraph at hand and the plan year; nothing is tuned to a single report.
 */

/** place: matches a clause that opens with the region having something ("高阳有…", "全市有…"). */
type Context = { year: number | null; readable: string; source: string; place: RegExp };

/** The `place` pattern for a region's short name ("高阳" for 高阳县). */
export function placePattern(shortName: string | null): RegExp {
  const name = shortName && shortName.length >= 2 ? shortName.replace(/[.*+?^${}()|[\]\\]/g, '') : '';
  return new RegExp(`^(?:${name ? `${name}|` : ''}全[市省县区国]|我[市省县区国])(?:境内)?(?:共)?有`);
}

/** Why a quantity is not a target, or null when it is one. */
type Verdict = { skip: string } | null;

/** A set of characters as a lookup table on char codes (far cheaper than a regex per character). */
function charSet(chars: string): Uint8Array {
  const set = new Uint8Array(65536);
  for (const c of chars) set[c.charCodeAt(0)] = 1;
  return set;
}
const CLAUSE_END = charSet('，,。；;：:！!？?\n');
const SENTENCE_END = charSet('。！!？?；;');

/** Words that open a clause without naming what is measured. */
const LEAD_FILLER =
  /^(?:同时|并且|并|而且|其中|另外|此外|但|而|也|还|就|把|要|将|再|全年|今年|年内|当年|明年|力争|确保|争取|努力|推动|促进|预期|目标是|主要预期目标是|是|在此基础上|此外|以及|和|与|及|等)+/;
/** Verbs and comparators between the measured thing and its number. */
const TAIL_COPULA =
  /(?:达到|达|完成|实现|稳定在|保持在|控制在|提高到|提高至|提升到|提升至|增加到|增加至|增至|扩大到|扩大至|降低到|降低至|降至|下降到|下降至|减少到|减少至|调整为|调整到|突破|超过|不低于|不少于|不超过|不高于|至少|超|为|在|约|近|拟按|拟安排|新安排|安排|定在|定为|预期目标为|目标为|分别|各|(?<!人)均|拟|总计|共计|累计|左右|每人每月|每人每年|每年|每月)+$/;
/** A subject that names no thing on its own ("年均增长", "完成年度投资"): it borrows the previous subject. */
const GENERIC_SUBJECT =
  /^(?:年均|年度|全年)?(?:增长|增速|下降|降低|提高|增加|减少|增幅|降幅)?$|^(?:完成|带动)?(?:年度|全年|年)?(?:总)?投资(?:额)?$|^(?:比|较)(?:上年|去年|上年年初预算)(?:增加|增长|减少|下降|提高)?$|^(?:其中)?$|^(?:服务)?(?:数量|总量|项目数|人数)(?:增加|增长)?$/;
/** Verbs a subject may start with ("新建改扩建幼儿园"), inherited by the next item of a list ("、中小学"). */
const LEAD_VERB =
  /^(?:新建改扩建|新建和改造提升|新建和加密建设|新建设|新建|改扩建|新改建|改造提升|新开工改造|新开工|开工|改造|建设|建成|培育|新培育|打造|实施|完成|启动|推广种植|推广|引进|新增|创建|开展|组织|举办|培训|吸纳|培养|招录|发放|认定|淘汰|压减|退出|关停)/;
/** A clause that only holds verbs before its number ("突出抓好180个重点项目建设"): the subject follows the number. */
const VERB_ONLY =
  /^(?:突出|重点|着力|加快|大力|积极|全面|持续|继续|高质量|高标准|新|再|共|累计|计划|争取|力争|确保|支持|推动|完成|实施|启动|抓好|建设|建成|建好|新建|新建设|改扩建|新改建|改造|提升|改造提升|打造|培育|引进|新增|创建|组织|开展|举办|吸纳|开发|储备|培养|招录|动员|为|惠及|发展|办好|扶持|认定|落实|带动|安排|筹集|募集|新开工|开工|实现|达到|建立|设立|布局|谋划|推进|服务|帮助|引导|选择|遴选|扶贫|帮扶|资助|救助|覆盖|改建|扩建|治理|整治|修复|种植|推广|培训|转移|招引|招商|签约|落地|投用|运营|开放|开通|贯通|通车|提供|发放|补贴|奖励|新培育|高质量建好|坚决|守住|严守|坚守)+$/;

/** Units of measure (not counts): "150万吨以上的物流园区" names a size class, "30个以上联合体" counts. */
const MEASURE_UNIT = /(?:吨|千瓦|瓦|元|亩|公顷|米|公里|千米|立方米|平方米|斤|时|标准煤|标准箱)$/;

const DECREASE =
  /(?:^|[^提升])降$|比[^，。；]{0,8}低$|拆违|清理|下降|降低|减少|压减|压降|压缩|削减|退出|淘汰|化解|关停|拆除|去除|减排|降至|降到|减至|清退|腾退|消减|减轻|减税|降费|缩减|缩小|取消/;
const KEEP_VERB = /稳定在|保持在|稳定|保持|控制在|维持|严守|守住|坚守/;
const KEEP_SUBJECT = /失业率|价格|涨幅|物价|赤字率|负债率/;
const GRAIN_FLOOR = /粮食(?:总)?(?:产量|产能|播种面积)$/;
/** Verbs whose object is counted as done: a floor on them is more of it, not a level held. */
const OUTPUT_VERB = /^(?:每年)?(?:举办|开展|组织|培训|新建|建成|完成|招引|引进|新增)/;
const INCREASE_VERB = /提高|增加|增长|新增|提升|扩大|新建|建设|培育|突破|超过/;

const PRE_GE = /(?:不低于|不少于|不小于|至少|最低)$/;
const PRE_GT = /(?:超过|突破|高于|多于|逾|超)$/;
const PRE_LE = /(?:不超过|不高于|控制在|最多|最高)$/;
const PRE_LT = /(?:低于|少于)$/;
const PRE_APPROX = /(?:约|大约|近|接近)$/;

/** What sits right before a number and only introduces it: skipped when looking for a comparator. */
const PRE_LINK =
  /(?:达到|达|提高到|提高至|提升到|提升至|增加到|增至|扩大到|为|在|分别|各|均|每人每月|每人每年|每千人|每年|每月)*$/;

const FIVE_YEAR_MARK =
  /(?:今后|未来)(?:五|5|几)年|([二两三四五2345])年(?:内|时间|(?=建成|完成|实现|达到))|[“"]?十([一二三四五六七八九])五[”"]?(?:时期|期间|末)|到(\d{4})年/g;
const YEAR_MARK = /今年|明年|(?<![二两三四五2-5])年内|全年|当年|年底|本年度/g;

const FIVE_YEAR_END: Record<string, number> = { 一: 2010, 二: 2015, 三: 2020, 四: 2025, 五: 2030, 六: 2035 };

/** No commitment clause is longer than this: the cap keeps every look-around bounded (linear time). */
const MAX_CLAUSE = 160;

function lastIndexOfAny(s: string, set: Uint8Array, from: number, limit = MAX_CLAUSE): number {
  const stop = Math.max(0, from - limit);
  for (let i = from - 1; i >= stop; i--) if (set[s.charCodeAt(i)] === 1) return i;
  return stop === 0 ? -1 : stop - 1;
}

function firstIndexOfAny(s: string, set: Uint8Array, from: number, limit = MAX_CLAUSE): number {
  const stop = Math.min(s.length, from + limit);
  for (let i = from; i < stop; i++) if (set[s.charCodeAt(i)] === 1) return i;
  return stop;
}

/** Is this quantity something other than a commitment: a year, a date, a name, an ordinal, an age band? */
function notAQuantity(r: string, q: Quantity): Verdict {
  const before = r.slice(Math.max(0, q.start - 6), q.start);
  const after = r.slice(q.end, q.end + 8);
  const prev = r[q.start - 1] ?? '';
  if (!q.unit) return { skip: 'no-unit' };
  if (/[A-Za-z]/.test(prev) || /^[A-Za-z]/.test(after)) return { skip: 'name' };
  if (prev === '第' || prev === '前' || prev === '[' || prev === '【') return { skip: 'ordinal' };
  // "三个1亿人", "五个1000": a Chinese-numeral count of slogans.
  if (/[一二三四五六七八九十两]个$/.test(r.slice(Math.max(0, q.start - 2), q.start))) return { skip: 'name' };
  if (prev === '+' || after.startsWith('+') || prev === '＋' || after.startsWith('＋'))
    return { skip: 'name' };
  // Years count only as a length of schooling or service ("平均受教育年限提高到11.3年").
  if (q.unit === '年' && !/年限|年数/.test(r.slice(Math.max(0, q.start - 16), q.start)))
    return { skip: 'date' };
  if (q.unit === '月' || q.unit === '日') return { skip: 'date' };
  if (q.unit === '级' || q.unit === '类' || q.unit === '大') return { skip: 'name' };
  if (q.unit === '岁' && !/寿命/.test(before)) return { skip: 'age' };
  if (/^(?:强|型|版|号|线(?!路)|届|周年|次会议|次党代会|个方面|方面|件事|级)/.test(after))
    return { skip: 'name' };
  // "15分钟健身圈", "2小时急救圈": a service radius names a network, it is not an amount.
  if (/^(?:分钟|小时)$/.test(q.unit) && /^[\u4e00-\u9fa5]{0,3}圈/.test(after)) return { skip: 'name' };
  // "1000万保定人民": the people of a place, a population fact.
  if (/^[\u4e00-\u9fa5]{0,4}人民/.test(after)) return { skip: 'context' };
  if (/^(?:条|项)$/.test(q.unit) && /^(?:意见|措施|规定|举措|政策|禁令|要求)/.test(after))
    return { skip: 'name' };
  if (/个方面|方面/.test(r.slice(q.end - 1, q.end + 3))) return { skip: 'list-count' };
  if (/以下$|如下$/.test(before) && /方面|工作|任务|举措/.test(r.slice(q.end, q.end + 10)))
    return { skip: 'list-count' };
  // Inside a short quoted name: “五个1000”, “5个20”.
  const from = Math.max(0, q.start - 10);
  const window = r.slice(from, Math.min(r.length, q.end + 14));
  const at = q.start - from;
  const open = window.lastIndexOf('“', at);
  if (open !== -1 && window.lastIndexOf('”', at) < open) {
    const end = window.indexOf('”', at);
    if (end !== -1 && end - open <= 14) return { skip: 'name' };
  }
  // The same with straight quotes ("五个1000"), when a short quoted span closes right after the number.
  const openStraight = window.lastIndexOf('"', at - 1);
  if (openStraight !== -1 && at - openStraight <= 8) {
    const close = window.indexOf('"', at + (q.end - q.start));
    if (close !== -1 && close - openStraight <= 14 && !/[，。；]/.test(window.slice(openStraight, close)))
      return { skip: 'name' };
  }
  return null;
}

type Clause = { start: number; end: number; sentenceStart: number; sentenceEnd: number };

function clauseAround(r: string, q: Quantity): Clause {
  const start = lastIndexOfAny(r, CLAUSE_END, q.start) + 1;
  const end = firstIndexOfAny(r, CLAUSE_END, q.end);
  const sentenceStart = lastIndexOfAny(r, SENTENCE_END, q.start) + 1;
  const sentenceEnd = firstIndexOfAny(r, SENTENCE_END, q.end);
  return { start, end, sentenceStart, sentenceEnd };
}

/** A quantity that states the past, a forecast, an existing stock or a threshold, not a commitment. */
function notACommitment(r: string, q: Quantity, c: Clause, year: number | null, place: RegExp): Verdict {
  const clauseHead = r.slice(c.start, q.start);
  if (/预计|预测|估计/.test(clauseHead)) return { skip: 'forecast' };
  if (/高达|将达|我国有|全国有|我们有/.test(clauseHead)) return { skip: 'context' };
  // "今年高校毕业生超过1000万人": the size of the graduating class is a fact the plan responds to.
  if (/(?:高校|应届)毕业生(?:将|预计)?(?:超过|达到|达|约|近|为)?$/.test(clauseHead) && /人/.test(q.unit))
    return { skip: 'context' };
  // "9亿多劳动力、1亿多…人才，是我们最大的资源": quantities described as what we have, not what we will do.
  if (/是[^，。；]{0,16}(?:资源|优势|底气|财富|潜力)/.test(r.slice(c.end, c.sentenceEnd)))
    return { skip: 'context' };
  // "高校毕业生795万人，创历史新高": a fact about the year, not something the government will deliver.
  if (/^[，,]?(?:创历史新高|创新高|为历史最高|规模为历年最高)/.test(r.slice(c.end, c.end + 8)))
    return { skip: 'context' };
  const opening = r.slice(c.sentenceStart, c.sentenceStart + 12).trimStart();
  if (/^(?:去年|上年|过去|五年来|一年来|近年来|近五年|这五年)/.test(opening)) return { skip: 'past' };
  if (year !== null) {
    const m = /^(\d{4})年[，,]?/.exec(opening);
    if (m && Number(m[1]) < year) return { skip: 'past' };
  }
  // Only the words since the previous number speak of this one ("现行16%的税率降至13%": 13 is the target).
  const local = clauseHead.replace(/^.*\d/, '');
  if (/依托|拥有|现有|现行|已|共有|目前|且有|还有|接壤|毗邻|相距|距离/.test(local))
    return { skip: 'existing' };
  // "高阳有保沧、大广、津石3条高速": what the region (or 全市/我市) has now.
  if (place.test(local)) return { skip: 'existing' };
  // "从77%提高到80%": the first number is where things stand now.
  const from = Math.max(clauseHead.lastIndexOf('从'), clauseHead.lastIndexOf('由'));
  if (
    from !== -1 &&
    /^[^，。；]*?(?:提高|增加|扩大|提升|下降|降低|减少|调整|增)?(?:到|至)/.test(r.slice(q.end, c.end + 1))
  ) {
    const between = r.slice(c.start + from, q.start);
    if (!/到|至/.test(between)) return { skip: 'from-value' };
  }
  // A size class naming a category: "10万千瓦及以下燃煤机组", "年运量150万吨以上的物流园区".
  const tail = r.slice(q.end, q.end + 6);
  if (
    MEASURE_UNIT.test(q.unit) &&
    /^(?:及)?(?:以上|以下)(?:的)?[\u4e00-\u9fa5]/.test(tail) &&
    !/^(?:及)?(?:以上|以下)(?:的目标|目标|水平|和|或|、)/.test(tail)
  )
    return { skip: 'threshold' };
  // "6.5%左右的增速可以实现比较充分的就业", "不到100万元的部分": a quantity that qualifies, not one to deliver.
  if (/^(?:及)?(?:以上|以下|左右)?的?(?:增速|速度|增长|部分)/.test(r.slice(q.end, q.end + 8)))
    return { skip: 'context' };
  // "14亿人", "13亿多人口": the whole population of the country is a fact, never a target.
  if (/^亿/.test(q.unit) && q.low >= 13 && /^(?:人|亿)$|^亿人/.test(q.unit.replace(/^亿(?=人)/, '亿')))
    return { skip: 'context' };
  // "谋划一批超50亿元的重大项目": an amount qualifying a noun with 的 is a size class, not a delivery.
  if (
    MEASURE_UNIT.test(q.unit) &&
    /^(?:及)?(?:以上|以下)?的(?!目标|规模|水平|任务)[\u4e00-\u9fa5]/.test(r.slice(q.end, q.end + 8))
  )
    return { skip: 'threshold' };
  // "14亿中国人的饭碗": a bare 万/亿 with a noun and 的 describes a population, it does not promise one.
  if (/^(?:万|亿|千万|百万)$/.test(q.unit) && /^[\u4e00-\u9fa5]{1,4}的/.test(r.slice(q.end)))
    return { skip: 'existing' };
  return null;
}

function comparatorOf(r: string, q: Quantity, clauseStart: number): Comparator {
  if (q.range) return 'range';
  const after = r.slice(q.end, q.end + 4);
  if (/^(?:及)?以上/.test(after)) return '>=';
  if (/^左右/.test(after)) return '~';
  if (/^(?:以内|之内|以下)/.test(after)) return '<=';
  if (q.more) return '>';
  let before = r.slice(clauseStart, q.start);
  before = before.replace(PRE_LINK, '');
  if (PRE_GE.test(before)) return '>=';
  if (/不超过$|不高于$/.test(before)) return '<=';
  if (PRE_GT.test(before)) return '>';
  if (PRE_LE.test(before)) return '<=';
  if (PRE_LT.test(before)) return '<';
  if (PRE_APPROX.test(before)) return '~';
  // "不低于当地最低生活保障标准的1.6倍": a multi-character comparator may stand a few words before the number.
  const local = before.replace(/^.*\d/, '');
  const loose = /(不低于|不少于|至少|不超过|不高于|超过|突破)[^，。；、]*$/.exec(local);
  if (loose)
    return loose[1] === '不超过' || loose[1] === '不高于'
      ? '<='
      : loose[1] === '超过' || loose[1] === '突破'
        ? '>'
        : '>=';
  return '=';
}

/** A comparison with last year right after a target's clause: "赤字率拟按3.2%左右安排，比去年有所下调". */
const FOLLOWING_COMPARISON =
  /^[^，。；、,;]{0,6}[，、,](?:要|将)?(?:比|较)(?:去年|上年)(?:预算|年初预算)?(?:有所|略有|适当|进一步)?(下调|下降|降低|回落|减少|压减|低|上调|提高|增加|扩大|高)/;
/** A subject that starts with a cutting verb ("减轻企业税收和社保缴费负担近2万亿元"). */
const DECREASE_LEAD =
  /^(?:减轻|压减|削减|减少|降低|压降|压缩|淘汰|关停|化解|清退|腾退|取消|停征|减免|精简|撤并|撤销)/;
/** A cut named right after the figure: "一般性支出一律按不低于5%的幅度压减". */
const FOLLOWING_CUT = /^的?(?:幅度|比例)?(?:压减|压缩|削减|减少|下降|降低|压降|核减)/;

function directionOf(
  subjectText: string,
  comparator: Comparator,
  subject: string,
  following: string,
): Direction {
  const verbs = subjectText.slice(-12);
  if (DECREASE.test(verbs) || DECREASE_LEAD.test(subject) || FOLLOWING_CUT.test(following)) return 'decrease';
  if (KEEP_VERB.test(verbs)) return 'keep';
  // With no verb of its own, a target follows the comparison the report makes right after it.
  const compared = INCREASE_VERB.test(verbs) ? null : FOLLOWING_COMPARISON.exec(following)?.[1];
  if (compared) return /下|降|低|回落|减/.test(compared) ? 'decrease' : 'increase';
  if (
    KEEP_SUBJECT.test(subject) &&
    (comparator === '~' ||
      comparator === '<=' ||
      comparator === '<' ||
      (comparator === '=' && !INCREASE_VERB.test(verbs)))
  )
    return 'keep';
  // A floor holds a level ("耕地保有量不低于…"), unless it counts what is done ("每年举办…不低于200场次").
  if (/不低于|不少于/.test(subjectText) && !INCREASE_VERB.test(subjectText) && !OUTPUT_VERB.test(subject))
    return 'keep';
  // A grain floor ("确保粮食产量80亿斤以上") holds a level; it does not promise growth.
  if (comparator === '>=' && GRAIN_FLOOR.test(subject) && !INCREASE_VERB.test(subjectText)) return 'keep';
  return 'increase';
}

/** The time markers of one paragraph, in order: read once, looked up per target (linear in the paragraph). */
type TimeMarks = { multi: { at: number; until: number; due: number | null }[]; year: number[] };
const FULL_STOP = charSet('。！!？?');

function timeMarks(r: string, year: number | null): TimeMarks {
  const multi: TimeMarks['multi'] = [];
  for (const m of r.matchAll(FIVE_YEAR_MARK)) {
    const explicit = m[3] ? Number(m[3]) : null;
    if (explicit !== null && year !== null && explicit <= year) continue;
    const within = m[1] ? '零一二三四五'.indexOf(m[1]) : -1;
    const span = within > 0 ? within : m[1] === '两' ? 2 : m[1] ? Number(m[1]) : 5;
    // A marker governs its sentence ("力争“十四五”末…4个"), or the whole paragraph when it opens it
    // ("到2021年，…。…").
    // "三年建成70所" governs only its clause.
    const until = m[1]
      ? firstIndexOfAny(r, CLAUSE_END, m.index)
      : m.index < 4
        ? r.length
        : firstIndexOfAny(r, FULL_STOP, m.index, r.length);
    multi.push({
      at: m.index,
      until,
      due: explicit ?? (m[2] ? (FIVE_YEAR_END[m[2]] ?? null) : year !== null ? year + span - 1 : null),
    });
  }
  const marks: number[] = [];
  for (const m of r.matchAll(YEAR_MARK)) marks.push(m.index);
  if (year !== null) {
    // "2017年" (the plan year, not "到2017年") marks the year horizon too.
    const own = `${year}年`;
    for (let i = r.indexOf(own); i !== -1; i = r.indexOf(own, i + 1)) if (r[i - 1] !== '到') marks.push(i);
    marks.sort((a, b) => a - b);
  }
  return { multi, year: marks };
}

/** The words after the last clause break of a line (scanned from the end: linear, no regex backtracking). */
function tailClause(text: string): string {
  const start = lastIndexOfAny(text, CLAUSE_END, text.length, 60) + 1;
  return text.slice(start);
}

/** Index of the last element of a sorted array below `at`, or -1. */
function lastBelow<T>(items: T[], at: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid] as T) < at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function horizonOf(
  marks: TimeMarks,
  at: number,
  clauseText: string,
  fiveYearPart: boolean,
  year: number | null,
): { horizon: Horizon; dueYear: number | null } {
  let mi = lastBelow(marks.multi, at, (m) => m.at);
  if (mi !== -1 && (marks.multi[mi]?.until ?? 0) < at)
    mi = marks.multi[0] && marks.multi[0].until >= at ? 0 : -1;
  const lastMulti = mi === -1 ? -1 : (marks.multi[mi]?.at ?? -1);
  const multiYear = mi === -1 ? null : (marks.multi[mi]?.due ?? null);
  const yi = lastBelow(marks.year, at, (m) => m);
  const lastYear = yi === -1 ? -1 : (marks.year[yi] ?? -1);
  const averaged = /年均/.test(clauseText);
  if (
    lastMulti > lastYear ||
    (lastMulti === -1 && lastYear === -1 && fiveYearPart) ||
    (averaged && lastYear < lastMulti + 1 && lastYear === -1)
  ) {
    return { horizon: 'multi-year', dueYear: multiYear ?? (year !== null ? year + 4 : null) };
  }
  if (averaged && lastMulti !== -1) return { horizon: 'multi-year', dueYear: multiYear };
  return { horizon: 'year', dueYear: year };
}

function cleanSubject(text: string): string {
  let s = text
    .replace(/^[、，,\s“”"’‘（(）)]+/, '')
    .replace(/^(?:[一二三四五六七八九十]是|首先|其次|最后)/, '')
    .replace(
      /^(?:[二两三四五2-5]年内|年底前|年内|到\d{4}年(?:底)?|\d{4}年(?:底)?(?:前)?|今年|明年)[，,]?/,
      '',
    )
    .replace(LEAD_FILLER, '')
    .replace(/^的/, '');
  let prev = '';
  while (prev !== s) {
    prev = s;
    s = s
      .replace(TAIL_COPULA, '')
      .replace(/(?:要|将|应|须|需)$/, '')
      // "城镇调查失业率全年控制在", "支出规模比去年扩大": a time word or a comparison with last year is not the name.
      .replace(
        /^(.{2,}?)(?:全年|今年|年内|(?:比|较)(?:上年|去年)(?:预算|年初预算)?(?:增加|增长|扩大|提高|减少|下降|降低)?)$/,
        '$1',
      )
      .replace(/[，,、\s“”"]+$/, '');
    // "…标准不低于当地最低生活保障标准的": the reference after a comparator is not part of the name.
    s = s.replace(/(?:不低于|不少于|不超过|不高于|相当于|达到)[^，。；]*的$/, '');
    // "上限由30万元提高到": the from-value is not part of the name.
    s = s.replace(/(?:分别)?[从由][^从由]*\d[^从由]*$/, '');
  }
  return s;
}

/** The noun phrase after a number ("180个重点项目建设" -> "重点项目建设"). */
function nounAfter(r: string, from: number, clauseEnd: number): { text: string; end: number } {
  let end = from;
  const limit = Math.min(clauseEnd, from + 30);
  // "视力、听力、肢体、智力等残疾儿童": a list closed by 等 is one noun.
  const listEnd = /^[^，。；：]{0,24}?等[\u4e00-\u9fa5]/.exec(r.slice(from, limit));
  // "工业型、旅游型、商贸型明星城镇", "特色鲜明、充满活力的示范镇": short modifiers listed before one noun.
  const modifiers = /^(?:[\u4e00-\u9fa5]{1,4}、)+[\u4e00-\u9fa5]{2,}/.exec(r.slice(from, limit));
  const stop = listEnd || modifiers ? /[，。；：！？,;:（(]/ : /[、，。；：！？,;:（(]/;
  while (end < limit && !stop.test(r[end] ?? '')) end++;
  let text = r.slice(from, end);
  if (modifiers && !listEnd) {
    // Modifiers ("工业型、…、交通型明星城镇") leave the last item as the noun; a list of nouns ("智能车间、智能工厂")
    // is kept whole.
    const items = text.split('、');
    const last = items[items.length - 1] ?? '';
    const longest = Math.max(...items.slice(0, -1).map((i) => i.length));
    if (last.includes('的') || last.length > longest + 1) text = last;
  }
  // Stop before a qualifier or a second quantity ("4A级" is a grade, not a quantity).
  const cut = text.search(/以上|以下|左右|以内|\d(?![A-Za-z])/);
  if (cut !== -1) {
    text = text.slice(0, cut);
    end = from + cut;
  }
  const de = text.indexOf('的');
  if (de !== -1 && de < text.length - 1) {
    // "…的百城建设提质工程项目": keep what follows 的 as the noun.
    return { text: text.slice(de + 1), end };
  }
  return { text, end };
}

type Found = {
  q: Quantity;
  subject: string;
  quoteStart: number;
  quoteEnd: number;
  comparator: Comparator;
  direction: Direction;
};

/** The measure a list of items shares: "…排放量要下降", "…基层规范管理服务率". */
const MEASURE_TAIL =
  /((?:排放量|[^、]{0,8}(?:率|产量|出栏量|总量|浓度|比重|指数)))(?:要|将)?(?:下降|降低|增长|提高|达到|达|稳定在|保持在)?$/;

/** Splits "A、B、C分别达1、2、3" or "A、B各6万人" into one subject per quantity. */
function distribute(r: string, clause: Clause, inClause: Quantity[]): Map<Quantity, string[]> | null {
  const first = inClause[0];
  if (!first) return null;
  const head = r.slice(clause.start, first.start);
  if (!head.includes('、') && !/[和与及]/.test(head)) return null;
  // The distribution word right before the verb: 分别, 各 (not 各类/各地), 均 (not 均衡/均等).
  const split = [...head.matchAll(/分别|各(?![类地级项种部])|(?<![平人])均(?![衡等匀])/g)].pop();
  const listHead = split ? head.slice(0, split.index) : head;
  // "城镇居民人均可支配收入和农民人均纯收入分别增长10%": with 分别/各, 和 joins items too.
  const items = cleanSubject(listHead).split(split ? /、|和|与|及/ : '、');
  if (items.length < 2) return null;
  const result = new Map<Quantity, string[]>();
  const shared = (item: string, last: string): string => {
    // "水果、蔬菜、茶叶产量": the measure word of the last item is shared by all.
    const m =
      /((?:人均|户均|年均)[\u4e00-\u9fa5]*)$/.exec(last) ??
      /(产量|出栏量|总产值|产值|面积|率|标准|规模|数量|人数|总额|增幅|增速)$/.exec(last);
    return m && !item.endsWith(m[1] ?? '') ? item + m[1] : item;
  };
  const last = items[items.length - 1] ?? '';
  if (split && split[0] === '分别' && inClause.length === items.length) {
    inClause.forEach((q, i) => result.set(q, [shared(items[i] ?? '', last)]));
    return result;
  }
  const measure = MEASURE_TAIL.exec(last);
  if (
    inClause.length === 1 &&
    (split || measure) &&
    items.every(
      (it) =>
        it.length <= 24 &&
        // Digits in a name (M2, PM2.5, 5G) are not quantities.
        !/\d(?![型])/.test(it.replace(/\d+[-—]\d+岁|\d+岁(?:及)?以[上下]|[A-Za-z]+\d+(?:\.\d+)?|\d+G/g, '')),
    )
  ) {
    // "新增城镇就业、农村劳动力转移就业各6万人"; "孕产妇产后访视率、0—6岁儿童健康管理率达到90%以上";
    // "二氧化硫、氮氧化物排放量要下降3%": each item is measured; a bare item borrows the shared measure.
    // "广义货币M2和社会融资规模余额预期增长均为12%左右": the stock and its verb are shared too.
    const sharedMeasure = measure?.[1] ?? /(?:余额|总额|总量)(?:预期)?(?:增长|增速)$/.exec(last)?.[0] ?? '';
    const subjects = items.map((it, i) =>
      i === items.length - 1 || MEASURE_TAIL.test(it) || /就业$/.test(it) ? it : `${it}${sharedMeasure}`,
    );
    result.set(first, subjects);
    return result;
  }
  return null;
}

/** A measure that names no thing on its own: it takes the head noun of the list it continues. */
const BARE_MEASURE = /^(?:产量|总产|总产量|面积|产值|总产值|增加值|利润|收入|人数|数量|规模)$/;

/** Verbs that say how, not what: dropped from the front of a subject ("突出抓好重点项目建设" -> "重点项目建设"). */
const WEAK_LEAD =
  /^(?:突出|重点|着力|加快|大力|积极|全面|持续|继续|高质量|高标准)*(?:抓好|推进|推动|实施|支持|落实)?$|^(?:突出|重点|着力|加快|大力|积极|全面|持续|继续|高质量|高标准)+/;

/** A verb that ends the words before a number: what follows the number is the thing delivered. */
const VERB_TAIL =
  /(?:打造|建设|新建|新建设|实施|培育|新培育|引进|认定|创建|建成|建好|改造提升|改造|提升|开展|组织|举办|吸纳|培养|招录|动员|惠及|支持|扶持|完成|启动|抓好|推动|实现|新增|新开工|开工|发放|覆盖|帮助|引导|选择|遴选|资助|救助|布局|谋划|推进|落地|签约|招引|转移|培训|守住|严守|坚守|壮大|培育壮大|发展壮大|迁建|新改迁建|改建|扩建|新改建|改扩建|为)$/;
const PLACE_TAIL = /(?:省内|市内|县内|区内|境内|全省|全市|全县|全区|全国)$/;

function findInParagraph(p: PlacedParagraph, ctx: Context, forTargets: boolean, carry: string): Found[][] {
  const r = ctx.readable.slice(p.span[0], p.span[1]);
  const accepted: { q: Quantity; clause: Clause }[] = [];
  for (const q of readQuantities(r)) {
    if (notAQuantity(r, q)) continue;
    const clause = clauseAround(r, q);
    if (forTargets && notACommitment(r, q, clause, ctx.year, ctx.place)) continue;
    accepted.push({ q, clause });
  }
  // The quantities of each clause, found in one pass (accepted quantities are in order).
  const byClause = new Map<number, Quantity[]>();
  for (const a of accepted) {
    const list = byClause.get(a.clause.start);
    if (list) list.push(a.q);
    else byClause.set(a.clause.start, [a.q]);
  }
  const out: Found[][] = [];
  let previous: Found | null = null;
  let previousSentence = -1;
  const distributed = new Map<Quantity, string[]>();
  const doneClauses = new Set<number>();
  for (const { q, clause } of accepted) {
    if (clause.sentenceStart !== previousSentence) previous = null;
    previousSentence = clause.sentenceStart;
    if (forTargets && !doneClauses.has(clause.start)) {
      doneClauses.add(clause.start);
      const d = distribute(r, clause, byClause.get(clause.start) ?? []);
      if (d) for (const [k, v] of d) distributed.set(k, v);
    }
    // Subject: the words between the clause start (or the previous quantity of the clause) and the number.
    const segStart: number = previous && previous.q.end > clause.start ? previous.quoteEnd : clause.start;
    let rawHead = r.slice(segStart, q.start);
    // After an earlier quantity of the clause, only the words after the last 、 name this one
    // ("拟按4%左右安排、比上年提高1个百分点").
    if (previous && segStart !== clause.start && rawHead.lastIndexOf('、') > 0)
      rawHead = rawHead.slice(rawHead.lastIndexOf('、'));
    const headOffset: number =
      q.start - rawHead.length + (rawHead.length - rawHead.replace(/^[、，,\s和及与“”"]+/, '').length);
    let subject = cleanSubject(rawHead);
    let quoteStart: number = subject
      ? headOffset + Math.max(0, r.slice(headOffset, q.start).indexOf(subject))
      : q.start;
    let quoteEnd = q.end;
    const qual = /^(?:及)?(?:以上|左右|以内|之内|以下)/.exec(r.slice(q.end));
    if (qual) quoteEnd += qual[0].length;
    const verbOnly =
      subject === '' || VERB_ONLY.test(subject) || (subject.length <= 2 && !/率|量|额|值/.test(subject));
    const verbEnded = VERB_TAIL.test(subject.replace(PLACE_TAIL, ''));
    // "中原硅材料产业园、许昌生物医药产业园等110个工业转型升级重点项目": examples, then the counted thing.
    const examples = /等$/.test(subject);
    let nounAfterUsed = false;
    if (verbOnly || verbEnded || examples) {
      const noun = nounAfter(r, quoteEnd, clause.end);
      if (noun.text.length >= 1) {
        const lead = verbOnly
          ? subject
          : examples
            ? (LEAD_VERB.exec(subject)?.[0] ?? '')
            : (VERB_TAIL.exec(subject.replace(PLACE_TAIL, ''))?.[0] ?? '');
        subject = lead.replace(WEAK_LEAD, '') + noun.text;
        quoteEnd = Math.max(quoteEnd, noun.end);
        if (!quoteStart || quoteStart > q.start || examples) quoteStart = q.start;
        nounAfterUsed = true;
      }
    }
    if (!nounAfterUsed && VERB_ONLY.test(subject) && segStart === clause.start) {
      // "实施棚户区改造三年攻坚计划，今年启动改造项目44个，新开工3.16万套": a bare verb borrows the topic of
      // the nearest earlier clause of the sentence that holds no number.
      const earlier = r
        .slice(clause.sentenceStart, clause.start)
        .split(/[，,；;：:]/)
        .reverse();
      const topic = cleanSubject(earlier.find((c) => c.trim() && !/\d/.test(c)) ?? '');
      if (topic && topic.length <= 24) subject = topic + subject;
    }
    if (previous && rawHead.startsWith('、')) {
      // "新建低空起降设施2500个、汽车充电设施50万个": the list item inherits the first item's verb.
      const verb = LEAD_VERB.exec(previous.subject)?.[0];
      if (verb && !subject.startsWith(verb)) subject = verb + subject;
      // "粮食播种面积3320万亩、产量1285万吨": a bare measure inherits the first item's head noun.
      if (BARE_MEASURE.test(subject)) {
        const head = previous.subject.replace(/^(?:实现|完成|达到|确保|力争)/, '').replace(LEAD_VERB, '');
        // "中央对地方转移支付增加约1.5万亿元、规模近9.8万亿元": after a change of the same thing, the measure is of
        // that whole thing; otherwise ("粮食播种面积…、产量") of its head noun.
        const changed = /^(.{2,24}?)(?:增加|增长|提高|减少|下降|扩大)$/.exec(head)?.[1];
        subject = (changed ?? head.slice(0, 2)) + subject;
      }
    }
    if (clause.start === 0 && carry && (subject === '' || GENERIC_SUBJECT.test(subject))) {
      // A line broken mid-sentence ("今年预期目标设定\n为6%以上"): the subject ends the previous line.
      subject = cleanSubject(carry) + subject;
    }
    if (GENERIC_SUBJECT.test(subject) || /^(?:年均|年度|全年)/.test(subject)) {
      if (previous)
        subject =
          previous.subject
            .replace(/(?:每年|年均)?(?:增长|增速|提高|提升|增加|下降|降低|减少)$/, '')
            .replace(/投资/.test(subject) ? /(?:总|年度|计划)?投资$/ : /$^/, '') +
          subject.replace(/^(?:完成|带动)/, '');
      else {
        const before = cleanSubject(
          r
            .slice(clause.sentenceStart, clause.start)
            .split(/[，,；]/)
            .filter(Boolean)
            .pop() ?? '',
        );
        if (before && !/\d/.test(before)) subject = before + subject;
      }
    }
    // Baselines state what is; they need no comparator or direction.
    let comparator: Comparator = forTargets ? comparatorOf(r, q, clause.start) : '=';
    if (forTargets && comparator === '=') {
      // "每个县至少建成2个示范区、20个示范村": a comparator before the verb governs the whole list;
      // "分别达2050万吨、4200万吨、19万吨以上": a qualifier after the last number of a 分别 list governs all.
      const head = r.slice(clause.start, q.start);
      if (previous && rawHead.startsWith('、') && /至少|不低于|不少于/.test(head))
        comparator = previous.comparator;
      else if (/分别/.test(head)) {
        const last = (byClause.get(clause.start) ?? []).at(-1);
        if (last && last !== q) {
          const after = /^(?:及)?(以上|左右|以内)/.exec(r.slice(last.end, last.end + 3))?.[1];
          if (after) comparator = after === '以上' ? '>=' : after === '左右' ? '~' : '<=';
        }
      }
    }
    // "一律按不低于5%的幅度压减一般性支出": the thing cut is named after the verb; "…支出一律按" loses 一律按.
    const byRate = /^(.*?)(?:一律)?按(?:照)?$/.exec(subject);
    if (forTargets && byRate) {
      const cut =
        /^的?(?:幅度|比例)?(?:压减|压缩|削减|减少|下降|降低|压降|核减)([\u4e00-\u9fa5]{2,12}?)(?=[，。；、,;]|$)/.exec(
          r.slice(q.end, Math.min(clause.sentenceEnd, q.end + 24)),
        )?.[1];
      if (cut) subject = cut;
      else if ((byRate[1] ?? '').length >= 2) subject = byRate[1] ?? subject;
    }
    const subjectsHere = distributed.get(q) ?? [subject];
    const items: Found[] = subjectsHere.map((s): Found => {
      const subj = s.trim() || subject;
      return {
        q,
        subject: subj,
        quoteStart,
        quoteEnd,
        comparator,
        // A list item ("淘汰钢铁2700万吨、水泥4200万吨") shares the direction of the list's verb.
        direction: !forTargets
          ? 'increase'
          : previous && rawHead.startsWith('、')
            ? previous.direction
            : directionOf(
                r.slice(clause.start, q.start),
                comparator,
                subj,
                r.slice(q.end, Math.min(clause.sentenceEnd, q.end + 24)),
              ),
      };
    });
    out.push(items);
    previous = items[items.length - 1] ?? null;
  }
  return out;
}

/**
 * Targets in the plan part and baselines in the review part of the placed paragraphs.
 * @example a plan paragraph '粮食产能稳定在280万吨以上' -> [{ subject: '粮食产能', low: 280, unit: '万吨', comparator: '>=', direction: 'keep' }]
 */
export function extractQuantities(
  placed: PlacedParagraph[],
  ctx: Context,
): { targets: Target[]; baselines: Baseline[]; problems: Problem[] } {
  const targets: Target[] = [];
  const baselines: Baseline[] = [];
  const problems: Problem[] = [];
  let carry = '';
  for (const p of placed) {
    const previousCarry = carry;
    // The words after the last clause break of a line that does not end a sentence carry over to the next line.
    carry = /[。！？；!?;：:]$/.test(p.text) ? '' : tailClause(p.text);
    if (p.kind === 'other') continue;
    if (p.kind === 'plan') {
      const r = ctx.readable.slice(p.span[0], p.span[1]);
      const groups = findInParagraph(p, ctx, true, previousCarry);
      const marks = groups.length > 0 ? timeMarks(r, ctx.year) : { multi: [], year: [] };
      for (const group of groups) {
        for (const f of group) {
          const clause = clauseAround(r, f.q);
          const { horizon, dueYear } = horizonOf(
            marks,
            f.q.start,
            r.slice(clause.start, clause.end),
            p.fiveYear,
            ctx.year,
          );
          const span: [number, number] = [p.span[0] + f.quoteStart, p.span[0] + f.quoteEnd];
          targets.push({
            id: `g${targets.length + 1}`,
            sectionId: p.sectionId,
            taskId: p.taskId,
            quote: ctx.source.slice(span[0], span[1]),
            span,
            subject: f.subject,
            low: f.q.low,
            high: f.q.high,
            unit: unitOf(f.q.unit, f.subject),
            comparator: f.comparator,
            direction: f.direction,
            horizon,
            dueYear,
          });
        }
      }
    } else {
      const r = ctx.readable.slice(p.span[0], p.span[1]);
      for (const group of findInParagraph(p, ctx, false, previousCarry)) {
        const f = group[0];
        if (!f) continue;
        const yearMatches = [...r.slice(0, f.q.start).matchAll(/(\d{4})年/g)];
        const lastYear = yearMatches.length ? Number(yearMatches[yearMatches.length - 1]?.[1]) : null;
        const span: [number, number] = [p.span[0] + f.quoteStart, p.span[0] + f.quoteEnd];
        baselines.push({
          id: `b${baselines.length + 1}`,
          sectionId: p.sectionId,
          quote: ctx.source.slice(span[0], span[1]),
          span,
          subject: f.subject,
          value: f.q.low,
          unit: unitOf(f.q.unit, f.subject),
          year: lastYear ?? (ctx.year !== null ? ctx.year - 1 : null),
        });
      }
    }
  }
  compareWithLastYear(targets, baselines, ctx.year);
  return { targets, baselines, problems };
}

/** A flow, not a level: "城镇新增就业1100万人以上" counts what is added, so last year's figure is no ceiling for it. */
const FLOW_SUBJECT = /新增|新建|增加|增长|增速|增幅|提高|完成|实施|引进|培育|开工|投资|培训|减少|下降/;
/** A ratio the budget sets each year (not a cap like 失业率): its direction is the change from last year's. */
const SET_RATIO = /赤字率|负债率/;
/** The same measure named with or without its scope ("全市粮食总产", "财政赤字率"). */
/** A bare 万 after people: "减少农村贫困人口1000万以上" counts 万人. */
function unitOf(unit: string, subject: string): string {
  return unit === '万' && /(?:人口|群众|农民|居民|劳动力|职工|学生|儿童|老人|人员|就业|人)$/.test(subject)
    ? '万人'
    : unit;
}

const measureKey = (subject: string, unit: string): string =>
  `${subject.replace(/^(?:全[市省县区国]|我[市省县区国]|财政)/, '')}\u0000${unit}`;

/**
 * Directions read against what the review reports for last year. A floor at or below last year's level
 * ("确保粮食总产80亿斤以上" after "粮食总产84亿斤") holds it: 'keep'; only levels in absolute units (not rates or
 * flows) are compared. A budget ratio set with no verb ("赤字率拟按3%安排" after "财政赤字率控制在2.8%") rises or falls
 * with last year's.
 */
function compareWithLastYear(targets: Target[], baselines: Baseline[], year: number | null): void {
  const last = new Map<string, number>();
  for (const b of baselines) {
    if (year !== null && b.year !== null && b.year !== year - 1) continue;
    last.set(measureKey(b.subject, b.unit), b.value);
  }
  if (last.size === 0) return;
  for (const t of targets) {
    if (t.horizon !== 'year') continue;
    const value = last.get(measureKey(t.subject, t.unit));
    if (value === undefined) continue;
    if (
      t.comparator === '=' &&
      t.direction === 'keep' &&
      SET_RATIO.test(t.subject) &&
      !KEEP_VERB.test(t.quote)
    ) {
      if (value !== t.low) t.direction = value < t.low ? 'increase' : 'decrease';
      continue;
    }
    if (t.comparator !== '>=' || t.direction !== 'increase') continue;
    if (/%|‰|百分点/.test(t.unit) || FLOW_SUBJECT.test(t.subject) || LEAD_VERB.test(t.subject)) continue;
    if (t.low <= value) t.direction = 'keep';
  }
}
