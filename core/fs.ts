import { mkdirSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync, rmSync } from 'node:fs';
import { dirname, resolve, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The directory holding all state: `$ZICHT_HOME`, default `./.zicht`. */
export function zichtHome(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env['ZICHT_HOME'] ?? '.zicht');
}

/**
 * Write a file atomically: write a temporary sibling, fsync it, rename over the
 * target. A crash at any moment leaves either the old file or the new one.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data);
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
