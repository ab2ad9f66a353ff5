/**
 * Search from the simplest things people do, with meaning on (the built-in
 * embedder trained on the demo papers): a word only one paper has finds that
 * paper first, a full title finds its paper first, a pasted arXiv id or link
 * opens the paper, and nonsense is answered with "Nothing found".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPaperWords } from '../helpers/demo-words.ts';
import { demoHarness, type Harness } from './web-harness.ts';

let h: Harness;
let papers: { id: string; title: string }[];
/** demo papers and a word of their title that no other demo paper has (title, abstract or authors, by stem) */
let unique: { id: string; word: string }[];

beforeAll(async () => {
  h = await demoHarness({ semantic: true });
  const words = await demoPaperWords(h.store);
  papers = words.map(({ id, title }) => ({ id, title }));
  unique = words.flatMap(({ id, uniqueWord }) => (uniqueWord ? [{ id, word: uniqueWord }] : []));
}, 180_000);
afterAll(async () => {
  await h.store.close();
});

async function apiIds(q: string): Promise<string[]> {
  const res = await h.get(`/api/papers/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { paper: { id: string } }[]).map((i) => i.paper.id);
}

async function pageIds(q: string): Promise<string[]> {
  const res = await h.get(`/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return [...(await res.text()).matchAll(/<a class="paper-title"[^>]*? href="\/papers\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
}

describe('a word only one paper has finds that paper first', () => {
  it('in the API, for every one of them', async () => {
    expect(unique.length).toBeGreaterThan(100); // the demo has such words: EnvHarness, Zetta, PyTorch...
    expect(unique).toContainEqual({ id: '2608.19880', word: 'envharness' });
    const wrong: string[] = [];
    for (const { id, word } of unique) if ((await apiIds(word))[0] !== id) wrong.push(`${word} -> ${id}`);
    expect(wrong).toEqual([]);
  }, 120_000);

  it('on the search page, for every one of them', async () => {
    const wrong: string[] = [];
    for (const { id, word } of unique) if ((await pageIds(word))[0] !== id) wrong.push(`${word} -> ${id}`);
    expect(wrong).toEqual([]);
  }, 120_000);

  it.each(['EnvHarness', 'Zetta', 'Awakening', 'pytorch'])('%s (from the issue) is found first, with meaning on', async (word) => {
    const ids = await apiIds(word);
    expect(ids.length).toBeGreaterThan(0);
    const top = await h.get(`/api/papers/search?q=${word}&limit=1`);
    const [first] = (await top.json()) as { title: string; summary: string }[];
    expect(`${first!.title} ${first!.summary}`.toLowerCase()).toContain(word.toLowerCase());
  });
});

describe("a paper's full title finds it first", () => {
  it('in the API and on the page, for every demo paper', async () => {
    const wrong: string[] = [];
    for (const { id, title } of papers) {
      if ((await apiIds(title))[0] !== id) wrong.push(`api: ${title}`);
      if ((await pageIds(title))[0] !== id) wrong.push(`page: ${title}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});

describe('a pasted arXiv id or link opens the paper', () => {
  const forms = (id: string) => [id, `arXiv:${id}v2`, `https://arxiv.org/abs/${id}`, `https://arxiv.org/pdf/${id}v1`, `https://huggingface.co/papers/${id}`];

  it.each(forms('2608.19880'))('%s: the page redirects to the paper, the API answers with it first', async (q) => {
    const res = await h.get(`/search?q=${encodeURIComponent(q)}`);
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get('location')).toBe('/papers/2608.19880');
    expect((await apiIds(q))[0]).toBe('2608.19880');
    // a paper that is not here is searched for as text: no redirect
    expect((await h.get(`/search?q=${encodeURIComponent(q.replace('19880', '99999'))}`)).status).toBe(200);
  });
});

describe('nothing found is an answer', () => {
  it.each([
    ['xyzzyplughqwerty', 'xyzzyplughqwerty'],
    ['%00%FF', '%00%FF'],
    ['%2500%25FF', '%00%FF as typed in the box'],
  ])('%s: the page says "Nothing found" with suggestions, the API returns []', async (q) => {
    const res = await h.get(`/search?q=${q}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h2>Nothing found</h2>');
    expect(html).toContain('Check the spelling.');
    expect(html).not.toContain('Over 100 papers');
    expect(html).not.toContain('matched by words and by meaning');
    expect(html).not.toContain('Use fewer words.'); // one word: only the suggestions that apply
    expect(html).not.toContain('Remove');
    const api = await h.get(`/api/papers/search?q=${q}`);
    expect(await api.json()).toEqual([]);
  });

  it('suggests fewer words and removing the filters when the query has them', async () => {
    const html = await (await h.get(`/search?q=${encodeURIComponent('xyzzyplughqwerty frobnicatrix author:Nobody after:2026-01')}`)).text();
    expect(html).toContain('<h2>Nothing found</h2>');
    expect(html).toContain('Use fewer words.');
    expect(html).toContain('Remove filters: author:Nobody, after:2026-01-01.');
    // while a real query still finds papers by meaning and by words
    const real = await (await h.get('/search?q=agents+that+pass+knowledge+down+generations')).text();
    expect(real).toContain('matched by words and by meaning');
    expect(real).not.toContain('Nothing found');
    expect(h.errors).toEqual([]);
  });
});

describe('the feed of a search, with meaning on', () => {
  it('keeps papers the words match only by an author\'s name, and leaves out those found by meaning alone', async () => {
    const xml = await (await h.get('/feeds/search.atom?q=Tang')).text();
    const inFeed = new Set([...xml.matchAll(/<id>https:\/\/papers\.example\.org\/papers\/([^<]+)<\/id>/g)].map((m) => decodeURIComponent(m[1]!)));
    const byAuthor = (await h.store.db.selectFrom('papers').select(['id', 'authors_json', 'title', 'abstract']).execute())
      .filter((p) => /\bTang\b/.test(p.authors_json) && !/\btang\b/i.test(`${p.title} ${p.abstract}`))
      .map((p) => p.id);
    expect(byAuthor.length).toBeGreaterThan(5);
    expect([...inFeed].filter((id) => byAuthor.includes(id)).length).toBeGreaterThan(5);
    const api = (await (await h.get('/api/papers/search?q=Tang&limit=100')).json()) as { paper: { id: string; title: string; summary: string; authors: { name: string }[] } }[];
    for (const id of inFeed) {
      const hit = api.find((i) => i.paper.id === id)!;
      expect(`${hit.paper.title} ${hit.paper.summary} ${hit.paper.authors.map((a) => a.name).join(' ')}`, id).toMatch(/\btang\b/i);
    }
  });
});
