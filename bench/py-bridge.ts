import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from '../core/index.ts';

/** Debian's Python with xgboost and scikit-learn (not the pyenv python3 on PATH). */
export const PYTHON = '/usr/bin/python3';

/** Write a frame row-major as float64 (numpy.fromfile(...).reshape(n, p)) and labels as float64. */
export function writeMatrix(dir: string, name: string, X: Frame, rows?: Uint32Array): void {
  const n = rows ? rows.length : X.nRows,
    p = X.data.length;
  const buf = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const col = X.data[j]!;
    for (let i = 0; i < n; i++) buf[i * p + j] = col[rows ? rows[i]! : i]!;
  }
  writeFileSync(join(dir, `${name}.bin`), buf);
}

export function writeVector(dir: string, name: string, v: Float64Array): void {
  writeFileSync(join(dir, `${name}.bin`), v);
}

/** Run a Python snippet; it must print one JSON object on its last stdout line. */
export function runPython(code: string, args: string[], env: Record<string, string> = {}): Record<string, number> {
  const r = spawnSync(PYTHON, ['-c', code, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, OMP_NUM_THREADS: '2', OPENBLAS_NUM_THREADS: '2', ...env },
  });
  if (r.status !== 0 && /ModuleNotFoundError/.test(r.stderr))
    throw new Error(
      `the reference tools are missing (${r.stderr.trim().split('\n').at(-1)}): install Debian's python3-sklearn and python3-xgboost (apt-get install python3-sklearn python3-xgboost)`,
    );
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, number>;
}
