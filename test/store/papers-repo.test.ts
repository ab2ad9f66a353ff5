import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countPapers, findPaper, getPaperDetail, upsertPaper } from '../../src/store/papers-repo.ts';
import { upsertUser } from '../../src/store/users-repo.ts';
import type { Store } from '../../src/store/store.ts';
import { paperRecord } from '../fixtures/records.ts';
import { engines, NOW, seed } from './engines.ts';

const LATER = '2026-08-23T12:00:00.000Z';

describe.each(engines)('papers ($name)', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await engine.open();
  });
  afterEach(async () => {
    await store.close();
  });

  const modifiedAt = async (id: string): Promise<string | undefined> =>
    (await store.db.selectFrom('papers').select('modified_at').where('id', '=', id).executeTakeFirst())?.modified_at;

  describe('upsertPaper', () => {
    const paper = paperRecord({
      id: '2604.07429',
      categories: ['cs.CV', 'cs.AI'],
      primaryCategory: 'cs.CV',
      authors: [{ name: 'Mingyu Ouyang', username: 'yyyang' }, { name: 'Siyuan Hu' }],
      aiKeywords: ['video games'],
      organization: { name: 'NUS', fullname: 'National University of Singapore' },
    });

    it('stores a new paper and reads it back field for field', async () => {
      expect(await upsertPaper(store.db, paper, { now: NOW, observedAt: '2026-04-16T00:00:00.000Z' })).toBe('added');
      expect(await findPaper(store.db, '2604.07429')).toEqual(paper);
      expect(await countPapers(store.db)).toBe(1);
    });

    it('reports unchanged, and does not write, when the same paper comes again', async () => {
      await upsertPaper(store.db, paper, { now: NOW, observedAt: '2026-04-16T00:00:00.000Z' });
      expect(await upsertPaper(store.db, paper, { now: LATER, observedAt: '2026-04-16T00:00:00.000Z' })).toBe('unchanged');
      expect(await modifiedAt('2604.07429')).toBe(NOW);
    });

    it('reports updated, and stamps the write, when a field changes', async () => {
      await upsertPaper(store.db, paper, { now: NOW, observedAt: '2026-04-16T00:00:00.000Z' });
      expect(await upsertPaper(store.db, { ...paper, githubStars: 10 }, { now: LATER, observedAt: '2026-04-17T00:00:00.000Z' })).toBe('updated');
      expect((await findPaper(store.db, '2604.07429'))?.githubStars).toBe(10);
      expect(await modifiedAt('2604.07429')).toBe(LATER);
    });

    it('reports unchanged when the incoming record only lacks fields the stored one has', async () => {
      await upsertPaper(store.db, paper, { now: NOW, observedAt: '2026-04-16T00:00:00.000Z' });
      const sparse = { ...paper, categories: [], primaryCategory: null, organization: null, aiKeywords: [] };
      expect(await upsertPaper(store.db, sparse, { now: LATER, observedAt: '2026-04-17T00:00:00.000Z' })).toBe('unchanged');
      expect(await findPaper(store.db, '2604.07429')).toEqual(paper);
    });

    it('does not let an older observation overwrite a newer one, but lets it fill gaps', async () => {
      await upsertPaper(store.db, { ...paper, projectPage: 'https://new.example.org' }, { now: NOW, observedAt: '2026-04-16T00:00:00.000Z' });
      const older = { ...paper, projectPage: 'https://old.example.org', doi: '10.1/old' };
      expect(await upsertPaper(store.db, older, { now: LATER, observedAt: '2026-04-10T00:00:00.000Z' })).toBe('updated');
      const stored = await findPaper(store.db, '2604.07429');
      expect(stored?.projectPage).toBe('https://new.example.org');
      expect(stored?.doi).toBe('10.1/old');
      const observed = await store.db.selectFrom('papers').select('observed_at').where('id', '=', '2604.07429').executeTakeFirst();
      expect(observed?.observed_at).toBe('2026-04-16T00:00:00.000Z');
    });

    it('lets a newer observation overwrite and records when it was observed', async () => {
      await upsertPaper(store.db, { ...paper, projectPage: 'https://old.example.org' }, { now: NOW, observedAt: '2026-04-10T00:00:00.000Z' });
      await upsertPaper(store.db, { ...paper, projectPage: 'https://new.example.org' }, { now: LATER, observedAt: '2026-04-16T00:00:00.000Z' });
      expect((await findPaper(store.db, '2604.07429'))?.projectPage).toBe('https://new.example.org');
      const observed = await store.db.selectFrom('papers').select('observed_at').where('id', '=', '2604.07429').executeTakeFirst();
      expect(observed?.observed_at).toBe('2026-04-16T00:00:00.000Z');
    });

    it('treats a record without an observation time as current', async () => {
      await upsertPaper(store.db, { ...paper, projectPage: 'https://a.example.org' }, { now: NOW, observedAt: '2026-04-16T00:00:00.000Z' });
      await upsertPaper(store.db, { ...paper, projectPage: 'https://b.example.org' }, { now: LATER, observedAt: null });
      expect((await findPaper(store.db, '2604.07429'))?.projectPage).toBe('https://b.example.org');
    });
  });

  describe('findPaper', () => {
    it('is null for an unknown id', async () => {
      expect(await findPaper(store.db, '2604.99999')).toBeNull();
    });

    it('finds ids of other sources and old-style arXiv ids exactly', async () => {
      await seed(store.db, [
        { id: 'openreview:rJ4km2R5t7', day: '2026-01-05', upvotes: 0 },
        { id: 'hep-th/9901001', day: '2026-01-05', upvotes: 0 },
      ]);
      expect((await findPaper(store.db, 'openreview:rJ4km2R5t7'))?.source).toBe('openreview');
      expect((await findPaper(store.db, 'hep-th/9901001'))?.title).toBe('Paper hep-th/9901001');
      expect(await findPaper(store.db, 'openreview:rj4km2r5t7')).toBeNull();
    });
  });

  describe('getPaperDetail', () => {
    it('is null for an unknown paper', async () => {
      expect(await getPaperDetail(store.db, '2604.99999')).toBeNull();
    });

    it('returns every listing of the paper, newest first, and the submitter of the newest', async () => {
      await seed(store.db, [
        { id: '2604.07429', day: '2026-04-10', upvotes: 2, comments: 1, by: 'taesiri' },
        { id: '2604.07429', day: '2026-04-16', upvotes: 42, comments: 3, by: 'yyyang' },
        { id: '2604.00001', day: '2026-04-16', upvotes: 5, by: 'someone' },
      ]);
      const detail = await getPaperDetail(store.db, '2604.07429');
      expect(detail?.paper.id).toBe('2604.07429');
      expect(detail?.listings).toMatchObject([
        { paperId: '2604.07429', day: '2026-04-16', submittedAt: '2026-04-16T06:00:00.000Z', submittedBy: 'yyyang', upvotes: 42, numComments: 3 },
        { paperId: '2604.07429', day: '2026-04-10', submittedAt: '2026-04-10T06:00:00.000Z', submittedBy: 'taesiri', upvotes: 2, numComments: 1 },
      ]);
      expect(detail?.submitter).toEqual({ username: 'yyyang', fullname: 'Full yyyang', avatarUrl: null, isPro: false, kind: 'user' });
    });

    it('gives no submitter when the newest listing has none, even if an older one has', async () => {
      await seed(store.db, [
        { id: '2604.07429', day: '2026-04-10', upvotes: 2, by: 'taesiri' },
        { id: '2604.07429', day: '2026-04-16', upvotes: 42 },
      ]);
      expect((await getPaperDetail(store.db, '2604.07429'))?.submitter).toBeNull();
    });

    it('returns a paper that was never listed with no listings and no submitter', async () => {
      await upsertPaper(store.db, paperRecord({ id: 'openreview:abc', source: 'openreview' }), { now: NOW, observedAt: null });
      expect(await getPaperDetail(store.db, 'openreview:abc')).toMatchObject({ paper: { id: 'openreview:abc' }, listings: [], submitter: null });
    });
  });

  describe('upsertUser', () => {
    it('keeps one row per username and refreshes its details', async () => {
      const user = { username: 'akhaliq', fullname: 'AK', avatarUrl: null, isPro: false, kind: 'user' };
      const first = await upsertUser(store.db, user, NOW);
      const second = await upsertUser(store.db, { ...user, fullname: 'A. K.', isPro: true }, LATER);
      expect(second).toBe(first);
      const rows = await store.db.selectFrom('users').selectAll().execute();
      expect(rows).toEqual([{ id: first, username: 'akhaliq', fullname: 'A. K.', avatar_url: null, is_pro: 1, kind: 'user', created_at: NOW, email: null, is_admin: 0, signed_up_at: null }]);
    });
  });
});
