// Golden files for whole reports: every corpus report and the sample, parsed, reduced to what a reviewer reads
// (metadata, outline, tasks, targets, problem codes). `npm run test:golden:update` rewrites them after a
// reviewed change; the test fails on any difference.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../../src/core/parse/index.ts';

export const sharedDir = join(import.meta.dirname, '..', '..', '..', 'shared');
export const goldenDir = import.meta.dirname;

export function goldenSources(): { name: string; path: string }[] {
  const corpus = join(sharedDir, 'corpus');
  return [
    { name: 'xuchang-2017', path: join(import.meta.dirname, '..', '..', 'samples', 'xuchang-2017.txt') },
    ...readdirSync(corpus)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => ({ name: f.replace(/\.txt$/, ''), path: join(corpus, f) })),
  ];
}

export function digest(path: string): unknown {
  const plan = parseReport(readFileSync(path, 'utf8'));
  return {
    title: plan.title,
    region: plan.region,
    level: plan.level,
    year: plan.year,
    copies: plan.source.copies,
    sections: plan.sections.map((s) => ({
      id: s.id,
      kind: s.kind,
      title: s.title,
      children: s.children.map((c) => `${c.id} ${c.title}`),
    })),
    tasks: plan.tasks.map((t) => `${t.id} [${t.sectionId}] ${t.title}`),
    targets: plan.targets.map(
      (t) =>
        `${t.sectionId}${t.taskId ? `/${t.taskId}` : ''} ${t.subject} ${t.comparator} ${t.low}${t.high !== t.low ? `-${t.high}` : ''}${t.unit} ${t.direction} ${t.horizon}:${t.dueYear} 「${t.quote}」`,
    ),
    baselines: plan.baselines.length,
    problems: plan.problems.map((p) => p.code),
  };
}
