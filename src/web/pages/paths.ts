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

/** `/authors/Jane%20Doe`: an author's papers here (any spelling with the same name key finds them). */
export function authorPath(name: string): string {
  return `/authors/${encodeURIComponent(name.replace(/\s+/gu, ' ').trim())}`;
}

/** A name that can have an author page: not empty, and not `.` or `..`, which URLs resolve as path steps (even as `%2E%2E`). */
export function hasAuthorPath(name: string): boolean {
  const n = name.replace(/\s+/gu, ' ').trim();
  return n !== '' && n !== '.' && n !== '..';
}

/** `/collections/12-reading-group`: the id addresses it, the slug is for people. */
export function collectionPath(c: { id: number; slug: string }): string {
  return `/collections/${c.id}-${encodeURIComponent(c.slug)}`;
}

/** A person's page. */
export function profilePath(username: string): string {
  return `/u/${encodeURIComponent(username)}`;
}

/** The Atom feeds (routes/feed-routes.ts). */
export const LATEST_FEED_PATH = '/feeds/latest.atom';
export const TRENDING_FEED_PATH = '/feeds/trending.atom';

/** The feed of a search: its newest matching papers. */
export function searchFeedPath(q: string): string {
  return `/feeds/search.atom?q=${encodeURIComponent(q)}`;
}

/** The feed of an author's papers (a query parameter: names hold dots and slashes). */
export function authorFeedPath(name: string): string {
  return `/feeds/author.atom?name=${encodeURIComponent(name)}`;
}
