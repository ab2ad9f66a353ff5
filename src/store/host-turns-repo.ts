/**
 * Turns to ask an outside host, shared by every process on this database (used
 * by src/ingest/http/host-turns.ts). A claim is one write transaction begun
 * with BEGIN IMMEDIATE: SQLite lets one writer in at a time, across processes,
 * so two claimers never both see the host as free.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { writeTransaction } from './db.ts';

/**
 * Claims the next request to `host` if it may start now, and then makes the
 * next one wait `intervalMs`. Returns 0 when the turn is ours; otherwise how
 * many ms until it may be (nothing is written). `now` is read inside the
 * transaction, after any wait for the write lock, so the time written is the
 * time the request really starts.
 */
export async function claimHostTurn(db: Kysely<Database>, host: string, intervalMs: number, now: () => number): Promise<number> {
  return writeTransaction(db, async (trx) => {
    const t = now();
    const row = await trx.selectFrom('host_turns').select(['next_allowed_at', 'interval_ms']).where('host', '=', host).executeTakeFirst();
    if (row) {
      const wait = row.next_allowed_at - t;
      // a wait longer than the claimer's own interval means the clock went back: take the turn
      if (wait > 0 && wait <= row.interval_ms) return wait;
    }
    const next = { next_allowed_at: t + intervalMs, interval_ms: intervalMs };
    await trx
      .insertInto('host_turns')
      .values({ host, ...next })
      .onConflict((oc) => oc.column('host').doUpdateSet(next))
      .execute();
    return 0;
  });
}
