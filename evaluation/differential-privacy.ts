import { getRandomValues } from 'node:crypto';
import { ZichtError, migrate, type Migration, type OperationalDb } from '../core/index.ts';

/**
 * Differential privacy on label counts. The noise is the one random thing in zicht that is NOT
 * reproducible: it is drawn from the operating system's cryptographic source, never from a seed
 * (a seed that is stored or printed would let anyone subtract the noise again).
 */

/** Uniform in (0, 1) from 53 cryptographically random bits; never exactly 0. */
function secureUniform(): number {
  const w = getRandomValues(new Uint32Array(2));
  const bits = (w[0]! >>> 5) * 67108864 + (w[1]! >>> 6); // 27 + 26 bits
  return (bits + 0.5) / 9007199254740992;
}

/** Two-sided geometric (discrete Laplace) noise for a count, sensitivity 1: P(k) ∝ exp(−ε|k|). */
export function geometricNoise(epsilon: number): number {
  const logAlpha = -epsilon;
  const draw = () => Math.floor(Math.log(secureUniform()) / logAlpha);
  return draw() - draw();
}

/** Laplace noise with scale 1/ε (sensitivity 1). */
export function laplaceNoise(epsilon: number): number {
  const u = secureUniform() - 0.5;
  return -(1 / epsilon) * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

/** Variance of the noise of one count: 2α/(1−α)² for geometric (α = e^−ε), 2/ε² for Laplace. */
export function noiseVariance(mechanism: 'geometric' | 'laplace', epsilon: number): number {
  if (mechanism === 'laplace') return 2 / epsilon ** 2;
  const a = Math.exp(-epsilon);
  return (2 * a) / (1 - a) ** 2;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'privacy budgets and spends',
    sqlite: `
CREATE TABLE IF NOT EXISTS privacy_budgets (
  label_set TEXT PRIMARY KEY, epsilon REAL NOT NULL CHECK (epsilon > 0), set_by TEXT NOT NULL, set_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS privacy_spends (
  label_set TEXT NOT NULL, epsilon REAL NOT NULL, mechanism TEXT NOT NULL, purpose TEXT NOT NULL, at TEXT NOT NULL);`,
    postgres: `
CREATE TABLE privacy_budgets (
  label_set TEXT PRIMARY KEY, epsilon DOUBLE PRECISION NOT NULL CHECK (epsilon > 0), set_by TEXT NOT NULL, set_at TEXT NOT NULL);
CREATE TABLE privacy_spends (
  label_set TEXT NOT NULL, epsilon DOUBLE PRECISION NOT NULL, mechanism TEXT NOT NULL, purpose TEXT NOT NULL, at TEXT NOT NULL,
  rowid BIGINT GENERATED ALWAYS AS IDENTITY);`,
  },
];

/** The budget that applies to every label set without one of its own. */
export const DEFAULT_LABEL_SET = '*';

/**
 * The privacy budget per label set (crime code × level × label periods): set once by an
 * administrator (`zicht privacy budget set`), never raised; every spend is appended and checked
 * against it in one transaction. The training config only asks for an ε, it cannot grant one.
 */
export class PrivacyBudget {
  readonly #db: OperationalDb;
  constructor(db: OperationalDb) {
    migrate(db, 'privacy', MIGRATIONS);
    this.#db = db;
  }

  /** Set the budget of a label set; a budget that exists is never changed. */
  set(labelSet: string, epsilon: number, by: string, now = new Date()): void {
    if (!(epsilon > 0 && epsilon <= 20))
      throw new ZichtError('BAD_ARGUMENT', `a privacy budget must be an ε in (0, 20], got ${epsilon}`, { epsilon });
    const existing = this.budget(labelSet, false);
    if (existing !== null)
      throw new ZichtError(
        'GATE_REFUSED',
        `label set '${labelSet}' already has a budget of ε = ${existing}; a budget is set once and never raised`,
        { labelSet },
      );
    this.#db.prepare('INSERT INTO privacy_budgets VALUES (?, ?, ?, ?)').run(labelSet, epsilon, by, now.toISOString());
  }

