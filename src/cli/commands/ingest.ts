import { Command } from 'commander';
import { AppError } from '../../domain/errors.ts';
import { addDays, dayOf, parseDay } from '../../domain/period.ts';
import { checkRequestInterval, politeClientFor } from '../../ingest/http/client-for-config.ts';
import type { PoliteClient } from '../../ingest/http/polite-client.ts';
import type { OaiMetadataPrefix } from '../../ingest/oai/oai-pmh.ts';
import { fetchByIds, harvestCategory } from '../../ingest/sources/arxiv-api-harvester.ts';
import { mirrorDailyPapers } from '../../ingest/sources/daily-mirror.ts';
import { ingestListingFeed } from '../../ingest/sources/listing-feed.ts';
import { harvestOai } from '../../ingest/sources/oai-harvester.ts';
import { withWorkerParser } from '../../ingest/oai/page-parser.ts';
import type { IngestReport } from '../../ingest/sources/ingest-report.ts';
import { embedMissing, openSemantic } from '../../search/semantic-index.ts';
import { openVectorIndex } from '../../search/vector/ivf-index.ts';
import type { Store } from '../../store/store.ts';
import type { Config } from '../../config.ts';
import { configFrom, err, errProblem, n, out, withDbOption, withStore } from '../common.ts';

/** `paperboy ingest …`: gather papers from outside sources by hand (schedules run the same code inside serve). */
export function ingestCommand(setExit: (code: number) => void): Command {
  const ingest = new Command('ingest').description('Gather papers from arXiv (API, OAI-PMH, listing feeds) or another Daily Papers service');

  ingest.addCommand(
    withDbOption(new Command('daily'))
      .description('Mirror the listings of another Daily Papers service (Hugging Face or another Paperboy)')
      .requiredOption('--upstream <url>', 'base URL of the service, e.g. https://huggingface.co')
      .option('--date <YYYY-MM-DD>', 'the day to fetch (default: today, UTC)')
      .option('--to <YYYY-MM-DD>', 'fetch every day from --date to this one')
      .action(async (opts: { db?: string; upstream: string; date?: string; to?: string }) => {
        const upstream = httpUrl(opts.upstream, '--upstream');
        const from = opts.date === undefined ? dayOf(new Date()) : day(opts.date, '--date');
        const to = opts.to === undefined ? from : day(opts.to, '--to');
        if (to < from) throw new AppError('invalid_input', `--to ${to} is before --date ${from}`);
        const dates: string[] = [];
        for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
        if (dates.length > 366) throw new AppError('invalid_input', `that is ${dates.length} days; fetch at most a year at a time`);
        await run(opts, setExit, upstream, (store, client) =>
          mirrorDailyPapers(store, client, { upstream, dates, onDay: (d, r) => progress(`${d}: ${n(r.listings.added + r.listings.updated + r.listings.unchanged)} listings so far`) }),
        );
      }),
  );

  ingest.addCommand(
    withDbOption(new Command('arxiv'))
      .description('Papers of an arXiv category submitted since a date, through the arXiv query API (resumable)')
      .requiredOption('--category <cat>', 'arXiv category, e.g. cs.AI')
      .requiredOption('--since <YYYY-MM-DD>', 'first submission day')
      .action(async (opts: { db?: string; category: string; since: string }) => {
        const category = arxivCategory(opts.category);
        const since = day(opts.since, '--since');
        await run(opts, setExit, (c) => c.sources.arxivApi, (store, client, config) =>
          harvestCategory(store, client, { baseUrl: config.sources.arxivApi, category, since, onPage: (_report, p) => progress(`${n(p.done)} of ${n(p.total)} papers`) }),
        );
      }),
  );

  ingest.addCommand(
    withDbOption(new Command('oai'))
      .description('Harvest arXiv over OAI-PMH (ListRecords), incremental and resumable: a rerun continues where the last one stopped')
      .option('--set <spec>', 'OAI set, e.g. cs or cs:cs:LG (default: everything)')
      .option('--from <YYYY-MM-DD>', 'records changed since this day (default: where the last complete harvest ended)')
      .option('--until <YYYY-MM-DD>', 'records changed until this day')
      .option('--format <prefix>', 'metadata format: arXiv, arXivRaw (with version history) or oai_dc', 'arXivRaw')
      .action(async (opts: { db?: string; set?: string; from?: string; until?: string; format: string }) => {
        if (!['arXiv', 'arXivRaw', 'oai_dc'].includes(opts.format)) throw new AppError('invalid_input', `--format ${JSON.stringify(opts.format)} must be arXiv, arXivRaw or oai_dc`);
        if (opts.set !== undefined && !/^[a-z-]+(?::[a-z-]+(?::[A-Za-z.-]+)?)?$/.test(opts.set)) throw new AppError('invalid_input', `--set ${JSON.stringify(opts.set)} is not an OAI set such as cs, physics:hep-th or cs:cs:LG`);
        const from = opts.from === undefined ? undefined : day(opts.from, '--from');
        const until = opts.until === undefined ? null : day(opts.until, '--until');
        await run(opts, setExit, (c) => c.sources.arxivOai, (store, client, config) =>
          withWorkerParser((parser) => harvestOai(store, client, {
            parser,
            baseUrl: config.sources.arxivOai,
            metadataPrefix: opts.format as OaiMetadataPrefix,
            set: opts.set ?? null,
            ...(from !== undefined ? { from } : {}),
            until,
            onPage: (r, p) => progress(`${n(r.papers.added + r.papers.updated + r.papers.unchanged)}${p.completeListSize ? ` of ${n(p.completeListSize)}` : ''} records`),
          })),
        );
      }),
  );

  ingest.addCommand(
    withDbOption(new Command('id'))
      .description('Fetch papers by arXiv id (new or old style, any version)')
      .argument('<ids...>', 'e.g. 2310.13724 hep-th/9901001v2')
      .action(async (ids: string[], opts: { db?: string }) => {
        await run(opts, setExit, (c) => c.sources.arxivApi, (store, client, config) => fetchByIds(store, client, { baseUrl: config.sources.arxivApi, ids }));
      }),
  );

  ingest.addCommand(
    withDbOption(new Command('rss'))
      .description("Take a category's daily arXiv listing (new papers, cross-lists, replacements)")
      .requiredOption('--category <cat>', 'arXiv category, e.g. cs.AI')
      .action(async (opts: { db?: string; category: string }) => {
        const category = arxivCategory(opts.category);
        await run(opts, setExit, (c) => c.sources.arxivRss, (store, client, config) => ingestListingFeed(store, client, { baseUrl: config.sources.arxivRss, category }));
      }),
  );
  return ingest;
}

