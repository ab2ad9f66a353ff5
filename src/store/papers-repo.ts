/** Papers: upsert with change detection, lookup by id. */
import { NO_LOCAL_ACTIVITY } from '../domain/community.ts';
import { mergePaper } from '../domain/merge-paper.ts';
import type { PaperDetail, PaperRecord } from '../domain/paper.ts';
import type { Db } from './db.ts';
import type { PapersTable } from './schema.ts';
import { localActivityOf } from './votes-repo.ts';
import { contentHash, paperToRow, rowToListing, rowToPaper, rowToUser } from './paper-rows.ts';

export type UpsertOutcome = 'added' | 'updated' | 'unchanged';

/**
 * Inserts a paper or merges it into the stored one (see domain/merge-paper),
 * writing only when the merged content differs from what is stored.
 * `observedAt` is when the source described the paper (a listing's day, an
 * arXiv update time); the newer description wins, whatever the import order.
 */
export async function upsertPaper(db: Db, paper: PaperRecord, stamp: PaperStamp): Promise<UpsertOutcome> {
  const existing = await db.selectFrom('papers').selectAll().where('id', '=', paper.id).executeTakeFirst();
  const { outcome, row } = planPaperUpsert(existing, paper, stamp);
  if (outcome === 'added') await db.insertInto('papers').values(row).execute();
  if (outcome === 'updated') {
    const { id: _id, created_at: _created, ...changes } = row;
    await db.updateTable('papers').set(changes).where('id', '=', paper.id).execute();
  }
  return outcome;
}

export interface PaperStamp {
  readonly now: string;
  readonly observedAt: string | null;
}

/**
 * The decision behind {@link upsertPaper}, without I/O: given the stored row
 * (if any) and an incoming paper, the outcome and the row as it must be stored
 * afterwards (the stored row itself when unchanged). The bulk path
 * (papers-bulk-repo) applies the same decision to a whole page.
 */
export function planPaperUpsert(existing: PapersTable | undefined, paper: PaperRecord, stamp: PaperStamp): { outcome: UpsertOutcome; row: PapersTable } {
  if (!existing) {
    const content = paperToRow(paper);
    return {
      outcome: 'added',
      row: { ...content, content_hash: contentHash(content), observed_at: stamp.observedAt, created_at: stamp.now, modified_at: stamp.now },
    };
  }
  const stored = rowToPaper(existing);
  const incomingIsOlder = stamp.observedAt !== null && existing.observed_at !== null && stamp.observedAt < existing.observed_at;
  const merged = incomingIsOlder ? { ...mergePaper(paper, stored), id: stored.id, source: stored.source } : mergePaper(stored, paper);
  const content = paperToRow(merged);
  const hash = contentHash(content);
  if (existing.content_hash === hash) return { outcome: 'unchanged', row: existing };
  const observedAt = incomingIsOlder ? existing.observed_at : (stamp.observedAt ?? existing.observed_at);
  return {
    outcome: 'updated',
    row: { ...content, content_hash: hash, observed_at: observedAt, created_at: existing.created_at, modified_at: stamp.now },
  };
}

export async function findPaper(db: Db, id: string): Promise<PaperRecord | null> {
  const row = await db.selectFrom('papers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToPaper(row) : null;
}

/** A paper with every listing of it, newest first, and the submitter of the newest. */
export async function getPaperDetail(db: Db, id: string): Promise<PaperDetail | null> {
  const paper = await findPaper(db, id);
  if (!paper) return null;
  return (await detailsOf(db, [paper])).get(id) ?? null;
}

/** getPaperDetail for papers already loaded, with one query for all their listings. */
export async function detailsOf(db: Db, papers: readonly PaperRecord[]): Promise<Map<string, PaperDetail>> {
  const out = new Map<string, PaperDetail>();
  if (papers.length === 0) return out;
  const rows = await db
    .selectFrom('daily_listings as l')
    .leftJoin('users as u', 'u.id', 'l.submitted_by')
    .selectAll('l')
    .select(['u.username', 'u.fullname', 'u.avatar_url', 'u.is_pro', 'u.kind'])
    .where('l.paper_id', 'in', papers.map((p) => p.id))
    .orderBy('l.paper_id')
    .orderBy('l.day', 'desc')
    .execute();
  const local = await localActivityOf(db, papers.map((p) => p.id));
  const byPaper = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byPaper.get(r.paper_id) ?? [];
    list.push(r);
    byPaper.set(r.paper_id, list);
  }
  for (const paper of papers) {
    const own = byPaper.get(paper.id) ?? [];
    const first = own[0];
    const submitter =
      first && first.username !== null
        ? rowToUser({ username: first.username, fullname: first.fullname, avatar_url: first.avatar_url, is_pro: first.is_pro ?? 0, kind: first.kind ?? 'user' })
        : null;
    out.set(paper.id, { paper, listings: own.map((r) => rowToListing(r, r.username)), submitter, local: local.get(paper.id) ?? NO_LOCAL_ACTIVITY });
  }
  return out;
}

export async function countPapers(db: Db): Promise<number> {
  const r = await db.selectFrom('papers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
