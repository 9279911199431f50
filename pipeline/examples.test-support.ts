import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../core/index.ts';

/** One command of an example's run.sh. */
export interface ExampleStep {
  readonly program: 'zicht' | 'node';
  readonly args: readonly string[];
}

/** A file of `examples/<example>/`. */
export function examplePath(example: string, file: string): string {
  return join(repoRoot, 'examples', example, file);
}

/** The words of one shell line: plain words and double-quoted strings, with the variables filled in. */
function words(line: string, vars: Readonly<Record<string, string>>): string[] {
  const fill = (s: string) => s.replace(/\$([A-Z_]+)/g, (m, name: string) => vars[name] ?? m);
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => fill(m[1] ?? m[2]!));
}

/**
 * The `zicht …` and `node …` commands of `examples/<example>/run.sh`, in order, with `$DATA`, `$EX` and
 * `$ZICHT_HOME` filled in — so a test runs exactly what the example documents.
 */
export function exampleSteps(example: string, vars: { data: string; home: string }): ExampleStep[] {
  const text = readFileSync(examplePath(example, 'run.sh'), 'utf8');
  const values = { DATA: vars.data, EX: join(repoRoot, 'examples', example), ZICHT_HOME: vars.home };
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^(zicht|node) /.test(l))
    .map((l) => {
      const [program, ...args] = words(l, values);
      return { program: program as 'zicht' | 'node', args };
    });
}
