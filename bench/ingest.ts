/**
 * OAI-PMH ingest throughput: parse + upsert of arXivRaw ListRecords pages,
 * against a bare XML parse (fast-xml-parser, default options) of the same
 * pages measured in the same run.
 *
 *   npx tsx bench/ingest.ts [RECORDS]
 *
 * The pages are made from the real arXiv listing records in
 * ../shared/data/arxiv-listings/arxiv_listings.jsonl.gz (not in the
 * repository), written in the arXivRaw schema 1,000 records a page as arXiv
 * serves them. Goals: ≥ 2,000 records/s and ≥ 0.5× the bare parse rate, for the
 * harvester's path (the next page parsed on a worker thread while this one is
 * written); the one-thread figure is printed beside it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { EntryWriter } from '../src/ingest/entry-writer.ts';
import { parseListRecords } from '../src/ingest/oai/oai-pmh.ts';
import { inThreadParser, workerParser } from '../src/ingest/oai/page-parser.ts';
import { writeArxivEntries } from '../src/ingest/sources/write-arxiv-entries.ts';
import { openStore } from '../src/store/store.ts';
import { writeTransaction } from '../src/store/db.ts';

const LISTINGS = path.resolve(import.meta.dirname, '../../shared/data/arxiv-listings/arxiv_listings.jsonl.gz');
const WANT = Number(process.argv[2] ?? 20_000);
const PER_PAGE = 1000;

if (!fs.existsSync(LISTINGS)) {
  process.stderr.write(`bench/ingest.ts needs the arXiv listing records at ${LISTINGS} (../shared/data beside the repository)\n`);
  process.exit(2);
}

interface Listing {
  id: string;
  title: string;
  authors: string[];
  categories: string[];
  comment: string | null;
  abstract: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function recordXml(r: Listing, i: number): string {
  const versions = 1 + (i % 3);
  const v = Array.from({ length: versions }, (_, k) => `<version version="v${k + 1}"><date>Mon, ${String(1 + k).padStart(2, '0')} Jun 2026 1${k}:00:00 GMT</date><size>${100 + k}kb</size></version>`).join('');
  return `<record><header><identifier>oai:arXiv.org:${r.id}</identifier><datestamp>2026-06-0${1 + (i % 9)}</datestamp><setSpec>cs</setSpec></header><metadata>
<arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/"><id>${r.id}</id><submitter>${esc(r.authors[0] ?? 'Someone')}</submitter>${v}<title>${esc(r.title)}</title><authors>${esc(r.authors.join(', '))}</authors><categories>${esc(r.categories.join(' '))}</categories>${r.comment ? `<comments>${esc(r.comment)}</comments>` : ''}<license>http://arxiv.org/licenses/nonexclusive-distrib/1.0/</license><abstract>${esc(r.abstract)}</abstract></arXivRaw></metadata></record>`;
}

async function loadListings(n: number): Promise<Listing[]> {
  const out: Listing[] = [];
  const lines = readline.createInterface({ input: fs.createReadStream(LISTINGS).pipe(zlib.createGunzip()) });
  for await (const line of lines) {
    const r = JSON.parse(line) as Listing;
    if (/^\d{4}\.\d{4,5}$/.test(r.id)) out.push(r);
    if (out.length >= n) break;
  }
  lines.close();
  return out;
}

const listings = await loadListings(WANT);
const pages: string[] = [];
for (let p = 0; p * PER_PAGE < listings.length; p++) {
  const slice = listings.slice(p * PER_PAGE, (p + 1) * PER_PAGE);
  const last = (p + 1) * PER_PAGE >= listings.length;
  pages.push(
    `<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-06-10T00:00:00Z</responseDate><request verb="ListRecords">x</request><ListRecords>${slice.map((r, i) => recordXml(r, p * PER_PAGE + i)).join('\n')}${last ? '<resumptionToken/>' : `<resumptionToken cursor="${p * PER_PAGE}">t${p + 1}</resumptionToken>`}</ListRecords></OAI-PMH>`,
  );
}
const records = listings.length;
const megabytes = pages.reduce((s, p) => s + p.length, 0) / 1e6;

// reference: a bare parse of the same pages
const bare = new XMLParser();
for (const page of pages.slice(0, 2)) bare.parse(page); // warm-up
let t0 = performance.now();
for (const page of pages) bare.parse(page);
const bareSeconds = (performance.now() - t0) / 1000;

// parse only (our parser)
t0 = performance.now();
let parsedRecords = 0;
for (const page of pages) parsedRecords += parseListRecords(page, 'arXivRaw').records.length;
const parseSeconds = (performance.now() - t0) / 1000;

// parse + upsert into a fresh database (full-text index triggers included), the way the
// harvester does it: the next page is parsed on a worker thread while this one is written
async function ingestAll(pipelined: boolean): Promise<{ seconds: number; writer: EntryWriter }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-bench-ingest-'));
  const store = await openStore(path.join(dir, 'ingest.db'));
  const writer = new EntryWriter();
  const parser = pipelined ? workerParser() : inThreadParser;
  await parser.parse(pages[0]!, 'arXivRaw'); // start the worker (and warm it up) before the clock
  const started = performance.now();
  let parsing = parser.parse(pages[0]!, 'arXivRaw');
  for (let i = 0; i < pages.length; i++) {
    const parsed = await parsing;
    if (i + 1 < pages.length) parsing = parser.parse(pages[i + 1]!, 'arXivRaw');
    const entries = parsed.records.flatMap((r) => (r.entry ? [r.entry] : []));
    await writeTransaction(store.db, (trx) => writeArxivEntries(trx, writer, entries, new Date().toISOString()));
  }
  const seconds = (performance.now() - started) / 1000;
  await parser.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { seconds, writer };
}
// the harvester's path (the next page parsed on a worker while this one is written), and all on one thread
const oneThread = await ingestAll(false);
const { seconds: ingestSeconds, writer } = await ingestAll(true);

const rate = (s: number): number => Math.round(records / s);
const result = {
  bench: 'ingest',
  records,
  pages: pages.length,
  megabytes: Math.round(megabytes * 10) / 10,
  bareParse: { seconds: Math.round(bareSeconds * 100) / 100, recordsPerSecond: rate(bareSeconds) },
  parseOnly: { seconds: Math.round(parseSeconds * 100) / 100, recordsPerSecond: rate(parseSeconds), parsedRecords },
  parseAndUpsert: { seconds: Math.round(ingestSeconds * 100) / 100, recordsPerSecond: rate(ingestSeconds), papers: writer.papers, versions: writer.versions, path: 'next page parsed on a worker thread while this one is written, as harvests do' },
  parseAndUpsertOneThread: { seconds: Math.round(oneThread.seconds * 100) / 100, recordsPerSecond: rate(oneThread.seconds), note: 'faster only when the other core is busy' },
  ratioToBareParse: Math.round((bareSeconds / ingestSeconds) * 1000) / 1000,
  goals: { recordsPerSecond: 2000, ratioToBareParse: 0.5 },
  pass: rate(ingestSeconds) >= 2000 && bareSeconds / ingestSeconds >= 0.5,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exitCode = result.pass ? 0 : 1;
