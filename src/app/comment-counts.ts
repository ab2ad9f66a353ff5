/**
 * Local comment counts for what the core hands out (listings, paper details,
 * search hits, profiles): `localComments` on ListedPaper / PaperDetail, shown
 * beside the imported count (domain/paper.ts shownCommentCount).
 *
 * The one query is `visibleCommentCounts` (store/comments-repo.ts), a grouped
 * count over the comments table for the papers of one page. A counter column
 * kept in the add/delete/hide transactions (paper_activity.local_comments)
 * can take its place here without touching any caller.
 */
import type { ListedPaper, PaperDetail } from '../domain/paper.ts';
import { visibleCommentCounts } from '../store/comments-repo.ts';
import type { Db } from '../store/db.ts';

export async function withLocalComments<T extends ListedPaper | PaperDetail>(db: Db, items: readonly T[]): Promise<T[]> {
  const counts = await visibleCommentCounts(
    db,
    items.map((i) => i.paper.id),
  );
  return items.map((i) => ({ ...i, localComments: counts.get(i.paper.id) ?? 0 }));
}

export async function detailsWithLocalComments(db: Db, details: ReadonlyMap<string, PaperDetail>): Promise<Map<string, PaperDetail>> {
  const counted = await withLocalComments(db, [...details.values()]);
  return new Map(counted.map((d) => [d.paper.id, d]));
}
