import {
  chmodSync,
  existsSync,
  mkdirSync,
  renameSync,
  writeFileSync,
  openSync,
  fsyncSync,
  closeSync,
  rmSync,
} from 'node:fs';
import { dirname, resolve, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The directory holding all state: `$ZICHT_HOME`, default `./.zicht`. */
export function zichtHome(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env['ZICHT_HOME'] ?? '.zicht');
}

/**
 * Create a directory readable by its owner only (0700), or make an existing one so:
 * `$ZICHT_HOME` holds the audit key, the registry and the feature store.
 */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
}

/** Make files readable by their owner only (0600), those that exist. */
export function makePrivate(...paths: string[]): void {
  for (const p of paths) if (existsSync(p)) chmodSync(p, 0o600);
}

/**
 * Write a file atomically (mode 0600): write a temporary sibling, fsync it, rename over the
 * target. A crash at any moment leaves either the old file or the new one.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data, { mode: 0o600 });
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
