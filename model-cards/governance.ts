import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ZichtError, migrate, type Migration, type OperationalDb } from '../core/index.ts';
import { parseEvaluationReport, verdictLine } from '../evaluation/index.ts';
import {
  loadModel,
  parseArtifact,
  readScoreSet,
  type EbmModel,
  type ModelRegistry,
  type ModelVersion,
} from '../training/index.ts';
import { buildCard, type CardReview, type ModelCard } from './card.ts';
import { readGovernanceFile, type GovernanceFile } from './governance-file.ts';

export const DECISIONS = ['approve', 'reject', 'request-changes'] as const;
type Decision = (typeof DECISIONS)[number];

/** What an ethics board may explicitly override when approving (recorded, shown on the card and in the register). */
const OVERRIDES = ['verdict', 'success-criteria', 'fairness'] as const;
export type Override = (typeof OVERRIDES)[number];

export interface Review extends CardReview {
  readonly name: string;
  readonly version: number;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'reviews',
    sqlite: `CREATE TABLE IF NOT EXISTS reviews (
  name TEXT NOT NULL, version INTEGER NOT NULL, decision TEXT NOT NULL, reviewer TEXT NOT NULL, role TEXT NOT NULL,
  rationale TEXT NOT NULL, at TEXT NOT NULL, overrides TEXT NOT NULL DEFAULT '[]')`,
    legacyColumns: [{ table: 'reviews', column: 'overrides', definition: "TEXT NOT NULL DEFAULT '[]'" }],
    postgres: `CREATE TABLE reviews (
  name TEXT NOT NULL, version INTEGER NOT NULL, decision TEXT NOT NULL, reviewer TEXT NOT NULL, role TEXT NOT NULL,
  rationale TEXT NOT NULL, at TEXT NOT NULL, overrides TEXT NOT NULL DEFAULT '[]',
  rowid BIGINT GENERATED ALWAYS AS IDENTITY)`,
  },
];

const overridesSchema = z.array(z.enum(OVERRIDES));

/** The governance file of a model name: `$ZICHT_HOME/governance/<name>.json`, or empty (then every field is missing). */
function governanceFor(home: string, name: string): GovernanceFile {
  const p = join(home, 'governance', `${name}.json`);
  return existsSync(p) ? readGovernanceFile(p) : {};
}

/** Who reads a card: a scoped reader sees the map of their own municipality only. */
export interface CardScope {
  readonly municipality: string | null;
}

/**
 * Build the card of a registered version from its artifact, evaluation report, scores, reviews
 * and governance file. The map holds only the areas the reader may see.
 */
function cardFor(
  registry: ModelRegistry,
  home: string,
  name: string,
  version: number,
  opts: { governance?: GovernanceFile; reviews?: readonly CardReview[]; scope?: CardScope } = {},
): ModelCard {
  const v = registry.get(name, version);
  const artifact = parseArtifact(registry.readFile(v, 'artifact.json'), `artifact of ${v.name}@${v.version}`);
  const report = parseEvaluationReport(
    JSON.parse(registry.readFile(v, 'evaluation.json')),
    `evaluation of ${name}@${version}`,
  );
  const scores = readScoreSet(registry.readFile(v, 'scores.json'), `scores of ${name}@${version}`);
  const shapeFunctions =
    artifact.kind === 'ebm'
      ? (loadModel(artifact.model) as EbmModel)
          .shapeFunctions()
          .filter((t) => t.features.length === 1)
          .map((t) => ({ feature: t.term, points: t.cuts[0]!.map((x, b) => ({ x, score: t.scores[b]! })) }))
      : [];
  const municipality = opts.scope?.municipality ?? null;
  return buildCard({
    artifact,
    report,
    scores,
    governance: opts.governance ?? governanceFor(home, name),
    reviews: opts.reviews ?? [],
    version: {
      version: v.version,
      status: v.status,
      trainedBy: v.trainedBy,
      artifactHash: v.artifactHash,
      dataHash: v.dataHash,
    },
    map: scores.areas
      .filter((a) => !a.suppressed && (municipality === null || a.gemeente === municipality))
      .map((a) => ({ code: a.code, band: a.band })),
    municipality,
    shapeFunctions,
  });
}

