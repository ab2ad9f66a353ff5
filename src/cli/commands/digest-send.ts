import { Command } from 'commander';
import type { DigestRunSummary } from '../../app/types.ts';
import { configFrom, n, out, withDbOption, withPaperboy } from '../common.ts';
import { progressBar } from '../progress.ts';

/**
 * `paperboy digest send [--dry-run] [--period P]`: one pass of the sending engine by hand,
 * with a progress bar and a summary. Safe beside a running server or another `digest send`:
 * the ledger gives each digest to one of them.
 */
export function digestSendCommand(setExit: (code: number) => void): Command {
  return withDbOption(new Command('send'))
    .description('Send the digests that are due now (each subscriber at their hour, in their time zone), each exactly once')
    .option('--dry-run', 'claim nothing, send nothing: list who would get which digest')
    .option('--period <period>', 'send this period to every active subscriber of its frequency, whatever their hour: D2026-11-26 (daily) or W2026-W48 (weekly)')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { db?: string; dryRun?: boolean; period?: string; json?: boolean }) => {
      const config = configFrom(opts);
      await withPaperboy(config, async (app) => {
        const started = performance.now();
        const bar = progressBar('Digests');
        let summary: DigestRunSummary;
        try {
          summary = await app.digestSending.send({
            dryRun: opts.dryRun === true,
            period: opts.period,
            verifyMailFirst: true,
            onProgress: (done, total) => bar.update(done, total),
          });
        } finally {
          bar.stop();
        }
        const seconds = (performance.now() - started) / 1000;
        if (opts.json) out(JSON.stringify({ ...summary, seconds: Math.round(seconds * 1000) / 1000 }, null, 2));
        else if (opts.dryRun) printPlan(summary);
        else printSummary(summary, seconds);
        setExit(exitCodeOf(summary));
      });
    });
}

function printPlan(s: DigestRunSummary): void {
  for (const p of s.planned) out(`${p.email.padEnd(36)} ${p.period.padEnd(12)} ${p.messageId}${p.kind === 'new' ? '' : ` (${p.kind})`}`);
  out(`Would send ${n(s.planned.length)} digest${s.planned.length === 1 ? '' : 's'} (dry run: nothing claimed, nothing sent).`);
  if (s.inFlightElsewhere > 0) out(`${n(s.inFlightElsewhere)} more are being sent by another process.`);
  if (s.waitingToRetry > 0) out(`${n(s.waitingToRetry)} more wait for their retry time.`);
}

function printSummary(s: DigestRunSummary, seconds: number): void {
  if (s.due === 0 && s.inFlightElsewhere === 0 && s.waitingToRetry === 0) {
    out('No digests are due.');
    return;
  }
  out(`Digests due: ${n(s.due)}`);
  out(`  sent                          ${n(s.sent)}`);
  out(`  skipped, nothing to send      ${n(s.skipped)}`);
  out(`  failed, tried again later     ${n(s.failedTemporary)}`);
  out(`  failed for good               ${n(s.failedPermanent)}`);
  out(`  subscribers paused            ${n(s.paused)} (hard bounces)`);
  if (s.inFlightElsewhere > 0) out(`  sent by another process       ${n(s.inFlightElsewhere)}`);
  if (s.waitingToRetry > 0) out(`  waiting for their retry time  ${n(s.waitingToRetry)}`);
  if (s.lostClaims > 0) out(`  claim lost while sending      ${n(s.lostClaims)} (the other sender may send them again, same Message-ID)`);
  if (s.stoppedEarly) out(`Stopped early: ${s.stoppedEarly}`);
  out(`Done in ${seconds.toFixed(1)} s`);
}

/** 0: everything due is done (or nothing was due); 1: some failed; 3: nothing could be sent at all. */
function exitCodeOf(s: DigestRunSummary): number {
  const failed = s.failedTemporary + s.failedPermanent;
  if (failed === 0 && !s.stoppedEarly) return 0;
  return s.sent + s.skipped > 0 ? 1 : 3;
}
