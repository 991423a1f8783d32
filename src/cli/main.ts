import { Command } from 'commander';
import { registerParseCommand } from './commands/parse.ts';

const program = new Command();
program
  .name('luoshi')
  .description('落实 Luoshi: 从政府工作报告到落实的计划 / from a government work report to a tracked plan')
  .showHelpAfterError();

registerParseCommand(program);

await program.parseAsync(process.argv);
