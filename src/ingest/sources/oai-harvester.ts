/**
 * OAI-PMH `ListRecords` harvesting (arXiv, arXivRaw or oai_dc metadata, an
 * optional set, incremental `from=`), resumable and exact:
 *
 * - every page's records and the resumption token that follows them are
 *   written in ONE transaction: after `kill -9` at any moment the rerun
 *   continues after the last page written — no page twice, none skipped;
 * - a harvest that finishes remembers the response date of its first page as
 *   the `from=` of the next one (OAI's own clock, not ours);
 * - an expired token (`badResumptionToken`) restarts the same harvest from its
 *   `from=`: upserts make the overlap harmless;
 * - `noRecordsMatch` is an empty harvest, not an error.
 */
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { readState, writeState } from '../../store/ingest-state-repo.ts';
import type { Store } from '../../store/store.ts';
import { writeTransaction } from '../../store/db.ts';
import { EntryWriter } from '../entry-writer.ts';
import type { PoliteClient } from '../http/polite-client.ts';
import type { ListRecordsPage, OaiMetadataPrefix } from '../oai/oai-pmh.ts';
import { inThreadParser, type PageParser } from '../oai/page-parser.ts';
import { newReport, type IngestReport } from './ingest-report.ts';
import { writeArxivEntries } from './write-arxiv-entries.ts';

export interface OaiHarvestOptions {
  readonly baseUrl: string;
  readonly metadataPrefix: OaiMetadataPrefix;
  /** e.g. `cs:cs:LG`; null for the whole repository */
  readonly set: string | null;
  /** `YYYY-MM-DD`; default: where the last complete harvest of this set left off */
  readonly from?: string | null;
  readonly until?: string | null;
  readonly now?: () => Date;
  readonly onPage?: (report: IngestReport, progress: { cursor?: number; completeListSize?: number }) => void;
  /** where pages are parsed; a worker thread keeps a server responsive (default: this thread) */
  readonly parser?: PageParser;
}

const stateSchema = z.object({
  /** `from=` of the harvest in progress (null: everything) */
  harvestFrom: z.string().nullable(),
  until: z.string().nullable().default(null),
  /** where the harvest in progress continues; null when none is in progress */
  token: z.string().nullable(),
  /** response date (YYYY-MM-DD) of the first page of the harvest in progress */
  startedOn: z.string().nullable(),
  /** `from=` for the next harvest, once one has completed */
  nextFrom: z.string().nullable(),
  pages: z.number().int().nonnegative(),
});
type OaiState = z.infer<typeof stateSchema>;

export const oaiStateKey = (o: Pick<OaiHarvestOptions, 'baseUrl' | 'metadataPrefix' | 'set'>): string => `oai:${o.baseUrl}|${o.metadataPrefix}|${o.set ?? '*'}`;

export async function harvestOai(store: Store, client: PoliteClient, options: OaiHarvestOptions): Promise<IngestReport> {
  const writer = new EntryWriter();
  const report = newReport(`OAI-PMH ${options.set ?? 'all sets'} (${options.metadataPrefix})`, writer);
  const now = options.now ?? (() => new Date());
  const key = oaiStateKey(options);
  const saved = stateSchema.safeParse(await readState(store.db, key));
  let state: OaiState = saved.success ? saved.data : { harvestFrom: null, until: null, token: null, startedOn: null, nextFrom: null, pages: 0 };

  const wanted = options.from !== undefined ? options.from : state.nextFrom;
  const until = options.until ?? null;
  // A harvest in progress is continued only if it is the same harvest.
  if (!(state.token && state.harvestFrom === wanted && state.until === until)) {
    state = { ...state, harvestFrom: wanted, until, token: null, startedOn: null, pages: 0 };
  }
  let restarted = false;
  const parser = options.parser ?? inThreadParser;

  // Fetch and parse a page; the next one is already on its way while this one is written.
  const load = async (token: string | null): Promise<{ url: string; page: ListRecordsPage }> => {
    const url = token ? `${options.baseUrl}?verb=ListRecords&resumptionToken=${encodeURIComponent(token)}` : firstPageUrl(options.baseUrl, options, state);
    const res = await client.get(url);
    report.requests += 1;
    if (res.status !== 200 && !res.body.includes('<OAI-PMH')) throw new AppError('unavailable', `${url} answered HTTP ${res.status}`);
    try {
      return { url, page: await parser.parse(res.body, options.metadataPrefix) };
    } catch (e) {
      // a cut-off page: nothing from it is written; the rerun asks for it again
      throw new AppError('unavailable', `${url}: ${(e as Error).message}`);
    }
  };

  let loading = load(state.token);
  for (;;) {
    const { url, page } = await loading;
    if (page.error) {
      if (page.error.code === 'noRecordsMatch') {
        await finish(store, key, state, page.responseDate, now);
        return report;
      }
      if (page.error.code === 'badResumptionToken' && state.token && !restarted) {
        // the repository forgot where we were: start this harvest over
        restarted = true;
        state = { ...state, token: null, startedOn: null, pages: 0 };
        loading = load(null);
        continue;
      }
      throw new AppError('invalid_input', `the OAI-PMH repository refused the request (${page.error.code}): ${page.error.message} — ${url}`);
    }
    for (const p of page.problems) report.failed.push({ where: `${url} ${p.where}`, reason: p.reason });
    const entries = page.records.flatMap((r) => (r.entry ? [r.entry] : []));
    const startedOn = state.startedOn ?? page.responseDate?.slice(0, 10) ?? now().toISOString().slice(0, 10);
    const next: OaiState = { ...state, token: page.resumptionToken?.token ?? null, startedOn, pages: state.pages + 1 };
    if (next.token) {
      loading = load(next.token);
      // if writing this page fails, the page already on its way is dropped quietly
      loading.catch(() => undefined);
    }
    await writeTransaction(store.db, async (trx) => {
      const stamp = now().toISOString();
      await writeArxivEntries(trx, writer, entries, stamp);
      if (next.token) await writeState(trx, key, next, stamp);
      else await writeState(trx, key, completed(next), stamp);
    });
    state = next;
    options.onPage?.(report, { ...(page.resumptionToken?.cursor !== undefined ? { cursor: page.resumptionToken.cursor } : {}), ...(page.resumptionToken?.completeListSize !== undefined ? { completeListSize: page.resumptionToken.completeListSize } : {}) });
    if (!next.token) return report;
  }
}

function firstPageUrl(base: string, o: OaiHarvestOptions, s: OaiState): string {
  const q = new URLSearchParams({ verb: 'ListRecords', metadataPrefix: o.metadataPrefix });
  if (o.set) q.set('set', o.set);
  if (s.harvestFrom) q.set('from', s.harvestFrom);
  if (s.until) q.set('until', s.until);
  return `${base}?${q.toString()}`;
}

function completed(s: OaiState): OaiState {
  // the next harvest starts where this one's first answer was dated: what changed since
  return { ...s, token: null, nextFrom: s.until ? s.nextFrom : (s.startedOn ?? s.nextFrom), pages: s.pages };
}

async function finish(store: Store, key: string, s: OaiState, responseDate: string | null, now: () => Date): Promise<void> {
  const startedOn = s.startedOn ?? responseDate?.slice(0, 10) ?? now().toISOString().slice(0, 10);
  await writeTransaction(store.db, (trx) => writeState(trx, key, completed({ ...s, startedOn }), now().toISOString()));
}
