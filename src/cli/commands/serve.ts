import { Command } from 'commander';
import pino from 'pino';
import { Paperboy } from '../../app/paperboy.ts';
import { createApp } from '../../web/app.ts';
import { startServer } from '../../web/server.ts';
import { configFrom, withDbOption } from '../common.ts';

/**
 * `paperboy serve`: the composition root. Opens the core as a server, puts the
 * web adapter in front of it, starts the background work (word index,
 * semantic upkeep, scheduled sources) and stops it all on SIGINT/SIGTERM.
 */
export function serveCommand(): Command {
  return withDbOption(new Command('serve'))
    .description('Serve the web pages and JSON API (loads the demo papers into an empty database first)')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 3000)')
    .option('--host <host>', 'address to listen on (env PAPERBOY_HOST, default 0.0.0.0)')
    .option('--base-url <url>', 'public URL used in links (env PAPERBOY_BASE_URL, default http://localhost:PORT)')
    .option('--embedder <spec>', 'builtin, onnx:DIR or http:URL#model=NAME (env PAPERBOY_EMBEDDER)')
    .action(async (opts: { port?: string; host?: string; db?: string; baseUrl?: string; embedder?: string }) => {
      const config = configFrom(opts);
      const log = pino({ level: config.logLevel, base: undefined });
      const core = await Paperboy.open(config, { serve: true, log });
      let server;
      try {
        if (config.demoData) {
          const demo = await core.loadDemoIfEmpty();
          if (demo) log.info({ papers: demo.papers.added, listings: demo.listings.added }, 'empty database: loaded the demo papers');
        }
        const app = createApp({ core, config, onUnexpectedError: (error, path) => log.error({ err: error, path }, 'request failed') });
        server = await startServer(app, { port: config.port, host: config.host });
      } catch (e) {
        await core.close();
        throw e;
      }
      log.info({ db: config.db, url: config.baseUrl }, `Paperboy is serving on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${server.port}`);
      // The in-memory word index builds in the background (FTS5 answers until then), and so does
      // semantic search (words only until then).
      core.startBackground();

      const running = server;
      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          log.info({ signal }, 'shutting down');
          void running
            .close()
            .then(() => core.close())
            .then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
