import { Command } from 'commander';
import { storeStats } from '../../store/stats-repo.ts';
import { configFrom, n, out, withDbOption, withStore } from '../common.ts';

export function statsCommand(): Command {
  return withDbOption(new Command('stats'))
    .description('Show how many papers, listings, days and users the database holds')
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      const config = configFrom(opts);
      const stats = await withStore(config, (store) => storeStats(store.db));
      if (opts.json) return out(JSON.stringify({ db: config.db, ...stats }, null, 2));
      out(`Database  ${config.db}`);
      out(`Papers    ${n(stats.papers)}${Object.keys(stats.papersBySource).length > 1 ? ` (${Object.entries(stats.papersBySource).map(([s, c]) => `${s} ${n(c)}`).join(', ')})` : ''}`);
      out(`Listings  ${n(stats.listings)} on ${n(stats.days)} days${stats.firstDay ? `, ${stats.firstDay} .. ${stats.lastDay}` : ''}`);
      out(`Users     ${n(stats.users)}`);
    });
}
