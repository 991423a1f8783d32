// Prints a report's outline with each section's kind and target count (a debugging aid).
import { readFileSync } from 'node:fs';
import { parseReport } from '../src/core/parse/index.ts';

const plan = parseReport(readFileSync(process.argv[2]!, 'utf8'));
console.log(plan.title, plan.region, plan.level, plan.year, plan.source);
const count = (id: string) =>
  plan.targets.filter((t) => t.sectionId === id || t.sectionId.startsWith(`${id}.`)).length;
for (const s of plan.sections) {
  console.log(`${s.id} [${s.kind}] ${s.title.slice(0, 40)} (${count(s.id)})`);
  for (const c of s.children) console.log(`   ${c.id} [${c.kind}] ${c.title.slice(0, 36)} (${count(c.id)})`);
}
console.log('tasks', plan.tasks.length, 'targets', plan.targets.length, 'baselines', plan.baselines.length);
for (const p of plan.problems) console.log('problem', p.code, p.message.slice(0, 80));
