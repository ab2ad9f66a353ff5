import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { recordThumbnailFailure, saveThumbnail, thumbnailCandidates, thumbnailCounts, thumbnailMetas, getThumbnail } from '../../src/store/thumbnails-repo.ts';
import { engines, seed } from './engines.ts';

const NOW = '2026-08-22T12:00:00.000Z';
const png = (paperId: string) => ({ paperId, bytes: new Uint8Array([1, 2, 3]), contentType: 'image/png', width: 10, height: 13, source: 'pdf' as const, hash: `h-${paperId}` });

for (const engine of engines) {
  describe(`thumbnails-repo on ${engine.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await engine.open();
      // 2608.00001 is listed twice: it counts once, at its newest day
      await seed(store.db, [
        { id: '2608.00001', day: '2026-08-17', upvotes: 1 },
        { id: '2608.00002', day: '2026-08-18', upvotes: 1 },
        { id: '2608.00003', day: '2026-08-19', upvotes: 1 },
        { id: '2608.00001', day: '2026-08-20', upvotes: 1 },
        { id: 'openreview:Abc', day: '2026-08-21', upvotes: 1 },
      ]);
    });
    afterEach(() => store.close());

    it('walks the listings newest first in bounded windows, each paper once, and says where the next starts', async () => {
      const all = await thumbnailCandidates(store.db, { now: NOW, pdfSources: ['arxiv'], from: null, rows: 100 });
      // openreview has no PDF we know and no image: not a candidate
      expect(all.candidates.map((c) => c.paperId)).toEqual(['2608.00001', '2608.00003', '2608.00002']);
      expect(all.next).toBeNull();
      const first = await thumbnailCandidates(store.db, { now: NOW, pdfSources: ['arxiv'], from: null, rows: 2 });
      expect(first.candidates.map((c) => c.paperId)).toEqual(['2608.00001']);
      expect(first.next).toEqual({ day: '2026-08-20', paperId: '2608.00001' });
      const second = await thumbnailCandidates(store.db, { now: NOW, pdfSources: ['arxiv'], from: first.next, rows: 2 });
      expect(second.candidates.map((c) => c.paperId)).toEqual(['2608.00003', '2608.00002']);
      const third = await thumbnailCandidates(store.db, { now: NOW, pdfSources: ['arxiv'], from: second.next, rows: 2 });
      expect(third.candidates.map((c) => c.paperId)).toEqual(['2608.00001']);
      expect(third.next).toBeNull();
      // without PDFs, only papers a listing names an image for
      expect((await thumbnailCandidates(store.db, { now: NOW, pdfSources: [], from: null, rows: 100 })).candidates).toEqual([]);
    });

    it('leaves out stored papers and failed ones until their time comes; a later success clears the failures', async () => {
      await saveThumbnail(store.db, png('2608.00003'), NOW);
      await recordThumbnailFailure(store.db, '2608.00002', 'HTTP 404', NOW, '2026-08-22T13:00:00.000Z');
      await recordThumbnailFailure(store.db, '2608.00002', 'HTTP 404 again', NOW, '2026-08-22T14:00:00.000Z');
      const ids = async (now: string) => (await thumbnailCandidates(store.db, { now, pdfSources: ['arxiv'], from: null, rows: 100 })).candidates.map((c) => [c.paperId, c.attempts]);
      expect(await ids(NOW)).toEqual([['2608.00001', 0]]);
      expect(await ids('2026-08-22T14:00:00.000Z')).toEqual([['2608.00001', 0], ['2608.00002', 2]]);
      expect(await thumbnailCounts(store.db)).toEqual({ listed: 4, stored: 1, bySource: { upstream: 0, pdf: 1 }, failing: 1 });
      await saveThumbnail(store.db, png('2608.00002'), NOW);
      expect(await ids('2026-08-23T00:00:00.000Z')).toEqual([['2608.00001', 0]]);
      expect((await thumbnailMetas(store.db, ['2608.00002', '2608.00001'])).get('2608.00002')).toEqual({ width: 10, height: 13, hash: 'h-2608.00002', source: 'pdf' });
      expect([...(await getThumbnail(store.db, '2608.00002'))!.bytes]).toEqual([1, 2, 3]);
      expect(await getThumbnail(store.db, '2608.00001')).toBeNull();
    });
  });
}
