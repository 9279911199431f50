import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ZichtError, migrate, type SqliteDb } from '../core/index.ts';
import { parseEvaluationReport } from '../evaluation/index.ts';
import {
  loadModel,
  parseArtifact,
  scoreSetSchema,
  type EbmModel,
  type ModelRegistry,
  type ModelVersion,
} from '../training/index.ts';
import { buildCard, type ModelCard } from './card.ts';
import { readGovernanceFile, type GovernanceFile } from './governance-file.ts';

export const DECISIONS = ['approve', 'reject', 'request-changes'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface Review {
  readonly name: string;
  readonly version: number;
  readonly decision: Decision;
  readonly reviewer: string;
  readonly role: string;
  readonly rationale: string;
  readonly at: string;
}

const DDL = `CREATE TABLE IF NOT EXISTS reviews (
  name TEXT NOT NULL, version INTEGER NOT NULL, decision TEXT NOT NULL, reviewer TEXT NOT NULL, role TEXT NOT NULL, rationale TEXT NOT NULL, at TEXT NOT NULL)`;

/** The governance file of a model name: `$ZICHT_HOME/governance/<name>.json`, or empty (then every field is missing). */
export function governanceFor(home: string, name: string): GovernanceFile {
  const p = join(home, 'governance', `${name}.json`);
  return existsSync(p) ? readGovernanceFile(p) : {};
}

/** Build the card of a registered version from its artifact, evaluation report, scores and governance file. */
export function cardFor(
  registry: ModelRegistry,
  home: string,
  name: string,
  version: number,
  governance?: GovernanceFile,
): ModelCard {
  const v = registry.get(name, version);
  const artifact = parseArtifact(registry.readFile(v, 'artifact.json'), v.artifactPath);
  const report = parseEvaluationReport(
    JSON.parse(registry.readFile(v, 'evaluation.json')),
    `evaluation of ${name}@${version}`,
  );
  const scores = scoreSetSchema.parse(JSON.parse(registry.readFile(v, 'scores.json')));
  // the additive model's shape functions: score per bin of each main term (x = the bin's upper cut)
  const shapeFunctions =
    artifact.kind === 'ebm'
      ? (loadModel(artifact.model) as EbmModel)
          .shapeFunctions()
          .filter((t) => t.features.length === 1)
          .map((t) => ({
            feature: t.term,
            points: t.cuts[0]!.map((x, b) => ({ x, score: t.scores[b]! })),
          }))
      : [];
  return buildCard({
    artifact,
    report,
    governance: governance ?? governanceFor(home, name),
    version: {
      version: v.version,
      status: v.status,
      trainedBy: v.trainedBy,
      artifactHash: v.artifactHash,
      dataHash: v.dataHash,
    },
    map: scores.areas.filter((a) => !a.suppressed).map((a) => ({ code: a.code, band: a.band })),
    shapeFunctions,
  });
}

/**
 * The ethics board's gate. Reviews are recorded with reviewer, role, time and
 * rationale; only an approved version with a complete card can be promoted;
 * one production version per model name. Every refusal is a GATE_REFUSED
 * error and changes nothing.
 */
export class Governance {
  readonly #db: SqliteDb;
  constructor(
    db: SqliteDb,
    readonly registry: ModelRegistry,
    readonly home: string,
  ) {
    migrate(db, DDL);
    this.#db = db;
  }

  reviews(name: string, version: number): Review[] {
    return this.#db
      .prepare('SELECT * FROM reviews WHERE name = ? AND version = ? ORDER BY rowid')
      .all(name, version) as Review[];
  }

  review(input: {
    name: string;
    version: number;
    decision: string;
    reviewer: string;
    role: string;
    rationale: string;
    now?: Date;
  }): { review: Review; status: string } {
    if (!(DECISIONS as readonly string[]).includes(input.decision))
      throw new ZichtError('BAD_ARGUMENT', `decision must be one of ${DECISIONS.join(', ')}, got '${input.decision}'`);
    const rationale = (input.rationale ?? '').trim();
    if (rationale.length < 10)
      throw new ZichtError(
        'GATE_REFUSED',
        'a review needs a rationale (at least 10 characters) explaining the decision',
      );
    if (!input.reviewer.trim()) throw new ZichtError('GATE_REFUSED', "a review needs the reviewer's identity");
    const v = this.registry.get(input.name, input.version);
    if (v.trainedBy === input.reviewer)
      throw new ZichtError(
        'GATE_REFUSED',
        `${input.reviewer} trained ${v.name}@${v.version} and cannot review it: someone else must`,
      );
    if (v.status !== 'candidate')
      throw new ZichtError('GATE_REFUSED', `${v.name}@${v.version} is ${v.status}; only a candidate can be reviewed`);
    const decision = input.decision as Decision;
    if (decision === 'approve') {
      const card = cardFor(this.registry, this.home, v.name, v.version);
      if (!card.completeness.complete)
        throw new ZichtError(
          'GATE_REFUSED',
          `the card of ${v.name}@${v.version} is incomplete; to be completed: ${card.completeness.missing.join(', ')}`,
        );
    }
    const at = (input.now ?? new Date()).toISOString();
    const review: Review = {
      name: v.name,
      version: v.version,
      decision,
      reviewer: input.reviewer,
      role: input.role,
      rationale,
      at,
    };
    const tx = this.#db.transaction(() => {
      this.#db
        .prepare('INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(v.name, v.version, decision, input.reviewer, input.role, rationale, at);
      if (decision !== 'request-changes')
        this.registry.setStatus(
          v.name,
          v.version,
          decision === 'approve' ? 'approved' : 'rejected',
          `${input.reviewer} (${input.role})`,
        );
    });
    tx.immediate();
    return { review, status: this.registry.get(v.name, v.version).status };
  }

  promote(name: string, version: number, actor: string): ModelVersion {
    const v = this.registry.get(name, version);
    if (v.status !== 'approved')
      throw new ZichtError(
        'GATE_REFUSED',
        `${name}@${version} is ${v.status}; only a version approved by the ethics board can be promoted`,
      );
    const card = cardFor(this.registry, this.home, name, version);
    if (!card.completeness.complete)
      throw new ZichtError(
        'GATE_REFUSED',
        `the card of ${name}@${version} is incomplete; to be completed: ${card.completeness.missing.join(', ')}`,
      );
    return this.registry.setStatus(name, version, 'production', actor);
  }

  retire(name: string, version: number, actor: string): ModelVersion {
    const v = this.registry.get(name, version);
    if (v.status === 'retired') throw new ZichtError('GATE_REFUSED', `${name}@${version} is already retired`);
    return this.registry.setStatus(name, version, 'retired', actor);
  }
}
