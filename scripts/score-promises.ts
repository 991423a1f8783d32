// Scores promise matching against our gold (test/promises/gold/*.json) and, with --all, prints the check of
// every consecutive national pair of the corpus for a look by eye.
// Usage: tsx scripts/score-promises.ts [--verbose] [--all] [--json]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../src/core/parse/index.ts';
import { checkPromises, type PromiseCheck } from '../src/core/plan/promises.ts';
import { scorePromises, type PromiseGold, type PromiseScore } from '../src/core/plan/promises-score.ts';

const root = join(import.meta.dirname, '..');
const corpus = join(root, '..', 'shared', 'corpus');
const goldDir = join(root, 'test', 'promises', 'gold');

/** Reads a corpus report by name ("national-china-2023"). */
export function readCorpus(name: string): string {
  return readFileSync(join(corpus, `${name}.txt`), 'utf8');
}

/** The promise check of two corpus reports. */
export function checkCorpusPair(previous: string, next: string): PromiseCheck {
  const previousText = readCorpus(previous);
  const nextText = readCorpus(next);
  return checkPromises({
    previous: parseReport(previousText),
    previousText,
    next: parseReport(nextText),
    nextText,
  });
}

/** Every gold pair with its score. */
export function scoreAllGold(): { gold: PromiseGold; score: PromiseScore }[] {
  return readdirSync(goldDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const gold = JSON.parse(readFileSync(join(goldDir, f), 'utf8')) as PromiseGold;
      const check = checkCorpusPair(gold.previous, gold.next);
      const nextText = readCorpus(gold.next);
      return { gold, score: scorePromises(gold, check.matches, nextText) };
    });
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const results = scoreAllGold();
  let items = 0;
  let matchCorrect = 0;
  let verdictCorrect = 0;
  for (const { gold, score } of results) {
    items += score.items;
    matchCorrect += score.matchCorrect;
    verdictCorrect += score.verdictCorrect;
    console.log(
      `${gold.previous} -> ${gold.next}: ${score.items} targets · matching ${pct(score.matchAccuracy)} (${score.matchCorrect}) · verdict ${pct(score.verdictAccuracy)} (${score.verdictCorrect})${score.extraTargets.length ? ` · ${score.extraTargets.length} targets not in gold` : ''}`,
    );
    for (const r of score.rows) {
      if (!verbose && r.matchOk && r.verdictOk) continue;
      const got = r.predicted
        ? `${r.predicted.verdict} ${r.predicted.outcome ? `「${r.predicted.outcome.quote}」` : '—'}`
        : 'target not found';
      const want = `${r.gold.verdict} ${r.gold.outcome ? `「${r.gold.outcome.quote}」` : '—'}`;
      console.log(`  ${r.matchOk && r.verdictOk ? 'ok ' : 'ERR'} 「${r.target}」 got ${got} · gold ${want}`);
    }
  }
  console.log(
    `ALL: ${items} targets · matching ${pct(items ? matchCorrect / items : 1)} · verdict ${pct(items ? verdictCorrect / items : 1)}`,
  );
  if (process.argv.includes('--all')) {
    for (let y = 2014; y < 2025; y++) {
      const prev = `national-china-${y}`;
      const next = `national-china-${y + 1}`;
      const check = checkCorpusPair(prev, next);
      const c = check.counts;
      console.log(
        `\n== ${prev} -> ${next}: met ${c.met} · missed ${c.missed} · unclear ${c.unclear} · not reported ${c['not-reported']}`,
      );
      for (const m of check.matches) {
        if (m.verdict === 'not-reported' && !verbose) continue;
        console.log(
          `  ${m.verdict.padEnd(12)} 「${m.target.quote}」 -> ${m.outcome ? `「${m.outcome.quote}」 (${m.score})` : '—'}  ${m.reason.split(' / ')[0] ?? ''}`,
        );
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
