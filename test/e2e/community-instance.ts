/**
 * A Paperboy instance of its own for browser stories about people: a real
 * SMTP server on 127.0.0.1 that receives the sign-in mail, a local arXiv API
 * (recorded responses) for submissions, and `paperboy serve` on a fresh
 * database with the demo data, all started here and stopped by `stop()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startReplayServer, type ReplayServer } from '../helpers/replay-server.ts';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-server.ts';

export interface CommunityInstance {
  readonly base: string;
  readonly smtp: SmtpTestServer;
  readonly arxiv: ReplayServer;
  readonly dir: string;
  /** the sign-in link in the newest mail to `to` (waits for it) */
  signInLink(to: string): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

export interface InstanceOptions {
  readonly env?: Record<string, string>;
  /** Daily Papers files imported (beside the demo data) before the server starts */
  readonly importFiles?: readonly string[];
}

export async function startCommunityInstance({ env = {}, importFiles = [] }: InstanceOptions = {}): Promise<CommunityInstance> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-e2e-'));
  const db = path.join(dir, 'paperboy.db');
  if (importFiles.length > 0) {
    const r = spawnSync(process.execPath, ['bin/paperboy.js', 'import', 'data/demo/daily_papers.jsonl.gz', ...importFiles, '--db', db, '--quiet'], { env: { ...process.env, PAPERBOY_EMBEDDER: 'none' }, encoding: 'utf8' });
    if (r.status !== 0 && r.status !== 1) throw new Error(`import failed (${r.status}): ${r.stderr}`);
  }
  const smtp = await startSmtpServer();
  const arxiv = await startReplayServer();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['bin/paperboy.js', 'serve', '--port', String(port), '--host', '127.0.0.1', '--db', db, '--base-url', base], {
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PAPERBOY_') && k !== 'SMTP_URL')),
      PAPERBOY_EMBEDDER: 'none',
      PAPERBOY_LOG_LEVEL: 'warn',
      SMTP_URL: smtp.url,
      ARXIV_API_URL: `${arxiv.base}/api/query`,
      PAPERBOY_REQUEST_INTERVAL_MS: '10',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`paperboy serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('paperboy serve did not start in 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    smtp,
    arxiv,
    dir,
    signInLink: async (to) => {
      const until = Date.now() + 15_000;
      for (;;) {
        const mail = smtp.messages.filter((m) => m.envelope.to.includes(to)).at(-1);
        const link = mail ? /https?:\/\/\S+\/signin\/verify\?token=[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '')?.[0] : undefined;
        if (link) return link;
        if (Date.now() > until) throw new Error(`no sign-in mail to ${to}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: async () => {
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await smtp.stop();
      await arxiv.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
