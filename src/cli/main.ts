import { Command } from 'commander';

/**
 * The `luoshi` command. Each command module is loaded only when needed, so `luoshi parse` does not pay for the
 * server, the database drivers or argon2.
 */
const commands: Record<string, () => Promise<(program: Command) => void>> = {
  parse: async () => (await import('./commands/parse.ts')).registerParseCommand,
  promises: async () => (await import('./commands/promises.ts')).registerPromisesCommand,
  serve: async () => (await import('./commands/serve.ts')).registerServeCommands,
  audit: async () => (await import('./commands/audit.ts')).registerAuditCommands,
  backup: async () => (await import('./commands/backup.ts')).registerBackupCommands,
  data: async () => (await import('./commands/data.ts')).registerDataCommands,
  office: async () => (await import('./commands/office.ts')).registerOfficeCommands,
};

const program = new Command();
program
  .name('luoshi')
  .description('落实 Luoshi: 从政府工作报告到落实的计划 / from a government work report to a tracked plan')
  .showHelpAfterError();

const wanted = process.argv[2] === 'parse' ? ['parse'] : Object.keys(commands);
for (const name of wanted) (await commands[name]!())(program);

await program.parseAsync(process.argv);
