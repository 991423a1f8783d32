import type { Level } from '../plan/types.ts';
import type { Paragraph } from '../text/paragraphs.ts';

export type Metadata = { title: string; region: string | null; level: Level | null; year: number | null };

const PROVINCE_LEVEL_CITIES = /^(?:北京|天津|上海|重庆)市$/;
const REGION = /([\u4e00-\u9fa5]{2,9}?(?:自治区|特别行政区|省|自治州|地区|盟|市|自治县|县|旗|区))/;

function levelOf(region: string): Level | null {
  if (PROVINCE_LEVEL_CITIES.test(region) || /(?:省|自治区)$/.test(region)) return 'province';
  if (/(?:自治州|地区|盟|市)$/.test(region)) return 'city';
  if (/(?:县|旗|区)$/.test(region)) return 'county';
  return null;
}

function squeeze(text: string): string {
  return text.replace(/[\s\u3000]/g, '');
}

/**
 * Title, region, level and year of a report, from its title line, its subtitle ("——2021年1月31日在保定市第十五届
 * 人民代表大会…"), its speaker line ("保定市人民政府市长 郭建英") or, failing those, its text.
 */
export function readMetadata(paragraphs: Paragraph[], fileName?: string): Metadata {
  const head = paragraphs.slice(0, 12).map((p) => squeeze(p.text));
  const headText = head.join('\n');
  const body = paragraphs
    .slice(0, 400)
    .map((p) => p.text)
    .join('\n');

  let region: string | null = null;
  let level: Level | null = null;
  const joined = head.join('');
  if (/全国人民代表大会|国务院总理/.test(joined) || /我代表国务院/.test(body.slice(0, 3000))) {
    region = '中国';
    level = 'national';
  } else {
    const congress = /在([\u4e00-\u9fa5]{2,12}?)第[一二三四五六七八九十]+届人民代表大会/.exec(joined);
    const speaker =
      /(?:^|\n)([\u4e00-\u9fa5]{2,12}?)(?:人民政府)?(?:代理|代)?(?:省长|市长|县长|区长|主席|州长|旗长|盟长)/.exec(
        headText,
      );
    const titled = /([\u4e00-\u9fa5]{2,12}?)(?:人民政府)?政府工作报告/.exec(
      headText.replace(/^\d{4}年/, '').replace(/\n\d{4}年/g, '\n'),
    );
    const candidate = congress?.[1] ?? speaker?.[1] ?? titled?.[1] ?? null;
    const m = candidate ? REGION.exec(candidate) : null;
    if (m?.[1]) {
      region = m[1];
      level = levelOf(region);
    } else {
      // "我代表市人民政府" tells the level; the name is the most frequent "X市" in the text.
      const own = /我代表([省市县区])人民政府/.exec(body.slice(0, 3000))?.[1];
      if (own) {
        const suffix = own;
        const counts = new Map<string, number>();
        for (const mm of body.matchAll(new RegExp(`([\\u4e00-\\u9fa5]{2,3})${suffix}(?![委长民])`, 'g'))) {
          const name = mm[1] ?? '';
          if (/^(?:全|我|本|各|城|该|省|县|市|区|新|大|中|小|城乡)/.test(name)) continue;
          counts.set(name + suffix, (counts.get(name + suffix) ?? 0) + 1);
        }
        const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
        region = best && best[1] >= 2 ? best[0] : null;
        level = suffix === '省' ? 'province' : suffix === '市' ? 'city' : 'county';
        if (region) level = levelOf(region) ?? level;
      }
    }
  }

  const year = readYear(head, body);
  const titleLine = head.find((t) => /政府工作报告/.test(t) && t.length <= 40);
  let title: string;
  if (titleLine && !/^政府工作报告/.test(titleLine)) title = titleLine.replace(/（[^）]*）$/, '');
  else {
    const who = region === '中国' ? '国务院' : (region ?? '');
    title = `${year ?? ''}${year ? '年' : ''}${who}政府工作报告`;
  }
  if (title === '政府工作报告' && fileName) title = fileName.replace(/\.[a-z]+$/i, '');
  return { title, region, level, year };
}

function readYear(head: string[], body: string): number | null {
  for (const t of head) {
    const m = /^[—―-]*(\d{4})年\d{1,2}月\d{1,2}日在/.exec(t) ?? /^(\d{4})年?.{0,12}政府工作报告/.exec(t);
    if (m?.[1]) return Number(m[1]);
  }
  // The plan year is the year the plan parts speak of: "2017年重点工作", "2024年政府工作任务".
  const counts = new Map<number, number>();
  for (const m of body.matchAll(
    /(\d{4})年(?:重点工作|政府工作任务|工作总体部署|经济社会发展|主要目标|工作安排|主要任务|发展目标|工作任务)/g,
  )) {
    const y = Number(m[1]);
    counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
  if (best) return best[0];
  const review = /(\d{4})年工作回顾/.exec(body);
  return review?.[1] ? Number(review[1]) + 1 : null;
}
