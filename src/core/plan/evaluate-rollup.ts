/**
 * Roll-ups of task statuses (area, plan, department, leader's portfolio), the on-time reporting rate
 * (按时报送率) and department scores. Pure.
 */
import type { LocalDate } from './evaluate-dates.ts';
import type { Status, StatusLevel } from './evaluate.ts';

export type Counts = Record<StatusLevel, number>;

export type RollUp = Status & {
  counts: Counts;
  total: number;
  onTrackShare: number | null;
  /**
   * Items judged final and missed (未完成: past their deadline or the plan year, goal not met). They keep
   * their level in `counts` (mostly red); the reason names them 未完成 rather than 严重滞后.
   */
  missed: number;
};

const NAMES: Record<StatusLevel, [string, string]> = {
  done: ['已完成', 'done'],
  green: ['正常推进', 'on track'],
  yellow: ['滞后', 'lagging'],
  red: ['严重滞后', 'behind'],
  grey: ['未报送', 'not reported'],
};
const ORDER: StatusLevel[] = ['done', 'green', 'yellow', 'red', 'grey'];
const MISSED_NAME: [string, string] = ['未完成', 'missed'];

/**
 * Roll task statuses up to an area, a plan, a department or a leader's portfolio (weights optional,
 * default 1). All done is done; when more than half (by weight) is not reported it is grey; otherwise
 * the share on track (done or green) among those reported decides: >= 90% green, >= 70% yellow, else red.
 * @example rollUpStatuses([{ status: green }, { status: red }]).reason -> '共 2 项：正常推进 1，严重滞后 1；正常推进率 50%'
 */
export function rollUpStatuses(
  items: { status: Status; weight?: number }[],
  empty: { reason: string; reasonEn: string } = { reason: '无重点工作', reasonEn: 'no tasks' },
): RollUp {
  const counts: Counts = { done: 0, green: 0, yellow: 0, red: 0, grey: 0 };
  const weights: Counts = { done: 0, green: 0, yellow: 0, red: 0, grey: 0 };
  let wsum = 0;
  let csum = 0;
  let esum = 0;
  let ewsum = 0;
  let missed = 0;
  const missedByLevel: Counts = { done: 0, green: 0, yellow: 0, red: 0, grey: 0 };
  for (const { status, weight = 1 } of items) {
    counts[status.level] += 1;
    if (status.final === 'missed') {
      missed += 1;
      missedByLevel[status.level] += 1;
    }
    weights[status.level] += weight;
    if (status.completion !== null) {
      wsum += weight;
      csum += weight * Math.min(1, status.completion);
    }
    if (status.expected !== null) {
      ewsum += weight;
      esum += weight * status.expected;
    }
  }
  const total = items.length;
  if (total === 0) {
    return {
      level: 'grey',
      reason: empty.reason,
      reasonEn: empty.reasonEn,
      completion: null,
      expected: null,
      counts,
      total,
      onTrackShare: null,
      missed: 0,
    };
  }
  const all = ORDER.reduce((s, l) => s + weights[l], 0);
  const reported = all - weights.grey;
  const onTrack = reported > 0 ? (weights.done + weights.green) / reported : null;
  let level: StatusLevel;
  if (counts.done === total) level = 'done';
  else if (all > 0 && weights.grey / all > 0.5) level = 'grey';
  else if (onTrack === null) level = 'grey';
  else if (onTrack >= 0.9 - 1e-9) level = 'green';
  else if (onTrack >= 0.7 - 1e-9) level = 'yellow';
  else level = 'red';
  // Final misses are named 未完成 (missed), the rest by their level.
  const named = ORDER.map((l) => [NAMES[l], counts[l] - missedByLevel[l]] as const);
  const parts = [...named, [MISSED_NAME, missed] as const].filter(([, n]) => n > 0);
  const pct = onTrack === null ? null : `${Math.round(onTrack * 1000) / 10}%`;
  return {
    level,
    reason:
      `共 ${total} 项：${parts.map(([name, n]) => `${name[0]} ${n}`).join('，')}` +
      (pct === null ? '' : `；正常推进率 ${pct}`),
    reasonEn:
      `${total} in all: ${parts.map(([name, n]) => `${n} ${name[1]}`).join(', ')}` +
      (pct === null ? '' : `; ${pct} on track`),
    completion: wsum > 0 ? csum / wsum : null,
    expected: ewsum > 0 ? esum / ewsum : null,
    counts,
    total,
    onTrackShare: onTrack,
    missed,
  };
}

/** One report a department owes: a task (lead or cooperating) for a period, due on a date. */
export type Obligation = { departmentId: string; taskId: string; period: string; due: LocalDate };
/** A report as submitted (`submittedOn`: local date of its last submission; null for drafts). */
export type Submission = {
  departmentId: string;
  taskId: string;
  period: string;
  submittedOn: LocalDate | null;
};

