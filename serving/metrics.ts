const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** Prometheus counters and a latency histogram per route and status. */
export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, { buckets: number[]; sum: number; count: number }>();

  observe(route: string, status: number, seconds: number): void {
    const k = `route="${route}",status="${status}"`;
    this.#requests.set(k, (this.#requests.get(k) ?? 0) + 1);
    const h = this.#latency.get(route) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) h.buckets[i]!++;
    });
    h.sum += seconds;
    h.count++;
    this.#latency.set(route, h);
  }

  render(extra: Record<string, number>): string {
    const lines = [
      '# HELP zicht_http_requests_total HTTP requests by route and status',
      '# TYPE zicht_http_requests_total counter',
    ];
    for (const [k, v] of this.#requests) lines.push(`zicht_http_requests_total{${k}} ${v}`);
    lines.push(
      '# HELP zicht_http_request_duration_seconds Request latency',
      '# TYPE zicht_http_request_duration_seconds histogram',
    );
    for (const [route, h] of this.#latency) {
      BUCKETS.forEach((b, i) => {
        lines.push(`zicht_http_request_duration_seconds_bucket{route="${route}",le="${b}"} ${h.buckets[i]}`);
      });
      lines.push(`zicht_http_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${h.count}`);
      lines.push(
        `zicht_http_request_duration_seconds_sum{route="${route}"} ${h.sum}`,
        `zicht_http_request_duration_seconds_count{route="${route}"} ${h.count}`,
      );
    }
    for (const [k, v] of Object.entries(extra)) lines.push(`# TYPE ${k} gauge`, `${k} ${v}`);
    return `${lines.join('\n')}\n`;
  }
}
