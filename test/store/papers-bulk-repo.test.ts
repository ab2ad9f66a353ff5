import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntryWriter } from '../../src/ingest/entry-writer.ts';
import { upsertPapersAndVersions, type PaperUpsert } from '../../src/store/papers-bulk-repo.ts';
import { findPaper, upsertPaper } from '../../src/store/papers-repo.ts';
import type { Db } from '../../src/store/db.ts';
import { listVersions, upsertVersion, type PaperVersion } from '../../src/store/paper-versions-repo.ts';
import type { Store } from '../../src/store/store.ts';
import { contentHash, paperToRow } from '../../src/store/paper-rows.ts';
import { createHash } from 'node:crypto';
import { paperRecord } from '../fixtures/records.ts';
import { engines, NOW } from './engines.ts';

const LATER = '2026-08-23T12:00:00.000Z';
const A = '2604.07429';
const B = '2604.00002';

const version = (paperId: string, v: number, over: Partial<PaperVersion> = {}): PaperVersion => ({
  paperId,
  version: v,
  title: null,
  abstract: null,
  submittedAt: `2026-04-0${v}T10:00:00.000Z`,
  size: `${v}0kb`,
  ...over,
});

/** Everything a write leaves behind: papers, versions, and what the full-text index finds. */
async function snapshot(db: Db): Promise<unknown> {
  const papers = await db.selectFrom('papers').selectAll().orderBy('id').execute();
  const versions = await db.selectFrom('paper_versions').selectAll().orderBy('paper_id').orderBy('version').execute();
  const fts = await sql<{ id: string; title: string }>`SELECT p.id, f.title FROM papers_fts f JOIN papers p ON p.rowid = f.rowid ORDER BY p.id`.execute(db);
  return { papers, versions, fts: fts.rows };
}

async function oneByOne(db: Db, papers: readonly PaperUpsert[], versions: readonly PaperVersion[], now: string) {
  const out = { papers: [] as string[], versions: [] as string[] };
  for (const p of papers) out.papers.push(await upsertPaper(db, p.paper, { now, observedAt: p.observedAt }));
  for (const v of versions) out.versions.push(await upsertVersion(db, v));
  return out;
}