/** What stands between a version and production, each with what would lift it. */
export function gateFailures(card: ModelCard): { readonly id: Override; readonly message: string }[] {
  const out: { id: Override; message: string }[] = [];
  const sc = card.successCriteria;
  if (!sc.verdictMet) out.push({ id: 'verdict', message: `its verdict is ${verdictLine(card.verdict)}` });
  const unmet = sc.criteria.filter((c) => c.met !== true);
  if (unmet.length)
    out.push({
      id: 'success-criteria',
      message: `success criteria not met: ${unmet.map((c) => `${c.description} (value ${c.value ?? 'unknown'})`).join('; ')}`,
    });
  if (!sc.fairness.met)
    out.push({
      id: 'fairness',
      message: `flag-rate disparity entirely outside ${card.fairness.band.join('–')} for ${sc.fairness.failing.map((f) => `${f.attribute} / ${f.group}`).join(', ')}`,
    });
  return out;
}

interface ReviewRow {
  name: string;
  version: number;
  decision: Decision;
  reviewer: string;
  role: string;
  rationale: string;
  at: string;
  overrides: string;
}

/**
 * The ethics board's gate. Reviews are recorded with reviewer, role, time, rationale and any
 * explicit overrides. A version is promoted only when it is approved, its card is complete, and
 * its verdict is beats-baselines, its success criteria are met and its fairness criterion holds
 * — or the approving review overrides exactly those, with a rationale. Every refusal is a
 * GATE_REFUSED error and changes nothing.
 */
export class Governance {
  readonly #db: OperationalDb;
  constructor(
    db: OperationalDb,
    readonly registry: ModelRegistry,
    readonly home: string,
  ) {
    migrate(db, 'governance', MIGRATIONS);
    this.#db = db;
  }

  reviews(name: string, version: number): Review[] {
    const rows = this.#db
      .prepare(
        'SELECT name, version, decision, reviewer, role, rationale, at, overrides FROM reviews WHERE name = ? AND version = ? ORDER BY rowid',
      )
      .all(name, version) as ReviewRow[];
    return rows.map((r) => ({ ...r, overrides: overridesSchema.parse(JSON.parse(r.overrides)) }));
  }

  /** The card with its review history, for a reader's scope. */
  card(
    name: string,
    version: number,
    scope: CardScope = { municipality: null },
    governance?: GovernanceFile,
  ): ModelCard {
    return cardFor(this.registry, this.home, name, version, {
      reviews: this.reviews(name, version),
      scope,
      ...(governance ? { governance } : {}),
    });
  }

