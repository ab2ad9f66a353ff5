/** URLs of pages, in one place. */
import type { Period } from '../../domain/period.ts';

export function paperPath(id: string): string {
  // Old-style arXiv ids keep their slash (`/papers/hep-th/9901001`), as on arXiv.
  // `:` is legal in a path segment, so `/papers/openreview:XYZ` stays readable.
  return `/papers/${id.split('/').map((part) => encodeURIComponent(part).replace(/%3A/gi, ':')).join('/')}`;
}

export function periodPath(period: Period): string {
  const segment = period.kind === 'day' ? 'date' : period.kind;
  return `/papers/${segment}/${period.label}`;
}
