import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ZichtError, migrate, repoRoot, type SqliteDb } from '../core/index.ts';
import type { Principal } from './auth/tokens.ts';
import type { TrainingPort, TrainingRunStatus } from './ports.ts';

const DDL = `CREATE TABLE IF NOT EXISTS training_runs (
  id TEXT PRIMARY KEY, config TEXT NOT NULL, status TEXT NOT NULL, progress REAL NOT NULL, message TEXT NOT NULL,
  started_by TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, result TEXT)`;

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
  readonly #db: SqliteDb;
  constructor(
    db: SqliteDb,
    readonly home: string,
  ) {
    migrate(db, DDL);
    this.#db = db;
    // runs that were running when the server stopped did not finish
    db.prepare(
      "UPDATE training_runs SET status = 'failed', message = 'interrupted: the server stopped during the run', finished_at = ? WHERE status IN ('queued', 'running')",
    ).run(new Date().toISOString());
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

  start(principal: Principal, config: string): TrainingRunStatus {
    if (!this.configs().includes(config))
      throw new ZichtError(
        'NOT_FOUND',
        `no stored training config '${config}'; stored: ${this.configs().join(', ') || 'none'}`,
        { config },
      );
    const id = `run_${randomBytes(6).toString('hex')}`;
    const now = new Date().toISOString();
    this.#db
      .prepare('INSERT INTO training_runs VALUES (?, ?, ?, 0, ?, ?, ?, NULL, NULL)')
      .run(id, config, 'running', 'starting', principal.tokenId, now);
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'bin', 'zicht.mjs'),
        'train',
        '--config',
        join(this.home, 'configs', `${config}.json`),
        '--by',
        `token ${principal.tokenId}`,
        '--progress-json',
        '--json',
      ],
      {
        env: { ...process.env, ZICHT_HOME: this.home },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '',
      err = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      err += String(d);
      for (const line of String(d).split('\n')) {
        const m = /^\{"stage":.*\}$/.exec(line.trim());
        if (!m) continue;
        const p = JSON.parse(line) as { stage: string; fraction: number };
        this.#db
          .prepare('UPDATE training_runs SET progress = ?, message = ? WHERE id = ?')
          .run(p.fraction, p.stage, id);
      }
    });
    child.on('close', (code) => {
      const end = new Date().toISOString();
      if (code === 0) {
        const r = JSON.parse(out) as { name: string; version: number };
        this.#db
          .prepare(
            "UPDATE training_runs SET status = 'succeeded', progress = 1, message = 'done', finished_at = ?, result = ? WHERE id = ?",
          )
          .run(end, JSON.stringify({ name: r.name, version: r.version }), id);
      } else {
        const msg =
          err
            .split('\n')
            .filter((l) => l.startsWith('zicht:'))
            .join(' ') || `exited with code ${code}`;
        this.#db
          .prepare("UPDATE training_runs SET status = 'failed', message = ?, finished_at = ? WHERE id = ?")
          .run(msg.slice(0, 500), end, id);
      }
    });
    return this.get(id);
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
