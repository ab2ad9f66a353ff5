/** A paper's outside links as people edit them here, and the log of those edits (migration 0012). */
import type { LinkField, PaperLinks } from '../domain/link-edits.ts';
import type { Db } from './db.ts';
import { contentHash, paperToRow, rowToPaper } from './paper-rows.ts';

/** Accounts that submitted any listing of the paper. */
export async function submitterIdsOf(db: Db, paperId: string): Promise<number[]> {
  const rows = await db.selectFrom('daily_listings').select('submitted_by').distinct().where('paper_id', '=', paperId).where('submitted_by', 'is not', null).execute();
  return rows.map((r) => r.submitted_by!);
}

export interface LinkEditRow {
  readonly field: LinkField;
  readonly oldValue: string | null;
  readonly newValue: string | null;
  readonly at: string;
  /** null when the account was deleted */
  readonly username: string | null;
}

/** The most recent edits of a paper's links, newest first. */
export async function linkEditsOf(db: Db, paperId: string, limit: number): Promise<LinkEditRow[]> {
  const rows = await db
    .selectFrom('paper_link_edits as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.field', 'e.old_value', 'e.new_value', 'e.at', 'u.username'])
    .where('e.paper_id', '=', paperId)
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ field: r.field as LinkField, oldValue: r.old_value, newValue: r.new_value, at: r.at, username: r.username }));
}

/**
 * Sets the paper's links to `links` for the fields that differ, marks them as
 * edited here (imports then leave them alone) and logs each change. Returns the
 * fields that changed; none when the paper is not stored. Call it inside a
 * write transaction.
 */
export async function writeLinks(trx: Db, paperId: string, links: PaperLinks, userId: number, at: string): Promise<LinkField[]> {
  const row = await trx.selectFrom('papers').selectAll().where('id', '=', paperId).executeTakeFirst();
  if (!row) return [];
  const paper = rowToPaper(row);
  const changed: LinkField[] = [];
  if (paper.githubRepo !== links.githubRepo) changed.push('githubRepo');
  if (paper.projectPage !== links.projectPage) changed.push('projectPage');
  if (changed.length === 0) return [];
  const edited = {
    ...paper,
    githubRepo: links.githubRepo,
    // stars belong to the repository they were counted for
    githubStars: changed.includes('githubRepo') ? null : paper.githubStars,
    projectPage: links.projectPage,
  };
  const content = paperToRow(edited);
  await trx
    .updateTable('papers')
    .set({
      github_repo: content.github_repo,
      github_stars: content.github_stars,
      project_page: content.project_page,
      content_hash: contentHash(content),
      modified_at: at,
      ...(changed.includes('githubRepo') ? { github_repo_local: 1 } : {}),
      ...(changed.includes('projectPage') ? { project_page_local: 1 } : {}),
    })
    .where('id', '=', paperId)
    .execute();
  await trx
    .insertInto('paper_link_edits')
    .values(changed.map((field) => ({ paper_id: paperId, user_id: userId, field, old_value: paper[field], new_value: links[field], at })))
    .execute();
  return changed;
}
