import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ZichtError, migrate, repoRoot, type Migration, type OperationalDb } from '../core/index.ts';
import type { Principal } from './auth/tokens.ts';
import type { TrainingPort, TrainingRunStatus } from './ports.ts';

const progressLine = z.object({ stage: z.string(), fraction: z.number() });
const trainResult = z.object({
  name: z.string(),
  version: z.number().int(),
  verdict: z.object({ status: z.string() }),
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A message for users: file system paths are cut to their last part (no server layout shown). */
function withoutPaths(message: string): string {
  return message.replace(/(?:\/[\w.@+-]+){2,}/g, (p) => p.split('/').at(-1) ?? p);
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'training runs',
    sqlite: `CREATE TABLE IF NOT EXISTS training_runs (
  id TEXT PRIMARY KEY, config TEXT NOT NULL, status TEXT NOT NULL, progress REAL NOT NULL, message TEXT NOT NULL,
  started_by TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, result TEXT)`,
    postgres: `CREATE TABLE training_runs (
  id TEXT PRIMARY KEY, config TEXT NOT NULL, status TEXT NOT NULL, progress DOUBLE PRECISION NOT NULL, message TEXT NOT NULL,
  started_by TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, result TEXT,
  rowid BIGINT GENERATED ALWAYS AS IDENTITY)`,
  },
  {
    // several replicas share one queue: a run is claimed by one process, which renews its lease
    version: 2,
    name: 'training run lease',
    sqlite: 'ALTER TABLE training_runs ADD COLUMN runner TEXT; ALTER TABLE training_runs ADD COLUMN lease_until TEXT;',
    postgres:
      'ALTER TABLE training_runs ADD COLUMN runner TEXT; ALTER TABLE training_runs ADD COLUMN lease_until TEXT;',
  },
];

/** How long a running run's claim lasts without renewal; renewed every LEASE_MS / 4. */
const LEASE_MS = 20_000;

interface Row {
  id: string;
  config: string;
  status: TrainingRunStatus['status'];
  progress: number;
  message: string;
  started_at: string;
  finished_at: string | null;
  result: string | null;
}

/**
 * Training runs started from the API or the UI: each runs `zicht train` on a
 * stored config (`$ZICHT_HOME/configs/<name>.json`) in a child process, so a
 * crash never takes the server down; progress is read from its JSON progress
 * lines and kept in the operational store.
 */
export class TrainingRunner implements TrainingPort {
  readonly #db: OperationalDb;
  /** This process, as the claimant of the runs it starts. */
  readonly #runner = `runner_${randomBytes(6).toString('hex')}`;
  #running = false;
  /** Called when a run ends (the server re-reads what it caches from the feature store). */
  onFinished: (() => void) | undefined;
  constructor(
    db: OperationalDb,
    readonly home: string,
  ) {
    migrate(db, 'training-runs', MIGRATIONS);
    this.#db = db;
    this.#pump();
    // a run abandoned by a stopped replica ends when its lease does; then the queue moves on
    const poll = setInterval(() => {
      if (db.open) this.#tryPump();
      else clearInterval(poll);
    }, LEASE_MS / 2);
    poll.unref();
  }

  /**
   * Runs whose claimant stopped renewing its lease did not finish: the server that ran them
   * stopped (a run without a lease was claimed before leases existed). Any replica may say so.
   */
  #failAbandoned(now: Date): void {
    this.#db
      .prepare(
        "UPDATE training_runs SET status = 'failed', message = 'interrupted: the server stopped during the run', finished_at = ? WHERE status = 'running' AND (lease_until IS NULL OR lease_until < ?) AND (runner IS NULL OR runner <> ?)",
      )
      .run(now.toISOString(), now.toISOString(), this.#runner);
  }

  configs(): string[] {
    const dir = join(this.home, 'configs');
    return existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => f.slice(0, -5))
          .sort()
      : [];
  }

  start(principal: Pick<Principal, 'tokenId'>, config: string): TrainingRunStatus {
    if (!this.configs().includes(config))
      throw new ZichtError(
        'NOT_FOUND',
        `no stored training config '${config}'; stored: ${this.configs().join(', ') || 'none'}`,
        { config },
      );
    // a second request for a config that is already waiting or running is that run (a double click starts one)
    const pending = this.list().find((r) => r.config === config && (r.status === 'queued' || r.status === 'running'));
    if (pending) return pending;
    const id = `run_${randomBytes(6).toString('hex')}`;
    const now = new Date().toISOString();
    this.#db
      .prepare(
        'INSERT INTO training_runs (id, config, status, progress, message, started_by, started_at) VALUES (?, ?, ?, 0, ?, ?, ?)',
      )
      .run(id, config, 'queued', 'waiting for the run before it', principal.tokenId, now);
    this.#pump();
    return this.get(id);
  }

  /** `#pump` from a timer: an unreachable store waits for the next tick. */
  #tryPump(): void {
    try {
      this.#pump();
    } catch (e) {
      if (!(e instanceof ZichtError && e.code === 'NOT_READY')) throw e;
    }
  }

  /** Start the oldest queued run when none is running: one writer to the feature store at a time. */
  #pump(): void {
    if (this.#running) return;
    const next = this.#claim(new Date());
    if (!next) return;
    this.#running = true;
    const { id, config } = next;
    const renew = setInterval(() => {
      if (!this.#db.open) return;
      try {
        this.#db
          .prepare('UPDATE training_runs SET lease_until = ? WHERE id = ? AND runner = ?')
          .run(new Date(Date.now() + LEASE_MS).toISOString(), id, this.#runner);
      } catch (e) {
        // the store is out of reach for now: the next renewal tries again
        if (!(e instanceof ZichtError && e.code === 'NOT_READY')) throw e;
      }
    }, LEASE_MS / 4);
    renew.unref();
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'bin', 'zicht.mjs'),
        'train',
        '--config',
        join(this.home, 'configs', `${config}.json`),
        '--by',
        `token ${next.started_by}`,
        '--progress-json',
        '--json',
      ],
      { env: { ...process.env, ZICHT_HOME: this.home }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '',
      err = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      err += String(d);
      for (const line of String(d).split('\n')) {
        if (!/^\{"stage":.*\}$/.test(line.trim())) continue;
        const p = progressLine.safeParse(JSON.parse(line));
        if (p.success)
          this.#db
            .prepare('UPDATE training_runs SET progress = ?, message = ? WHERE id = ?')
            .run(p.data.fraction, p.data.stage, id);
      }
    });
    child.on('close', (code) => {
      clearInterval(renew);
      if (!this.#db.open) return;
      const end = new Date().toISOString();
      const result = code === 0 ? trainResult.safeParse(safeJson(out)) : null;
      if (result?.success) {
        this.#db
          .prepare(
            "UPDATE training_runs SET status = 'succeeded', progress = 1, message = 'done', finished_at = ?, result = ? WHERE id = ?",
          )
          .run(
            end,
            JSON.stringify({
              name: result.data.name,
              version: result.data.version,
              verdict: result.data.verdict.status,
            }),
            id,
          );
      } else {
        const msg =
          err
            .split('\n')
            .filter((l) => l.startsWith('zicht:'))
            .map((l) => l.replace(/^zicht:\s*/, ''))
            .join(' ') || `the run stopped (exit code ${code})`;
        this.#db
          .prepare("UPDATE training_runs SET status = 'failed', message = ?, finished_at = ? WHERE id = ?")
          .run(withoutPaths(msg).slice(0, 500), end, id);
      }
      this.#running = false;
      this.onFinished?.();
      this.#pump();
    });
  }

  /**
   * Claim the oldest queued run when no run is running anywhere (one writer to the feature store
   * at a time, across replicas); undefined when there is nothing to start.
   */
  #claim(now: Date): { id: string; config: string; started_by: string } | undefined {
    return this.#db
      .transaction(() => {
        this.#db.lock('zicht.training-runs');
        this.#failAbandoned(now);
        if (this.#db.prepare("SELECT 1 AS x FROM training_runs WHERE status = 'running'").get()) return undefined;
        const next = this.#db
          .prepare(
            "SELECT id, config, started_by FROM training_runs WHERE status = 'queued' ORDER BY started_at, rowid LIMIT 1",
          )
          .get() as { id: string; config: string; started_by: string } | undefined;
        if (!next) return undefined;
        this.#db
          .prepare(
            "UPDATE training_runs SET status = 'running', message = 'starting', runner = ?, lease_until = ? WHERE id = ?",
          )
          .run(this.#runner, new Date(now.getTime() + LEASE_MS).toISOString(), next.id);
        return next;
      })
      .immediate();
  }

  get(id: string): TrainingRunStatus {
    const r = this.#db.prepare('SELECT * FROM training_runs WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw new ZichtError('NOT_FOUND', `no training run '${id}'`, { id });
    return {
      id: r.id,
      status: r.status,
      progress: r.progress,
      message: r.message,
      config: r.config,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      result: r.result ? JSON.parse(r.result) : null,
    };
  }

  list(): TrainingRunStatus[] {
    return (
      this.#db.prepare('SELECT id FROM training_runs ORDER BY started_at DESC LIMIT 50').all() as { id: string }[]
    ).map((r) => this.get(r.id));
  }
}
