// A small HTTP load driver on node:http with keep-alive agents: a fixed set of requests fired at once,
// or N connections looping for a fixed duration. Counts statuses, network errors and latencies.
import http from 'node:http';
import path from 'node:path';

export type Request = {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
};
export type Answer = { status: number; ms: number; body: string; error: string | null };

export function request(agent: http.Agent, base: URL, req: Request, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const done = (status: number, body: string, error: string | null): void =>
      resolve({ status, ms: performance.now() - t0, body, error });
    const r = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers: {
          ...(req.body !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(req.body) }
            : {}),
          ...req.headers,
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), null));
        res.on('error', (e) => done(0, '', e.message));
      },
    );
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', (e) => done(0, '', e.message));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Fire every request at once (one socket each), bounded by `timeoutMs` per request. */
export async function burst(
  base: URL,
  requests: Request[],
  timeoutMs: number,
): Promise<{ answers: Answer[]; wallMs: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: requests.length });
  const t0 = performance.now();
  const answers = await Promise.all(requests.map((r) => request(agent, base, r, timeoutMs)));
  const wallMs = performance.now() - t0;
  agent.destroy();
  return { answers, wallMs };
}

/**
 * `connections` keep-alive connections each sending `next()` back to back for `durationMs`.
 * Returns completed requests per second and the statuses seen.
 */
export async function sustained(
  base: URL,
  next: () => Request,
  connections: number,
  durationMs: number,
): Promise<{ rps: number; requests: number; statuses: Record<string, number>; bytes: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const statuses: Record<string, number> = {};
  let count = 0;
  let bytes = 0;
  const t0 = performance.now();
  const end = t0 + durationMs;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const a = await request(agent, base, next(), 30_000);
        const key = a.error !== null ? 'error' : String(a.status);
        statuses[key] = (statuses[key] ?? 0) + 1;
        count += 1;
        bytes += a.body.length;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return { rps: count / seconds, requests: count, statuses, bytes };
}

export type BenchServer = { url: URL; stop: () => Promise<void> };

/** Start bench/server.ts in a child process and wait for its port. */
export async function startServer(options: Record<string, string>): Promise<BenchServer> {
  const { spawn } = await import('node:child_process');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'server.ts'), JSON.stringify(options)],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
