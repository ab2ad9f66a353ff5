/**
 * What people type to find a demo paper: its full title, or a word of its
 * title that no other demo paper has (in its title, abstract or author names,
 * compared by Porter stem as the index does). Computed from the committed demo
 * data through the import code.
 */
import { sql } from 'kysely';
import { DEMO_FILE } from '../../src/ingest/demo-data.ts';
import { importFiles } from '../../src/ingest/import-files.ts';
import { porterStem } from '../../src/search/builtin/porter.ts';
import { wordsOf } from '../../src/search/query.ts';
import { openStore, type Store } from '../../src/store/store.ts';

export interface DemoPaperWords {
  readonly id: string;
  readonly title: string;
  /** a word of the title no other demo paper has, or null */
  readonly uniqueWord: string | null;
}

/** Every paper of `store` (the demo's when none is given) with its unique title word. */
export async function demoPaperWords(store?: Store): Promise<DemoPaperWords[]> {
  const own = store ?? (await openStore(':memory:'));
  try {
    if (!store) await importFiles(own.db, [DEMO_FILE]);
    const rows = (await sql<{ id: string; title: string; abstract: string; authors_json: string }>`SELECT id, title, abstract, authors_json FROM papers ORDER BY id`.execute(own.db)).rows;
    const stemsOf = (text: string) => new Set(wordsOf(text).map(porterStem));
    const papersWith = new Map<string, number>();
    for (const r of rows) for (const s of stemsOf(`${r.title} ${r.abstract} ${r.authors_json}`)) papersWith.set(s, (papersWith.get(s) ?? 0) + 1);
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      uniqueWord: wordsOf(r.title).find((w) => w.length >= 4 && /\p{L}/u.test(w) && papersWith.get(porterStem(w)) === 1) ?? null,
    }));
  } finally {
    if (!store) await own.close();
  }
}
