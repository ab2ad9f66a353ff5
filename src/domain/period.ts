/**
 * Listing periods: a day (`2026-08-21`), an ISO week (`2026-W34`) or a month
 * (`2026-08`). All arithmetic is on UTC calendar days, represented as
 * `YYYY-MM-DD` strings, which sort and compare correctly as text.
 */
export type PeriodKind = 'day' | 'week' | 'month';

export interface Period {
  readonly kind: PeriodKind;
  /** the canonical label: `2026-08-21`, `2026-W34` or `2026-08` */
  readonly label: string;
  /** first day, inclusive */
  readonly start: string;
  /** last day, inclusive */
  readonly end: string;
}

const DAY_MS = 86_400_000;
export const MIN_YEAR = 1990;
export const MAX_YEAR = 2999;

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function dateOfDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function addDays(day: string, n: number): string {
  return dayOf(new Date(dateOfDay(day).getTime() + n * DAY_MS));
}

/** `YYYY-MM-DD` that is a real calendar date, or null. */
export function parseDay(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_YEAR || y > MAX_YEAR) return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return text;
}

/** ISO-8601 week-numbering year and week of a day. */
export function isoWeekOf(day: string): { year: number; week: number } {
  const date = dateOfDay(day);
  const weekday = date.getUTCDay() || 7; // Monday=1 .. Sunday=7
  const thursday = new Date(date.getTime() + (4 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / DAY_MS / 7) + 1;
  return { year, week };
}

function mondayOfIsoWeek(year: number, week: number): string {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const jan4Weekday = jan4.getUTCDay() || 7;
  const week1Monday = jan4.getTime() - (jan4Weekday - 1) * DAY_MS;
  return dayOf(new Date(week1Monday + (week - 1) * 7 * DAY_MS));
}

function weeksInYear(year: number): number {
  return isoWeekOf(`${year}-12-28`).week; // Dec 28 is always in the last ISO week
}

export function dayPeriod(day: string): Period {
  return { kind: 'day', label: day, start: day, end: day };
}

export function weekPeriod(year: number, week: number): Period {
  const start = mondayOfIsoWeek(year, week);
  return { kind: 'week', label: `${year}-W${pad2(week)}`, start, end: addDays(start, 6) };
}

export function monthPeriod(year: number, month: number): Period {
  const start = `${year}-${pad2(month)}-01`;
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad2(month + 1)}-01`;
  return { kind: 'month', label: `${year}-${pad2(month)}`, start, end: addDays(next, -1) };
}

export function parseWeek(text: string): Period | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, week] = [Number(m[1]), Number(m[2])];
  if (year < MIN_YEAR || year > MAX_YEAR || week < 1 || week > weeksInYear(year)) return null;
  return weekPeriod(year, week);
}

export function parseMonth(text: string): Period | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month] = [Number(m[1]), Number(m[2])];
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
  return monthPeriod(year, month);
}

export function parsePeriod(kind: PeriodKind, text: string): Period | null {
  if (kind === 'day') {
    const day = parseDay(text);
    return day ? dayPeriod(day) : null;
  }
  return kind === 'week' ? parseWeek(text) : parseMonth(text);
}

export const PERIOD_FORMAT: Record<PeriodKind, string> = {
  day: 'YYYY-MM-DD, e.g. 2026-08-21',
  week: 'YYYY-Www (ISO week), e.g. 2026-W34',
  month: 'YYYY-MM, e.g. 2026-08',
};

/** The period of the same kind that contains `day`. */
export function periodContaining(kind: PeriodKind, day: string): Period {
  if (kind === 'day') return dayPeriod(day);
  if (kind === 'week') {
    const { year, week } = isoWeekOf(day);
    return weekPeriod(year, week);
  }
  return monthPeriod(Number(day.slice(0, 4)), Number(day.slice(5, 7)));
}

/** The adjacent period of the same kind (calendar neighbour, data or not). */
export function shiftPeriod(period: Period, direction: 1 | -1): Period {
  const anchor = direction === 1 ? addDays(period.end, 1) : addDays(period.start, -1);
  return periodContaining(period.kind, anchor);
}

export function periodTitle(period: Period): string {
  const start = dateOfDay(period.start);
  if (period.kind === 'day') {
    return start.toLocaleDateString('en-US', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  }
  if (period.kind === 'month') {
    return start.toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  }
  const end = dateOfDay(period.end);
  const fmt = (d: Date, withYear: boolean): string =>
    d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' });
  const week = period.label.slice(6);
  // a week that straddles New Year names both years ("Dec 29, 2025 – Jan 4, 2026")
  const crossesYear = start.getUTCFullYear() !== end.getUTCFullYear();
  return `Week ${Number(week)}: ${fmt(start, crossesYear)} – ${fmt(end, true)}`;
}
