/**
 * What the arXiv parsers (query API Atom, OAI-PMH, listing feeds) hand to the
 * harvesters, and the few helpers they share.
 *
 * Glossary:
 * - an *entry* is one paper as one source response describes it: the paper
 *   record to upsert, the version it describes and, when the source knows it,
 *   the paper's whole version history;
 * - a *problem* is one entry the parser skipped (no id, no title, ...): the
 *   rest of the document is still returned. A document that is not XML, or is
 *   cut short, is not a problem but an error ({@link MalformedXmlError}).
 *
 * These modules are pure: strings in, values out, no I/O.
 */
import { XMLParser } from 'fast-xml-parser';
import { parsePaperId } from '../domain/paper-id.ts';
import { normalizeAbstract, normalizeTitle, type Author, type PaperRecord } from '../domain/paper.ts';

/** One version of an arXiv paper, as arXivRaw's `<version version="v2">` lists it. */
export interface ArxivVersion {
  readonly version: number;
  /** ISO-8601 instant the version was submitted */
  readonly date: string;
  /** size as arXiv writes it (`37kb`), when given */
  readonly size: string | null;
}

export interface ArxivEntry {
  /** ready to upsert (mergePaper): id without version, source `arxiv` */
  readonly paper: PaperRecord;
  /** the version this entry's title and abstract belong to; null when the source does not say */
  readonly version: number | null;
  /** ISO instant that version was submitted, when the source says */
  readonly submittedAt: string | null;
  /** the whole version history, oldest first; only arXivRaw gives it, otherwise [] */
  readonly versions: readonly ArxivVersion[];
  /** affiliations per author, index-aligned with `paper.authors`; absent when no author has one */
  readonly affiliations?: readonly (readonly string[])[];
  /** link to the PDF, when the source gives one */
  readonly pdfUrl: string | null;
  /** arXivRaw's `<submitter>` */
  readonly submitter?: string;
  /** licence URL, when the source gives one */
  readonly license?: string;
}

/** A version history row the caller can store ("what changed in v2"). */
export interface VersionRecord {
  readonly paperId: string;
  readonly version: number;
  readonly title: string;
  readonly abstract: string;
  readonly submittedAt: string | null;
}

/** One entry the parser could not use, and why. */
export interface ParseProblem {
  /** which entry: its position and, when readable, its id */
  readonly where: string;
  readonly reason: string;
}

/** The document is not well-formed XML of the expected kind, or it was cut short. */
export class MalformedXmlError extends Error {
  override readonly name = 'MalformedXmlError';
}

/**
 * The version history row of an entry: the title and abstract it carries
 * belong to `entry.version`. Null when the source does not say which version.
 */
export function toVersionRecord(entry: ArxivEntry): VersionRecord | null {
  if (entry.version === null) return null;
  const listed = entry.versions.find((v) => v.version === entry.version);
  return {
    paperId: entry.paper.id,
    version: entry.version,
    title: entry.paper.title,
    abstract: entry.paper.abstract,
    submittedAt: entry.submittedAt ?? listed?.date ?? null,
  };
}

// ---------------------------------------------------------------------------
// XML

/** Elements that may repeat anywhere in the documents we read: always arrays. */
const REPEATED = new Set([
  'entry', 'author', 'link', 'category', 'affiliation', // Atom, arXiv
  'record', 'setSpec', 'version', 'error', // OAI-PMH, arXivRaw
  'creator', 'subject', 'description', 'date', 'identifier', // Dublin Core
  'item', // RSS
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // arXiv's namespace prefixes are fixed in practice, but the 2016 Atom format
  // declares them per element; dropping them keeps one code path for both.
  removeNSPrefix: true,
  // `<title>0</title>` is a real arXiv title (2104.12255): keep every value a string.
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => REPEATED.has(name),
  // callbacks get the element name only: no path string built for every value
  jPath: false,
});

export type XmlNode = Record<string, unknown>;

/**
 * Parses `xml`, whose root element must be one of `roots`; returns the root's
 * name and node. fast-xml-parser is lenient with unclosed elements, so a
 * document cut mid-way is caught by its missing closing root tag.
 */
