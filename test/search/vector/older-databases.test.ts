/**
 * Databases written before the vector index's tables came from a migration
 * (0006_vector_index): each is built the way the code of its time left it (the
 * same SQL, the same encodings), then opened with the code of now, which does
 * not load sqlite-vec. The vectors must all be there and still be found.
 */
import crypto from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeHalf } from '../../../src/search/vector/half.ts';
import { openVectorIndex } from '../../../src/search/vector/ivf-index.ts';
import { Migrator } from 'kysely';
import { migrationProvider } from '../../../src/store/migrations/index.ts';
import { openSqlite } from '../../../src/store/sqlite/open-sqlite.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { scratchDir } from '../../fixtures/files.ts';
import { clustered } from './clustered.ts';

const DIM = 24;
const scratch = scratchDir();
afterAll(() => scratch.remove());

/**
 * Undoes the migrations after 0006 (their own `down`), so that forgetting 0006's record below
 * leaves a database as it was before 0006, not one with later migrations and a gap.
 */
async function undoMigrationsAfterVectorIndex(file: string): Promise<void> {
  const { db, watcher, raw } = openSqlite(file);
  const r = await new Migrator({ db, provider: migrationProvider }).migrateTo('0006_vector_index');
  await db.destroy();
  if (watcher !== raw && watcher.open) watcher.close();
  if (r.error) throw r.error;
}

let files = 0;
/**
 * A database as the code before migration 0006 left it: every other table as
 * now, migrations up to 0004, and the vector tables `build` makes with `raw`.
 */
async function olderDatabase(build: (raw: SqliteDatabase.Database) => void): Promise<string> {
  const file = scratch.file(`older-${++files}.db`);
  await (await openStore(file)).close();
  await undoMigrationsAfterVectorIndex(file);
  const raw = new SqliteDatabase(file);
  for (const t of ['vector_items', 'vector_list_items', 'vector_lists', 'vector_codebook', 'vector_state']) raw.exec(`DROP TABLE ${t}`);
  raw.prepare(`DELETE FROM kysely_migration WHERE name = '0006_vector_index'`).run();
  build(raw);
  raw.close();
  return file;
}

/** The stored vectors, byte for byte: what must survive every migration. */
function vectorsDigest(file: string): { count: number; sha: string } {
  const raw = new SqliteDatabase(file, { readonly: true });
  const hash = crypto.createHash('sha256');
  let count = 0;
  for (const r of raw.prepare<[], { rowid: number; vector: Buffer }>('SELECT rowid, vector FROM vector_items ORDER BY rowid').iterate()) {
    hash.update(`${r.rowid}:`).update(r.vector);
    count++;
  }
  raw.close();
  return { count, sha: hash.digest('hex') };
}

const tablesOf = (file: string): string[] => {
  const raw = new SqliteDatabase(file, { readonly: true });
  const names = raw.prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
  const ok = raw.pragma('integrity_check', { simple: true });
  raw.close();
  expect(ok).toBe('ok');
  return names;
};

const stateOf = (file: string): unknown => {
  const raw = new SqliteDatabase(file, { readonly: true });
  const row = raw.prepare('SELECT trained_on, generation, items, seq FROM vector_state').get();
  raw.close();
  return row;
};

function insertVectors(raw: SqliteDatabase.Database, vectors: readonly Float32Array[]): void {
  const put = raw.prepare('INSERT INTO vector_items(rowid, vector) VALUES (?, ?)');
  raw.transaction(() => vectors.forEach((v, i) => put.run(i + 1, encodeHalf(v))))();
  raw.prepare('INSERT OR REPLACE INTO search_vectors_meta(id, model, dimensions) VALUES (1, ?, ?)').run('m', DIM);
}

async function expectFound(file: string, vectors: readonly Float32Array[]): Promise<void> {
  const store: Store = await openStore(file);
  try {
    const index = openVectorIndex(store);
    expect(index.current()).toEqual({ model: 'm', dimensions: DIM });
    expect(index.count()).toBe(vectors.length);
    for (const i of [0, 1_234, 2_500, vectors.length - 1]) expect(index.nearest(vectors[i]!, 1)[0]).toEqual({ rowid: i + 1, similarity: expect.closeTo(1, 3) });
  } finally {
    await store.close();
  }
}

