import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZichtError, repoRoot, stableStringify, writeFileAtomic } from '../../core/index.ts';
import { parseFeatureView } from './schema.ts';
import type { FeatureView } from './types.ts';

/** The built-in views ship as JSON in the repository: `features/views/builtin/<name>@<version>.json`. */
const BUILTIN_DIR = join(repoRoot, 'features', 'views', 'builtin');

const FILE_RE = /^([a-z][a-z0-9-]*)@(\d+)\.json$/;

/** Where a deployment's own views live: `$ZICHT_HOME/views/<name>@<version>.json`. */
export function userViewsDir(home: string): string {
  return join(home, 'views');
}

/** Read and check every `<name>@<version>.json` of a folder: the file name must match the view inside. */
function readViewDir(dir: string): FeatureView[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const path = join(dir, f);
      const view = parseFeatureView(readFileSync(path, 'utf8'), path);
      const m = FILE_RE.exec(f);
      if (!m || m[1] !== view.name || Number(m[2]) !== view.version)
        throw new ZichtError(
          'PARSE_ERROR',
          `${path}: the file name must be ${view.name}@${view.version}.json, the name and version of the view it holds`,
          { file: path },
        );
      return view;
    });
}

let builtins: readonly FeatureView[] | null = null;

/** The views that ship with zicht (`kwb@1`, `kwb2022-tidy@1`). */
export function builtinFeatureViews(): readonly FeatureView[] {
  builtins ??= readViewDir(BUILTIN_DIR);
  return builtins;
}

const refOf = (v: FeatureView): string => `${v.name}@${v.version}`;

/** Canonical content of a view (defaults applied, key order fixed): equal views have equal content. */
const contentOf = (v: FeatureView): string => stableStringify(v);

/**
 * Every view: the built-in ones and, when `home` is given, the user views in
 * `$ZICHT_HOME/views`. A user file that reuses a built-in name@version with
 * other content is refused (a changed view must be a new version).
 */
export function listFeatureViews(home: string | null): FeatureView[] {
  const all = [...builtinFeatureViews()];
  if (home === null) return all;
  for (const v of readViewDir(userViewsDir(home))) {
    const same = all.find((b) => refOf(b) === refOf(v));
    if (!same) all.push(v);
    else if (contentOf(same) !== contentOf(v))
      throw new ZichtError(
        'CONFLICT',
        `${join(userViewsDir(home), `${refOf(v)}.json`)} redefines the built-in view ${refOf(v)}; give it a new version`,
        { view: refOf(v) },
      );
  }
  return all.sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
}

/**
 * Look up a view by `name` (its highest version) or `name@version`, among the
 * built-in views and the user views of `home` (null: built-in only). Unknown
 * is a clear error listing the views.
 */
export function getFeatureView(ref: string, home: string | null): FeatureView {
  const [name, version, ...rest] = ref.split('@');
  if (rest.length || (version !== undefined && !/^\d+$/.test(version)))
    throw new ZichtError('BAD_ARGUMENT', `a feature view is 'name' or 'name@version' (kwb@1), got '${ref}'`, {
      view: ref,
    });
  const all = listFeatureViews(home);
  const candidates = all.filter((x) => x.name === name && (version === undefined || x.version === Number(version)));
  const v = candidates.at(-1);
  if (!v)
    throw new ZichtError('UNKNOWN_FEATURE', `unknown feature view '${ref}'; known: ${all.map(refOf).join(', ')}`, {
      view: ref,
    });
  return v;
}

/** What `addFeatureView` did. */
export interface AddedView {
  readonly view: string;
  readonly status: 'added' | 'unchanged';
  readonly path: string;
}

/**
 * Add a user view from a JSON file to `$ZICHT_HOME/views`. A view whose
 * name@version exists (built-in or user) with other content is refused:
 * snapshots and models record name@version, so a changed view must be a new version.
 */
export function addFeatureView(home: string, file: string): AddedView {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ZichtError('NOT_FOUND', `feature view file ${file} cannot be read`, { file });
  }
  const view = parseFeatureView(text, file);
  const ref = refOf(view);
  const path = join(userViewsDir(home), `${ref}.json`);
  const existing = listFeatureViews(home).find((v) => refOf(v) === ref);
  if (existing) {
    if (contentOf(existing) === contentOf(view)) {
      const builtin = builtinFeatureViews().some((v) => refOf(v) === ref);
      return { view: ref, status: 'unchanged', path: builtin ? join(BUILTIN_DIR, `${ref}.json`) : path };
    }
    const next =
      Math.max(
        ...listFeatureViews(home)
          .filter((v) => v.name === view.name)
          .map((v) => v.version),
      ) + 1;
    throw new ZichtError(
      'CONFLICT',
      `${file}: feature view ${ref} exists with other content; snapshots and models record ${ref}, so a changed view must be a new version (${view.name}@${next})`,
      { file, view: ref },
    );
  }
  writeFileAtomic(path, `${JSON.stringify(view, null, 2)}\n`);
  return { view: ref, status: 'added', path };
}
