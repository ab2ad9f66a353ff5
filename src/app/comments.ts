/**
 * Discussion (`core.comments`): comments on papers and replies, edited and
 * deleted by their authors, hidden by admins. Every mutation takes the
 * `Viewer` and checks here who may do it; the adapters only render.
 *
 * Rendering the markdown is the web's business (web/render/comment-markdown.ts);
 * the core gives it the one thing it cannot know: which `@names` are people
 * here (`Thread.mentionable`), so an unknown @name stays text.
 */
import type { Viewer } from '../domain/account.ts';
import { buildThread, checkCommentBody, commentState, mentionedNames, type CommentRecord, type CommentState, type ThreadEntry } from '../domain/comment.ts';
import { forbidden, invalidInput, notFound } from '../domain/errors.ts';
import {
  commentRecord,
  commentRow,
  commentsOfPaper,
  existingUsernames,
  hiddenComments,
  insertComment,
  paperExists,
  recentCommentsBy,
  setCommentHidden,
  softDeleteComment,
  updateCommentBody,
  type CommentRow,
  type ListedComment,
} from '../store/comments-repo.ts';
import { writeTransaction } from '../store/db.ts';
import { moveLocalComments } from '../store/votes-repo.ts';
import { profileByUsername } from '../store/profiles-repo.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import type { RateLimits } from './rate-limits.ts';

/** A comment as one viewer may see it: a hidden one's words only reach admins. */
export interface ShownComment extends CommentRecord {
  readonly state: CommentState;
}

export interface Thread {
  readonly paperId: string;
  /** reading order, with depth (domain/comment.ts buildThread) */
  readonly entries: readonly ThreadEntry<ShownComment>[];
  /** visible comments (neither deleted nor hidden): what the count says */
  readonly visibleCount: number;
  /** the `@names` in the shown bodies that belong to someone here */
  readonly mentionable: ReadonlySet<string>;
}

export const PROFILE_COMMENTS_LIMIT = 20;
export const MODERATION_LIST_LIMIT = 200;

