import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayOf,
  isoWeekOf,
  monthPeriod,
  parseDay,
  parseMonth,
  parsePeriod,
  parseWeek,
  periodContaining,
  periodTitle,
  shiftPeriod,
  weekPeriod,
  type Period,
} from '../../src/domain/period.ts';

describe('parseDay', () => {
  it('returns a real calendar date unchanged', () => {
    expect(parseDay('2026-08-21')).toBe('2026-08-21');
    expect(parseDay('1990-01-01')).toBe('1990-01-01');
    expect(parseDay('2999-12-31')).toBe('2999-12-31');
  });

  it('accepts 29 February in leap years, including the 400-year rule', () => {
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    expect(parseDay('2000-02-29')).toBe('2000-02-29');
  });

  it('rejects 29 February in common years, including the 100-year rule', () => {
    expect(parseDay('2023-02-29')).toBeNull();
    expect(parseDay('2100-02-29')).toBeNull();
  });

  it('rejects days that do not exist instead of rolling them over', () => {
    expect(parseDay('2026-02-30')).toBeNull();
    expect(parseDay('2026-04-31')).toBeNull();
    expect(parseDay('2026-13-01')).toBeNull();
    expect(parseDay('2026-00-10')).toBeNull();
    expect(parseDay('2026-01-00')).toBeNull();
    expect(parseDay('2026-01-32')).toBeNull();
  });

  it('rejects other shapes', () => {
    for (const text of ['', '2026-8-21', '2026-08-1', '20260821', '2026/08/21', '2026-08-21T00:00:00Z', ' 2026-08-21', 'today']) {
      expect(parseDay(text), text).toBeNull();
    }
  });

  it('rejects years outside 1990-2999', () => {
    expect(parseDay('1989-12-31')).toBeNull();
    expect(parseDay('3000-01-01')).toBeNull();
    expect(parseDay('0000-01-01')).toBeNull();
  });
});

describe('day arithmetic', () => {
  it('addDays crosses month, year and leap-day boundaries', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-08-21', 0)).toBe('2026-08-21');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('dayOf takes the UTC calendar day of an instant', () => {
    expect(dayOf(new Date('2026-08-21T23:59:59.999Z'))).toBe('2026-08-21');
    expect(dayOf(new Date('2026-08-21T23:30:00-02:00'))).toBe('2026-08-22');
  });
});

describe('ISO weeks', () => {
  it('2026-W01 starts on Monday 2025-12-29 and ends on Sunday 2026-01-04', () => {
    expect(parseWeek('2026-W01')).toEqual({ kind: 'week', label: '2026-W01', start: '2025-12-29', end: '2026-01-04' });
  });

  it('2020-W53 exists (2020 has 53 ISO weeks)', () => {
    expect(parseWeek('2020-W53')).toEqual({ kind: 'week', label: '2020-W53', start: '2020-12-28', end: '2021-01-03' });
  });

  it('2021-W53 and 2025-W53 do not exist (52-week years)', () => {
    expect(parseWeek('2021-W53')).toBeNull();
    expect(parseWeek('2025-W53')).toBeNull();
    expect(parseWeek('2021-W52')?.end).toBe('2022-01-02');
  });

  it('2026-W53 exists (2026 starts on a Thursday)', () => {
    expect(parseWeek('2026-W53')).toEqual({ kind: 'week', label: '2026-W53', start: '2026-12-28', end: '2027-01-03' });
  });

  it('rejects week 0, week 54 and other shapes', () => {
    for (const text of ['2026-W00', '2026-W54', '2026-W1', '2026W01', '2026-w01', '2026-W001', '1989-W10', '']) {
      expect(parseWeek(text), text).toBeNull();
    }
  });

  it('isoWeekOf puts early-January days in the previous year when that is where their Thursday is', () => {
    expect(isoWeekOf('2021-01-03')).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf('2027-01-01')).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf('2026-01-01')).toEqual({ year: 2026, week: 1 });
  });

  it('isoWeekOf puts late-December days in the next year when that is where their Thursday is', () => {
    expect(isoWeekOf('2025-12-29')).toEqual({ year: 2026, week: 1 });
    expect(isoWeekOf('2024-12-30')).toEqual({ year: 2025, week: 1 });
  });

  it('isoWeekOf agrees with weekPeriod for every day of a week', () => {
    const week = weekPeriod(2026, 34);
    expect(week).toEqual({ kind: 'week', label: '2026-W34', start: '2026-08-17', end: '2026-08-23' });
    for (let i = 0; i < 7; i++) expect(isoWeekOf(addDays(week.start, i))).toEqual({ year: 2026, week: 34 });
    expect(isoWeekOf(addDays(week.start, -1))).toEqual({ year: 2026, week: 33 });
    expect(isoWeekOf(addDays(week.end, 1))).toEqual({ year: 2026, week: 35 });
  });
});

