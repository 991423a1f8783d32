/** The promise scorecard as the API answers it (src/services/promises.ts). */
export type PromiseVerdict = 'met' | 'missed' | 'unclear' | 'not-reported';
export const VERDICTS: PromiseVerdict[] = ['met', 'missed', 'unclear', 'not-reported'];
export const VERDICT_COLOR: Record<PromiseVerdict, string> = {
  met: '#389e0d',
  missed: '#cf1322',
  unclear: '#d48806',
  'not-reported': '#595959',
};

export type PromiseItem = {
  id: string;
  targetId: string | null;
  target: {
    quote: string;
    subject: string;
    low: number;
    high: number;
    unit: string;
    comparator: string;
    direction: string;
    span: [number, number];
  };
  outcome: {
    quote: string;
    value: number | null;
    unit: string | null;
    year: number | null;
    span: [number, number] | null;
  } | null;
  verdict: PromiseVerdict;
  reason: string;
  note: string | null;
  autoVerdict?: PromiseVerdict;
  autoOutcomeQuote?: string | null;
  score?: number;
  review?: 'pending' | 'accepted' | 'corrected';
  version?: number;
};

export type PromiseScorecard = {
  planId: string;
  state: 'none' | 'draft' | 'confirmed';
  previous: { title: string; year: number };
  next: { planId: string; title: string; year: number } | null;
  counts: Record<PromiseVerdict, number>;
  pending?: number;
  version?: number | null;
  confirmedAt: string | null;
  items: PromiseItem[];
  earlier?: {
    planId: string;
    title: string;
    year: number;
    state: 'none' | 'draft' | 'confirmed';
    counts: Record<PromiseVerdict, number>;
  } | null;
};
