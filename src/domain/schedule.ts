/**
 * When a configured source runs: once a day at a time of day (UTC), on the
 * weekdays given. A run that was missed (the server was down at that time)
 * happens at the next check, once.
 */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Timing {
  /** `HH:MM`, UTC */
  readonly at: string;
  readonly days: readonly Weekday[];
}

/** The instant of today's run (UTC), or null when today is not a run day. */
export function runTimeOn(timing: Timing, now: Date): Date | null {
  const weekday = WEEKDAYS[now.getUTCDay()]!;
  if (!timing.days.includes(weekday)) return null;
  const [h, m] = timing.at.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), h, m));
}

/** Due when today's run time has passed and the last run (ISO instant) was before it. */
export function isDue(timing: Timing, now: Date, lastRun: string | null): boolean {
  const at = runTimeOn(timing, now);
  if (!at || now < at) return false;
  return lastRun === null || new Date(lastRun) < at;
}
