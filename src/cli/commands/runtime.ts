import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from '../../config.ts';
import type { ServiceContext } from '../../services/context.ts';
import { createStore, migrateToLatest, type Store } from '../../store/db.ts';

/** The bundled demo report. */
export const SAMPLE_REPORT = fileURLToPath(new URL('../../../samples/xuchang-2017.txt', import.meta.url));

/** Load the config or print every problem and exit 1. */
export function configOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

export type Runtime = { config: Config; store: Store; ctx: ServiceContext; migrated: string[] };

/** Open the configured database and bring it to the latest schema. */
export async function openRuntime(config: Config): Promise<Runtime> {
  const store = createStore(config);
  const migrated = await migrateToLatest(store, config.databaseSchema);
  fs.mkdirSync(config.attachmentsDir, { recursive: true });
  fs.mkdirSync(config.reportsDir, { recursive: true });
  const ctx: ServiceContext = {
    store,
    now: () => new Date(),
    attachmentsDir: config.attachmentsDir,
    reportsDir: config.reportsDir,
    maxUploadBytes: config.maxUploadBytes,
  };
  return { config, store, ctx, migrated };
}

export function describeDatabase(config: Config): string {
  if (config.databaseUrl === null) return `SQLite ${config.sqlitePath}`;
  const url = new URL(config.databaseUrl);
  url.password = url.password ? '***' : '';
  return `PostgreSQL ${url.toString()}${config.databaseSchema ? ` (schema ${config.databaseSchema})` : ''}`;
}
