import { serve as serveNode } from '@hono/node-server';
import { Hono } from 'hono';
import {
  PORT_BOUNDS,
  ZichtError,
  intOption,
  openOperationalDb,
  stringOption,
  type Command,
  type OperationalDb,
} from '../core/index.ts';
import { Governance, renderHtml, renderMarkdown } from '../model-cards/index.ts';
import { ModelRegistry, loadVersionModel, suppressedArea, type ModelVersion } from '../training/index.ts';
import { createApp } from './app.ts';
import { openAuditLog } from './audit/audit-key.ts';
import { RefusalLog } from './audit/refusals.ts';
import { serverTokenStore, type Principal } from './auth/tokens.ts';
import type { ModelsPort, ModelSummary } from './ports.ts';
import { ActiveModel, servingModel, type ScoreSet } from './scores.ts';
import { StoreCache } from './store-cache.ts';
import { TrainingRunner } from './training-runner.ts';
import { uiAdapter } from './ui-adapter.ts';
import { DbSessionStore, createUi, type UiOptions } from './ui/index.ts';

const summary = (v: ModelVersion): ModelSummary => ({
  name: v.name,
  version: v.version,
  status: v.status,
  createdAt: v.createdAt,
  kind: v.kind,
  dataHash: v.dataHash,
  artifactHash: v.artifactHash,
  synthetic: v.synthetic,
  metrics: v.metrics,
});

/**
 * The served model with the serve-time suppression check: an area the score file shows is
 * hidden when the area registry says it has fewer inhabitants than the minimum (the file is
 * not trusted on its own, even with a matching hash).
 */
export function recheckSuppression(scores: ScoreSet, populations: ReadonlyMap<string, number | null>): ScoreSet {
  if (populations.size === 0) return scores;
  return {
    ...scores,
    areas: scores.areas.map((a) => {
      if (a.suppressed) return a;
      const registered = populations.get(a.code);
      if (registered !== undefined && registered !== null && registered >= scores.minPopulation) return a;
      return suppressedArea(a);
    }),
  };
}

/**
 * A timer's work that needs the operational store: while PostgreSQL cannot be reached it waits
 * for the next tick (the model in memory keeps serving what it can) instead of ending the server.
 */
function whenReachable(work: () => void): () => void {
  return () => {
    try {
      work();
    } catch (e) {
      if (!(e instanceof ZichtError && e.code === 'NOT_READY')) throw e;
    }
  };
}

export interface RuntimeOptions {
  readonly modelName?: string;
  /** How often the registry is checked for a promotion or retirement (ms); 0 = never. Default 1000. */
  readonly watchMs?: number;
  /** How often the audit head is anchored (ms); 0 = never. Default 10 000. */
  readonly anchorMs?: number;
  /** Options of the web UI (rate limits per client). */
  readonly ui?: UiOptions;
  /**
   * When the feature store was busy at start-up (a run or an ingest holds it), how often to try
   * again (ms) until it answers — then the served scores are rechecked against the registered
   * populations; 0 = never. Default 5000.
   */
  readonly storeRetryMs?: number;
}

