/**
 * Following another Daily Papers service (Hugging Face's, or another
 * Paperboy): `GET {upstream}/api/daily_papers?date=D&limit=100&p=N` until a
 * short page, and list here what it lists there. A day is written in one
 * transaction together with the progress marker, so a crash repeats nothing
 * and skips nothing.
 */
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { describeRejectedLink, type RejectedLink } from '../../domain/links.ts';
import { addDays } from '../../domain/period.ts';
import { readState, writeState } from '../../store/ingest-state-repo.ts';
import type { Store } from '../../store/store.ts';
import { writeTransaction } from '../../store/db.ts';
import { dailyItemToEntry, type DailyEntry } from '../daily-papers-format.ts';
import { describeFailure } from '../describe-failure.ts';
import { EntryWriter } from '../entry-writer.ts';
import type { PoliteClient } from '../http/polite-client.ts';
import { newReport, type IngestReport } from './ingest-report.ts';

const PAGE = 100;
const MAX_PAGES = 50;
const stateSchema = z.object({ lastDate: z.string().nullable() });

export const dailyStateKey = (upstream: string): string => `daily:${upstream}`;

export interface MirrorOptions {
  readonly upstream: string;
  readonly dates: readonly string[];
  readonly now?: () => Date;
  readonly onDay?: (day: string, report: IngestReport) => void;
}

export async function mirrorDailyPapers(store: Store, client: PoliteClient, options: MirrorOptions): Promise<IngestReport> {
  const writer = new EntryWriter();
  const report = newReport(`daily:${options.upstream}`, writer);
  const now = options.now ?? (() => new Date());
  const base = options.upstream.replace(/\/+$/, '');
  // user picture paths in its answers (`/avatars/…`) are on the upstream's site
  const origin = URL.canParse(base) ? new URL(base).origin : undefined;
  for (const day of options.dates) {
    const entries: DailyEntry[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = `${base}/api/daily_papers?date=${day}&limit=${PAGE}&p=${page}`;
      const res = await client.get(url);
      report.requests += 1;
      if (res.status !== 200) throw new AppError('unavailable', `${url} answered HTTP ${res.status}: ${res.body.slice(0, 200)}`);
      let items: unknown;
      try {
        items = JSON.parse(res.body);
      } catch {
        throw new AppError('unavailable', `${url} did not answer JSON (the upstream must speak the Daily Papers API)`);
      }
      if (!Array.isArray(items)) throw new AppError('unavailable', `${url} did not answer a JSON array of Daily Papers items`);
      items.forEach((item, i) => {
        const where = `${url} item ${page * PAGE + i + 1}`;
        try {
          const onRejectedLink = (r: RejectedLink): void => {
            report.warnings.push({ where, message: describeRejectedLink(r) });
          };
          entries.push(dailyItemToEntry(item, day, { origin, onRejectedLink }));
        } catch (e) {
          report.failed.push({ where, reason: describeFailure(e) });
        }
      });
      if (items.length < PAGE) break;
    }
    await writeTransaction(store.db, async (trx) => {
      const stamp = now().toISOString();
      for (const entry of entries) await writer.writeDaily(trx, entry, stamp);
      const previous = stateSchema.safeParse(await readState(trx, dailyStateKey(options.upstream)));
      const last = previous.success ? previous.data.lastDate : null;
      await writeState(trx, dailyStateKey(options.upstream), { lastDate: last === null || day > last ? day : last }, stamp);
    });
    options.onDay?.(day, report);
  }
  return report;
}

/** The days a schedule should fetch: from the last one done up to `today` (at most `maxDays`). */
export async function pendingDays(store: Store, upstream: string, today: string, maxDays = 14): Promise<string[]> {
  const state = stateSchema.safeParse(await readState(store.db, dailyStateKey(upstream)));
  // the last day done is fetched again: its upvotes and comments keep changing for a while
  const start = state.success && state.data.lastDate ? state.data.lastDate : addDays(today, -(maxDays - 1));
  const days: string[] = [];
  for (let d = start; d <= today && days.length < maxDays; d = addDays(d, 1)) days.push(d);
  return days;
}
