/**
 * Digest periods: which digest a subscriber is due, in their own time zone.
 *
 * A *period* is a string key, the unit the send ledger counts "once" in:
 * - daily `D2026-11-26`: the subscriber's local date; weekdays (Monday to Friday) only;
 * - weekly `W2026-W48`: the ISO week (weeks start on Monday; week 1 holds the year's first Thursday).
 *
 * `dueNow(subscriber, now)` says which period a subscriber is due at `now`, or null:
 * - daily: on a local weekday, at or after `sendHour` local time, the period is that day;
 * - weekly: from Monday `sendHour` local time until the week ends, the period is that ISO week.
 *
 * Catch-up rule (a sender that was down): only the *current* period is ever due. A sender that
 * wakes up later the same day (daily) or the same week (weekly) sends it once, late; a period
 * that has ended while nobody sent it is never sent afterwards (no backfill, no pile of old
 * digests on a Monday morning). The ledger makes "once" hold across processes and restarts.
 *
 * New subscribers: a subscriber confirmed at or after a period's send moment (local
 * `sendHour` on its due day) is not due for that period; their first digest is the next one.
 *
 * Pure: no I/O, no clock; `now` is given.
 */
import { invalidInput } from './errors.ts';

export type DigestPeriodFrequency = 'daily' | 'weekly';

/** What `dueNow` reads of a subscriber (a `Subscriber` of domain/digest.ts fits). */
export interface DigestSchedule {
  readonly frequency: DigestPeriodFrequency;
  /** 0–23, in `timeZone` */
  readonly sendHour: number;
  /** IANA zone, e.g. `Europe/Berlin` */
  readonly timeZone: string;
  /** when the address was confirmed (ISO instant); a period whose send moment came before it is not due */
  readonly confirmedAt?: string | null;
}

export interface ParsedDigestPeriod {
  readonly key: string;
  readonly frequency: DigestPeriodFrequency;
  /** the period's first local day, `YYYY-MM-DD` (the date itself, or the week's Monday) */
  readonly firstDay: string;
}

interface LocalTime {
  /** `YYYY-MM-DD` */
  readonly date: string;
  readonly hour: number;
  /** 1 = Monday … 7 = Sunday */
  readonly isoWeekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23',
      });
    } catch {
      throw invalidInput(`"${timeZone}" is not a time zone this runtime knows (write one such as Europe/Berlin or UTC)`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local date, hour and weekday of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  return { date, hour: Number(get('hour')) % 24, isoWeekday: isoWeekdayOf(date) };
}

function utcDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function isoWeekdayOf(date: string): number {
  return ((utcDate(date).getUTCDay() + 6) % 7) + 1;
}

function addDays(date: string, days: number): string {
  const d = utcDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO year and week of a date. */
export function isoWeekOf(date: string): { isoYear: number; week: number } {
  const thursday = utcDate(addDays(date, 4 - isoWeekdayOf(date)));
  const isoYear = thursday.getUTCFullYear();
  const jan1 = Date.UTC(isoYear, 0, 1);
  return { isoYear, week: 1 + Math.floor((thursday.getTime() - jan1) / (7 * 86_400_000)) };
}

/** The Monday of an ISO week, `YYYY-MM-DD`. */
function mondayOf(isoYear: number, week: number): string {
  const jan4 = new Date(Date.UTC(isoYear, 0, 4)).toISOString().slice(0, 10);
  return addDays(jan4, 1 - isoWeekdayOf(jan4) + (week - 1) * 7);
}

export function dailyPeriod(date: string): string {
  return `D${date}`;
}

export function weeklyPeriod(date: string): string {
  const { isoYear, week } = isoWeekOf(date);
  return `W${isoYear}-W${String(week).padStart(2, '0')}`;
}

/** The period a subscriber is due at `now`, or null (not their day, not their hour yet, or confirmed after it). */
export function dueNow(subscriber: DigestSchedule, now: Date): string | null {
  const local = localTime(now, subscriber.timeZone);
  let period: string;
  let sendDay: string;
  if (subscriber.frequency === 'daily') {
    if (local.isoWeekday > 5 || local.hour < subscriber.sendHour) return null;
    period = dailyPeriod(local.date);
    sendDay = local.date;
  } else {
    if (local.isoWeekday === 1 && local.hour < subscriber.sendHour) return null;
    period = weeklyPeriod(local.date);
    sendDay = addDays(local.date, 1 - local.isoWeekday);
  }
  if (subscriber.confirmedAt) {
    const confirmed = localTime(new Date(subscriber.confirmedAt), subscriber.timeZone);
    const sendMoment = `${sendDay}T${String(subscriber.sendHour).padStart(2, '0')}`;
    if (`${confirmed.date}T${String(confirmed.hour).padStart(2, '0')}` >= sendMoment) return null;
  }
  return period;
}

const DAILY = /^D(\d{4}-\d{2}-\d{2})$/;
const WEEKLY = /^W(\d{4})-W(\d{2})$/;

/** Reads a period key such as `D2026-11-26` or `W2026-W48`; invalid_input that says what to write otherwise. */
export function parseDigestPeriod(key: string): ParsedDigestPeriod {
  const daily = DAILY.exec(key);
  if (daily) {
    const date = daily[1]!;
    const d = utcDate(date);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) throw invalidInput(`period ${key}: ${date} is not a date`);
    if (isoWeekdayOf(date) > 5) throw invalidInput(`period ${key}: daily digests go out on weekdays only, and ${date} is a ${isoWeekdayOf(date) === 6 ? 'Saturday' : 'Sunday'}`);
    return { key, frequency: 'daily', firstDay: date };
  }
  const weekly = WEEKLY.exec(key);
  if (weekly) {
    const isoYear = Number(weekly[1]);
    const week = Number(weekly[2]);
    const monday = week >= 1 ? mondayOf(isoYear, week) : '';
    if (week < 1 || weeklyPeriod(monday) !== key) throw invalidInput(`period ${key}: ${isoYear} has no ISO week ${week}`);
    return { key, frequency: 'weekly', firstDay: monday };
  }
  throw invalidInput(`period ${JSON.stringify(key)} must be a day such as D2026-11-26 (daily digests) or an ISO week such as W2026-W48 (weekly digests)`);
}

/**
 * Whether a period has begun somewhere on Earth at `now` (its first day has started in the
 * earliest time zone, UTC+14): a digest of a period still wholly in the future is refused.
 */
export function periodHasBegun(period: ParsedDigestPeriod, now: Date): boolean {
  const earliest = new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
  return period.firstDay <= earliest;
}
