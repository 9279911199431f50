import type { AuditLog } from './audit-log.ts';

/**
 * Refused requests (401, 403, 404, 429, …) go into the audit log too, aggregated per token,
 * route, status and minute so that a probe of 20,000 out-of-scope codes leaves 1 entry with a
 * count of 20,000 — not 20,000 rows, and not nothing.
 */
export class RefusalLog {
  readonly #counts = new Map<string, { tokenId: string; role: string; route: string; status: number; count: number }>();
  #minute = '';

  constructor(readonly audit: AuditLog) {}

  /** Count one refused request; a new minute flushes the previous one. */
  note(r: { tokenId: string; role: string; route: string; status: number }, now = new Date()): void {
    const minute = now.toISOString().slice(0, 16);
    if (minute !== this.#minute) {
      this.flush();
      this.#minute = minute;
    }
    const key = `${r.tokenId}|${r.route}|${r.status}`;
    const c = this.#counts.get(key);
    if (c) c.count++;
    else this.#counts.set(key, { ...r, count: 1 });
  }

  /** Write the counted refusals as audit entries (one per token, route and status). */
  flush(): void {
    if (this.#counts.size === 0) return;
    const entries = [...this.#counts.values()].map((c) => ({
      tokenId: c.tokenId,
      role: c.role,
      route: c.route,
      areas: [],
      model: null,
      purpose: `refused ${c.status}`,
      responseHash: '-',
      detail: JSON.stringify({ minute: this.#minute }),
      refused: c.count,
    }));
    this.#counts.clear();
    this.audit.record(entries);
  }
}
