/**
 * A local server for working on the web app: `npx tsx test/e2e/support/dev-server.ts`, then
 * `npx vite` (proxies /api to it) or open http://localhost:3000 after `npm run build:web`.
 */
import path from 'node:path';
import { ROOT, startTestServer } from './server.ts';

const dataDir = process.env.LUOSHI_DEV_DATA ?? '/tmp/luoshi-dev';
const server = await startTestServer({
  webRoot: path.join(ROOT, 'dist/web'),
  withSample: process.env.LUOSHI_DEV_SAMPLE !== 'false',
  port: Number(process.env.PORT ?? 3000),
  dataDir,
});
console.log(`dev server at ${server.url} (data ${dataDir})`);
