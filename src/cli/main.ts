import { Command } from 'commander';
import { registerAuditCommands } from './commands/audit.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerDataCommands } from './commands/data.ts';
import { registerParseCommand } from './commands/parse.ts';
import { registerServeCommands } from './commands/serve.ts';

const program = new Command();
program
  .name('luoshi')
  .description('落实 Luoshi: 从政府工作报告到落实的计划 / from a government work report to a tracked plan')
  .showHelpAfterError();

registerParseCommand(program);
registerServeCommands(program);
registerAuditCommands(program);
registerBackupCommands(program);
registerDataCommands(program);

await program.parseAsync(process.argv);
