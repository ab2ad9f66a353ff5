import { Command } from 'commander';
import type { FillSummary, ThumbnailStatus } from '../../app/types.ts';
import { AppError } from '../../domain/errors.ts';
import { configFrom, err, n, out, withDbOption, withPaperboy } from '../common.ts';
import { progressBar } from '../progress.ts';

const MAX_LIMIT = 100_000;

/**
 * `paperboy thumbnails`: fetch (and render) the thumbnails of listed papers
 * that have none, newest listings first, by hand; `serve` does the same in the
 * background. Exit 0 when every paper tried got one (or there was nothing to
 * do), 1 when some failed (they are tried again later), 2 when thumbnails are off.
 */
export function thumbnailsCommand(setExit: (code: number) => void): Command {
  return withDbOption(new Command('thumbnails'))
    .description('Fetch thumbnails of listed papers that have none: images the sources name, else page 1 of the PDF (PAPERBOY_THUMBNAILS)')
    .option('-n, --limit <n>', `at most this many papers (1-${MAX_LIMIT})`, '100')
    .action(async (opts: { db?: string; limit: string }) => {
      if (!/^\d{1,6}$/.test(opts.limit) || Number(opts.limit) < 1 || Number(opts.limit) > MAX_LIMIT) {
        throw new AppError('invalid_input', `--limit ${JSON.stringify(opts.limit)} must be a whole number from 1 to ${MAX_LIMIT}`);
      }
      const config = configFrom(opts);
      if (config.thumbnails === 'off') {
        throw new AppError('config', 'thumbnails are off (PAPERBOY_THUMBNAILS=off): set it to upstream or all to fetch them');
      }
      await withPaperboy(config, async (app) => {
        const started = performance.now();
        const bar = progressBar('Thumbnails');
        const r = await app.fillThumbnails(Number(opts.limit), (done, total, paperId) => bar.update(done, total, paperId));
        bar.stop();
        const status = await app.thumbnailStatus();
        report(r, status, (performance.now() - started) / 1000);
        if (r.failed > 0) setExit(1);
      });
    });
}

function report(r: FillSummary, s: ThumbnailStatus, seconds: number): void {
  if (r.pdfSkipped) err(`PDFs skipped: pdftoppm is not installed (Debian/Ubuntu: apt-get install poppler-utils); only images the sources name were fetched`);
  if (r.tried === 0) {
    out('Nothing to do: every listed paper has a thumbnail, has none to fetch, or waits to be tried again.');
  } else {
    const from = [r.fromUpstream > 0 ? `${n(r.fromUpstream)} from upstream images` : '', r.fromPdf > 0 ? `${n(r.fromPdf)} rendered from PDFs` : ''].filter(Boolean).join(', ');
    out(`Stored ${n(r.stored)} of ${n(r.tried)} thumbnails${from ? ` (${from})` : ''} in ${seconds.toFixed(1)} s`);
  }
  if (r.failed > 0) err(`${n(r.failed)} failed and will be tried again later; first: ${r.firstError ?? 'unknown'}`);
  if (r.unreachable) err('Stopped early: the hosts could not be reached (no network?). Run again later.');
  out(statusLine(s));
}

/** One line on how far thumbnails have got (also `paperboy stats`). */
export function statusLine(s: ThumbnailStatus): string {
  if (s.mode === 'off') return `Thumbnails  ${n(s.stored)} stored; fetching is off (PAPERBOY_THUMBNAILS=off)`;
  const parts = [`${n(s.stored)} of ${n(s.listed)} listed papers have a thumbnail (upstream ${n(s.bySource.upstream)}, PDF ${n(s.bySource.pdf)})`];
  if (s.failing > 0) parts.push(`${n(s.failing)} failed so far, tried again later`);
  if (s.mode === 'all' && !s.pdfRenderer) parts.push('PDFs are not rendered: pdftoppm is missing (install poppler-utils)');
  if (s.mode === 'upstream') parts.push('PDFs are not fetched (PAPERBOY_THUMBNAILS=upstream)');
  return `Thumbnails  ${parts.join('; ')}`;
}
