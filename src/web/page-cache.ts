/**
 * Rendered responses, kept until the data changes. Every entry remembers the
 * store's data version it was rendered under; a request under a newer version
 * renders again. Bounded: the oldest entries go first.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface CachedResponse {
  readonly version: number;
  readonly status: number;
  readonly contentType: string;
  readonly body: Uint8Array;
  /** gzip of body, made once on first request that accepts it */
  gzipped?: Uint8Array;
  readonly etag: string;
}

/** Bodies smaller than this are not worth compressing. */
const GZIP_MIN_BYTES = 1024;

export function gzippedBody(entry: CachedResponse): Uint8Array | null {
  if (entry.body.byteLength < GZIP_MIN_BYTES) return null;
  entry.gzipped ??= gzipSync(entry.body, { level: 6 });
  return entry.gzipped;
}

export class PageCache {
  private readonly entries = new Map<string, CachedResponse>();
  constructor(private readonly maxEntries = 500) {}

  get(key: string, version: number): CachedResponse | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.version !== version) {
      this.entries.delete(key);
      return undefined;
    }
    return hit;
  }

  put(key: string, version: number, status: number, contentType: string, text: string): CachedResponse {
    const body = Buffer.from(text, 'utf8');
    const etag = `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
    const entry: CachedResponse = { version, status, contentType, body, etag };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }
}
