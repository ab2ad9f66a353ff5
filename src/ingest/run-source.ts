/**
 * One run of one source (see source-spec.ts): the same code for `paperboy
 * ingest …` and for the schedules inside `paperboy serve`.
 */
import type { Config } from '../config.ts';
import type { Store } from '../store/store.ts';
import { politeClientFor, type Patience } from './http/client-for-config.ts';
import type { PoliteClient } from './http/polite-client.ts';
import { withWorkerParser } from './oai/page-parser.ts';
import type { SourceRun } from './source-spec.ts';
import { fetchByIds, harvestCategory } from './sources/arxiv-api-harvester.ts';
import { mirrorDailyPapers } from './sources/daily-mirror.ts';
import type { IngestReport } from './sources/ingest-report.ts';
import { ingestListingFeed } from './sources/listing-feed.ts';
import { harvestOai } from './sources/oai-harvester.ts';

/** A line of progress, for a terminal or a log. */
export type IngestProgress = (line: string) => void;

/** The host a source run talks to, for the politeness check before anything is opened. */
export function sourceUrl(config: Config, run: SourceRun): string {
  switch (run.kind) {
    case 'rss':
      return config.sources.arxivRss;
    case 'arxiv':
    case 'id':
      return config.sources.arxivApi;
    case 'oai':
      return config.sources.arxivOai;
    case 'daily':
      return run.upstream;
  }
}

/** A polite client for the given runs, sharing its turns per host through the store's database. */
export function clientForRuns(config: Config, store: Store, runs: readonly SourceRun[], patience?: Patience): PoliteClient {
  return politeClientFor(config, runs.map((r) => sourceUrl(config, r)), store, patience);
}

const n = (v: number): string => v.toLocaleString('en-US');

export function runSource(store: Store, client: PoliteClient, config: Config, run: SourceRun, progress?: IngestProgress): Promise<IngestReport> {
  switch (run.kind) {
    case 'rss':
      return ingestListingFeed(store, client, { baseUrl: config.sources.arxivRss, category: run.category });
    case 'arxiv':
      return harvestCategory(store, client, {
        baseUrl: config.sources.arxivApi,
        category: run.category,
        since: run.since,
        ...(progress ? { onPage: (_r, p) => progress(`${n(p.done)} of ${n(p.total)} papers`) } : {}),
      });
    case 'oai':
      return withWorkerParser((parser) =>
        harvestOai(store, client, {
          parser,
          baseUrl: config.sources.arxivOai,
          metadataPrefix: run.format,
          set: run.set,
          ...(run.from !== undefined ? { from: run.from } : {}),
          until: run.until,
          ...(progress
            ? { onPage: (r, p) => progress(`${n(r.papers.added + r.papers.updated + r.papers.unchanged)}${p.completeListSize ? ` of ${n(p.completeListSize)}` : ''} records`) }
            : {}),
        }),
      );
    case 'daily':
      return mirrorDailyPapers(store, client, {
        upstream: run.upstream,
        dates: run.dates,
        ...(progress ? { onDay: (d, r) => progress(`${d}: ${n(r.listings.added + r.listings.updated + r.listings.unchanged)} listings so far`) } : {}),
      });
    case 'id':
      return fetchByIds(store, client, { baseUrl: config.sources.arxivApi, ids: run.ids });
  }
}
