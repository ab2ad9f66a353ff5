/** A clock whose sleeps return at once and move virtual time forward. */
import type { Clock } from '../../src/ingest/http/polite-client.ts';

export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private t = 1_000_000) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
