/**
 * Reading quantities in Chinese report text: "280万吨以上", "1―2家", "4.5%—5%", "398处（套）".
 * Works on the readable text (see readable.ts), so offsets are source offsets.
 */

/** Scales written before a unit; kept in the unit as written ("万吨", "亿元"). */
const SCALES = ['万亿', '千亿', '百亿', '亿', '千万', '百万', '十万', '万', '千', '百'];

/** Base units, longest first so that "个百分点" wins over "个". */
const UNITS = [
  '个百分点',
  '百分点',
  '吨标准煤',
  '标准煤',
  '平方公里',
  '平方千米',
  '平方米',
  '立方米',
  '千瓦时',
  '万千瓦',
  '兆瓦',
  '千瓦',
  '标准箱',
  '标箱',
  '人次',
  '班次',
  '架次',
  '户次',
  '场次',
  '车次',
  '艘次',
  '趟',
  '批次',
  '个次',
  '公里',
  '千米',
  '公顷',
  '公斤',
  '千克',
  '美元',
  '欧元',
  '元',
  '人',
  '名',
  '户',
  '家',
  '个',
  '所',
  '座',
  '条',
  '项',
  '处',
  '套',
  '间',
  '栋',
  '幢',
  '台',
  '辆',
  '艘',
  '架',
  '部',
  '张',
  '床',
  '块',
  '片',
  '吨',
  '斤',
  '亩',
  '米',
  '度',
  '瓦',
  '天',
  '小时',
  '分钟',
  '次',
  '场',
  '期',
  '批',
  '篇',
  '件',
  '册',
  '种',
  '株',
  '棵',
  '头',
  '只',
  '羽',
  '尾',
  '口',
  '眼',
  '站',
  '根',
  '盏',
  '基',
  '门',
  '本',
  '支',
  '队',
  '宗',
  '笔',
  '份',
  '例',
  '位',
  '倍',
  '对',
  '年',
  '月',
  '日',
  '岁',
  '级',
  '类',
  '大',
  '%',
  '‰',
];

/** Units grouped by their first character, longest first within each group. */
const UNITS_BY_FIRST = new Map<string, string[]>();
for (const u of UNITS) {
  const list = UNITS_BY_FIRST.get(u[0] ?? '') ?? [];
  list.push(u);
  UNITS_BY_FIRST.set(u[0] ?? '', list);
}
for (const list of UNITS_BY_FIRST.values()) list.sort((a, b) => b.length - a.length);

const PERSON_NOUN = /^(?:贫困|农村|城镇|城乡)?(?:群众|人口|农民|居民|劳动力|职工|学生|儿童|老人|人员|人)/;

export type Quantity = {
  /** Offset of the first digit, and the end of the unit (exclusive). */
  start: number;
  end: number;
  low: number;
  high: number;
  unit: string;
  /** "多" / "余" between the number and the unit (100多个, 300余家). */
  more: boolean;
  range: boolean;
};

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function readNumber(s: string, i: number): { value: number; end: number } | null {
  let j = i;
  if (!isDigit(s.charCodeAt(j))) return null;
  while (
    isDigit(s.charCodeAt(j)) ||
    (s[j] === ',' && isDigit(s.charCodeAt(j + 1)) && /^\d{3}(?!\d)/.test(s.slice(j + 1, j + 5)))
  )
    j++;
  if (s[j] === '.' && isDigit(s.charCodeAt(j + 1))) {
    j++;
    while (isDigit(s.charCodeAt(j))) j++;
  }
  const value = Number(s.slice(i, j).replace(/,/g, ''));
  return Number.isFinite(value) ? { value, end: j } : null;
}

function readUnit(s: string, i: number): { unit: string; end: number; more: boolean } {
  let j = i;
  let more = false;
  if (s[j] === '多' || s[j] === '余') {
    more = true;
    j++;
  }
  let scale = '';
  for (const sc of SCALES) {
    if (s.startsWith(sc, j)) {
      scale = sc;
      break;
    }
  }
  j += scale.length;
  if (!more && (s[j] === '多' || s[j] === '余')) {
    more = true;
    j++;
  }
  let base = '';
  for (const u of UNITS_BY_FIRST.get(s[j] ?? '') ?? []) {
    if (s.startsWith(u, j)) {
      base = u;
      break;
    }
  }
  // "千瓦" after "万" must not read as 万 + 千 + 瓦.
  if (!base && scale === '千' && s.startsWith('瓦', j)) base = '千瓦';
  j += base.length;
  let unit = scale + base;
  if (base && /^[（(][^（()）]{1,6}[)）]/.test(s.slice(j))) {
    const m = /^[（(]([套个处座条所家项间户人名])[)）]/.exec(s.slice(j));
    if (m) {
      unit += s.slice(j, j + m[0].length);
      j += m[0].length;
    }
  }
  if (scale && !base && PERSON_NOUN.test(s.slice(j))) unit = `${scale}人`;
  return { unit, end: j, more };
}

const RANGE_DASH = /^\s?[-~至]\s?/;

/**
 * Every number with its unit in a piece of readable text, ranges joined ("3-5个" is one quantity).
 * @example readQuantities('新增1-2家') -> [{ start: 2, end: 6, low: 1, high: 2, unit: '家', more: false, range: true }]
 */
export function readQuantities(s: string): Quantity[] {
  const out: Quantity[] = [];
  // Jump from digit run to digit run with the native regex engine instead of visiting every character.
  const digits = /\d+/g;
  for (let m = digits.exec(s); m !== null; m = digits.exec(s)) {
    const i = m.index;
    if (i > 0 && s[i - 1] === '.') continue;
    const a = readNumber(s, i);
    if (!a) continue;
    let u = readUnit(s, a.end);
    let high = a.value;
    let end = u.end;
    let range = false;
    const dash = RANGE_DASH.exec(s.slice(end, end + 3));
    if (dash && isDigit(s.charCodeAt(end + dash[0].length))) {
      const b = readNumber(s, end + dash[0].length);
      if (b && b.value > a.value) {
        const u2 = readUnit(s, b.end);
        if (u2.unit && (!u.unit || u.unit === u2.unit)) {
          high = b.value;
          end = u2.end;
          u = { unit: u2.unit, end: u2.end, more: u2.more };
          range = true;
        }
      }
    }
    out.push({ start: i, end, low: a.value, high, unit: u.unit, more: u.more, range });
    if (end > digits.lastIndex) digits.lastIndex = end;
  }
  return out;
}