/** Everything `zicht serve` runs, built on the real modules in `$ZICHT_HOME`. */
export async function buildRuntime(home: string, opts: RuntimeOptions = {}) {
  // a long-running server: WAL checkpoints in a thread of their own, not inside a request's commit
  const db: OperationalDb = openOperationalDb(home, process.env, { checkpointThread: true });
  const tokens = serverTokenStore(db),
    audit = openAuditLog(home, db),
    registry = new ModelRegistry(db, home),
    governance = new Governance(db, registry, home);
  const refusals = new RefusalLog(audit);
  const training = new TrainingRunner(db, home);
  const cache = new StoreCache(home);
  await cache.refresh();
  const active = new ActiveModel();
  let loadError: ZichtError | null = null;
  /** Serve the production version the registry names now (a promotion from anywhere takes effect). */
  const reload = (recheck = false) => {
    const v = registry.productionVersions().filter((x) => !opts.modelName || x.name === opts.modelName)[0];
    if (!v) {
      active.swap(null);
      loadError = null;
      return;
    }
    const cur = active.current();
    if (!recheck && cur && cur.name === v.name && cur.version === v.version) return;
    try {
      const loaded = loadVersionModel(registry, v.name, v.version);
      const scores = recheckSuppression(loaded.scores, cache.populations);
      active.swap(servingModel(scores, (code, changes) => loaded.whatIf(code, changes)));
      loadError = null;
    } catch (e) {
      // a damaged version is never served: nothing is, and readiness says why
      if (!(e instanceof ZichtError)) throw e;
      active.swap(null);
      loadError = e;
    }
  };
  reload();
  /**
   * Read the feature store again; when it answers, serve the scores rechecked against the
   * populations it registers now (a run or an ingest may have changed them).
   */
  let closed = false;
  const refreshStore = async (): Promise<boolean> => {
    const ok = await cache.refresh();
    // a run that ends after the server closed finds no registry to reload from
    if (ok && !closed) whenReachable(() => reload(true))();
    return ok;
  };
  training.onFinished = () => {
    void refreshStore();
  };
  // the start-up read of the feature store met a lock: try again until it answers (until then,
  // the score file's own suppression — made at registration and hash-checked — is what holds)
  let storeRetry: ReturnType<typeof setInterval> | null = null;
  if (cache.loadedAt === null && opts.storeRetryMs !== 0) {
    let busy = false;
    storeRetry = setInterval(() => {
      if (busy) return;
      busy = true;
      void refreshStore()
        .then((ok) => {
          if (!ok || !storeRetry) return;
          clearInterval(storeRetry);
          storeRetry = null;
        })
        .finally(() => {
          busy = false;
        });
    }, opts.storeRetryMs ?? 5000);
    storeRetry.unref();
  }
  const timers = [
    opts.watchMs !== 0 ? setInterval(whenReachable(reload), opts.watchMs ?? 1000) : null,
    opts.anchorMs !== 0
      ? setInterval(
          whenReachable(() => {
            refusals.flush();
            audit.anchor();
          }),
          opts.anchorMs ?? 10_000,
        )
      : null,
  ].filter((t) => t !== null);
  for (const t of timers) t.unref();
  const tokenName = (p: Principal) => tokens.list().find((t) => t.tokenId === p.tokenId)?.name ?? p.tokenId;
  const models: ModelsPort = {
    list: () => registry.list().map(summary),
    get: (name, version) => summary(registry.get(name, version)),
    card: (name, version, format, lang, scope) => {
      const card = governance.card(name, version, scope);
      const body =
        format === 'json'
          ? card
          : format === 'md'
            ? renderMarkdown(card, lang)
            : renderHtml(card, lang, cache.boundariesOf(card.datasheet.level));
      return { body, areas: card.map.map((a) => a.code) };
    },
    review: (p, name, version, decision, rationale) =>
      governance.review({
        name,
        version,
        decision,
        reviewer: `${tokenName(p)} (${p.tokenId})`,
        role: p.role,
        rationale,
      }),
    promote: (p, name, version) => summary(governance.promote(name, version, `${tokenName(p)} (${p.tokenId})`)),
  };
  const app = createApp({ db, tokens, audit, active, models, training, reload, refusals, notReady: () => loadError });
  const ui = uiAdapter({ tokens, audit, registry, governance, active, cache, training });
  const root = new Hono();
  root.route('/', app);
  // Embedded: sessions live in this one process. On PostgreSQL every replica must know every
  // session (a load balancer need not be sticky), so they live in the shared store.
  const uiOptions: UiOptions =
    db.dialect === 'postgres' && !opts.ui?.sessions
      ? { ...opts.ui, sessions: new DbSessionStore(db) }
      : (opts.ui ?? {});
  root.route('/', createUi(ui, uiOptions));
  const close = () => {
    closed = true;
    for (const t of timers) clearInterval(t);
    if (storeRetry) clearInterval(storeRetry);
    // with the store out of reach there is nothing more to write
    whenReachable(() => {
      refusals.flush();
      audit.anchor();
    })();
  };
  return { app: root, db, tokens, audit, registry, governance, active, reload, cache, training, close };
}

/** `zicht serve`: the API and the web UI on one port. */
export const serveCommand: Command = {
  words: ['serve'],
  summary: 'serve the API (/v1, /docs) and the web UI',
  usage: 'zicht serve [--port 8080] [--host 127.0.0.1] [--model NAME]',
  options: { port: { type: 'string' }, host: { type: 'string' }, model: { type: 'string' } },
  async run(ctx) {
    const port = intOption(ctx, 'port', 8080, PORT_BOUNDS),
      host = stringOption(ctx, 'host') ?? '127.0.0.1';
    const model = stringOption(ctx, 'model');
    const rt = await buildRuntime(ctx.home, model ? { modelName: model } : {});
    const m = rt.active.current();
    if (!m) ctx.log('warning: no production model yet — /readyz answers 503 until an approved version is promoted');
    await new Promise<void>((resolve, reject) => {
      const server = serveNode({ fetch: rt.app.fetch, port, hostname: host }, (info) => {
        ctx.log(
          `zicht serving ${m ? `${m.name}@${m.version}${m.scores.synthetic ? ' (SYNTHETIC demo data)' : ''}` : 'no model'} on http://${host}:${info.port} — UI /, API /v1, docs /docs`,
        );
        resolve();
      });
      server.once('error', (e: NodeJS.ErrnoException) => {
        rt.close();
        reject(
          e.code === 'EADDRINUSE'
            ? new ZichtError('CONFLICT', `port ${port} on ${host} is already in use; choose another with --port`)
            : e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND'
              ? new ZichtError('BAD_ARGUMENT', `--host ${host} is not an address of this machine`, { option: '--host' })
              : e.code === 'EACCES'
                ? new ZichtError(
                    'FORBIDDEN',
                    `port ${port} needs privileges this process does not have; use a port above 1023`,
                  )
                : e,
        );
      });
    });
    await new Promise(() => {});
    return null;
  },
};

/** The commands of this module (for the CLI's lazy loader). */
export const serveCommands: readonly Command[] = [serveCommand];
