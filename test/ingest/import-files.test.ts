import fs from 'node:fs';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importFiles, type ImportSummary } from '../../src/ingest/import-files.ts';
import { listPapersBetween } from '../../src/store/listings-repo.ts';
import { storeStats } from '../../src/store/stats-repo.ts';
import { findPaper, getPaperDetail } from '../../src/store/papers-repo.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { fixturePath, fixtureText, scratchDir } from '../fixtures/files.ts';

const ARCHIVE = fixturePath('daily-archive-3days.jsonl.gz');
const ONE_DAY = fixturePath('daily-2026-07-15.json');
const GAMEWORLD_APR_10 = fixturePath('daily-2026-04-10-2604.07429.json');
const GAMEWORLD_APR_16 = fixturePath('daily-2026-04-16-2604.07429.json');
const PAPERS = fixturePath('papers.jsonl');
const PAPERS_BROKEN = fixturePath('papers-broken.jsonl');

interface ArchiveLine {
  date: string;
  response: { paper: Record<string, unknown> & { id: string; upvotes: number }; [k: string]: unknown }[];
}
const archiveLines = (): ArchiveLine[] =>
  fixtureText('daily-archive-3days.jsonl.gz')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ArchiveLine);
const toJsonl = (lines: readonly unknown[]): string => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

const tally = (added: number, updated: number, unchanged: number) => ({ added, updated, unchanged });

let store: Store;
const scratch = scratchDir();
const NOW = () => new Date('2026-08-22T12:00:00.000Z');
const importAll = (files: string[], options = {}): Promise<ImportSummary> => importFiles(store.db, files, { now: NOW, ...options });

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
});
afterAll(() => scratch.remove());

