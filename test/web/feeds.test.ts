/**
 * The Atom feeds: well-formed Atom that a reader can follow (parsed here with
 * a real XML parser), the same papers as the pages they follow, hostile
 * imported texts carried as text, bad input refused, and ETags for polling.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/ingest/import-files.ts';
import { demoHarness, type Harness } from './web-harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await demoHarness();
  await importFiles(h.store.db, ['test/fixtures/daily-2026-11-20-xss.json']);
}, 60_000);
afterAll(async () => {
  await h.store.close();
});

interface Entry {
  id: string;
  title: string;
  link: { '@_rel': string; '@_href': string; '@_title'?: string }[];
  updated: string;
  published?: string;
  author: { name: string }[];
  summary: string;
  content: string;
}

const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'link', 'author', 'category'].includes(name), textNodeName: '#text', parseTagValue: false, trimValues: false, processEntities: true, htmlEntities: false });

/** Fetches a feed, checks it is well-formed Atom, returns its entries. */
async function feed(path: string): Promise<{ res: Response; title: string; updated: string; entries: Entry[]; self: string }> {
  const res = await h.get(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  const xml = await res.text();
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml) as { feed: Record<string, any> };
  const f = doc.feed;
  expect(f['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
  const text = (v: any) => (typeof v === 'string' ? v : v['#text']);
  const entries = ((f.entry ?? []) as any[]).map((e) => ({ ...e, title: text(e.title), summary: text(e.summary), content: text(e.content) })) as Entry[];
  for (const e of entries) {
    // what RFC 4287 requires of an entry: id, title, updated (a date), a link
    expect(e.id).toMatch(/^https:\/\/papers\.example\.org\/papers\//);
    expect(e.title.length).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(e.updated))).toBe(false);
    expect(e.link.find((l) => l['@_rel'] === 'alternate')?.['@_href']).toBe(e.id);
  }
  const self = (f.link as any[]).find((l) => l['@_rel'] === 'self')['@_href'] as string;
  return { res, title: text(f.title), updated: f.updated as string, entries, self };
}

const idOf = (e: Entry) => decodeURIComponent(e.id.slice('https://papers.example.org/papers/'.length));

describe('the latest-papers feed', () => {
  it('carries the 30 most recently listed papers, newest first, each linking to its page', async () => {
    const f = await feed('/feeds/latest.atom');
    expect(f.self).toBe('https://papers.example.org/feeds/latest.atom');
    expect(f.entries).toHaveLength(30);
    const times = f.entries.map((e) => e.updated);
    expect([...times].sort().reverse()).toEqual(times);
    expect(f.updated).toBe(times[0]);
    // the newest listing is the hostile fixture's day (2026-11-20), then the demo's last day
    expect(idOf(f.entries[0]!)).toBe('2611.99001');
    const api = (await (await h.get('/api/daily_papers?date=2026-08-21&limit=100')).json()) as { paper: { id: string } }[];
    expect(api.map((i) => i.paper.id)).toContain(idOf(f.entries[1]!));
    for (const e of f.entries.slice(0, 5)) expect((await h.get(`/papers/${idOf(e)}`)).status).toBe(200);
  });

  it('carries hostile imported texts as text: nothing becomes markup, the words survive', async () => {
    const f = await feed('/feeds/latest.atom');
    const e = f.entries.find((x) => idOf(x) === '2611.99001')!;
    expect(e.title).toContain("XSSTESTPAPER <script>alert('title')</script>");
    expect(e.author.map((a) => a.name)).toContain("<img src=x onerror=alert('author')>");
    expect(e.content).toContain("<img src=x onerror=alert('abstract')>");
    // a javascript: link is no link: the code link is left out, arXiv's stays
    expect(e.link.map((l) => l['@_href'])).toEqual(['https://papers.example.org/papers/2611.99001', 'https://arxiv.org/abs/2611.99001']);
  });

  it('answers a reader polling with the same ETag with 304, and may be read from any origin', async () => {
    const { res } = await feed('/feeds/latest.atom');
    const etag = res.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const again = await h.get('/feeds/latest.atom', { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });

  it('is announced on every page, and linked from the footer', async () => {
    const html = await (await h.get('/')).text();
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Paperboy: latest papers" href="/feeds/latest.atom"/>');
    expect(html).toMatch(/<footer[\s\S]*href="\/feeds\/latest\.atom"/);
  });
});

describe('the trending feed', () => {
  it('carries the trending page\'s papers in its order', async () => {
    const f = await feed('/feeds/trending.atom');
    const page = await (await h.get('/papers/trending')).text();
    const onPage = [...page.matchAll(/<a class="paper-title"[^>]*? href="\/papers\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(onPage.length).toBeGreaterThan(0);
    expect(f.entries.map(idOf)).toEqual(onPage.slice(0, f.entries.length));
    expect(page).toContain('href="/feeds/trending.atom"');
  });
});

describe('the feed of a search', () => {
  it('follows a word only one paper has: that paper', async () => {
    const f = await feed('/feeds/search.atom?q=EnvHarness');
    expect(f.entries.map(idOf)).toEqual(['2608.19880']);
    expect(f.title).toBe('Paperboy: “EnvHarness”');
    expect(f.self).toBe('https://papers.example.org/feeds/search.atom?q=EnvHarness');
  });

  it('carries matching papers newest first, at most 30, all matching the words', async () => {
    const f = await feed('/feeds/search.atom?q=diffusion');
    expect(f.entries).toHaveLength(30);
    const times = f.entries.map((e) => e.updated);
    expect([...times].sort().reverse()).toEqual(times);
    for (const e of f.entries) expect(`${e.title} ${e.content}`.toLowerCase()).toMatch(/diffus/);
  });

  it('is a valid feed with no entries when nothing matches', async () => {
    const f = await feed('/feeds/search.atom?q=xyzzyplughqwerty');
    expect(f.entries).toEqual([]);
    expect(Number.isNaN(Date.parse(f.updated))).toBe(false);
  });

  it('is linked from the search page', async () => {
    const html = await (await h.get('/search?q=diffusion+video')).text();
    expect(html).toContain('href="/feeds/search.atom?q=diffusion%20video"');
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Paperboy: “diffusion video”" href="/feeds/search.atom?q=diffusion%20video"/>');
  });

  it('refuses a missing, empty or too long query with a 400 that says what to fix', async () => {
    for (const q of ['', '?q=', '?q=%20%20', `?q=${'a'.repeat(600)}`]) {
      const res = await h.get(`/feeds/search.atom${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('access-control-allow-origin'), 'a web reader sees the message').toBe('*');
      expect(await res.text()).toMatch(/q is required|q must be under/);
    }
  });
});

describe('xmlText', () => {
  it('escapes markup and drops what XML 1.0 cannot carry (control characters, lone surrogates), keeping real characters', async () => {
    const { xmlText } = await import('../../src/web/render/atom-feed.ts');
    expect(xmlText('a < b & "c" > d')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
    expect(xmlText('bell\u0007 tab\t nl\n null\u0000 \uFFFE')).toBe('bell tab\t nl\n null ');
    expect(xmlText('lone \uD800 high, lone \uDC00 low, pair 😀 kept')).toBe('lone  high, lone  low, pair 😀 kept');
    expect(XMLValidator.validate(`<t>${xmlText('x\u0001y\uD83D')}</t>`)).toBe(true);
  });
});

describe('the feed of an author', () => {
  it('carries the author page\'s papers, newest first, however the name is spaced or cased, and the page links it', async () => {
    // an author of the top demo paper with several papers here
    const page = await (await h.get('/authors/Chengsong%20Huang')).text();
    const onPage = new Set([...page.matchAll(/<a class="paper-title"[^>]*? href="\/papers\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!)));
    expect(onPage.size).toBeGreaterThan(0);
    expect(page).toContain('href="/feeds/author.atom?name=Chengsong%20Huang"');
    const f = await feed('/feeds/author.atom?name=Chengsong%20Huang');
    expect(new Set(f.entries.map(idOf))).toEqual(onPage);
    expect(f.title).toBe('Paperboy: papers by Chengsong Huang');
    const times = f.entries.map((e) => e.updated);
    expect([...times].sort().reverse()).toEqual(times);
    for (const e of f.entries) expect(e.author.map((a) => a.name)).toContain('Chengsong Huang');
    const loud = await feed('/feeds/author.atom?name=CHENGSONG%20%20huang');
    expect(loud.entries.map(idOf)).toEqual(f.entries.map(idOf));
    expect(loud.self).toBe('https://papers.example.org/feeds/author.atom?name=Chengsong%20Huang');
  });

  it('is an empty feed for a name no paper has, and a 400 without a name', async () => {
    expect((await feed('/feeds/author.atom?name=Nobody%20Atall')).entries).toEqual([]);
    for (const q of ['', '?name=', '?name=%20']) {
      const res = await h.get(`/feeds/author.atom${q}`);
      expect(res.status, q).toBe(400);
      expect(await res.text()).toContain('name is required');
    }
    expect((await h.get(`/feeds/author.atom?name=${'a'.repeat(400)}`)).status).toBe(400);
  });
});
