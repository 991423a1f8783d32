import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { ROOT } from './server.ts';

/** What the built web app depends on: its sources, the shared core, the vite config and the lockfile. */
const INPUTS = ['src/web', 'src/core', 'vite.config.ts', 'package-lock.json'];

function sourceHash(): string {
  const hash = crypto.createHash('sha256');
  const add = (rel: string): void => {
    const abs = path.join(ROOT, rel);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) add(path.join(rel, name));
      return;
    }
    hash.update(rel).update('\0').update(fs.readFileSync(abs)).update('\0');
  };
  for (const rel of INPUTS) add(rel);
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The web app built with the project's vite config, once per state of its sources: the browser test
 * files share `.tmp/web-test/<hash>` (read-only to them). The first caller builds under a lock
 * directory; the others wait for it. A lock left by a killed run is taken over after 5 minutes.
 */
export async function buildWebApp(): Promise<string> {
  const base = path.join(ROOT, '.tmp', 'web-test');
  const hash = sourceHash();
  const dir = path.join(base, hash);
  const complete = path.join(dir, '.complete');
  const lock = path.join(base, `${hash}.lock`);
  fs.mkdirSync(base, { recursive: true });
  for (;;) {
    if (fs.existsSync(complete)) return dir;
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs;
      if (age > 5 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    if (fs.existsSync(complete)) return dir;
    // Older builds of other source states go.
    for (const name of fs.readdirSync(base)) {
      if (name !== hash && !name.endsWith('.lock'))
        fs.rmSync(path.join(base, name), { recursive: true, force: true });
    }
    // vitest sets NODE_ENV=test, which would make vite build React and antd in development mode.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        configFile: path.join(ROOT, 'vite.config.ts'),
        mode: 'production',
        logLevel: 'warn',
        build: { outDir: dir, emptyOutDir: true, reportCompressedSize: false },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    fs.writeFileSync(complete, new Date().toISOString());
    return dir;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
