/**
 * A real digest sender process for the crash test (test/digest/crash.test.ts): the engine
 * (src/digest/digest-sender.ts) over a database file and an SMTP server, with the test's
 * plain composer. The parent kills it with SIGKILL at chosen points.
 *
 *   node --import tsx test/digest/sender-process.ts '<json Plan>'
 *
 * Each step sends one period (`--period` semantics). A step with `pauseAt` stops at the
 * `index`-th time (0-based) the engine reaches that point: it prints `PAUSE <point> <subscriber>`
 * and waits to be killed. A `recover` step first waits for the claims of a killed sender to
 * run out (short leases here), then finishes the period. Prints `DONE <summaries>` at the end.
 */
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DigestSender, type DigestRunSummary, type DigestSendTestHooks } from '../../src/digest/digest-sender.ts';
import { DIGEST_SEND_DEFAULTS } from '../../src/digest/send-settings.ts';
import { SmtpMailer } from '../../src/mail/smtp-mailer.ts';
import { openStore } from '../../src/store/store.ts';
import { PlainComposer } from './plain-composer.ts';

export type PausePoint = 'claimingBatch' | 'claimedBatch' | 'beforeSend' | 'afterAccepted' | 'recorded';

export interface Plan {
  readonly db: string;
  readonly smtpPort: number;
  readonly concurrency: number;
  readonly batchSize: number;
  readonly leaseMs: number;
  readonly steps: readonly {
    readonly period: string;
    readonly recover?: boolean;
    readonly pauseAt?: PausePoint;
    readonly index?: number;
    /** print `READY` and wait for a line on stdin before this step (the parent sets up a fault meanwhile) */
    readonly waitForGo?: boolean;
  }[];
}

const plan = JSON.parse(process.argv[2] ?? '') as Plan;
const store = await openStore(plan.db);
const mailer = new SmtpMailer({ host: '127.0.0.1', port: plan.smtpPort, secure: false, maxConnections: Math.max(1, plan.concurrency) }, { from: 'Paperboy <paperboy@papers.example.org>', messageIdDomain: 'papers.example.org' });

function say(line: string): void {
  writeSync(1, `${line}\n`); // synchronous: the line is out before the parent kills us
}

function pauseHooks(point: PausePoint | undefined, index: number): DigestSendTestHooks {
  if (!point) return {};
  let seen = 0;
  const maybePause = async (subscriber: number | string): Promise<void> => {
    if (seen++ !== index) return;
    say(`PAUSE ${point} ${subscriber}`);
    setInterval(() => undefined, 1000);
    await new Promise<never>(() => undefined);
  };
  return {
    [point]: (arg: { subscriberId: number } | readonly { subscriberId: number }[]) => maybePause(Array.isArray(arg) ? arg.map((a) => a.subscriberId).join(',') : (arg as { subscriberId: number }).subscriberId),
  };
}

const stdinLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const summaries: DigestRunSummary[] = [];
for (const step of plan.steps) {
  if (step.waitForGo) {
    say('READY');
    await stdinLines.next();
  }
  const sender = new DigestSender({
    db: store.db,
    mailer,
    composer: new PlainComposer(),
    messageIdDomain: 'papers.example.org',
    settings: { ...DIGEST_SEND_DEFAULTS, concurrency: plan.concurrency, batchSize: plan.batchSize, leaseMs: plan.leaseMs },
    testHooks: pauseHooks(step.pauseAt, step.index ?? 0),
  });
  for (;;) {
    const summary = await sender.run({ period: step.period });
    summaries.push(summary);
    // a killed sender's claims: wait for their lease to run out, then take them over
    if (!step.recover || summary.inFlightElsewhere === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}
await mailer.close();
await store.close();
process.stdin.destroy();
say(`DONE ${JSON.stringify(summaries.map((s) => ({ due: s.due, sent: s.sent, skipped: s.skipped, failed: s.failedTemporary + s.failedPermanent })))}`);
