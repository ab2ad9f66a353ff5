import { describe, expect, it } from 'vitest';
import { buildThread, checkCommentBody, commentState, MAX_SHOWN_DEPTH, mentionedNames, type CommentRecord } from '../../src/domain/comment.ts';

let seq = 0;
function c(id: number, parentId: number | null, extra: Partial<CommentRecord> = {}): CommentRecord {
  seq++;
  return {
    id,
    paperId: '2608.19880',
    parentId,
    author: { id: id * 10, username: `u${id}`, fullname: null },
    bodyMarkdown: `body ${id}`,
    createdAt: `2026-11-26T00:00:${String(id).padStart(2, '0')}.000Z`,
    editedAt: null,
    deletedAt: null,
    hiddenAt: null,
    hiddenBy: null,
    ...extra,
  };
}
const visible = (x: CommentRecord) => commentState(x) === 'visible';

describe('comment bodies', () => {
  it('are trimmed, with one newline style', () => {
    expect(checkCommentBody('  hi\r\nthere  ')).toBe('hi\nthere');
  });
  it('must have 1..10,000 characters (counted as characters, not UTF-16 units)', () => {
    expect(() => checkCommentBody(' \n\t ')).toThrow(/empty/);
    expect(() => checkCommentBody('x'.repeat(10_001))).toThrow(/at most 10,000 characters; this one has 10,001/);
    expect(checkCommentBody('😀'.repeat(10_000))).toHaveLength(20_000);
  });
});

describe('mentions', () => {
  it('finds @names, not email addresses, once each', () => {
    expect(mentionedNames('@ada and @bob. ada@example.org, again @ada; (@c-3)')).toEqual(['ada', 'bob', 'c-3']);
    expect(mentionedNames('@a')).toEqual([]); // too short to be a name
  });
});

describe('buildThread', () => {
  it('puts replies under their comment, oldest first, with depth', () => {
    const t = buildThread([c(3, 1), c(1, null), c(2, null), c(4, 3)], visible);
    expect(t.map((e) => [e.comment.id, e.depth])).toEqual([
      [1, 0],
      [3, 1],
      [4, 2],
      [2, 0],
    ]);
  });

  it('keeps a deleted comment as a placeholder only while a kept reply hangs below it', () => {
    const t = buildThread([c(1, null, { deletedAt: 'x' }), c(2, 1), c(3, null, { deletedAt: 'x' }), c(4, 3, { deletedAt: 'x' })], visible);
    expect(t.map((e) => e.comment.id)).toEqual([1, 2]);
  });

  it(`flattens replies deeper than ${MAX_SHOWN_DEPTH}, saying whom they answer`, () => {
    const chain = [c(1, null), ...[2, 3, 4, 5, 6, 7].map((id) => c(id, id - 1))];
    const t = buildThread(chain, visible);
    expect(t.map((e) => e.depth)).toEqual([0, 1, 2, 3, 4, 4, 4]);
    expect(t.map((e) => e.replyingTo)).toEqual([null, null, null, null, null, 'u5', 'u6']);
  });

  it('a reply whose parent is missing is shown at the top level', () => {
    expect(buildThread([c(2, 99)], visible).map((e) => [e.comment.id, e.depth])).toEqual([[2, 0]]);
  });
});
