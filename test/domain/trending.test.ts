import { describe, expect, it } from 'vitest';
import { combineCounts } from '../../src/domain/community.ts';
import { listedInstant, rankTrending, TRENDING, trendingClock, trendingFirstDay, trendingScore } from '../../src/domain/trending.ts';

describe('trendingScore: (upvotes + 0.5 comments) / (ageHours + 2)^1.5', () => {
  it('is the written formula with its constants', () => {
    expect(TRENDING).toEqual({ gravity: 1.5, commentWeight: 0.5, offsetHours: 2, windowDays: 7 });
    expect(trendingScore(10, 0, 2)).toBeCloseTo(10 / 8, 12); // (2 + 2)^1.5 = 8
    expect(trendingScore(10, 4, 7)).toBeCloseTo(12 / 27, 12); // (7 + 2)^1.5 = 27
    expect(trendingScore(0, 0, 5)).toBe(0);
  });

  it('a listing stamped after the clock counts as brand new, not as negative age', () => {
    expect(trendingScore(8, 0, -3)).toBe(trendingScore(8, 0, 0));
  });

  it('falls with age and rises with votes and comments', () => {
    expect(trendingScore(10, 0, 12)).toBeGreaterThan(trendingScore(10, 0, 36));
    expect(trendingScore(11, 0, 12)).toBeGreaterThan(trendingScore(10, 0, 12));
    expect(trendingScore(10, 2, 12)).toBeCloseTo(trendingScore(11, 0, 12), 12);
  });

  it('a paper listed a day earlier needs about 4.5 times the votes at noon, as /about/ranking says', () => {
    expect(((36 + 2) / (12 + 2)) ** 1.5).toBeCloseTo(4.47, 2);
    expect(trendingScore(45, 0, 36)).toBeGreaterThan(trendingScore(10, 0, 12));
    expect(trendingScore(44, 0, 36)).toBeLessThan(trendingScore(10, 0, 12));
  });
});

describe('listedInstant', () => {
  it('is the recorded instant when it falls on the listing day, else the start of that day', () => {
    expect(listedInstant({ day: '2025-07-23', submittedOnDailyAt: '2025-07-23T02:54:20.560Z' })).toBe('2025-07-23T02:54:20.560Z');
    expect(listedInstant({ day: '2025-07-23', submittedOnDailyAt: '2025-07-22T20:00:00.000Z' })).toBe('2025-07-23T00:00:00.000Z');
    expect(listedInstant({ day: '2024-05-27', submittedOnDailyAt: null })).toBe('2024-05-27T00:00:00.000Z');
    expect(listedInstant({ day: '2024-05-27', submittedOnDailyAt: 'garbage' })).toBe('2024-05-27T00:00:00.000Z');
  });
});

describe('trendingClock', () => {
  it('is now while the newest listed day has not ended', () => {
    const now = new Date('2026-08-21T10:30:00.000Z');
    expect(trendingClock(now, '2026-08-21')).toEqual(now);
  });

  it('stops at the end of the newest listed day on a quiet or stopped instance (the demo data ends on 2026-08-21)', () => {
    expect(trendingClock(new Date('2026-11-26T02:00:00.000Z'), '2026-08-21').toISOString()).toBe('2026-08-22T00:00:00.000Z');
  });

  it('is now on an instance with no listings', () => {
    const now = new Date('2026-11-26T02:00:00.000Z');
    expect(trendingClock(now, null)).toEqual(now);
  });

  it('reaches back windowDays for the store query', () => {
    expect(trendingFirstDay(new Date('2026-08-22T00:00:00.000Z'))).toBe('2026-08-15');
  });
});

describe('rankTrending', () => {
  const clock = new Date('2026-08-22T00:00:00.000Z');
  const item = (paperId: string, day: string, upvotes: number, comments = 0) => ({ paperId, listedAt: `${day}T00:00:00.000Z`, upvotes, comments });

  it('orders by score: a newer paper beats an older one with fewer than ~2.6x (a day apart at 24 h) its votes', () => {
    // ages 24 h and 48 h: (50 / 26)^1.5 = 2.67
    const ranked = rankTrending([item('old-big', '2026-08-20', 30), item('new', '2026-08-21', 12), item('old-huge', '2026-08-20', 40)], clock);
    expect(ranked.map((r) => r.paperId)).toEqual(['old-huge', 'new', 'old-big']);
    expect(ranked[1]!.score).toBeCloseTo(12 / 26 ** 1.5, 12);
    expect(ranked[1]!.ageHours).toBe(24);
  });

  it('leaves out listings older than the window', () => {
    const ranked = rankTrending([item('in', '2026-08-15', 1), item('out', '2026-08-14', 1000)], clock);
    expect(ranked.map((r) => r.paperId)).toEqual(['in']);
  });

  it('breaks ties by upvotes, then the newer listing, then the id', () => {
    const ranked = rankTrending([item('b', '2026-08-21', 0), item('a', '2026-08-21', 0), item('c', '2026-08-20', 0), item('d', '2026-08-19', 0, 0)], clock);
    expect(ranked.map((r) => r.paperId)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('combineCounts', () => {
  it('shows and ranks the sum of imported and local, keeping both parts', () => {
    expect(combineCounts(10, 2)).toEqual({ total: 12, imported: 10, local: 2 });
  });
});
