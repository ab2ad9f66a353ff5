import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { getPaperDetail } from '../../src/store/papers-repo.ts';
import { listPapersBetween } from '../../src/store/listings-repo.ts';
import { upsertUser } from '../../src/store/users-repo.ts';
import { countVotes, localActivityOf, moveLocalComments, setVote, toggleVote, votesOf } from '../../src/store/votes-repo.ts';
import { engines, NOW, seed } from './engines.ts';

const user = (db: Store['db'], name: string) => upsertUser(db, { username: name, fullname: null, avatarUrl: null, isPro: false, kind: 'user' }, NOW);

for (const engine of engines) {
  describe(`votes repo (${engine.name})`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await engine.open();
      await seed(store.db, [
        { id: '2608.00001', day: '2026-08-21', upvotes: 10 },
        { id: '2608.00002', day: '2026-08-21', upvotes: 3 },
        // listed twice: the imported count is the larger listing's
        { id: '2608.00002', day: '2026-08-20', upvotes: 7 },
      ]);
    });
    afterEach(async () => {
      await store.close();
    });

    it('toggle adds a vote, then takes it back, moving the counter in the same write', async () => {
      const ada = await user(store.db, 'ada');
      expect(await toggleVote(store.db, ada, '2608.00001', NOW)).toEqual({ voted: true, changed: true, localUpvotes: 1, importedUpvotes: 10 });
      expect(await countVotes(store.db, '2608.00001')).toEqual({ rows: 1, counter: 1 });
      expect(await toggleVote(store.db, ada, '2608.00001', NOW)).toEqual({ voted: false, changed: true, localUpvotes: 0, importedUpvotes: 10 });
      expect(await countVotes(store.db, '2608.00001')).toEqual({ rows: 0, counter: 0 });
    });

    it('set is idempotent: asking twice for a vote leaves one, asking twice to take it back leaves none', async () => {
      const [ada, bob] = [await user(store.db, 'ada'), await user(store.db, 'bob')];
      expect(await setVote(store.db, ada, '2608.00002', true, NOW)).toMatchObject({ voted: true, changed: true, localUpvotes: 1, importedUpvotes: 7 });
      expect(await setVote(store.db, ada, '2608.00002', true, NOW)).toMatchObject({ voted: true, changed: false, localUpvotes: 1 });
      expect(await setVote(store.db, bob, '2608.00002', true, NOW)).toMatchObject({ localUpvotes: 2 });
      expect(await setVote(store.db, ada, '2608.00002', false, NOW)).toMatchObject({ voted: false, changed: true, localUpvotes: 1 });
      expect(await setVote(store.db, ada, '2608.00002', false, NOW)).toMatchObject({ voted: false, changed: false, localUpvotes: 1 });
      expect(await countVotes(store.db, '2608.00002')).toEqual({ rows: 1, counter: 1 });
    });

    it('taking back a vote nobody cast changes nothing and creates no counter row', async () => {
      const ada = await user(store.db, 'ada');
      expect(await setVote(store.db, ada, '2608.00001', false, NOW)).toMatchObject({ changed: false, localUpvotes: 0 });
      expect(await store.db.selectFrom('paper_activity').selectAll().execute()).toEqual([]);
    });

    it('votesOf says which of the papers the user voted for', async () => {
      const [ada, bob] = [await user(store.db, 'ada'), await user(store.db, 'bob')];
      await setVote(store.db, ada, '2608.00001', true, NOW);
      await setVote(store.db, bob, '2608.00002', true, NOW);
      expect(await votesOf(store.db, ada, ['2608.00001', '2608.00002', '2608.99999'])).toEqual(new Set(['2608.00001']));
      expect(await votesOf(store.db, bob, [])).toEqual(new Set());
    });

    it('a vote on a paper that is not here is not_found and writes nothing', async () => {
      const ada = await user(store.db, 'ada');
      await expect(toggleVote(store.db, ada, '2608.99999', NOW)).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('2608.99999') });
      expect(await store.db.selectFrom('votes').selectAll().execute()).toEqual([]);
      expect(await store.db.selectFrom('paper_activity').selectAll().execute()).toEqual([]);
    });

    it('a vote by a user that does not exist is not_found and writes nothing', async () => {
      const err = await setVote(store.db, 4242, '2608.00001', true, NOW).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'not_found', message: expect.stringContaining('#4242') });
      expect(await countVotes(store.db, '2608.00001')).toEqual({ rows: 0, counter: 0 });
    });

    it('local votes reach listings and paper details beside the imported count, which they never change', async () => {
      const ada = await user(store.db, 'ada');
      await setVote(store.db, ada, '2608.00002', true, '2026-08-22T09:00:00.000Z');
      const [listed] = await listPapersBetween(store.db, '2026-08-20', '2026-08-21', { offset: 0, limit: 10 }, 'upvotes', ['2608.00002']);
      expect(listed?.listing.upvotes).toBe(7);
      expect(listed?.local).toEqual({ upvotes: 1, comments: 0, lastActivityAt: '2026-08-22T09:00:00.000Z' });
      const detail = await getPaperDetail(store.db, '2608.00002');
      expect(detail?.local.upvotes).toBe(1);
      expect(detail?.listings.map((l) => l.upvotes)).toEqual([3, 7]);
      expect((await localActivityOf(store.db, ['2608.00001'])).get('2608.00001')).toEqual({ upvotes: 0, comments: 0, lastActivityAt: null });
    });

    it('the day order counts local votes: enough of them lift a paper above one with more imported votes', async () => {
      const order = async () => (await listPapersBetween(store.db, '2026-08-21', '2026-08-21', { offset: 0, limit: 10 })).map((p) => p.paper.id);
      expect(await order()).toEqual(['2608.00001', '2608.00002']);
      // 3 imported on that day + 8 local = 11 > 10
      for (let i = 0; i < 8; i++) await setVote(store.db, await user(store.db, `u${i}`), '2608.00002', true, NOW);
      expect(await order()).toEqual(['2608.00002', '2608.00001']);
    });

    it('comment counters move for the comments feature and never go below zero', async () => {
      expect(await moveLocalComments(store.db, '2608.00001', 1, NOW)).toBe(1);
      expect(await moveLocalComments(store.db, '2608.00001', 1, NOW)).toBe(2);
      expect(await moveLocalComments(store.db, '2608.00001', -1, NOW)).toBe(1);
      expect(await moveLocalComments(store.db, '2608.00002', -1, NOW)).toBe(0);
    });
  });
}

