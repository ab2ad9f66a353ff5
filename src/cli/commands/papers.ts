import { Command } from 'commander';
import { AppError } from '../../domain/errors.ts';
import { acceptableLink, checkGithubRepo } from '../../domain/links.ts';
import { arxivAbsUrl, PAPER_ID_HELP, parsePaperId } from '../../domain/paper-id.ts';
import { paperUpvotes } from '../../domain/paper.ts';
import { paperDetailJson } from '../../app/daily-papers-shape.ts';
import { configFrom, out, withDbOption, withPaperboy } from '../common.ts';

export function papersCommand(setExit: (code: number) => void): Command {
  const papers = new Command('papers').description('Look at papers in the database');
  papers.addCommand(
    withDbOption(new Command('show'))
      .description('Show one paper: title, authors, abstract, links, listings')
      .argument('<id>', 'paper id, e.g. 2310.13724, hep-th/9901001 or openreview:XYZ')
      .option('--json', 'print the paper in the Daily Papers API shape')
      .action(async (idArg: string, opts: { db?: string; json?: boolean }) => {
        const id = parsePaperId(idArg);
        if (!id) throw new AppError('invalid_input', `"${idArg}" is not a paper id: use ${PAPER_ID_HELP}`);
        const config = configFrom(opts);
        const detail = await withPaperboy(config, (app) => app.paper(id.id));
        if (!detail) {
          process.stderr.write(`paperboy: no paper ${id.id} in ${config.db}\n`);
          setExit(1);
          return;
        }
        if (opts.json) return out(JSON.stringify(paperDetailJson(detail), null, 2));
        const p = detail.paper;
        out(p.title);
        out(p.authors.map((a) => a.name).join(', '));
        out();
        const facts: [string, string | null][] = [
          ['Id', p.source === 'arxiv' ? `arXiv:${p.id}${p.version ? `v${p.version}` : ''}` : p.id],
          ['Published', p.publishedAt?.slice(0, 10) ?? null],
          ['Listed', detail.listings.map((l) => l.day).join(', ') || null],
          ['Submitted by', detail.submitter?.username ?? null],
          ['Upvotes', String(paperUpvotes(detail.listings))],
          ['Categories', p.categories.join(', ') || null],
          ['arXiv', p.source === 'arxiv' ? arxivAbsUrl(p.id) : null],
          // rows stored before links were checked may hold anything, control characters included
          ['Code', acceptableLink(p.githubRepo, checkGithubRepo)],
          ['Project', acceptableLink(p.projectPage)],
          ['Page', `${config.baseUrl}/papers/${p.id}`],
        ];
        for (const [k, v] of facts) if (v) out(`${`${k}:`.padEnd(14)}${v}`);
        if (p.aiSummary) {
          out();
          out(`In short: ${p.aiSummary}`);
        }
        out();
        out(p.abstract);
      }),
  );
  return papers;
}
