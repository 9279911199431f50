import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder above this file with zicht's package.json. This file is
 * `<root>/core/data-dir.ts`, or `<root>/dist/core/data-dir.js` in the compiled CLI, so files that
 * live once in the repository (built-in views, guides, the design system's CSS, bin/) are found
 * the same way from both.
 */
export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bin', 'zicht.mjs'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '..');
  }
}

/**
 * The real CBS/police open-data directory: `$ZICHT_DATA_DIR`, else
 * `<repo>/../shared/data`. Returns null when it is absent (a plain clone
 * without the shared folder beside it).
 */
export function sharedDataDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env['ZICHT_DATA_DIR'] ?? join(repoRoot, '..', 'shared', 'data');
  return existsSync(dir) ? dir : null;
}

/**
 * For tests: the options object for `test(name, realDataTest(), fn)` —
 * skips with a clear message where ../shared/data is absent; in CI it exists.
 */
export function realDataTest(): { skip: string | false } {
  const dir = sharedDataDir();
  if (dir) return { skip: false };
  if (process.env['CI'])
    throw new Error('CI is set but ../shared/data is missing: real-data tests cannot be skipped in CI');
  return { skip: 'real data absent: ../shared/data (or $ZICHT_DATA_DIR) not found' };
}

/** Path of a file in the real data directory; throws when the directory is absent. */
export function realDataPath(...parts: string[]): string {
  const dir = sharedDataDir();
  if (!dir) throw new Error('real data absent: ../shared/data (or $ZICHT_DATA_DIR) not found');
  return join(dir, ...parts);
}
