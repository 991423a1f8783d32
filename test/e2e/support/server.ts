import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../../src/config.ts';
import { buildApp } from '../../../src/server/app.ts';
import { registerWebApp } from '../../../src/server/web-static.ts';
import type { ServiceContext } from '../../../src/services/context.ts';
import { seedDemo } from '../../../src/services/seed.ts';
import { createStore, migrateToLatest, type Store } from '../../../src/store/db.ts';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const SAMPLE_REPORT = path.join(ROOT, 'samples/xuchang-2017.txt');
export const DEMO_PASSWORD = 'luoshi-demo';

export type TestServer = {
  url: string;
  app: FastifyInstance;
  store: Store;
  dataDir: string;
  close: () => Promise<void>;
};

/**
 * A real server in-process on a free port, against a fresh SQLite data dir seeded with the demo
 * (departments, leaders, users; the sample report only when `withSample`), serving the built web app.
 */
export async function startTestServer(options: {
  webRoot: string;
  withSample: boolean;
  port?: number;
  dataDir?: string;
}): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-'));
  const config = loadConfig({
    LUOSHI_DATA_DIR: dataDir,
    LUOSHI_DEMO_PASSWORD: DEMO_PASSWORD,
  });
  const store = createStore(config);
  await migrateToLatest(store, null);
  fs.mkdirSync(config.attachmentsDir, { recursive: true });
  fs.mkdirSync(config.reportsDir, { recursive: true });
  const ctx: ServiceContext = {
    store,
    now: () => new Date(),
    attachmentsDir: config.attachmentsDir,
    reportsDir: config.reportsDir,
    maxUploadBytes: config.maxUploadBytes,
  };
  const sample = options.withSample
    ? { bytes: fs.readFileSync(SAMPLE_REPORT), fileName: path.basename(SAMPLE_REPORT) }
    : null;
  await seedDemo(ctx, { password: DEMO_PASSWORD, sample });
  const app = await buildApp({ ctx });
  await registerWebApp(app, { root: options.webRoot });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    store,
    dataDir,
    close: async () => {
      await app.close();
      await store.destroy();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
