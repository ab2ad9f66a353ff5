/**
 * The arXiv query API's Atom feed (export.arxiv.org/api/query) -> entries.
 *
 * Reads both the current format (namespaces declared on <feed>, 2026) and the
 * 2016 one (namespaces declared on each element, links after the authors).
 * The API reports a bad query as a feed with one entry whose id is
 * `http(s)://arxiv.org/api/errors#...` and whose summary is the message (with
 * HTTP 400): that becomes `apiError`, never an entry.
 */
import { arxivPaper, toInstant } from './clean-fields.ts';
import { tryEntry, type ArxivEntry, type ParseProblem } from '../parsed-entry.ts';
import { attr, child, children, parseXmlDocument, textAt, textOf, type XmlNode } from '../xml-document.ts';

export interface ArxivAtomPage {
  /** opensearch:totalResults: matches of the whole query (not of this page) */
  readonly totalResults: number;
  /** opensearch:startIndex: 0-based offset of this page */
  readonly startIndex: number;
  readonly itemsPerPage: number;
  readonly entries: ArxivEntry[];
  readonly problems: ParseProblem[];
  /** the API's own error message (bad id, bad query), when the feed is an error report */
  readonly apiError: string | null;
}

const API_ERROR_ID = /^https?:\/\/(?:export\.)?arxiv\.org\/api\/errors/i;

/** Throws MalformedXmlError when `xml` is not a complete Atom feed. */
export function parseArxivAtom(xml: string): ArxivAtomPage {
  const { node: feed } = parseXmlDocument(xml, ['feed'], 'arXiv API response');
  const count = (key: string): number => {
    const n = Number(textAt(feed, key) ?? '0');
    return Number.isFinite(n) && n >= 0 ? n : 0;
  };
  const entryNodes = children(feed, 'entry');
  const problems: ParseProblem[] = [];
  const entries: ArxivEntry[] = [];
  const errors: string[] = [];

  entryNodes.forEach((node, i) => {
    const id = textAt(node, 'id') ?? '';
    if (API_ERROR_ID.test(id)) {
      errors.push(textAt(node, 'summary') ?? (id.split('#')[1] ?? id).replace(/_/g, ' '));
      return;
    }
    const entry = tryEntry(`entry ${i + 1}${id ? ` (${id})` : ''}`, problems, () => atomEntry(node));
    if (entry) entries.push(entry);
  });

  return {
    totalResults: count('totalResults'),
    startIndex: count('startIndex'),
    itemsPerPage: count('itemsPerPage'),
    entries,
    problems,
    apiError: errors.length > 0 ? errors.join('; ') : null,
  };
}

/** One Atom `<entry>` of the query API (also used by the listing feeds' Atom variant for authors). */
function atomEntry(node: XmlNode): ArxivEntry {
  const idText = textAt(node, 'id');
  if (!idText) throw new Error('the entry has no <id>');
  const authorNodes = children(node, 'author');
  const authors = authorNodes.map((a) => ({ name: (textAt(a, 'name') ?? '').replace(/\s+/g, ' ').trim() }));
  const affiliations = authorNodes.map((a) => children(a, 'affiliation').map((x) => textOf(x)?.trim() ?? '').filter(Boolean));
  const categories = children(node, 'category')
    .map((c) => attr(c, 'term'))
    .filter((t): t is string => t !== null);
  const published = toInstant(textAt(node, 'published'));
  const updated = toInstant(textAt(node, 'updated'));
  const paper = arxivPaper({
    idText,
    title: textAt(node, 'title') ?? '',
    abstract: textAt(node, 'summary') ?? '',
    authors,
    categories,
    primaryCategory: attr(child(node, 'primary_category'), 'term'),
    publishedAt: published,
    updatedAt: updated ?? published,
    comment: textAt(node, 'comment'),
    doi: textAt(node, 'doi'),
    journalRef: textAt(node, 'journal_ref'),
  });
  const pdf = children(node, 'link').find((l) => attr(l, 'title') === 'pdf' || attr(l, 'type') === 'application/pdf');
  return {
    paper,
    version: paper.version,
    // Atom's <updated> is when the version named in <id> was submitted (<published> for v1)
    submittedAt: paper.version === 1 ? (published ?? updated) : (updated ?? null),
    versions: [],
    ...(affiliations.some((a) => a.length > 0) ? { affiliations } : {}),
    pdfUrl: attr(pdf, 'href'),
  };
}
