/**
 * The arXiv query API (`export.arxiv.org/api/query`, Atom): papers of a
 * category submitted since a date, and papers by id.
 *
 * Category harvests page through `cat:X AND submittedDate:[since TO now]`
 * sorted by submission date, oldest first, so pages stay put as new papers
 * arrive at the end. Each page is written with the offset that follows it in
 * one transaction: a rerun continues where the last one stopped.
 */
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { parsePaperId } from '../../domain/paper-id.ts';
import { readState, writeState } from '../../store/ingest-state-repo.ts';
import type { Store } from '../../store/store.ts';
import { writeTransaction } from '../../store/db.ts';
import { parseArxivAtom, type ArxivAtomPage } from '../arxiv/atom.ts';
import { EntryWriter } from '../entry-writer.ts';
import type { PoliteClient } from '../http/polite-client.ts';
import { newReport, type IngestReport } from './ingest-report.ts';
import { writeArxivEntries } from './write-arxiv-entries.ts';
import type { ArxivEntry } from '../parsed-entry.ts';

const PAGE_SIZE = 100;
/** arXiv's API refuses offsets past this */
const MAX_OFFSET = 30_000;

export interface CategoryHarvestOptions {
  readonly baseUrl: string;
  readonly category: string;
  /** YYYY-MM-DD */
  readonly since: string;
  readonly pageSize?: number;
  readonly now?: () => Date;
  readonly onPage?: (report: IngestReport, progress: { done: number; total: number }) => void;
}

const stateSchema = z.object({ since: z.string(), until: z.string(), start: z.number().int().nonnegative(), done: z.boolean() });

export const categoryStateKey = (baseUrl: string, category: string): string => `arxiv:${baseUrl}|${category}`;

async function fetchPage(client: PoliteClient, url: string, report: IngestReport): Promise<ArxivAtomPage> {
  const res = await client.get(url);
  report.requests += 1;
  let page: ArxivAtomPage;
  try {
    page = parseArxivAtom(res.body);
  } catch (e) {
    throw new AppError('unavailable', `${url}: ${(e as Error).message}`);
  }
  if (page.apiError) throw new AppError('invalid_input', `arXiv refused the query: ${page.apiError} — ${url}`);
  if (res.status !== 200) throw new AppError('unavailable', `${url} answered HTTP ${res.status}`);
  for (const p of page.problems) report.failed.push({ where: `${url} ${p.where}`, reason: p.reason });
  return page;
}

const compact = (day: string): string => day.replaceAll('-', '');

export async function harvestCategory(store: Store, client: PoliteClient, o: CategoryHarvestOptions): Promise<IngestReport> {
  const writer = new EntryWriter();
  const report = newReport(`arXiv API ${o.category} since ${o.since}`, writer);
  const now = o.now ?? (() => new Date());
  const key = categoryStateKey(o.baseUrl, o.category);
  const pageSize = o.pageSize ?? PAGE_SIZE;
  const saved = stateSchema.safeParse(await readState(store.db, key));
  const today = now().toISOString().slice(0, 10);
  // Continue an unfinished harvest of the same range; otherwise start one.
  let state = saved.success && !saved.data.done && saved.data.since === o.since ? saved.data : { since: o.since, until: today, start: 0, done: false };

  const query = `cat:${o.category} AND submittedDate:[${compact(state.since)}0000 TO ${compact(state.until)}2359]`;
  for (;;) {
    const params = new URLSearchParams({ search_query: query, start: String(state.start), max_results: String(pageSize), sortBy: 'submittedDate', sortOrder: 'ascending' });
    const page = await fetchPage(client, `${o.baseUrl}?${params.toString()}`, report);
    const nextStart = state.start + page.entries.length;
    const done = page.entries.length === 0 || nextStart >= page.totalResults || nextStart >= MAX_OFFSET;
    const next = { ...state, start: nextStart, done };
    await writeTransaction(store.db, async (trx) => {
      const stamp = now().toISOString();
      await writeArxivEntries(trx, writer, page.entries, stamp);
      await writeState(trx, key, next, stamp);
    });
    state = next;
    o.onPage?.(report, { done: nextStart, total: page.totalResults });
    if (done) return report;
  }
}

/** Papers by id (any version, old or new style), 100 per request. */
export async function fetchByIds(store: Store, client: PoliteClient, o: { baseUrl: string; ids: readonly string[]; now?: () => Date }): Promise<IngestReport> {
  const writer = new EntryWriter();
  const report = newReport(`arXiv API ${o.ids.length === 1 ? o.ids[0] : `${o.ids.length} ids`}`, writer);
  const now = o.now ?? (() => new Date());
  for (const id of o.ids) {
    const parsed = parsePaperId(id);
    if (!parsed || parsed.source !== 'arxiv') throw new AppError('invalid_input', `${JSON.stringify(id)} is not an arXiv id (e.g. 2310.13724, 2310.13724v2 or hep-th/9901001)`);
  }
  for (let i = 0; i < o.ids.length; i += PAGE_SIZE) {
    const chunk = o.ids.slice(i, i + PAGE_SIZE);
    const params = new URLSearchParams({ id_list: chunk.join(','), start: '0', max_results: String(chunk.length) });
    const page = await fetchPage(client, `${o.baseUrl}?${params.toString()}`, report);
    const found = new Set(page.entries.map((e) => e.paper.id));
    for (const id of chunk) {
      const canonical = parsePaperId(id)!.id;
      if (!found.has(canonical)) report.failed.push({ where: id, reason: 'arXiv has no paper with this id' });
    }
    await writeTransaction(store.db, (trx) => writeArxivEntries(trx, writer, page.entries, now().toISOString()));
  }
  return report;
}

/**
 * One paper's description from the arXiv API by its canonical id (no version:
 * the latest), without writing anything: the caller writes it in the same
 * transaction as what depends on it (a submission's listing, via
 * writeArxivEntries). Null when arXiv has no paper with that id; an
 * `unavailable` AppError when arXiv does not answer.
 */
export async function lookUpArxivEntry(client: PoliteClient, o: { baseUrl: string; id: string }): Promise<ArxivEntry | null> {
  const parsed = parsePaperId(o.id);
  if (!parsed || parsed.source !== 'arxiv') throw new AppError('invalid_input', `${JSON.stringify(o.id)} is not an arXiv id (e.g. 2310.13724 or hep-th/9901001)`);
  const params = new URLSearchParams({ id_list: parsed.id, start: '0', max_results: '1' });
  const page = await fetchPage(client, `${o.baseUrl}?${params.toString()}`, newReport(`arXiv API ${parsed.id}`, new EntryWriter()));
  return page.entries.find((e) => e.paper.id === parsed.id) ?? null;
}
