/**
 * The sources a server runs by itself (PAPERBOY_SOURCES, see ingest/schedules.ts):
 * read and checked when the core opens, so a wrong file stops start-up; run one
 * at a time while the server lives. The papers they bring get their vectors
 * from the semantic upkeep, like papers from anywhere else.
 */
import type { Config } from '../config.ts';
import { politeClientFor } from '../ingest/http/client-for-config.ts';
import { runSource } from '../ingest/run-source.ts';
import { loadSchedules, scheduledRun, startScheduler, type Schedule } from '../ingest/schedules.ts';
import type { Store } from '../store/store.ts';
import type { AppLog } from './app-log.ts';

export class ScheduledSources {
  private stopScheduler: (() => Promise<void>) | null = null;

  private constructor(
    private readonly config: Config,
    private readonly schedules: readonly Schedule[],
    private readonly log: AppLog,
  ) {}

  /** The configured schedules, or null when there are none. Throws (code `config`) on a bad file. */
  static fromConfig(config: Config, log: AppLog): ScheduledSources | null {
    const schedules = config.sourcesFile ? loadSchedules(config.sourcesFile) : [];
    return schedules.length > 0 ? new ScheduledSources(config, schedules, log) : null;
  }

  start(store: Store): void {
    if (this.stopScheduler) return;
    const urls = [this.config.sources.arxivApi, this.config.sources.arxivOai, this.config.sources.arxivRss, ...this.schedules.flatMap((s) => (s.kind === 'daily' ? [s.upstream] : []))];
    const client = politeClientFor(this.config, urls, store);
    this.stopScheduler = startScheduler(store, this.schedules, async (s, now) => {
      const run = await scheduledRun(store, s, now);
      return runSource(store, client, this.config, run);
    }, this.log);
    this.log.info({ sources: this.schedules.map((s) => `${s.name} (${s.kind}) at ${s.at} UTC`) }, 'scheduled sources');
  }

  async stop(): Promise<void> {
    await this.stopScheduler?.();
    this.stopScheduler = null;
  }
}
