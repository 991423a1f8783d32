import type { Plan, Problem } from '../plan/types.ts';
import { detectCopies } from '../text/copies.ts';
import { sha256Hex } from '../text/hash.ts';
import { findHeadingTails, isPageToolLine, junkProblem } from '../text/junk.ts';
import { splitParagraphs, type Paragraph } from '../text/paragraphs.ts';
import { toReadable } from '../text/readable.ts';
import { readMetadata } from './metadata.ts';
import { buildOutline } from './outline.ts';
import { extractQuantities, placePattern } from './targets.ts';

export type ParseOptions = {
  fileName?: string;
  /** A faster SHA-256 (hex) for the host, e.g. node:crypto; the pure fallback runs anywhere. */
  sha256?: (text: string) => string;
};

/**
 * Reads a work report's text into a Plan: metadata, outline, tasks, targets and baselines, each pointing back
 * to the exact source words. Pure and total: bad input yields problems, never an exception.
 * @example parseReport(text).targets[0] -> { subject: '生产总值', low: 3500, unit: '亿元', comparator: '~', … }
 */
export function parseReport(text: string, options: ParseOptions = {}): Plan {
  const problems: Problem[] = [];
  const hash = options.sha256 ?? sha256Hex;
  const all = splitParagraphs(text);
  const layout = detectCopies(all);
  if (layout.copies > 1) {
    problems.push({
      code: 'copies-found',
      message: `文件中报告重复出现 ${layout.copies} 次，只解析第一份 / The report occurs ${layout.copies} times in the file; only the first copy is parsed`,
    });
  }
  const copy = all.slice(layout.range[0], layout.range[1]);
  const kept: Paragraph[] = [];
  for (const p of copy) {
    if (isPageToolLine(p.text)) problems.push(junkProblem(p.span, p.text, 'page-tool'));
    else kept.push(p);
  }
  const bodyText = kept.map((p) => p.text).join('\n');
  const tails = findHeadingTails(kept, bodyText);
  const tailOf = new Map(tails.map((t) => [t.paragraph.index, t]));
  for (const t of tails) problems.push(junkProblem(t.span, t.junk, 'heading-tail'));
  const meta = readMetadata(kept, options.fileName);
  const outline = buildOutline(kept, {
    year: meta.year,
    cleanTitle: (p) => {
      const t = tailOf.get(p.index);
      return t ? p.text.slice(0, t.keep) : p.text;
    },
  });
  const hasPlan = outline.placed.some((p) => p.kind === 'plan');
  const looksLikeReport = /政府工作|各位代表|人民代表大会|政府工作报告/.test(bodyText.slice(0, 20000));
  if (!hasPlan || !looksLikeReport) {
    problems.push({
      code: 'not-a-report',
      message:
        '未找到政府工作报告的结构（今年工作安排、主要目标等） / No work-report structure found (plan parts, targets)',
    });
    return {
      ...meta,
      source: { sha256: hash(text), chars: text.length, copies: layout.copies },
      sections: [],
      tasks: [],
      targets: [],
      baselines: [],
      problems,
    };
  }
  const readable = toReadable(text);
  const place = meta.region
    ? meta.region.replace(/(?:特别行政区|自治区|自治州|自治县|省|市|县|区|旗|盟)$/, '')
    : '';
  const found = extractQuantities(outline.placed, {
    year: meta.year,
    readable,
    source: text,
    place: placePattern(place),
  });
  return {
    ...meta,
    source: { sha256: hash(text), chars: text.length, copies: layout.copies },
    sections: outline.sections,
    tasks: outline.tasks,
    targets: found.targets,
    baselines: found.baselines,
    problems: [...problems, ...found.problems],
  };
}
