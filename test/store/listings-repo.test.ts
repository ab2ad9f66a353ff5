import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countPapersListedBetween,
  latestListedDay,
  listedDaysAround,
  listPapersBetween,
  upsertListing,
} from '../../src/store/listings-repo.ts';
import { storeStats } from '../../src/store/stats-repo.ts';
import type { Store } from '../../src/store/store.ts';
import { engines, seed, type SeedListing } from './engines.ts';

/**
 * Three listed days around a New Year, with ties on purpose:
 * equal upvotes on different days and on the same day.
 */
const LISTINGS: readonly SeedListing[] = [
  { id: '2412.00001', day: '2024-12-27', upvotes: 26, by: 'akhaliq' },
  { id: '2412.00002', day: '2024-12-27', upvotes: 4, by: 'akhaliq' },
  { id: '2412.00003', day: '2024-12-30', upvotes: 45, comments: 3, by: 'ynhe' },
  { id: '2412.00004', day: '2024-12-30', upvotes: 4 },
  { id: '2412.00006', day: '2024-12-30', upvotes: 1, by: 'ynhe' },
  { id: '2412.00005', day: '2024-12-30', upvotes: 1 },
  { id: '2501.00001', day: '2025-01-02', upvotes: 10, by: 'KyleLin' },
];

