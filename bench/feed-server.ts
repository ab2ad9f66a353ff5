/**
 * Child process of bench/feed.ts: the real app on a fresh SQLite file with the
 * demo data, plus a trivial `/__bench/hello` route on the SAME app, so both
 * routes pay for the same middleware and the ratio isolates the page's own work.
 *
 *   node --import tsx bench/feed-server.ts <db-file> <port>
 *
 * Prints one JSON line `{"ready":true,...}` on stdout once it is listening.
 */
import { serve } from '@hono/node-server';
import { loadConfig } from '../src/config.ts';
import { importFiles } from '../src/ingest/import-files.ts';
import { openStore } from '../src/store/store.ts';
import { createApp } from '../src/web/app.ts';
import { Paperboy } from '../src/app/paperboy.ts';

const DEMO_FILE = 'data/demo/daily_papers.jsonl.gz';

async function main(): Promise<void> {
  const [dbPath, port] = process.argv.slice(2);
  if (!dbPath || !port) throw new Error('usage: feed-server.ts <db-file> <port>');

  const config = loadConfig({ ...process.env, PAPERBOY_DB: dbPath }, { port, host: '127.0.0.1' });
  const store = await openStore(config.db);
  const imported = await importFiles(store.db, [DEMO_FILE]);
  if (imported.listings.added === 0) throw new Error(`no listings imported from ${DEMO_FILE}`);

  const app = createApp({ core: await Paperboy.over(store, config), config });
  app.get('/__bench/hello', (c) => c.text('hello world'));

  const server = serve({ fetch: app.fetch, port: config.port, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(
      `${JSON.stringify({ ready: true, port: info.port, pid: process.pid, papers: imported.papers.added, listings: imported.listings.added })}\n`,
    );
  });

  const shutdown = (): void => {
    server.close();
    void store.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`feed-server: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
