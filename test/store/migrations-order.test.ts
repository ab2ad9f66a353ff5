import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/store/migrations/index.ts';
import { migratorFor, openStore } from '../../src/store/store.ts';

let dir: string | null = null;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('migrations merged out of order', () => {
  it('a database that ran 0010_thumbnails still takes an 0008 merged after it', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-migrate-'));
    const file = path.join(dir, 'db.sqlite');
    const store = await openStore(file);
    const ran = (await migratorFor(store.db).getMigrations()).filter((m) => m.executedAt).map((m) => m.name);
    expect(ran).toContain('0010_thumbnails');
    expect(ran).not.toContain('0008_merged_later');

    const later: Migration = {
      up: async (db: Kysely<unknown>) => {
        await db.schema.createTable('merged_later').addColumn('id', 'integer').execute();
      },
    };
    const withLater = { getMigrations: async () => ({ ...(await migrationProvider.getMigrations()), '0008_merged_later': later }) };
    const { error, results } = await migratorFor(store.db, withLater).migrateToLatest();
    expect(error).toBeUndefined();
    expect(results?.map((r) => [r.migrationName, r.status])).toEqual([['0008_merged_later', 'Success']]);
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('merged_later', 'thumbnails') ORDER BY name`.execute(store.db);
    expect(tables.rows.map((r) => r.name)).toEqual(['merged_later', 'thumbnails']);
    await store.close();
  });
});
