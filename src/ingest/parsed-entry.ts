/**
 * What the arXiv parsers (query API Atom, OAI-PMH, listing feeds) hand to the
 * harvesters.
 *
 * Glossary:
 * - an *entry* is one paper as one source response describes it: the paper
 *   record to upsert, the version it describes and, when the source knows it,
 *   the paper's whole version history;
 * - a *problem* is one entry the parser skipped (no id, no title, ...): the
 *   rest of the document is still returned. A document that is not XML, or is
 *   cut short, is not a problem but an error (MalformedXmlError, xml-document.ts).
 *
 * The parsers share two helpers beside this file: reading XML
 * (xml-document.ts) and turning arXiv's field text into a PaperRecord
 * (arxiv/clean-fields.ts). All of them are pure: strings in, values out, no I/O.
 */
import type { PaperRecord } from '../domain/paper.ts';

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

/** Runs `build` for one entry; a thrown reason becomes a ParseProblem. */
export function tryEntry<T>(where: string, problems: ParseProblem[], build: () => T): T | null {
  try {
    return build();
  } catch (err) {
    problems.push({ where, reason: err instanceof Error ? err.message : String(err) });
    return null;
  }
}
