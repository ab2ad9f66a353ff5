import { sql, type Kysely } from 'kysely';

/**
 * The digest send ledger (issue 12; words in src/digest/README.md). One row per
 * (subscriber, period): the unit "exactly once" is counted in. A row moves
 *   claimed → sent | skipped | failed
 * and `failed` with a `next_attempt_at` is claimed again when that time has come.
 * A claim is a lease: `claimed_by` (the process) holds it until `lease_until`;
 * an expired lease of a process that died is taken over by the next sender.
 * `message_id` is decided at the first claim and never changes, so a resend
 * after a crash in the after-250 window carries the same Message-ID.
 *
 * The subscriber reference is not a foreign key on purpose: the ledger is the
 * record of what was sent, kept when a subscriber row is deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('digest_sends')
    .addColumn('subscriber_id', 'integer', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('claimed', 'sent', 'skipped', 'failed')`))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('response', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', 'text')
    .addPrimaryKeyConstraint('digest_sends_pk', ['subscriber_id', 'period'])
    .execute();
  // what a claim looks for besides new rows: expired leases and retries whose time has come
  await db.schema.createIndex('digest_sends_open').on('digest_sends').columns(['status', 'lease_until']).execute();
  await db.schema.createIndex('digest_sends_retry').on('digest_sends').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('digest_sends_period').on('digest_sends').columns(['period', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('digest_sends').execute();
}
