import { Command } from 'commander';
import { AppError } from '../../domain/errors.ts';
import { authorLine } from '../../domain/paper.ts';
import { configFrom, n, out, withDbOption, withPaperboy } from '../common.ts';

export function searchCommand(setExit: (code: number) => void): Command {
  return withDbOption(new Command('search'))
    .description('Search papers by meaning and by keyword (filters: "phrase", -word, author:, cat:, after:, before:, date:A..B)')
    .argument('<query...>', 'what to look for')
    .option('-n, --limit <n>', 'how many results (1-100)', '10')
    .option('--json', 'print JSON')
    .option('--embedder <spec>', 'builtin, onnx:DIR or http:URL#model=NAME (env PAPERBOY_EMBEDDER)')
    .action(async (words: string[], opts: { db?: string; limit: string; json?: boolean; embedder?: string }) => {
      const limit = Number(opts.limit);
      if (!/^\d+$/.test(opts.limit) || limit < 1 || limit > 100) {
        throw new AppError('invalid_input', `--limit ${JSON.stringify(opts.limit)} must be a whole number from 1 to 100`);
      }
      const config = configFrom(opts);
      await withPaperboy(config, async (app) => {
        const result = await app.search(words.join(' '), { limit });
        if (opts.json) {
          out(JSON.stringify({ total: result.total, semantic: result.semantic, hits: result.hits.map((h) => ({ id: h.paper.id, title: h.paper.title, score: h.score })) }, null, 2));
        } else {
          if (result.hits.length === 0) out('No papers match.');
          result.hits.forEach((h, i) => {
            out(`${String(i + 1).padStart(2)}. ${h.paper.title}`);
            out(`    ${h.paper.id} · ${authorLine(h.paper.authors, 3)}${h.paper.publishedAt ? ` · ${h.paper.publishedAt.slice(0, 10)}` : ''}`);
          });
          out();
          out(`${n(result.hits.length)} of ${n(result.total)} shown · ${result.semantic ? 'words and meaning' : 'words only (no semantic index yet: run paperboy reindex)'}`);
        }
        if (result.hits.length === 0) setExit(1);
      });
    });
}
