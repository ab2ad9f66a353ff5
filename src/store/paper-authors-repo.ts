/**
 * `paper_authors`: one row per author of a paper with the name key author
 * pages look up (domain/author-name.ts). Kept in step with `papers.authors_json`
 * by the two places papers are written (upsertPaper, upsertPapersAndVersions),
 * which call `syncPaperAuthors` for every paper they add or change.
 */
import { CompiledQuery } from 'kysely';
import { authorNameKey } from '../domain/author-name.ts';
import type { Db } from './db.ts';
import type { PaperAuthorsTable } from './schema.ts';

/** The rows of one paper's authors, from its stored JSON (names that are empty after trimming are skipped). */
export function authorNamesOf(paperId: string, authorsJson: string): PaperAuthorsTable[] {
  let authors: unknown;
  try {
    authors = JSON.parse(authorsJson);
  } catch {
    return [];
  }
  if (!Array.isArray(authors)) return [];
  const rows: PaperAuthorsTable[] = [];
  authors.forEach((a: unknown, position) => {
    const name = typeof a === 'object' && a !== null && typeof (a as { name?: unknown }).name === 'string' ? (a as { name: string }).name : null;
    if (name === null) return;
    const key = authorNameKey(name);
    if (key) rows.push({ paper_id: paperId, position, name_key: key, name: name.trim() });
  });
  return rows;
}

/** Ids per statement: 4 parameters per author row, a few hundred rows per insert. */
const CHUNK = 500;

/** Rewrites the author rows of `papers` (each as stored now). */
export async function syncPaperAuthors(db: Db, papers: readonly { id: string; authors_json: string }[]): Promise<void> {
  for (let i = 0; i < papers.length; i += CHUNK) {
    const chunk = papers.slice(i, i + CHUNK);
    await db.deleteFrom('paper_authors').where('paper_id', 'in', chunk.map((p) => p.id)).execute();
    const rows = chunk.flatMap((p) => authorNamesOf(p.id, p.authors_json));
    for (let j = 0; j < rows.length; j += 1000) {
      const part = rows.slice(j, j + 1000);
      const tuples = part.map(() => '(?, ?, ?, ?)').join(', ');
      await db.executeQuery(
        CompiledQuery.raw(
          `INSERT INTO paper_authors (paper_id, position, name_key, name) VALUES ${tuples}`,
          part.flatMap((r) => [r.paper_id, r.position, r.name_key, r.name]),
        ),
      );
    }
  }
}

export interface AuthorPapersPage {
  /** the spellings of the name on the matching papers, most used first */
  readonly spellings: readonly string[];
  readonly paperIds: readonly string[];
  readonly total: number;
}

/** Papers with an author of `nameKey`, newest published first. */
export async function papersByAuthorKey(db: Db, nameKey: string, offset: number, limit: number): Promise<AuthorPapersPage> {
  const [ids, total, spellings] = await Promise.all([
    db
      .selectFrom('paper_authors as a')
      .innerJoin('papers as p', 'p.id', 'a.paper_id')
      .select('p.id')
      .distinct()
      .where('a.name_key', '=', nameKey)
      .orderBy('p.published_at', 'desc')
      .orderBy('p.id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute(),
    db.selectFrom('paper_authors').select((eb) => eb.fn.count<number>('paper_id').distinct().as('n')).where('name_key', '=', nameKey).executeTakeFirstOrThrow(),
    db.selectFrom('paper_authors').select(['name', (eb) => eb.fn.countAll<number>().as('n')]).where('name_key', '=', nameKey).groupBy('name').orderBy('n', 'desc').orderBy('name').limit(5).execute(),
  ]);
  return { paperIds: ids.map((r) => r.id), total: Number(total.n), spellings: spellings.map((s) => s.name) };
}