  /** The budget of a label set (or the default), null when none is set. */
  budget(labelSet: string, fallBack = true): number | null {
    const row = this.#db.prepare('SELECT epsilon FROM privacy_budgets WHERE label_set = ?').get(labelSet) as
      | { epsilon: number }
      | undefined;
    if (row) return row.epsilon;
    return fallBack && labelSet !== DEFAULT_LABEL_SET ? this.budget(DEFAULT_LABEL_SET, false) : null;
  }

  spent(labelSet: string): number {
    const r = this.#db
      .prepare('SELECT COALESCE(SUM(epsilon), 0) AS s FROM privacy_spends WHERE label_set = ?')
      .get(labelSet) as { s: number };
    return r.s;
  }

  spends(labelSet?: string): { labelSet: string; epsilon: number; mechanism: string; purpose: string; at: string }[] {
    const rows = (
      labelSet === undefined
        ? this.#db.prepare('SELECT label_set, epsilon, mechanism, purpose, at FROM privacy_spends ORDER BY rowid').all()
        : this.#db
            .prepare(
              'SELECT label_set, epsilon, mechanism, purpose, at FROM privacy_spends WHERE label_set = ? ORDER BY rowid',
            )
            .all(labelSet)
    ) as { label_set: string; epsilon: number; mechanism: string; purpose: string; at: string }[];
    return rows.map((r) => ({
      labelSet: r.label_set,
      epsilon: r.epsilon,
      mechanism: r.mechanism,
      purpose: r.purpose,
      at: r.at,
    }));
  }

  budgets(): { labelSet: string; epsilon: number; setBy: string; setAt: string; spent: number }[] {
    const rows = this.#db.prepare('SELECT * FROM privacy_budgets ORDER BY label_set').all() as {
      label_set: string;
      epsilon: number;
      set_by: string;
      set_at: string;
    }[];
    return rows.map((r) => ({
      labelSet: r.label_set,
      epsilon: r.epsilon,
      setBy: r.set_by,
      setAt: r.set_at,
      spent: this.spent(r.label_set),
    }));
  }

  /** Record a spend, refusing it when no budget is set or when it would exceed the budget. */
  spend(labelSet: string, epsilon: number, mechanism: string, purpose: string, now = new Date()): void {
    if (!(epsilon > 0)) throw new ZichtError('BAD_ARGUMENT', `ε must be positive, got ${epsilon}`);
    const tx = this.#db.transaction(() => {
      this.#db.lock('zicht.privacy');
      const budget = this.budget(labelSet);
      if (budget === null)
        throw new ZichtError(
          'GATE_REFUSED',
          `no privacy budget is set for label set '${labelSet}'; an administrator sets one with 'zicht privacy budget set --epsilon E'`,
          { labelSet },
        );
      const spent = this.spent(labelSet);
      if (spent + epsilon > budget + 1e-12)
        throw new ZichtError(
          'GATE_REFUSED',
          `privacy budget of label set '${labelSet}' exhausted: ${spent} of ${budget} spent, ${epsilon} more requested`,
          { labelSet },
        );
      this.#db
        .prepare('INSERT INTO privacy_spends (label_set, epsilon, mechanism, purpose, at) VALUES (?, ?, ?, ?, ?)')
        .run(labelSet, epsilon, mechanism, purpose, now.toISOString());
    });
    tx.immediate();
  }
}

/** Noisy counts (rounded, clamped at 0) after spending ε from the label set's budget. */
export function privatiseCounts(
  counts: ArrayLike<number>,
  opts: {
    epsilon: number;
    mechanism: 'geometric' | 'laplace';
    labelSet: string;
    purpose: string;
    budget: PrivacyBudget;
  },
): Float64Array {
  opts.budget.spend(opts.labelSet, opts.epsilon, opts.mechanism, opts.purpose);
  const noise = opts.mechanism === 'geometric' ? geometricNoise : laplaceNoise;
  return Float64Array.from(counts, (c) => Math.max(0, Math.round(c + noise(opts.epsilon))));
}
