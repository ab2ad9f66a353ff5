import { type Kysely, sql } from 'kysely';

/**
 * The vector index's tables (src/store/vectors-repo.ts says what each holds):
 *
 *   vector_items       rowid → the paper's vector (float16)
 *   vector_list_items  rowid → its list, its code and the `seq` of the write that put it there
 *   vector_lists       the lists' centroids (level 1) under a few top centroids (level 0)
 *   vector_codebook    the directions and steps the codes are made with
 *   vector_state       vector count, vectors trained on, `generation` and `seq` (what other connections watch)
 *
 * Until this migration the index created them itself, so a database may hold
 * them already, in the current shape or an older one:
 *  - the current shape is adopted as it is (CREATE TABLE IF NOT EXISTS);
 *  - an older shape (int8 codes in a sqlite-vec table, lists without codes, a
 *    vector_state with `scale` and no `seq`) keeps its vectors and loses what
 *    the index relearns from them: assignments, codes, lists, codebook.
 *    vector_state then reads "n vectors, not trained" (trained_on 0), one
 *    generation on and with its seq, and the index retrains when it next opens
 *    (src/search/vector/ivf-index.ts). The counters never go back, so another
 *    connection that loaded the old lists reloads.
 * The sqlite-vec virtual tables of those shapes are gone before migrations run
 * (sqlite/legacy-vec0.ts): Kysely's migrator cannot even list the tables of a
 * schema holding a virtual table whose module is not loaded.
 */
const TABLES = [
  'CREATE TABLE IF NOT EXISTS vector_items (rowid INTEGER PRIMARY KEY, vector BLOB NOT NULL)',
  'CREATE TABLE IF NOT EXISTS vector_list_items (rowid INTEGER PRIMARY KEY, list INTEGER NOT NULL, seq INTEGER NOT NULL, code BLOB NOT NULL)',
  'CREATE INDEX IF NOT EXISTS vector_list_items_seq ON vector_list_items(seq)',
  'CREATE TABLE IF NOT EXISTS vector_lists (level INTEGER NOT NULL, list INTEGER NOT NULL, parent INTEGER NOT NULL, centroid BLOB NOT NULL, PRIMARY KEY (level, list))',
  'CREATE TABLE IF NOT EXISTS vector_codebook (id INTEGER PRIMARY KEY CHECK (id = 1), reduced INTEGER NOT NULL, basis BLOB NOT NULL, steps BLOB NOT NULL)',
  'CREATE TABLE IF NOT EXISTS vector_state (id INTEGER PRIMARY KEY CHECK (id = 1), trained_on INTEGER NOT NULL, generation INTEGER NOT NULL, items INTEGER NOT NULL, seq INTEGER NOT NULL)',
];
const NAMES = ['vector_items', 'vector_list_items', 'vector_lists', 'vector_codebook', 'vector_state'];

export async function up(db: Kysely<unknown>): Promise<void> {
  // one transaction (Kysely runs SQLite migrations without one): a crash half-way must not lose the counters
  await db.transaction().execute(async (trx) => {
    const names = async (query: ReturnType<typeof sql<{ name: string }>>) => new Set((await query.execute(trx)).rows.map((r) => r.name));
    const tables = await names(sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`);
    const columns = (table: string) => names(sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`);
    const stateColumns = await columns('vector_state');
    const current =
      NAMES.every((t) => tables.has(t)) &&
      (await columns('vector_list_items')).has('code') &&
      [...stateColumns].sort().join() === 'generation,id,items,seq,trained_on';
    if (!current) {
      const previous = tables.has('vector_state')
        ? (await sql<{ generation: number; seq: number }>`SELECT generation, ${sql.raw(stateColumns.has('seq') ? 'seq' : '0 AS seq')} FROM vector_state WHERE id = 1`.execute(trx)).rows[0]
        : undefined;
      for (const t of ['vector_list_items', 'vector_codebook', 'vector_state']) await sql`DROP TABLE IF EXISTS ${sql.id(t)}`.execute(trx);
      if (tables.has('vector_lists')) await sql`DELETE FROM vector_lists`.execute(trx);
      for (const statement of TABLES) await sql.raw(statement).execute(trx);
      if (previous || tables.has('vector_items')) {
        await sql`INSERT INTO vector_state(id, trained_on, generation, items, seq)
          VALUES (1, 0, ${(previous?.generation ?? 0) + 1}, (SELECT count(*) FROM vector_items), ${previous?.seq ?? 0})`.execute(trx);
      }
    }
    for (const statement of TABLES) await sql.raw(statement).execute(trx);
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of NAMES) await db.schema.dropTable(t).ifExists().execute();
}