describe.each(engines)('papers bulk writes ($name)', (engine) => {
  let bulk: Store;
  let single: Store;
  beforeEach(async () => {
    bulk = await engine.open();
    single = await engine.open();
  });
  afterEach(async () => {
    await bulk.close();
    await single.close();
  });

  /** Runs the same batches through the bulk path and row by row; outcomes and stored state must match. */
  async function expectSameAsOneByOne(batches: { papers: PaperUpsert[]; versions: PaperVersion[]; now: string }[]) {
    for (const b of batches) {
      const got = await upsertPapersAndVersions(bulk.db, b.papers, b.versions, b.now);
      const want = await oneByOne(single.db, b.papers, b.versions, b.now);
      expect(got).toEqual(want);
    }
    expect(await snapshot(bulk.db)).toEqual(await snapshot(single.db));
  }

  it('adds new papers and versions, indexed for full-text search', async () => {
    const papers = [
      { paper: paperRecord({ id: A, title: 'Gaussian splatting for sensors', version: 2 }), observedAt: '2026-04-02T10:00:00.000Z' },
      { paper: paperRecord({ id: B, title: 'Another paper' }), observedAt: null },
    ];
    const versions = [version(A, 1), version(A, 2), version(A, 2, { title: 'Gaussian splatting for sensors', abstract: 'An abstract.', size: null })];
    const got = await upsertPapersAndVersions(bulk.db, papers, versions, NOW);
    expect(got).toEqual({ papers: ['added', 'added'], versions: ['added', 'added', 'updated'] });
    expect(await findPaper(bulk.db, A)).toEqual(papers[0]!.paper);
    expect(await listVersions(bulk.db, A)).toEqual([
      { paperId: A, version: 1, title: null, abstract: null, submittedAt: '2026-04-01T10:00:00.000Z', size: '10kb' },
      { paperId: A, version: 2, title: 'Gaussian splatting for sensors', abstract: 'An abstract.', submittedAt: '2026-04-02T10:00:00.000Z', size: '20kb' },
    ]);
    const hits = await sql<{ id: string }>`SELECT p.id FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid WHERE papers_fts MATCH 'splatting'`.execute(bulk.db);
    expect(hits.rows).toEqual([{ id: A }]);
  });

  it('reports unchanged and writes nothing when the same page comes again', async () => {
    const papers = [{ paper: paperRecord({ id: A }), observedAt: '2026-04-16T00:00:00.000Z' }];
    const versions = [version(A, 1)];
    await upsertPapersAndVersions(bulk.db, papers, versions, NOW);
    expect(await upsertPapersAndVersions(bulk.db, papers, versions, LATER)).toEqual({ papers: ['unchanged'], versions: ['unchanged'] });
    const row = await bulk.db.selectFrom('papers').select(['created_at', 'modified_at']).where('id', '=', A).executeTakeFirstOrThrow();
    expect(row).toEqual({ created_at: NOW, modified_at: NOW });
  });

  it('updates a stored paper in place: new text re-indexed, created_at kept, modified_at stamped', async () => {
    await upsertPapersAndVersions(bulk.db, [{ paper: paperRecord({ id: A, title: 'Old title', version: 1 }), observedAt: '2026-04-01T00:00:00.000Z' }], [], NOW);
    const got = await upsertPapersAndVersions(bulk.db, [{ paper: paperRecord({ id: A, title: 'Brand new wording', version: 2 }), observedAt: '2026-04-05T00:00:00.000Z' }], [], LATER);
    expect(got.papers).toEqual(['updated']);
    const row = await bulk.db.selectFrom('papers').select(['title', 'created_at', 'modified_at', 'observed_at']).where('id', '=', A).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: 'Brand new wording', created_at: NOW, modified_at: LATER, observed_at: '2026-04-05T00:00:00.000Z' });
    const match = async (q: string) => (await sql<{ n: number }>`SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH ${q}`.execute(bulk.db)).rows[0]!.n;
    expect(await match('wording')).toBe(1);
    expect(await match('old')).toBe(0);
  });

  it('matches upsertPaper / upsertVersion call for call: repeats within a page, older observations, merges', async () => {
    const base = paperRecord({ id: A, title: 'First', categories: ['cs.CV'], primaryCategory: 'cs.CV', version: 1 });
    await expectSameAsOneByOne([
      {
        now: NOW,
        papers: [
          { paper: base, observedAt: '2026-04-10T00:00:00.000Z' },
          // the same paper again in the same page: fills a gap -> updated
          { paper: { ...base, doi: '10.1/x' }, observedAt: '2026-04-10T00:00:00.000Z' },
          { paper: paperRecord({ id: B }), observedAt: null },
          // older observation: may fill gaps, never overwrite
          { paper: { ...base, title: 'Older title', projectPage: 'https://p.example.org' }, observedAt: '2026-04-01T00:00:00.000Z' },
        ],
        versions: [version(A, 1), version(A, 1, { title: 'First', abstract: 'x', size: null }), version(B, 1)],
      },
      {
        now: LATER,
        papers: [
          { paper: { ...base, title: 'Second', version: 2 }, observedAt: '2026-04-20T00:00:00.000Z' },
          { paper: paperRecord({ id: B }), observedAt: null },
          { paper: { ...base, title: 'Second', version: 2 }, observedAt: '2026-04-20T00:00:00.000Z' },
        ],
        versions: [version(A, 1), version(A, 2), version(A, 2, { title: 'Second', abstract: 'y', submittedAt: null }), version(B, 1, { size: '99kb' })],
      },
    ]);
  });

  it('handles pages larger than one statement holds', async () => {
    const papers = Array.from({ length: 900 }, (_, i) => ({ paper: paperRecord({ id: `2604.${String(10000 + i)}`, title: `Paper ${i}` }), observedAt: null }));
    const versions = papers.flatMap((p) => [version(p.paper.id, 1), version(p.paper.id, 2)]);
    await expectSameAsOneByOne([
      { now: NOW, papers, versions },
      { now: LATER, papers: papers.map((p, i) => (i % 2 ? p : { ...p, paper: { ...p.paper, doi: `10.1/${i}` } })), versions },
    ]);
  });
});

describe('EntryWriter.writeBatch', () => {
  let store: Store;
  beforeEach(async () => {
    store = await engines[0]!.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('counts each paper once per run, with its strongest outcome, and every version write', async () => {
    const writer = new EntryWriter();
    const a = paperRecord({ id: A });
    await writer.writeBatch(store.db, [{ paper: a, observedAt: null }, { paper: { ...a, doi: '10.1/x' }, observedAt: null }], [version(A, 1), version(A, 1)], NOW);
    expect(writer.papers).toEqual({ added: 1, updated: 0, unchanged: 0 });
    expect(writer.versions).toEqual({ added: 1, updated: 0, unchanged: 1 });
    await writer.writeBatch(store.db, [{ paper: a, observedAt: null }, { paper: paperRecord({ id: B }), observedAt: null }], [], LATER);
    expect(writer.papers).toEqual({ added: 2, updated: 0, unchanged: 0 });

    const next = new EntryWriter();
    await next.writeBatch(store.db, [{ paper: a, observedAt: null }, { paper: { ...a, comment: 'now with a comment' }, observedAt: null }], [], LATER);
    expect(next.papers).toEqual({ added: 0, updated: 1, unchanged: 0 });
  });
});

describe('contentHash', () => {
  it('is the digest of every field in turn, as rows stored before were hashed', () => {
    const row = paperToRow(paperRecord({ id: A, title: 'Wübben’s paper 😀', githubStars: 3, organization: { name: 'NUS' } }));
    const h = createHash('sha1');
    for (const value of Object.values(row)) h.update(value === null ? '\u0000' : String(value)).update('\u0001');
    expect(contentHash(row)).toBe(h.digest('base64'));
  });
});
