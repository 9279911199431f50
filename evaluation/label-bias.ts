import { CRIME_CODES, type LabelProvenance } from '../features/index.ts';

/**
 * Provenance of a crime code's counts (found by enforcement, or reported by residents), from the
 * one table of crime codes (`CRIME_CODES`); a code zicht does not name counts as reported.
 */
export function provenanceOf(code: string): LabelProvenance {
  return CRIME_CODES[code]?.provenance ?? 'reported';
}

/** Share of areas flagged in one period that are flagged again in the next (by area code). */
export function persistence(
  flagsT: ReadonlyMap<string, boolean>,
  flagsNext: ReadonlyMap<string, boolean>,
): { persistence: number; flagged: number; again: number } {
  let flagged = 0,
    again = 0;
  for (const [code, f] of flagsT) {
    if (!f) continue;
    if (!flagsNext.has(code)) continue;
    flagged++;
    if (flagsNext.get(code)) again++;
  }
  return { persistence: flagged ? again / flagged : Number.NaN, flagged, again };
}

/** One round of a feedback-loop simulation. */
export interface FeedbackRound {
  readonly round: number;
  /** Share of all flags that went to the over-enforced group. */
  readonly flagShareBiasedGroup: number;
  /** Share of the flags in this round that were also flagged last round. */
  readonly persistence: number;
  /** Mean enforcement intensity in the biased group relative to the others. */
  readonly enforcementRatio: number;
}

/**
 * Run a feedback loop: train on the current labels, flag the top areas, let
 * enforcement respond to the flags, observe new discovered counts, repeat.
 * The callbacks carry the world's mechanism; this only keeps the books.
 */
export function simulateFeedback(input: {
  rounds: number;
  biased: ArrayLike<number>;
  initialLabels: Float64Array;
  train: (labels: Float64Array, round: number) => Float64Array;
  flag: (scores: Float64Array) => Uint8Array;
  respond: (flags: Uint8Array, round: number) => { labels: Float64Array; enforcement: Float64Array };
}): FeedbackRound[] {
  const out: FeedbackRound[] = [];
  let labels = input.initialLabels;
  let prev: Uint8Array | null = null;
  for (let r = 0; r < input.rounds; r++) {
    const flags = input.flag(input.train(labels, r));
    let total = 0,
      inBiased = 0,
      again = 0;
    flags.forEach((f, i) => {
      if (!f) return;
      total++;
      if (input.biased[i]) inBiased++;
      if (prev?.[i]) again++;
    });
    const next = input.respond(flags, r);
    let eb = 0,
      nb = 0,
      eo = 0,
      no = 0;
    next.enforcement.forEach((e, i) => {
      if (input.biased[i]) {
        eb += e;
        nb++;
      } else {
        eo += e;
        no++;
      }
    });
    out.push({
      round: r + 1,
      flagShareBiasedGroup: total ? inBiased / total : Number.NaN,
      persistence: prev ? (total ? again / total : Number.NaN) : Number.NaN,
      enforcementRatio: eb / nb / (eo / no),
    });
    labels = next.labels;
    prev = flags;
  }
  return out;
}
