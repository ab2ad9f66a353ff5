/**
 * The crash test of issue 12: a real sender process (test/digest/sender-process.ts, the engine
 * over a database file) against the real SMTP test server, killed with SIGKILL at 22 points,
 * then restarted; afterwards every (subscriber, period) is counted at the server.
 *
 * Kill points (each on a fresh period, so they share one database and run in sequence; two
 * lanes run side by side, daily subscribers and weekly ones, to keep the time down):
 *   - after k digests were recorded (k = 1 … 6, the last one just before the process would exit)
 *   - inside the claim transaction, before its commit; right after the claim committed
 *   - between claim and send (composed, about to hand over)
 *   - mid-SMTP transaction: the server holds the whole message and delays its final reply
 *   - the after-250 window: the server answered 250, the ledger has not committed
 *   - the restart itself killed again (between claim and send; in the after-250 window)
 * Expected: 0 missing anywhere; exactly one copy at every kill point outside the window where
 * the server holds the whole message and the ledger has not committed; inside it exactly one
 * resend, with the same Message-ID. That window has two parts: after the 250 (the after-250
 * window proper), and mid-SMTP, when the sender dies waiting for the final reply: the server has
 * the message and may keep it (its 250 goes to a dead socket, or it queued before replying, as
 * real servers do); no client can tell, so the restart resends (src/digest/README.md).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.ts';
import { ledgerRowsOf } from '../../src/store/digest-ledger-repo.ts';
import { ROOT } from '../cli/run-cli.ts';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-server.ts';
import type { PausePoint, Plan } from './sender-process.ts';
import { addSubscribers } from './subscribers-table.ts';

const SCRIPT = path.join(ROOT, 'test/digest/sender-process.ts');
/** the script bundled once (our TypeScript in one file, packages left to node_modules): a start costs a quarter of tsx's */
let bundle: string;
const LEASE_MS = 1000;

type KillPoint =
  | { readonly kind: 'hook'; readonly point: PausePoint; readonly index: number; readonly inRecovery?: boolean }
  | { readonly kind: 'mid-smtp'; readonly subscriber: number };

interface Lane {
  readonly frequency: 'daily' | 'weekly';
  readonly emails: string[];
  ids: number[];
  readonly periods: string[];
  readonly points: KillPoint[];
}

let smtp: SmtpTestServer;
let dir: string;
let dbFile: string;
let store: Store;

beforeAll(async () => {
  smtp = await startSmtpServer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'paperboy-digest-crash-'));
  // inside the checkout (git-ignored tmp/), so the bundle's package imports resolve to node_modules
  bundle = path.join(ROOT, 'tmp', `digest-sender-process-${process.pid}.mjs`);
  buildSync({ entryPoints: [SCRIPT], bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'node20', outfile: bundle, logLevel: 'error' });
  dbFile = path.join(dir, 'paperboy.db');
  store = await openStore(dbFile);
});
afterAll(async () => {
  await store?.close();
  await smtp?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (bundle) rmSync(bundle, { force: true });
});

interface Run {
  readonly paused: Promise<string>;
  /** the process waits before a `waitForGo` step until `go()` */
  readonly ready: Promise<void>;
  go(): void;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  kill(): void;
}

function startSender(plan: Omit<Plan, 'db' | 'smtpPort'>): Run {
  const child = spawn(process.execPath, [bundle, JSON.stringify({ ...plan, db: dbFile, smtpPort: smtp.port })], {
    cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let onPause: (line: string) => void = () => undefined;
  const paused = new Promise<string>((resolve) => (onPause = resolve));
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout += `${line}\n`;
    if (line.startsWith('PAUSE ')) onPause(line);
    if (line === 'READY') onReady();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => setImmediate(() => resolve({ code, signal, stdout, stderr }))),
  );
  return { paused, ready, exited, go: () => child.stdin.write('GO\n'), kill: () => child.kill('SIGKILL') };
}

const messageId = (subscriber: number, period: string): string => `<digest.${subscriber}.${period}@papers.example.org>`;

