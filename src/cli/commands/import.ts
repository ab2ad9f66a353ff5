import fs from 'node:fs';
import { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { AppError } from '../../domain/errors.ts';
import { parseDay } from '../../domain/period.ts';
import type { Tally } from '../../ingest/entry-writer.ts';
import { importFiles, type ImportSummary } from '../../ingest/import-files.ts';
import { embedMissing, openSemantic } from '../../search/semantic-index.ts';
import { openVectorIndex } from '../../search/vector/ivf-index.ts';
import { configFrom, err, errProblem, n, out, withDbOption, withStore } from '../common.ts';
import { progressBar } from '../progress.ts';

const SHOWN_SKIPS = 20;

export function importCommand(setExit: (code: number) => void): Command {
  return withDbOption(new Command('import'))
    .description(
      'Import papers from files: Daily Papers API responses (JSON array), the {date, response} JSONL archive, or paper JSONL {id, title, abstract, authors, categories, published}. Gzip is read transparently. Re-importing is safe: unchanged records are left alone.',
    )
    .argument('<files...>', 'files to import (.json, .jsonl, optionally .gz)')
    .option('--date <YYYY-MM-DD>', 'listing day for Daily Papers items outside the dated archive (default: the day each was submitted)')
    .option('--quiet', 'no progress bar')
    .option('--embedder <spec>', 'builtin, onnx:DIR or http:URL#model=NAME (env PAPERBOY_EMBEDDER)')
    .action(async (files: string[], opts: { db?: string; date?: string; quiet?: boolean; embedder?: string }) => {
      if (opts.date !== undefined && !parseDay(opts.date)) throw new AppError('invalid_input', `--date ${JSON.stringify(opts.date)} is not a date: use YYYY-MM-DD`);
      const missing = files.filter((f) => !fs.existsSync(f) || !fs.statSync(f).isFile());
      if (missing.length > 0) throw new AppError('invalid_input', `cannot read ${missing.map((f) => JSON.stringify(f)).join(', ')}: no such file. Nothing was imported.`);
      const config = configFrom(opts);
      const started = performance.now();
      const totalBytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
      const progress = progressReporter(!opts.quiet && process.stderr.isTTY === true, totalBytes);
      const { summary, embedded } = await withStore(config, async (store) => {
        const summary = await importFiles(store.db, files, { ...(opts.date ? { day: opts.date } : {}), onProgress: progress.update });
        progress.stop();
        // New papers are already in the full-text index (triggers); give them vectors too.
        const bar = progressBar('Embedding', !opts.quiet && process.stderr.isTTY === true);
        const side = await openSemantic(store, config, { train: 'auto', onProgress: (_phase, d, t) => bar.update(d, t) });
        const embedded = side ? await embedMissing(store, openVectorIndex(store), side, (_phase, d, t) => bar.update(d, t)) : 0;
        bar.stop();
        return { summary, embedded };
      });
      printSummary(summary, (performance.now() - started) / 1000);
      if (embedded > 0) out(`  search:   ${n(embedded)} papers embedded for semantic search`);
      if (summary.skipped.length > 0) setExit(1);
    });
}

function progressReporter(enabled: boolean, totalBytes: number) {
  const bar = enabled
    ? new SingleBar({ format: 'Importing [{bar}] {percentage}% | {papers} papers | {skipped} skipped | {eta_formatted} left', hideCursor: true, stream: process.stderr, clearOnComplete: true })
    : null;
  let doneBytes = 0;
  let currentFile = '';
  let currentBytes = 0;
  bar?.start(Math.max(totalBytes, 1), 0, { papers: 0, skipped: 0 });
  return {
    update: (file: string, p: { bytesRead: number }, s: ImportSummary): void => {
      if (file !== currentFile) {
        doneBytes += currentBytes;
        currentFile = file;
      }
      currentBytes = p.bytesRead;
      bar?.update(doneBytes + currentBytes, { papers: n(s.papers.added + s.papers.updated + s.papers.unchanged), skipped: s.skipped.length });
    },
    stop: (): void => {
      bar?.stop();
    },
  };
}

function tally(t: Tally): string {
  return `${n(t.added)} added, ${n(t.updated)} updated, ${n(t.unchanged)} unchanged`;
}

function printSummary(s: ImportSummary, seconds: number): void {
  for (const skip of s.skipped.slice(0, SHOWN_SKIPS)) errProblem('skipped', skip.where, skip.reason);
  if (s.skipped.length > SHOWN_SKIPS) err(`... and ${n(s.skipped.length - SHOWN_SKIPS)} more skipped`);
  for (const w of s.warnings.slice(0, SHOWN_SKIPS)) err(`warning ${w.where}: ${w.message}`);
  if (s.warnings.length > SHOWN_SKIPS) err(`... and ${n(s.warnings.length - SHOWN_SKIPS)} more warnings`);
  out(`Imported ${n(s.files)} file${s.files === 1 ? '' : 's'} in ${seconds.toFixed(1)} s`);
  out(`  papers:   ${tally(s.papers)}`);
  out(`  listings: ${tally(s.listings)}`);
  out(`  skipped:  ${n(s.skipped.length)}${s.skipped.length > 0 ? ' (see above; exit code 1)' : ''}`);
  if (s.warnings.length > 0) out(`  warnings: ${n(s.warnings.length)} (links left out, see above; the papers were imported)`);
}
