/**
 * Removes the sqlite-vec (vec0) virtual tables older versions kept vectors and
 * codes in (`paper_vectors`, then `vector_codes`), without loading sqlite-vec.
 *
 * Why here and not in a numbered migration: a schema that names a virtual
 * table whose module is not loaded cannot be listed (pragma_table_info fails
 * with "no such module: vec0"), and Kysely's migrator lists the tables before
 * it runs any migration. DROP TABLE needs the module too. So this runs on the
 * raw connection before migrations, and only does anything on a database that
 * still has such a table:
 *  - the virtual table's schema row is deleted (PRAGMA writable_schema, the
 *    procedure of https://www.sqlite.org/lang_altertable.html#otheralter: one
 *    transaction, schema_version bumped so every connection rereads the schema).
 *    A virtual table has no pages of its own, so nothing is orphaned;
 *  - its shadow tables (name_info, name_chunks, name_rowids,
 *    name_vector_chunksNN, …) are ordinary tables and are dropped as such.
 * What those tables held is relearned or re-embedded: vector_codes only held
 * codes computed from vector_items (migration 0006 keeps the vectors and the
 * index retrains); paper_vectors held the first format's float32 vectors, which
 * the index of that time already dropped on its next prepare, so those papers
 * are embedded again by the next import, ingest, reindex or serve.
 * better-sqlite3 opens connections in defensive mode, which forbids writing the
 * schema table; unsafe mode lifts it for this step only.
 */
import type SqliteDatabase from 'better-sqlite3';

const LEGACY = ['paper_vectors', 'vector_codes'];

export function dropLegacyVec0Tables(raw: SqliteDatabase.Database): string[] {
  const found = raw
    .prepare<[], string>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (${LEGACY.map((n) => `'${n}'`).join(', ')}) AND sql LIKE 'CREATE VIRTUAL TABLE%USING vec0%'`,
    )
    .pluck()
    .all();
  if (found.length === 0) return [];
  const shadows = raw.prepare<[string, string], string>(`SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, length(?) + 1) = ? || '_'`).pluck();
  raw.unsafeMode(true);
  try {
    // one transaction: a crash leaves the old schema whole, never a virtual table without its shadows
    raw.transaction(() => {
      for (const name of found) for (const shadow of shadows.all(name, name)) raw.exec(`DROP TABLE "${shadow.replaceAll('"', '""')}"`);
      const version = raw.pragma('schema_version', { simple: true }) as number;
      raw.pragma('writable_schema = ON');
      try {
        const forget = raw.prepare<[string]>(`DELETE FROM sqlite_master WHERE type = 'table' AND name = ? AND sql LIKE 'CREATE VIRTUAL TABLE%USING vec0%'`);
        for (const name of found) forget.run(name);
        raw.pragma(`schema_version = ${version + 1}`);
      } finally {
        raw.pragma('writable_schema = OFF');
      }
    }).immediate();
  } finally {
    raw.unsafeMode(false);
  }
  return found;
}
