import type { PlanView, SectionView, StatusLevel, TaskView } from '../api/types.ts';

/** Sections in reading order, flattened. */
export function flattenSections(sections: SectionView[]): SectionView[] {
  const out: SectionView[] = [];
  const walk = (list: SectionView[]): void => {
    for (const s of list) {
      out.push(s);
      walk(s.children);
    }
  };
  walk(sections);
  return out;
}

export type Area = { id: string; title: string; tasks: TaskView[] };

/** The plan's tasks grouped by the section they sit in (the "areas"), in reading order. */
export function areasOf(plan: Pick<PlanView, 'sections' | 'tasks'>): Area[] {
  const bySection = new Map<string, TaskView[]>();
  for (const t of plan.tasks) {
    const list = bySection.get(t.sectionId) ?? [];
    list.push(t);
    bySection.set(t.sectionId, list);
  }
  return flattenSections(plan.sections)
    .filter((s) => bySection.has(s.id))
    .map((s) => ({ id: s.id, title: stripNumbering(s.title), tasks: bySection.get(s.id) ?? [] }));
}

/** "（一）加快郑许融合发展…" -> "加快郑许融合发展…" */
export function stripNumbering(title: string): string {
  return title.replace(/^\s*[（(]?[一二三四五六七八九十百\d]+[)）、.．]\s*/, '');
}

export function countByStatus(levels: StatusLevel[]): Record<StatusLevel, number> {
  const out: Record<StatusLevel, number> = { red: 0, yellow: 0, green: 0, grey: 0, done: 0 };
  for (const l of levels) out[l] += 1;
  return out;
}

/** Case-insensitive match of a task (title, text, departments, targets) against a search string. */
export function taskMatches(task: TaskView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const a = task.assignment;
  const hay = [
    task.title,
    task.text,
    a?.leadDepartment ?? '',
    a?.leader ?? '',
    ...(a?.cooperatingDepartments ?? []),
    ...task.targets.map((t) => t.subject),
  ]
    .join('\n')
    .toLowerCase();
  return hay.includes(q);
}
