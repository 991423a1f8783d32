// A real listening Luoshi server for the loopback benchmarks, in its own process so that the load
// driver does not share its event loop. Usage (the benchmarks spawn it):
//   node --import tsx bench/server.ts '{"sqlitePath": "...", "staticFile": "..."}'
//   node --import tsx bench/server.ts '{"databaseUrl": "...", "schema": "burst"}'
// Prints one line `{"port": N}` once listening. `staticFile` registers a bench-only route serving that
// file with @fastify/static at /bench-static/<name> on the same app instance (not part of src/).
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { buildApp } from '../src/server/app.ts';
import { registerWebApp } from '../src/server/web-static.ts';
import { createStore } from '../src/store/db.ts';
import { benchContext } from './scale.ts';

type Options = {
  sqlitePath?: string;
  databaseUrl?: string;
  schema?: string;
  staticFile?: string;
  /** Serve the built web app from here, as `luoshi start` does. */
  webRoot?: string;
};

const options = JSON.parse(process.argv[2] ?? '{}') as Options;
const store = createStore({
  databaseUrl: options.databaseUrl ?? null,
  databaseSchema: options.schema ?? null,
  sqlitePath: options.sqlitePath ?? ':memory:',
});
const app = await buildApp({ ctx: benchContext(store) });
if (options.staticFile !== undefined) {
  await app.register(fastifyStatic, {
    root: path.dirname(options.staticFile),
    prefix: '/bench-static/',
    decorateReply: false,
  });
}
if (options.webRoot !== undefined) await registerWebApp(app, { root: options.webRoot });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(
  `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
);
const stop = (): void => {
  void app
    .close()
    .then(() => store.destroy())
    .then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
