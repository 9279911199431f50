import { ZichtError, type Frame } from '../../core/index.ts';

/** The target type a learner expects. */
export type TargetKind = 'binary' | 'count';

/**
 * Validate training data at the learner boundary: non-empty, matching shapes, labels
 * finite (0/1 with both classes for binary; non-negative for counts), offset finite.
 * Every failure is a `BAD_DATA` error naming the row or column at fault.
 */
export function checkTrainingData(X: Frame, y: Float64Array, target: TargetKind, offset?: Float64Array): void {
  if (X.nRows === 0 || X.data.length === 0) {
    throw new ZichtError('BAD_DATA', `training data is empty (${X.nRows} rows, ${X.data.length} columns)`, {
      rows: X.nRows,
      columns: X.data.length,
    });
  }
  if (X.columns.length !== X.data.length) {
    throw new ZichtError('BAD_DATA', `frame has ${X.columns.length} column names but ${X.data.length} columns`, {});
  }
  X.data.forEach((col, j) => {
    if (col.length !== X.nRows) {
      throw new ZichtError('BAD_DATA', `column '${X.columns[j]}' has ${col.length} rows, expected ${X.nRows}`, {
        column: X.columns[j] ?? j,
      });
    }
    for (let i = 0; i < col.length; i++) {
      const v = col[i]!;
      if (v === Infinity || v === -Infinity) {
        throw new ZichtError('BAD_DATA', `column '${X.columns[j]}' row ${i}: infinite value`, {
          column: X.columns[j] ?? j,
          row: i,
        });
      }
    }
  });
  if (y.length !== X.nRows) {
    throw new ZichtError('BAD_DATA', `label has ${y.length} values but the frame has ${X.nRows} rows`, { field: 'y' });
  }
  let pos = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v))
      throw new ZichtError('BAD_DATA', `label row ${i} is ${v} (labels must be finite, not missing)`, {
        field: 'y',
        row: i,
      });
    if (target === 'binary' && v !== 0 && v !== 1) {
      throw new ZichtError('BAD_DATA', `label row ${i} is ${v}; a binary target must be 0 or 1`, {
        field: 'y',
        row: i,
      });
    }
    if (target === 'count' && v < 0)
      throw new ZichtError('BAD_DATA', `label row ${i} is ${v}; counts must be ≥ 0`, { field: 'y', row: i });
    pos += v > 0 ? 1 : 0;
  }
  if (target === 'binary' && (pos === 0 || pos === y.length)) {
    throw new ZichtError(
      'BAD_DATA',
      `label has one class only (${pos} positives of ${y.length} rows); both 0 and 1 are needed`,
      { field: 'y' },
    );
  }
  if (offset !== undefined) {
    if (offset.length !== X.nRows)
      throw new ZichtError('BAD_DATA', `offset has ${offset.length} values but the frame has ${X.nRows} rows`, {
        field: 'offset',
      });
    for (let i = 0; i < offset.length; i++) {
      if (!Number.isFinite(offset[i]!))
        throw new ZichtError('BAD_DATA', `offset row ${i} is ${offset[i]} (must be finite)`, {
          field: 'offset',
          row: i,
        });
    }
  }
}

/** Check that a frame to score has the model's columns, in order. */
export function checkScoringFrame(X: Frame, featureNames: readonly string[]): void {
  if (X.data.length !== featureNames.length) {
    throw new ZichtError(
      'BAD_DATA',
      `frame has ${X.data.length} columns; the model expects ${featureNames.length} (${featureNames.slice(0, 5).join(', ')}${featureNames.length > 5 ? ', …' : ''})`,
      {},
    );
  }
  X.columns.forEach((c, j) => {
    if (c !== featureNames[j])
      throw new ZichtError('BAD_DATA', `column ${j} is '${c}'; the model expects '${featureNames[j]}'`, { column: c });
  });
}

/** Apply the inverse link to a margin array in place. */
export function applyLink(link: 'identity' | 'logit' | 'log', m: Float64Array): Float64Array {
  if (link === 'logit') for (let i = 0; i < m.length; i++) m[i] = 1 / (1 + Math.exp(-m[i]!));
  else if (link === 'log') for (let i = 0; i < m.length; i++) m[i] = Math.exp(m[i]!);
  return m;
}

/** Validate a learner's stored JSON; a damaged model is `CORRUPT_ARTIFACT` naming the field. */
export function parseModelJson<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  json: unknown,
): T {
  const r = schema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = `model.${issue.path.map(String).join('.')}`;
    throw new ZichtError('CORRUPT_ARTIFACT', `field '${field}': ${issue.message}`, { field });
  }
  return r.data;
}