export type ReportingRecord = {
  departmentId: string;
  due: number;
  onTime: number;
  late: number;
  missing: number;
  /** on time / due; null when nothing was due */
  onTimeRate: number | null;
};

/**
 * 按时报送率 per department: of the reports due by `asOf`, how many were submitted on or before their
 * deadline, late, or not at all.
 * @example reportingRecords([{ departmentId: 'd', taskId: 't', period: '2017-06', due: '2017-07-05' }], [{ departmentId: 'd', taskId: 't', period: '2017-06', submittedOn: '2017-07-04' }], '2017-07-10') -> [{ departmentId: 'd', due: 1, onTime: 1, late: 0, missing: 0, onTimeRate: 1 }]
 */
export function reportingRecords(
  obligations: Obligation[],
  submissions: Submission[],
  asOf: LocalDate,
): ReportingRecord[] {
  const submitted = new Map<string, LocalDate>();
  for (const s of submissions) {
    if (s.submittedOn === null || s.submittedOn > asOf) continue;
    submitted.set(`${s.departmentId}|${s.taskId}|${s.period}`, s.submittedOn);
  }
  const out = new Map<string, ReportingRecord>();
  for (const o of obligations) {
    if (o.due >= asOf) continue;
    const r = out.get(o.departmentId) ?? {
      departmentId: o.departmentId,
      due: 0,
      onTime: 0,
      late: 0,
      missing: 0,
      onTimeRate: null,
    };
    r.due += 1;
    const on = submitted.get(`${o.departmentId}|${o.taskId}|${o.period}`);
    if (on === undefined) r.missing += 1;
    else if (on <= o.due) r.onTime += 1;
    else r.late += 1;
    out.set(o.departmentId, r);
  }
  return [...out.values()].map((r) => ({ ...r, onTimeRate: r.due > 0 ? r.onTime / r.due : null }));
}

export type DepartmentTask = { status: Status; weight?: number; lead: string | null; cooperating: string[] };

export type DepartmentScore = {
  departmentId: string;
  name: string;
  lead: RollUp;
  cooperating: RollUp;
  reporting: ReportingRecord | null;
  /** 0..100: 60% progress of its tasks (lead counts 1, cooperating 0.3), 40% on-time reporting. */
  score: number;
  rank: number;
};

const POINTS: Record<StatusLevel, number> = { done: 1, green: 1, yellow: 0.6, red: 0.2, grey: 0 };

/**
 * Score and rank departments: progress of the tasks they lead (weight 1) and cooperate on (0.3),
 * points done/green 1, yellow 0.6, red 0.2, not reported 0; then 60% progress + 40% 按时报送率.
 * Departments without tasks are not ranked. Ties share a rank.
 * @example scoreDepartments([{ id: 'd', name: '教育局' }], [{ status: green, lead: 'd', cooperating: [] }], []) -> [{ name: '教育局', score: 100, rank: 1, … }]
 */
export function scoreDepartments(
  departments: { id: string; name: string }[],
  tasks: DepartmentTask[],
  records: ReportingRecord[],
): DepartmentScore[] {
  const byDept = new Map(records.map((r) => [r.departmentId, r] as const));
  const scored: Omit<DepartmentScore, 'rank'>[] = [];
  for (const d of departments) {
    const lead = tasks.filter((t) => t.lead === d.id);
    const coop = tasks.filter((t) => t.cooperating.includes(d.id));
    if (lead.length + coop.length === 0) continue;
    let w = 0;
    let p = 0;
    for (const t of lead) {
      w += t.weight ?? 1;
      p += (t.weight ?? 1) * POINTS[t.status.level];
    }
    for (const t of coop) {
      w += 0.3 * (t.weight ?? 1);
      p += 0.3 * (t.weight ?? 1) * POINTS[t.status.level];
    }
    const progress = w > 0 ? p / w : 0;
    const reporting = byDept.get(d.id) ?? null;
    const rate = reporting?.onTimeRate ?? null;
    const score = Math.round((rate === null ? progress : 0.6 * progress + 0.4 * rate) * 1000) / 10;
    scored.push({
      departmentId: d.id,
      name: d.name,
      lead: rollUpStatuses(lead, { reason: '无牵头任务', reasonEn: 'leads no task' }),
      cooperating: rollUpStatuses(coop, { reason: '无配合任务', reasonEn: 'cooperates on no task' }),
      reporting,
      score,
    });
  }
  scored.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh'));
  let rank = 0;
  let prev: number | null = null;
  return scored.map((s, i) => {
    if (s.score !== prev) rank = i + 1;
    prev = s.score;
    return { ...s, rank };
  });
}
