/**
 * `paperboy import`: reads Daily Papers responses, the `{date, response}`
 * archive and generic paper JSONL, and upserts them. Each value is validated
 * on its own: a bad one is reported with its location and skipped, the rest is
 * imported. A link a record gives that is not acceptable (domain/links.ts) is
 * left out and reported as a warning; the record is imported without it.
 * Writes are batched in transactions, and every write is an upsert,
 * so an interrupted import can simply be run again.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { describeRejectedLink, type RejectedLink } from '../domain/links.ts';
import { parseDay } from '../domain/period.ts';
import type { PaperRecord } from '../domain/paper.ts';
import type { Database } from '../store/schema.ts';
import { writeTransaction, type Db } from '../store/db.ts';
import { EntryWriter, type Tally } from './entry-writer.ts';
import { describeFailure } from './describe-failure.ts';
import { dailyItemToEntry, ownListingDay, responseDay, type DailyEntry } from './daily-papers-format.ts';
import { paperLineToRecord } from './paper-jsonl-format.ts';
import { readRecords, type ReadProgress } from './read-records.ts';

export interface ImportSummary {
  files: number;
  readonly papers: Tally;
  readonly listings: Tally;
  /** records not imported; `reason` has one line per problem */
  readonly skipped: { where: string; reason: string }[];
  /** records imported with something left out (a rejected link) */
  readonly warnings: { where: string; message: string }[];
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
  const writer = new EntryWriter();
  // the writer keeps the tallies; the summary shows them as they grow
  const summary: ImportSummary = { files: 0, papers: writer.papers, listings: writer.listings, skipped: [], warnings: [] };
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 500;

  for (const file of files) {
    let batch: Unit[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const units = batch;
      batch = [];
      const stamp = now().toISOString();
      await writeTransaction(db, async (trx) => {
        for (const unit of units) await writeUnit(trx, unit, stamp, writer);
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
    summary.skipped.push({ where: at, reason: describeFailure(e) });
  };
  const warnAt = (at: string) => (r: RejectedLink): void => {
    summary.warnings.push({ where: at, message: describeRejectedLink(r) });
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
      const at = `${where} item ${i + 1}`;
      try {
        units.push({ kind: 'daily', where: at, entry: dailyItemToEntry(item, line.data.date, { onRejectedLink: warnAt(at) }) });
      } catch (e) {
        skip(at, e);
      }
    });
    return units;
  }
  try {
    if ('paper' in value) return [{ kind: 'daily', where, entry: dailyItemToEntry(value, day, { onRejectedLink: warnAt(where) }) }];
    return [{ kind: 'paper', where, paper: paperLineToRecord(value, warnAt(where)) }];
  } catch (e) {
    skip(where, e);
    return [];
  }
}

async function writeUnit(trx: Db, unit: Unit, now: string, writer: EntryWriter): Promise<void> {
  if (unit.kind === 'paper') await writer.writePaper(trx, unit.paper, unit.paper.updatedAt ?? unit.paper.publishedAt, now);
  else await writer.writeDaily(trx, unit.entry, now);
}
