/**
 * The stylesheets under fingerprinted URLs (`/static/zicht.3fa2b1c9d0.css`): a new version of a
 * file gets a new URL, so every URL can be cached for a year. Each file is compressed once at
 * start-up (gzip, and brotli at a quick setting) and sent in the best encoding the browser
 * accepts; brotli's smallest form (quality 11, ~0.7 s for these files) is made off the main
 * thread after start-up and replaces the quick one when ready — the same bytes once decoded.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompress, brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { repoRoot } from '../../core/index.ts';
import { zichtCss } from './styles.ts';

interface Asset {
  readonly type: string;
  readonly identity: Buffer;
  readonly gzip: Buffer;
  br: Buffer;
  readonly etag: string;
}

/** The URLs of the stylesheets, for the page head. */
export interface AssetUrls {
  readonly tokens: string;
  readonly components: string;
  readonly zicht: string;
}

export interface StaticAssets {
  readonly urls: AssetUrls;
  /** The response for a static path, or null when there is no such file. */
  respond(path: string, acceptEncoding: string | undefined): Response | null;
}

const YEAR = 365 * 86400;

function fromModules(rel: string): string {
  return readFileSync(join(repoRoot, 'node_modules', rel), 'utf8');
}

function asset(text: string, type: string): Asset {
  const identity = Buffer.from(text, 'utf8');
  const a: Asset = {
    type,
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
    etag: `"${createHash('sha256').update(identity).digest('hex').slice(0, 20)}"`,
  };
  // in the thread pool: the event loop keeps answering meanwhile; on failure the quick form stays
  brotliCompress(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }, (err, best) => {
    if (!err) a.br = best;
  });
  return a;
}

/** Which encoding to send: brotli, then gzip, else none (q=0 refuses one). */
export function pickEncoding(header: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^q=([0-9.]+)$/.exec(p.trim())).find((m) => m !== null);
    if (name) accepted.set(name, q ? Number(q[1]) : 1);
  }
  const ok = (e: string) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

/** Build the assets once (at start-up). */
export function staticAssets(): StaticAssets {
  const files: Record<keyof AssetUrls, [string, string]> = {
    tokens: ['utrecht-tokens', fromModules('@utrecht/design-tokens/dist/index.css')],
    components: ['utrecht-components', fromModules('@utrecht/component-library-css/dist/index.css')],
    zicht: ['zicht', zichtCss()],
  };
  const byPath = new Map<string, Asset>();
  const urls = {} as Record<keyof AssetUrls, string>;
  for (const [key, [name, text]] of Object.entries(files) as [keyof AssetUrls, [string, string]][]) {
    const a = asset(text, 'text/css; charset=utf-8');
    const url = `/static/${name}.${a.etag.slice(1, 11)}.css`;
    byPath.set(url, a);
    urls[key] = url;
  }
  return {
    urls,
    respond(path, acceptEncoding) {
      const a = byPath.get(path);
      if (!a) return null;
      const encoding = pickEncoding(acceptEncoding);
      const body = encoding === 'br' ? a.br : encoding === 'gzip' ? a.gzip : a.identity;
      return new Response(new Uint8Array(body), {
        headers: {
          'Content-Type': a.type,
          'Cache-Control': `public, max-age=${YEAR}, immutable`,
          Vary: 'Accept-Encoding',
          ETag: a.etag,
          'X-Content-Type-Options': 'nosniff',
          ...(encoding ? { 'Content-Encoding': encoding } : {}),
        },
      });
    },
  };
}
