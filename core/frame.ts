/**
 * A column-major numeric frame: one `Float64Array` per column, `NaN` for a
 * missing or suppressed value. Rows are areas; columns are features.
 */
export interface Frame {
  readonly nRows: number;
  readonly columns: readonly string[];
  readonly data: readonly Float64Array[];
}

/** Build a frame, checking that every column has `nRows` values. */
export function createFrame(columns: readonly string[], data: readonly Float64Array[]): Frame {
  if (columns.length !== data.length) {
    throw new RangeError(`frame has ${columns.length} column names but ${data.length} columns`);
  }
  const nRows = data[0]?.length ?? 0;
  data.forEach((col, j) => {
    if (col.length !== nRows) throw new RangeError(`column '${columns[j]}' has ${col.length} rows, expected ${nRows}`);
  });
  return { nRows, columns, data };
}

/** One row of a frame as a plain array (copies: use for single-row work only). */
function _frameRow(frame: Frame, i: number): Float64Array {
  const row = new Float64Array(frame.data.length);
  for (let j = 0; j < frame.data.length; j++) row[j] = frame.data[j]![i]!;
  return row;
}

/** A frame restricted to some rows (copies the selected rows, column by column). */
export function takeRows(frame: Frame, rows: ArrayLike<number>): Frame {
  const data = frame.data.map((col) => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]!]!;
    return out;
  });
  return { nRows: rows.length, columns: frame.columns, data };
}
