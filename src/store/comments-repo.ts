/**
 * Comments on papers (migration 0011). Ownership and validation are the
 * core's (app/comments.ts); this module reads and writes rows.
 *
 * `visibleCommentCounts` is the one place local comment counts are computed
 * for listings and paper pages; a counter column kept in the same write as
 * add/delete/hide (paper_activity.local_comments) can replace it.
 */
import type { CommentRecord } from '../domain/comment.ts';
import type { Db } from './db.ts';

/** A comment with what the core needs to check who may change it. */
export interface CommentRow {
  readonly id: number;
  readonly paperId: string;
  readonly userId: number;
  readonly parentId: number | null;
  readonly deletedAt: string | null;
  readonly hiddenAt: string | null;
}

/** A comment listed outside its thread (profile, moderation): with its paper's title. */
export interface ListedComment {
  readonly comment: CommentRecord;
  readonly paperTitle: string;
}

export async function paperExists(db: Db, paperId: string): Promise<boolean> {
  return (await db.selectFrom('papers').select('id').where('id', '=', paperId).executeTakeFirst()) !== undefined;
}

export async function insertComment(db: Db, c: { paperId: string; userId: number; parentId: number | null; body: string; now: string }): Promise<number> {
  const r = await db
    .insertInto('comments')
    .values({ paper_id: c.paperId, user_id: c.userId, parent_id: c.parentId, body_markdown: c.body, created_at: c.now, edited_at: null, deleted_at: null, hidden_at: null, hidden_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function commentRow(db: Db, id: number): Promise<CommentRow | null> {
  const r = await db.selectFrom('comments').select(['id', 'paper_id', 'user_id', 'parent_id', 'deleted_at', 'hidden_at']).where('id', '=', id).executeTakeFirst();
  return r ? { id: r.id, paperId: r.paper_id, userId: r.user_id, parentId: r.parent_id, deletedAt: r.deleted_at, hiddenAt: r.hidden_at } : null;
}

export async function updateCommentBody(db: Db, id: number, body: string, now: string): Promise<void> {
  await db.updateTable('comments').set({ body_markdown: body, edited_at: now }).where('id', '=', id).where('deleted_at', 'is', null).execute();
}

/** Soft delete: the row stays (replies hang on it), the words go. True when it changed something (a counter may follow). */
export async function softDeleteComment(db: Db, id: number, now: string): Promise<boolean> {
  const r = await db.updateTable('comments').set({ body_markdown: '', deleted_at: now }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Hides (`by` an admin's id) or shows again (`by` null). True when it changed something: hiding a hidden comment does not. */
export async function setCommentHidden(db: Db, id: number, by: number | null, now: string): Promise<boolean> {
  const r =
    by === null
      ? await db.updateTable('comments').set({ hidden_at: null, hidden_by: null }).where('id', '=', id).where('hidden_at', 'is not', null).executeTakeFirst()
      : await db.updateTable('comments').set({ hidden_at: now, hidden_by: by }).where('id', '=', id).where('hidden_at', 'is', null).where('deleted_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

function selectComments(db: Db) {
  return db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .leftJoin('users as h', 'h.id', 'c.hidden_by')
    .select(['c.id', 'c.paper_id', 'c.parent_id', 'c.user_id', 'c.body_markdown', 'c.created_at', 'c.edited_at', 'c.deleted_at', 'c.hidden_at', 'u.username', 'u.fullname', 'h.username as hidden_by_name']);
}

type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectComments>['execute']>>[number];

function toRecord(r: SelectedRow): CommentRecord {
  return {
    id: r.id,
    paperId: r.paper_id,
    parentId: r.parent_id,
    author: { id: r.user_id, username: r.username, fullname: r.fullname },
    bodyMarkdown: r.body_markdown,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    deletedAt: r.deleted_at,
    hiddenAt: r.hidden_at,
    hiddenBy: r.hidden_by_name,
  };
}

/** Every comment on a paper, deleted and hidden ones included (the core decides what a viewer sees). */
export async function commentsOfPaper(db: Db, paperId: string): Promise<CommentRecord[]> {
  const rows = await selectComments(db).where('c.paper_id', '=', paperId).orderBy('c.created_at').orderBy('c.id').execute();
  return rows.map(toRecord);
}

export async function commentRecord(db: Db, id: number): Promise<CommentRecord | null> {
  const r = await selectComments(db).where('c.id', '=', id).executeTakeFirst();
  return r ? toRecord(r) : null;
}

/** Visible (neither deleted nor hidden) comments per paper; papers without any are absent. */
export async function visibleCommentCounts(db: Db, paperIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (paperIds.length === 0) return out;
  const rows = await db
    .selectFrom('comments')
    .select(['paper_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('paper_id', 'in', [...new Set(paperIds)])
    .where('deleted_at', 'is', null)
    .where('hidden_at', 'is', null)
    .groupBy('paper_id')
    .execute();
  for (const r of rows) out.set(r.paper_id, Number(r.n));
  return out;
}

/** A person's visible comments, newest first, with the papers' titles. */
export async function recentCommentsBy(db: Db, userId: number, limit: number): Promise<ListedComment[]> {
  const rows = await selectComments(db)
    .innerJoin('papers as p', 'p.id', 'c.paper_id')
    .select('p.title')
    .where('c.user_id', '=', userId)
    .where('c.deleted_at', 'is', null)
    .where('c.hidden_at', 'is', null)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ comment: toRecord(r), paperTitle: r.title }));
}

/** Hidden (and not deleted) comments, most recently hidden first: the moderation page's list. */
export async function hiddenComments(db: Db, limit: number): Promise<ListedComment[]> {
  const rows = await selectComments(db)
    .innerJoin('papers as p', 'p.id', 'c.paper_id')
    .select('p.title')
    .where('c.hidden_at', 'is not', null)
    .where('c.deleted_at', 'is', null)
    .orderBy('c.hidden_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ comment: toRecord(r), paperTitle: r.title }));
}

/** Which of `names` are users here (accounts or people named by imported listings). */
export async function existingUsernames(db: Db, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db.selectFrom('users').select('username').where('username', 'in', [...new Set(names)]).execute();
  return new Set(rows.map((r) => r.username));
}
