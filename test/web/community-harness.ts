/**
 * The web app over an in-memory demo store with accounts: mail goes to a
 * temporary outbox folder (the real outbox mailer), the clock can be moved,
 * and `signIn(email)` walks the real sign-in flow and returns a browser.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { loadConfig } from '../../src/config.ts';
import { DEMO_FILE } from '../../src/ingest/demo-data.ts';
import { importFiles } from '../../src/ingest/import-files.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { createApp } from '../../src/web/app.ts';
import { Paperboy } from '../../src/app/paperboy.ts';
import { signInLinkFor } from '../helpers/outbox.ts';
import { BrowserSession } from './browser-session.ts';

export interface CommunityHarness {
  readonly app: Hono;
  readonly core: Paperboy;
  readonly store: Store;
  readonly outbox: string;
  readonly errors: unknown[];
  /** moves the core's clock forward */
  advance(ms: number): void;
  browser(): BrowserSession;
  /** a browser signed in as `email` through the real link flow */
  signIn(email: string): Promise<BrowserSession>;
  close(): Promise<void>;
}

export interface CommunityHarnessOptions {
  demo?: boolean;
  /** more configuration, e.g. ARXIV_API_URL of a local server and PAPERBOY_REQUEST_INTERVAL_MS (below 3000 only for 127.0.0.1) */
  env?: Record<string, string>;
}

export async function communityHarness(options: CommunityHarnessOptions = {}): Promise<CommunityHarness> {
  const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-outbox-'));
  const store = await openStore(':memory:');
  if (options.demo !== false) await importFiles(store.db, [DEMO_FILE]);
  const config = loadConfig({ PAPERBOY_DB: ':memory:', PAPERBOY_BASE_URL: 'https://papers.example.org', PAPERBOY_OUTBOX: outbox, PAPERBOY_EMBEDDER: 'none', ...options.env });
  let offset = 0;
  const core = await Paperboy.over(store, config, { clock: () => new Date(Date.now() + offset) });
  const errors: unknown[] = [];
  const app = createApp({ core, config, onUnexpectedError: (e) => errors.push(e) });
  const browser = () => new BrowserSession(app);
  return {
    app,
    core,
    store,
    outbox,
    errors,
    advance: (ms) => {
      offset += ms;
    },
    browser,
    signIn: async (email) => {
      const b = browser();
      const sent = await b.submit('/signin', '/signin', { email });
      if (sent.status !== 200) throw new Error(`sign-in request failed: ${sent.status} ${await sent.text()}`);
      const link = new URL(await signInLinkFor(outbox, email));
      const token = link.searchParams.get('token')!;
      const done = await b.submit(`/signin/verify?token=${token}`, '/signin/verify', { token });
      if (done.status !== 303) throw new Error(`sign-in failed: ${done.status} ${await done.text()}`);
      return b;
    },
    close: async () => {
      await core.close();
      fs.rmSync(outbox, { recursive: true, force: true });
    },
  };
}
