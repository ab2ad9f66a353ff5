/** The version history of arXiv papers: what each version was called and said. */
import type { Db, UpsertOutcome } from './papers-repo.ts';

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
  const row = { paper_id: v.paperId, version: v.version, title: v.title, abstract: v.abstract, submitted_at: v.submittedAt, size: v.size };
  if (!existing) {
    await db.insertInto('paper_versions').values(row).execute();
    return 'added';
  }
  const merged = {
    title: v.title ?? existing.title,
    abstract: v.abstract ?? existing.abstract,
    submitted_at: v.submittedAt ?? existing.submitted_at,
    size: v.size ?? existing.size,
  };
  if (merged.title === existing.title && merged.abstract === existing.abstract && merged.submitted_at === existing.submitted_at && merged.size === existing.size) return 'unchanged';
  await db.updateTable('paper_versions').set(merged).where('paper_id', '=', v.paperId).where('version', '=', v.version).execute();
  return 'updated';
}

export async function listVersions(db: Db, paperId: string): Promise<PaperVersion[]> {
  const rows = await db.selectFrom('paper_versions').selectAll().where('paper_id', '=', paperId).orderBy('version').execute();
  return rows.map((r) => ({ paperId: r.paper_id, version: r.version, title: r.title, abstract: r.abstract, submittedAt: r.submitted_at, size: r.size }));
}
