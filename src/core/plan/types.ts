/**
 * The Plan: what a work report commits to for its year. This is the stable JSON contract printed by
 * `luoshi parse --json` (see PLAN-JSON.md): fields may be added, never renamed.
 *
 * Spans are UTF-16 code-unit offsets `[start, end)` into the decoded source text, before any
 * de-duplication or junk stripping, and `quote` is always `source.slice(span[0], span[1])`.
 */
export type Span = [number, number];

export type Level = 'national' | 'province' | 'city' | 'county';

export type SectionKind = 'review' | 'plan' | 'other';

export type Section = {
  id: string;
  title: string;
  kind: SectionKind;
  depth: number;
  span: Span;
  children: Section[];
};

export type Task = {
  id: string;
  sectionId: string;
  title: string;
  text: string;
  span: Span;
  /** The task this one is a sub-task of (一是…二是… inside a task paragraph), if any. */
  parentId?: string | null;
};

export type Comparator = '>=' | '>' | '<=' | '<' | '~' | '=' | 'range';
export type Direction = 'increase' | 'decrease' | 'keep';
export type Horizon = 'year' | 'multi-year';

export type Target = {
  id: string;
  sectionId: string;
  taskId: string | null;
  quote: string;
  span: Span;
  subject: string;
  /** As written, before 万/亿 scaling: 2.17 for "2.17万人"; 1 and 2 for "1―2家". */
  low: number;
  high: number;
  /** As written, scale included: "万吨", "亿元", "%", "个百分点". */
  unit: string;
  comparator: Comparator;
  direction: Direction;
  horizon: Horizon;
  dueYear: number | null;
};

export type Baseline = {
  id: string;
  sectionId: string;
  quote: string;
  span: Span;
  subject: string;
  value: number;
  unit: string;
  year: number | null;
};

export type Problem = { code: string; message: string; span?: Span };

export type Plan = {
  title: string;
  region: string | null;
  level: Level | null;
  year: number | null;
  source: { sha256: string; chars: number; copies: number };
  sections: Section[];
  tasks: Task[];
  targets: Target[];
  baselines: Baseline[];
  problems: Problem[];
};
