import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { parseReport } from '../../core/parse/index.ts';
import type { Plan } from '../../core/plan/types.ts';
import { IngestError, readReport } from '../../ingest/index.ts';

/** Exit codes of `luoshi parse`. */
export const EXIT = { ok: 0, unreadable: 2, notAReport: 3 } as const;

export function registerParseCommand(program: Command): void {
  program
    .command('parse')
    .description('解析报告文件并输出计划 / parse a report file into a plan')
    .argument('<file>', '报告文件 (.txt .docx .pdf .html)')
    .option('--json', '输出计划 JSON / print the Plan as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      process.exitCode = await runParse(file, opts);
    });
}

export async function runParse(file: string, opts: { json?: boolean }): Promise<number> {
  let text: string;
  try {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      console.error(`无法读取文件「${file}」：文件不存在 / Cannot read "${file}": no such file`);
      return EXIT.unreadable;
    }
    const bytes = await readFile(file);
    text = (await readReport({ bytes, fileName: basename(file) })).text;
  } catch (error) {
    if (error instanceof IngestError) {
      console.error(error.message);
      return EXIT.unreadable;
    }
    console.error(`无法读取文件「${file}」 / Cannot read "${file}": ${(error as Error).message}`);
    return EXIT.unreadable;
  }
  const plan = parseReport(text, { fileName: basename(file) });
  if (plan.problems.some((p) => p.code === 'not-a-report')) {
    console.error(
      `「${basename(file)}」不像政府工作报告：未找到工作安排或目标 / "${basename(file)}" does not look like a work report: no plan structure found`,
    );
    if (opts.json) process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    return EXIT.notAReport;
  }
  process.stdout.write(opts.json ? `${JSON.stringify(plan, null, 2)}\n` : summarize(plan));
  return EXIT.ok;
}

const LEVEL_ZH: Record<string, string> = { national: '国家', province: '省级', city: '市级', county: '县级' };

/** A readable summary: metadata, the outline with counts, the targets table. */
export function summarize(plan: Plan): string {
  const lines: string[] = [];
  lines.push(`${plan.title}`);
  lines.push(
    `地区 ${plan.region ?? '未知'} · 层级 ${plan.level ? LEVEL_ZH[plan.level] : '未知'} · 年度 ${plan.year ?? '未知'} · 副本 ${plan.source.copies} · ${plan.source.chars} 字符`,
  );
  lines.push('');
  lines.push('提纲 / Outline');
  const countIn = (id: string): [number, number] => [
    plan.tasks.filter((t) => t.sectionId === id || t.sectionId.startsWith(`${id}.`)).length,
    plan.targets.filter((t) => t.sectionId === id || t.sectionId.startsWith(`${id}.`)).length,
  ];
  const kindZh = { review: '回顾', plan: '部署', other: '其他' } as const;
  for (const s of plan.sections) {
    const [tasks, targets] = countIn(s.id);
    lines.push(`  ${s.title}  [${kindZh[s.kind]}] 任务 ${tasks} · 目标 ${targets}`);
    for (const c of s.children) {
      const [ct, cg] = countIn(c.id);
      lines.push(`    ${c.title}  任务 ${ct} · 目标 ${cg}`);
    }
  }
  lines.push('');
  lines.push(`量化目标 / Targets (${plan.targets.length})`);
  plan.targets.forEach((t, i) => {
    const value = t.low === t.high ? `${t.low}` : `${t.low}–${t.high}`;
    const horizon = t.horizon === 'year' ? `${t.dueYear ?? ''}年度` : `至${t.dueYear ?? '?'}年`;
    lines.push(
      `  ${String(i + 1).padStart(3)}. ${t.subject}  ${t.comparator} ${value}${t.unit}  ${t.direction}  ${horizon}  「${t.quote}」`,
    );
  });
  lines.push('');
  lines.push(`基数 / Baselines: ${plan.baselines.length} · 问题 / Problems: ${plan.problems.length}`);
  for (const p of plan.problems) lines.push(`  - [${p.code}] ${p.message}`);
  return `${lines.join('\n')}\n`;
}
