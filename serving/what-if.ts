import { ZichtError } from '../core/index.ts';
import type { ServingModel } from './scores.ts';

/** At most this many indicators may be changed in one what-if. */
const MAX_WHAT_IF_CHANGES = 3;

/**
 * A what-if may change only indicators marked mutable in the feature view (policy can change
 * them; demographics are locked), each within the range seen in the training data, and only a
 * few at a time — so it explores a scenario for one's own area and cannot be used to compute
 * the score of another area by copying its indicators.
 */
export function checkWhatIf(m: ServingModel, changes: Readonly<Record<string, number>>): void {
  const features = new Map(m.scores.features.map((f) => [f.name, f]));
  const keys = Object.keys(changes);
  if (keys.length > MAX_WHAT_IF_CHANGES)
    throw new ZichtError(
      'VALIDATION',
      `a what-if changes at most ${MAX_WHAT_IF_CHANGES} indicators at a time (got ${keys.length})`,
      { field: 'changes' },
    );
  for (const k of keys) {
    const f = features.get(k);
    if (!f)
      throw new ZichtError(
        'VALIDATION',
        `unknown indicator '${k}'; the model uses: ${[...features.keys()].join(', ')}`,
        {
          field: `changes.${k}`,
        },
      );
    if (!f.mutable) {
      const mutable = m.scores.features.filter((x) => x.mutable).map((x) => x.name);
      throw new ZichtError(
        'VALIDATION',
        `indicator '${k}' cannot be changed in a what-if (it describes residents or the area's make-up, not a policy lever); changeable: ${mutable.join(', ') || 'none'}`,
        { field: `changes.${k}` },
      );
    }
    const v = changes[k]!;
    if (!f.range || !(v >= f.range.min && v <= f.range.max))
      throw new ZichtError(
        'VALIDATION',
        `indicator '${k}' must stay between ${f.range?.min ?? '—'} and ${f.range?.max ?? '—'}, the range seen in the training data (got ${v})`,
        { field: `changes.${k}` },
      );
  }
}