export function parseXmlDocument(xml: string, roots: readonly string[], what: string): { root: string; node: XmlNode } {
  const body = (xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml).trimEnd();
  const rootName = rootElementName(body);
  if (rootName === undefined || !roots.includes(rootName)) {
    const found = rootName ? `<${rootName}>` : 'no XML element';
    throw new MalformedXmlError(`${what}: malformed document: expected a <${roots.join('> or <')}> document, found ${found}`);
  }
  // only the end of the document can hold the closing root tag: test that, not megabytes
  const tail = body.length > 1024 ? body.slice(-1024) : body;
  const closing = new RegExp(`</(?:[\\w.-]+:)?${rootName.replace(/[.-]/g, '\\$&')}\\s*>$`);
  if (!closing.test(tail) && !new RegExp(`<(?:[\\w.-]+:)?${rootName}\\b[^>]*/>$`).test(body)) {
    throw new MalformedXmlError(`${what}: the XML document is incomplete or malformed: it does not end with </${rootName}> (truncated response?)`);
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(body);
  } catch (err) {
    throw new MalformedXmlError(`${what}: the XML document is malformed: ${(err as Error).message}`);
  }
  const node = (parsed as XmlNode)[rootName];
  return { root: rootName, node: isNode(node) ? node : {} };
}

const ELEMENT_START = /<(?:[\w.-]+:)?([\w.-]+)[\s/>]/y;

/** Name of the first element, past the XML declaration, processing instructions, comments and DOCTYPE. */
function rootElementName(body: string): string | undefined {
  let i = 0;
  for (;;) {
    const lt = body.indexOf('<', i);
    if (lt < 0) return undefined;
    const close = body.startsWith('<?', lt) ? '?>' : body.startsWith('<!--', lt) ? '-->' : body.startsWith('<!DOCTYPE', lt) ? '>' : null;
    if (close !== null) {
      const end = body.indexOf(close, lt + (close === '-->' ? 4 : 2));
      // an unterminated one is skipped like any other stray '<'
      i = end < 0 ? lt + 1 : end + close.length;
      continue;
    }
    ELEMENT_START.lastIndex = lt;
    const m = ELEMENT_START.exec(body);
    if (m) return m[1];
    i = lt + 1;
  }
}

export const isNode = (v: unknown): v is XmlNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The child elements named `key` (always an array; [] when absent). */
export function children(node: XmlNode | undefined, key: string): XmlNode[] {
  const v = node?.[key];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((x) => (isNode(x) ? x : { '#text': x }));
}

/** The child element `key` as a node (the first one if repeated). */
export function child(node: XmlNode | undefined, key: string): XmlNode | undefined {
  return children(node, key)[0];
}

/** Text content of an element value (string, or node with `#text`); null when empty. */
export function textOf(v: unknown): string | null {
  if (Array.isArray(v)) return textOf(v[0]);
  if (typeof v === 'string') return v.trim() === '' ? null : repairMojibake(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isNode(v)) return textOf(v['#text']);
  return null;
}

/** Text of the child element `key`, trimmed; null when absent or empty. */
export function textAt(node: XmlNode | undefined, key: string): string | null {
  const t = textOf(node?.[key]);
  return t === null ? null : t.trim();
}

/** Texts of every child element `key`, trimmed, empties dropped. */
export function textsAt(node: XmlNode | undefined, key: string): string[] {
  const v = node?.[key];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((x) => textOf(x)?.trim() ?? '').filter((s) => s !== '');
}

export const attr = (node: XmlNode | undefined, name: string): string | null => {
  const v = node?.[`@_${name}`];
  return typeof v === 'string' ? v : null;
};

// ---------------------------------------------------------------------------
// Values

/**
 * Text that was UTF-8, decoded as Latin-1 and re-encoded ("WÃ¼bben" for
 * "Wübben"): some recorded arXiv API responses carry it. Repaired only when
 * every character fits in Latin-1, the telltale pairs are present and the
 * bytes decode as valid UTF-8, so genuine text is left alone.
 */
export function repairMojibake(s: string): string {
  if (!/[\u00C2-\u00F4][\u0080-\u00BF]/.test(s) || /[^\u0000-\u00FF]/.test(s)) return s;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(s, 'latin1'));
  } catch {
    return s;
  }
}

/** An ISO-8601 instant for a date string (`2007-04-02`, RFC 2822, ISO); null when unreadable. */
export function toInstant(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s.trim()) ? `${s.trim()}T00:00:00Z` : s.trim());
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** `v2` -> 2 */
export function versionNumber(s: string | null | undefined): number | null {
  const m = /^v?([1-9]\d{0,3})$/.exec((s ?? '').trim());
  return m ? Number(m[1]) : null;
}

