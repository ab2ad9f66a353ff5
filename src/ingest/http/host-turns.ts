/**
 * Whose turn it is to ask a host. Before every request the PoliteClient takes
 * a turn; a turn starts a request and makes the next one to that host wait the
 * interval. Two kinds:
 *  - MemoryHostTurns: kept in this process (clients without a database, tests);
 *  - DatabaseHostTurns: kept in the database, so every process using it (two
 *    `paperboy ingest` runs, the server's schedules) shares one spacing per host.
 */
import { AppError } from '../../domain/errors.ts';
import { claimHostTurn } from '../../store/host-turns-repo.ts';
import type { Store } from '../../store/store.ts';
import { systemClock, type Clock } from './clock.ts';

export interface HostTurns {
  /** Resolves when a request to `host` may start, that start claimed: the next one waits `intervalMs` from now. */
  take(host: string, intervalMs: number): Promise<void>;
}

export class MemoryHostTurns implements HostTurns {
  private readonly nextAllowed = new Map<string, number>();
  constructor(private readonly clock: Clock = systemClock) {}

  async take(host: string, intervalMs: number): Promise<void> {
    // check and claim with no await in between: concurrent takers cannot both get one turn
    for (;;) {
      const now = this.clock.now();
      const next = this.nextAllowed.get(host);
      if (next === undefined || now >= next) {
        this.nextAllowed.set(host, now + intervalMs);
        return;
      }
      await this.clock.sleep(next - now);
    }
  }
}

/** How many times a claim that found the database busy (each after SQLite's busy timeout) is tried again. */
const BUSY_RETRIES = 6;

export class DatabaseHostTurns implements HostTurns {
  constructor(
    private readonly db: Store['db'],
    private readonly clock: Clock = systemClock,
  ) {}

  async take(host: string, intervalMs: number): Promise<void> {
    let busy = 0;
    for (;;) {
      let wait: number;
      try {
        wait = await claimHostTurn(this.db, host, intervalMs, () => this.clock.now());
      } catch (e) {
        // another process held the write lock past the busy timeout (a long import?): a turn is
        // worth waiting for, not worth failing a harvest over, up to a point
        if (e instanceof AppError && e.code === 'conflict' && ++busy <= BUSY_RETRIES) continue;
        throw e;
      }
      if (wait === 0) return;
      await this.clock.sleep(wait);
    }
  }
}
