/**
 * Submitting a paper: a signed-in person puts an arXiv paper on today's daily
 * page (a *listing* with them as its submitter). The rules, without I/O:
 *
 * - A paper already listed on any day is a *duplicate*: it is not listed again.
 * - Each account may submit at most SUBMISSIONS_PER_DAY papers per UTC day
 *   (administrators are exempt), counted in the database so that the limit
 *   survives restarts; the in-memory `submissions` rate bucket
 *   (rate-limit.ts) also applies, against bursts.
 */
import type { Viewer } from './account.ts';

export const SUBMISSIONS_PER_DAY = 5;

/** What the submit form and the API accept, in words. */
export const SUBMIT_ID_HELP =
  'an arXiv id such as 2608.12345 (arXiv:2608.12345v2 and old-style ids such as hep-th/9901001 work too), or a link to the paper such as https://arxiv.org/abs/2608.12345, https://arxiv.org/pdf/2608.12345 or https://huggingface.co/papers/2608.12345';

/** The most characters read of what was typed or sent (a URL with a long query string fits). */
export const MAX_SUBMIT_INPUT = 500;

/** How many more papers `viewer` may submit today, or null when unlimited (administrators). */
export function submissionsLeft(viewer: Viewer, submittedToday: number): number | null {
  if (viewer.isAdmin) return null;
  return Math.max(0, SUBMISSIONS_PER_DAY - submittedToday);
}

/** Whole seconds from `now` to the next midnight UTC (at least 1): when a daily limit resets. */
export function secondsUntilNextUtcDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/** "3 hours" / "40 minutes": a wait in words for a message. */
export function describeWaitUntil(seconds: number): string {
  if (seconds >= 2 * 3600) return `${Math.floor(seconds / 3600)} hours`;
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
