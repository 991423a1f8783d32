import type { Command } from 'commander';
import { verifyAudit } from '../../store/audit-repository.ts';
import { configOrExit, openRuntime } from './runtime.ts';

/** `luoshi verify-audit`: walk the audit hash chain; exit 1 naming the first bad entry. */
export function registerAuditCommands(program: Command): void {
  program
    .command('verify-audit')
    .description('校验审计日志哈希链 / verify the audit log hash chain')
    .action(async () => {
      const runtime = await openRuntime(configOrExit());
      try {
        const result = await verifyAudit(runtime.store.db);
        if (result.ok) {
          console.log(
            `审计链完整：${result.entries} 条 / audit chain intact: ${result.entries} entries, head ${result.head}`,
          );
        } else {
          console.error(
            `审计链被篡改：第 ${result.seq} 条（${result.reason}） / audit chain broken at entry ${result.seq}: ${result.reason}`,
          );
          process.exitCode = 1;
        }
      } finally {
        await runtime.store.destroy();
      }
    });
}