function arxivCategory(value: string): string {
  if (!/^[a-z-]+(?:\.[A-Za-z-]+)?$/.test(value)) throw new AppError('invalid_input', `--category ${JSON.stringify(value)} is not an arXiv category such as cs.AI, math.GT or hep-th`);
  return value;
}

function day(value: string, flag: string): string {
  if (!parseDay(value)) throw new AppError('invalid_input', `${flag} ${JSON.stringify(value)} is not a date: use YYYY-MM-DD`);
  return value;
}

function httpUrl(value: string, flag: string): string {
  try {
    const u = new URL(value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return value.replace(/\/+$/, '');
  } catch {
    /* fall through */
  }
  throw new AppError('invalid_input', `${flag} ${JSON.stringify(value)} is not an http(s) URL`);
}

function progress(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
}

/** Opens the store, runs one source, embeds what arrived, prints the summary. */
export async function run(
  opts: { db?: string },
  setExit: (code: number) => void,
  target: string | ((config: Config) => string),
  source: (store: Store, client: PoliteClient, config: Config) => Promise<IngestReport>,
): Promise<void> {
  const config = configFrom(opts);
  const urls = [typeof target === 'string' ? target : target(config)];
  // refuse a too-short interval before the database is opened
  checkRequestInterval(config, urls);
  const started = performance.now();
  await withStore(config, async (store) => {
    const report = await source(store, politeClientFor(config, urls, store), config);
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const side = await openSemantic(store, config, { train: 'auto' });
    const embedded = side ? await embedMissing(store, openVectorIndex(store), side) : 0;
    printReport(report, (performance.now() - started) / 1000, embedded);
    if (report.failed.length > 0) setExit(1);
  });
}

function printReport(r: IngestReport, seconds: number, embedded: number): void {
  for (const f of r.failed.slice(0, 20)) errProblem('failed', f.where, f.reason);
  if (r.failed.length > 20) err(`... and ${n(r.failed.length - 20)} more failed`);
  for (const w of r.warnings.slice(0, 20)) err(`warning ${w.where}: ${w.message}`);
  if (r.warnings.length > 20) err(`... and ${n(r.warnings.length - 20)} more warnings`);
  const papers = r.papers;
  out(`Ingested from ${r.source} in ${seconds.toFixed(1)} s (${n(r.requests)} requests)`);
  out(`  papers:   ${n(papers.added)} new, ${n(papers.updated)} updated, ${n(papers.unchanged)} unchanged, ${n(r.failed.length)} failed`);
  if (r.listings.added + r.listings.updated + r.listings.unchanged > 0) out(`  listings: ${n(r.listings.added)} new, ${n(r.listings.updated)} updated, ${n(r.listings.unchanged)} unchanged`);
  if (r.versions.added + r.versions.updated > 0) out(`  versions: ${n(r.versions.added)} new, ${n(r.versions.updated)} updated`);
  if (r.warnings.length > 0) out(`  warnings: ${n(r.warnings.length)} (links left out, see above)`);
  if (embedded > 0) out(`  search:   ${n(embedded)} papers embedded`);
}
