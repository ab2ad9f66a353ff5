/**
 * The clock of a server's background jobs (semantic upkeep, thumbnails, digest
 * sending): `tick` now and then every `ms`, never keeping the process alive.
 * What a tick does, and when it skips (a run in progress, a pause), stays with
 * each job.
 */
export class Ticker {
  private timer: NodeJS.Timeout | null = null;

  get running(): boolean {
    return this.timer !== null;
  }

  /** Ticks now and every `ms`; a second start does nothing. */
  start(tick: () => void, ms: number): void {
    if (this.timer) return;
    tick();
    this.timer = setInterval(tick, ms);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
