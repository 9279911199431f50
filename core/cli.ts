import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ZichtError, isZichtError } from './errors.ts';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** What a command handler receives. */
export interface CommandContext {
  /** Positional arguments after the command words. */
  readonly args: readonly string[];
  /** Parsed options (strings, booleans, string arrays for `multiple`). */
  readonly options: Readonly<Record<string, string | boolean | string[] | undefined>>;
  /** `--json` was given: print exactly one JSON document to stdout. */
  readonly json: boolean;
  /** `$ZICHT_HOME` resolved. */
  readonly home: string;
  /** Human output (stdout). Suppressed under --json. */
  readonly log: (line: string) => void;
  /** Progress output (stderr, only on a TTY and without --json). */
  readonly progress: (line: string) => void;
  /** Environment, for tests. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * A CLI command: `words` are the command path (`['features', 'materialize']`),
 * `run` returns the machine-readable result that `--json` prints.
 */
export interface Command {
  readonly words: readonly string[];
  readonly summary: string;
  readonly usage: string;
  readonly options?: OptionSpec;
  /** Longer help text shown by `zicht <words> --help`. */
  readonly help?: string;
  run(ctx: CommandContext): Promise<unknown>;
}

export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/**
 * A result that is also a failure: `--json` prints the result itself (not an
 * error object) and the process exits with `code` (e.g. `audit verify` → `{ok: false, entries}`, exit 1).
 */
export class ExitWith {
  constructor(
    readonly result: unknown,
    readonly code: number,
  ) {}
}

/** Exit codes: 0 ok, 1 error from input or state, 2 usage error, 70 internal error. */
const EXIT = { OK: 0, ERROR: 1, USAGE: 2, INTERNAL: 70 } as const;

/** Find the command whose words are the longest prefix of argv. */
function match(commands: readonly Command[], argv: readonly string[]): Command | undefined {
  let best: Command | undefined;
  for (const c of commands) {
    if (c.words.length <= argv.length && c.words.every((w, i) => argv[i] === w)) {
      if (!best || c.words.length > best.words.length) best = c;
    }
  }
  return best;
}

function renderHelp(commands: readonly Command[], prefix: readonly string[] = []): string {
  const rows = commands
    .filter((c) => prefix.every((w, i) => c.words[i] === w))
    .map((c) => [`zicht ${c.words.join(' ')}`, c.summary] as const);
  const width = Math.max(...rows.map((r) => r[0].length), 10);
  return [
    'zicht — area-level risk patterns for drug-related undermining crime (never about individuals)',
    '',
    'Usage: zicht <command> [options] [--json] [--help]',
    '',
    'Commands:',
    ...rows.map(([u, s]) => `  ${u.padEnd(width)}  ${s}`),
    '',
    'Every command accepts --json for machine-readable output and --help for details.',
    'State lives in $ZICHT_HOME (default ./.zicht).',
  ].join('\n');
}

function commandHelp(c: Command): string {
  const opts = Object.entries(c.options ?? {}).map(([name, o]) => {
    const flag = o.short ? `-${o.short}, --${name}` : `--${name}`;
    return `  ${flag}${o.type === 'string' ? ' <value>' : ''}${o.multiple ? ' (repeatable)' : ''}`;
  });
  return [
    `zicht ${c.words.join(' ')} — ${c.summary}`,
    '',
    `Usage: ${c.usage}`,
    ...(c.help ? ['', c.help] : []),
    '',
    'Options:',
    ...opts,
    '  --json  machine-readable output',
    '  --help  this text',
  ].join('\n');
}

/** Run the CLI. Returns the exit code; never throws for bad input. */
export async function runCli(
  commands: readonly Command[],
  argv: readonly string[],
  io: CliIo,
  home: string,
): Promise<number> {
  const wantsJson = argv.includes('--json');
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const words = argv.filter((a) => !a.startsWith('-'));
  const cmd = match(
    commands,
    argv.filter((a) => a !== '--json' && a !== '--help' && a !== '-h'),
  );
  if (!cmd) {
    if (argv.length === 0 || wantsHelp) {
      io.stdout(`${renderHelp(commands, words)}\n`);
      return argv.length === 0 ? EXIT.USAGE : EXIT.OK;
    }
    const known = [...new Set(commands.map((c) => c.words[0]))].join(', ');
    return fail(
      io,
      wantsJson,
      new ZichtError('BAD_ARGUMENT', `unknown command '${words.join(' ')}'; commands: ${known}. Try 'zicht --help'.`),
      EXIT.USAGE,
    );
  }
  if (wantsHelp) {
    io.stdout(`${commandHelp(cmd)}\n`);
    return EXIT.OK;
  }
  const rest = argv.slice(cmd.words.length);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...(cmd.options ?? {}), json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return fail(io, wantsJson, new ZichtError('BAD_ARGUMENT', `${msg}. Usage: ${cmd.usage}`), EXIT.USAGE);
  }
  const json = parsed.values['json'] === true;
  const ctx: CommandContext = {
    args: parsed.positionals,
    options: parsed.values as CommandContext['options'],
    json,
    home,
    env: io.env,
    log: (line) => {
      if (!json) io.stdout(`${line}\n`);
    },
    progress: (line) => {
      if (!json && io.isTTY) io.stderr(line);
    },
  };
  try {
    const result = await cmd.run(ctx);
    const out = result instanceof ExitWith ? result.result : result;
    if (json) io.stdout(`${JSON.stringify(out ?? null, null, 2)}\n`);
    return result instanceof ExitWith ? result.code : EXIT.OK;
  } catch (e) {
    if (isZichtError(e)) return fail(io, json, e, e.code === 'BAD_ARGUMENT' ? EXIT.USAGE : EXIT.ERROR);
    const err = new ZichtError(
      'INTERNAL',
      `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
    return fail(io, json, err, EXIT.INTERNAL);
  }
}

function fail(io: CliIo, json: boolean, e: ZichtError, exit: number): number {
  if (json) io.stdout(`${JSON.stringify({ error: e.toJSON() }, null, 2)}\n`);
  io.stderr(`zicht: ${e.code}: ${e.message}\n`);
  return exit;
}

/** Read a required positional argument or fail with the command's usage. */
export function requireArg(ctx: CommandContext, index: number, name: string, usage: string): string {
  const v = ctx.args[index];
  if (v === undefined || v === '') throw new ZichtError('BAD_ARGUMENT', `missing <${name}>. Usage: ${usage}`);
  return v;
}

/** Read a string option; `undefined` when absent. */
export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

/** Read an integer option with a default, failing clearly on non-integers and values out of bounds. */
export function intOption(
  ctx: CommandContext,
  name: string,
  fallback: number,
  bounds: { readonly min?: number; readonly max?: number } = {},
): number {
  const v = stringOption(ctx, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  const bad = (why: string) => new ZichtError('BAD_ARGUMENT', `--${name} ${why}`, { option: `--${name}` });
  if (v.trim() === '' || !Number.isInteger(n)) throw bad(`must be an integer, got '${v}'`);
  if (bounds.min !== undefined && n < bounds.min) throw bad(`must be at least ${bounds.min}, got ${n}`);
  if (bounds.max !== undefined && n > bounds.max) throw bad(`must be at most ${bounds.max}, got ${n}`);
  return n;
}

/** Read an option that must be one of `choices`; `undefined` when absent. */
export function choiceOption<T extends string>(
  ctx: CommandContext,
  name: string,
  choices: readonly T[],
): T | undefined {
  const v = stringOption(ctx, name);
  if (v === undefined) return undefined;
  if (!(choices as readonly string[]).includes(v))
    throw new ZichtError('BAD_ARGUMENT', `--${name} must be one of ${choices.join(', ')}, got '${v}'`, {
      option: `--${name}`,
    });
  return v as T;
}

/** The TCP port bounds for `--port`. */
export const PORT_BOUNDS = { min: 0, max: 65535 } as const;
