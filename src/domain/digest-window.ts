/**
 * What a digest period covers. A period key (`D2026-11-26`: the daily digest of
 * that local date; `W2026-W48`: the weekly digest of that ISO week — the
 * sending engine decides which one is due, see digest-period.ts) names the
 * digest; its *window* is the listing days it reports on, which are the days
 * before it since the previous digest of the same frequency:
 *
 * - daily `D2026-08-21` (a Friday) covers 2026-08-20; a Monday covers Friday to Sunday
 *   (daily digests go out on weekdays only, so nothing is skipped);
 * - weekly `W2026-W34` (sent on Monday 2026-08-17) covers the previous ISO week, 2026-08-10 to 2026-08-16.
 */
import { addDays, isoWeekOf, parseDay, weekPeriod } from './period.ts';
import { invalidInput } from './errors.ts';

export interface DigestWindow {
  readonly period: string;
  readonly frequency: 'daily' | 'weekly';
  /** first listing day covered, inclusive (`YYYY-MM-DD`) */
  readonly start: string;
  /** last listing day covered, inclusive */
  readonly end: string;
  /** how a person reads the period: "Thursday 20 August 2026", "week 33, 10–16 August 2026" */
  readonly label: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const weekdayOf = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();
const dayNumber = (day: string): number => Number(day.slice(8, 10));
const monthName = (day: string): string => MONTHS[Number(day.slice(5, 7)) - 1]!;

function rangeLabel(start: string, end: string): string {
  if (start === end) return `${WEEKDAYS[weekdayOf(start)]} ${dayNumber(start)} ${monthName(start)} ${start.slice(0, 4)}`;
  if (start.slice(0, 7) === end.slice(0, 7)) return `${dayNumber(start)}–${dayNumber(end)} ${monthName(end)} ${end.slice(0, 4)}`;
  if (start.slice(0, 4) === end.slice(0, 4)) return `${dayNumber(start)} ${monthName(start)} – ${dayNumber(end)} ${monthName(end)} ${end.slice(0, 4)}`;
  return `${dayNumber(start)} ${monthName(start)} ${start.slice(0, 4)} – ${dayNumber(end)} ${monthName(end)} ${end.slice(0, 4)}`;
}

/** The window of a period key, or an invalid_input error that shows how to write one. */
export function digestWindow(period: string): DigestWindow {
  const daily = /^D(\d{4}-\d{2}-\d{2})$/.exec(period);
  if (daily && parseDay(daily[1]!)) {
    const day = daily[1]!;
    const weekday = weekdayOf(day);
    if (weekday === 0 || weekday === 6) throw invalidInput(`${period} is a weekend day: daily digests go out Monday to Friday.`);
    const start = addDays(day, weekday === 1 ? -3 : -1);
    const end = addDays(day, -1);
    return { period, frequency: 'daily', start, end, label: rangeLabel(start, end) };
  }
  const weekly = /^W(\d{4})-W(\d{2})$/.exec(period);
  if (weekly) {
    const year = Number(weekly[1]);
    const week = Number(weekly[2]);
    const monday = week >= 1 && week <= 53 ? weekPeriod(year, week).start : null;
    if (monday && isoWeekOf(monday).week === week && isoWeekOf(monday).year === year) {
      const start = addDays(monday, -7);
      const end = addDays(monday, -1);
      const before = isoWeekOf(start);
      return { period, frequency: 'weekly', start, end, label: `week ${before.week}, ${rangeLabel(start, end)}` };
    }
  }
  throw invalidInput(`“${period}” is not a digest period: write D2026-08-21 (a weekday's daily digest) or W2026-W34 (a week's weekly digest).`);
}

/** The period key of the digest that covers `day` (`YYYY-MM-DD`) for a frequency: the next digest after it. */
export function periodCovering(frequency: 'daily' | 'weekly', day: string): string {
  if (frequency === 'weekly') {
    const next = addDays(day, 7);
    const { year, week } = isoWeekOf(next);
    return `W${year}-W${String(week).padStart(2, '0')}`;
  }
  let d = addDays(day, 1);
  while (weekdayOf(d) === 0 || weekdayOf(d) === 6) d = addDays(d, 1);
  return `D${d}`;
}
