/**
 * Atom 1.0 (RFC 4287) documents. Every text goes through `xmlText`: escaped,
 * and stripped of the characters XML 1.0 cannot carry at all (control
 * characters, lone surrogates), which an imported title may hold and which
 * would make a reader refuse the whole feed. Paper texts are plain text
 * (`type="text"`), TeX made readable as in digests: readers run no KaTeX.
 */
import type { Feed } from '../../domain/feed.ts';
import { arxivAbsUrl, isArxiv } from '../../domain/paper-id.ts';
import { oneLineSummary, plainText } from '../../domain/plain-summary.ts';
import { safeHref } from '../pages/format.ts';
import { paperPath } from '../pages/paths.ts';

export const ATOM = 'application/atom+xml; charset=utf-8';
/** authors named per entry; the rest are "et al." */
const MAX_AUTHORS = 20;

const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface AtomFeedMeta {
  readonly title: string;
  readonly subtitle: string;
  /** absolute URL of the feed itself */
  readonly selfUrl: string;
  /** absolute URL of the page it follows */
  readonly pageUrl: string;
  /** the instance's absolute base URL (no trailing slash: config.ts), for entry links */
  readonly baseUrl: string;
}

export function atomFeed(meta: AtomFeedMeta, feed: Feed): string {
  const entries = feed.entries.map(({ paper, at, upvotes }) => {
    const url = `${meta.baseUrl}${paperPath(paper.id)}`;
    const authors = paper.authors.slice(0, MAX_AUTHORS).map((a) => `<author><name>${xmlText(a.name)}</name></author>`);
    if (paper.authors.length > MAX_AUTHORS) authors.push(`<author><name>${paper.authors.length - MAX_AUTHORS} more authors</name></author>`);
    const links = [`<link rel="alternate" type="text/html" href="${xmlText(url)}"/>`];
    if (isArxiv(paper)) links.push(`<link rel="related" type="text/html" title="arXiv" href="${xmlText(arxivAbsUrl(paper.id))}"/>`);
    const code = safeHref(paper.githubRepo);
    if (code) links.push(`<link rel="related" type="text/html" title="Code" href="${xmlText(code)}"/>`);
    const votes = upvotes === null ? '' : ` (${upvotes} upvote${upvotes === 1 ? '' : 's'})`;
    return [
      '<entry>',
      `<id>${xmlText(url)}</id>`,
      `<title type="text">${xmlText(plainText(paper.title))}</title>`,
      ...links,
      `<updated>${xmlText(at)}</updated>`,
      paper.publishedAt ? `<published>${xmlText(paper.publishedAt)}</published>` : '',
      ...authors,
      ...paper.categories.map((c) => `<category term="${xmlText(c)}"/>`),
      `<summary type="text">${xmlText(oneLineSummary(paper) + votes)}</summary>`,
      `<content type="text">${xmlText(plainText(paper.abstract))}</content>`,
      '</entry>',
    ].filter((line) => line !== '').join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${xmlText(meta.selfUrl)}</id>`,
    `<title type="text">${xmlText(meta.title)}</title>`,
    `<subtitle type="text">${xmlText(meta.subtitle)}</subtitle>`,
    `<link rel="self" type="application/atom+xml" href="${xmlText(meta.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(meta.pageUrl)}"/>`,
    `<updated>${xmlText(feed.updated)}</updated>`,
    '<author><name>Paperboy</name></author>',
    '<generator>Paperboy</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
