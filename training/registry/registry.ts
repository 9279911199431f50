import { mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ZichtError, migrate, sha256, writeFileAtomic, type Migration, type OperationalDb } from '../../core/index.ts';

/** Lifecycle of a model version. Only `production` serves. */
export const MODEL_STATUSES = ['candidate', 'approved', 'rejected', 'production', 'retired'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** One registered model version, as stored. */
export interface ModelVersion {
  readonly name: string;
  readonly version: number;
  readonly status: ModelStatus;
  readonly createdAt: string;
  readonly trainedBy: string;
  readonly kind: string;
  /** Folder of the version's files, relative to $ZICHT_HOME (a restored home keeps working). */
  readonly dir: string;
  readonly artifactHash: string;
  /** sha256 of every stored file of the version (artifact included), checked on every read. */
  readonly files: Readonly<Record<string, string>>;
  /** The verdict against the baselines recorded at registration. */
  readonly verdict: string;
  readonly dataHash: string;
  readonly synthetic: boolean;
  readonly metrics: Readonly<Record<string, number>>;
}

/** The registry's tables: migration 1 is the schema as it stood when migrations began. */
const REGISTRY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'model versions and their status history',
    sqlite: `
CREATE TABLE IF NOT EXISTS model_versions (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('candidate','approved','rejected','production','retired')),
  created_at TEXT NOT NULL,
  trained_by TEXT NOT NULL,
  kind TEXT NOT NULL,
  artifact_path TEXT NOT NULL,
  artifact_hash TEXT NOT NULL,
  data_hash TEXT NOT NULL,
  synthetic INTEGER NOT NULL,
  metrics TEXT NOT NULL,
  files TEXT NOT NULL DEFAULT '{}',
  verdict TEXT NOT NULL DEFAULT 'insufficient-evidence',
  PRIMARY KEY (name, version)
);
CREATE UNIQUE INDEX IF NOT EXISTS one_production_per_name ON model_versions(name) WHERE status = 'production';
CREATE TABLE IF NOT EXISTS model_status_history (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL
);`,
    // registries made before files and verdict were recorded (their versions fail the file check)
    legacyColumns: [
      { table: 'model_versions', column: 'files', definition: "TEXT NOT NULL DEFAULT '{}'" },
      { table: 'model_versions', column: 'verdict', definition: "TEXT NOT NULL DEFAULT 'insufficient-evidence'" },
    ],
    // rowid: the insertion order SQLite gives every table, made explicit
    postgres: `
CREATE TABLE model_versions (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('candidate','approved','rejected','production','retired')),
  created_at TEXT NOT NULL,
  trained_by TEXT NOT NULL,
  kind TEXT NOT NULL,
  artifact_path TEXT NOT NULL,
  artifact_hash TEXT NOT NULL,
  data_hash TEXT NOT NULL,
  synthetic INTEGER NOT NULL,
  metrics TEXT NOT NULL,
  files TEXT NOT NULL DEFAULT '{}',
  verdict TEXT NOT NULL DEFAULT 'insufficient-evidence',
  PRIMARY KEY (name, version)
);
CREATE UNIQUE INDEX one_production_per_name ON model_versions(name) WHERE status = 'production';
CREATE TABLE model_status_history (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  rowid BIGINT GENERATED ALWAYS AS IDENTITY
);`,
  },
];

const NAME_RE = /^[a-z][a-z0-9-]{0,62}$/;
const FILE_RE = /^[a-z0-9][a-z0-9._-]{0,80}$/;

/** Parse `name@version` (version a positive integer). */
export function parseModelRef(ref: string): { name: string; version: number } {
  const m = /^([^@\s]+)@(\d+)$/.exec(ref.trim());
  if (!m || !NAME_RE.test(m[1]!)) {
    throw new ZichtError(
      'BAD_ARGUMENT',
      `'${ref}' is not a model reference; expected name@version, e.g. drugshandel-wijk@3`,
      { ref },
    );
  }
  return { name: m[1]!, version: Number(m[2]) };
}

interface Row {
  name: string;
  version: number;
  status: ModelStatus;
  created_at: string;
  trained_by: string;
  kind: string;
  artifact_path: string;
  artifact_hash: string;
  data_hash: string;
  synthetic: number;
  metrics: string;
  files: string;
  verdict: string;
}

/**
 * A JSON column holding a record of values that pass `ok`; a damaged row is CORRUPT_ARTIFACT.
 * (Checked by hand, not with zod: `zicht models list` must start in a fraction of a second.)
 */
