import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/ingest/import-files.ts';
import { demoHarness, type Harness } from './web-harness.ts';

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await demoHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-web-'));
});
afterAll(async () => {
  await h.store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function dailyItem(id: string, title: string, summary: string, upvotes: number) {
  return {
    paper: { id, authors: [{ name: '<b>Mallory</b>' }], publishedAt: '2026-08-24T10:00:00.000Z', title, summary, upvotes },
    publishedAt: '2026-08-24T10:00:00.000Z',
    title,
    numComments: 0,
    submittedBy: { name: 'mallory"><script>x</script>', fullname: 'M', type: 'user', isPro: false },
  };
}

describe('security', () => {
  it('escapes hostile titles, authors, usernames and abstracts; TeX cannot inject links or scripts', async () => {
    const file = path.join(dir, 'hostile.json');
    const title = '<script>alert(1)</script> Attack';
    const summary = 'Look <img src=x onerror=alert(2)> and $\\href{javascript:alert(3)}{x}$ and $a<b$.';
    fs.writeFileSync(file, JSON.stringify([dailyItem('2608.99001', title, summary, 1)]));
    await importFiles(h.store.db, [file], { day: '2026-08-24' });
    for (const p of ['/papers/2608.99001', '/papers/date/2026-08-24']) {
      const html = await (await h.get(p)).text();
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Attack');
      expect(html).not.toContain('<b>Mallory</b>');
      expect(html).not.toContain('<script>x</script>');
      expect(html).not.toMatch(/href="javascript:/i);
    }
    const paper = await (await h.get('/papers/2608.99001')).text();
    expect(paper).not.toContain('<img src=x');
    expect(paper).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(paper).toContain('class="katex"'); // $a<b$ still renders as math
  });

  it('sends a restrictive Content-Security-Policy and no-sniff on pages and JSON', async () => {
    for (const p of ['/', '/api/daily_papers', '/papers/date/nope']) {
      const res = await h.get(p);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('static files refuse path traversal', async () => {
    expect((await h.get('/static/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await h.get('/static/katex/../../package.json')).status).toBe(404);
    expect((await h.get('/static/app.css')).status).toBe(200);
    const font = await h.get('/static/katex/fonts/KaTeX_Main-Regular.woff2');
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
  });
});

describe('caching', () => {
  it('answers If-None-Match with 304 and re-renders after the data changes', async () => {
    const first = await h.get('/papers/date/2026-08-25');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await h.get('/papers/date/2026-08-25', { 'if-none-match': etag })).status).toBe(304);
    expect(await first.text()).toContain('class="empty-day"');

    const file = path.join(dir, 'new-day.json');
    fs.writeFileSync(file, JSON.stringify([dailyItem('2608.99002', 'A Fresh Paper', 'Fresh.', 7)]));
    await importFiles(h.store.db, [file], { day: '2026-08-25' });

    const after = await h.get('/papers/date/2026-08-25', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('A Fresh Paper');
  });
});

describe('compression', () => {
  it('sends cached pages gzipped to clients that accept it, and plain to others', async () => {
    const { gunzipSync } = await import('node:zlib');
    const plain = await h.get('/papers/date/2026-08-21');
    const zipped = await h.get('/papers/date/2026-08-21', { 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    const zippedBytes = Buffer.from(await zipped.arrayBuffer());
    const plainText = await plain.text();
    expect(zippedBytes.byteLength).toBeLessThan(plainText.length / 3);
    expect(gunzipSync(zippedBytes).toString('utf8')).toBe(plainText);
  });
});

describe('addresses and headers', () => {
  it('a trailing slash redirects to the page without it, keeping the query, and never off-site', async () => {
    const res = await h.get('/papers/date/2026-08-21/?page=1');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/papers/date/2026-08-21?page=1');
    const sneaky = await h.get('//evil.example/');
    expect(sneaky.headers.get('location')).toBe('/evil.example');
  });

  // Known open-redirect payloads: slashes, backslashes, tabs, control characters,
  // encoded and double-encoded forms, dot segments, schemes and look-alike unicode.
  const OPEN_REDIRECT_PAYLOADS = [
    '//evil.example/',
    '///evil.example/',
    '////evil.example//',
    '/%5Cevil.example/',
    '/%5C%5Cevil.example/',
    '/%5C/evil/',
    '/%5C%2Fevil.example/',
    '/.%5Cevil/',
    '/%09/evil.example/',
    '/%09%09evil.example/',
    '/%0D%0ALocation:x/',
    '/%0A//evil.example/',
    '/%00//evil.example/',
    '/%20//evil.example/',
    '/%2F%2Fevil.example/',
    '/%2F/evil.example/',
    '/%252F%252Fevil.example/',
    '/.//evil.example/',
    '/%2e%2e//evil.example/',
    '/papers/..//..//evil.example/',
    '/http://evil.example/',
    '/https:evil.example/',
    '/@evil.example/',
    '/%E3%80%82evil.example/',
    '/%EF%BC%8F%EF%BC%8Fevil.example/',
    '/é/',
    '/\\evil.example/',
    '/x/?next=//evil.example',
  ];

  it.each(OPEN_REDIRECT_PAYLOADS)('the trailing-slash redirect of %s stays on this site', async (payload) => {
    const base = 'http://localhost:3000';
    const res = await h.app.request(`${base}${payload}`);
    expect(res.status).toBe(301);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
    expect(new URL(location, base).origin).toBe(base);
    expect(h.errors).toEqual([]);
  });

  it('canonical paper and latest-period redirects are paths on this site', async () => {
    for (const [path, target] of [
      ['/papers/arXiv:2310.13724v2', '/papers/2310.13724'],
      ['/papers/month', '/papers/month/2026-08'],
    ] as const) {
      const res = await h.get(path);
      expect(res.status).toBeGreaterThanOrEqual(301);
      expect(res.headers.get('location')).toBe(target);
    }
  });

  it('a page number past the end is a 404 that says how many pages there are', async () => {
    const res = await h.get('/papers/date/2026-08-21?page=2');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('has 1 page of papers');
  });

  it('HEAD responses carry the same security headers as GET', async () => {
    const res = await h.app.request('/', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('the JSON API may be read from other origins; pages may not be framed', async () => {
    expect((await h.get('/api/daily_papers')).headers.get('access-control-allow-origin')).toBe('*');
    expect((await h.get('/')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('empty days are kept out of search engines, days with papers are not', async () => {
    expect(await (await h.get('/papers/date/1999-01-01')).text()).toContain('<meta name="robots" content="noindex"/>');
    expect(await (await h.get('/papers/date/2026-08-21')).text()).not.toContain('noindex');
  });
});

describe('methods and unknown addresses', () => {
  it.each([
    ['POST', '/'],
    ['PUT', '/papers/2310.13724'],
    ['DELETE', '/papers/date/2026-08-21'],
    ['PATCH', '/search'],
    ['OPTIONS', '/static/app.css'],
  ])('%s %s is a 405 page with Allow: GET, HEAD', async (method, path) => {
    const res = await h.app.request(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain(`${method} is not allowed here`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it.each([
    ['DELETE', '/api/daily_papers'],
    ['POST', '/api/papers/search'],
    ['PUT', '/api/papers/2310.13724'],
  ])('%s %s is a JSON 405 with Allow: GET, HEAD', async (method, path) => {
    const res = await h.app.request(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await res.json()).toEqual({ error: `${method} is not allowed here: use GET or HEAD` });
  });

  it('unknown paths stay 404 whatever the method, and a missing static file is a 404 for GET', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await h.app.request('/nothing/here', { method });
      expect(res.status).toBe(404);
      expect(res.headers.get('allow')).toBeNull();
    }
    expect((await h.get('/static/nope.css')).status).toBe(404);
  });

  it.each(['/api', '/api/nope', '/api/daily_papers/x'])('%s is a JSON 404', async (path) => {
    const res = await h.get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(((await res.json()) as { error: string }).error).toContain('no such endpoint');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
