import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { systemActor, type Actor, type ServiceContext } from '../../services/context.ts';
import { AppError } from '../../services/errors.ts';
import { exportBulletin, bulletinFlags } from '../../services/office-bulletin.ts';
import { exportFengong, importFengong } from '../../services/office-fengong.ts';
import { exportProgressTemplate, importProgressTemplates } from '../../services/office-progress.ts';
import { exportWholePlan, publicOpenData } from '../../services/open-data.ts';
import { getPlanByIdAnyTenant, listPlans } from '../../store/plan-repository.ts';
import { listDepartments } from '../../store/tenant-repository.ts';
import { configOrExit, openRuntime } from './runtime.ts';
import { startProgress } from './progress-bar.ts';

/** The named plan, or the newest published one; acting as the system within its region. */
async function planActor(
  ctx: ServiceContext,
  planId: string | undefined,
): Promise<{ planId: string; actor: Actor }> {
  if (planId) {
    const plan = await getPlanByIdAnyTenant(ctx.store.db, planId);
    if (!plan) throw new AppError(404, 'not-found', `计划 ${planId} 不存在`, `Plan ${planId} not found`);
    return { planId: plan.id, actor: systemActor(plan.tenant_id) };
  }
  const { items } = await listPlans(ctx.store.db, { states: ['published'], limit: 1, offset: 0 });
  const plan = items[0];
  if (!plan)
    throw new AppError(
      404,
      'not-found',
      '没有已发布的计划，请用 --plan 指定',
      'No published plan; pass --plan',
    );
  return { planId: plan.id, actor: systemActor(plan.tenant_id) };
}

/** Open the runtime, run, print an AppError in both languages with exit code 1, close. */
async function run(work: (ctx: ServiceContext) => Promise<void>): Promise<void> {
  const runtime = await openRuntime(configOrExit());
  try {
    await work(runtime.ctx);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(`${error.messageZh} / ${error.messageEn}`);
    const details = error.details as { problems?: { message: string }[] } | undefined;
    for (const p of details?.problems ?? []) console.error(`  ${p.message}`);
    process.exitCode = 1;
  } finally {
    await runtime.store.destroy();
  }
}

function write(out: string, bytes: Uint8Array | string): void {
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, bytes);
  console.error(`已写入 / written: ${out}`);
}

/**
 * `luoshi export fengong|bulletin|opendata|progress-templates …`, `luoshi import-fengong FILE` and
 * `luoshi import-progress FILE…`: the office files of a plan, with a progress bar for bulk work.
 */
