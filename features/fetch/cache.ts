import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ZichtError, hashValue, sha256, writeFileAtomic } from '../../core/index.ts';

const fileSchema = z.object({ name: z.string().min(1), sha256: z.string().length(64), bytes: z.number().int() });

const entrySchema = z.object({
  key: z.string().min(1),
  /** Table id (`85984NED`) or boundary layer (`wijkenbuurten-2024-buurten`). */
  table: z.string().min(1),
  /** The first data URL (further pages followed its `odata.nextLink`). */
  url: z.string().min(1),
  fetchedAt: z.string(),
  /** Data rows (or boundary features). */
  rows: z.number().int().nonnegative(),
  /** SHA-256 of the data file. */
  sha256: z.string().length(64),
  /** The data file (TypedDataSet.json, the GeoJSON) among `files`. */
  dataFile: z.string().min(1),
  files: z.array(fileSchema),
});

const manifestSchema = z.object({ version: z.literal(1), entries: z.array(entrySchema) });

/** One completed download as the manifest records it. */
export type CacheEntry = z.infer<typeof entrySchema>;

/** A file to keep in the cache. */
export interface CacheFile {
  readonly name: string;
  readonly text: string;
}

/**
 * A download cache: `$ZICHT_HOME/cache/<name>/<key>/` holds the files of one
 * request, and `manifest.json` lists the completed ones (URL, time, row count,
 * SHA-256 of every file). An entry is written only after its files were
 * parsed (and ingested): a download that failed anywhere leaves no entry, and
 * a repeated request is answered from the files without the network.
 */
export class FetchCache {
  readonly dir: string;

  constructor(home: string, name: string) {
    this.dir = join(home, 'cache', name);
  }

  /** A stable key for a request: its table and the hash of everything that shapes the answer. */
  static key(table: string, request: unknown): string {
    return `${table.replace(/[^A-Za-z0-9_-]/g, '_')}-${hashValue(request).slice(0, 16)}`;
  }

  get manifestPath(): string {
    return join(this.dir, 'manifest.json');
  }

  /** Directory of an entry's files. */
  pathOf(key: string, name = ''): string {
    return join(this.dir, key, name);
  }

  #read(): CacheEntry[] {
    if (!existsSync(this.manifestPath)) return [];
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.manifestPath, 'utf8'));
    } catch (e) {
      throw new ZichtError('CORRUPT_ARTIFACT', `${this.manifestPath}: not valid JSON (${(e as Error).message})`, {
        file: this.manifestPath,
      });
    }
    const r = manifestSchema.safeParse(json);
    if (!r.success)
      throw new ZichtError(
        'CORRUPT_ARTIFACT',
        `${this.manifestPath}: not a zicht cache manifest (${r.error.issues[0]!.path.join('.')}: ` +
          `${r.error.issues[0]!.message}); delete it to start the cache afresh`,
        { file: this.manifestPath },
      );
    return r.data.entries;
  }

  #write(entries: readonly CacheEntry[]): void {
    writeFileAtomic(this.manifestPath, `${JSON.stringify({ version: 1, entries }, null, 2)}\n`);
  }

  /** All entries. */
  entries(): CacheEntry[] {
    return this.#read();
  }

  /**
   * The entry for a key when every one of its files is present with the
   * recorded hash; otherwise null and the reason (missing, changed).
   */
  lookup(key: string): { entry: CacheEntry | null; problem: string | null } {
    const entry = this.#read().find((e) => e.key === key);
    if (!entry) return { entry: null, problem: null };
    for (const f of entry.files) {
      const p = this.pathOf(key, f.name);
      if (!existsSync(p)) return { entry: null, problem: `${p} is missing` };
      if (sha256(readFileSync(p)) !== f.sha256)
        return { entry: null, problem: `${p} has changed since it was fetched` };
    }
    return { entry, problem: null };
  }

  /** Write the files of a key (replacing an earlier set); no manifest entry yet. */
  stage(key: string, files: readonly CacheFile[]): CacheEntry['files'] {
    this.forget(key);
    mkdirSync(this.pathOf(key), { recursive: true });
    return files.map((f) => {
      writeFileAtomic(this.pathOf(key, f.name), f.text);
      return { name: f.name, sha256: sha256(f.text), bytes: Buffer.byteLength(f.text) };
    });
  }

  /** Record a completed download. */
  commit(entry: CacheEntry): void {
    this.#write([...this.#read().filter((e) => e.key !== entry.key), entry]);
  }

  /** Drop a key's entry and files (after a failed download, parse or ingest). */
  forget(key: string): void {
    const entries = this.#read();
    if (entries.some((e) => e.key === key)) this.#write(entries.filter((e) => e.key !== key));
    rmSync(this.pathOf(key), { recursive: true, force: true });
  }
}
