// A real `luoshi start` server in a child process, for fault tests: built once into one bundle (so a restart
// takes about a second instead of a tsx compile), started against a given database, killed with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..', '..');
const bundle = path.join(root, 'node_modules', '.cache', 'luoshi-faults', 'luoshi.mjs');
let built: Promise<string> | null = null;

/** Bundles src/cli/main.ts (dependencies stay external, resolved from node_modules). */
export function buildServerBundle(): Promise<string> {
  built ??= (async () => {
    fs.mkdirSync(path.dirname(bundle), { recursive: true });
    await build({
      entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile: bundle,
      logLevel: 'silent',
    });
    return bundle;
  })();
  return built;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type ServerProcess = { url: string; child: ChildProcess; log: () => string };

/** Starts `luoshi start --no-seed` on the given database and waits until /health answers. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const file = await buildServerBundle();
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [file, 'start', '--no-seed'], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      LUOSHI_SEED_DEMO: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start within 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, child, log: () => output };
}

/** kill -9, and wait until the process is gone. */
export async function killHard(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}
