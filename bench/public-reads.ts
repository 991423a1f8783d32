// Public reads: requests/s of GET /api/v1/public/plans/:planId on the scale SQLite database, without
// and with If-None-Match (the 304 path), against a static JSON file of the same byte size served by the
// same server process in the same run (@fastify/static on a bench-only route: the ceiling). N keep-alive
// connections for a fixed duration each, over loopback from a node:http driver in another process.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sqliteDataset, SCALE_SHAPE } from './data.ts';
import { request, startServer, sustained } from './load.ts';
import { SCALE_SQLITE_FILE } from './scale.ts';
import { BENCH_DIR, log, round } from './util.ts';

export type PublicReadsBench = {
  connections: number;
  seconds: number;
  bytes: number;
  rps: number;
  rps304: number;
  staticRps: number;
  /** The better of the two public figures over the static ceiling. */
  ceilingRatio: number;
  /** Plain (full-body) reads against the static ceiling: the goal's ratio. */
  plainRatio: number;
  statuses: {
    plain: Record<string, number>;
    revalidate: Record<string, number>;
    static: Record<string, number>;
  };
  method: string;
};

export async function runPublicReadsBench(
  options: { connections?: number; seconds?: number } = {},
): Promise<PublicReadsBench> {
  const connections = options.connections ?? Number(process.env.BENCH_CONNECTIONS ?? 16);
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 10);
  await sqliteDataset(SCALE_SQLITE_FILE, SCALE_SHAPE, log);
  const db = new SqliteDatabase(SCALE_SQLITE_FILE, { readonly: true });
  const plan = db
    .prepare("select id from plans where state = 'published' order by id limit 1 offset 150")
    .get() as {
    id: string;
  };
  db.close();
  const staticDir = path.join(BENCH_DIR, 'static');
  fs.mkdirSync(staticDir, { recursive: true });
  const staticFile = path.join(staticDir, 'plan.json');
  fs.writeFileSync(staticFile, '{}');
  const server = await startServer({ sqlitePath: SCALE_SQLITE_FILE, staticFile });
  try {
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true });
    const pathOf = `/api/v1/public/plans/${plan.id}`;
    const first = await request(agent, server.url, { method: 'GET', path: pathOf }, 30_000);
    agent.destroy();
    if (first.status !== 200)
      throw new Error(`public plan answered ${first.status}: ${first.body.slice(0, 200)}`);
    // The same bytes as a static file; @fastify/static reads it per request (no in-memory cache).
    fs.writeFileSync(staticFile, first.body);
    const bytes = Buffer.byteLength(first.body);
    const etagAnswer = await fetch(new URL(pathOf, server.url));
    const etag = etagAnswer.headers.get('etag') ?? '';
    await etagAnswer.arrayBuffer();
    const duration = seconds * 1000;
    log(`public reads: ${bytes} bytes, ${connections} connections x ${seconds} s each`);
    const staticRun = await sustained(
      server.url,
      () => ({ method: 'GET', path: '/bench-static/plan.json' }),
      connections,
      duration,
    );
    log(`public reads: static ${round(staticRun.rps, 1)} req/s`);
    const plain = await sustained(server.url, () => ({ method: 'GET', path: pathOf }), connections, duration);
    log(`public reads: plain ${round(plain.rps, 1)} req/s`);
    const revalidate = await sustained(
      server.url,
      () => ({ method: 'GET', path: pathOf, headers: { 'if-none-match': etag } }),
      connections,
      duration,
    );
    log(`public reads: If-None-Match ${round(revalidate.rps, 1)} req/s`);
    return {
      connections,
      seconds,
      bytes,
      rps: round(plain.rps, 1),
      rps304: round(revalidate.rps, 1),
      staticRps: round(staticRun.rps, 1),
      ceilingRatio: round(Math.max(plain.rps, revalidate.rps) / staticRun.rps, 3),
      plainRatio: round(plain.rps / staticRun.rps, 3),
      statuses: { plain: plain.statuses, revalidate: revalidate.statuses, static: staticRun.statuses },
      method: `${connections} keep-alive connections x ${seconds} s per case, node:http driver, server in its own process on loopback, scale SQLite database (one published plan); static = the same bytes from @fastify/static on the same app`,
    };
  } finally {
    await server.stop();
  }
}
