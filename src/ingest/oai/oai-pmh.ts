/**
 * OAI-PMH `ListRecords` pages from arXiv (export.arxiv.org/oai2) -> records.
 *
 * Three metadata formats:
 * - `oai_dc`: Dublin Core. Creators are `Last, First`; subjects are names
 *   (`Computer Science - Machine Learning`) mapped to category codes where
 *   known; `Comment: ...` descriptions are the comment; dates are v1 .. latest.
 * - `arXiv`: structured authors (keyname, forenames, suffix, affiliation),
 *   space-separated categories (primary first), created / updated dates.
 * - `arXivRaw`: the submitter and the full version history
 *   (`<version version="v2"><date>RFC 2822</date><size>..</size>`), authors
 *   as one line (`A, B and C`).
 *
 * OAI errors (`noRecordsMatch`, `badResumptionToken`, ...) are returned in
 * `error`, never thrown; `noRecordsMatch` simply means "nothing new".
 */
import { z } from 'zod';
import { parsePaperId } from '../../domain/paper-id.ts';
import { arxivCategoryForSubject } from './arxiv-subjects.ts';
import { arxivPaper, splitAuthorLine, texToUnicode, toInstant, versionNumber } from '../arxiv/clean-fields.ts';
import { tryEntry, type ArxivEntry, type ArxivVersion, type ParseProblem } from '../parsed-entry.ts';
import {
  attr,
  MalformedXmlError,
  child,
  children,
  parseXmlDocument,
  textAt,
  textOf,
  textsAt,
  type XmlNode,
} from '../xml-document.ts';

export type OaiMetadataPrefix = 'arXiv' | 'arXivRaw' | 'oai_dc';

export interface OaiHeader {
  /** `oai:arXiv.org:1303.2033` */
  readonly identifier: string;
  /** the paper id it names (`1303.2033`), null when it names none */
  readonly paperId: string | null;
  /** `YYYY-MM-DD`: when the record last changed (what `from=` selects on) */
  readonly datestamp: string;
  readonly setSpecs: readonly string[];
  readonly deleted: boolean;
}

/** A record: its header and, unless the record is deleted, the entry to upsert. */
export type OaiRecord =
  | { readonly header: OaiHeader & { readonly deleted: false }; readonly entry: ArxivEntry }
  | { readonly header: OaiHeader & { readonly deleted: true }; readonly entry: null };

export interface ResumptionToken {
  readonly token: string;
  readonly cursor?: number;
  readonly completeListSize?: number;
}

export const OAI_ERROR_CODES = [
  'badArgument', 'badResumptionToken', 'badVerb', 'cannotDisseminateFormat',
  'idDoesNotExist', 'noRecordsMatch', 'noMetadataFormats', 'noSetHierarchy',
] as const;

export interface OaiError {
  /** one of OAI_ERROR_CODES, or whatever code the repository sent */
  readonly code: string;
  readonly message: string;
}

export interface ListRecordsPage {
  readonly records: OaiRecord[];
  /** where to continue; null when this page is the last (an empty token) or there is none */
  readonly resumptionToken: ResumptionToken | null;
  /** ISO instant of the response (use it, not the local clock, for the next `from=`) */
  readonly responseDate: string | null;
  readonly error: OaiError | null;
  readonly problems: ParseProblem[];
}

const tokenAttrs = z.object({
  cursor: z.coerce.number().int().nonnegative().optional(),
  completeListSize: z.coerce.number().int().nonnegative().optional(),
});

const METADATA_ELEMENT: Record<OaiMetadataPrefix, string> = { oai_dc: 'dc', arXiv: 'arXiv', arXivRaw: 'arXivRaw' };
const OAI_PREFIX = /^oai:arXiv\.org:/i;