function recordOf<T>(text: string, ok: (v: unknown) => v is T, what: string): Record<string, T> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    v = null;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every(ok))
    throw new ZichtError('CORRUPT_ARTIFACT', `the registry's ${what} column is damaged`, { column: what });
  return v as Record<string, T>;
}
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isSha256 = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);

function toVersion(r: Row): ModelVersion {
  return {
    name: r.name,
    version: r.version,
    status: r.status,
    createdAt: r.created_at,
    trainedBy: r.trained_by,
    kind: r.kind,
    dir: r.artifact_path,
    artifactHash: r.artifact_hash,
    files: recordOf(r.files, isSha256, 'files'),
    verdict: r.verdict,
    dataHash: r.data_hash,
    synthetic: r.synthetic === 1,
    metrics: recordOf(r.metrics, isNumber, 'metrics'),
  };
}

/** What a training run hands to the registry. */
export interface NewVersion {
  readonly name: string;
  readonly kind: string;
  readonly trainedBy: string;
  readonly dataHash: string;
  readonly synthetic: boolean;
  readonly metrics: Readonly<Record<string, number>>;
  /** The verdict against the baselines (default insufficient-evidence). */
  readonly verdict?: string;
  /** The artifact JSON text (already validated by the caller). */
  readonly artifactText: string;
  /**
   * Files stored beside the artifact (`evaluation.json`, `scores.json`, …), or a function of the
   * version number that returns them (the number is known only inside the registration).
   */
  readonly files?: Readonly<Record<string, string>> | ((version: number) => Readonly<Record<string, string>>);
  /** Clock, for tests. */
  readonly now?: Date;
}

/**
 * The model registry in the operational store. Artifacts live in
 * `$ZICHT_HOME/models/<name>/<version>/`; the row is the commit point.
 */
export class ModelRegistry {
  readonly #db: OperationalDb;
  readonly #home: string;

  constructor(db: OperationalDb, home: string) {
    migrate(db, 'registry', REGISTRY_MIGRATIONS);
    this.#db = db;
    this.#home = home;
  }