  review(input: {
    name: string;
    version: number;
    decision: string;
    reviewer: string;
    role: string;
    rationale: string;
    overrides?: readonly string[];
    now?: Date;
  }): { review: Review; status: string } {
    if (!(DECISIONS as readonly string[]).includes(input.decision))
      throw new ZichtError('BAD_ARGUMENT', `decision must be one of ${DECISIONS.join(', ')}, got '${input.decision}'`);
    const rationale = (input.rationale ?? '').trim();
    if (rationale.length < 10)
      throw new ZichtError(
        'GATE_REFUSED',
        'a review needs a rationale (at least 10 characters) explaining the decision',
        { reason: 'rationale-too-short', min: 10 },
      );
    if (!input.reviewer.trim()) throw new ZichtError('GATE_REFUSED', "a review needs the reviewer's identity");
    const bad = (input.overrides ?? []).filter((o) => !(OVERRIDES as readonly string[]).includes(o));
    if (bad.length)
      throw new ZichtError('BAD_ARGUMENT', `unknown override '${bad[0]}'; overrides: ${OVERRIDES.join(', ')}`);
    const overrides = [...new Set(input.overrides ?? [])] as Override[];
    const v = this.registry.get(input.name, input.version);
    if (v.trainedBy === input.reviewer)
      throw new ZichtError(
        'GATE_REFUSED',
        `${input.reviewer} trained ${v.name}@${v.version} and cannot review it: someone else must`,
        { reason: 'own-version' },
      );
    if (v.status !== 'candidate')
      throw new ZichtError('GATE_REFUSED', `${v.name}@${v.version} is ${v.status}; only a candidate can be reviewed`, {
        reason: 'not-a-candidate',
        status: v.status,
      });
    const decision = input.decision as Decision;
    if (overrides.length && decision !== 'approve')
      throw new ZichtError(
        'BAD_ARGUMENT',
        'overrides belong to an approval; leave them out of a rejection or a request for changes',
      );
    const last = this.reviews(v.name, v.version).at(-1);
    if (last && last.reviewer === input.reviewer && last.decision === decision && last.rationale === rationale)
      throw new ZichtError('CONFLICT', 'this review was already recorded (the same reviewer, decision and rationale)', {
        reason: 'already-recorded',
      });
    if (decision === 'approve') {
      const card = this.card(v.name, v.version);
      if (!card.completeness.complete)
        throw new ZichtError(
          'GATE_REFUSED',
          `the card of ${v.name}@${v.version} is incomplete; to be completed: ${card.completeness.missing.join(', ')}`,
          { reason: 'card-incomplete', missing: card.completeness.missing },
        );
      const uncovered = gateFailures(card).filter((f) => !overrides.includes(f.id));
      if (uncovered.length)
        throw new ZichtError(
          'GATE_REFUSED',
          `${v.name}@${v.version} cannot be approved: ${uncovered.map((f) => f.message).join('; ')}. An ethics board that approves it anyway must override this explicitly (${uncovered.map((f) => `--override ${f.id}`).join(' ')}) with a rationale of at least 40 characters; the override is shown on the card and in the register export`,
          { reason: 'gate-not-overridden', conditions: uncovered.map((f) => f.id) },
        );
      const needless = overrides.filter((o) => !gateFailures(card).some((f) => f.id === o));
      if (needless.length)
        throw new ZichtError('BAD_ARGUMENT', `nothing to override for ${needless.join(', ')}: that condition is met`, {
          reason: 'needless-override',
          conditions: needless,
        });
      if (overrides.length && rationale.length < 40)
        throw new ZichtError(
          'GATE_REFUSED',
          'an override needs a rationale of at least 40 characters saying why the version may serve anyway',
          { reason: 'override-rationale-too-short', min: 40 },
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
      overrides,
    };
    const tx = this.#db.transaction(() => {
      this.#db
        .prepare(
          'INSERT INTO reviews (name, version, decision, reviewer, role, rationale, at, overrides) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(v.name, v.version, decision, input.reviewer, input.role, rationale, at, JSON.stringify(overrides));
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
    const card = this.card(name, version);
    if (!card.completeness.complete)
      throw new ZichtError(
        'GATE_REFUSED',
        `the card of ${name}@${version} is incomplete; to be completed: ${card.completeness.missing.join(', ')}`,
      );
    const approval = this.reviews(name, version)
      .filter((r) => r.decision === 'approve')
      .at(-1);
    const uncovered = gateFailures(card).filter((f) => !(approval?.overrides ?? []).includes(f.id));
    if (uncovered.length)
      throw new ZichtError(
        'GATE_REFUSED',
        `${name}@${version} cannot serve: ${uncovered.map((f) => f.message).join('; ')}`,
      );
    return this.registry.setStatus(name, version, 'production', actor);
  }

  retire(name: string, version: number, actor: string): ModelVersion {
    const v = this.registry.get(name, version);
    if (v.status === 'retired') throw new ZichtError('GATE_REFUSED', `${name}@${version} is already retired`);
    return this.registry.setStatus(name, version, 'retired', actor);
  }
}
