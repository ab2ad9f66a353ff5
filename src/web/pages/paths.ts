/** URLs of pages, in one place. */
import type { Period } from '../../domain/period.ts';

export function paperPath(id: string): string {
  // Old-style arXiv ids keep their slash (`/papers/hep-th/9901001`), as on arXiv.
  // `:` is legal in a path segment, so `/papers/openreview:XYZ` stays readable.
  return `/papers/${id.split('/').map((part) => encodeURIComponent(part).replace(/%3A/gi, ':')).join('/')}`;
}

/** A paper's thumbnail; with its hash (`?v=`), an address that may be cached for good. */
export function thumbnailPath(id: string, hash?: string): string {
  return `/thumbnails${paperPath(id).slice('/papers'.length)}${hash ? `?v=${hash}` : ''}`;
}

export function periodPath(period: Period): string {
  const segment = period.kind === 'day' ? 'date' : period.kind;
  return `/papers/${segment}/${period.label}`;
}
