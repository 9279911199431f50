export { ErrorCode, ZichtError, zerr, isZichtError } from './errors.ts';
export { createRng, shuffleInPlace, type Rng } from './rng.ts';
export { sha256, stableStringify, hashValue } from './hash.ts';
export { zichtHome, writeFileAtomic, ensurePrivateDir, makePrivate } from './fs.ts';
export { createFrame, takeRows, type Frame } from './frame.ts';
export { moduleWorker } from './module-worker.ts';
export { BUSY_TIMEOUT_MS, openOperationalDb, openSqlite } from './db.ts';
export type { Attempt, OperationalDb, OperationalStatement } from './store/operational.ts';
export { migrate, type Migration } from './store/migrations.ts';
export {
  runCli,
  requireArg,
  stringOption,
  intOption,
  choiceOption,
  PORT_BOUNDS,
  ExitWith,
  type Command,
  type CommandContext,
  type CliIo,
} from './cli.ts';
export { repoRoot, sharedDataDir, realDataTest, realDataPath } from './data-dir.ts';
