import type { FengongProblem, ParsedFengong, ParsedFengongRow } from './fengong.ts';
import { comparableText, normalizeCell } from './text.ts';

export type Milestone = { quarter: number; text: string };

export type AssignmentFields = {
  leaderId: string | null;
  leadDepartmentId: string | null;
  cooperatingDepartmentIds: string[];
  deadline: string | null;
  milestones: Milestone[];
};

/** A task of the plan as the 分工表 numbers it: area 一、= 1, task 1. within it, sub-task (1). */
export type FengongTaskRef = {
  id: string;
  area: number;
  n: number;
  sub: number | null;
  title: string;
  /** 具体任务 as exported (the task text without its title sentence). */
  detail: string;
  current: (AssignmentFields & { version: number }) | null;
};

export type Directory = {
  region: string | null;
  departments: { id: string; name: string }[];
  leaders: { id: string; name: string; title: string }[];
};

export type FieldChange = { field: string; label: string; before: string; after: string };

export type FengongChange = {
  row: number;
  taskId: string;
  seq: string;
  title: string;
  action: 'create' | 'update' | 'unchanged';
  changes: FieldChange[];
  next: AssignmentFields;
  /** The stored assignment's version (null: none yet). */
  version: number | null;
};

export type FengongPlan = { changes: FengongChange[]; problems: FengongProblem[] };

const strip = (s: string): string => s.replace(/^(?:市政府|市委|市)/u, '');

/** Find a department by the name as typed: exact, then without 市 / the region's name in front. */
export function resolveDepartment(dir: Directory, typed: string): { id: string; name: string } | null {
  const t = normalizeCell(typed);
  const byName = new Map(dir.departments.map((d) => [normalizeCell(d.name), d] as const));
  const exact = byName.get(t);
  if (exact) return exact;
  const region = dir.region ? normalizeCell(dir.region) : null;
  const candidates = [t, region && t.startsWith(region) ? t.slice(region.length) : t].map(strip);
  for (const c of candidates) {
    const hit = byName.get(c) ?? dir.departments.find((d) => strip(normalizeCell(d.name)) === c);
    if (hit) return hit;
  }
  return null;
}

/**
 * Resolve typed pieces to departments. A piece with single spaces is one name typed loosely
 * ("市 教育局") or several names separated by a space ("市财政局 市教育局"): whichever resolves.
 */
export function resolveDepartments(
  dir: Directory,
  pieces: string[],
): ({ id: string; name: string } | { missing: string })[] {
  type Resolved = { id: string; name: string } | { missing: string };
  return pieces.flatMap((piece): Resolved[] => {
    const whole = resolveDepartment(dir, piece);
    if (whole) return [whole];
    const parts = piece.split(/\s+/u).filter((p) => p !== '');
    const each = parts.flatMap((p) => resolveDepartment(dir, p) ?? []);
    if (parts.length > 1 && each.length === parts.length) return each;
    return [{ missing: normalizeCell(piece) }];
  });
}

const TITLES = /(?:常务副市长|副市长|市长|副县长|县长|副区长|区长|副省长|省长|秘书长|副秘书长)$/u;

/** Find a leader by name as typed: "李明华", "李明华副市长", "李明华（常务副市长）". */
export function resolveLeader(dir: Directory, typed: string): { id: string; name: string } | null {
  const t = normalizeCell(typed)
    .replace(/\(.*\)$/u, '')
    .replace(TITLES, '');
  return dir.leaders.find((l) => normalizeCell(l.name) === t) ?? null;
}

function textMatches(task: FengongTaskRef, row: ParsedFengongRow): boolean {
  const key = comparableText(row.keyWork);
  const detail = comparableText(row.detail);
  if (key !== '' && key === comparableText(task.title)) return true;
  if (detail !== '' && detail === comparableText(task.detail)) return true;
  return key === '' && detail !== '' && comparableText(task.title + task.detail).includes(detail);
}

function seqLabel(t: FengongTaskRef): string {
  return t.sub === null ? `${t.n}.` : `${t.n}.(${t.sub})`;
}

const eqList = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Match each row of a parsed 分工表 to a task of the plan (by 序号 within its area when the text
 * agrees, else by the text alone), resolve names, and say what would change. Nothing is applied
 * here; any problem means nothing may be applied.
 */
