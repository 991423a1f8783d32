import fs from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../services/errors.ts';
import { exportTenantData, importTenantData } from '../../services/tenant-data.ts';
import { configOrExit, openRuntime } from './runtime.ts';

/** `luoshi export --tenant T [--out FILE]` and `luoshi import-data FILE`: a whole tenant as JSON. */
export function registerDataCommands(program: Command): void {
  program
    .command('export')
    .description('把一个地区的全部数据导出为 JSON / export a whole tenant as JSON')
    .requiredOption('--tenant <idOrName>', '地区 id 或名称 / tenant id or name, e.g. 许昌市')
    .option('--out <file>', '输出文件（默认标准输出） / output file (default stdout)')
    .action(async (opts: { tenant: string; out?: string }) => {
      const runtime = await openRuntime(configOrExit());
      try {
        const data = await exportTenantData(runtime.ctx, opts.tenant);
        const json = `${JSON.stringify(data)}\n`;
        if (opts.out) {
          fs.writeFileSync(opts.out, json);
          console.error(`已导出到 / exported to ${opts.out}`);
        } else {
          process.stdout.write(json);
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        console.error(`${error.messageZh} / ${error.messageEn}`);
        process.exitCode = 1;
      } finally {
        await runtime.store.destroy();
      }
    });

  program
    .command('import-data')
    .description('导入 luoshi export 生成的地区数据 / import a tenant exported by `luoshi export`')
    .argument('<file>', 'JSON 文件 / JSON file')
    .action(async (file: string) => {
      let value: unknown;
      try {
        value = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (error) {
        console.error(`无法读取 JSON 文件 / cannot read JSON from ${file}: ${(error as Error).message}`);
        process.exitCode = 2;
        return;
      }
      const runtime = await openRuntime(configOrExit());
      try {
        const result = await importTenantData(runtime.ctx, value);
        console.log(`已导入 ${result.rows} 行 / imported ${result.rows} rows (tenant ${result.tenantId})`);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        console.error(`${error.messageZh} / ${error.messageEn}`);
        process.exitCode = 1;
      } finally {
        await runtime.store.destroy();
      }
    });
}