describe('importing the {date, response} archive', () => {
  it('adds every paper, listing and submitter on first import', async () => {
    const summary = await importAll([ARCHIVE]);
    expect(summary).toEqual({ files: 1, papers: tally(17, 0, 0), listings: tally(17, 0, 0), skipped: [], warnings: [] });
    expect(await storeStats(store.db)).toEqual({
      papers: 17,
      listings: 17,
      days: 3,
      users: 12,
      firstDay: '2024-12-26',
      lastDay: '2024-12-30',
      papersBySource: { arxiv: 17 },
    });
  });

  it('adds and updates nothing when the same file is imported again', async () => {
    await importAll([ARCHIVE]);
    const again = await importAll([ARCHIVE]);
    expect(again).toEqual({ files: 1, papers: tally(0, 0, 17), listings: tally(0, 0, 17), skipped: [], warnings: [] });
    expect((await storeStats(store.db)).users).toBe(12);
  });

  it('lists a paper on the archive day even when it was submitted the evening before (UTC)', async () => {
    await importAll([ARCHIVE]);
    const detail = await getPaperDetail(store.db, '2412.18547');
    expect(detail?.listings).toMatchObject([
      { paperId: '2412.18547', day: '2024-12-26', submittedAt: '2024-12-25T22:21:50.545Z', submittedBy: 'ztwang', upvotes: 10, numComments: 1 },
    ]);
  });

  it('stores normalised text, the authors in order and the submitter', async () => {
    await importAll([ARCHIVE]);
    const detail = await getPaperDetail(store.db, '2412.18925');
    expect(detail?.paper).toMatchObject({
      id: '2412.18925',
      source: 'arxiv',
      title: 'HuatuoGPT-o1, Towards Medical Complex Reasoning with LLMs',
      publishedAt: '2024-12-25T15:12:34.000Z',
      categories: [],
    });
    expect(detail?.paper.abstract.startsWith('The breakthrough of OpenAI o1 highlights the potential of enhancing reasoning to improve LLM.')).toBe(true);
    expect(detail?.paper.abstract).not.toContain('\n');
    expect(detail?.paper.authors.slice(0, 3)).toEqual([{ name: 'Junying Chen' }, { name: 'Zhenyang Cai' }, { name: 'Ke Ji' }]);
    expect(detail?.paper.authors).toHaveLength(8);
    expect(detail?.submitter).toEqual({ username: 'akhaliq', fullname: 'AK', avatarUrl: expect.stringContaining('https://') as string, isPro: false, kind: 'user' });
    expect(detail?.listings[0]).toMatchObject({ day: '2024-12-30', upvotes: 45, numComments: 1, submittedBy: 'akhaliq' });
  });

  it('reads gzip by its content, even when the file name has no .gz', async () => {
    const copy = scratch.file('archive-without-extension.jsonl');
    fs.copyFileSync(ARCHIVE, copy);
    const summary = await importAll([copy]);
    expect(summary).toEqual({ files: 1, papers: tally(17, 0, 0), listings: tally(17, 0, 0), skipped: [], warnings: [] });
  });

  it('reads plain text even when the file name ends in .gz', async () => {
    const plain = scratch.file('not-really.jsonl.gz');
    fs.writeFileSync(plain, fixtureText('daily-archive-3days.jsonl.gz'));
    expect((await importAll([plain])).papers).toEqual(tally(17, 0, 0));
  });

  it('counts a listing whose upvotes changed as updated and stores the new count', async () => {
    await importAll([ARCHIVE]);
    const lines = archiveLines();
    const item = lines[1]!.response.find((i) => i.paper.id === '2412.17743')!;
    expect(item.paper.upvotes).toBe(26);
    item.paper.upvotes = 30;
    const edited = scratch.file('archive-upvotes-edited.jsonl');
    fs.writeFileSync(edited, toJsonl(lines));

    const summary = await importAll([edited]);
    expect(summary.listings).toEqual(tally(0, 1, 16));
    expect(summary.papers).toEqual(tally(0, 0, 17));
    expect((await getPaperDetail(store.db, '2412.17743'))?.listings[0]?.upvotes).toBe(30);
  });

  it('counts a paper whose title changed as updated and stores the new title', async () => {
    await importAll([ARCHIVE]);
    const lines = archiveLines();
    lines[2]!.response[0]!.paper.title = 'HuatuoGPT-o1 (corrected title)';
    const edited = scratch.file('archive-title-edited.jsonl.gz');
    fs.writeFileSync(edited, zlib.gzipSync(toJsonl(lines)));

    const summary = await importAll([edited]);
    expect(summary.papers).toEqual(tally(0, 1, 16));
    expect(summary.listings).toEqual(tally(0, 0, 17));
    expect((await findPaper(store.db, '2412.18925'))?.title).toBe('HuatuoGPT-o1 (corrected title)');
  });

  it('gives the same result whatever the batch size, and reports progress per batch and per file', async () => {
    const progress: { file: string; bytesRead: number; totalBytes: number; papers: number }[] = [];
    const summary = await importAll([ARCHIVE], {
      batchSize: 2,
      onProgress: (file: string, p: { bytesRead: number; totalBytes: number }, s: ImportSummary) =>
        progress.push({ file, ...p, papers: s.papers.added }),
    });
    expect(summary.papers).toEqual(tally(17, 0, 0));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p) => p.file === ARCHIVE)).toBe(true);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ bytesRead: fs.statSync(ARCHIVE).size, totalBytes: fs.statSync(ARCHIVE).size, papers: 17 });
  });
});