export function registerOfficeCommands(program: Command): void {
  let exportCmd = program.commands.find((c) => c.name() === 'export');
  if (!exportCmd) exportCmd = program.command('export').description('导出 / export');
  // `luoshi export --tenant …` keeps its own options; a subcommand parses the options after it (the
  // program has no options of its own, so making them positional changes nothing else).
  program.enablePositionalOptions();
  exportCmd.enablePositionalOptions();
  // Commander checks an ancestor's mandatory options for subcommands too: check --tenant only when
  // the tenant export itself runs.
  const mandatory = exportCmd.options.filter((o) => o.mandatory);
  for (const o of mandatory) o.mandatory = false;
  exportCmd.hook('preAction', (self, action) => {
    if (action !== self) return;
    for (const o of mandatory) {
      if (self.getOptionValue(o.attributeName()) === undefined) {
        self.error(`error: required option '${o.flags}' not specified`);
      }
    }
  });

  exportCmd
    .command('fengong')
    .description('导出分工表（.xlsx） / export the 分工表 of a plan')
    .option('--plan <id>', '计划 id（默认最新发布的计划） / plan id (default: newest published)')
    .option('--milestones', '包含季度节点 / include quarterly milestones')
    .option('--targets', '包含目标值 / include target values')
    .option('--out <file>', '输出文件 / output file')
    .action(async (opts: { plan?: string; milestones?: boolean; targets?: boolean; out?: string }) => {
      await run(async (ctx) => {
        const { planId, actor } = await planActor(ctx, opts.plan);
        const file = await exportFengong(ctx, actor, planId, {
          milestones: opts.milestones ?? false,
          targets: opts.targets ?? false,
        });
        write(opts.out ?? file.fileName, file.bytes);
      });
    });

  exportCmd
    .command('bulletin')
    .description('导出督查通报（.docx） / export the 督查通报 of a period')
    .requiredOption('--period <YYYY-MM>', '报送期，如 2017-06 / period')
    .option('--plan <id>', '计划 id / plan id')
    .option('--doc-number <文号>', '文号，如 许政督〔2017〕6号 / document number')
    .option('--out <file>', '输出文件 / output file')
    .action(async (opts: { plan?: string; period: string; docNumber?: string; out?: string }) => {
      await run(async (ctx) => {
        const { planId, actor } = await planActor(ctx, opts.plan);
        const { flags } = await bulletinFlags(ctx, actor, planId, opts.period);
        for (const f of flags) {
          console.error(
            `提示 / flag: ${f.seq} ${f.task}（${f.department}）${f.label}${f.kind === 'empty' ? '为空' : `与 ${f.previousPeriod ?? '上期'} 相同`}`,
          );
        }
        const file = await exportBulletin(ctx, actor, planId, {
          period: opts.period,
          ...(opts.docNumber ? { docNumber: opts.docNumber } : {}),
        });
        write(opts.out ?? file.fileName, file.bytes);
      });
    });

  exportCmd
    .command('opendata')
    .description(
      '导出开放数据（CSV、JSON）和整个计划（.xlsx） / export open data and the whole-plan workbook',
    )
    .option('--plan <id>', '计划 id / plan id')
    .option('--out <dir>', '输出目录 / output directory', 'opendata')
    .action(async (opts: { plan?: string; out: string }) => {
      await run(async (ctx) => {
        const { planId, actor } = await planActor(ctx, opts.plan);
        const steps = ['targets.csv', 'targets.json', 'tasks.csv', 'tasks.json', 'plan.xlsx'] as const;
        const bar = startProgress('导出开放数据 / open data', steps.length);
        fs.mkdirSync(opts.out, { recursive: true });
        for (const [i, step] of steps.entries()) {
          const target = path.join(opts.out, step);
          if (step === 'plan.xlsx') {
            fs.writeFileSync(target, (await exportWholePlan(ctx, actor, planId)).bytes);
          } else {
            const [what, format] = step.split('.') as ['targets' | 'tasks', 'csv' | 'json'];
            const body =
              format === 'csv'
                ? await publicOpenData(ctx, planId, what, 'csv')
                : `${JSON.stringify(await publicOpenData(ctx, planId, what, 'json'), null, 2)}\n`;
            fs.writeFileSync(target, body);
          }
          bar.update(i + 1);
        }
        bar.stop();
        console.error(`已写入 / written: ${steps.map((s) => path.join(opts.out, s)).join(', ')}`);
      });
    });

  exportCmd
    .command('progress-templates')
    .description('为每个承担任务的单位导出进展报送模板 / a progress template per department')
    .requiredOption('--period <YYYY-MM>', '报送期 / period')
    .option('--plan <id>', '计划 id / plan id')
    .option('--department <name...>', '只导出这些单位 / only these departments')
    .option('--out <dir>', '输出目录 / output directory', 'templates')
    .action(async (opts: { plan?: string; period: string; department?: string[]; out: string }) => {
      await run(async (ctx) => {
        const { planId, actor } = await planActor(ctx, opts.plan);
        const departments = (await listDepartments(ctx.store.db, actor.tenantId)).filter(
          (d) => d.active && (!opts.department || opts.department.includes(d.name)),
        );
        fs.mkdirSync(opts.out, { recursive: true });
        const bar = startProgress('导出报送模板 / templates', departments.length);
        let written = 0;
        for (const [i, d] of departments.entries()) {
          const file = await exportProgressTemplate(ctx, actor, planId, {
            departmentId: d.id,
            period: opts.period,
          });
          fs.writeFileSync(path.join(opts.out, file.fileName), file.bytes);
          written += 1;
          bar.update(i + 1);
        }
        bar.stop();
        console.error(`已写入 ${written} 个模板 / ${written} templates written to ${opts.out}`);
      });
    });

  program
    .command('import-fengong')
    .description('导入分工表（.xlsx），先校验全部行 / import a 分工表; every row is checked first')
    .argument('<file>', '分工表文件 / the .xlsx file')
    .option('--plan <id>', '计划 id / plan id')
    .option('--dry-run', '只预览，不写入 / preview only')
    .action(async (file: string, opts: { plan?: string; dryRun?: boolean }) => {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (error) {
        console.error(`无法读取文件 / cannot read ${file}: ${(error as Error).message}`);
        process.exitCode = 2;
        return;
      }
      await run(async (ctx) => {
        const { planId, actor } = await planActor(ctx, opts.plan);
        const preview = await importFengong(ctx, actor, planId, bytes, { dryRun: true });
        for (const c of preview.changes.filter((x) => x.action !== 'unchanged')) {
          const what = c.changes
            .map((f) => `${f.label}：${f.before || '（空）'} → ${f.after || '（空）'}`)
            .join('；');
          console.log(
            `第${c.row}行 ${c.seq} ${c.title}：${c.action === 'create' ? '新建分工' : '更新'} ${what}`,
          );
        }
        for (const p of preview.problems) console.error(p.message);
        const s = preview.summary;
        console.log(
          `共 ${s.rows} 行：新建 ${s.create}，更新 ${s.update}，不变 ${s.unchanged}；错误 ${preview.problems.length}`,
        );
        if (preview.problems.length > 0) {
          console.error('有错误，未导入任何内容 / problems found, nothing imported');
          process.exitCode = 1;
          return;
        }
        if (opts.dryRun) return;
        const bar = startProgress('导入分工表 / importing', s.create + s.update);
        await importFengong(ctx, actor, planId, bytes, {
          dryRun: false,
          onRow: (done, total) => bar.update(done, total),
        });
        bar.stop();
        console.log('已导入 / imported');
      });
    });

  program
    .command('import-progress')
    .description(
      '批量导入填好的进展报送模板（全部成功或全部不导入） / import filled progress templates, all or nothing',
    )
    .argument('<files...>', '模板文件 / the filled .xlsx templates')
    .option('--plan <id>', '计划 id / plan id')
    .option('--dry-run', '只预览，不写入 / preview only')
    .action(async (files: string[], opts: { plan?: string; dryRun?: boolean }) => {
      const inputs: { fileName: string; bytes: Buffer }[] = [];
      for (const f of files) {
        try {
          inputs.push({ fileName: path.basename(f), bytes: fs.readFileSync(f) });
        } catch (error) {
          console.error(`无法读取文件 / cannot read ${f}: ${(error as Error).message}`);
          process.exitCode = 2;
          return;
        }
      }
      await run(async (ctx) => {
        const { planId, actor } = await planActor(ctx, opts.plan);
        const bar = startProgress('校验模板 / checking', inputs.length);
        const result = await importProgressTemplates(ctx, actor, planId, inputs, {
          dryRun: opts.dryRun ?? false,
          onFile: (done) => bar.update(done),
        });
        bar.stop();
        for (const p of result.problems) console.error(p.message);
        console.log(
          `${result.applied ? '已导入' : '可导入'} ${result.reports.length} 份进展报告 / ${result.applied ? 'imported' : 'would import'} ${result.reports.length} reports`,
        );
        if (result.problems.length > 0) process.exitCode = 1;
      });
    });
}
