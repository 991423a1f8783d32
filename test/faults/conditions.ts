// Real storage conditions for fault tests: a small tmpfs that can be filled to the last byte (ENOSPC), and a
// read-only bind mount (EROFS). Both need root (mount); `mountProblem()` says why they are unavailable.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { PASSWORD } from '../server/helpers.ts';

let mountCheck: string | null | undefined;

/** null when this process may mount file systems (root, mount allowed), else the reason. */
export function mountProblem(): string | null {
  if (mountCheck !== undefined) return mountCheck;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-mountcheck-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    mountCheck = null;
  } catch (error) {
    mountCheck = `cannot mount a tmpfs (needs root): ${(error as Error).message.split('\n')[0]}`;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return mountCheck;
}

/** Mount a tmpfs of `megabytes` on a new temp directory and return it. */
export function mountTmpfs(megabytes: number, mode = '0755'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=${mode}`, 'tmpfs', dir], {
    stdio: 'pipe',
  });
  return dir;
}

/** A read-only view of `source` (bind mount, remounted read-only); `setReadOnly` flips it either way. */
export function bindMount(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bind-'));
  execFileSync('mount', ['--bind', source, dir], { stdio: 'pipe' });
  return dir;
}

export function setReadOnly(mountPoint: string, readOnly: boolean): void {
  execFileSync('mount', ['-o', `remount,bind,${readOnly ? 'ro' : 'rw'}`, mountPoint], { stdio: 'pipe' });
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  } catch {
    // not mounted (any more)
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Fill the file system holding `dir` to the last byte; returns the filler file to delete later. */
export function fillDisk(dir: string): string {
  const filler = path.join(dir, `filler-${process.pid}`);
  const fd = fs.openSync(filler, 'a');
  const chunk = Buffer.alloc(1024 * 1024, 1);
  try {
    let size = chunk.length;
    for (;;) {
      try {
        fs.writeSync(fd, chunk, 0, size);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        if (size === 1) break;
        size = Math.max(1, Math.floor(size / 16));
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

/** Every file under `dir`, relative, sorted (to prove no partial file was left behind). */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

export type Session = { cookie: string; csrf: string };

export async function login(url: string, username: string): Promise<Session> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status, `login ${username}`).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const body = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

export function call(
  url: string,
  s: Session | null,
  method: string,
  route: string,
  body?: unknown,
): Promise<Response> {
  const isForm = body instanceof FormData;
  return fetch(`${url}/api/v1${route}`, {
    method,
    headers: {
      ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}),
      ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: isForm ? body : JSON.stringify(body) } : {}),
  });
}

/** A 503 with `{ error: { code: 'storage-unavailable', message (Chinese), details: { reason } } }`. */
export async function expectStorageError(res: Response, reason: string, what: string): Promise<void> {
  const text = await res.text();
  expect(res.status, `${what}: ${text}`).toBe(503);
  const body = JSON.parse(text) as {
    error: { code: string; message: string; details?: { reason?: string } };
  };
  expect(body.error.code, what).toBe('storage-unavailable');
  expect(body.error.details?.reason, what).toBe(reason);
  expect(body.error.message, what).toMatch(/[\u4e00-\u9fff]/);
  expect(text, what).not.toMatch(/\bat .*\.(ts|js|mjs):\d+/);
}