const TEX_ACCENTS: Record<string, string> = {
  "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030C', H: '\u030B', c: '\u0327', k: '\u0328', r: '\u030A',
};
const TEX_LETTERS: Record<string, string> = { aa: 'å', AA: 'Å', o: 'ø', O: 'Ø', ss: 'ß', l: 'ł', L: 'Ł', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', i: 'ı' };

/**
 * TeX accents in names as arXiv's own metadata writes them (`Bal\'azs`,
 * `W{\"u}bben`, `\v{S}koda`) become Unicode. Anything else is left as is.
 */
export function texToUnicode(s: string): string {
  if (!s.includes('\\')) return s;
  let out = s
    .replace(/\\(['`^"~=.]|[uvHckr](?=[{\s]))\s*(?:\{\\?([a-zA-Z])\}|\\?([a-zA-Z]))/g, (m, acc: string, a, b) => {
      const mark = TEX_ACCENTS[acc];
      return mark ? `${a ?? b}${mark}` : m;
    })
    .replace(/\\([a-zA-Z]{1,2})\{\}|\{\\([a-zA-Z]{1,2})\}|\\([a-zA-Z]{1,2})(?![a-zA-Z])\s?/g, (m, a, b, c) => TEX_LETTERS[a ?? b ?? c] ?? m);
  out = out.replace(/\{([^{}\\]*)\}/g, '$1');
  return out.normalize('NFC');
}

/** what `/\s+/g` matches, less single spaces (replacing those by a space changes nothing): the same result, faster */
const WHITESPACE_RUN = /\s\s+|[^\S ]/g;

/**
 * Splits an author line: `A, B and C`, `A, B, and C`, keeping parenthesised
 * affiliations (`A (MIT), B`) with their author.
 */
export function splitAuthorLine(line: string): { name: string; affiliations: string[] }[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const flat = line.replace(WHITESPACE_RUN, ' ');
  for (let i = 0; i < flat.length; i++) {
    const ch = flat.charCodeAt(i);
    if (ch === 0x28 /* ( */) depth++;
    else if (ch === 0x29 /* ) */) depth = Math.max(0, depth - 1);
    else if (depth === 0 && ch === 0x2c /* , */) {
      parts.push(flat.slice(start, i));
      start = i + 1;
    } else if (depth === 0 && ch === 0x20 && flat.startsWith(' and ', i)) {
      parts.push(flat.slice(start, i));
      start = i + 5;
      i += 4;
    }
  }
  parts.push(flat.slice(start));
  return parts
    .map((p) => p.trim().replace(/^and\s+/, ''))
    .filter((p) => p !== '')
    .map((p) => {
      const affiliations: string[] = [];
      const name = p.replace(/\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g, (_m, aff: string) => {
        affiliations.push(...aff.split(/\s*;\s*|\s*,\s*(?=\S)/).filter(Boolean));
        return '';
      });
      return { name: texToUnicode(name.trim()), affiliations };
    })
    .filter((a) => a.name !== '');
}

/** Fields a source knows about an arXiv paper; the rest of PaperRecord is filled in. */
export interface ArxivPaperFields {
  readonly idText: string;
  /** the version the entry describes, when the id text does not carry it */
  readonly version?: number | null;
  readonly title: string;
  readonly abstract: string;
  readonly authors: readonly Author[];
  readonly categories: readonly string[];
  readonly primaryCategory?: string | null;
  readonly publishedAt: string | null;
  readonly updatedAt: string | null;
  readonly comment?: string | null;
  readonly doi?: string | null;
  readonly journalRef?: string | null;
}

/**
 * A PaperRecord for an arXiv paper. Throws a short reason (for a ParseProblem)
 * when the id is not an arXiv id or the title is empty.
 */
export function arxivPaper(f: ArxivPaperFields): PaperRecord {
  const id = parsePaperId(f.idText);
  if (!id || id.source !== 'arxiv') throw new Error(`not an arXiv id: ${JSON.stringify(f.idText)}`);
  const title = normalizeTitle(f.title);
  if (title === '') throw new Error('the entry has no title');
  const clean = (s: string | null | undefined): string | null => {
    const t = s ? s.replace(/\s+/g, ' ').trim() : '';
    return t === '' ? null : t;
  };
  const categories = [...new Set(f.categories.map((c) => c.trim()).filter(Boolean))];
  return {
    id: id.id,
    source: 'arxiv',
    version: f.version !== undefined && f.version !== null ? f.version : id.version,
    title,
    abstract: normalizeAbstract(f.abstract),
    authors: f.authors.filter((a) => a.name.trim() !== ''),
    categories,
    primaryCategory: f.primaryCategory ?? categories[0] ?? null,
    publishedAt: f.publishedAt,
    updatedAt: f.updatedAt,
    comment: clean(f.comment),
    doi: clean(f.doi),
    journalRef: clean(f.journalRef),
    githubRepo: null,
    githubStars: null,
    projectPage: null,
    aiSummary: null,
    aiKeywords: [],
    organization: null,
  };
}

/** Runs `build` for one entry; a thrown reason becomes a ParseProblem. */
export function tryEntry<T>(where: string, problems: ParseProblem[], build: () => T): T | null {
  try {
    return build();
  } catch (err) {
    problems.push({ where, reason: err instanceof Error ? err.message : String(err) });
    return null;
  }
}
