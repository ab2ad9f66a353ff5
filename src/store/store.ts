/**
 * The store's front door. `openStore` opens the database, runs pending
 * migrations and returns the Kysely handle, the vector index and the data
 * version. The repositories (`*-repo.ts`) are plain functions that take that
 * handle or a transaction on it (`Db`, db.ts).
 *
 * SQL lives under src/store, with one exception: search's live word index
 * (search/lexical/live-index.ts) counts the papers through the handle.
 */
import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { AppError } from '../domain/errors.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { openSqlite } from './sqlite/open-sqlite.ts';
import { sqliteVectorsRepo } from './sqlite/sqlite-vectors-repo.ts';
import type { VectorsRepo } from './vectors-repo.ts';

export interface Store {
  readonly db: Kysely<Database>;
  /**
   * A number that changes after any committed write, from this process or
   * another one. Pages cached under one version are stale under the next.
   */
  dataVersion(): number;
  /** what the vector index keeps in the database (the index itself is search's: src/search/vector/) */
  readonly vectorsRepo: VectorsRepo;
  close(): Promise<void>;
}

export async function openStore(location: string): Promise<Store> {
  const { db, watcher, raw } = openSqlite(location);
  await migrateToLatest(db);
  // data_version on the watcher connection moves with every commit of any other connection (our
  // main one included) for file databases; an in-memory database has one connection, so its own
  // total_changes() is what moves.
  const version = watcher === raw ? raw.prepare('SELECT total_changes()').pluck() : watcher.prepare('PRAGMA data_version').pluck();
  const vectorsRepo = sqliteVectorsRepo(raw);
  return {
    db,
    vectorsRepo,
    dataVersion: () => version.get() as number,
    close: async () => {
      await db.destroy();
      if (watcher !== raw && watcher.open) watcher.close();
    },
  };
}

/**
 * The migrator over our migrations. Names sort lexically and run in that order; numbers may be
 * reserved for work merged later (0010 was shipped before 0008 and 0009), so a database that has
 * run a later number still takes an earlier one it has not run (`allowUnorderedMigrations`).
 * Migrations are therefore written not to depend on ones with a higher number.
 */
export function migratorFor(db: Kysely<Database>, provider: MigrationProvider = migrationProvider): Migrator {
  return new Migrator({ db, provider, allowUnorderedMigrations: true });
}

async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = migratorFor(db);
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('internal', `Database migration ${failed?.migrationName ?? ''} failed: ${detail}`);
  }
}
