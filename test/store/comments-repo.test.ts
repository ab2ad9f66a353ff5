import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  commentsOfPaper,
  existingUsernames,
  hiddenComments,
  insertComment,
  recentCommentsBy,
  setCommentHidden,
  softDeleteComment,
  visibleCommentCounts,
} from '../../src/store/comments-repo.ts';
import { upsertPaper } from '../../src/store/papers-repo.ts';
import { upsertUser } from '../../src/store/users-repo.ts';
import type { Store } from '../../src/store/store.ts';
import { paperRecord } from '../fixtures/records.ts';
import { engines, NOW } from './engines.ts';

describe.each(engines)('comments ($name)', (engine) => {
  let store: Store;
  let ada: number;
  let mod: number;
  beforeEach(async () => {
    store = await engine.open();
    for (const id of ['2608.00001', '2608.00002']) await upsertPaper(store.db, paperRecord({ id, title: `Paper ${id}` }), { now: NOW, observedAt: null });
    ada = await upsertUser(store.db, { username: 'ada', fullname: 'Ada', avatarUrl: null, isPro: false, kind: 'user' }, NOW);
    mod = await upsertUser(store.db, { username: 'mod', fullname: null, avatarUrl: null, isPro: false, kind: 'user' }, NOW);
  });
  afterEach(async () => {
    await store.close();
  });

  const add = (paperId: string, body: string, parentId: number | null = null) => insertComment(store.db, { paperId, userId: ada, parentId, body, now: NOW });

  it('counts visible comments per paper: deleted and hidden ones do not count', async () => {
    const a = await add('2608.00001', 'a');
    await add('2608.00001', 'b', a);
    const c = await add('2608.00001', 'c');
    const d = await add('2608.00002', 'd');
    expect(await softDeleteComment(store.db, a, NOW)).toBe(true);
    expect(await setCommentHidden(store.db, c, mod, NOW)).toBe(true);
    const counts = await visibleCommentCounts(store.db, ['2608.00001', '2608.00002', '2608.00003']);
    expect([...counts]).toEqual([
      ['2608.00001', 1],
      ['2608.00002', 1],
    ]);
    expect(await visibleCommentCounts(store.db, [])).toEqual(new Map());
    expect(d).toBeGreaterThan(c);
  });

  it('soft delete wipes the words and happens once; hide and unhide report whether they changed anything', async () => {
    const a = await add('2608.00001', 'secret words');
    expect(await softDeleteComment(store.db, a, NOW)).toBe(true);
    expect(await softDeleteComment(store.db, a, NOW)).toBe(false);
    expect(await setCommentHidden(store.db, a, mod, NOW)).toBe(false); // a deleted comment is not hidden
    const [row] = await commentsOfPaper(store.db, '2608.00001');
    expect(row).toMatchObject({ bodyMarkdown: '', deletedAt: NOW, hiddenAt: null });
    const b = await add('2608.00001', 'spam');
    expect(await setCommentHidden(store.db, b, mod, NOW)).toBe(true);
    expect(await setCommentHidden(store.db, b, mod, NOW)).toBe(false);
    expect((await hiddenComments(store.db, 10)).map((h) => [h.comment.id, h.comment.hiddenBy, h.paperTitle])).toEqual([[b, 'mod', 'Paper 2608.00001']]);
    expect(await setCommentHidden(store.db, b, null, NOW)).toBe(true);
    expect(await setCommentHidden(store.db, b, null, NOW)).toBe(false);
    expect(await hiddenComments(store.db, 10)).toEqual([]);
  });

  it('lists a person’s recent visible comments, newest first, and looks up names', async () => {
    await add('2608.00001', 'first');
    const gone = await add('2608.00002', 'second');
    await insertComment(store.db, { paperId: '2608.00002', userId: ada, parentId: null, body: 'third', now: '2026-08-23T00:00:00.000Z' });
    await softDeleteComment(store.db, gone, NOW);
    expect((await recentCommentsBy(store.db, ada, 10)).map((c) => c.comment.bodyMarkdown)).toEqual(['third', 'first']);
    expect(await existingUsernames(store.db, ['ada', 'nobody', 'ada'])).toEqual(new Set(['ada']));
  });
});
