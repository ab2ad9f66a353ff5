import { describe, expect, it } from 'vitest';
import { dailyPeriod, dueNow, isoWeekOf, parseDigestPeriod, periodHasBegun, weeklyPeriod, type DigestSchedule } from '../../src/domain/digest-period.ts';

const daily = (sendHour: number, timeZone = 'UTC', confirmedAt: string | null = null): DigestSchedule => ({ frequency: 'daily', sendHour, timeZone, confirmedAt });
const weekly = (sendHour: number, timeZone = 'UTC', confirmedAt: string | null = null): DigestSchedule => ({ frequency: 'weekly', sendHour, timeZone, confirmedAt });
const at = (iso: string): Date => new Date(iso);

describe('dueNow: daily digests', () => {
  it('is due on a weekday from the send hour on, for that local day', () => {
    // 2026-11-26 is a Thursday
    expect(dueNow(daily(8), at('2026-11-26T07:59:59Z'))).toBeNull();
    expect(dueNow(daily(8), at('2026-11-26T08:00:00Z'))).toBe('D2026-11-26');
    expect(dueNow(daily(8), at('2026-11-26T23:59:59Z'))).toBe('D2026-11-26');
    expect(dueNow(daily(0), at('2026-11-27T00:00:00Z'))).toBe('D2026-11-27');
  });

  it('is never due on Saturday or Sunday (local)', () => {
    expect(dueNow(daily(8), at('2026-11-28T12:00:00Z'))).toBeNull();
    expect(dueNow(daily(8), at('2026-11-29T12:00:00Z'))).toBeNull();
    expect(dueNow(daily(8), at('2026-11-30T08:00:00Z'))).toBe('D2026-11-30');
  });

  it('reads the hour and the day in the subscriber\'s own time zone', () => {
    // 07:30 UTC is 08:30 in Berlin (CET, UTC+1 in November): due there, not yet in UTC
    expect(dueNow(daily(8, 'Europe/Berlin'), at('2026-11-26T07:30:00Z'))).toBe('D2026-11-26');
    expect(dueNow(daily(8, 'UTC'), at('2026-11-26T07:30:00Z'))).toBeNull();
    // Friday 23:30 UTC is Saturday 08:30 in Tokyo: no daily digest there; Friday still in New York
    expect(dueNow(daily(8, 'Asia/Tokyo'), at('2026-11-27T23:30:00Z'))).toBeNull();
    expect(dueNow(daily(8, 'America/New_York'), at('2026-11-27T23:30:00Z'))).toBe('D2026-11-27');
    // Monday 00:30 UTC is still Sunday in Los Angeles
    expect(dueNow(daily(0, 'America/Los_Angeles'), at('2026-11-30T00:30:00Z'))).toBeNull();
    // summer time: 06:30 UTC in July is 08:30 in Berlin (CEST, UTC+2)
    expect(dueNow(daily(8, 'Europe/Berlin'), at('2026-07-15T06:30:00Z'))).toBe('D2026-07-15');
  });

  it('catch-up: a sender that wakes up late the same day sends that day; the day before is never due again', () => {
    expect(dueNow(daily(8), at('2026-11-26T22:00:00Z'))).toBe('D2026-11-26');
    // down all Thursday, up Friday at 07:00: nothing due (Thursday's is gone, Friday's not yet)
    expect(dueNow(daily(8), at('2026-11-27T07:00:00Z'))).toBeNull();
  });

  it('a subscriber confirmed at or after the send moment gets the next period, not this one', () => {
    expect(dueNow(daily(8, 'UTC', '2026-11-26T08:10:00Z'), at('2026-11-26T09:00:00Z'))).toBeNull();
    expect(dueNow(daily(8, 'UTC', '2026-11-26T07:59:00Z'), at('2026-11-26T09:00:00Z'))).toBe('D2026-11-26');
    expect(dueNow(daily(8, 'UTC', '2026-11-26T08:10:00Z'), at('2026-11-27T09:00:00Z'))).toBe('D2026-11-27');
  });

  it('refuses a time zone it does not know', () => {
    expect(() => dueNow(daily(8, 'Mars/Olympus'), at('2026-11-26T09:00:00Z'))).toThrow(/not a time zone/);
  });
});

describe('dueNow: weekly digests', () => {
  it('is due from Monday at the send hour until the week ends, for that ISO week', () => {
    expect(dueNow(weekly(8), at('2026-11-30T07:00:00Z'))).toBeNull();
    expect(dueNow(weekly(8), at('2026-11-30T08:00:00Z'))).toBe('W2026-W49');
    // catch-up: a sender down on Monday sends the week's digest once, on Wednesday
    expect(dueNow(weekly(8), at('2026-12-02T03:00:00Z'))).toBe('W2026-W49');
    expect(dueNow(weekly(8), at('2026-12-06T23:00:00Z'))).toBe('W2026-W49');
  });

  it('a subscriber confirmed after Monday\'s send moment starts with next week', () => {
    expect(dueNow(weekly(8, 'UTC', '2026-12-01T10:00:00Z'), at('2026-12-02T10:00:00Z'))).toBeNull();
    expect(dueNow(weekly(8, 'UTC', '2026-12-01T10:00:00Z'), at('2026-12-07T08:00:00Z'))).toBe('W2026-W50');
  });
});

describe('period keys', () => {
  it('names ISO weeks the ISO way, across year ends', () => {
    expect(isoWeekOf('2026-01-01')).toEqual({ isoYear: 2026, week: 1 }); // a Thursday
    expect(weeklyPeriod('2027-01-01')).toBe('W2026-W53');
    expect(weeklyPeriod('2024-12-30')).toBe('W2025-W01');
    expect(weeklyPeriod('2026-11-26')).toBe('W2026-W48');
    expect(dailyPeriod('2026-11-26')).toBe('D2026-11-26');
  });

  it('parses what it writes and says what is wrong with the rest', () => {
    expect(parseDigestPeriod('D2026-11-26')).toEqual({ key: 'D2026-11-26', frequency: 'daily', firstDay: '2026-11-26' });
    expect(parseDigestPeriod('W2026-W48')).toEqual({ key: 'W2026-W48', frequency: 'weekly', firstDay: '2026-11-23' });
    expect(parseDigestPeriod('W2026-W53').firstDay).toBe('2026-12-28');
    expect(() => parseDigestPeriod('W2025-W53')).toThrow(/2025 has no ISO week 53/);
    expect(() => parseDigestPeriod('D2026-11-28')).toThrow(/weekdays only.*Saturday/);
    expect(() => parseDigestPeriod('D2026-02-30')).toThrow(/not a date/);
    expect(() => parseDigestPeriod('2026-11-26')).toThrow(/D2026-11-26.*W2026-W48/);
  });

  it('a period still wholly in the future has not begun', () => {
    const now = at('2026-11-26T10:30:00Z');
    expect(periodHasBegun(parseDigestPeriod('D2026-11-26'), now)).toBe(true);
    expect(periodHasBegun(parseDigestPeriod('D2026-11-27'), now)).toBe(true); // already Friday 00:30 in Kiritimati (UTC+14)
    expect(periodHasBegun(parseDigestPeriod('D2026-11-27'), at('2026-11-26T09:00:00Z'))).toBe(false);
    expect(periodHasBegun(parseDigestPeriod('D2026-11-30'), now)).toBe(false);
    expect(periodHasBegun(parseDigestPeriod('W2026-W49'), now)).toBe(false);
  });
});
