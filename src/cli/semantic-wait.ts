/**
 * `--wait` and the "meaning" line of import and ingest. Writing papers never
 * waits for the embedder (see app/semantic-upkeep.ts); this says how far
 * meaning has got, or with `--wait` catches up first with a progress bar.
 */
import type { Paperboy } from '../app/paperboy.ts';
import { n, out } from './common.ts';
import { progressBar } from './progress.ts';

export const semanticWaitOption = [
  '--wait',
  'also wait until the papers are found by meaning (trains the built-in embedder when due); without it, `paperboy serve` does that in the background',
] as const;

export async function reportSemantic(app: Paperboy, options: { wait: boolean; bar: boolean }): Promise<void> {
  if (options.wait) {
    const train = progressBar('Training', options.bar && process.stderr.isTTY === true);
    const embed = progressBar('Embedding', options.bar && process.stderr.isTTY === true);
    const r = await app.catchUpSemantic((phase, d, t) => (phase === 'train' ? train : embed).update(d, t));
    train.stop();
    embed.stop();
    if (r.embedded > 0) out(`  search:   ${n(r.embedded)} papers embedded for semantic search`);
  }
  const s = await app.semanticStatus();
  if (s.state === 'partial') {
    out(`  meaning:  ${n(s.embedded)} of ${n(s.papers)} papers have vectors; the rest follow in the background while paperboy serve runs (or rerun with --wait)`);
  } else if (s.state === 'waiting') {
    out(`  meaning:  ${n(s.papers)} papers are too few to learn from yet; search uses words only`);
  }
}
