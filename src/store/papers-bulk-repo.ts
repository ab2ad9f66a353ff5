/**
 * Papers and their versions written a page at a time: what upsertPaper and
 * upsertVersion do row by row, with a few statements per page instead of two
 * or three per row.
 *
 * The outcomes are exactly those of calling upsertPaper / upsertVersion for
 * each item in order, and so is the stored result: the stored rows of the
 * whole page are read at once, every upsert is decided in memory
 * (planPaperUpsert / planVersionUpsert) against the state the earlier ones
 * left, and only then are the rows that changed written — new rows with
 * multi-row INSERTs, changed ones with multi-row INSERT .. ON CONFLICT DO
 * UPDATE. The full-text triggers on `papers` fire as they would row by row
 * (the index ends in the same state). Run it inside the page's transaction:
 * it relies on nobody writing these rows between its read and its writes.
 *
 * The statements are plain SQL with `?` placeholders (SQLite); a PostgreSQL
 * engine needs `$n` placeholders here, nothing else.
 */
import { CompiledQuery } from 'kysely';
import type { PaperRecord } from '../domain/paper.ts';
import { planPaperUpsert, type UpsertOutcome } from './papers-repo.ts';
import type { Db } from './db.ts';
import { planVersionUpsert, type PaperVersion } from './paper-versions-repo.ts';
import type { PapersTable, PaperVersionsTable } from './schema.ts';
import { syncPaperAuthors } from './paper-authors-repo.ts';

export interface PaperUpsert {
  readonly paper: PaperRecord;
  /** when the source described the paper (see upsertPaper) */
  readonly observedAt: string | null;
}

export interface BulkOutcomes {
  /** one per paper, in the order given */
  readonly papers: UpsertOutcome[];
  /** one per version, in the order given */
  readonly versions: UpsertOutcome[];
}

const PAPER_COLUMNS = [
  'id', 'source', 'version', 'title', 'abstract', 'authors_json', 'categories_json', 'primary_category',
  'published_at', 'updated_at', 'comment', 'doi', 'journal_ref', 'github_repo', 'github_stars', 'project_page',
  'ai_summary', 'ai_keywords_json', 'organization_json', 'observed_at', 'content_hash', 'created_at', 'modified_at',
] as const satisfies readonly (keyof PapersTable)[];

const VERSION_COLUMNS = ['paper_id', 'version', 'title', 'abstract', 'submitted_at', 'size'] as const satisfies readonly (keyof PaperVersionsTable)[];

/** Bound parameters per statement: well under SQLite's limit (32,766 since 3.32). */
const MAX_PARAMETERS = 8000;

interface Slot<Row> {
  row: Row;
  /** the row was in the table before this call */
  readonly stored: boolean;
  /** the row must be written */
  dirty: boolean;
}

/**
 * Upserts `papers` (in order, as upsertPaper would) and then `versions` (as
 * upsertVersion would). A version's paper must be among `papers` or stored.
 */
export async function upsertPapersAndVersions(db: Db, papers: readonly PaperUpsert[], versions: readonly PaperVersion[], now: string): Promise<BulkOutcomes> {
  const paperOutcomes = await upsertPapers(db, papers, now);
  const versionOutcomes = await upsertVersions(db, versions);
  return { papers: paperOutcomes, versions: versionOutcomes };
}

async function upsertPapers(db: Db, papers: readonly PaperUpsert[], now: string): Promise<UpsertOutcome[]> {
  if (papers.length === 0) return [];
  const ids = [...new Set(papers.map((p) => p.paper.id))];
  const slots = new Map<string, Slot<PapersTable>>();
  const storedAuthors = new Map<string, string>();
  for (const row of await selectIn<PapersTable>(db, 'SELECT * FROM papers WHERE id IN', ids)) {
    slots.set(row.id, { row, stored: true, dirty: false });
    storedAuthors.set(row.id, row.authors_json);
  }

  const outcomes = planInOrder(slots, papers, ({ paper }) => paper.id, (current, { paper, observedAt }) => planPaperUpsert(current, paper, { now, observedAt }));
  await writeDirty(db, 'papers', PAPER_COLUMNS, slots, onConflictUpdate(['id'], PAPER_COLUMNS.filter((c) => c !== 'id' && c !== 'created_at')));
  // the author rows (author pages) follow the authors as stored, as upsertPaper does
  const authorsChanged = [...slots.values()].filter((s) => s.dirty && storedAuthors.get(s.row.id) !== s.row.authors_json).map((s) => s.row);
  await syncPaperAuthors(db, authorsChanged);
  return outcomes;
}

