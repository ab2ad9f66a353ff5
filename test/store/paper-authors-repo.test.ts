import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { authorNameKey } from '../../src/domain/author-name.ts';
import * as m0013 from '../../src/store/migrations/0013_collections_authors.ts';
import { papersByAuthorKey } from '../../src/store/paper-authors-repo.ts';
import { upsertPapersAndVersions } from '../../src/store/papers-bulk-repo.ts';
import { upsertPaper } from '../../src/store/papers-repo.ts';
import { paperRecord } from '../fixtures/records.ts';
import { engines, NOW } from './engines.ts';

const authors = (...names: string[]) => names.map((name) => ({ name }));

describe('authorNameKey', () => {
  it('meets across spacing, case and compatibility forms, keeps accents', () => {
    expect(authorNameKey('  Jane \t Doe ')).toBe('jane doe');
    expect(authorNameKey('JANE DOE')).toBe('jane doe');
    expect(authorNameKey('Ｊａｎｅ Doe')).toBe('jane doe'); // full-width letters (NFKC)
    expect(authorNameKey('José')).not.toBe(authorNameKey('Jose'));
    expect(authorNameKey('Jose\u0301')).toBe(authorNameKey('José')); // combining accent (NFKC composes)
  });
});

for (const engine of engines) {
  describe(`paper_authors (${engine.name})`, () => {
    it('follows the authors written row by row and a page at a time', async () => {
      const store = await engine.open();
      try {
        await upsertPaper(store.db, paperRecord({ id: '2601.00001', authors: authors('Jane  Doe', 'Alan Turing') }), { now: NOW, observedAt: '2026-01-01' });
        await upsertPapersAndVersions(store.db, [{ paper: paperRecord({ id: '2601.00002', authors: authors('jane doe') }), observedAt: '2026-01-01' }], [], NOW);
        expect((await papersByAuthorKey(store.db, 'jane doe', 0, 10)).paperIds.toSorted()).toEqual(['2601.00001', '2601.00002']);
        // a newer description with other authors replaces the rows; an older one changes nothing
        await upsertPaper(store.db, paperRecord({ id: '2601.00001', authors: authors('Grace Hopper') }), { now: NOW, observedAt: '2026-02-01' });
        await upsertPapersAndVersions(store.db, [{ paper: paperRecord({ id: '2601.00002', authors: authors('Grace Hopper') }), observedAt: '2026-02-01' }], [], NOW);
        expect((await papersByAuthorKey(store.db, 'jane doe', 0, 10)).total).toBe(0);
        expect((await papersByAuthorKey(store.db, 'grace hopper', 0, 10)).total).toBe(2);
        await upsertPaper(store.db, paperRecord({ id: '2601.00001', authors: authors('Old Name') }), { now: NOW, observedAt: '2025-01-01' });
        expect((await papersByAuthorKey(store.db, 'old name', 0, 10)).total).toBe(0);
      } finally {
        await store.close();
      }
    });

    it('the migration fills the rows of papers already stored', async () => {
      const store = await engine.open();
      try {
        await upsertPaper(store.db, paperRecord({ id: '2601.00001', authors: authors('Ada  Lovelace', '', 'Alan Turing') }), { now: NOW, observedAt: null });
        await m0013.down(store.db);
        await m0013.up(store.db);
        const rows = await sql<{ position: number; name_key: string }>`SELECT position, name_key FROM paper_authors ORDER BY position`.execute(store.db);
        expect(rows.rows).toEqual([
          { position: 0, name_key: 'ada lovelace' },
          { position: 2, name_key: 'alan turing' },
        ]);
      } finally {
        await store.close();
      }
    });
  });
}
