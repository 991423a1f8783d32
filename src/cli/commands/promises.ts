import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { parseReport } from '../../core/parse/index.ts';
import type { Plan } from '../../core/plan/types.ts';
import { checkPromises, type PromiseCheck, type PromiseMatch } from '../../core/plan/promises.ts';
import { IngestError, readReport } from '../../ingest/index.ts';

/** Exit codes of `luoshi promises` (as `luoshi parse`). */
export const PROMISES_EXIT = { ok: 0, unreadable: 2, notAReport: 3 } as const;

export function registerPromisesCommand(program: Command): void {
  program
    .command('promises')
    .description(
      '以下一年报告的回顾核对上一年报告的年度目标 / check last year’s targets against the next report’s review',
    )
    .argument('<previous>', '上一年报告文件 / the earlier report (.txt .docx .pdf .html)')
    .argument('<next>', '下一年报告文件 / the next report')
    .option('--json', '输出 JSON（每个年度目标一个对象） / print JSON, one object per year-target')
    .action(async (previous: string, next: string, opts: { json?: boolean }) => {
      process.exitCode = await runPromises(previous, next, opts);
    });
}

type Loaded = { text: string; plan: Plan };

async function load(file: string): Promise<Loaded | { exit: number }> {
  try {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      console.error(`无法读取文件「${file}」：文件不存在 / Cannot read "${file}": no such file`);
      return { exit: PROMISES_EXIT.unreadable };
    }
    const text = (await readReport({ bytes: await readFile(file), fileName: basename(file) })).text;
    const plan = parseReport(text, { fileName: basename(file) });
    if (plan.problems.some((p) => p.code === 'not-a-report')) {
      console.error(
        `「${basename(file)}」不像政府工作报告：未找到工作安排或目标 / "${basename(file)}" does not look like a work report`,
      );
      return { exit: PROMISES_EXIT.notAReport };
    }
    return { text, plan };
  } catch (error) {
    console.error(
      error instanceof IngestError
        ? error.message
        : `无法读取文件「${file}」 / Cannot read "${file}": ${(error as Error).message}`,
    );
    return { exit: PROMISES_EXIT.unreadable };
  }
}

export async function runPromises(previous: string, next: string, opts: { json?: boolean }): Promise<number> {
  const a = await load(previous);
  if ('exit' in a) return a.exit;
  const b = await load(next);
  if ('exit' in b) return b.exit;
  const check = checkPromises({ previous: a.plan, previousText: a.text, next: b.plan, nextText: b.text });
  for (const p of check.problems) console.error(`注意 / warning: ${p}`);
  process.stdout.write(opts.json ? `${JSON.stringify(toJson(check), null, 2)}\n` : formatPromises(check));
  return PROMISES_EXIT.ok;
}

/** The JSON of `luoshi promises --json`: one object per year-target of the previous report. */
export function toJson(check: PromiseCheck): object[] {
  return check.matches.map((m) => ({
    target: {
      quote: m.target.quote,
      subject: m.target.subject,
      low: m.target.low,
      high: m.target.high,
      unit: m.target.unit,
      comparator: m.target.comparator,
      direction: m.target.direction,
      span: m.target.span,
    },
    outcome: m.outcome
      ? {
          quote: m.outcome.quote,
          measure: m.outcome.measure,
          value: m.outcome.value,
          unit: m.outcome.unit,
          year: m.outcome.year,
          period: m.outcome.period,
          qualifier: m.outcome.qualifier,
          span: m.outcome.span,
        }
      : null,
    verdict: m.verdict,
    score: m.score,
    reason: m.reason,
  }));
}

const VERDICT_ZH: Record<PromiseMatch['verdict'], string> = {
  met: '完成',
  missed: '未完成',
  unclear: '无法比较',
  'not-reported': '未报告',
};

/** A readable table: counts, then each target with its outcome side by side. */
export function formatPromises(check: PromiseCheck): string {
  const lines: string[] = [];
  lines.push(`${check.previous.title} → ${check.next.title}`);
  const c = check.counts;
  lines.push(
    `完成 met ${c.met} · 未完成 missed ${c.missed} · 无法比较 unclear ${c.unclear} · 未报告 not reported ${c['not-reported']}`,
  );
  lines.push('');
  check.matches.forEach((m, i) => {
    const verdict = `${VERDICT_ZH[m.verdict]} ${m.verdict}`;
    lines.push(`${String(i + 1).padStart(3)}. [${verdict}] 目标「${m.target.quote}」`);
    lines.push(`      实际 ${m.outcome ? `「${m.outcome.quote}」` : '—（下一年报告未提及）'}`);
    lines.push(`      ${m.reason}`);
  });
  return `${lines.join('\n')}\n`;
}
