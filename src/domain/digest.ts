/**
 * Digest subscriptions: who gets a digest, how often, at what hour of their own
 * day, and what it is made of. A *subscriber* is an email address (optionally
 * linked to an account); it is *pending* until the address is confirmed (double
 * opt-in), then *active*; *unsubscribed* stops it, *paused* is set by the
 * sending engine after repeated hard bounces.
 *
 * The rules for the settings live here (pure): `checkDigestSettings` turns a
 * form's strings into `DigestSettings` or an invalid_input error that says what
 * to fix. Saved searches are checked as search queries by the core, not here.
 */
import { invalidInput } from './errors.ts';

export type SubscriberStatus = 'pending' | 'active' | 'unsubscribed' | 'paused';
/** daily: weekdays (Monday to Friday); weekly: Mondays */
export type DigestFrequency = 'daily' | 'weekly';

export interface DigestSettings {
  readonly frequency: DigestFrequency;
  /** 0–23, in `timeZone` */
  readonly sendHour: number;
  /** an IANA zone such as `Europe/Berlin` */
  readonly timeZone: string;
  /** 1–50 */
  readonly paperCount: number;
  readonly includeTrending: boolean;
  /** arXiv categories (`cs.CL`, `math.GT`, or a whole archive such as `cs`) */
  readonly categories: readonly string[];
  /** keywords / saved searches, each a search query */
  readonly keywords: readonly string[];
  /** papers like the ones the linked account upvoted (nothing without an account) */
  readonly includeSimilar: boolean;
}

export interface Subscriber extends DigestSettings {
  readonly id: number;
  /** normalised: trimmed, lowercase */
  readonly email: string;
  readonly userId: number | null;
  readonly status: SubscriberStatus;
  readonly createdAt: string;
  readonly confirmedAt: string | null;
  readonly unsubscribedAt: string | null;
  readonly hardBounces: number;
  readonly pausedAt: string | null;
  readonly lastBounce: string | null;
}

export const MIN_PAPER_COUNT = 1;
export const MAX_PAPER_COUNT = 50;
export const MAX_CATEGORIES = 20;
export const MAX_KEYWORDS = 10;
export const MAX_KEYWORD_LENGTH = 200;

export const DEFAULT_DIGEST_SETTINGS: DigestSettings = {
  frequency: 'daily',
  sendHour: 8,
  timeZone: 'UTC',
  paperCount: 10,
  includeTrending: true,
  categories: [],
  keywords: [],
  includeSimilar: true,
};

/** arXiv category syntax: an archive (`cs`, `hep-th`) or archive.subject (`cs.CL`, `math.GT`, `astro-ph.CO`). */
const CATEGORY = /^[a-z][a-z-]{0,15}(?:\.[A-Za-z][A-Za-z-]{0,15})?$/;

export function isArxivCategory(text: string): boolean {
  return CATEGORY.test(text);
}

let zones: Set<string> | null = null;

/** An IANA time zone this runtime knows (`Europe/Berlin`, `UTC`); case as written in the database. */
export function isTimeZone(text: string): boolean {
  if (text.length === 0 || text.length > 64) return false;
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  if (zones.has(text)) return true;
  // aliases the list leaves out (`Asia/Calcutta`, `Etc/GMT+2`) are still zones Intl understands
  try {
    return new Intl.DateTimeFormat('en', { timeZone: text }).resolvedOptions().timeZone.length > 0 && /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(text);
  } catch {
    return false;
  }
}

/** The fields of the settings form, as text (checkboxes: present or not). */
export interface DigestSettingsInput {
  readonly frequency?: string;
  readonly sendHour?: string;
  readonly timeZone?: string;
  readonly paperCount?: string;
  readonly includeTrending?: boolean;
  readonly categories?: string;
  readonly keywords?: string;
  readonly includeSimilar?: boolean;
}

/** Splits a list typed by a person: commas, semicolons or new lines; trimmed, empty parts dropped, duplicates removed. */
export function splitList(text: string, separators: RegExp): string[] {
  const seen = new Set<string>();
  for (const part of text.split(separators)) {
    const t = part.trim().replace(/\s+/g, ' ');
    if (t) seen.add(t);
  }
  return [...seen];
}

/** Checks every field; the first problem found is thrown as invalid_input with what to write instead. */
export function checkDigestSettings(input: DigestSettingsInput): DigestSettings {
  const frequency = (input.frequency ?? '').trim();
  if (frequency !== 'daily' && frequency !== 'weekly') throw invalidInput('Choose how often: daily (Monday to Friday) or weekly (Mondays).');
  const hourText = (input.sendHour ?? '').trim();
  if (!/^\d{1,2}$/.test(hourText) || Number(hourText) > 23) throw invalidInput(`The hour must be a whole number from 0 to 23 (you wrote “${hourText}”).`);
  const timeZone = (input.timeZone ?? '').trim();
  if (!isTimeZone(timeZone)) throw invalidInput(`“${timeZone}” is not a time zone: write one such as Europe/Berlin, America/New_York or UTC.`);
  const countText = (input.paperCount ?? '').trim();
  const count = /^\d{1,3}$/.test(countText) ? Number(countText) : NaN;
  if (!(count >= MIN_PAPER_COUNT && count <= MAX_PAPER_COUNT)) throw invalidInput(`The number of papers must be from ${MIN_PAPER_COUNT} to ${MAX_PAPER_COUNT} (you wrote “${countText}”).`);
  const categories = splitList(input.categories ?? '', /[\s,;]+/);
  if (categories.length > MAX_CATEGORIES) throw invalidInput(`At most ${MAX_CATEGORIES} categories.`);
  for (const c of categories) {
    if (!isArxivCategory(c)) throw invalidInput(`“${c}” is not an arXiv category: write categories like cs.CL, math.GT or hep-th, separated by commas.`);
  }
  const keywords = splitList(input.keywords ?? '', /[\n;]+/);
  if (keywords.length > MAX_KEYWORDS) throw invalidInput(`At most ${MAX_KEYWORDS} keywords or saved searches (one a line).`);
  for (const k of keywords) {
    if (k.length > MAX_KEYWORD_LENGTH) throw invalidInput(`A saved search is at most ${MAX_KEYWORD_LENGTH} characters (“${k.slice(0, 40)}…”).`);
    if (/\p{Cc}/u.test(k)) throw invalidInput('A saved search cannot contain control characters.');
  }
  return {
    frequency,
    sendHour: Number(hourText),
    timeZone,
    paperCount: count,
    includeTrending: input.includeTrending === true,
    categories,
    keywords,
    includeSimilar: input.includeSimilar === true,
  };
}
