/**
 * The engines every store test runs on. Only SQLite exists today; when PostgreSQL
 * arrives, add it here and the same suites run against it.
 */
import { openStore, type Store } from '../../src/store/store.ts';
import type { Db } from '../../src/store/db.ts';
import { upsertPaper } from '../../src/store/papers-repo.ts';
import { upsertListing } from '../../src/store/listings-repo.ts';
import { upsertUser } from '../../src/store/users-repo.ts';
import { parsePaperId } from '../../src/domain/paper-id.ts';
import { paperRecord } from '../fixtures/records.ts';

export interface Engine {
  readonly name: string;
  open(): Promise<Store>;
}

export const engines: readonly Engine[] = [{ name: 'sqlite', open: () => openStore(':memory:') }];

export const NOW = '2026-08-22T12:00:00.000Z';

export interface SeedListing {
  readonly id: string;
  readonly day: string;
  readonly upvotes: number;
  readonly comments?: number;
  readonly by?: string;
}

/** Writes papers (titled after their id), their submitters and listings, the way an import would. */
export async function seed(db: Db, listings: readonly SeedListing[]): Promise<void> {
  for (const l of listings) {
    await upsertPaper(db, paperRecord({ id: l.id, source: parsePaperId(l.id)!.source, title: `Paper ${l.id}` }), { now: NOW, observedAt: `${l.day}T00:00:00.000Z` });
    const by = l.by ? await upsertUser(db, { username: l.by, fullname: `Full ${l.by}`, avatarUrl: null, isPro: false, kind: 'user' }, NOW) : null;
    await upsertListing(db, {
      paperId: l.id,
      day: l.day,
      submittedAt: `${l.day}T06:00:00.000Z`,
      submittedOnDailyAt: null,
      thumbnail: null,
      authorParticipating: false,
      submittedById: by,
      upvotes: l.upvotes,
      numComments: l.comments ?? 0,
    });
  }
}
