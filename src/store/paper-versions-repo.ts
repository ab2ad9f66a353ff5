/** The version history of arXiv papers: what each version was called and said. */
import type { UpsertOutcome } from './papers-repo.ts';
import type { Db } from './db.ts';
import type { PaperVersionsTable } from './schema.ts';

export interface PaperVersion {
  readonly paperId: string;
  readonly version: number;
  readonly title: string | null;
  readonly abstract: string | null;
  /** ISO instant the version was submitted */
  readonly submittedAt: string | null;
  readonly size: string | null;
}

/** Records a version; what one source leaves out never erases what another said. */
export async function upsertVersion(db: Db, v: PaperVersion): Promise<UpsertOutcome> {
  const existing = await db.selectFrom('paper_versions').selectAll().where('paper_id', '=', v.paperId).where('version', '=', v.version).executeTakeFirst();
  const { outcome, row } = planVersionUpsert(existing, v);
  if (outcome === 'added') await db.insertInto('paper_versions').values(row).execute();
  if (outcome === 'updated') {
    const { title, abstract, submitted_at, size } = row;
    await db.updateTable('paper_versions').set({ title, abstract, submitted_at, size }).where('paper_id', '=', v.paperId).where('version', '=', v.version).execute();
  }
  return outcome;
}

/**
 * The decision behind {@link upsertVersion}, without I/O: the outcome and the
 * row as it must be stored afterwards (the stored row itself when unchanged).
 */
export function planVersionUpsert(existing: PaperVersionsTable | undefined, v: PaperVersion): { outcome: UpsertOutcome; row: PaperVersionsTable } {
  if (!existing) {
    return { outcome: 'added', row: { paper_id: v.paperId, version: v.version, title: v.title, abstract: v.abstract, submitted_at: v.submittedAt, size: v.size } };
  }
  const merged = {
    paper_id: existing.paper_id,
    version: existing.version,
    title: v.title ?? existing.title,
    abstract: v.abstract ?? existing.abstract,
    submitted_at: v.submittedAt ?? existing.submitted_at,
    size: v.size ?? existing.size,
  };
  if (merged.title === existing.title && merged.abstract === existing.abstract && merged.submitted_at === existing.submitted_at && merged.size === existing.size) {
    return { outcome: 'unchanged', row: existing };
  }
  return { outcome: 'updated', row: merged };
}

export async function listVersions(db: Db, paperId: string): Promise<PaperVersion[]> {
  const rows = await db.selectFrom('paper_versions').selectAll().where('paper_id', '=', paperId).orderBy('version').execute();
  return rows.map((r) => ({ paperId: r.paper_id, version: r.version, title: r.title, abstract: r.abstract, submittedAt: r.submitted_at, size: r.size }));
}