describe('importing a Daily Papers API response (a plain JSON array)', () => {
  it('lists the items on the day they were submitted to the daily page', async () => {
    const summary = await importAll([ONE_DAY]);
    expect(summary).toEqual({ files: 1, papers: tally(2, 0, 0), listings: tally(2, 0, 0), skipped: [], warnings: [] });
    const listed = await listPapersBetween(store.db, '2026-07-15', '2026-07-15', { offset: 0, limit: 10 });
    expect(listed.map((l) => [l.paper.id, l.listing.upvotes, l.listing.numComments, l.submitter?.username])).toEqual([
      ['2607.11886', 24, 2, 'huangrh9'],
      ['2607.11111', 3, 1, 'Silin-Chen'],
    ]);
    expect(listed[0]?.paper.organization).toMatchObject({ name: 'ByteDance-Seed' });
    expect(listed[0]?.paper.projectPage).toBe('https://huangrh99.github.io/SpectraReward/');
  });

  it('lists the items on the day given in the options instead, when there is one', async () => {
    await importAll([ONE_DAY], { day: '2026-07-20' });
    expect((await storeStats(store.db)).lastDay).toBe('2026-07-20');
    expect((await storeStats(store.db)).firstDay).toBe('2026-07-20');
  });

  it('is idempotent too', async () => {
    await importAll([ONE_DAY]);
    expect(await importAll([ONE_DAY])).toMatchObject({ papers: tally(0, 0, 2), listings: tally(0, 0, 2) });
  });

  it('reads a response saved with a UTF-8 byte order mark', async () => {
    const withBom = scratch.file('with-bom.json');
    fs.writeFileSync(withBom, '\uFEFF' + fixtureText('daily-2026-07-15.json'));
    expect(await importAll([withBom])).toMatchObject({ papers: tally(2, 0, 0), skipped: [], warnings: [] });
  });
});

describe('importing paper JSONL', () => {
  it('adds arXiv and other-source papers with their categories', async () => {
    const summary = await importAll([PAPERS]);
    expect(summary).toEqual({ files: 1, papers: tally(2, 0, 0), listings: tally(0, 0, 0), skipped: [], warnings: [] });
    expect(await findPaper(store.db, '2604.07429')).toMatchObject({
      source: 'arxiv',
      categories: ['cs.CV', 'cs.AI', 'cs.HC'],
      primaryCategory: 'cs.CV',
      comment: '23 pages, 8 figures',
    });
    expect(await findPaper(store.db, 'openreview:fixtureXyZ01')).toMatchObject({
      id: 'openreview:fixtureXyZ01',
      source: 'openreview',
      title: 'A Paper Known Only by Its OpenReview Id',
      abstract: 'Synthetic test record: Paperboy accepts papers from sources other than arXiv.\n\nIt is identified as source:id.',
      authors: [{ name: 'Ada Lovelace' }, { name: 'Alan Turing' }],
      publishedAt: '2025-01-15T00:00:00.000Z',
      primaryCategory: null,
    });
    expect((await storeStats(store.db)).papersBySource).toEqual({ arxiv: 1, openreview: 1 });
  });

  it('adds nothing on re-import', async () => {
    await importAll([PAPERS]);
    expect((await importAll([PAPERS])).papers).toEqual(tally(0, 0, 2));
  });
});

