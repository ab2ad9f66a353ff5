/** The reader's rough edges of issue 10: each one as a reader meets it. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/web/server.ts';
import { SearchPage } from '../../src/web/pages/search-page.tsx';
import { htmlDocument } from '../../src/web/pages/layout.tsx';
import { demoHarness, type Harness } from './web-harness.ts';

let h: Harness;
let server: RunningServer;
beforeAll(async () => {
  h = await demoHarness();
  server = await startServer(h.app, { port: 0, host: '127.0.0.1' });
}, 60_000);
afterAll(async () => {
  await server.close();
  await h.store.close();
});

function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'] ?? '', body }));
    });
    req.on('error', reject);
  });
}

describe('a request too large for Node', () => {
  it('a 20 kB search address gets the 414 page, not a bare 431', async () => {
    const res = await rawGet(`/search?q=${'a'.repeat(20_000)}`);
    expect(res.status).toBe(414);
    expect(res.type).toContain('text/html');
    expect(res.body).toContain('That address is too long');
    expect(res.body).toContain('at most 500 characters');
  });

  it('under /api the answer is JSON', async () => {
    const res = await rawGet(`/api/papers/search?q=${'a'.repeat(20_000)}`);
    expect(res.status).toBe(414);
    expect(JSON.parse(res.body)).toEqual({ error: expect.stringContaining('too long') });
  });

  it('oversized headers with a short address get a 431 page with a body', async () => {
    const res = await rawGet('/', { cookie: `c=${'x'.repeat(20_000)}` });
    expect(res.status).toBe(431);
    expect(res.body).toContain('too large');
  });
});

describe('pages', () => {
  it('a future day says it is in the future, not that weekends are quiet', async () => {
    const html = await (await h.get('/papers/date/2099-12-31')).text();
    expect(html).toContain('in the future');
    expect(html).not.toContain('weekends and holidays are quiet');
  });

  it('a paper not here suggests fetching it by id', async () => {
    const html = await (await h.get('/papers/2612.99999')).text();
    expect(html).toContain('<code>paperboy ingest id 2612.99999</code>');
    expect(html).not.toContain('paperboy import');
  });

  it('/favicon.ico is the icon', async () => {
    const res = await h.get('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    expect(await res.text()).toContain('<svg');
  });

  it('one upvote is "1 upvote", said to screen readers by an aria-label', async () => {
    const day = await (await h.get('/papers/date/2026-07-27')).text();
    expect(day).toContain('aria-label="1 upvote. Sign in to upvote"');
    expect(day).not.toMatch(/(?<![\d,])1 upvotes|> upvotes</);
    expect(day).toMatch(/aria-label="\d+ upvotes\. Sign in to upvote"/);
    const paper = await (await h.get('/papers/2607.19636')).text();
    expect(paper).toContain('aria-label="1 upvote. Sign in to upvote"');
    expect(paper).toContain('<span class="vote-label">upvote</span>');
  });

  it('the expanded author list changes its label', async () => {
    const html = await (await h.get('/papers/2608.19880')).text();
    expect(html).toContain('<span class="when-closed">and 5 more authors</span>');
    expect(html).toMatch(/<span class="when-open"[^>]*>and<span class="sr-only"> \(show fewer authors\)<\/span><\/span>/);
  });

  it('the home page says which day it shows and when papers were last gathered', async () => {
    const html = await (await h.get('/')).text();
    expect(html).toMatch(/The newest day with papers here \(today is \w{3} \d+, \d{4}\)\./);
    expect(html).toMatch(/Papers were last gathered \w{3} \d+, \d{4}, \d\d:\d\d UTC\./);
  });
});

describe('search results are cards like the listings', () => {
  it('show the summary and the GitHub link', async () => {
    const html = await (await h.get('/search?q=Awakening+Static+Worlds+Agent+Learning')).text();
    const card = html.slice(html.indexOf('href="/papers/2608.19880"'));
    expect(card.slice(0, card.indexOf('</article>'))).toContain('https://github.com/google-research/envharness');
    expect(card.slice(0, card.indexOf('</article>'))).toContain('EnvHarness and EnvRigger dynamically reshape static environm');
  });

  it('show votes, comments and the submitter when the page is given the hits\' details', async () => {
    const { Paperboy } = await import('../../src/app/paperboy.ts');
    const { loadConfig } = await import('../../src/config.ts');
    const core = await Paperboy.over(h.store, loadConfig({ PAPERBOY_DB: ':memory:' }));
    const { result: found, details } = await core.searchWithDetails('Awakening Static Worlds', { limit: 10, offset: 0 });
    const html = htmlDocument(SearchPage({ q: 'Awakening Static Worlds', result: found, page: 0, pageSize: 10, details }));
    const card = html.slice(html.indexOf('href="/papers/2608.19880"') - 600);
    expect(card.slice(0, card.indexOf('</article>'))).toContain('aria-label="163 upvotes. Sign in to upvote"');
    expect(card.slice(0, card.indexOf('</article>'))).toContain('taesiri');
  });
});
