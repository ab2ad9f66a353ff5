import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPaperWords } from '../helpers/demo-words.ts';
import { ROOT, runCli, writeOnePaperFile } from './run-cli.ts';

let dir: string;
let db: string;
const BUILTIN = { PAPERBOY_EMBEDDER: 'builtin' };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-search-cli-'));
  db = path.join(dir, 'search.db');
  // words only at first
  const r = await runCli(['import', '--db', db, path.join(ROOT, 'data/demo/daily_papers.jsonl.gz')]);
  expect(r.code).toBe(0);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('paperboy search and reindex', () => {
  it('searches by words before any semantic index exists, and says so', async () => {
    const r = await runCli(['search', '--db', db, 'terminal', 'task', 'synthesis', '-n', '3'], BUILTIN);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('FACET: Preserving Source Intent and Executable State in Terminal Task Synthesis');
    expect(r.stdout).toContain('words only (no semantic index yet: run paperboy reindex)');
  });

  it('reindex rebuilds the full text, trains the built-in embedder and embeds every paper', async () => {
    const r = await runCli(['reindex', '--db', db], BUILTIN);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Full-text index: 440 papers');
    expect(r.stdout).toMatch(/Semantic index: 440 papers embedded with builtin-v1:[0-9a-f]+/);
    const s = await runCli(['search', '--db', db, '--json', 'agents learning in environments that adapt to their weaknesses'], BUILTIN);
    const out = JSON.parse(s.stdout);
    expect(out.semantic).toBe(true);
    expect(out.hits.length).toBe(10);
  }, 120_000);

  it('with meaning on: a word only one paper has and a pasted id or link put that paper first; nonsense finds nothing', async () => {
    const unique = (await demoPaperWords()).filter((p) => p.uniqueWord !== null);
    // a sample spread over the demo (each search spawns a process)
    const sample = [unique.find((p) => p.id === '2608.19880')!, ...[0.1, 0.3, 0.5, 0.7, 0.9].map((f) => unique[Math.floor(f * unique.length)]!)];
    for (const { id, uniqueWord } of sample) {
      const r = await runCli(['search', '--db', db, '--json', uniqueWord!], BUILTIN);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.semantic).toBe(true);
      expect({ word: uniqueWord, first: out.hits[0]?.id }).toEqual({ word: uniqueWord, first: id });
    }
    for (const q of ['arXiv:2608.19880v2', 'https://huggingface.co/papers/2608.19880']) {
      const r = await runCli(['search', '--db', db, '-n', '3', q], BUILTIN);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe(' 1. EnvHarness: Awakening Static Worlds for Agent Learning');
    }
    const none = await runCli(['search', '--db', db, 'xyzzyplughqwerty'], BUILTIN);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('No papers match.');
  }, 120_000);

  it('import does not wait for the embedder (it says how far meaning has got); --wait does, and stats tell', async () => {
    const file = writeOnePaperFile(path.join(dir, 'one-more.json'), {
      id: '2608.99301',
      author: 'Grace Hopper',
      title: 'Compilers for Fermentation Robots',
      summary: 'A compiler that turns brewing recipes into robot programs.',
      upvotes: 1,
    });
    const quick = await runCli(['import', '--db', db, '--date', '2026-08-24', file], BUILTIN);
    expect(quick.code).toBe(0);
    expect(quick.stdout).not.toContain('embedded');
    expect(quick.stdout).toMatch(/meaning: +440 of 441 papers have vectors; the rest follow in the background while paperboy serve runs \(or rerun with --wait\)/);
    expect((await runCli(['stats', '--db', db], BUILTIN)).stdout).toMatch(/Meaning +440 of 441 papers embedded with builtin-v1:[0-9a-f]+; the rest follow/);
    // found by its words at once
    expect((await runCli(['search', '--db', db, 'compilers', 'fermentation', 'robots', '-n', '1'], BUILTIN)).stdout).toContain('Compilers for Fermentation Robots');

    const waited = await runCli(['import', '--db', db, '--date', '2026-08-24', '--wait', file], BUILTIN);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain('search:   1 papers embedded for semantic search');
    expect(waited.stdout).not.toContain('meaning:');
    const stats = await runCli(['stats', '--db', db, '--json'], BUILTIN);
    expect(JSON.parse(stats.stdout).semantic).toMatchObject({ state: 'ready', papers: 441, embedded: 441 });
  }, 120_000);

  it('bad input exits 2 with a message; nothing found exits 1', async () => {
    const bad = await runCli(['search', '--db', db, 'x', 'after:someday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('after:someday is not a date');
    expect((await runCli(['search', '--db', db, 'x', '-n', '500'])).code).toBe(2);
    expect((await runCli(['reindex', '--db', db, '--only', 'everything'])).code).toBe(2);
    const none = await runCli(['search', '--db', db, 'qwertyuiopasdf']);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('No papers match.');
  });
});
