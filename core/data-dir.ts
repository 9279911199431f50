import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is at `<root>/core/data-dir.ts`). */
export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

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
