import { ZichtError, stringOption, type CommandContext } from '../core/index.ts';
import { FeatureStore } from './store/index.ts';
import type { AreaLevel } from './types.ts';

/** The area levels a command accepts with --level. */
const LEVELS: readonly AreaLevel[] = ['gemeente', 'wijk', 'buurt'];

/** The --level option, or the fallback; anything else is a usage error. */
export function level(ctx: CommandContext, fallback: AreaLevel): AreaLevel {
  const l = stringOption(ctx, 'level') ?? fallback;
  if (!LEVELS.includes(l as AreaLevel))
    throw new ZichtError('BAD_ARGUMENT', `--level must be one of ${LEVELS.join(', ')}, got '${l}'`);
  return l as AreaLevel;
}

/** Open the feature store of $ZICHT_HOME for one command, and close it whatever happens. */
export async function withStore<T>(ctx: CommandContext, fn: (s: FeatureStore) => Promise<T>): Promise<T> {
  const store = await FeatureStore.open(ctx.home);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** Periods with ingested indicator data (not police counts, boundaries or code lists). */
export async function periodsWithData(store: FeatureStore): Promise<string[]> {
  return [
    ...new Set(
      (await store.sources())
        .filter((s) => s.kind !== 'geojson' && !s.kind.startsWith('police'))
        .flatMap((s) => s.periods),
    ),
  ].sort();
}
