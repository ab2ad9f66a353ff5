/** VectorIndex on sqlite-vec (loaded by open-sqlite.ts): a vec0 table keyed by the papers' rowid, cosine distance. */
import type SqliteDatabase from 'better-sqlite3';
import type { PaperText, VectorHit, VectorIndex } from '../vector-index.ts';

const TABLE = 'paper_vectors';

export function sqliteVectorIndex(raw: SqliteDatabase.Database): VectorIndex {
  const meta = raw.prepare<[], { model: string; dimensions: number }>('SELECT model, dimensions FROM search_vectors_meta WHERE id = 1');
  const tableExists = (): boolean => raw.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(TABLE) !== undefined;

  const statements = () => ({
    insert: raw.prepare(`INSERT OR REPLACE INTO ${TABLE}(rowid, embedding) VALUES (?, ?)`),
    knn: raw.prepare<[Buffer, number], { rowid: number; distance: number }>(
      `SELECT rowid, distance FROM ${TABLE} WHERE embedding MATCH ? AND k = ? ORDER BY distance`,
    ),
    missing: raw.prepare<[number], PaperText>(
      `SELECT p.rowid AS rowid, p.id AS id, p.title AS title, p.abstract AS abstract FROM papers p
       WHERE NOT EXISTS (SELECT 1 FROM ${TABLE} v WHERE v.rowid = p.rowid) ORDER BY p.rowid LIMIT ?`,
    ),
    count: raw.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${TABLE}`),
  });
  let st = tableExists() ? statements() : null;
  const need = () => {
    if (!st) throw new Error('the vector index is not prepared: call prepare(model, dimensions) first');
    return st;
  };
  const bytes = (v: Float32Array): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

  return {
    current: () => meta.get() ?? null,
    prepare(model, dimensions) {
      const now = meta.get();
      if (now && now.model === model && now.dimensions === dimensions && tableExists()) {
        st ??= statements();
        return false;
      }
      raw.transaction(() => {
        raw.exec(`DROP TABLE IF EXISTS ${TABLE}`);
        raw.exec(`CREATE VIRTUAL TABLE ${TABLE} USING vec0(embedding float[${dimensions}] distance_metric=cosine)`);
        raw.prepare('INSERT OR REPLACE INTO search_vectors_meta(id, model, dimensions) VALUES (1, ?, ?)').run(model, dimensions);
      })();
      st = statements();
      return now !== undefined;
    },
    upsert(items) {
      const s = need();
      raw.transaction(() => {
        for (const { rowid, vector } of items) s.insert.run(BigInt(rowid), bytes(vector));
      })();
    },
    nearest(vector, k): VectorHit[] {
      if (!st || k <= 0) return [];
      return st.knn.all(bytes(vector), Math.min(k, 4096)).map((r) => ({ rowid: r.rowid, similarity: 1 - r.distance }));
    },
    vectorsOf(rowids) {
      const out = new Map<number, Float32Array>();
      if (!st || rowids.length === 0) return out;
      const rows = raw
        .prepare<number[], { rowid: number; embedding: Buffer }>(`SELECT rowid, embedding FROM ${TABLE} WHERE rowid IN (${rowids.map(() => '?').join(',')})`)
        .all(...rowids);
      for (const r of rows) out.set(r.rowid, new Float32Array(r.embedding.buffer.slice(r.embedding.byteOffset, r.embedding.byteOffset + r.embedding.byteLength)));
      return out;
    },
    papersWithoutVector: (limit) => need().missing.all(limit),
    count: () => (st ? st.count.get()!.n : 0),
    clear() {
      raw.transaction(() => {
        raw.exec(`DROP TABLE IF EXISTS ${TABLE}`);
        raw.exec('DELETE FROM search_vectors_meta');
      })();
      st = null;
    },
  };
}
