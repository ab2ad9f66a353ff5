import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { Paperboy } from '../../src/app/paperboy.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { upsertUser } from '../../src/store/users-repo.ts';
import { NOW, seed } from '../store/engines.ts';

let store: Store;
let core: Paperboy;
let ada: number;
beforeEach(async () => {
  store = await openStore(':memory:');
  await seed(store.db, [
    { id: '2608.00001', day: '2026-08-21', upvotes: 10, comments: 1 },
    { id: '2608.00002', day: '2026-08-20', upvotes: 25 },
    { id: '2608.00003', day: '2026-08-20', upvotes: 30 },
    { id: '2608.00004', day: '2026-08-14', upvotes: 500 },
  ]);
  ada = await upsertUser(store.db, { username: 'ada', fullname: null, avatarUrl: null, isPro: false, kind: 'user' }, NOW);
  core = await Paperboy.over(store, loadConfig({ PAPERBOY_DB: ':memory:' }));
});
afterEach(async () => {
  await core.close();
});

describe('core.votes', () => {
  it('set answers with the paper’s upvotes now: total, imported and local', async () => {
    expect(await core.votes.set(ada, '2608.00001', true)).toEqual({ paperId: '2608.00001', voted: true, changed: true, upvotes: { total: 11, imported: 10, local: 1 } });
    expect(await core.votes.set(ada, '2608.00001', true)).toMatchObject({ changed: false, upvotes: { total: 11 } });
    expect(await core.votes.set(ada, '2608.00001', false)).toMatchObject({ voted: false, changed: true, upvotes: { total: 10, local: 0 } });
  });

  it('takes any spelling of a paper id and votes on the canonical one', async () => {
    expect(await core.votes.toggle(ada, 'arXiv:2608.00002v3')).toMatchObject({ paperId: '2608.00002', voted: true });
    expect(await core.votes.ofUser(ada, ['2608.00001', '2608.00002'])).toEqual(new Set(['2608.00002']));
    expect(await core.votes.toggle(ada, 'https://arxiv.org/abs/2608.00002')).toMatchObject({ voted: false });
  });

  it.each([
    [0, '2608.00001', 'user id 0 is not a user'],
    [1.5, '2608.00001', 'whole number'],
    [1, 'not a paper', 'is not a paper id'],
  ])('refuses user %s on %s with a message (%s) and writes nothing', async (user, paper, message) => {
    await expect(core.votes.set(user, paper, true)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining(message) });
    expect(await store.db.selectFrom('votes').selectAll().execute()).toEqual([]);
  });

  it('a vote on a paper that is not here is not_found', async () => {
    await expect(core.votes.set(ada, '2608.09999', true)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('moves the data version, so pages cached before the vote are stale', async () => {
    const before = core.dataVersion();
    await core.votes.set(ada, '2608.00001', true);
    expect(core.dataVersion()).not.toBe(before);
  });
});

describe('core.trending', () => {
  // the newest listing is 2026-08-21, long before now: the clock stops at 2026-08-22T00:00Z
  it('ranks the window by the formula, measured at the end of the newest listed day', async () => {
    const view = await core.trending(0, 10, new Date('2026-11-26T02:00:00.000Z'));
    expect(view.clock).toBe('2026-08-22T00:00:00.000Z');
    expect(view.firstDay).toBe('2026-08-15');
    // 30/50^1.5 = .0849, (10+.5)/26^1.5 = .0792, 25/50^1.5 = .0707; 2608.00004 was listed before the window
    expect(view.papers.map((p) => p.paper.id)).toEqual(['2608.00003', '2608.00001', '2608.00002']);
    expect(view.total).toBe(3);
    expect(view.papers[1]!.score).toBeCloseTo(10.5 / 26 ** 1.5, 10);
  });

  it('counts local votes: four here lift an older paper past a newer one', async () => {
    for (const name of ['b', 'c', 'd', 'e']) {
      const id = await upsertUser(store.db, { username: name, fullname: null, avatarUrl: null, isPro: false, kind: 'user' }, NOW);
      await core.votes.set(id, '2608.00002', true);
    }
    // (25 + 4)/50^1.5 = .0820 > 10.5/26^1.5 = .0792 (three would make .07920 against .07920, just short)
    const view = await core.trending(0, 10, new Date('2026-11-26T02:00:00.000Z'));
    expect(view.papers.map((p) => p.paper.id)).toEqual(['2608.00003', '2608.00002', '2608.00001']);
    expect(view.papers[1]!.local.upvotes).toBe(4);
  });

  it('pages through the ranking', async () => {
    const view = await core.trending(1, 2, new Date('2026-11-26T02:00:00.000Z'));
    expect(view.papers.map((p) => p.paper.id)).toEqual(['2608.00002']);
    expect(view.total).toBe(3);
  });

  it('a live instance measures at now: papers listed later than an hour ago are younger', async () => {
    const view = await core.trending(0, 10, new Date('2026-08-21T06:00:00.000Z'));
    expect(view.clock).toBe('2026-08-21T06:00:00.000Z');
    // ages 6 h and 30 h: 10.5/8^1.5 = .464 beats 30/32^1.5 = .166
    expect(view.papers[0]!.paper.id).toBe('2608.00001');
  });
});
