import { ZichtError } from '../../core/index.ts';

/** How `httpGet` retries and waits. */
export interface HttpOptions {
  /** Per-request timeout (default 60 s). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt for 429, 5xx, network errors and cut-off bodies (default 4). */
  readonly retries?: number;
  /** First back-off delay; doubled on each retry (default 1 s). */
  readonly baseDelayMs?: number;
  /** Longest wait between attempts, also for a server's `Retry-After` (default 5 min). */
  readonly maxDelayMs?: number;
  /** For tests: how to wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told before every retry (progress output). */
  readonly onRetry?: (info: { url: string; attempt: number; reason: string; delayMs: number }) => void;
}

/** A complete response body with its content type. */
export interface HttpResponse {
  readonly url: string;
  readonly contentType: string;
  readonly body: string;
}

/** Statuses worth another attempt: rate limited, or a server/gateway failure. */
const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A URL as a person reads it in a message: OData's `$`, quotes, parentheses, commas and spaces unescaped. */
export function readableUrl(url: string): string {
  return url.replace(/%(24|27|28|29|2C|3A|2F)/gi, (m) => decodeURIComponent(m)).replace(/(%20|\+)/g, ' ');
}

/** Seconds or an HTTP date, as `Retry-After` may hold; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const s = header.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

/** A failure that another attempt may cure, with what to tell the user if none does. */
class Transient extends Error {
  constructor(
    message: string,
    readonly delayMs: number | null,
  ) {
    super(message);
  }
}

function excerpt(body: string): string {
  const text = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

async function attempt(url: string, accept: readonly string[], timeoutMs: number): Promise<HttpResponse> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: `${accept.join(', ')};q=1, */*;q=0.1`, 'user-agent': 'zicht (CBS open data client)' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    throw new Transient(
      timedOut ? `no answer within ${timeoutMs / 1000} s` : `the connection failed or was cut off (${cause})`,
      null,
    );
  }
  let body: string;
  try {
    body = await res.text();
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    throw new Transient(
      timedOut ? `the body did not arrive within ${timeoutMs / 1000} s` : 'the body was cut off (truncated)',
      null,
    );
  }
  if (RETRYABLE.has(res.status))
    throw new Transient(
      `HTTP ${res.status} ${res.statusText}${body ? `: ${excerpt(body)}` : ''}`,
      retryAfterMs(res.headers.get('retry-after')),
    );
  if (!res.ok)
    throw new ZichtError(
      res.status === 404 ? 'NOT_FOUND' : 'BAD_ARGUMENT',
      `GET ${readableUrl(url)}: HTTP ${res.status} ${res.statusText}${body ? `: ${excerpt(body)}` : ''}` +
        (res.status === 404 ? ' (is the table id and the catalogue right? --base-url)' : ''),
      { url, status: res.status },
    );
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!accept.includes(contentType))
    throw new ZichtError(
      'PARSE_ERROR',
      `GET ${readableUrl(url)}: expected ${accept.join(' or ')}, got '${contentType || 'no content type'}'` +
        (contentType.includes('html') ? ` — an error page? ${excerpt(body)}` : ''),
      { url, contentType },
    );
  return { url, contentType, body };
}

/**
 * GET a URL and return its whole body, retrying with exponential back-off on
 * 429 and 5xx (honouring `Retry-After`), network errors, timeouts and cut-off
 * bodies. A response of another content type (an HTML error page where JSON
 * was asked) or another 4xx is not retried. Every failure is a `ZichtError`
 * naming the URL.
 */
export async function httpGet(url: string, accept: readonly string[], opts: HttpOptions = {}): Promise<HttpResponse> {
  const retries = opts.retries ?? 4;
  const base = opts.baseDelayMs ?? 1000;
  const max = opts.maxDelayMs ?? 300_000;
  const sleep = opts.sleep ?? wait;
  for (let n = 0; ; n++) {
    try {
      return await attempt(url, accept, opts.timeoutMs ?? 60_000);
    } catch (e) {
      if (!(e instanceof Transient)) throw e;
      if (n >= retries)
        throw new ZichtError(
          'NOT_FOUND',
          `GET ${readableUrl(url)}: ${e.message}; gave up after ${n + 1} attempt${n ? 's' : ''} (--retries, --timeout)`,
          { url, attempts: n + 1 },
        );
      const delayMs = Math.min(max, e.delayMs ?? base * 2 ** n);
      opts.onRetry?.({ url, attempt: n + 1, reason: e.message, delayMs });
      await sleep(delayMs);
    }
  }
}

/** GET a URL expecting JSON and parse it; a body that is not complete JSON is retried, then a `PARSE_ERROR`. */
export async function httpGetJson(
  url: string,
  opts: HttpOptions = {},
  accept: readonly string[] = ['application/json'],
): Promise<{ json: unknown; body: string }> {
  const retries = opts.retries ?? 4;
  for (let n = 0; ; n++) {
    const { body } = await httpGet(url, accept, opts);
    try {
      return { json: JSON.parse(body), body };
    } catch (e) {
      if (n >= retries)
        throw new ZichtError(
          'PARSE_ERROR',
          `GET ${readableUrl(url)}: the body is not complete JSON (${(e as Error).message}) — truncated? ` +
            `(${n + 1} attempt${n ? 's' : ''})`,
          { url },
        );
      const delayMs = Math.min(opts.maxDelayMs ?? 300_000, (opts.baseDelayMs ?? 1000) * 2 ** n);
      opts.onRetry?.({ url, attempt: n + 1, reason: 'the body is not complete JSON', delayMs });
      await (opts.sleep ?? wait)(delayMs);
    }
  }
}
