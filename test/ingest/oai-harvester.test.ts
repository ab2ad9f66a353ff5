import { describe, expect, it } from 'vitest';
import { harvestOai, oaiStateKey } from '../../src/ingest/sources/oai-harvester.ts';
import { readState } from '../../src/store/ingest-state-repo.ts';
import { findPaper } from '../../src/store/papers-repo.ts';
import { listVersions } from '../../src/store/paper-versions-repo.ts';
import { storeStats } from '../../src/store/stats-repo.ts';
import { fixtureText } from '../fixtures/files.ts';
import { useHarvestHarness } from '../helpers/harvest-harness.ts';
import { oaiFeed } from '../helpers/oai-feed.ts';

const h = useHarvestHarness();
const options = (extra: object = {}) => ({ baseUrl: `${h.server.base}/oai`, metadataPrefix: 'arXiv' as const, set: 'cs', ...extra });

describe('OAI-PMH harvesting', () => {
  it('follows resumption tokens to the end and stores every record once', async () => {
    const feed = oaiFeed(4, 3);
    h.server.route(feed.route());
    const report = await harvestOai(h.store, h.client(), options({ from: '2024-01-25' }));
    expect(report.papers).toEqual({ added: 12, updated: 0, unchanged: 0 });
    expect(report.requests).toBe(4);
    expect(h.server.requests[0]!.url).toBe('/oai?verb=ListRecords&metadataPrefix=arXiv&set=cs&from=2024-01-25');
    expect(h.server.requests[1]!.url).toBe('/oai?verb=ListRecords&resumptionToken=tok-1');
    for (const id of feed.ids) expect(await findPaper(h.store.db, id)).not.toBeNull();
    const paper = await findPaper(h.store.db, feed.ids[0]!);
    expect(paper).toMatchObject({ source: 'arxiv', categories: ['cond-mat.str-el', 'cond-mat.stat-mech'], journalRef: 'Phys. Rev. B 85, 115117 (2012)', doi: '10.1103/PhysRevB.85.115117' });
  });

  it('remembers where the next incremental harvest starts: the first answer’s date', async () => {
    h.server.route(oaiFeed(2, 2, '2024-02-01T10:00:00Z').route());
    await harvestOai(h.store, h.client(), options({ from: '2024-01-25' }));
    expect(await readState(h.store.db, oaiStateKey(options()))).toMatchObject({ token: null, nextFrom: '2024-02-01' });
    await harvestOai(h.store, h.client(), options());
    expect(h.server.requests.at(-2)!.url).toContain('from=2024-02-01');
  });

  it('treats noRecordsMatch as an empty harvest', async () => {
    h.server.route({ match: () => true, reply: { body: fixtureText('arxiv-oai/oai-error-noRecordsMatch.xml') } });
    const report = await harvestOai(h.store, h.client(), options({ from: '2030-01-01' }));
    expect(report.papers).toEqual({ added: 0, updated: 0, unchanged: 0 });
  });

  it('an expired token starts the harvest over, without duplicates', async () => {
    const feed = oaiFeed(3, 2);
    h.server.route(feed.route());
    // A crashed earlier run left a token the repository no longer knows.
    await harvestOai(h.store, h.client(), options({ from: '2024-01-25' }));
    const { writeState } = await import('../../src/store/ingest-state-repo.ts');
    const state = (await readState(h.store.db, oaiStateKey(options()))) as Record<string, unknown>;
    await writeState(h.store.db, oaiStateKey(options()), { ...state, harvestFrom: '2024-01-25', token: 'tok-99' }, 'now');
    const report = await harvestOai(h.store, h.client(), options({ from: '2024-01-25' }));
    expect(report.papers).toEqual({ added: 0, updated: 0, unchanged: 6 });
    expect((await storeStats(h.store.db)).papers).toBe(6);
  });

  it('other OAI errors stop with the repository’s message', async () => {
    h.server.route({ match: () => true, reply: { body: fixtureText('arxiv-oai/oai-error-cannotDisseminateFormat.xml') } });
    await expect(harvestOai(h.store, h.client(), options())).rejects.toThrow('cannotDisseminateFormat');
  });

  it('a truncated page writes nothing from it, and the rerun continues there', async () => {
    const feed = oaiFeed(3, 2);
    const route = feed.route();
    h.server.route({ match: (u) => u.searchParams.get('resumptionToken') === 'tok-1', reply: { body: feed.page(1).slice(0, 400) }, times: 1 });
    h.server.route(route);
    await expect(harvestOai(h.store, h.client(), options({ from: '2024-01-25' }))).rejects.toThrow(/incomplete|malformed/);
    expect((await storeStats(h.store.db)).papers).toBe(2);
    const report = await harvestOai(h.store, h.client(), options({ from: '2024-01-25' }));
    expect(report.papers.added).toBe(4);
    expect(h.server.requests.at(-2)!.url).toContain('resumptionToken=tok-1');
    expect((await storeStats(h.store.db)).papers).toBe(6);
  });

  it('keeps the version history arXivRaw gives', async () => {
    h.server.route({ match: () => true, reply: { body: fixtureText('arxiv-oai/oai-arXivRaw-ListRecords.xml').replace(/<resumptionToken[^>]*>[^<]*<\/resumptionToken>/, '<resumptionToken/>') } });
    const report = await harvestOai(h.store, h.client(), options({ metadataPrefix: 'arXivRaw' }));
    expect(report.papers.added).toBe(3);
    const withHistory = [];
    for (const id of ['1111.2011', 'astro-ph/0601001', '2104.12255', '1605.08386', '1707.08567']) withHistory.push(...(await listVersions(h.store.db, id)));
    expect(withHistory.length).toBeGreaterThan(3);
    expect(withHistory.some((v) => v.title !== null)).toBe(true);
  });
});
