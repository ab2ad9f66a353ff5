/**
 * Writing what the arXiv parsers return: the paper (newer descriptions win),
 * the title and abstract of the version the entry describes, and the dates of
 * every version arXivRaw lists. One call writes a whole page in a few
 * statements (EntryWriter.writeBatch), with the outcomes of writing each
 * entry in turn.
 */
import type { Db } from '../../store/db.ts';
import type { PaperUpsert } from '../../store/papers-bulk-repo.ts';
import type { PaperVersion } from '../../store/paper-versions-repo.ts';
import type { EntryWriter } from '../entry-writer.ts';
import { toVersionRecord, type ArxivEntry } from '../parsed-entry.ts';

export async function writeArxivEntries(trx: Db, writer: EntryWriter, entries: readonly ArxivEntry[], now: string): Promise<void> {
  const papers: PaperUpsert[] = [];
  const versions: PaperVersion[] = [];
  for (const entry of entries) {
    const p = entry.paper;
    papers.push({ paper: p, observedAt: p.updatedAt ?? entry.submittedAt ?? p.publishedAt });
    for (const v of entry.versions) {
      versions.push({ paperId: p.id, version: v.version, title: null, abstract: null, submittedAt: v.date, size: v.size });
    }
    const current = toVersionRecord(entry);
    if (current) versions.push({ ...current, size: null });
  }
  await writer.writeBatch(trx, papers, versions, now);
}
