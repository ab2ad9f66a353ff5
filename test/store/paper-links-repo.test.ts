/** Link edits in the store: written with a log, and kept by both import paths (one by one and in bulk). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../src/store/db.ts';
import { linkEditsOf, writeLinks } from '../../src/store/paper-links-repo.ts';
import { upsertPapersAndVersions } from '../../src/store/papers-bulk-repo.ts';
import { findPaper, upsertPaper } from '../../src/store/papers-repo.ts';
import { contentHash, paperToRow } from '../../src/store/paper-rows.ts';
import type { Store } from '../../src/store/store.ts';
import { upsertUser } from '../../src/store/users-repo.ts';
import { paperRecord } from '../fixtures/records.ts';
import { engines, NOW } from './engines.ts';

const ID = '2401.00001';
const upstream = (over: Parameters<typeof paperRecord>[0] = {}) => paperRecord({ id: ID, githubRepo: 'https://github.com/up/repo', githubStars: 5, projectPage: 'https://up.example.org', ...over });

for (const engine of engines) {
  describe(`paper link edits (${engine.name})`, () => {
    let store: Store;
    let userId: number;
    beforeEach(async () => {
      store = await engine.open();
      userId = await upsertUser(store.db, { username: 'ada', fullname: null, avatarUrl: null, isPro: false, kind: 'user' }, NOW);
      await upsertPaper(store.db, upstream(), { now: NOW, observedAt: '2026-01-01T00:00:00Z' });
    });
    afterEach(async () => {
      await store.close();
    });

    it('writes only what changed, logs it, and keeps the content hash true', async () => {
      const changed = await writeTransaction(store.db, (trx) => writeLinks(trx, ID, { githubRepo: 'https://github.com/ada/fixed', projectPage: 'https://up.example.org' }, userId, NOW));
      expect(changed).toEqual(['githubRepo']);
      const row = await store.db.selectFrom('papers').selectAll().where('id', '=', ID).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ github_repo: 'https://github.com/ada/fixed', github_stars: null, github_repo_local: 1, project_page_local: 0 });
      expect(row.content_hash).toBe(contentHash(paperToRow((await findPaper(store.db, ID))!)));
      expect(await linkEditsOf(store.db, ID, 10)).toEqual([{ field: 'githubRepo', oldValue: 'https://github.com/up/repo', newValue: 'https://github.com/ada/fixed', at: NOW, username: 'ada' }]);
      expect(await writeTransaction(store.db, (trx) => writeLinks(trx, ID, { githubRepo: 'https://github.com/ada/fixed', projectPage: 'https://up.example.org' }, userId, NOW))).toEqual([]);
    });

    it('the bulk import path keeps local links too, even with two records of the paper in one batch', async () => {
      await writeTransaction(store.db, (trx) => writeLinks(trx, ID, { githubRepo: 'https://github.com/up/repo', projectPage: 'https://ada.example.org' }, userId, NOW));
      await upsertPapersAndVersions(
        store.db,
        [
          { paper: upstream({ title: 'v2', githubRepo: 'https://github.com/up/again', projectPage: 'https://up.example.org/2' }), observedAt: '2026-02-01T00:00:00Z' },
          { paper: upstream({ title: 'v3', githubRepo: 'https://github.com/up/third', projectPage: 'https://up.example.org/3' }), observedAt: '2026-03-01T00:00:00Z' },
        ],
        [],
        NOW,
      );
      const p = (await findPaper(store.db, ID))!;
      expect(p.title).toBe('v3');
      expect(p.githubRepo).toBe('https://github.com/up/third'); // never edited here: imports still update it
      expect(p.projectPage).toBe('https://ada.example.org');
    });
  });
}