describe('bad input is reported with its location and skipped', () => {
  it('skips a truncated line, a line without title and a non-object, and imports the rest', async () => {
    const summary = await importAll([PAPERS_BROKEN]);
    expect(summary.papers).toEqual(tally(2, 0, 0));
    expect(summary.skipped.map((s) => s.where)).toEqual([`${PAPERS_BROKEN}:2`, `${PAPERS_BROKEN}:3`, `${PAPERS_BROKEN}:6`]);
    expect(summary.skipped[0]?.reason).toMatch(/^not valid JSON \(/);
    expect(summary.skipped[1]?.reason).toMatch(/^title: /);
    expect(summary.skipped[2]?.reason).toBe('expected a JSON object');
    expect(await findPaper(store.db, '2512.22630')).not.toBeNull();
    expect(await findPaper(store.db, '2505.05026')).not.toBeNull();
    expect(await findPaper(store.db, '2512.24165')).toBeNull();
  });

  it('names the line and the item of an invalid item inside an archive line, and imports its neighbours', async () => {
    const lines = archiveLines();
    const bad = lines[1]!.response[2]!;
    delete bad.paper.title;
    const file = scratch.file('archive-missing-title.jsonl');
    fs.writeFileSync(file, toJsonl(lines));

    const summary = await importAll([file]);
    expect(summary.skipped).toEqual([{ where: `${file}:2 item 3`, reason: expect.stringMatching(/^paper\.title: /) as string }]);
    expect(summary.papers).toEqual(tally(16, 0, 0));
    expect(summary.listings).toEqual(tally(16, 0, 0));
    expect(await findPaper(store.db, bad.paper.id)).toBeNull();
  });

  it('skips a corrupted archive line and keeps the lines after it', async () => {
    const text = fixtureText('daily-archive-3days.jsonl.gz').split('\n');
    text[0] = text[0]!.slice(0, 500); // truncated mid-object
    const file = scratch.file('archive-truncated-line.jsonl.gz');
    fs.writeFileSync(file, zlib.gzipSync(text.join('\n')));

    const summary = await importAll([file]);
    expect(summary.skipped).toEqual([{ where: `${file}:1`, reason: expect.stringMatching(/^not valid JSON/) as string }]);
    expect(summary.listings).toEqual(tally(13, 0, 0)); // 4 + 9 items of the two intact days
  });

  it('rejects an archive line whose date is not a calendar day', async () => {
    const lines = archiveLines();
    lines[0]!.date = '2024-12-32';
    const file = scratch.file('archive-bad-date.jsonl');
    fs.writeFileSync(file, toJsonl(lines));

    const summary = await importAll([file]);
    expect(summary.skipped).toEqual([{ where: `${file}:1`, reason: 'date "2024-12-32" is not a YYYY-MM-DD date' }]);
    expect(summary.listings.added).toBe(13);
  });

  it('rejects an item whose paper id is not a paper id', async () => {
    const items = JSON.parse(fixtureText('daily-2026-07-15.json')) as ArchiveLine['response'];
    items[0]!.paper.id = '../../etc/passwd';
    const file = scratch.file('bad-id.json');
    fs.writeFileSync(file, JSON.stringify(items));

    const summary = await importAll([file]);
    expect(summary.skipped).toEqual([{ where: `${file}: item 1`, reason: 'paper.id "../../etc/passwd" is not a paper id' }]);
    expect(summary.papers.added).toBe(1);
  });

  it('reports a file that starts like a JSON array but is not one, as a whole', async () => {
    const file = scratch.file('truncated-array.json');
    fs.writeFileSync(file, fixtureText('daily-2026-07-15.json').slice(0, 2000));
    const summary = await importAll([file]);
    expect(summary.skipped).toEqual([{ where: file, reason: expect.stringMatching(/^the file starts with "\[" but is not a valid JSON array/) as string }]);
    expect(summary.papers.added).toBe(0);
  });

  it('fails with the file name when a file does not exist', async () => {
    const missing = scratch.file('no-such-file.jsonl');
    await expect(importAll([missing])).rejects.toThrow(missing);
  });
});

describe('combining sources', () => {
  it('keeps the JSONL categories when a Daily Papers item of the same paper is imported after it', async () => {
    await importAll([PAPERS]);
    const summary = await importAll([GAMEWORLD_APR_16]);
    expect(summary.papers).toEqual(tally(0, 1, 0));
    expect(summary.listings).toEqual(tally(1, 0, 0));
    expect(await findPaper(store.db, '2604.07429')).toMatchObject({
      categories: ['cs.CV', 'cs.AI', 'cs.HC'],
      primaryCategory: 'cs.CV',
      comment: '23 pages, 8 figures',
      // and gains what only Daily Papers knows
      githubRepo: 'https://github.com/gameworld-project/gameworld',
      organization: { name: 'NationalUniversityofSingapore', fullname: 'National University of Singapore' },
    });
  });

  it('keeps the newer listing\'s fields when an older listing of the same paper is imported after it', async () => {
    await importAll([GAMEWORLD_APR_16]);
    const summary = await importAll([GAMEWORLD_APR_10]);
    expect(summary.listings).toEqual(tally(1, 0, 0));
    const paper = await findPaper(store.db, '2604.07429');
    expect(paper).toMatchObject({
      projectPage: 'https://gameworld-project.github.io/', // 04-10 said gameworld-bench.github.io
      githubRepo: 'https://github.com/gameworld-project/gameworld',
      githubStars: 2,
      organization: { name: 'NationalUniversityofSingapore', fullname: 'National University of Singapore' },
    });
    expect(paper?.authors[0]).toEqual({ name: 'Mingyu Ouyang', username: 'yyyang' });
  });

  it('ends in the same paper whichever order the two listings are imported in', async () => {
    await importAll([GAMEWORLD_APR_10, GAMEWORLD_APR_16]);
    const other = await openStore(':memory:');
    try {
      await importFiles(other.db, [GAMEWORLD_APR_16, GAMEWORLD_APR_10], { now: NOW });
      expect(await findPaper(other.db, '2604.07429')).toEqual(await findPaper(store.db, '2604.07429'));
    } finally {
      await other.close();
    }
  });

  it('keeps both listings of a paper listed on two days, newest first, with the newest submitter', async () => {
    await importAll([GAMEWORLD_APR_10, GAMEWORLD_APR_16]);
    const detail = await getPaperDetail(store.db, '2604.07429');
    expect(detail?.listings.map((l) => [l.day, l.upvotes, l.numComments, l.submittedBy])).toEqual([
      ['2026-04-16', 42, 3, 'yyyang'],
      ['2026-04-10', 2, 1, 'taesiri'],
    ]);
    expect(detail?.submitter?.username).toBe('yyyang');
  });

  it('counts the files it read', async () => {
    expect((await importAll([ARCHIVE, ONE_DAY, PAPERS])).files).toBe(3);
  });
});

describe('review fixes', () => {
  it('lists a plain response on its most common day, not on the evening-before day of one item', async () => {
    const day = archiveLines().find((l) => l.date === '2024-12-26')!;
    expect(day.response.some((i) => String(i.publishedAt).startsWith('2024-12-25'))).toBe(true);
    const file = scratch.file('2024-12-26.json');
    fs.writeFileSync(file, JSON.stringify(day.response));
    await importAll([file]);
    const listed = await listPapersBetween(store.db, '2024-12-20', '2024-12-31', { offset: 0, limit: 50 });
    expect(new Set(listed.map((l) => l.listing.day))).toEqual(new Set(['2024-12-26']));
    expect(listed).toHaveLength(day.response.length);
  });

  it('counts a paper met twice in one run once', async () => {
    const summary = await importAll([GAMEWORLD_APR_10, GAMEWORLD_APR_16]);
    expect(summary.papers).toEqual(tally(1, 0, 0));
    expect(summary.listings).toEqual(tally(2, 0, 0));
    expect((await importAll([GAMEWORLD_APR_16, GAMEWORLD_APR_10])).papers).toEqual(tally(0, 0, 1));
  });

  it('a later snapshot without the submitter name or picture keeps the known ones', async () => {
    await importAll([GAMEWORLD_APR_16]);
    const item = JSON.parse(fs.readFileSync(GAMEWORLD_APR_16, 'utf8'))[0];
    const by = item.submittedBy;
    item.submittedBy = { name: by.name, type: 'user' };
    delete item.paper.submittedOnDailyBy;
    const file = scratch.file('stripped-user.json');
    fs.writeFileSync(file, JSON.stringify([item]));
    await importAll([file]);
    const detail = await getPaperDetail(store.db, '2604.07429');
    expect(detail?.submitter).toMatchObject({ username: by.name, fullname: by.fullname, avatarUrl: by.avatarUrl });
  });
});