export class Comments {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly limits: RateLimits,
  ) {}

  /** Adds a comment (or a reply to `parentId`, a comment on the same paper); returns its id. */
  async add(viewer: Viewer, paperId: string, body: string, parentId: number | null = null): Promise<number> {
    const text = checkCommentBody(body);
    await this.limits.take('comments', `user:${viewer.id}`);
    const now = this.clock().toISOString();
    return writeTransaction(this.store.db, async (trx) => {
      if (!(await paperExists(trx, paperId))) throw notFound(`No paper ${paperId} here to comment on.`);
      if (parentId !== null) {
        const parent = await commentRow(trx, parentId);
        if (!parent || parent.paperId !== paperId) throw invalidInput(`Comment ${parentId} is not a comment on this paper, so you cannot reply to it here.`);
        if (parent.deletedAt) throw invalidInput('That comment was deleted; reply to the paper or to another comment.');
        if (parent.hiddenAt) throw invalidInput('That comment was hidden by a moderator; it takes no replies.');
      }
      const id = await insertComment(trx, { paperId, userId: viewer.id, parentId, body: text, now });
      // the paper's counter of visible comments (trending, cards) moves in the same transaction
      await moveLocalComments(trx, paperId, +1, now);
      return id;
    });
  }

  /** Changes the words of your own comment. */
  async edit(viewer: Viewer, commentId: number, body: string): Promise<CommentRow> {
    const text = checkCommentBody(body);
    const row = await this.own(viewer, commentId, 'edit');
    if (row.hiddenAt) throw forbidden('A moderator hid this comment; it cannot be edited.');
    await this.limits.take('edits', `user:${viewer.id}`);
    await writeTransaction(this.store.db, (trx) => updateCommentBody(trx, commentId, text, this.clock().toISOString()));
    return row;
  }

  /** Deletes your own comment: its words go; a placeholder stays while it has replies. */
  async delete(viewer: Viewer, commentId: number): Promise<CommentRow> {
    const row = await this.own(viewer, commentId, 'delete');
    await this.limits.take('edits', `user:${viewer.id}`);
    const now = this.clock().toISOString();
    await writeTransaction(this.store.db, async (trx) => {
      // read again under the write lock: only a visible comment counted, and only one delete changes anything
      const current = await commentRow(trx, commentId);
      if (!(await softDeleteComment(trx, commentId, now))) return;
      if (current && !current.hiddenAt) await moveLocalComments(trx, row.paperId, -1, now);
    });
    return row;
  }

  /** Hides a comment from everyone but admins (`hidden` true), or shows it again. Admins only. */
  async hide(viewer: Viewer, commentId: number, hidden: boolean): Promise<CommentRow> {
    if (!viewer.isAdmin) throw forbidden('Only an administrator can hide or show comments.');
    const row = await commentRow(this.store.db, commentId);
    if (!row || row.deletedAt) throw notFound(`There is no comment ${commentId} (it may have been deleted).`);
    const now = this.clock().toISOString();
    await writeTransaction(this.store.db, async (trx) => {
      // hiding a visible comment takes it out of the count, showing it again puts it back; a repeat changes nothing
      if (await setCommentHidden(trx, commentId, hidden ? viewer.id : null, now)) await moveLocalComments(trx, row.paperId, hidden ? -1 : +1, now);
    });
    return row;
  }

  /** Your own comment, to edit (the edit form): forbidden when it is someone else's or hidden, not_found when gone. */
  async forEditing(viewer: Viewer, commentId: number): Promise<ShownComment> {
    const row = await this.own(viewer, commentId, 'edit');
    if (row.hiddenAt) throw forbidden('A moderator hid this comment; it cannot be edited.');
    const c = await commentRecord(this.store.db, commentId);
    if (!c) throw notFound(`There is no comment ${commentId} (it may have been deleted).`);
    return shownTo(c, viewer);
  }

  /** The discussion of a paper as `viewer` sees it (null: anonymous, and the same for every anonymous visitor). */
  async thread(paperId: string, viewer: Viewer | null): Promise<Thread> {
    const all = await commentsOfPaper(this.store.db, paperId);
    const shown = all.map((c) => shownTo(c, viewer));
    // hidden comments are shown to everyone: to admins in full, to others as "hidden by a moderator"
    const entries = buildThread(shown, (c) => c.state !== 'deleted');
    const names = new Set<string>();
    for (const e of entries) for (const n of mentionedNames(e.comment.bodyMarkdown)) names.add(n);
    const mentionable = await existingUsernames(this.store.db, [...names]);
    return { paperId, entries, visibleCount: all.filter((c) => commentState(c) === 'visible').length, mentionable };
  }

  /** Hidden comments, for the moderation page. */
  hiddenForModeration(limit = MODERATION_LIST_LIMIT): Promise<ListedComment[]> {
    return hiddenComments(this.store.db, limit);
  }

  /** A person's recent visible comments (profile page); empty when no one has that name. */
  async byUser(username: string, limit = PROFILE_COMMENTS_LIMIT): Promise<ListedComment[]> {
    const user = await profileByUsername(this.store.db, username);
    if (!user) return [];
    return recentCommentsBy(this.store.db, user.id, limit);
  }

  /** The comment when it is the viewer's and not deleted; otherwise a clear error. */
  private async own(viewer: Viewer, commentId: number, doing: 'edit' | 'delete'): Promise<CommentRow> {
    const row = await commentRow(this.store.db, commentId);
    if (!row || row.deletedAt) throw notFound(`There is no comment ${commentId} (it may have been deleted).`);
    if (row.userId !== viewer.id) throw forbidden(`This is someone else's comment: only its author can ${doing} it.`);
    return row;
  }
}

function shownTo(c: CommentRecord, viewer: Viewer | null): ShownComment {
  const state = commentState(c);
  if (state === 'hidden' && !viewer?.isAdmin) return { ...c, bodyMarkdown: '', hiddenBy: null, state };
  return { ...c, state };
}
