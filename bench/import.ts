/**
 * Import throughput on the whole recorded Daily Papers archive (580 days,
 * ~9.9k papers): a first import into an empty database, then the same import
 * again (must add and update nothing), then the archive with one corrupted
 * line (must skip exactly that line). Reference in the same run: reading and
 * JSON-parsing the same file without touching the database.
 *
 *   npx tsx bench/import.ts [ARCHIVE]
 *
 * Needs ../shared/data/hf-daily-papers/daily_papers.jsonl.gz (not in the repo).
 * Prints JSON; exits 1 if a goal is missed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { importFiles } from '../src/ingest/import-files.ts';
import { readRecords } from '../src/ingest/read-records.ts';
import { openStore } from '../src/store/store.ts';

const DEFAULT_ARCHIVE = path.resolve(import.meta.dirname, '../../shared/data/hf-daily-papers/daily_papers.jsonl.gz');
const archive = process.argv[2] ?? DEFAULT_ARCHIVE;
const GOAL_SECONDS = 30;

if (!fs.existsSync(archive)) {
  process.stderr.write(`bench/import.ts needs the recorded Daily Papers archive at ${archive}\n(../shared/data/hf-daily-papers/daily_papers.jsonl.gz beside the repository), or its path as the first argument.\n`);
  process.exit(2);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-bench-import-'));
const seconds = (t0: number): number => Math.round((performance.now() - t0) / 10) / 100;

try {
  let t0 = performance.now();
  let values = 0;
  for await (const v of readRecords(archive)) if (v.ok) values++;
  const parseOnly = seconds(t0);

  const store = await openStore(path.join(dir, 'bench.db'));
  t0 = performance.now();
  const first = await importFiles(store.db, [archive]);
  const firstSeconds = seconds(t0);
  t0 = performance.now();
  const again = await importFiles(store.db, [archive]);
  const againSeconds = seconds(t0);

  const lines = zlib.gunzipSync(fs.readFileSync(archive)).toString('utf8').split('\n');
  const corruptAt = Math.floor(lines.length / 2);
  lines[corruptAt] = lines[corruptAt]!.slice(0, 1000);
  const corrupted = path.join(dir, 'corrupted.jsonl.gz');
  fs.writeFileSync(corrupted, zlib.gzipSync(lines.join('\n')));
  const broken = await importFiles(store.db, [corrupted]);
  await store.close();

  const result = {
    archive,
    archiveLines: values,
    parseOnlySeconds: parseOnly,
    firstImport: { seconds: firstSeconds, papers: first.papers, listings: first.listings, skipped: first.skipped.length },
    reimport: { seconds: againSeconds, papers: again.papers, listings: again.listings, skipped: again.skipped.length },
    corruptedLine: { line: corruptAt + 1, skipped: broken.skipped.map((s) => s.where.replace(dir, '$TMP')), added: broken.papers.added },
    importVsParse: Math.round((firstSeconds / Math.max(parseOnly, 0.001)) * 10) / 10,
    goals: {
      firstImportUnder30s: firstSeconds <= GOAL_SECONDS,
      reimportAddsNothing: again.papers.added === 0 && again.papers.updated === 0 && again.listings.added === 0 && again.listings.updated === 0,
      corruptedLineSkippedAlone: broken.skipped.length === 1 && broken.papers.added === 0,
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exitCode = Object.values(result.goals).every(Boolean) ? 0 : 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
