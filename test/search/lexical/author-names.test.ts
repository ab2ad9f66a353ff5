/**
 * Papers are found by their authors' names, and only by them: the authors
 * column's JSON keys (`name`, `username`) and usernames are not words of a
 * paper (migration 0007). FTS5 and the in-memory index index the same text;
 * a database built before 0007 is reindexed when it opens.
 */
import SqliteDatabase from 'better-sqlite3';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE } from '../../../src/ingest/demo-data.ts';
import { importFiles } from '../../../src/ingest/import-files.ts';
import { indexTerms } from '../../../src/search/lexical/index-tokens.ts';
import { InvertedIndex } from '../../../src/search/lexical/inverted-index.ts';
import { ftsExpression, parseQuery } from '../../../src/search/query.ts';
import { migrationProvider } from '../../../src/store/migrations/index.ts';
import { DEFAULT_FIELD_WEIGHTS, lexicalSearch } from '../../../src/store/search-repo.ts';
import { searchableTextsAfter } from '../../../src/store/search-text-repo.ts';
import { openSqlite } from '../../../src/store/sqlite/open-sqlite.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import type { Db } from '../../../src/store/db.ts';
import { scratchDir } from '../../fixtures/files.ts';

const scratch = scratchDir();
const W = DEFAULT_FIELD_WEIGHTS;
const NO_FILTERS = { categories: [], from: null, to: null };
const term = (w: string) => indexTerms(w)[0]!;

let store: Store;
beforeAll(async () => {
  store = await openStore(':memory:');
  await importFiles(store.db, [DEMO_FILE]);
}, 60_000);
afterAll(async () => {
  await store.close();
  scratch.remove();
});

async function count(db: Db, match: string): Promise<number> {
  return Number((await sql<{ n: number }>`SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH ${match}`.execute(db)).rows[0]!.n);
}
async function papers(db: Db): Promise<number> {
  return Number((await sql<{ n: number }>`SELECT count(*) AS n FROM papers`.execute(db)).rows[0]!.n);
}
/** ids of the papers a search box query finds by words (FTS5) */
async function found(db: Db, query: string): Promise<string[]> {
  const hits = await lexicalSearch(db, ftsExpression(parseQuery(query)), NO_FILTERS, 1000);
  const ids = await sql<{ rowid: number; id: string }>`SELECT rowid, id FROM papers WHERE rowid IN (${sql.join(hits.map((h) => h.rowid))})`.execute(db);
  const byRowid = new Map(ids.rows.map((r) => [r.rowid, r.id]));
  return hits.map((h) => byRowid.get(h.rowid)!);
}

/** What every database, new or migrated, must answer (the demo papers: 2608.14036 is by Siyuan Huang, username chamber111). */
async function expectNamesOnly(db: Db): Promise<void> {
  expect(await papers(db)).toBeGreaterThan(400);
  const all = await papers(db);
  // a few abstracts say "name"; the authors column says it of none
  for (const word of ['name', 'username', 'hidden', 'id', 'chamber111']) {
    expect(await count(db, `authors : "${word}"`), word).toBe(0);
    expect(await count(db, `"${word}"`), word).toBeLessThan(all / 10);
  }
  const [paper] = (await sql<{ id: string; authors_json: string }>`SELECT id, authors_json FROM papers WHERE authors_json LIKE '%"Siyuan Huang"%' LIMIT 1`.execute(db)).rows;
  expect(paper).toBeDefined();
  expect(await found(db, 'author:"Siyuan Huang"')).toContain(paper!.id);
  expect(await found(db, 'Siyuan Huang')).toContain(paper!.id);
  // FTS5 agrees with its content: every paper's indexed text is what the view says
  await sql`INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)`.execute(db);
}

describe('the word index holds authors by name', () => {
  it('does not match every paper for a JSON key, and still finds authors by author: and by plain words', async () => {
    await expectNamesOnly(store.db);
  });

  it('in memory: no JSON key is a term, and scores equal FTS5 for author words', async () => {
    const index = new InvertedIndex(W);
    for (const t of await searchableTextsAfter(store.db, -1, 10_000)) index.set(t.rowid, t);
    expect(index.documentFrequency(term('name'))).toBe(await count(store.db, '"name"'));
    expect(index.documentFrequency(term('name'))).toBeLessThan(index.size / 10);
    expect(index.documentFrequency(term('username'))).toBe(0);
    const words = ['huang', 'cheng', 'liu', 'name', 'agents'];
    const fts = await sql<{ rowid: number; score: number }>`
      SELECT rowid, -bm25(papers_fts, ${W.title}, ${W.abstract}, ${W.authors}) AS score FROM papers_fts
      WHERE papers_fts MATCH ${words.map((w) => `"${w}"`).join(' OR ')} ORDER BY score DESC, rowid`.execute(store.db);
    const got = index.search({ terms: words.map(term), limit: 1000 }).hits;
    expect(got.length).toBeGreaterThan(20);
    expect(got.map((h) => h.rowid)).toEqual(fts.rows.map((h) => h.rowid));
    got.forEach((h, i) => expect(h.score).toBeCloseTo(fts.rows[i]!.score, 9));
  });

  it('keeps FTS5 in step when authors change and papers go', async () => {
    const db = store.db;
    const [row] = (await sql<{ rowid: number }>`SELECT rowid FROM papers ORDER BY rowid LIMIT 1`.execute(db)).rows;
    await sql`UPDATE papers SET authors_json = ${JSON.stringify([{ name: 'Zebulon Quixotic', username: 'zq' }])} WHERE rowid = ${row!.rowid}`.execute(db);
    expect(await count(db, 'authors : "zebulon quixotic"')).toBe(1);
    expect(await count(db, '"zq"')).toBe(0);
    await sql`DELETE FROM papers WHERE rowid = ${row!.rowid}`.execute(db);
    expect(await count(db, '"zebulon"')).toBe(0);
    await sql`INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)`.execute(db);
  });
});

describe('a database built before authors were indexed by name', () => {
  it('is reindexed by name when it opens', async () => {
    const file = scratch.file('before-0007.db');
    // today's import writes tables of later migrations (accounts, authors): the papers are imported into a
    // current database and copied, column by column as 0006 had them, into one migrated to 0006
    const current = scratch.file('current-for-0006.db');
    const today = await openStore(current);
    await importFiles(today.db, [DEMO_FILE]);
    await today.close();
    const old = openSqlite(file);
    const { error } = await new Migrator({ db: old.db, provider: migrationProvider }).migrateTo('0006_vector_index');
    expect(error).toBeUndefined();
    const columns = (old.raw.prepare(`SELECT name FROM pragma_table_info('papers')`).pluck().all() as string[]).join(', ');
    old.raw.exec(`ATTACH DATABASE '${current.replace(/'/g, "''")}' AS cur; INSERT INTO papers (${columns}) SELECT ${columns} FROM cur.papers; DETACH DATABASE cur;`);
    expect(await count(old.db, '"name"')).toBe(await papers(old.db)); // the old index: every paper has the word
    await old.db.destroy();

    const raw = new SqliteDatabase(file);
    expect(raw.prepare(`SELECT max(name) FROM kysely_migration`).pluck().get()).toBe('0006_vector_index');
    raw.close();
    const migrated = await openStore(file);
    try {
      await expectNamesOnly(migrated.db);
    } finally {
      await migrated.close();
    }
  }, 60_000);
});
