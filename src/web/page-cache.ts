/**
 * Rendered responses, kept until the data changes. Every entry remembers the
 * store's data version it was rendered under; a request under a newer version
 * renders again. Bounded by bytes (PAPERBOY_PAGE_CACHE_MB; 0 = off): an entry
 * costs its body, its gzip copy once made, and ENTRY_OVERHEAD_BYTES plus its key
 * for the bookkeeping. Least recently used entries go first; an entry bigger than
 * the whole budget is served but not kept.
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
/** The entry object, its etag and version, the map slot: a rough but fixed price. */
export const ENTRY_OVERHEAD_BYTES = 256;

interface Slot {
  readonly entry: CachedResponse;
  bytes: number;
}

export class PageCache {
  /** in order of use, least recent first */
  private readonly slots = new Map<string, Slot>();
  private total = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string, version: number): CachedResponse | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    this.remove(key);
    if (slot.entry.version !== version) return undefined;
    this.slots.set(key, slot); // now the most recently used
    this.total += slot.bytes;
    return slot.entry;
  }

  put(key: string, version: number, status: number, contentType: string, text: string): CachedResponse {
    const body = new TextEncoder().encode(text); // its own memory, not a slice of a shared pool
    const etag = `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
    const entry: CachedResponse = { version, status, contentType, body, etag };
    this.remove(key);
    const bytes = body.byteLength + ENTRY_OVERHEAD_BYTES + 2 * key.length;
    if (bytes <= this.maxBytes) {
      this.slots.set(key, { entry, bytes });
      this.total += bytes;
      this.evict();
    }
    return entry;
  }

  /** The gzip copy of `entry` (null when too small to be worth it), counted against the budget while cached under `key`. */
  gzipped(key: string, entry: CachedResponse): Uint8Array | null {
    if (entry.body.byteLength < GZIP_MIN_BYTES) return null;
    if (entry.gzipped) return entry.gzipped;
    const gzip = gzipSync(entry.body, { level: 6 });
    const slot = this.slots.get(key);
    if (slot?.entry === entry) {
      entry.gzipped = gzip;
      slot.bytes += gzip.byteLength;
      this.total += gzip.byteLength;
      this.evict();
    }
    return gzip;
  }

  get size(): number {
    return this.slots.size;
  }

  /** bytes counted for the entries kept, never above maxBytes */
  get bytes(): number {
    return this.total;
  }

  private remove(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    this.slots.delete(key);
    this.total -= slot.bytes;
  }

  private evict(): void {
    for (const key of this.slots.keys()) {
      if (this.total <= this.maxBytes) return;
      this.remove(key);
    }
  }
}