export function planFengongImport(
  parsed: ParsedFengong,
  tasks: FengongTaskRef[],
  dir: Directory,
): FengongPlan {
  const problems: FengongProblem[] = [...parsed.problems];
  const changes: FengongChange[] = [];
  const bySeq = new Map<string, FengongTaskRef>(tasks.map((t) => [`${t.area}.${t.n}.${t.sub ?? ''}`, t]));
  const taken = new Map<string, number>();
  const deptName = new Map(dir.departments.map((d) => [d.id, d.name] as const));
  const leaderName = new Map(dir.leaders.map((l) => [l.id, l.name] as const));
  let lastTaskN: number | null = null;
  for (const row of parsed.rows) {
    const r = row.rowNumber;
    const err = (message: string, messageEn: string): void => {
      problems.push({ row: r, message: `第${r}行：${message}`, messageEn: `Row ${r}: ${messageEn}` });
    };
    if (row.seq?.level === 'task') lastTaskN = row.seq.n;
    let candidate: FengongTaskRef | undefined;
    if (row.area !== null && row.seq !== null) {
      const key =
        row.seq.level === 'task' ? `${row.area}.${row.seq.n}.` : `${row.area}.${lastTaskN ?? 0}.${row.seq.n}`;
      candidate = bySeq.get(key);
    }
    let task: FengongTaskRef | undefined;
    if (candidate && textMatches(candidate, row)) task = candidate;
    else {
      const hits = tasks.filter((t) => textMatches(t, row));
      if (hits.length === 1) task = hits[0];
      else if (hits.length > 1) {
        task = hits.find((t) => t.area === row.area) ?? undefined;
        if (!task || hits.filter((t) => t.area === row.area).length > 1) {
          err(
            `「${row.keyWork || row.detail.slice(0, 20)}」对应计划中的多项任务，请核对序号`,
            `"${row.keyWork}" matches several tasks; check the 序号`,
          );
          continue;
        }
      }
    }
    const label = row.keyWork || `${row.detail.slice(0, 24)}${row.detail.length > 24 ? '…' : ''}`;
    if (!task) {
      err(`计划中找不到任务「${label}」`, `no task of the plan matches "${label}"`);
      continue;
    }
    const dup = taken.get(task.id);
    if (dup !== undefined) {
      err(`任务「${task.title}」与第${dup}行重复`, `task "${task.title}" is also on row ${dup}`);
      continue;
    }
    taken.set(task.id, r);

    const cur = task.current;
    const gives =
      row.leader !== null || row.lead !== null || row.cooperating !== null || row.deadline !== null;
    const givesMilestones = row.milestones !== null && row.milestones.some((m) => m !== '');
    if (!gives && !givesMilestones) {
      changes.push({
        row: r,
        taskId: task.id,
        seq: seqLabel(task),
        title: task.title,
        action: 'unchanged',
        changes: [],
        next: cur ?? {
          leaderId: null,
          leadDepartmentId: null,
          cooperatingDepartmentIds: [],
          deadline: null,
          milestones: [],
        },
        version: cur?.version ?? null,
      });
      continue;
    }
    let ok = true;
    let leaderId: string | null = cur?.leaderId ?? null;
    if (parsed.columns.leader) {
      leaderId = null;
      if (row.leader !== null && row.leader !== '') {
        const names = row.leader.split(/[、,，;；]/u).filter((x) => x !== '');
        if (names.length > 1) {
          err(
            `责任领导只能填写一位，现为「${row.leader}」`,
            `only one responsible leader per task, got "${row.leader}"`,
          );
          ok = false;
        } else {
          const l = resolveLeader(dir, row.leader);
          if (!l) {
            err(`责任领导「${row.leader}」不存在`, `leader "${row.leader}" does not exist`);
            ok = false;
          } else leaderId = l.id;
        }
      }
    }
    let leadId: string | null = cur?.leadDepartmentId ?? null;
    let coop: string[] = cur?.cooperatingDepartmentIds ?? [];
    const extraLeads: string[] = [];
    if (parsed.columns.lead) {
      leadId = null;
      for (const [i, d] of resolveDepartments(dir, row.lead ?? []).entries()) {
        if ('missing' in d) {
          err(`牵头单位「${d.missing}」不存在`, `lead department "${d.missing}" does not exist`);
          ok = false;
        } else if (i === 0) leadId = d.id;
        else extraLeads.push(d.id);
      }
    }
    if (parsed.columns.cooperating) {
      coop = [];
      for (const d of resolveDepartments(dir, row.cooperating ?? [])) {
        if ('missing' in d) {
          err(`配合单位「${d.missing}」不存在`, `cooperating department "${d.missing}" does not exist`);
          ok = false;
        } else coop.push(d.id);
      }
    }
    if (!ok) continue;
    // A second lead department typed in the same cell cooperates (one lead per task here).
    const cooperatingDepartmentIds = [...new Set([...extraLeads, ...coop])].filter((id) => id !== leadId);
    const deadline = parsed.columns.deadline
      ? row.deadline === null || row.deadline === ''
        ? null
        : row.deadline
      : (cur?.deadline ?? null);
    const milestones: Milestone[] =
      row.milestones !== null
        ? row.milestones.flatMap((text, i) => (text === '' ? [] : [{ quarter: i + 1, text }]))
        : (cur?.milestones ?? []);
    const before = cur ?? {
      leaderId: null,
      leadDepartmentId: null,
      cooperatingDepartmentIds: [],
      deadline: null,
      milestones: [],
    };
    // Texts equal up to spaces and full-width forms keep their stored spelling.
    const same = (a: string | null, b: string | null): boolean =>
      normalizeCell(a ?? '') === normalizeCell(b ?? '');
    const next: AssignmentFields = {
      leaderId,
      leadDepartmentId: leadId,
      cooperatingDepartmentIds,
      deadline: same(before.deadline, deadline) ? before.deadline : deadline,
      milestones:
        before.milestones.length === milestones.length &&
        before.milestones.every(
          (m, i) => m.quarter === milestones[i]?.quarter && same(m.text, milestones[i]?.text ?? null),
        )
          ? before.milestones
          : milestones,
    };
    const fieldChanges: FieldChange[] = [];
    const nameOf = (m: Map<string, string>, id: string | null): string =>
      id === null ? '' : (m.get(id) ?? id);
    if (before.leaderId !== next.leaderId)
      fieldChanges.push({
        field: 'leader',
        label: '责任领导',
        before: nameOf(leaderName, before.leaderId),
        after: nameOf(leaderName, next.leaderId),
      });
    if (before.leadDepartmentId !== next.leadDepartmentId)
      fieldChanges.push({
        field: 'leadDepartment',
        label: '牵头单位',
        before: nameOf(deptName, before.leadDepartmentId),
        after: nameOf(deptName, next.leadDepartmentId),
      });
    if (!eqList(before.cooperatingDepartmentIds, next.cooperatingDepartmentIds))
      fieldChanges.push({
        field: 'cooperatingDepartments',
        label: '配合单位',
        before: before.cooperatingDepartmentIds.map((id) => nameOf(deptName, id)).join('、'),
        after: next.cooperatingDepartmentIds.map((id) => nameOf(deptName, id)).join('、'),
      });
    if ((before.deadline ?? '') !== (next.deadline ?? ''))
      fieldChanges.push({
        field: 'deadline',
        label: '完成时限',
        before: before.deadline ?? '',
        after: next.deadline ?? '',
      });
    const ms = (list: Milestone[]): string => list.map((m) => `Q${m.quarter}：${m.text}`).join('；');
    if (ms(before.milestones) !== ms(next.milestones))
      fieldChanges.push({
        field: 'milestones',
        label: '季度节点',
        before: ms(before.milestones),
        after: ms(next.milestones),
      });
    changes.push({
      row: r,
      taskId: task.id,
      seq: seqLabel(task),
      title: task.title,
      action: cur === null ? 'create' : fieldChanges.length === 0 ? 'unchanged' : 'update',
      changes: fieldChanges,
      next,
      version: cur?.version ?? null,
    });
  }
  if (parsed.rows.length === 0 && problems.length === 0) {
    problems.push({ row: null, message: '表中没有任务行', messageEn: 'The table has no task rows' });
  }
  return { changes, problems };
}
