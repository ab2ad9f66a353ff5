import { Command } from 'commander';
import { AppError } from '../../domain/errors.ts';
import { rebuildFullText } from '../../store/search-repo.ts';
import { writeTransaction } from '../../store/db.ts';
import { embedMissing, openSemantic } from '../../search/semantic-index.ts';
import { openVectorIndex } from '../../search/vector/ivf-index.ts';
import { configFrom, n, out, withDbOption, withStore } from '../common.ts';
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
      const config = configFrom(opts);
      await withStore(config, async (store) => {
        const started = performance.now();
        if (opts.only !== 'vectors') {
          const bar = progressBar('Full text');
          // one transaction: a crash leaves the old index, never half a new one
          const indexed = await writeTransaction(store.db, (trx) => rebuildFullText(trx, (d, t) => bar.update(d, t)));
          bar.stop();
          out(`Full-text index: ${n(indexed)} papers`);
        }
        if (opts.only !== 'fulltext') {
          const train = progressBar('Training');
          const embed = progressBar('Embedding');
          const onProgress = (phase: 'train' | 'embed', d: number, t: number): void => (phase === 'train' ? train : embed).update(d, t);
          const side = await openSemantic(store, config, { train: 'always', onProgress });
          train.stop();
          if (!side) {
            out('Semantic index: skipped (too few papers to learn from; search uses words only)');
          } else {
            const vectors = openVectorIndex(store);
            vectors.clear();
            const embedded = await embedMissing(store, vectors, side, onProgress);
            embed.stop();
            out(`Semantic index: ${n(embedded)} papers embedded with ${side.embedder.name} (${side.embedder.dimensions} dimensions)`);
          }
        }
        out(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      });
    });
}
