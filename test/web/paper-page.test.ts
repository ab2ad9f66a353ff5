import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHarness, type Harness } from './web-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await demoHarness();
});
afterAll(async () => {
  await h.store.close();
});

describe('paper page', () => {
  it('shows title, authors, abstract, links, submitter, upvotes and the day listed', async () => {
    const res = await h.get('/papers/2608.19880');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 class="paper-title">EnvHarness: Awakening Static Worlds for Agent Learning</h1>');
    expect(html).toContain('Chengsong Huang');
    expect(html).toContain('and 5 more authors');
    expect(html).toContain('LLM agents learn by interacting with environments');
    expect(html).toContain('href="https://arxiv.org/abs/2608.19880"');
    expect(html).toContain('href="https://arxiv.org/pdf/2608.19880"');
    expect(html).toContain('taesiri');
    expect(html).toContain('<span class="vote-count">163</span>');
    expect(html).toContain('href="/papers/date/2026-08-21"');
    expect(html).toContain('https://github.com/google-research/envharness');
  });

  it('versions, arXiv: prefixes and abs URLs redirect to the one canonical page', async () => {
    for (const path of ['/papers/2608.19880v2', '/papers/arXiv:2608.19880']) {
      const res = await h.get(path);
      expect(res.status).toBe(301);
      expect(res.headers.get('location')).toBe('/papers/2608.19880');
    }
  });

  it('an unknown but valid id is a 404 page pointing at arXiv', async () => {
    const res = await h.get('/papers/2612.99999');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('https://arxiv.org/abs/2612.99999');
  });

  it('a malformed id is a 400 page that says what ids look like', async () => {
    const res = await h.get('/papers/not-an-id');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('2310.13724');
  });

  it('prices in abstracts stay text while TeX becomes math', async () => {
    const html = await (await h.get('/papers/2608.11924')).text();
    expect(html).toContain('costs $8.1 per manuscript');
    expect(html).not.toContain('class="katex"');
  });
});

describe('version history', () => {
  it('lists the versions with their dates and says what changed', async () => {
    const { upsertVersion } = await import('../../src/store/paper-versions-repo.ts');
    await upsertVersion(h.store.db, { paperId: '2608.18580', version: 1, title: 'FACET: an early title', abstract: 'first', submittedAt: '2026-08-18T10:00:00.000Z', size: null });
    await upsertVersion(h.store.db, { paperId: '2608.18580', version: 2, title: 'FACET: Preserving Source Intent', abstract: 'first', submittedAt: '2026-08-25T10:00:00.000Z', size: null });
    const html = await (await h.get('/papers/2608.18580')).text();
    expect(html).toContain('<dt>Versions</dt>');
    expect(html).toMatch(/v1 Aug 18, 2026[\s\S]*v2 Aug 25, 2026<span class="muted"> \(new title\)<\/span>/);
  });
});
