/**
 * arXiv's daily listing feeds (`{ARXIV_RSS_URL}/cs.AI`): the day's new papers,
 * cross-lists and replacements of a category. A listing is written with the
 * date marker in one transaction; a listing already taken is not taken again.
 */
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { readState, writeState } from '../../store/ingest-state-repo.ts';
import type { Store } from '../../store/store.ts';
import { writeTransaction } from '../../store/db.ts';
import { EntryWriter } from '../entry-writer.ts';
import type { PoliteClient } from '../http/polite-client.ts';
import { parseArxivListingFeed, type AnnounceType } from '../rss/listing-feed-format.ts';
import { newReport, type IngestReport } from './ingest-report.ts';
import { writeArxivEntries } from './write-arxiv-entries.ts';

const KEEP_DATES = 60;
const stateSchema = z.object({ datesSeen: z.array(z.string()) });

export const listingStateKey = (baseUrl: string, category: string): string => `rss:${baseUrl}|${category}`;

export interface ListingReport extends IngestReport {
  readonly announced: Record<AnnounceType, number>;
  /** the listing's date, and whether it had been taken before */
  listingDate: string | null;
  alreadySeen: boolean;
}

export async function ingestListingFeed(store: Store, client: PoliteClient, o: { baseUrl: string; category: string; now?: () => Date }): Promise<ListingReport> {
  const writer = new EntryWriter();
  const report: ListingReport = { ...newReport(`arXiv listing ${o.category}`, writer), announced: { new: 0, cross: 0, replace: 0, 'replace-cross': 0 }, listingDate: null, alreadySeen: false };
  const now = o.now ?? (() => new Date());
  const url = `${o.baseUrl}/${encodeURIComponent(o.category)}`;
  const res = await client.get(url);
  report.requests += 1;
  if (res.status !== 200) throw new AppError(res.status === 404 ? 'invalid_input' : 'unavailable', `${url} answered HTTP ${res.status}${res.status === 404 ? ': is the category right (e.g. cs.AI)?' : ''}`);
  let feed;
  try {
    feed = parseArxivListingFeed(res.body);
  } catch (e) {
    throw new AppError('unavailable', `${url}: ${(e as Error).message}`);
  }
  for (const p of feed.problems) report.failed.push({ where: `${url} ${p.where}`, reason: p.reason });
  const key = listingStateKey(o.baseUrl, o.category);
  const date = feed.channelDate?.slice(0, 10) ?? null;
  report.listingDate = date;
  await writeTransaction(store.db, async (trx) => {
    const saved = stateSchema.safeParse(await readState(trx, key));
    const seen = saved.success ? saved.data.datesSeen : [];
    if (date && seen.includes(date)) {
      report.alreadySeen = true;
      return;
    }
    const stamp = now().toISOString();
    for (const item of feed.items) report.announced[item.announceType] += 1;
    await writeArxivEntries(trx, writer, feed.items.map((i) => i.entry), stamp);
    if (date) await writeState(trx, key, { datesSeen: [...seen, date].sort().slice(-KEEP_DATES) }, stamp);
  });
  return report;
}
