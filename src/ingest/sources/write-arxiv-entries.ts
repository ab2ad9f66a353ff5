/**
 * Writing what the arXiv parsers return: the paper (newer descriptions win),
 * the title and abstract of the version the entry describes, and the dates of
 * every version arXivRaw lists.
 */
import type { Db } from '../../store/papers-repo.ts';
import type { EntryWriter } from '../entry-writer.ts';
import { toVersionRecord, type ArxivEntry } from '../parsed-entry.ts';

export async function writeArxivEntries(trx: Db, writer: EntryWriter, entries: readonly ArxivEntry[], now: string): Promise<void> {
  for (const entry of entries) {
    const p = entry.paper;
    await writer.writePaper(trx, p, p.updatedAt ?? entry.submittedAt ?? p.publishedAt, now);
    for (const v of entry.versions) {
      await writer.writeVersion(trx, { paperId: p.id, version: v.version, title: null, abstract: null, submittedAt: v.date, size: v.size });
    }
    const current = toVersionRecord(entry);
    if (current) await writer.writeVersion(trx, { ...current, size: null });
  }
}
