/**
 * arXiv's field text as its sources write it -> the values of a PaperRecord:
 * dates, version numbers, TeX accents in names, author lines, and the record
 * itself ({@link arxivPaper}).
 */
import { parsePaperId } from '../../domain/paper-id.ts';
import { NO_DAILY_PAPERS_FIELDS, normalizeAbstract, normalizeTitle, type Author, type PaperRecord } from '../../domain/paper.ts';

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
    ...NO_DAILY_PAPERS_FIELDS,
  };
}
