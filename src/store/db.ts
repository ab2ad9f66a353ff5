/**
 * The database handle and the write transaction.
 *
 * `Db` is what every repository takes: the Kysely instance or a transaction
 * on it, so a caller decides whether a write stands alone or joins others.
 *
 * `writeTransaction` takes the write lock when it starts (SQLite `BEGIN
 * IMMEDIATE`). Kysely's own transactions begin deferred: a transaction that
 * reads first and writes later cannot wait for another writer and fails at
 * once with "database is locked". Taking the lock up front lets the busy
 * timeout do its work, so two imports simply take turns.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../domain/errors.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database> | Transaction<Database>;

export async function writeTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    try {
      await sql`BEGIN IMMEDIATE`.execute(conn);
    } catch (e) {
      throw busyError(e) ?? e;
    }
    try {
      const result = await fn(conn);
      await sql`COMMIT`.execute(conn);
      return result;
    } catch (e) {
      await sql`ROLLBACK`.execute(conn).catch(() => undefined);
      throw busyError(e) ?? e;
    }
  });
}

function busyError(e: unknown): AppError | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_BUSY_SNAPSHOT') return null;
  return new AppError('conflict', 'the database is busy: another process is writing to it (an import or ingest?); try again when it has finished');
}
