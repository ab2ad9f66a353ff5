/**
 * Sending digests, the use case: by hand (`paperboy digest send`) and by itself inside
 * `paperboy serve` (a small background job that wakes every minute, sends whoever is due,
 * one pass at a time, and stops cleanly on close). The engine is src/digest/digest-sender.ts;
 * this file hands it the store, the process's one Mailer, the composer and the settings.
 *
 * Several processes may do this at once (two servers, a server and a hand-run command): the
 * ledger's claims keep each digest to one of them.
 */
import type { Config } from '../config.ts';
import { AppError } from '../domain/errors.ts';
import { parseDigestPeriod } from '../domain/digest-period.ts';
import type { DigestComposer } from '../digest/digest-composer.ts';
import { DigestSender, type DigestRunOptions, type DigestRunSummary } from '../digest/digest-sender.ts';
import { DIGEST_SEND_DEFAULTS, type DigestSendSettings } from '../digest/send-settings.ts';
import { messageIdDomainOf } from '../mail/compose.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Store } from '../store/store.ts';
import type { AppLog } from './app-log.ts';
import type { Clock } from './clock.ts';
import { Ticker } from './ticker.ts';

/** How often a server looks for due subscribers. */
export const DIGEST_TICK_MS = 60_000;

export interface SendDigestsOptions extends Omit<DigestRunOptions, 'shouldStop'> {
  /** check that mail can go (connect, sign in) before claiming anything: a command fails fast */
  readonly verifyMailFirst?: boolean;
}

export class DigestSending {
  private sender: DigestSender | null = null;
  private readonly ticker = new Ticker();
  private running: Promise<unknown> | null = null;
  private stopping = false;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly mailer: () => Mailer,
    private readonly composer: DigestComposer | null,
    private readonly clock: Clock,
    private readonly log: AppLog,
  ) {}

  /** The engine's settings from the configuration. */
  static settingsOf(config: Config): DigestSendSettings {
    const d = config.digestSending;
    return {
      ...DIGEST_SEND_DEFAULTS,
      concurrency: d.concurrency,
      batchSize: d.batchSize,
      leaseMs: d.leaseSeconds * 1000,
      maxAttempts: d.maxAttempts,
      pauseAfterHardBounces: d.pauseAfterHardBounces,
      ratePerSecond: d.ratePerSecond,
    };
  }

  /** One pass: every due subscriber (or every one of `period`'s frequency) gets their digest once. */
  async send(options: SendDigestsOptions = {}): Promise<DigestRunSummary> {
    if (options.period !== undefined) parseDigestPeriod(options.period); // a wrong period is the caller's to fix first
    if (!options.dryRun && !this.composer) {
      throw new AppError('unavailable', 'digests cannot be sent: this Paperboy has no digest composer (the part that writes them); nothing was claimed or sent');
    }
    if (!options.dryRun && options.verifyMailFirst) await this.mailer().verify();
    return this.engine().run({ ...options, shouldStop: () => this.stopping });
  }

  private engine(): DigestSender {
    this.sender ??= new DigestSender({
      db: this.store.db,
      mailer: this.mailer(),
      composer: this.composer ?? { compose: () => Promise.reject(new AppError('unavailable', 'no digest composer')) },
      messageIdDomain: messageIdDomainOf(this.config.baseUrl),
      settings: DigestSending.settingsOf(this.config),
      clock: this.clock,
      log: this.log,
    });
    return this.sender;
  }

  /** A server's background job: a pass now and every `tickMs`, one at a time. */
  start(tickMs = DIGEST_TICK_MS): void {
    if (this.ticker.running || this.stopping) return;
    if (!this.composer) {
      this.log.warn({}, 'digests are not sent by this server: it has no digest composer');
      return;
    }
    const tick = (): void => {
      if (this.running || this.stopping) return;
      const started = performance.now();
      this.running = this.send()
        .then((s) => {
          if (s.due > 0 || s.stoppedEarly) {
            const { planned: _planned, ...counts } = s;
            this.log.info({ ...counts, seconds: Math.round(performance.now() - started) / 1000 }, 'digests sent');
          }
        })
        .catch((e: unknown) => this.log.error({ err: e }, 'digest pass failed; the next one is in a minute'))
        .finally(() => {
          this.running = null;
        });
    };
    this.ticker.start(tick, tickMs);
  }

  /** No new pass; a pass in progress finishes the messages in flight, gives its other claims back and ends. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.ticker.stop();
    await this.running;
  }
}
