/** Runs the real `paperboy` command in a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/paperboy.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Environment without PAPERBOY_* leaking in from the developer's shell. Semantic
 * search is off unless a test turns it on: training the built-in embedder takes
 * seconds that tests of other things need not spend (search-cli.test.ts covers it).
 * Thumbnails are off unless a test turns them on: no test reaches outside this machine.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PAPERBOY_') && k !== 'PORT') env[k] = v;
  return { ...env, PAPERBOY_EMBEDDER: 'none', PAPERBOY_THUMBNAILS: 'off', ...extra };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function startCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A port nobody listens on at the moment, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Writes a Daily Papers response of one paper listed on 2026-08-24 (published the day before), for `paperboy import`. */
export function writeOnePaperFile(file: string, paper: { id: string; title: string; summary: string; author: string; upvotes: number }): string {
  const item = {
    paper: { id: paper.id, authors: [{ name: paper.author }], publishedAt: '2026-08-23T10:00:00.000Z', title: paper.title, summary: paper.summary, upvotes: paper.upvotes },
    publishedAt: '2026-08-24T06:00:00.000Z',
    numComments: 0,
  };
  fs.writeFileSync(file, JSON.stringify([item]));
  return file;
}
