/** VectorsRepo on SQLite: prepared statements on the main connection (tables: migration 0006_vector_index). */
import type SqliteDatabase from 'better-sqlite3';
import type { Assignment, CodebookRow, ListRow, PaperText, StoredVector, VectorModel, VectorsRepo, VectorState } from '../vectors-repo.ts';

interface StateRow {
  trained_on: number;
  generation: number;
  items: number;
  seq: number;
}

/** better-sqlite3 binds Buffers as blobs */
const blob = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Visits every row of a `… WHERE rowid > ? ORDER BY rowid LIMIT ?` statement, `size` rows a query. */
function forEachRowAfter<R extends { rowid: number }>(stmt: SqliteDatabase.Statement<[number, number], R>, size: number, visit: (row: R) => void): void {
  let after = -1;
  for (;;) {
    const batch = stmt.all(after, size);
    if (batch.length === 0) return;
    for (const r of batch) visit(r);
    after = batch[batch.length - 1]!.rowid;
  }
}

export function sqliteVectorsRepo(raw: SqliteDatabase.Database): VectorsRepo {
  const s = {
    model: raw.prepare<[], VectorModel>('SELECT model, dimensions FROM search_vectors_meta WHERE id = 1'),
    setModel: raw.prepare<[string, number]>('INSERT OR REPLACE INTO search_vectors_meta(id, model, dimensions) VALUES (1, ?, ?)'),
    forgetModel: raw.prepare('DELETE FROM search_vectors_meta'),
    state: raw.prepare<[], StateRow>('SELECT trained_on, generation, items, seq FROM vector_state WHERE id = 1'),
    saveState: raw.prepare<[number, number, number, number]>('INSERT OR REPLACE INTO vector_state(id, trained_on, generation, items, seq) VALUES (1, ?, ?, ?, ?)'),
    lists: raw.prepare<[], ListRow>('SELECT level, list, parent, centroid FROM vector_lists ORDER BY level, list'),
    putList: raw.prepare<[number, number, number, Buffer]>('INSERT INTO vector_lists(level, list, parent, centroid) VALUES (?, ?, ?, ?)'),
    codebook: raw.prepare<[], CodebookRow>('SELECT reduced, basis, steps FROM vector_codebook WHERE id = 1'),
    saveCodebook: raw.prepare<[number, Buffer, Buffer]>('INSERT OR REPLACE INTO vector_codebook(id, reduced, basis, steps) VALUES (1, ?, ?, ?)'),
    insertItem: raw.prepare<[number, Buffer]>('INSERT OR REPLACE INTO vector_items(rowid, vector) VALUES (?, ?)'),
    hasItem: raw.prepare<[number], { one: number }>('SELECT 1 AS one FROM vector_items WHERE rowid = ?'),
    assign: raw.prepare<[number, number, number, Buffer]>('INSERT OR REPLACE INTO vector_list_items(rowid, list, seq, code) VALUES (?, ?, ?, ?)'),
    items: raw.prepare<[string], StoredVector>('SELECT rowid, vector FROM vector_items WHERE rowid IN (SELECT value FROM json_each(?))'),
    itemsAfter: raw.prepare<[number, number], StoredVector>('SELECT rowid, vector FROM vector_items WHERE rowid > ? ORDER BY rowid LIMIT ?'),
    codesAfter: raw.prepare<[number, number], Assignment>('SELECT rowid, list, code FROM vector_list_items WHERE rowid > ? ORDER BY rowid LIMIT ?'),
    changedSince: raw.prepare<[number], Assignment>('SELECT rowid, list, code FROM vector_list_items WHERE seq > ?'),
    missing: raw.prepare<[number], PaperText>(
      `SELECT p.rowid AS rowid, p.id AS id, p.title AS title, p.abstract AS abstract FROM papers p
       WHERE NOT EXISTS (SELECT 1 FROM vector_items v WHERE v.rowid = p.rowid) ORDER BY p.rowid LIMIT ?`,
    ),
    countItems: raw.prepare<[], number>('SELECT count(*) FROM vector_items').pluck(),
  };

  return {
    write: <T>(fn: () => T): T => raw.transaction(fn).immediate(),
    read: <T>(fn: () => T): T => raw.transaction(fn)(),

    model: () => s.model.get() ?? null,
    setModel: (m) => void s.setModel.run(m.model, m.dimensions),
    forgetModel: () => void s.forgetModel.run(),

    state(): VectorState | null {
      const r = s.state.get();
      return r ? { trainedOn: r.trained_on, generation: r.generation, items: r.items, seq: r.seq } : null;
    },
    saveState: (st) => void s.saveState.run(st.trainedOn, st.generation, st.items, st.seq),
    startOver(st: VectorState): void {
      raw.transaction(() => {
        for (const t of ['vector_items', 'vector_list_items', 'vector_lists', 'vector_codebook']) raw.exec(`DELETE FROM ${t}`);
        s.saveState.run(st.trainedOn, st.generation, st.items, st.seq);
      })();
    },

    countVectors: () => s.countItems.get() as number,
    hasVector: (rowid) => s.hasItem.get(rowid) !== undefined,
    putVector: (rowid, vector) => void s.insertItem.run(rowid, blob(vector)),
    vectors: (rowids) => s.items.all(JSON.stringify(Array.isArray(rowids) ? rowids : Array.from(rowids))),
    forEachVector: (batch, visit) => forEachRowAfter(s.itemsAfter, batch, visit),

    assign: (rowid, list, seq, code) => void s.assign.run(rowid, list, seq, blob(code)),
    clearAssignments: () => void raw.exec('DELETE FROM vector_list_items'),
    forEachAssignment: (batch, visit) => forEachRowAfter(s.codesAfter, batch, visit),
    assignedAfter: (seq) => s.changedSince.iterate(seq),

    lists: () => s.lists.all(),
    clearLists: () => void raw.exec('DELETE FROM vector_lists'),
    putList: (r) => void s.putList.run(r.level, r.list, r.parent, blob(r.centroid)),

    codebook: () => s.codebook.get() ?? null,
    saveCodebook: (r) => void s.saveCodebook.run(r.reduced, blob(r.basis), blob(r.steps)),

    papersWithoutVector: (limit) => s.missing.all(limit),
  };
}