describe('months', () => {
  it('parseMonth gives the first and last day, including leap Februaries', () => {
    expect(parseMonth('2026-08')).toEqual({ kind: 'month', label: '2026-08', start: '2026-08-01', end: '2026-08-31' });
    expect(parseMonth('2024-02')?.end).toBe('2024-02-29');
    expect(parseMonth('2026-02')?.end).toBe('2026-02-28');
    expect(parseMonth('2026-04')?.end).toBe('2026-04-30');
    expect(parseMonth('2025-12')).toEqual({ kind: 'month', label: '2025-12', start: '2025-12-01', end: '2025-12-31' });
  });

  it('parseMonth rejects month 0, 13 and other shapes', () => {
    for (const text of ['2026-00', '2026-13', '2026-8', '202608', '2026-08-01', '1989-12', '']) {
      expect(parseMonth(text), text).toBeNull();
    }
  });
});

describe('parsePeriod', () => {
  it('dispatches on the kind', () => {
    expect(parsePeriod('day', '2026-08-21')).toEqual({ kind: 'day', label: '2026-08-21', start: '2026-08-21', end: '2026-08-21' });
    expect(parsePeriod('week', '2026-W34')?.start).toBe('2026-08-17');
    expect(parsePeriod('month', '2026-08')?.end).toBe('2026-08-31');
  });

  it('rejects a label of another kind', () => {
    expect(parsePeriod('day', '2026-08')).toBeNull();
    expect(parsePeriod('week', '2026-08-21')).toBeNull();
    expect(parsePeriod('month', '2026-W34')).toBeNull();
    expect(parsePeriod('day', '2026-02-30')).toBeNull();
  });
});

describe('periodContaining', () => {
  it('finds the day, ISO week and month of a day', () => {
    expect(periodContaining('day', '2026-08-21').label).toBe('2026-08-21');
    expect(periodContaining('week', '2026-08-21')).toEqual(weekPeriod(2026, 34));
    expect(periodContaining('month', '2026-08-21')).toEqual(monthPeriod(2026, 8));
  });

  it('labels a week by its ISO year, not the calendar year of the day', () => {
    expect(periodContaining('week', '2025-12-31').label).toBe('2026-W01');
    expect(periodContaining('week', '2021-01-01').label).toBe('2020-W53');
  });

  it('contains the day it was asked about', () => {
    for (const day of ['2024-02-29', '2025-12-29', '2026-01-04', '2020-12-31']) {
      for (const kind of ['day', 'week', 'month'] as const) {
        const p = periodContaining(kind, day);
        expect(p.start <= day && day <= p.end, `${kind} ${day}`).toBe(true);
      }
    }
  });
});

describe('shiftPeriod', () => {
  const labels = (p: Period, direction: 1 | -1, steps: number): string[] => {
    const out: string[] = [];
    for (let i = 0; i < steps; i++) out.push((p = shiftPeriod(p, direction)).label);
    return out;
  };

  it('moves days across a year boundary', () => {
    expect(labels(parsePeriod('day', '2025-12-30')!, 1, 3)).toEqual(['2025-12-31', '2026-01-01', '2026-01-02']);
    expect(labels(parsePeriod('day', '2024-03-01')!, -1, 1)).toEqual(['2024-02-29']);
  });

  it('moves weeks across a 53-week year', () => {
    expect(labels(parseWeek('2020-W52')!, 1, 2)).toEqual(['2020-W53', '2021-W01']);
    expect(labels(parseWeek('2021-W01')!, -1, 2)).toEqual(['2020-W53', '2020-W52']);
  });

  it('moves weeks across a 52-week year', () => {
    expect(shiftPeriod(parseWeek('2025-W52')!, 1)).toEqual(parseWeek('2026-W01'));
    expect(shiftPeriod(parseWeek('2026-W01')!, -1)).toEqual(parseWeek('2025-W52'));
  });

  it('moves months across a year boundary', () => {
    expect(labels(parseMonth('2025-11')!, 1, 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(labels(parseMonth('2026-01')!, -1, 1)).toEqual(['2025-12']);
  });

  it('is undone by a shift the other way', () => {
    for (const p of [parseWeek('2020-W53')!, parseMonth('2024-02')!, parsePeriod('day', '2024-02-29')!]) {
      expect(shiftPeriod(shiftPeriod(p, 1), -1)).toEqual(p);
    }
  });
});

describe('periodTitle', () => {
  it('spells out a day with its weekday', () => {
    expect(periodTitle(parsePeriod('day', '2026-08-21')!)).toBe('Friday, August 21, 2026');
  });

  it('names a month and year', () => {
    expect(periodTitle(parseMonth('2026-08')!)).toBe('August 2026');
  });

  it('numbers a week and gives its date range', () => {
    expect(periodTitle(parseWeek('2026-W34')!)).toBe('Week 34: Aug 17 – Aug 23, 2026');
  });

  it('gives both years for a week that starts in one year and ends in the next', () => {
    expect(periodTitle(parseWeek('2026-W01')!)).toBe('Week 1: Dec 29, 2025 – Jan 4, 2026');
  });

  it('does not depend on the local time zone (days are UTC)', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles'; // where 2026-01-01T00:00Z is still 31 December
    try {
      expect(new Date('2026-01-01T00:00:00Z').getDate()).toBe(31); // the zone change took effect
      expect(periodTitle(parsePeriod('day', '2026-01-01')!)).toBe('Thursday, January 1, 2026');
      expect(periodTitle(parseMonth('2026-01')!)).toBe('January 2026');
      expect(periodContaining('week', '2026-01-04').label).toBe('2026-W01');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
