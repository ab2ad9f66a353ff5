/**
 * `paperboy import`: reads Daily Papers responses, the `{date, response}`
 * archive and generic paper JSONL, and upserts them. Each value is validated
 * on its own: a bad one is reported with its location and skipped, the rest is
 * imported. Writes are batched in transactions, and every write is an upsert,
 * so an interrupted import can simply be run again.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { parseDay } from '../domain/period.ts';
import type { PaperRecord } from '../domain/paper.ts';
import { upsertListing } from '../store/listings-repo.ts';
import { upsertPaper, type Db, type UpsertOutcome } from '../store/papers-repo.ts';
import type { Database } from '../store/schema.ts';
import { upsertUser } from '../store/users-repo.ts';
import { writeTransaction } from '../store/write-transaction.ts';
import { dailyItemToEntry, ownListingDay, responseDay, type DailyEntry } from './daily-papers-format.ts';
import { paperLineToRecord } from './paper-jsonl-format.ts';
import { readRecords, type ReadProgress } from './read-records.ts';

export interface Tally {
  added: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  files: number;
  readonly papers: Tally;
  readonly listings: Tally;
  readonly skipped: { where: string; reason: string }[];
}

export interface ImportOptions {
  /** listing day for Daily Papers items that are not inside a dated archive line */
  readonly day?: string;
  readonly now?: () => Date;
  readonly onProgress?: (file: string, progress: ReadProgress, summary: ImportSummary) => void;
  /** values per transaction */
  readonly batchSize?: number;
}

type Unit = { kind: 'daily'; where: string; entry: DailyEntry } | { kind: 'paper'; where: string; paper: PaperRecord };

const archiveLine = z.object({ date: z.string(), response: z.array(z.unknown()) });

export async function importFiles(db: Kysely<Database>, files: readonly string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const summary: ImportSummary = {
    files: 0,
    papers: { added: 0, updated: 0, unchanged: 0 },
    listings: { added: 0, updated: 0, unchanged: 0 },
    skipped: [],
  };
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 500;
  const userIds = new Map<string, number>();
  const seen: SeenPapers = new Map();

  for (const file of files) {
    let batch: Unit[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const units = batch;
      batch = [];
      const stamp = now().toISOString();
      await writeTransaction(db, async (trx) => {
        for (const unit of units) await writeUnit(trx, unit, stamp, summary, userIds, seen);
      });
    };
    let lastProgress: ReadProgress = { bytesRead: 0, totalBytes: 0 };
    // A Daily Papers response (a JSON array) is one page: its items share a day, known only once all are read.
    const responseItems: { where: string; value: unknown }[] = [];
    for await (const located of readRecords(file, (p) => (lastProgress = p))) {
      if (!located.ok) {
        summary.skipped.push({ where: located.where, reason: located.error });
        continue;
      }
      if (located.inArray) {
        responseItems.push(located);
        continue;
      }
      for (const unit of toUnits(located.where, located.value, options.day ?? null, summary)) batch.push(unit);
      if (batch.length >= batchSize) {
        await flush();
        options.onProgress?.(file, lastProgress, summary);
      }
    }
    const day = options.day ?? responseDay(responseItems.map((i) => i.value));
    for (const item of responseItems) {
      batch.push(...toUnits(item.where, item.value, options.day ?? ownListingDay(item.value) ?? day, summary));
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    summary.files += 1;
    options.onProgress?.(file, lastProgress, summary);
  }
  return summary;
}

function toUnits(where: string, value: unknown, day: string | null, summary: ImportSummary): Unit[] {
  const skip = (at: string, e: unknown): void => {
    summary.skipped.push({ where: at, reason: describeError(e) });
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    skip(where, new Error('expected a JSON object'));
    return [];
  }
  if ('response' in value && 'date' in value) {
    const line = archiveLine.safeParse(value);
    if (!line.success) {
      skip(where, line.error);
      return [];
    }
    if (!parseDay(line.data.date)) {
      skip(where, new Error(`date ${JSON.stringify(line.data.date)} is not a YYYY-MM-DD date`));
      return [];
    }
    const units: Unit[] = [];
    line.data.response.forEach((item, i) => {
      try {
        units.push({ kind: 'daily', where: `${where} item ${i + 1}`, entry: dailyItemToEntry(item, line.data.date) });
      } catch (e) {
        skip(`${where} item ${i + 1}`, e);
      }
    });
    return units;
  }
  try {
    if ('paper' in value) return [{ kind: 'daily', where, entry: dailyItemToEntry(value, day) }];
    return [{ kind: 'paper', where, paper: paperLineToRecord(value) }];
  } catch (e) {
    skip(where, e);
    return [];
  }
}

async function writeUnit(trx: Db, unit: Unit, now: string, summary: ImportSummary, userIds: Map<string, number>, seen: SeenPapers): Promise<void> {
  if (unit.kind === 'paper') {
    countPaper(summary.papers, seen, unit.paper.id, await upsertPaper(trx, unit.paper, { now, observedAt: unit.paper.updatedAt ?? unit.paper.publishedAt }));
    return;
  }
  const { paper, listing, submitter } = unit.entry;
  countPaper(summary.papers, seen, paper.id, await upsertPaper(trx, paper, { now, observedAt: `${listing.day}T00:00:00.000Z` }));
  let submittedById: number | null = null;
  if (submitter) {
    submittedById = userIds.get(submitter.username) ?? null;
    if (submittedById === null) {
      submittedById = await upsertUser(trx, submitter, now);
      userIds.set(submitter.username, submittedById);
    }
  }
  count(summary.listings, await upsertListing(trx, { ...listing, submittedById }));
}

/** Papers met so far in this run and what happened to them: the run counts each paper once. */
type SeenPapers = Map<string, UpsertOutcome>;
const STRENGTH: Record<UpsertOutcome, number> = { unchanged: 0, updated: 1, added: 2 };

function countPaper(t: Tally, seen: SeenPapers, id: string, outcome: UpsertOutcome): void {
  const before = seen.get(id);
  if (before === undefined) {
    seen.set(id, outcome);
    t[outcome] += 1;
  } else if (STRENGTH[outcome] > STRENGTH[before]) {
    // a paper added earlier in this run and met again stays "added"
    t[before] -= 1;
    t[outcome] += 1;
    seen.set(id, outcome);
  }
}

function count(t: Tally, outcome: UpsertOutcome): void {
  t[outcome] += 1;
}

function describeError(e: unknown): string {
  if (e instanceof z.ZodError) {
    return e.issues.map((i) => `${i.path.length ? i.path.join('.') : 'value'}: ${i.message}`).join('; ');
  }
  return e instanceof Error ? e.message : String(e);
}
