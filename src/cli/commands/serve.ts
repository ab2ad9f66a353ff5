import { Command } from 'commander';
import pino from 'pino';
import { loadDemoIfEmpty } from '../../ingest/demo-data.ts';
import { politeClientFor } from '../../ingest/http/client-for-config.ts';
import { loadSchedules, runSchedule, startScheduler } from '../../ingest/schedules.ts';
import { openStore } from '../../store/store.ts';
import { createApp } from '../../web/app.ts';
import { startServer } from '../../web/server.ts';
import { embedMissing, openSemantic } from '../../search/semantic-index.ts';
import { SearchService } from '../../search/search-service.ts';
import { warmVectorIndex, type FollowOptions } from '../../search/semantic-follower.ts';
import { LiveLexicalIndex } from '../../search/lexical/live-index.ts';
import type { Config } from '../../config.ts';
import type { Store } from '../../store/store.ts';
import { configFrom, withDbOption } from '../common.ts';

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
      const store = await openStore(config.db);
      if (config.demoData) {
        const demo = await loadDemoIfEmpty(store);
        if (demo) log.info({ papers: demo.papers.added, listings: demo.listings.added }, 'empty database: loaded the demo papers');
      }
      const lexicalIndex = new LiveLexicalIndex(store);
      // another process (import, reindex) may retrain the model and rewrite the vectors: follow it
      const follow: FollowOptions = {
        load: () => openSemantic(store, config, { train: 'never' }),
        onSwitch: (side) => log.info({ model: side.vectorModel }, 'semantic search follows the model stored by another process'),
        onError: (e) => log.error({ err: e }, 'the stored semantic model could not be loaded; search uses words only'),
      };
      const search = new SearchService(store, await openSemantic(store, config, { train: 'never' }), lexicalIndex, follow);
      const app = createApp({ store, config, search, onUnexpectedError: (error, path) => log.error({ err: error, path }, 'request failed') });
      // sources that run by themselves: read (and refuse if wrong) before the server starts
      const schedules = config.sourcesFile ? loadSchedules(config.sourcesFile) : [];
      const client = schedules.length > 0 ? politeClientFor(config, [config.sources.arxivApi, config.sources.arxivOai, config.sources.arxivRss, ...schedules.flatMap((s) => (s.kind === 'daily' ? [s.upstream] : []))], store) : null;
      const server = await startServer(app, { port: config.port, host: config.host });
      log.info({ db: config.db, url: config.baseUrl }, `Paperboy is serving on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${server.port}`);
      // The in-memory word index builds in the background (FTS5 answers until then), and so does
      // semantic search (words only until then).
      const wordIndex = buildWordIndex(lexicalIndex, log);
      const indexing = refreshSemantic(store, config, search, log);
      const stopScheduler = client
        ? startScheduler(store, schedules, async (s, now) => {
            const report = await runSchedule(store, client, config, s, now);
            await refreshSemantic(store, config, search, log);
            return report;
          }, log)
        : async () => undefined;
      if (schedules.length > 0) log.info({ sources: schedules.map((s) => `${s.name} (${s.kind}) at ${s.at} UTC`) }, 'scheduled sources');

      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          log.info({ signal }, 'shutting down');
          void server
            .close()
            .then(() => stopScheduler())
            .then(() => {
              lexicalIndex.stop();
              return Promise.all([indexing.catch(() => undefined), wordIndex, search.semanticSettled()]);
            })
            .then(() => store.close())
            .then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

async function buildWordIndex(index: LiveLexicalIndex, log: pino.Logger): Promise<void> {
  try {
    const started = performance.now();
    await index.start();
    log.info({ seconds: Math.round(performance.now() - started) / 1000 }, 'in-memory word index ready');
  } catch (e) {
    log.error({ err: e }, 'the in-memory word index could not be built; search uses SQLite FTS5');
  }
}

async function refreshSemantic(store: Store, config: Config, search: SearchService, log: pino.Logger): Promise<void> {
  try {
    const started = performance.now();
    const side = await openSemantic(store, config, { train: 'auto' });
    if (!side) return;
    const embedded = await embedMissing(store, search.vectors, side);
    warmVectorIndex(search.vectors, side);
    search.setSemantic(side);
    if (embedded > 0) log.info({ embedded, model: side.embedder.name, seconds: Math.round(performance.now() - started) / 1000 }, 'semantic index up to date');
  } catch (e) {
    log.error({ err: e }, 'semantic index could not be updated; search uses words only');
  }
}
