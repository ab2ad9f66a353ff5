/**
 * Paper identifiers.
 *
 * A paper is known by one canonical string that is also its URL segment:
 *  - arXiv new style, without version: `2310.13724` (4 digits . 4 or 5 digits)
 *  - arXiv old style, without version: `hep-th/9901001`, `math.GT/0309136`
 *  - any other source: `source:id`, e.g. `openreview:rJ4km2R5t7`
 *
 * Inputs may carry an `arXiv:` prefix, an abs/pdf URL or a version suffix; the
 * version is returned separately.
 */
export interface PaperId {
  /** canonical id used as primary key and in URLs */
  readonly id: string;
  readonly source: string;
  /** arXiv version number when the input named one (`v2` -> 2) */
  readonly version: number | null;
}

const NEW_STYLE = /^(\d{4})\.(\d{4,5})(?:v([1-9]\d{0,3}))?$/;
const OLD_STYLE = /^([a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?)\/(\d{7})(?:v([1-9]\d{0,3}))?$/;
const OTHER_SOURCE = /^([a-z][a-z0-9-]{1,31}):([A-Za-z0-9][A-Za-z0-9._~\-\/]{0,199})$/;
const ARXIV_URL = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\/(.+?)(?:\.pdf)?\/?(?:[?#].*)?$/i;
/** Prefixes that are URL schemes or our own words, never paper sources. */
const NOT_SOURCES = new Set(['arxiv', 'http', 'https', 'ftp', 'file', 'mailto', 'data', 'javascript']);

export function parsePaperId(input: string): PaperId | null {
  let s = input.trim();
  const url = ARXIV_URL.exec(s);
  if (url) s = url[1]!;
  s = s.replace(/^arxiv:/i, '');

  const modern = NEW_STYLE.exec(s);
  if (modern) {
    const yymm = Number(modern[1]);
    const month = yymm % 100;
    if (month < 1 || month > 12) return null;
    // New-style ids began in April 2007 (0704.*) with four-digit sequence
    // numbers; five-digit ones replaced them in 2015 (1501.*).
    if (yymm < 704) return null;
    if ((modern[2]!.length === 5) !== (yymm >= 1501)) return null;
    return { id: `${modern[1]}.${modern[2]}`, source: 'arxiv', version: versionOf(modern[3]) };
  }
  const old = OLD_STYLE.exec(s);
  if (old) {
    const month = Number(old[2]!.slice(2, 4));
    if (month < 1 || month > 12) return null;
    return { id: `${old[1]}/${old[2]}`, source: 'arxiv', version: versionOf(old[3]) };
  }
  const other = OTHER_SOURCE.exec(s);
  if (other && !NOT_SOURCES.has(other[1]!) && !other[2]!.includes('..')) {
    return { id: `${other[1]}:${other[2]}`, source: other[1]!, version: null };
  }
  return null;
}

function versionOf(v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  return n >= 1 ? n : null;
}

export const isArxiv = (id: PaperId | { source: string }): boolean => id.source === 'arxiv';

export const arxivAbsUrl = (id: string): string => `https://arxiv.org/abs/${id}`;
export const arxivPdfUrl = (id: string): string => `https://arxiv.org/pdf/${id}`;

export const PAPER_ID_HELP =
  'an arXiv id such as 2310.13724 (optionally with a version, 2310.13724v2), an old-style id such as hep-th/9901001, or source:id such as openreview:rJ4km2R5t7';