/** Throws MalformedXmlError when `xml` is not a complete OAI-PMH response. */
export function parseListRecords(xml: string, metadataPrefix: OaiMetadataPrefix): ListRecordsPage {
  const { node: root } = parseXmlDocument(xml, ['OAI-PMH'], 'OAI-PMH response');
  const responseDate = toInstant(textAt(root, 'responseDate'));
  const errorNode = child(root, 'error');
  if (errorNode) {
    return {
      records: [],
      resumptionToken: null,
      responseDate,
      error: { code: attr(errorNode, 'code') ?? 'unknown', message: textOf(errorNode)?.trim() ?? '' },
      problems: [],
    };
  }
  const list = child(root, 'ListRecords');
  if (!list) {
    throw new MalformedXmlError('OAI-PMH response: the XML document is malformed: it has neither <ListRecords> nor <error>');
  }

  const problems: ParseProblem[] = [];
  const records: OaiRecord[] = [];
  children(list, 'record').forEach((node, i) => {
    const headerNode = child(node, 'header');
    const identifier = textAt(headerNode, 'identifier') ?? '';
    const where = `record ${i + 1}${identifier ? ` (${identifier})` : ''}`;
    const record = tryEntry(where, problems, (): OaiRecord => {
      if (!headerNode || !identifier) throw new Error('the record has no <header><identifier>');
      const base = {
        identifier,
        paperId: null as string | null,
        datestamp: textAt(headerNode, 'datestamp') ?? '',
        setSpecs: textsAt(headerNode, 'setSpec'),
      };
      const idText = identifier.replace(OAI_PREFIX, '');
      if (attr(headerNode, 'status') === 'deleted') {
        return { header: { ...base, paperId: arxivIdOrNull(idText), deleted: true }, entry: null };
      }
      const metadata = child(child(node, 'metadata'), METADATA_ELEMENT[metadataPrefix]);
      if (!metadata) throw new Error(`the record has no ${metadataPrefix} metadata`);
      const entry =
        metadataPrefix === 'oai_dc' ? dcEntry(idText, metadata) : metadataPrefix === 'arXiv' ? arxivEntry(metadata) : arxivRawEntry(metadata);
      return { header: { ...base, paperId: entry.paper.id, deleted: false }, entry };
    });
    if (record) records.push(record);
  });

  return { records, resumptionToken: resumption(child(list, 'resumptionToken')), responseDate, error: null, problems };
}

function resumption(node: XmlNode | undefined): ResumptionToken | null {
  const token = textOf(node)?.trim();
  if (!node || !token) return null; // an empty token marks the last page
  const attrs = tokenAttrs.safeParse({ cursor: attr(node, 'cursor') ?? undefined, completeListSize: attr(node, 'completeListSize') ?? undefined });
  return { token, ...(attrs.success ? attrs.data : {}) };
}

function arxivIdOrNull(idText: string): string | null {
  const id = parsePaperId(idText);
  return id && id.source === 'arxiv' ? id.id : null;
}

/** `Liepins, Vilnis` -> `Vilnis Liepins`; `Smith, John, Jr` -> `John Smith Jr`; a name without a comma stays. */
export function dcCreatorName(creator: string): string {
  const parts = creator.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 2) return `${parts[1]} ${parts[0]}`;
  if (parts.length === 3) return `${parts[1]} ${parts[0]} ${parts[2]}`;
  return creator.trim();
}