  /**
   * Register a new version atomically: the version number, the files and the
   * row are written in one IMMEDIATE transaction. Files go through
   * temp-file + rename; a kill before COMMIT leaves at most an orphan folder,
   * never a half-registered version (the row is what makes it exist).
   */
  register(v: NewVersion): ModelVersion {
    if (!NAME_RE.test(v.name)) {
      throw new ZichtError(
        'BAD_ARGUMENT',
        `model name '${v.name}' must be lower-case letters, digits and dashes, starting with a letter`,
        { name: v.name },
      );
    }
    const tx = this.#db.transaction((): ModelVersion => {
      // replicas on PostgreSQL: one registration at a time picks the next version number
      this.#db.lock('zicht.registry');
      const last = this.#db.prepare('SELECT MAX(version) AS v FROM model_versions WHERE name = ?').get(v.name) as {
        v: number | null;
      };
      const version = (last.v ?? 0) + 1;
      const rel = join('models', v.name, String(version));
      const dir = join(this.#home, rel);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const files = { ...(typeof v.files === 'function' ? v.files(version) : (v.files ?? {})) };
      if ('artifact.json' in files)
        throw new ZichtError('CONFLICT', 'artifact.json is given as artifactText, not as a file');
      const manifest: Record<string, string> = {};
      for (const [file, text] of Object.entries(files)) {
        if (!FILE_RE.test(file)) throw new ZichtError('BAD_ARGUMENT', `'${file}' is not a plain file name`, { file });
        writeFileAtomic(join(dir, file), text);
        manifest[file] = sha256(text);
      }
      writeFileAtomic(join(dir, 'artifact.json'), v.artifactText);
      manifest['artifact.json'] = sha256(v.artifactText);
      const createdAt = (v.now ?? new Date()).toISOString();
      this.#db
        .prepare(
          `INSERT INTO model_versions
        (name, version, status, created_at, trained_by, kind, artifact_path, artifact_hash, data_hash, synthetic, metrics, files, verdict)
        VALUES (?, ?, 'candidate', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          v.name,
          version,
          createdAt,
          v.trainedBy,
          v.kind,
          rel,
          manifest['artifact.json'],
          v.dataHash,
          v.synthetic ? 1 : 0,
          JSON.stringify(v.metrics),
          JSON.stringify(manifest),
          v.verdict ?? 'insufficient-evidence',
        );
      this.#history(v.name, version, null, 'candidate', v.trainedBy, createdAt);
      return this.get(v.name, version);
    });
    return tx.immediate();
  }

  /** One version; `UNKNOWN_MODEL` when absent. */
  get(name: string, version: number): ModelVersion {
    const r = this.#db.prepare('SELECT * FROM model_versions WHERE name = ? AND version = ?').get(name, version) as
      | Row
      | undefined;
    if (!r)
      throw new ZichtError('UNKNOWN_MODEL', `model ${name}@${version} is not registered; see 'zicht models list'`, {
        name,
        version,
      });
    return toVersion(r);
  }

  /** All versions, newest first, optionally of one name. */
  list(name?: string): ModelVersion[] {
    const rows = (
      name === undefined
        ? this.#db.prepare('SELECT * FROM model_versions ORDER BY name, version DESC').all()
        : this.#db.prepare('SELECT * FROM model_versions WHERE name = ? ORDER BY version DESC').all(name)
    ) as Row[];
    return rows.map(toVersion);
  }

  /** The production version of a name, if any. */
  production(name: string): ModelVersion | null {
    const r = this.#db.prepare("SELECT * FROM model_versions WHERE name = ? AND status = 'production'").get(name) as
      | Row
      | undefined;
    return r ? toVersion(r) : null;
  }

  /** Every production version (one per name). */
  productionVersions(): ModelVersion[] {
    return (
      this.#db.prepare("SELECT * FROM model_versions WHERE status = 'production' ORDER BY name").all() as Row[]
    ).map(toVersion);
  }

  /**
   * Change a status. Governance rules (who may approve, what may be promoted)
   * live in model-cards/; this only records the transition atomically and keeps
   * one production version per name (the previous one is retired).
   */
  setStatus(name: string, version: number, status: ModelStatus, actor: string, now: Date = new Date()): ModelVersion {
    const tx = this.#db.transaction((): ModelVersion => {
      this.#db.lock('zicht.registry');
      const cur = this.get(name, version);
      const at = now.toISOString();
      if (status === 'production') {
        const prev = this.production(name);
        if (prev && prev.version !== version) {
          this.#db
            .prepare("UPDATE model_versions SET status = 'retired' WHERE name = ? AND version = ?")
            .run(name, prev.version);
          this.#history(name, prev.version, 'production', 'retired', actor, at);
        }
      }
      this.#db
        .prepare('UPDATE model_versions SET status = ? WHERE name = ? AND version = ?')
        .run(status, name, version);
      this.#history(name, version, cur.status, status, actor, at);
      return this.get(name, version);
    });
    return tx.immediate();
  }

  /** Status transitions of a version, oldest first. */
  history(name: string, version: number): { from: ModelStatus | null; to: ModelStatus; at: string; actor: string }[] {
    return this.#db
      .prepare(
        'SELECT from_status AS "from", to_status AS "to", at, actor FROM model_status_history WHERE name = ? AND version = ? ORDER BY rowid',
      )
      .all(name, version) as { from: ModelStatus | null; to: ModelStatus; at: string; actor: string }[];
  }

  /** Absolute folder of a version's files. */
  dirOf(v: ModelVersion): string {
    return isAbsolute(v.dir) ? v.dir : join(this.#home, v.dir);
  }

  /**
   * Read a stored file of a version (artifact.json, evaluation.json, scores.json, …). Every file
   * is checked against the hash recorded at registration: an altered file is refused with
   * CORRUPT_ARTIFACT, never served.
   */
  readFile(v: ModelVersion, file: string): string {
    const expected = file === 'artifact.json' ? v.artifactHash : v.files[file];
    if (expected === undefined) {
      throw new ZichtError('NOT_FOUND', `model ${v.name}@${v.version} has no stored ${file}`, { file });
    }
    let text: string;
    try {
      text = readFileSync(join(this.dirOf(v), file), 'utf8');
    } catch {
      throw new ZichtError(
        'CORRUPT_ARTIFACT',
        `model ${v.name}@${v.version}: its ${file} is missing from the model folder`,
        { file },
      );
    }
    if (sha256(text) !== expected) {
      throw new ZichtError(
        'CORRUPT_ARTIFACT',
        `${file} of ${v.name}@${v.version} does not match the hash recorded at registration: the file was altered or damaged`,
        { file },
      );
    }
    return text;
  }

  #history(name: string, version: number, from: ModelStatus | null, to: ModelStatus, actor: string, at: string): void {
    this.#db
      .prepare(
        'INSERT INTO model_status_history (name, version, from_status, to_status, at, actor) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(name, version, from, to, at, actor);
  }
}
