import { Command } from 'commander';
import { AppError } from '../../domain/errors.ts';
import { configFrom, n, out, withDbOption, withPaperboy } from '../common.ts';
import { progressBar } from '../progress.ts';

export function reindexCommand(): Command {
  return withDbOption(new Command('reindex'))
    .description('Rebuild the search indexes: the full-text index, the built-in embedder (retrained on all papers) and every paper vector')
    .option('--only <part>', 'just one part: fulltext or vectors')
    .option('--embedder <spec>', 'builtin, onnx:DIR or http:URL#model=NAME (env PAPERBOY_EMBEDDER)')
    .action(async (opts: { db?: string; only?: string; embedder?: string }) => {
      if (opts.only !== undefined && opts.only !== 'fulltext' && opts.only !== 'vectors') {
        throw new AppError('invalid_input', `--only ${JSON.stringify(opts.only)} must be fulltext or vectors`);
      }
      const only = opts.only ?? null;
      const config = configFrom(opts);
      await withPaperboy(config, async (app) => {
        const started = performance.now();
        const bars = { fulltext: progressBar('Full text'), train: progressBar('Training'), embed: progressBar('Embedding') };
        const r = await app.reindex(only, (part, d, t) => bars[part].update(d, t));
        for (const bar of Object.values(bars)) bar.stop();
        if (r.fullText !== null) out(`Full-text index: ${n(r.fullText)} papers`);
        if (r.semantic === 'too few papers') out('Semantic index: skipped (too few papers to learn from; search uses words only)');
        else if (r.semantic) out(`Semantic index: ${n(r.semantic.embedded)} papers embedded with ${r.semantic.model} (${r.semantic.dimensions} dimensions)`);
        out(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      });
    });
}
