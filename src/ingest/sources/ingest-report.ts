/** What one ingest run did, for the summary line and for schedules' logs. */
import { emptyTally, type EntryWriter, type Tally } from '../entry-writer.ts';

export interface IngestReport {
  readonly source: string;
  readonly papers: Tally;
  readonly listings: Tally;
  readonly versions: Tally;
  /** records or pages that could not be used, with where and why */
  readonly failed: { where: string; reason: string }[];
  requests: number;
}

export function newReport(source: string, writer: EntryWriter): IngestReport {
  return { source, papers: writer.papers, listings: writer.listings, versions: writer.versions, failed: [], requests: 0 };
}

export function emptyReport(source: string): IngestReport {
  return { source, papers: emptyTally(), listings: emptyTally(), versions: emptyTally(), failed: [], requests: 0 };
}