async function waitForMessage(id: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!smtp.messages.some((m) => m.parsed.messageId === id)) {
    if (Date.now() > until) throw new Error(`the server never received ${id}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs one lane: for each kill point a process that recovers the previous period, then starts this one and is killed. */
async function runLane(lane: Lane): Promise<Map<string, number>> {
  /** period → the subscriber the process was stopped at (from its PAUSE line) */
  const pausedAt = new Map<string, number>();
  const settings = { concurrency: 1, batchSize: 2, leaseMs: LEASE_MS };
  for (let j = 0; j < lane.points.length; j += 1) {
    const point = lane.points[j]!;
    const period = lane.periods[j]!;
    const steps: Plan['steps'][number][] = [];
    if (j > 0) steps.push({ period: lane.periods[j - 1]!, recover: true });
    if (point.kind === 'hook' && point.inRecovery) {
      // a first process is killed between claim and send; its restart is killed at `point`
      const first = startSender({ ...settings, steps: [...steps, { period, pauseAt: 'beforeSend', index: 1 }] });
      await first.paused;
      first.kill();
      await first.exited;
      steps.length = 0;
      steps.push({ period, recover: true, pauseAt: point.point, index: point.index });
    } else if (point.kind === 'hook') {
      steps.push({ period, pauseAt: point.point, index: point.index });
    } else {
      steps.push({ period, waitForGo: true });
    }
    const run = startSender({ ...settings, steps });
    if (point.kind === 'mid-smtp') {
      // after the recovery of the previous period, which sends to the same address
      await run.ready;
      smtp.inject({ kind: 'delay-final-reply', ms: 4000 }, { to: lane.emails[point.subscriber]!, times: 1 });
      run.go();
    }
    if (point.kind === 'hook') {
      const line = await Promise.race([run.paused, run.exited.then((r) => `exited ${r.code} ${r.stderr}`)]);
      expect(line, `lane ${lane.frequency} point ${j}`).toMatch(/^PAUSE /);
      pausedAt.set(period, Number(line.split(' ')[2]));
    } else {
      await waitForMessage(messageId(lane.ids[point.subscriber]!, period));
      pausedAt.set(period, lane.ids[point.subscriber]!);
    }
    run.kill();
    const r = await run.exited;
    expect(r.signal, r.stderr).toBe('SIGKILL');
  }
  const last = startSender({ ...settings, steps: [{ period: lane.periods[lane.points.length - 1]!, recover: true }] });
  const done = await last.exited;
  expect(done.code, done.stderr).toBe(0);
  return pausedAt;
}

function weekdays(from: string, n: number): string[] {
  const out: string[] = [];
  for (const d = new Date(`${from}T00:00:00Z`); out.length < n; d.setUTCDate(d.getUTCDate() + 1)) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(`D${d.toISOString().slice(0, 10)}`);
  }
  return out;
}

describe('killing the sender with SIGKILL and restarting it', () => {
  it('loses nothing at 22 kill points; duplicates only in the after-250 window, with the same Message-ID', async () => {
    // six subscribers per lane; the third has nothing to read (the composer returns null)
    const names = (prefix: string): string[] => ['a', 'b', 'quiet', 'c', 'd', 'e'].map((n) => `${prefix}-${n}@example.org`);
    const hook = (point: PausePoint, index: number, inRecovery = false): KillPoint => ({ kind: 'hook', point, index, inRecovery });
    const daily: Lane = {
      frequency: 'daily', emails: names('day'), ids: [], periods: weekdays('2026-01-05', 11),
      points: [
        hook('recorded', 0), hook('recorded', 2), hook('recorded', 4), hook('recorded', 5),
        hook('claimingBatch', 0), hook('claimedBatch', 1),
        hook('beforeSend', 0), hook('beforeSend', 3),
        { kind: 'mid-smtp', subscriber: 0 }, { kind: 'mid-smtp', subscriber: 4 },
        hook('afterAccepted', 0),
      ],
    };
    const weekly: Lane = {
      frequency: 'weekly', emails: names('week'), ids: [], periods: Array.from({ length: 11 }, (_, i) => `W2026-W${String(i + 2).padStart(2, '0')}`),
      points: [
        hook('recorded', 1), hook('recorded', 3),
        hook('claimingBatch', 2), hook('claimedBatch', 0), hook('claimedBatch', 2),
        hook('beforeSend', 4),
        { kind: 'mid-smtp', subscriber: 3 },
        hook('afterAccepted', 2), hook('afterAccepted', 4),
        hook('beforeSend', 1, true), hook('afterAccepted', 1, true),
      ],
    };
    for (const lane of [daily, weekly]) lane.ids = await addSubscribers(store.db, lane.emails.map((email) => ({ email, frequency: lane.frequency })));
    const started = performance.now();
    const [dailyPaused, weeklyPaused] = await Promise.all([runLane(daily), runLane(weekly)]);
    const pausedAt = new Map([...dailyPaused, ...weeklyPaused]);
    const seconds = (performance.now() - started) / 1000;

    let killPoints = 0;
    let resends = 0;
    let midSmtpResends = 0;
    let unacknowledged = 0;
    for (const lane of [daily, weekly]) {
      const rows = await ledgerRowsOf(store.db, lane.periods);
      for (let j = 0; j < lane.points.length; j += 1) {
        killPoints += 1;
        const point = lane.points[j]!;
        const period = lane.periods[j]!;
        // the subscriber whose digest was in the after-250 window at the kill (by position among those that get mail)
        const inWindow = point.kind === 'hook' && point.point === 'afterAccepted' ? pausedAt.get(period) : undefined;
        lane.ids.forEach((id, i) => {
          const copies = smtp.messages.filter((m) => m.parsed.messageId === messageId(id, period));
          const acknowledged = copies.filter((m) => m.acknowledged).length;
          const where = `${lane.frequency} ${period} subscriber ${lane.emails[i]} (kill point ${JSON.stringify(point)})`;
          const row = rows.find((r) => r.subscriberId === id && r.period === period);
          if (i === 2) {
            expect(copies, where).toHaveLength(0);
            expect(row?.status, where).toBe('skipped');
            return;
          }
          expect(row?.status, where).toBe('sent');
          expect(copies.every((m) => m.envelope.to[0] === lane.emails[i]), where).toBe(true);
          if (id === inWindow || (point.kind === 'mid-smtp' && i === point.subscriber)) {
            // the server had the whole message when the sender died and the ledger never heard of it:
            // the restart sends it once more, with the same Message-ID (all copies above carry it)
            expect(acknowledged, where).toBeGreaterThanOrEqual(1);
            expect(copies.length, where).toBe(2);
            if (id === inWindow) resends += 1;
            else midSmtpResends += 1;
            unacknowledged += copies.length - acknowledged;
          } else {
            expect(copies.length, `missing or duplicated: ${where}`).toBe(1);
            expect(acknowledged, where).toBe(1);
          }
        });
      }
    }
    expect(killPoints).toBeGreaterThanOrEqual(20);
    // every after-250 kill produced its one recognisable resend; every mid-SMTP kill left the server an unacknowledged copy
    const count = (kind: (p: KillPoint) => boolean): number => [...daily.points, ...weekly.points].filter(kind).length;
    expect(resends).toBe(count((p) => p.kind === 'hook' && p.point === 'afterAccepted'));
    expect(midSmtpResends).toBe(count((p) => p.kind === 'mid-smtp'));
    console.log(JSON.stringify({ killPoints, resendsAfter250: resends, resendsMidSmtp: midSmtpResends, copiesTheServerNeverAcknowledged: unacknowledged, seconds: Math.round(seconds) }));
  }, 170_000);
});

describe('two sender processes side by side on one database', () => {
  it('send every digest exactly once between them', async () => {
    const emails = Array.from({ length: 40 }, (_, i) => `pair-${i}@example.org`);
    await addSubscribers(store.db, emails.map((email) => ({ email })));
    const periods = ['D2026-02-02', 'D2026-02-03', 'D2026-02-04'];
    const plan = { concurrency: 4, batchSize: 5, leaseMs: 60_000, steps: periods.map((period) => ({ period })) };
    const runs = [startSender(plan), startSender(plan)];
    const results = await Promise.all(runs.map((r) => r.exited));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const sentBy = results.map((r) => (JSON.parse(r.stdout.split('DONE ')[1]!) as { sent: number }[]).reduce((a, s) => a + s.sent, 0));
    const active = (await ledgerRowsOf(store.db, periods)).filter((r) => r.status === 'sent');
    // everyone daily and active gets each period: the 40 here and the crash test's daily ones (all but the quiet one)
    expect(sentBy[0]! + sentBy[1]!).toBe(active.length);
    for (const period of periods) {
      const ids = smtp.messages.filter((m) => m.parsed.messageId?.includes(`.${period}@`)).map((m) => m.parsed.messageId);
      expect(ids.length, period).toBe(new Set(ids).size);
      expect(ids.length, period).toBe(active.filter((r) => r.period === period).length);
      expect(ids.length, period).toBeGreaterThanOrEqual(40);
    }
    console.log(JSON.stringify({ twoSenders: { sentByEach: sentBy, duplicates: 0 } }));
  }, 60_000);
});