async function upsertVersions(db: Db, versions: readonly PaperVersion[]): Promise<UpsertOutcome[]> {
  if (versions.length === 0) return [];
  const key = (paperId: string, version: number): string => `${paperId}\u0000${version}`;
  const paperIds = [...new Set(versions.map((v) => v.paperId))];
  const slots = new Map<string, Slot<PaperVersionsTable>>();
  for (const row of await selectIn<PaperVersionsTable>(db, 'SELECT * FROM paper_versions WHERE paper_id IN', paperIds)) {
    slots.set(key(row.paper_id, row.version), { row, stored: true, dirty: false });
  }

  const outcomes = planInOrder(slots, versions, (v) => key(v.paperId, v.version), planVersionUpsert);
  await writeDirty(db, 'paper_versions', VERSION_COLUMNS, slots, onConflictUpdate(['paper_id', 'version'], VERSION_COLUMNS.filter((c) => c !== 'paper_id' && c !== 'version')));
  return outcomes;
}

/**
 * Decides each item, in order, against its slot: the stored row, or the row an
 * earlier item of the same key planned. Marks the slots that must be written.
 */
function planInOrder<Item, Row>(
  slots: Map<string, Slot<Row>>,
  items: readonly Item[],
  keyOf: (item: Item) => string,
  plan: (current: Row | undefined, item: Item) => { outcome: UpsertOutcome; row: Row },
): UpsertOutcome[] {
  const outcomes: UpsertOutcome[] = [];
  for (const item of items) {
    const k = keyOf(item);
    const slot = slots.get(k);
    const { outcome, row } = plan(slot?.row, item);
    if (!slot) slots.set(k, { row, stored: false, dirty: true });
    else if (outcome !== 'unchanged') {
      slot.row = row;
      slot.dirty = true;
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

/** Writes the slots planInOrder marked: new rows with plain INSERTs, stored ones with `conflict` (an ON CONFLICT DO UPDATE). */
async function writeDirty<Row extends object>(db: Db, table: string, columns: readonly (keyof Row & string)[], slots: Map<string, Slot<Row>>, conflict: string): Promise<void> {
  const added: Row[] = [];
  const changed: Row[] = [];
  for (const slot of slots.values()) {
    if (slot.dirty) (slot.stored ? changed : added).push(slot.row);
  }
  await insertRows(db, table, columns, added, '');
  await insertRows(db, table, columns, changed, conflict);
}

/** `SELECT ... WHERE col IN (?, ...)` over `values`, in chunks. */
async function selectIn<Row>(db: Db, select: string, values: readonly string[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (let i = 0; i < values.length; i += MAX_PARAMETERS) {
    const chunk = values.slice(i, i + MAX_PARAMETERS);
    const result = await db.executeQuery<Row>(CompiledQuery.raw(`${select} (${placeholders(chunk.length)})`, chunk));
    rows.push(...result.rows);
  }
  return rows;
}

async function insertRows<Row extends object>(db: Db, table: string, columns: readonly (keyof Row & string)[], rows: readonly Row[], conflict: string): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const tuple = `(${placeholders(columns.length)})`;
  const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const parameters: unknown[] = [];
    for (const row of chunk) for (const c of columns) parameters.push(row[c]);
    await db.executeQuery(CompiledQuery.raw(`${head}${Array(chunk.length).fill(tuple).join(', ')}${conflict}`, parameters));
  }
}

const onConflictUpdate = (key: readonly string[], columns: readonly string[]): string =>
  ` ON CONFLICT (${key.map(quote).join(', ')}) DO UPDATE SET ${columns.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`;

const placeholders = (n: number): string => Array(n).fill('?').join(', ');
const quote = (name: string): string => `"${name}"`;
