import fs from 'node:fs/promises';
import path from 'node:path';

/** mkdir -p that reports the real cause: Node's recursive mkdir says ENOENT on a read-only file system. */
async function makeDirectory(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') await fs.mkdir(dir);
    throw error;
  }
}

/**
 * Write a new file (never overwrites; creates its directory) and flush it to disk. When the write fails
 * half-way (disk full, read-only file system), the partial file is removed before the error is passed on.
 */
export async function writeNewFile(file: string, bytes: Uint8Array): Promise<void> {
  await makeDirectory(path.dirname(file));
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.datasync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(file, { force: true });
    throw error;
  }
  await handle.close();
}