describe('opening a database of an older vector format', () => {
  it('adopts the tables the index used to create itself, as they are (no retraining, same counters)', async () => {
    const vectors = clustered(5_000, 40, DIM);
    const file = scratch.file('current-shape.db');
    {
      const store = await openStore(file);
      const index = openVectorIndex(store);
      index.prepare('m', DIM);
      for (let i = 0; i < vectors.length; i += 500) index.upsert(vectors.slice(i, i + 500).map((vector, j) => ({ rowid: i + j + 1, vector })));
      await store.close();
    }
    // the tables of now are the ones the index made with the same SQL: only the migration's record tells them apart
    await undoMigrationsAfterVectorIndex(file);
    const raw = new SqliteDatabase(file);
    raw.prepare(`DELETE FROM kysely_migration WHERE name = '0006_vector_index'`).run();
    const rows = (t: string) => raw.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
    const before = { state: raw.prepare('SELECT * FROM vector_state').get(), lists: rows('vector_lists'), assigned: rows('vector_list_items'), codebook: rows('vector_codebook') };
    raw.close();
    const digest = vectorsDigest(file);
    await expectFound(file, vectors);
    const after = new SqliteDatabase(file, { readonly: true });
    const counts = (t: string) => after.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
    expect({ state: after.prepare('SELECT * FROM vector_state').get(), lists: counts('vector_lists'), assigned: counts('vector_list_items'), codebook: counts('vector_codebook') }).toEqual(before);
    expect(after.prepare(`SELECT count(*) FROM kysely_migration WHERE name = '0006_vector_index'`).pluck().get()).toBe(1);
    after.close();
    expect(vectorsDigest(file)).toEqual(digest);
  });

  it('keeps the vectors of the int8 format (lists without codes) and retrains', async () => {
    const vectors = clustered(5_000, 41, DIM);
    const file = await olderDatabase((raw) => {
      // the SQL of that version
      raw.exec('CREATE TABLE IF NOT EXISTS vector_items (rowid INTEGER PRIMARY KEY, vector BLOB NOT NULL)');
      raw.exec('CREATE TABLE IF NOT EXISTS vector_list_items (rowid INTEGER PRIMARY KEY, list INTEGER NOT NULL, seq INTEGER NOT NULL)');
      raw.exec('CREATE INDEX IF NOT EXISTS vector_list_items_seq ON vector_list_items(seq)');
      raw.exec('CREATE TABLE IF NOT EXISTS vector_lists (level INTEGER NOT NULL, list INTEGER NOT NULL, parent INTEGER NOT NULL, centroid BLOB NOT NULL, PRIMARY KEY (level, list))');
      raw.exec(
        'CREATE TABLE IF NOT EXISTS vector_state (id INTEGER PRIMARY KEY CHECK (id = 1), scale REAL NOT NULL, trained_on INTEGER NOT NULL, generation INTEGER NOT NULL, items INTEGER NOT NULL, seq INTEGER NOT NULL DEFAULT 0)',
      );
      insertVectors(raw, vectors);
      const assign = raw.prepare('INSERT INTO vector_list_items(rowid, list, seq) VALUES (?, 0, 17)');
      raw.transaction(() => vectors.forEach((_, i) => assign.run(i + 1)))();
      raw.exec('INSERT INTO vector_state VALUES (1, 300, 5000, 4, 5000, 17)');
    });
    const digest = vectorsDigest(file);
    await expectFound(file, vectors);
    expect(vectorsDigest(file)).toEqual(digest);
    // one generation for the migration, one for the training; seq carried on, then bumped by the training
    expect(stateOf(file)).toEqual({ trained_on: 5_000, generation: 6, items: 5_000, seq: 18 });
    const raw = new SqliteDatabase(file, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n, min(length(code)) AS bytes FROM vector_list_items').get()).toEqual({ n: 5_000, bytes: 32 });
    raw.close();
  });

  it('keeps the vectors of the sqlite-vec format (int8 codes in a vec0 table) and drops that table without sqlite-vec', async () => {
    const vectors = clustered(5_000, 42, DIM);
    const file = await olderDatabase((raw) => {
      sqliteVec.load(raw); // the code of that version loaded it; the code of now does not
      raw.exec('CREATE TABLE vector_items (rowid INTEGER PRIMARY KEY, vector BLOB NOT NULL)');
      raw.exec(`CREATE VIRTUAL TABLE vector_codes USING vec0(list integer partition key, code int8[${DIM}], chunk_size=128)`);
      raw.exec('CREATE TABLE vector_lists (level INTEGER NOT NULL, list INTEGER NOT NULL, parent INTEGER NOT NULL, centroid BLOB NOT NULL, PRIMARY KEY (level, list))');
      raw.exec('CREATE TABLE vector_state (id INTEGER PRIMARY KEY CHECK (id = 1), scale REAL NOT NULL, trained_on INTEGER NOT NULL, generation INTEGER NOT NULL, items INTEGER NOT NULL)');
      insertVectors(raw, vectors);
      const code = raw.prepare('INSERT INTO vector_codes(rowid, list, code) VALUES (?, 0, vec_int8(?))');
      raw.transaction(() => vectors.forEach((_, i) => code.run(BigInt(i + 1), Buffer.alloc(DIM))))();
      raw.exec('INSERT INTO vector_state VALUES (1, 300, 5000, 3, 5000)');
    });
    expect(tablesOf(file).filter((t) => t.startsWith('vector_codes'))).not.toEqual([]);
    const digest = vectorsDigest(file);
    await expectFound(file, vectors);
    expect(vectorsDigest(file)).toEqual(digest);
    expect(tablesOf(file).filter((t) => t.startsWith('vector_codes'))).toEqual([]);
    expect(stateOf(file)).toEqual({ trained_on: 5_000, generation: 5, items: 5_000, seq: 1 });
    await expectFound(file, vectors); // and again: nothing left to migrate
  });

  it('opens a database of the first format (float32 vectors in a vec0 table) and starts its vectors over', async () => {
    const file = await olderDatabase((raw) => {
      sqliteVec.load(raw);
      raw.exec(`CREATE VIRTUAL TABLE paper_vectors USING vec0(embedding float[${DIM}] distance_metric=cosine)`);
      const put = raw.prepare('INSERT OR REPLACE INTO paper_vectors(rowid, embedding) VALUES (?, ?)');
      for (const [i, v] of clustered(50, 43, DIM).entries()) put.run(BigInt(i + 1), Buffer.from(v.buffer));
      raw.prepare('INSERT OR REPLACE INTO search_vectors_meta(id, model, dimensions) VALUES (1, ?, ?)').run('m', DIM);
    });
    const store = await openStore(file);
    try {
      const index = openVectorIndex(store);
      // as before: that format's vectors are not kept, papers are embedded again (papersWithoutVector)
      expect(index.count()).toBe(0);
      const again = clustered(50, 44, DIM);
      index.prepare('m', DIM);
      index.upsert(again.map((vector, i) => ({ rowid: i + 1, vector })));
      expect(index.nearest(again[7]!, 1)[0]!.rowid).toBe(8);
    } finally {
      await store.close();
    }
    expect(tablesOf(file).filter((t) => t.startsWith('paper_vectors'))).toEqual([]);
  });
});
