/** An app over an in-memory store holding the committed demo data. */
import { loadConfig } from '../../src/config.ts';
import { DEMO_FILE } from '../../src/ingest/demo-data.ts';
import { importFiles } from '../../src/ingest/import-files.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { createApp } from '../../src/web/app.ts';
import { Paperboy } from '../../src/app/paperboy.ts';
import type { Hono } from 'hono';

export interface Harness {
  readonly app: Hono;
  readonly store: Store;
  readonly errors: unknown[];
  get(path: string, headers?: Record<string, string>): Promise<Response>;
}

/**
 * `semantic: true` trains the built-in embedder on the demo papers and embeds
 * them first (several seconds: once per test file).
 */
export async function demoHarness(options: { demo?: boolean; semantic?: boolean } = {}): Promise<Harness> {
  const store = await openStore(':memory:');
  if (options.demo !== false) await importFiles(store.db, [DEMO_FILE]);
  const config = loadConfig({ PAPERBOY_DB: ':memory:', PAPERBOY_BASE_URL: 'https://papers.example.org' });
  const errors: unknown[] = [];
  const core = await Paperboy.over(store, config);
  if (options.semantic) await core.catchUpSemantic();
  const app = createApp({ core, config, onUnexpectedError: (e) => errors.push(e) });
  return { app, store, errors, get: (path, headers) => Promise.resolve(app.request(path, { headers: headers ?? {} })) };
}
