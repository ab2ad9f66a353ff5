import { describe, expect, it } from 'vitest';
import { isDue, runTimeOn, type Timing } from '../../src/domain/schedule.ts';

const weekdays: Timing = { at: '06:30', days: ['mon', 'tue', 'wed', 'thu', 'fri'] };
// 2026-11-25 is a Wednesday
const wed = (hhmm: string) => new Date(`2026-11-25T${hhmm}:00.000Z`);

describe('isDue', () => {
  it('is not due before the time of day, due after it, once', () => {
    expect(isDue(weekdays, wed('06:29'), null)).toBe(false);
    expect(isDue(weekdays, wed('06:30'), null)).toBe(true);
    expect(isDue(weekdays, wed('09:00'), '2026-11-25T06:30:05.000Z')).toBe(false);
    expect(isDue(weekdays, wed('09:00'), '2026-11-24T06:30:05.000Z')).toBe(true);
  });

  it('catches up a missed run later the same day, but not on a day off', () => {
    expect(isDue(weekdays, wed('23:59'), '2026-11-20T06:30:00.000Z')).toBe(true);
    expect(isDue(weekdays, new Date('2026-11-28T12:00:00Z'), null)).toBe(false); // Saturday
    expect(runTimeOn(weekdays, new Date('2026-11-29T12:00:00Z'))).toBeNull(); // Sunday
  });
});
