import { describe, expect, it } from 'vitest';
import {
  mergeTasks,
  RestructureError,
  splitPoints,
  splitTask,
  titleOf,
  type StructTarget,
  type StructTask,
} from './restructure.ts';

// Source: two sections; section a has three task paragraphs, the first with two sub-tasks.
const P1 = '加强规划引领。一是编制总体规划；二是完善专项规划。';
const P2 = '完善基础设施。新建农村公路300公里。';
const P3 = '推进生态建设。治理大气污染，空气优良天数207天以上。';
const P4 = '发展教育。新建幼儿园50所。';
const SOURCE = `（一）城市建设\n${P1}\n${P2}\n${P3}\n（二）社会事业\n${P4}`;
const at = (s: string): [number, number] => {
  const i = SOURCE.indexOf(s);
  return [i, i + s.length];
};
const sub1 = '一是编制总体规划';
const sub2 = '二是完善专项规划';
const TASKS: StructTask[] = [
  { id: 't1', sectionId: 'a', parentId: null, title: '加强规划引领', text: P1, span: at(P1) },
  { id: 't1.1', sectionId: 'a', parentId: 't1', title: '编制总体规划', text: sub1, span: at(sub1) },
  { id: 't1.2', sectionId: 'a', parentId: 't1', title: '完善专项规划', text: sub2, span: at(sub2) },
  { id: 't2', sectionId: 'a', parentId: null, title: '完善基础设施', text: P2, span: at(P2) },
  { id: 't3', sectionId: 'a', parentId: null, title: '推进生态建设', text: P3, span: at(P3) },
  { id: 't4', sectionId: 'b', parentId: null, title: '发展教育', text: P4, span: at(P4) },
];
const TARGETS: StructTarget[] = [
  { id: 'x1', taskId: 't2', span: at('新建农村公路300公里') },
  { id: 'x2', taskId: 't3', span: at('空气优良天数207天以上') },
  { id: 'x3', taskId: 't4', span: at('新建幼儿园50所') },
];

const problemOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof RestructureError) return e.problem;
    throw e;
  }
  return 'none';
};

describe('mergeTasks', () => {
  it('merges adjacent tasks: first keeps its id, text and span cover all, targets and sub-tasks move', () => {
    const m = mergeTasks(TASKS, TARGETS, ['t2', 't1'], SOURCE);
    expect(m.survivorId).toBe('t1');
    expect(m.removedIds).toEqual(['t2']);
    expect(m.title).toBe('加强规划引领；完善基础设施');
    expect(m.text).toBe(`${P1}\n${P2}`);
    expect(SOURCE.slice(m.span[0], m.span[1])).toBe(m.text);
    expect(m.movedTargetIds).toEqual(['x1']);
    expect(m.reparentedIds).toEqual([]);
    const m2 = mergeTasks(TASKS, TARGETS, ['t2', 't3'], SOURCE, ' 基础设施和生态 ');
    expect(m2.title).toBe('基础设施和生态');
    expect(m2.movedTargetIds).toEqual(['x2']);
  });

  it('moves the sub-tasks of merged tasks to the survivor', () => {
    const tasks = TASKS.map((t) => (t.parentId === 't1' ? { ...t, parentId: 't2' } : t));
    expect(mergeTasks(tasks, TARGETS, ['t1', 't2'], SOURCE).reparentedIds).toEqual(['t1.1', 't1.2']);
  });

  it('refuses what is not a merge of adjacent top-level tasks of one section', () => {
    expect(problemOf(() => mergeTasks(TASKS, TARGETS, ['t1'], SOURCE))).toBe('too-few');
    expect(problemOf(() => mergeTasks(TASKS, TARGETS, ['t1', 't1'], SOURCE))).toBe('too-few');
    expect(problemOf(() => mergeTasks(TASKS, TARGETS, ['t1', 'zz'], SOURCE))).toBe('unknown-task');
    expect(problemOf(() => mergeTasks(TASKS, TARGETS, ['t1', 't1.1'], SOURCE))).toBe('sub-task');
    expect(problemOf(() => mergeTasks(TASKS, TARGETS, ['t3', 't4'], SOURCE))).toBe('different-sections');
    expect(problemOf(() => mergeTasks(TASKS, TARGETS, ['t1', 't3'], SOURCE))).toBe('not-adjacent');
  });
});

describe('splitTask', () => {
  const t3 = TASKS[4] as StructTask;
  const t1 = TASKS[0] as StructTask;

  it('offers sentence ends that cut no target or sub-task', () => {
    expect(splitPoints(t3, TARGETS, TASKS)).toEqual(['推进生态建设。'.length]);
    // After the lead sentence and between the two sub-tasks; the final stop would leave an empty part.
    expect(splitPoints(t1, TARGETS, TASKS)).toEqual([
      '加强规划引领。'.length,
      '加强规划引领。一是编制总体规划；'.length,
    ]);
  });

  it('splits in two; targets and sub-tasks go to the part holding them', () => {
    const s = splitTask(t3, TARGETS, TASKS, '推进生态建设。'.length);
    expect(s.first.text).toBe('推进生态建设。');
    expect(s.second.text).toBe('治理大气污染，空气优良天数207天以上。');
    expect(s.second.title).toBe('治理大气污染');
    expect(SOURCE.slice(...s.first.span)).toBe(s.first.text);
    expect(SOURCE.slice(...s.second.span)).toBe(s.second.text);
    expect(s.movedTargetIds).toEqual(['x2']);
    const s1 = splitTask(t1, TARGETS, TASKS, '加强规划引领。'.length, '规划编制');
    expect(s1.second.title).toBe('规划编制');
    expect(s1.reparentedIds).toEqual(['t1.1', 't1.2']);
  });

  it('refuses a cut at the ends, inside a target quote or a sub-task, or of a sub-task', () => {
    expect(problemOf(() => splitTask(t3, TARGETS, TASKS, 0))).toBe('split-outside');
    expect(problemOf(() => splitTask(t3, TARGETS, TASKS, P3.length))).toBe('split-outside');
    expect(problemOf(() => splitTask(t3, TARGETS, TASKS, P3.indexOf('207')))).toBe('split-inside-target');
    expect(problemOf(() => splitTask(t1, TARGETS, TASKS, P1.indexOf('总体')))).toBe('split-inside-sub-task');
    expect(problemOf(() => splitTask(TASKS[1] as StructTask, TARGETS, TASKS, 2))).toBe('sub-task');
  });
});

describe('titleOf', () => {
  it('reads a lead sentence, an ordinal item or the first clause', () => {
    expect(titleOf('完善基础设施。加快推进')).toBe('完善基础设施');
    expect(titleOf('二是完善专项规划，提高水平')).toBe('完善专项规划');
    expect(titleOf('加快推进城市道路建设，新建道路10条')).toBe('加快推进城市道路建设');
  });
});
