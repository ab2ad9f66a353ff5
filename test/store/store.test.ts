import { afterAll, describe, expect, it } from 'vitest';
import { upsertPaper } from '../../src/store/papers-repo.ts';
import { migrationProvider } from '../../src/store/migrations/index.ts';
import { openStore } from '../../src/store/store.ts';
import { scratchDir } from '../fixtures/files.ts';
import { paperRecord } from '../fixtures/records.ts';
import { NOW } from './engines.ts';

const scratch = scratchDir();
afterAll(() => scratch.remove());

describe('openStore', () => {
  it('creates the schema on a fresh database', async () => {
    const store = await openStore(':memory:');
    try {
      const tables = await store.db.introspection.getTables();
      expect(tables.map((t) => t.name).filter((n) => !n.startsWith('kysely_') && !n.startsWith('papers_fts_')).sort()).toEqual([
        'api_tokens',
        'author_claims',
        'collection_papers',
        'collections',
        'comments',
        'daily_listings',
        'digest_sends',
        'digest_subscribers',
        'host_turns',
        'ingest_state',
        'instance_secrets',
        'paper_activity',
        'paper_authors',
        'paper_link_edits',
        'paper_versions',
        'papers',
        'papers_fts',
        'rate_limit_hits',
        'search_changes',
        'search_models',
        'search_vectors_meta',
        'sessions',
        'sign_in_links',
        'thumbnails',
        'users',
        'vector_codebook',
        'vector_items',
        'vector_list_items',
        'vector_lists',
        'vector_state',
        'votes',
      ]);
    } finally {
      await store.close();
    }
  });

  it('reopens an existing database file without migrating it twice, keeping its data', async () => {
    const file = scratch.file('nested/dir/reopen.db');
    const first = await openStore(file);
    await upsertPaper(first.db, paperRecord(), { now: NOW, observedAt: null });
    await first.close();
    const second = await openStore(file);
    try {
      const migrations = await second.db.selectFrom('kysely_migration' as never).selectAll().execute();
      expect(migrations).toHaveLength(Object.keys(await migrationProvider.getMigrations()).length);
      expect(await second.db.selectFrom('papers').select('id').execute()).toEqual([{ id: '2401.00001' }]);
    } finally {
      await second.close();
    }
  });
});

describe('dataVersion', () => {
  it('changes after a committed write and stays put otherwise (in memory)', async () => {
    const store = await openStore(':memory:');
    try {
      const before = store.dataVersion();
      expect(store.dataVersion()).toBe(before);
      await store.db.selectFrom('papers').selectAll().execute();
      expect(store.dataVersion()).toBe(before);
      await upsertPaper(store.db, paperRecord(), { now: NOW, observedAt: null });
      const after = store.dataVersion();
      expect(after).not.toBe(before);
      expect(store.dataVersion()).toBe(after);
    } finally {
      await store.close();
    }
  });

  it('changes after a write through this connection or another one (file)', async () => {
    const file = scratch.file('shared.db');
    const reader = await openStore(file);
    const writer = await openStore(file);
    try {
      const v0 = reader.dataVersion();
      await upsertPaper(reader.db, paperRecord({ id: '2401.00001' }), { now: NOW, observedAt: null });
      const v1 = reader.dataVersion();
      expect(v1).not.toBe(v0);
      await upsertPaper(writer.db, paperRecord({ id: '2401.00002' }), { now: NOW, observedAt: null });
      const v2 = reader.dataVersion();
      expect(v2).not.toBe(v1);
      expect(reader.dataVersion()).toBe(v2);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
