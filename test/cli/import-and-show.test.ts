import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.ts';

let dir: string;
let db: string;
const DEMO = path.join(ROOT, 'data/demo/daily_papers.jsonl.gz');
const FIXTURES = path.join(ROOT, 'test/fixtures');

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-cli-'));
  db = path.join(dir, 'cli.db');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('paperboy import', () => {
  it('imports the archive, then a re-import adds and updates nothing', async () => {
    const first = await runCli(['import', '--db', db, DEMO]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('papers:   440 added, 0 updated, 0 unchanged');
    expect(first.stdout).toContain('listings: 442 added, 0 updated, 0 unchanged');
    const again = await runCli(['import', '--db', db, DEMO]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('papers:   0 added, 0 updated, 440 unchanged');
    expect(again.stdout).toContain('listings: 0 added, 0 updated, 442 unchanged');
  });

  it('reports bad lines with file and line, imports the rest, exits 1', async () => {
    const broken = path.join(FIXTURES, 'papers-broken.jsonl');
    const r = await runCli(['import', '--db', db, broken]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`skipped ${broken}:2: not valid JSON`);
    expect(r.stderr).toContain(`skipped ${broken}:3: title`);
    expect(r.stdout).toMatch(/papers: {3}2 added/);
  });

  it('refuses missing files and bad dates before touching the database, exit 2', async () => {
    const before = await runCli(['stats', '--db', db, '--json']);
    const missing = await runCli(['import', '--db', db, DEMO, path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file. Nothing was imported.');
    const badDate = await runCli(['import', '--db', db, '--date', '2026-02-31', DEMO]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--date "2026-02-31" is not a date');
    expect((await runCli(['stats', '--db', db, '--json'])).stdout).toBe(before.stdout);
  });
});

describe('paperboy import: links and bad records from outside', () => {
  const dailyItem = (id: string, paper: Record<string, unknown>) => ({
    paper: { id, authors: [{ name: 'Ada Lovelace' }], publishedAt: '2026-08-20T00:00:00.000Z', title: `Paper ${id}`, summary: 'An abstract.', upvotes: 3, ...paper },
    publishedAt: '2026-08-20T08:00:00.000Z',
    numComments: 0,
  });

  it('imports a paper whose links are hostile without them, and names each dropped link', async () => {
    const linksDb = path.join(dir, 'links.db');
    const file = path.join(dir, 'hostile-links.jsonl');
    const lines = [
      dailyItem('2608.00001', { githubRepo: 'javascript:alert(1)', projectPage: ' JaVaScRiPt:alert(document.cookie)' }),
      { id: '2608.00002', title: 'A JSONL paper', abstract: 'A.', github_repo: 'data:text/html,<script>alert(1)</script>', project_page: '//evil.example/x' },
      dailyItem('2608.00003', { githubRepo: 'google-research/envharness', projectPage: 'https://例え.jp/' }),
    ];
    fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));

    const r = await runCli(['import', '--db', linksDb, file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/papers: {3}3 added/);
    expect(r.stdout).toContain('warnings: 4 (links left out, see above; the papers were imported)');
    expect(r.stderr.split('\n').filter((l) => l.startsWith('warning '))).toEqual([
      `warning ${file}:1: paper 2608.00001: paper.githubRepo "javascript:alert(1)" dropped: javascript: links are not allowed, only http(s)`,
      `warning ${file}:1: paper 2608.00001: paper.projectPage "JaVaScRiPt:alert(document.cookie)" dropped: javascript: links are not allowed, only http(s)`,
      `warning ${file}:2: paper 2608.00002: github_repo "data:text/html,<script>alert(1)</script>" dropped: data: links are not allowed, only http(s)`,
      `warning ${file}:2: paper 2608.00002: project_page "//evil.example/x" dropped: not an absolute http(s) URL`,
    ]);

    for (const id of ['2608.00001', '2608.00002']) {
      const shown = await runCli(['papers', 'show', '--db', linksDb, '--json', id]);
      expect(shown.code).toBe(0);
      expect(JSON.parse(shown.stdout)).toMatchObject({ id, title: expect.any(String) as string });
      expect(shown.stdout).not.toMatch(/javascript|data:|evil/i);
      expect(JSON.parse(shown.stdout)).not.toHaveProperty('githubRepo');
      expect(JSON.parse(shown.stdout)).not.toHaveProperty('projectPage');
    }
    const good = JSON.parse((await runCli(['papers', 'show', '--db', linksDb, '--json', '2608.00003'])).stdout);
    expect(good).toMatchObject({ githubRepo: 'https://github.com/google-research/envharness', projectPage: 'https://例え.jp/' });
  });

  it('reports a record that fails its schema with one line per field', async () => {
    const file = path.join(dir, 'malformed.jsonl');
    const lines = [
      { id: 2401, title: '', abstract: 'A.', authors: 'Ada Lovelace' },
      { paper: { id: '2401.00002', authors: [{ hidden: true }], title: 'T', summary: 'S', upvotes: -1 }, publishedAt: 'yesterday' },
    ];
    fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const r = await runCli(['import', '--db', path.join(dir, 'malformed.db'), file]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual([
      `skipped ${file}:1:`,
      '  id: Invalid input: expected string, received number',
      '  title: must not be empty',
      '  authors: Invalid input: expected array, received string',
      `skipped ${file}:2:`,
      '  paper.authors.0.name: Invalid input: expected string, received undefined',
      '  paper.upvotes: Too small: expected number to be >=0',
      '  publishedAt: must be an ISO-8601 date',
    ]);
  });
});

describe('paperboy papers show and stats', () => {
  it('shows a paper as text and as Daily Papers JSON', async () => {
    const text = await runCli(['papers', 'show', '--db', db, '2608.19880v1']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('EnvHarness: Awakening Static Worlds for Agent Learning');
    expect(text.stdout).toContain('https://arxiv.org/abs/2608.19880');
    expect(text.stdout).toContain('Listed:       2026-08-21');
    const json = await runCli(['papers', 'show', '--db', db, '--json', '2608.19880']);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: '2608.19880', upvotes: 163 });
  });

  it('exits 1 for an unknown paper and 2 for a malformed id', async () => {
    const unknown = await runCli(['papers', 'show', '--db', db, '2612.00001']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no paper 2612.00001');
    const bad = await runCli(['papers', 'show', '--db', db, 'bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a paper id');
  });

  it('counts papers, listings, days and users', async () => {
    const r = await runCli(['stats', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.stdout);
    expect(stats).toMatchObject({ papers: 442, listings: 442, days: 20, firstDay: '2026-07-27', lastDay: '2026-08-21' });
    expect(stats.papersBySource).toEqual({ arxiv: 442 });
    expect((await runCli(['stats', '--db', db])).stdout).toMatch(/Listings {2}442 on 20 days/);
  });

  it('imports, shows and counts with an embedding endpoint that does not answer: only search needs it', async () => {
    // a port nothing listens on: an http embedder that is down
    const down = { PAPERBOY_EMBEDDER: 'http:http://127.0.0.1:9#model=nomic-embed-text' };
    const fresh = path.join(dir, 'embedder-down.db');
    const imported = await runCli(['import', '--db', fresh, DEMO], down);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('papers:   440 added');
    expect((await runCli(['stats', '--db', fresh], down)).code).toBe(0);
    expect((await runCli(['papers', 'show', '--db', fresh, '2608.18580'], down)).code).toBe(0);
  });
});

describe('help and usage errors', () => {
  it.each([[['--help']], [['serve', '--help']], [['import', '--help']], [['papers', 'show', '--help']], [['stats', '--help']]])(
    'paperboy %s prints usage and exits 0',
    async (args) => {
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: paperboy');
    },
  );

  it('an unknown command or option exits 2', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['stats', '--nope'])).code).toBe(2);
  });

  it('invalid configuration stops start-up with a message that names the setting', async () => {
    const r = await runCli(['stats', '--db', db], { PAPERBOY_DATABASE: 'x.db' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PAPERBOY_DATABASE is not a setting Paperboy knows');
    const port = await runCli(['serve', '--db', db], { PORT: 'eighty' });
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('PORT (--port)="eighty"');
  });
});
