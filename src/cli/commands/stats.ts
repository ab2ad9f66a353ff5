import { Command } from 'commander';
import type { SemanticStatus } from '../../app/types.ts';
import { configFrom, n, out, withDbOption, withPaperboy } from '../common.ts';
import { statusLine } from './thumbnails.ts';

export function statsCommand(): Command {
  return withDbOption(new Command('stats'))
    .description('Show how many papers, listings, days and users the database holds')
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      const config = configFrom(opts);
      const stats = await withPaperboy(config, (app) => app.stats());
      if (opts.json) return out(JSON.stringify({ db: config.db, ...stats }, null, 2));
      out(`Database  ${config.db}`);
      out(`Papers    ${n(stats.papers)}${Object.keys(stats.papersBySource).length > 1 ? ` (${Object.entries(stats.papersBySource).map(([s, c]) => `${s} ${n(c)}`).join(', ')})` : ''}`);
      out(`Listings  ${n(stats.listings)} on ${n(stats.days)} days${stats.firstDay ? `, ${stats.firstDay} .. ${stats.lastDay}` : ''}`);
      out(`Users     ${n(stats.users)}`);
      out(`Meaning   ${semanticLine(stats.semantic)}`);
      out(statusLine(stats.thumbnails));
    });
}

function semanticLine(s: SemanticStatus): string {
  switch (s.state) {
    case 'off':
      return 'off (PAPERBOY_EMBEDDER=none): search uses words only';
    case 'waiting':
      return `waiting: ${n(s.papers)} papers are too few to learn from; search uses words only`;
    case 'partial':
      return s.model
        ? `${n(s.embedded)} of ${n(s.papers)} papers embedded with ${s.model}; the rest follow in the background while paperboy serve runs`
        : `no vectors yet: paperboy serve trains and embeds in the background (or run paperboy reindex --only vectors)`;
    case 'ready':
      return `all ${n(s.papers)} papers embedded with ${s.model}`;
  }
}
