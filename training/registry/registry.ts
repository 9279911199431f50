import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ZichtError, migrate, sha256, writeFileAtomic, type SqliteDb } from '../../core/index.ts';

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
  readonly artifactPath: string;
  readonly artifactHash: string;
  readonly dataHash: string;
  readonly synthetic: boolean;
  readonly metrics: Readonly<Record<string, number>>;
}

const DDL = `
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
);
`;

const NAME_RE = /^[a-z][a-z0-9-]{0,62}$/;

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
}

const metricsSchema = z.record(z.string(), z.number());

function toVersion(r: Row): ModelVersion {
  return {
    name: r.name,
    version: r.version,
    status: r.status,
    createdAt: r.created_at,
    trainedBy: r.trained_by,
    kind: r.kind,
    artifactPath: r.artifact_path,
    artifactHash: r.artifact_hash,
    dataHash: r.data_hash,
    synthetic: r.synthetic === 1,
    metrics: metricsSchema.parse(JSON.parse(r.metrics)),
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
  /** The artifact JSON text (already validated by the caller). */
  readonly artifactText: string;
  /** Extra files stored beside the artifact (e.g. `evaluation.json`, `explanations.json`). */
  readonly files?: Readonly<Record<string, string>>;
  /** Clock, for tests. */
  readonly now?: Date;
}

/**
 * The model registry in the operational SQLite store. Artifacts live in
 * `$ZICHT_HOME/models/<name>/<version>/`; the row is the commit point.
 */
export class ModelRegistry {
  readonly #db: SqliteDb;
  readonly #home: string;

  constructor(db: SqliteDb, home: string) {
    migrate(db, DDL);
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
      const last = this.#db.prepare('SELECT MAX(version) AS v FROM model_versions WHERE name = ?').get(v.name) as {
        v: number | null;
      };
      const version = (last.v ?? 0) + 1;
      const dir = join(this.#home, 'models', v.name, String(version));
      mkdirSync(dir, { recursive: true });
      for (const [file, text] of Object.entries(v.files ?? {})) writeFileAtomic(join(dir, file), text);
      const artifactPath = join(dir, 'artifact.json');
      writeFileAtomic(artifactPath, v.artifactText);
      const createdAt = (v.now ?? new Date()).toISOString();
      this.#db
        .prepare(`INSERT INTO model_versions
        (name, version, status, created_at, trained_by, kind, artifact_path, artifact_hash, data_hash, synthetic, metrics)
        VALUES (?, ?, 'candidate', ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(
          v.name,
          version,
          createdAt,
          v.trainedBy,
          v.kind,
          artifactPath,
          sha256(v.artifactText),
          v.dataHash,
          v.synthetic ? 1 : 0,
          JSON.stringify(v.metrics),
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

  /** Read a stored file of a version (artifact.json, evaluation.json, ...), checking the artifact hash. */
  readFile(v: ModelVersion, file: string): string {
    const path = join(v.artifactPath, '..', file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new ZichtError('NOT_FOUND', `model ${v.name}@${v.version} has no stored ${file} (looked in ${path})`, {
        file: path,
      });
    }
    if (file === 'artifact.json' && sha256(text) !== v.artifactHash) {
      throw new ZichtError(
        'CORRUPT_ARTIFACT',
        `artifact of ${v.name}@${v.version} at ${path} does not match its registered hash: the file was altered or damaged`,
        { file: path },
      );
    }
    return text;
  }

  /** Write (replace) a stored file of a version, atomically. Not for the artifact itself. */
  writeFile(v: ModelVersion, file: string, text: string): void {
    if (file === 'artifact.json')
      throw new ZichtError('CONFLICT', 'an artifact is immutable once registered', { file });
    writeFileAtomic(join(v.artifactPath, '..', file), text);
  }

  #history(name: string, version: number, from: ModelStatus | null, to: ModelStatus, actor: string, at: string): void {
    this.#db
      .prepare(
        'INSERT INTO model_status_history (name, version, from_status, to_status, at, actor) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(name, version, from, to, at, actor);
  }
}
