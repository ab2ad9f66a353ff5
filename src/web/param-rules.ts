/**
 * One way to read numbers and periods from addresses, for pages and the API
 * alike, with messages that say the allowed range. Whole numbers (`p`, `page`,
 * `limit`) are digits only; leading zeros are fine (`007` is 7) up to
 * MAX_DIGITS characters, then the value must be in range.
 */
import { invalidInput } from '../domain/errors.ts';
import { MAX_YEAR, MIN_YEAR, PERIOD_FORMAT, type PeriodKind } from '../domain/period.ts';

const MAX_DIGITS = 9;
const DIGITS = new RegExp(`^\\d{1,${MAX_DIGITS}}$`);

export interface WholeNumberRule {
  readonly min: number;
  readonly max: number;
  /** why the range ends where it does, added to the message */
  readonly why?: string;
}

/** The parameter's value, `fallback` when absent; invalid_input saying the range otherwise. */
export function wholeNumber(name: string, value: string | undefined, fallback: number, rule: WholeNumberRule): number {
  if (value === undefined) return fallback;
  const n = DIGITS.test(value) ? Number(value) : NaN;
  if (!(n >= rule.min && n <= rule.max)) {
    throw invalidInput(`${name} must be a whole number from ${rule.min} to ${rule.max}${rule.why ? ` (${rule.why})` : ''}`);
  }
  return n;
}

/** How to write a period of this kind, and which years there are: `YYYY-MM-DD, e.g. 2026-08-21, in the years 1990 to 2999`. */
export function periodHelp(kind: PeriodKind): string {
  return `${PERIOD_FORMAT[kind]}, in the years ${MIN_YEAR} to ${MAX_YEAR}`;
}
