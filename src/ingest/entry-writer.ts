/**
 * Writes what sources deliver — papers, Daily Papers entries, arXiv versions —
 * and keeps the run's tallies. Every write is an upsert, so writing the same
 * thing twice changes nothing; each paper is counted once per run, with its
 * strongest outcome (a paper added and then met again stays "added").
 */
import type { PaperRecord } from '../domain/paper.ts';
import { upsertListing } from '../store/listings-repo.ts';
import { upsertPapersAndVersions, type PaperUpsert } from '../store/papers-bulk-repo.ts';
import { upsertPaper, type UpsertOutcome } from '../store/papers-repo.ts';
import type { Db } from '../store/db.ts';
import { upsertVersion, type PaperVersion } from '../store/paper-versions-repo.ts';
import { upsertUser } from '../store/users-repo.ts';
import type { DailyEntry } from './daily-papers-format.ts';

export interface Tally {
  added: number;
  updated: number;
  unchanged: number;
}

const emptyTally = (): Tally => ({ added: 0, updated: 0, unchanged: 0 });

const STRENGTH: Record<UpsertOutcome, number> = { unchanged: 0, updated: 1, added: 2 };

export class EntryWriter {
  readonly papers: Tally = emptyTally();
  readonly listings: Tally = emptyTally();
  readonly versions: Tally = emptyTally();
  private readonly seen = new Map<string, UpsertOutcome>();
  private readonly userIds = new Map<string, number>();

  /** `observedAt`: when the source described the paper (newer descriptions win). */
  async writePaper(trx: Db, paper: PaperRecord, observedAt: string | null, now: string): Promise<UpsertOutcome> {
    const outcome = await upsertPaper(trx, paper, { now, observedAt });
    this.countPaper(paper.id, outcome);
    return outcome;
  }

  /**
   * Papers, then versions, a page at a time: the same outcomes and tallies as
   * writePaper and writeVersion called for each in turn, in far fewer statements.
   */
  async writeBatch(trx: Db, papers: readonly PaperUpsert[], versions: readonly PaperVersion[], now: string): Promise<void> {
    const outcomes = await upsertPapersAndVersions(trx, papers, versions, now);
    papers.forEach((p, i) => this.countPaper(p.paper.id, outcomes.papers[i]!));
    for (const outcome of outcomes.versions) this.versions[outcome] += 1;
  }

  async writeDaily(trx: Db, entry: DailyEntry, now: string): Promise<void> {
    const { paper, listing, submitter } = entry;
    await this.writePaper(trx, paper, `${listing.day}T00:00:00.000Z`, now);
    let submittedById: number | null = null;
    if (submitter) {
      submittedById = this.userIds.get(submitter.username) ?? null;
      if (submittedById === null) {
        submittedById = await upsertUser(trx, submitter, now);
        this.userIds.set(submitter.username, submittedById);
      }
    }
    this.listings[await upsertListing(trx, { ...listing, submittedById })] += 1;
  }

  async writeVersion(trx: Db, version: PaperVersion): Promise<void> {
    this.versions[await upsertVersion(trx, version)] += 1;
  }

  /** Forget cached user ids (after a rolled-back transaction they may not exist). */
  forgetCaches(): void {
    this.userIds.clear();
  }

  private countPaper(id: string, outcome: UpsertOutcome): void {
    const before = this.seen.get(id);
    if (before === undefined) {
      this.seen.set(id, outcome);
      this.papers[outcome] += 1;
    } else if (STRENGTH[outcome] > STRENGTH[before]) {
      this.papers[before] -= 1;
      this.papers[outcome] += 1;
      this.seen.set(id, outcome);
    }
  }
}