describe.each(engines)('listings ($name)', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await engine.open();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('listPapersBetween', () => {
    const ids = async (start: string, end: string, offset = 0, limit = 100): Promise<string[]> =>
      (await listPapersBetween(store.db, start, end, { offset, limit })).map((l) => l.paper.id);

    it('orders by upvotes, most first; ties by newer day, then by paper id', async () => {
      await seed(store.db, LISTINGS);
      expect(await ids('2024-12-01', '2025-01-31')).toEqual([
        '2412.00003', // 45
        '2412.00001', // 26
        '2501.00001', // 10
        '2412.00004', // 4, 12-30 (newer day first)
        '2412.00002', // 4, 12-27
        '2412.00005', // 1, 12-30 (same day: lower id first)
        '2412.00006', // 1, 12-30
      ]);
    });

    it('lists a paper listed on several days of the period once, with its best listing', async () => {
      await seed(store.db, [...LISTINGS, { id: '2412.00002', day: '2024-12-30', upvotes: 30, by: 'ynhe' }]);
      const listed = await listPapersBetween(store.db, '2024-12-01', '2025-01-31', { offset: 0, limit: 100 });
      expect(listed.map((l) => l.paper.id)).toEqual(['2412.00003', '2412.00002', '2412.00001', '2501.00001', '2412.00004', '2412.00005', '2412.00006']);
      expect(listed[1]!.listing).toMatchObject({ day: '2024-12-30', upvotes: 30, submittedBy: 'ynhe' });
      expect(await countPapersListedBetween(store.db, '2024-12-01', '2025-01-31')).toBe(7);
      // each day on its own still has the paper
      expect(await ids('2024-12-27', '2024-12-27')).toContain('2412.00002');
    });

    it('includes both ends of the range and nothing outside it', async () => {
      await seed(store.db, LISTINGS);
      expect(await ids('2024-12-30', '2024-12-30')).toEqual(['2412.00003', '2412.00004', '2412.00005', '2412.00006']);
      expect(await ids('2024-12-27', '2024-12-30')).toHaveLength(6);
      expect(await ids('2024-12-28', '2024-12-29')).toEqual([]);
      expect(await ids('2025-01-03', '2025-12-31')).toEqual([]);
    });

    it('pages through the same order without gaps or repeats', async () => {
      await seed(store.db, LISTINGS);
      const all = await ids('2024-01-01', '2025-12-31');
      const paged = [...(await ids('2024-01-01', '2025-12-31', 0, 3)), ...(await ids('2024-01-01', '2025-12-31', 3, 3)), ...(await ids('2024-01-01', '2025-12-31', 6, 3))];
      expect(paged).toEqual(all);
      expect(await ids('2024-01-01', '2025-12-31', 6, 3)).toHaveLength(1);
      expect(await ids('2024-01-01', '2025-12-31', 7, 3)).toEqual([]);
    });

    it('returns the paper, its listing on that day and the submitter', async () => {
      await seed(store.db, LISTINGS);
      const [top] = await listPapersBetween(store.db, '2024-12-30', '2024-12-30', { offset: 0, limit: 1 });
      expect(top?.paper).toMatchObject({ id: '2412.00003', title: 'Paper 2412.00003', authors: [{ name: 'Ada Lovelace' }] });
      expect(top?.listing).toEqual({ paperId: '2412.00003', day: '2024-12-30', submittedAt: '2024-12-30T06:00:00.000Z', submittedOnDailyAt: null, thumbnail: null, authorParticipating: false, submittedBy: 'ynhe', upvotes: 45, numComments: 3 });
      expect(top?.submitter).toEqual({ username: 'ynhe', fullname: 'Full ynhe', avatarUrl: null, isPro: false, kind: 'user' });
    });

    it('gives no submitter for a listing nobody submitted', async () => {
      await seed(store.db, LISTINGS);
      const rows = await listPapersBetween(store.db, '2024-12-30', '2024-12-30', { offset: 0, limit: 10 });
      const anonymous = rows.find((r) => r.paper.id === '2412.00004');
      expect(anonymous?.submitter).toBeNull();
      expect(anonymous?.listing.submittedBy).toBeNull();
    });

    it('returns nothing on an empty database', async () => {
      expect(await ids('2000-01-01', '2999-12-31')).toEqual([]);
    });
  });

  describe('countPapersListedBetween', () => {
    it('counts listings in the inclusive range', async () => {
      await seed(store.db, LISTINGS);
      expect(await countPapersListedBetween(store.db, '2024-12-27', '2024-12-30')).toBe(6);
      expect(await countPapersListedBetween(store.db, '2024-12-30', '2025-01-02')).toBe(5);
      expect(await countPapersListedBetween(store.db, '2000-01-01', '2999-12-31')).toBe(7);
      expect(await countPapersListedBetween(store.db, '2024-12-28', '2024-12-29')).toBe(0);
    });

    it('is 0 on an empty database', async () => {
      expect(await countPapersListedBetween(store.db, '2000-01-01', '2999-12-31')).toBe(0);
    });
  });

  describe('latestListedDay', () => {
    it('is the newest day with a listing', async () => {
      await seed(store.db, LISTINGS);
      expect(await latestListedDay(store.db)).toBe('2025-01-02');
    });

    it('is null on an empty database', async () => {
      expect(await latestListedDay(store.db)).toBeNull();
    });
  });

  describe('listedDaysAround', () => {
    it('finds the nearest listed day strictly before and strictly after, skipping empty days', async () => {
      await seed(store.db, LISTINGS);
      expect(await listedDaysAround(store.db, '2024-12-30', '2024-12-30')).toEqual({ previous: '2024-12-27', next: '2025-01-02' });
    });

    it('takes the start and end of a longer period', async () => {
      await seed(store.db, LISTINGS);
      // ISO week 2025-W01 is 2024-12-30 .. 2025-01-05
      expect(await listedDaysAround(store.db, '2024-12-30', '2025-01-05')).toEqual({ previous: '2024-12-27', next: null });
    });

    it('works from days that have no listing themselves', async () => {
      await seed(store.db, LISTINGS);
      expect(await listedDaysAround(store.db, '2024-12-29', '2024-12-29')).toEqual({ previous: '2024-12-27', next: '2024-12-30' });
    });

    it('gives null at the ends of the archive and on an empty database', async () => {
      expect(await listedDaysAround(store.db, '2024-12-30', '2024-12-30')).toEqual({ previous: null, next: null });
      await seed(store.db, LISTINGS);
      expect(await listedDaysAround(store.db, '2024-12-27', '2024-12-27')).toEqual({ previous: null, next: '2024-12-30' });
      expect(await listedDaysAround(store.db, '2025-01-02', '2025-01-02')).toEqual({ previous: '2024-12-30', next: null });
    });
  });

  describe('storeStats', () => {
    it('is all zeros and nulls on an empty database', async () => {
      expect(await storeStats(store.db)).toEqual({ papers: 0, listings: 0, days: 0, users: 0, firstDay: null, lastDay: null, papersBySource: {} });
    });

    it('counts papers by source, listings, distinct days and users', async () => {
      await seed(store.db, [...LISTINGS, { id: 'openreview:abc', day: '2024-12-27', upvotes: 0 }, { id: '2412.00001', day: '2024-12-30', upvotes: 30 }]);
      expect(await storeStats(store.db)).toEqual({
        papers: 8,
        listings: 9,
        days: 3,
        users: 3,
        firstDay: '2024-12-27',
        lastDay: '2025-01-02',
        papersBySource: { arxiv: 7, openreview: 1 },
      });
    });
  });

  describe('upsertListing', () => {
    const write = { paperId: '2412.00001', day: '2024-12-27', submittedAt: '2024-12-27T06:00:00.000Z', submittedOnDailyAt: null, thumbnail: null, authorParticipating: false, submittedById: null, upvotes: 26, numComments: 0 };

    it('tells added, unchanged and updated apart', async () => {
      await seed(store.db, [{ id: '2412.00001', day: '2024-12-27', upvotes: 1 }]);
      expect(await upsertListing(store.db, { ...write, day: '2024-12-28' })).toBe('added');
      expect(await upsertListing(store.db, { ...write, day: '2024-12-28' })).toBe('unchanged');
      expect(await upsertListing(store.db, { ...write, day: '2024-12-28', upvotes: 27 })).toBe('updated');
      expect(await upsertListing(store.db, { ...write, day: '2024-12-28', upvotes: 27, numComments: 1 })).toBe('updated');
      expect(await countPapersListedBetween(store.db, '2024-12-28', '2024-12-28')).toBe(1);
    });

    it('an older snapshot of the same listing never lowers counts or erases the submitter', async () => {
      await seed(store.db, [{ id: '2412.00001', day: '2024-12-27', upvotes: 163, comments: 4, by: 'taesiri' }]);
      expect(await upsertListing(store.db, { ...write, upvotes: 5, numComments: 0, submittedById: null })).toBe('unchanged');
      const [listed] = await listPapersBetween(store.db, '2024-12-27', '2024-12-27', { offset: 0, limit: 1 });
      expect(listed!.listing).toMatchObject({ upvotes: 163, numComments: 4, submittedBy: 'taesiri' });
    });

    it('refuses a listing of a paper that is not stored', async () => {
      await expect(upsertListing(store.db, { ...write, paperId: '2412.99999' })).rejects.toThrow(/FOREIGN KEY/i);
      expect(await countPapersListedBetween(store.db, '2000-01-01', '2999-12-31')).toBe(0);
    });
  });
});
