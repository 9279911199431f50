/**
 * One error class for the whole project. Every failure a user can cause is a
 * `ZichtError` with a code from `ErrorCode`; the mapping from code to HTTP
 * status lives in `serving/`, the mapping to exit codes in `cli/`.
 */
export const ErrorCode = {
  /** A command-line argument or option is missing or malformed. */
  BAD_ARGUMENT: 'BAD_ARGUMENT',
  /** An input file could not be parsed (names file, row, column). */
  PARSE_ERROR: 'PARSE_ERROR',
  /** A configuration file or request body does not match its schema. */
  INVALID_CONFIG: 'INVALID_CONFIG',
  /** Request parameters or body failed validation. */
  VALIDATION: 'VALIDATION',
  /** An area code that the registry does not know. */
  UNKNOWN_AREA: 'UNKNOWN_AREA',
  /** A feature or feature view that does not exist. */
  UNKNOWN_FEATURE: 'UNKNOWN_FEATURE',
  /** A model name or version that does not exist. */
  UNKNOWN_MODEL: 'UNKNOWN_MODEL',
  /** Any other missing resource. */
  NOT_FOUND: 'NOT_FOUND',
  /** A dataset request that would pair labels with same-or-later features. */
  LEAKAGE: 'LEAKAGE',
  /** Input data inconsistent with itself or the store (duplicates, mixed vintages). */
  DATA_CONFLICT: 'DATA_CONFLICT',
  /** Input data unusable for training (one class, empty, NaN labels, wrong shape). */
  BAD_DATA: 'BAD_DATA',
  /** A stored artifact, snapshot or database row failed its integrity check. */
  CORRUPT_ARTIFACT: 'CORRUPT_ARTIFACT',
  /** A governance rule refused the action (promote unapproved, self-review, ...). */
  GATE_REFUSED: 'GATE_REFUSED',
  /** A state conflict (already exists, already running, wrong status). */
  CONFLICT: 'CONFLICT',
  /** The area lies outside the level or municipalities the model version was trained on. */
  OUT_OF_DOMAIN: 'OUT_OF_DOMAIN',
  /** Area is below the disclosure threshold: nothing may be shown. */
  SUPPRESSED: 'SUPPRESSED',
  /** No or invalid credentials. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** Valid credentials, but the role or scope does not allow this. */
  FORBIDDEN: 'FORBIDDEN',
  /** Too many requests for this token. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Request body too large. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** No production model is available to serve. */
  NOT_READY: 'NOT_READY',
  /** A bug: never caused by user input. */
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Structured context naming what is at fault, e.g. `{file, row, column}`. */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

export class ZichtError extends Error {
  override readonly name = 'ZichtError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** Shorthand constructor: `fail('PARSE_ERROR', 'row 3: ...', {file, row: 3})`. */
export function zerr(code: ErrorCode, message: string, details: ErrorDetails = {}): ZichtError {
  return new ZichtError(code, message, details);
}

export function isZichtError(e: unknown): e is ZichtError {
  return e instanceof ZichtError;
}