describe('votes stay exact under concurrent voters in several processes', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-votes-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'vote-worker.ts');
  const runWorker = (file: string, seedValue: number, toggles: number, users: number[], papers: string[]) =>
    new Promise<{ done: number }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', worker, file, String(seedValue), String(toggles), users.join(','), papers.join(',')], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as { done: number }) : reject(new Error(`worker exited ${code}: ${err}`))));
    });

  it('three processes toggling the same votes end with every counter equal to its vote rows', async () => {
    const file = path.join(dir, 'votes.db');
    const store = await openStore(file);
    try {
      const papers = ['2608.00001', '2608.00002', '2608.00003'];
      await seed(store.db, papers.map((id) => ({ id, day: '2026-08-21', upvotes: 5 })));
      const users: number[] = [];
      for (let i = 0; i < 12; i++) users.push(await user(store.db, `voter${i}`));
      // the same users on the same papers from every process: the writes collide all the time
      const TOGGLES = 400;
      const results = await Promise.all([
        runWorker(file, 1, TOGGLES, users, papers),
        runWorker(file, 2, TOGGLES, users, papers),
        // and this process as a third writer
        (async () => {
          let done = 0;
          for (let i = 0; i < TOGGLES; i++) {
            await toggleVote(store.db, users[(i * 7) % users.length]!, papers[i % papers.length]!, NOW);
            done++;
            if (i % 20 === 0) await new Promise((r) => setImmediate(r));
          }
          return { done };
        })(),
      ]);
      expect(results.map((r) => r.done)).toEqual([TOGGLES, TOGGLES, TOGGLES]);
      let total = 0;
      for (const id of papers) {
        const { rows, counter } = await countVotes(store.db, id);
        expect(counter).toBe(rows);
        total += rows;
      }
      // every toggle flipped one (user, paper) pair: the rows left have the parity of the toggles on them
      expect(total % 2).toBe((3 * TOGGLES) % 2);
    } finally {
      await store.close();
    }
  }, 120_000);
});
