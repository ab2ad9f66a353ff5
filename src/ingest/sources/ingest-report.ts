/** What one ingest run did, for the summary line and for schedules' logs. */
import type { EntryWriter, Tally } from '../entry-writer.ts';

export interface IngestReport {
  readonly source: string;
  readonly papers: Tally;
  readonly listings: Tally;
  readonly versions: Tally;
  /** records or pages that could not be used, with where and why (one line per problem) */
  readonly failed: { where: string; reason: string }[];
  /** records used with something left out (a rejected link), with where and what */
  readonly warnings: { where: string; message: string }[];
  requests: number;
}

export function newReport(source: string, writer: EntryWriter): IngestReport {
  return { source, papers: writer.papers, listings: writer.listings, versions: writer.versions, failed: [], warnings: [], requests: 0 };
}
