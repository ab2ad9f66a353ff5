import { Command } from 'commander';
import type { z } from 'zod';
import { checkSourceRun } from '../../app/paperboy.ts';
import { checkField, MAX_DAILY_DAYS, sourceField, type IngestReport, type SourceRun } from '../../app/types.ts';
import { AppError } from '../../domain/errors.ts';
import { addDays, dayOf } from '../../domain/period.ts';
import { configFrom, err, errProblem, n, out, withDbOption, withPaperboy } from '../common.ts';
import { reportSemantic, semanticWaitOption } from '../semantic-wait.ts';

/** `paperboy ingest …`: gather papers from outside sources by hand (schedules run the same code inside serve). */
export function ingestCommand(setExit: (code: number) => void): Command {
  const ingest = new Command('ingest').description('Gather papers from arXiv (API, OAI-PMH, listing feeds) or another Daily Papers service');
  const source = (name: string): Command => withDbOption(new Command(name)).option(...semanticWaitOption);

  ingest.addCommand(
    source('daily')
      .description('Mirror the listings of another Daily Papers service (Hugging Face or another Paperboy)')
      .requiredOption('--upstream <url>', 'base URL of the service, e.g. https://huggingface.co')
      .option('--date <YYYY-MM-DD>', 'the day to fetch (default: today, UTC)')
      .option('--to <YYYY-MM-DD>', 'fetch every day from --date to this one')
      .action(async (opts: IngestOptions & { upstream: string; date?: string; to?: string }) => {
        const upstream = flag(sourceField.upstream, opts.upstream, '--upstream');
        const from = opts.date === undefined ? dayOf(new Date()) : flag(sourceField.day, opts.date, '--date');
        const to = opts.to === undefined ? from : flag(sourceField.day, opts.to, '--to');
        if (to < from) throw new AppError('invalid_input', `--to ${to} is before --date ${from}`);
        const dates: string[] = [];
        for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
        if (dates.length > MAX_DAILY_DAYS) throw new AppError('invalid_input', `that is ${dates.length} days; fetch at most a year at a time`);
        await run(opts, setExit, { kind: 'daily', upstream, dates });
      }),
  );

  ingest.addCommand(
    source('arxiv')
      .description('Papers of an arXiv category submitted since a date, through the arXiv query API (resumable)')
      .requiredOption('--category <cat>', 'arXiv category, e.g. cs.AI')
      .requiredOption('--since <YYYY-MM-DD>', 'first submission day')
      .action(async (opts: IngestOptions & { category: string; since: string }) => {
        const category = flag(sourceField.category, opts.category, '--category');
        await run(opts, setExit, { kind: 'arxiv', category, since: flag(sourceField.day, opts.since, '--since') });
      }),
  );

  ingest.addCommand(
    source('oai')
      .description('Harvest arXiv over OAI-PMH (ListRecords), incremental and resumable: a rerun continues where the last one stopped')
      .option('--set <spec>', 'OAI set, e.g. cs or cs:cs:LG (default: everything)')
      .option('--from <YYYY-MM-DD>', 'records changed since this day (default: where the last complete harvest ended)')
      .option('--until <YYYY-MM-DD>', 'records changed until this day')
      .option('--format <prefix>', 'metadata format: arXiv, arXivRaw (with version history) or oai_dc', 'arXivRaw')
      .action(async (opts: IngestOptions & { set?: string; from?: string; until?: string; format: string }) => {
        const format = flag(sourceField.oaiFormat, opts.format, '--format');
        const set = opts.set === undefined ? null : flag(sourceField.oaiSet, opts.set, '--set');
        const from = opts.from === undefined ? undefined : flag(sourceField.day, opts.from, '--from');
        const until = opts.until === undefined ? null : flag(sourceField.day, opts.until, '--until');
        await run(opts, setExit, { kind: 'oai', set, format, ...(from !== undefined ? { from } : {}), until });
      }),
  );

  ingest.addCommand(
    source('id')
      .description('Fetch papers by arXiv id (new or old style, any version)')
      .argument('<ids...>', 'e.g. 2310.13724 hep-th/9901001v2')
      .action(async (ids: string[], opts: IngestOptions) => {
        await run(opts, setExit, { kind: 'id', ids });
      }),
  );

  ingest.addCommand(
    source('rss')
      .description("Take a category's daily arXiv listing (new papers, cross-lists, replacements)")
      .requiredOption('--category <cat>', 'arXiv category, e.g. cs.AI')
      .action(async (opts: IngestOptions & { category: string }) => {
        await run(opts, setExit, { kind: 'rss', category: flag(sourceField.category, opts.category, '--category') });
      }),
  );
  return ingest;
}

interface IngestOptions {
  db?: string;
  wait?: boolean;
}

/** A flag's value checked by the source field's rule (the same rule PAPERBOY_SOURCES uses). */
function flag<S extends z.ZodType>(schema: S, value: string, name: string): z.output<S> {
  const r = checkField(schema, value, name);
  if (!r.ok) throw new AppError('invalid_input', r.message);
  return r.value;
}

function progress(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
}

/** Runs one source through the core, prints the summary, says how far meaning has got. */
async function run(opts: IngestOptions, setExit: (code: number) => void, source: SourceRun): Promise<void> {
  const config = configFrom(opts);
  // refuse a too-short interval before the database is opened
  checkSourceRun(config, source);
  const started = performance.now();
  await withPaperboy(config, async (app) => {
    const report = await app.ingest(source, progress);
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    printReport(report, (performance.now() - started) / 1000);
    if (report.failed.length > 0) setExit(1);
    if (report.papers.added + report.papers.updated > 0 || opts.wait) await reportSemantic(app, { wait: opts.wait === true, bar: true });
  });
}

function printReport(r: IngestReport, seconds: number): void {
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
}
