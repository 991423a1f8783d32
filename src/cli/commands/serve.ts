import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { buildApp } from '../../server/app.ts';
import { DEMO_USERS, seedDemo } from '../../services/seed.ts';
import { deleteExpiredSessions, deleteLoginFailuresBefore } from '../../store/user-repository.ts';
import { registerWebApp } from '../../server/web-static.ts';
import { configOrExit, describeDatabase, openRuntime, SAMPLE_REPORT } from './runtime.ts';

const WEB_ROOT = fileURLToPath(new URL('../../../dist/web', import.meta.url));

/** `luoshi start` (alias `serve`): migrate, seed the demo on an empty database, serve the API. `luoshi migrate`. */
export function registerServeCommands(program: Command): void {
  program
    .command('start')
    .alias('serve')
    .description(
      '迁移数据库、首次运行时创建演示数据并启动服务 / migrate, seed the demo on first run, serve HTTP',
    )
    .option('--no-seed', '不创建演示数据 / do not create the demo data')
    .action(async (opts: { seed: boolean }) => {
      const config = configOrExit();
      const runtime = await openRuntime(config);
      const { ctx, store } = runtime;
      console.log(`数据库 / database: ${describeDatabase(config)}`);
      if (runtime.migrated.length > 0) console.log(`已执行迁移 / migrated: ${runtime.migrated.join(', ')}`);
      if (opts.seed && config.seedDemo) {
        const sample = fs.existsSync(SAMPLE_REPORT)
          ? { bytes: fs.readFileSync(SAMPLE_REPORT), fileName: path.basename(SAMPLE_REPORT) }
          : null;
        const seeded = await seedDemo(ctx, { password: config.demoPassword, sample, simulateProgress: true });
        if (seeded) {
          console.log('已创建演示数据：许昌市（河南省），2017 年政府工作报告已导入并发布');
          console.log('Demo data created: 许昌市 with the 2017 report imported and published.');
          console.log('演示账号 / demo logins (password from LUOSHI_DEMO_PASSWORD, default "luoshi-demo"):');
          for (const u of DEMO_USERS)
            console.log(`  ${u.username.padEnd(12)} ${u.role.padEnd(12)} ${u.displayName}`);
        }
      }
      const app = await buildApp({
        ctx,
        logger: { level: process.env.LOG_LEVEL ?? 'info' },
        sessionTtlHours: config.sessionTtlHours,
        secureCookies: config.secureCookies,
        trustProxy: config.trustProxy,
        scheduler: {},
        viewRefresher: {},
      });
      // The React app (npm run build:web, run by npm start): served at /, client routes fall back to it.
      await registerWebApp(app, { root: WEB_ROOT });
      // Housekeeping: expired sessions and old login failures (any process may do it; it is idempotent).
      const sweep = setInterval(() => {
        const now = Date.now();
        Promise.all([
          deleteExpiredSessions(store.db, new Date(now).toISOString()),
          deleteLoginFailuresBefore(store.db, new Date(now - 86_400_000).toISOString()),
        ]).catch((error: unknown) => {
          app.log.warn({ err: error }, 'housekeeping failed');
        });
      }, 3_600_000);
      sweep.unref();
      const stop = async (): Promise<void> => {
        clearInterval(sweep);
        await app.close();
        await store.destroy();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      await app.listen({ port: config.port, host: config.host });
      const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      console.log(`落实 Luoshi 已启动 / running at http://${shown}:${config.port}`);
      console.log(`API 文档 / API docs: http://${shown}:${config.port}/api/docs`);
    });

  program
    .command('migrate')
    .description('把数据库迁移到最新结构 / bring the database schema up to date')
    .action(async () => {
      const config = configOrExit();
      const runtime = await openRuntime(config);
      console.log(`数据库 / database: ${describeDatabase(config)}`);
      console.log(
        runtime.migrated.length > 0
          ? `已执行迁移 / migrated: ${runtime.migrated.join(', ')}`
          : '已是最新 / already up to date',
      );
      await runtime.store.destroy();
    });
}
