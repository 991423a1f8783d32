import type { PromiseMatch, PromiseVerdict } from './promises.ts';

/**
 * Scoring promise matches against hand-made gold (test/promises/gold/*.json): for each year-target of the
 * previous report, the outcome quote in the next report (or null) and the correct verdict.
 */

export type PromiseGoldItem = {
  /** The target's quote in the previous report. */
  target: string;
  /** The outcome in the next report: a quote that holds the figure, and the figure as written. */
  outcome: { quote: string; value: number } | null;
  verdict: PromiseVerdict;
  note?: string;
};

export type PromiseGold = { previous: string; next: string; notes?: string; items: PromiseGoldItem[] };

export type PromiseScoreRow = {
  target: string;
  gold: PromiseGoldItem;
  predicted: PromiseMatch | null;
  matchOk: boolean;
  verdictOk: boolean;
};

export type PromiseScore = {
  items: number;
  matchCorrect: number;
  verdictCorrect: number;
  matchAccuracy: number;
  verdictAccuracy: number;
  /** Predicted year-targets the gold does not list (a parser difference, not a matching error). */
  extraTargets: string[];
  rows: PromiseScoreRow[];
};

/** Where a gold quote sits in the text: its first occurrence, or null when it is not there. */
function spanOf(text: string, quote: string): [number, number] | null {
  const at = text.indexOf(quote);
  return at === -1 ? null : [at, at + quote.length];
}

/**
 * Scores predicted matches against gold: a match is right when both say "none", or when the predicted outcome
 * overlaps the gold quote in the next report's text and has the gold figure; a verdict is right when equal.
 * Gold items pair with predicted targets by quote, in order (two targets may share one quote).
 * @example scorePromises(gold, matches, nextText) -> { matchAccuracy: 1, verdictAccuracy: 0.9, … }
 */
export function scorePromises(gold: PromiseGold, matches: PromiseMatch[], nextText: string): PromiseScore {
  const unused = [...matches];
  const rows: PromiseScoreRow[] = gold.items.map((g) => {
    const i = unused.findIndex((m) => m.target.quote === g.target);
    const predicted = i === -1 ? null : (unused.splice(i, 1)[0] ?? null);
    let matchOk = false;
    if (predicted) {
      if (!g.outcome) matchOk = predicted.outcome === null;
      else if (predicted.outcome) {
        const span = spanOf(nextText, g.outcome.quote);
        const [s, e] = predicted.outcome.span;
        matchOk =
          span !== null &&
          s < span[1] &&
          e > span[0] &&
          Math.abs(predicted.outcome.value - g.outcome.value) < 1e-9;
      }
    }
    return { target: g.target, gold: g, predicted, matchOk, verdictOk: predicted?.verdict === g.verdict };
  });
  const matchCorrect = rows.filter((r) => r.matchOk).length;
  const verdictCorrect = rows.filter((r) => r.verdictOk).length;
  const n = rows.length;
  return {
    items: n,
    matchCorrect,
    verdictCorrect,
    matchAccuracy: n ? matchCorrect / n : 1,
    verdictAccuracy: n ? verdictCorrect / n : 1,
    extraTargets: unused.map((m) => m.target.quote),
    rows,
  };
}
