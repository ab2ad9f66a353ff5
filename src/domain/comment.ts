/**
 * Discussion: comments on a paper and replies to them. A *visible* comment is
 * neither deleted by its author nor hidden by a moderator; only visible
 * comments count. A deleted or hidden comment that has replies stays in the
 * thread as a placeholder so the replies still read.
 */
import { invalidInput } from './errors.ts';

export const MAX_COMMENT_LENGTH = 10_000;
/**
 * Replies nest on the page up to this depth (0 = a top-level comment); a reply
 * deeper than that is shown at this depth, after its parent, saying whom it
 * answers ("replying to @ada"). Deep nesting is unreadable on a phone.
 */
export const MAX_SHOWN_DEPTH = 4;

/** What a comment is now, for the people looking at it. */
export type CommentState = 'visible' | 'deleted' | 'hidden';

export interface CommentRecord {
  readonly id: number;
  readonly paperId: string;
  readonly parentId: number | null;
  readonly author: { readonly id: number; readonly username: string; readonly fullname: string | null };
  /** '' when deleted; for a hidden comment only admins are given it */
  readonly bodyMarkdown: string;
  readonly createdAt: string;
  readonly editedAt: string | null;
  readonly deletedAt: string | null;
  readonly hiddenAt: string | null;
  /** username of the admin who hid it (admins only) */
  readonly hiddenBy: string | null;
}

export function commentState(c: Pick<CommentRecord, 'deletedAt' | 'hiddenAt'>): CommentState {
  if (c.deletedAt) return 'deleted';
  if (c.hiddenAt) return 'hidden';
  return 'visible';
}

/** A body as stored: trimmed, 1..MAX_COMMENT_LENGTH characters, or an invalid_input error that says what to fix. */
export function checkCommentBody(input: string): string {
  const body = input.replace(/\r\n?/g, '\n').trim();
  if (body === '') throw invalidInput('Write something first: the comment is empty.');
  const length = [...body].length;
  if (length > MAX_COMMENT_LENGTH) throw invalidInput(`A comment can be at most ${MAX_COMMENT_LENGTH.toLocaleString('en-US')} characters; this one has ${length.toLocaleString('en-US')}.`);
  return body;
}

/**
 * `@name` mentions in a body: an @ not preceded by a letter, digit or one of
 * `_ . @ / -` (so `ada@example.org` is no mention), then a name of letters,
 * digits, `-` and `_` (a trailing dot ends the sentence, not the name).
 * Whether the name belongs to someone is for the caller to look up.
 */
export const MENTION = /(?<![A-Za-z0-9_.@/-])@([A-Za-z0-9][A-Za-z0-9_-]{1,63})(?![A-Za-z0-9_-])/g;

export function mentionedNames(markdown: string): string[] {
  const names = new Set<string>();
  for (const m of markdown.matchAll(MENTION)) names.add(m[1]!);
  return [...names];
}

/** One comment in a thread as the page lays it out. */
export interface ThreadEntry<C extends CommentRecord = CommentRecord> {
  readonly comment: C;
  /** indentation on the page: 0 (top level) .. MAX_SHOWN_DEPTH */
  readonly depth: number;
  /** set when a reply is shown shallower than it is (flattened): the name of the author it answers */
  readonly replyingTo: string | null;
}

/**
 * Comments (any order) → the thread in reading order: each comment followed by
 * its replies (depth first, oldest first at each level). `keep` says which
 * comments are shown for what they are; a comment that is not kept (deleted,
 * or hidden from this viewer) stays only as a placeholder above a kept reply,
 * and is left out when nothing below it is kept. Replies deeper than
 * MAX_SHOWN_DEPTH are shown at that depth with `replyingTo` set.
 */
export function buildThread<C extends CommentRecord>(comments: readonly C[], keep: (c: C) => boolean): ThreadEntry<C>[] {
  const ids = new Set(comments.map((c) => c.id));
  const byId = new Map(comments.map((c) => [c.id, c]));
  const children = new Map<number | null, C[]>();
  for (const c of [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id)) {
    const parent = c.parentId !== null && ids.has(c.parentId) ? c.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(c);
    children.set(parent, list);
  }
  const worth = new Map<number, boolean>();
  const isWorth = (c: C): boolean => {
    const known = worth.get(c.id);
    if (known !== undefined) return known;
    worth.set(c.id, false); // a cycle in bad data ends here
    const w = keep(c) || (children.get(c.id) ?? []).some(isWorth);
    worth.set(c.id, w);
    return w;
  };
  const out: ThreadEntry<C>[] = [];
  const visit = (c: C, depth: number) => {
    const parent = c.parentId !== null ? byId.get(c.parentId) : undefined;
    out.push({ comment: c, depth: Math.min(depth, MAX_SHOWN_DEPTH), replyingTo: depth > MAX_SHOWN_DEPTH && parent ? parent.author.username : null });
    for (const k of (children.get(c.id) ?? []).filter(isWorth)) visit(k, depth + 1);
  };
  for (const c of (children.get(null) ?? []).filter(isWorth)) visit(c, 0);
  return out;
}