function dcEntry(idText: string, dc: XmlNode): ArxivEntry {
  const descriptions = textsAt(dc, 'description');
  const comment = descriptions.find((d) => /^Comment:/i.test(d))?.replace(/^Comment:\s*/i, '') ?? null;
  const abstract = descriptions.find((d) => !/^Comment:/i.test(d)) ?? '';
  const categories = textsAt(dc, 'subject')
    .map(arxivCategoryForSubject)
    .filter((c): c is string => c !== null);
  const dates = textsAt(dc, 'date').map(toInstant).filter((d): d is string => d !== null);
  const identifiers = textsAt(dc, 'identifier');
  const doi = identifiers.find((x) => /^doi:/i.test(x))?.replace(/^doi:\s*/i, '') ?? null;
  // arXiv puts the journal reference among the identifiers, next to the abs URL and the doi
  const journalRef = identifiers.find((x) => !/^(?:https?:|doi:)/i.test(x)) ?? null;
  const paper = arxivPaper({
    idText,
    title: textAt(dc, 'title') ?? '',
    abstract,
    authors: textsAt(dc, 'creator').map((c) => ({ name: dcCreatorName(c) })),
    categories,
    publishedAt: dates[0] ?? null,
    updatedAt: dates[dates.length - 1] ?? null,
    comment,
    doi,
    journalRef,
  });
  return { paper, version: null, submittedAt: null, versions: [], pdfUrl: null };
}

function arxivEntry(m: XmlNode): ArxivEntry {
  const authorNodes = children(child(m, 'authors'), 'author');
  const authors = authorNodes.map((a) => ({
    name: texToUnicode([textAt(a, 'forenames'), textAt(a, 'keyname'), textAt(a, 'suffix')].filter(Boolean).join(' ')),
  }));
  const affiliations = authorNodes.map((a) => textsAt(a, 'affiliation'));
  const created = toInstant(textAt(m, 'created'));
  const license = textAt(m, 'license');
  const paper = arxivPaper({
    idText: textAt(m, 'id') ?? '',
    title: textAt(m, 'title') ?? '',
    abstract: textAt(m, 'abstract') ?? '',
    authors,
    categories: (textAt(m, 'categories') ?? '').split(/\s+/),
    publishedAt: created,
    updatedAt: toInstant(textAt(m, 'updated')) ?? created,
    comment: textAt(m, 'comments'),
    doi: textAt(m, 'doi'),
    journalRef: textAt(m, 'journal-ref'),
  });
  return {
    paper,
    version: null,
    submittedAt: null,
    versions: [],
    ...(affiliations.some((a) => a.length > 0) ? { affiliations } : {}),
    pdfUrl: null,
    ...(license ? { license } : {}),
  };
}

function arxivRawEntry(m: XmlNode): ArxivEntry {
  const versions: ArxivVersion[] = [];
  for (const v of children(m, 'version')) {
    const version = versionNumber(attr(v, 'version'));
    const date = toInstant(textAt(v, 'date'));
    if (version === null || date === null) {
      throw new Error(`unreadable <version version="${attr(v, 'version') ?? ''}"> (date ${JSON.stringify(textAt(v, 'date'))})`);
    }
    versions.push({ version, date, size: textAt(v, 'size') });
  }
  versions.sort((a, b) => a.version - b.version);
  const latest = versions[versions.length - 1];
  const split = splitAuthorLine(textAt(m, 'authors') ?? '');
  const submitter = textAt(m, 'submitter');
  const license = textAt(m, 'license');
  const paper = arxivPaper({
    idText: textAt(m, 'id') ?? '',
    version: latest?.version ?? null,
    title: textAt(m, 'title') ?? '',
    abstract: textAt(m, 'abstract') ?? '',
    authors: split.map((a) => ({ name: a.name })),
    categories: (textAt(m, 'categories') ?? '').split(/\s+/),
    publishedAt: versions[0]?.date ?? null,
    updatedAt: latest?.date ?? null,
    comment: textAt(m, 'comments'),
    doi: textAt(m, 'doi'),
    journalRef: textAt(m, 'journal-ref'),
  });
  return {
    paper,
    version: latest?.version ?? null,
    submittedAt: latest?.date ?? null,
    versions,
    ...(split.some((a) => a.affiliations.length > 0) ? { affiliations: split.map((a) => a.affiliations) } : {}),
    pdfUrl: null,
    ...(submitter ? { submitter: submitter.replace(/\s+/g, ' ') } : {}),
    ...(license ? { license } : {}),
  };
}
