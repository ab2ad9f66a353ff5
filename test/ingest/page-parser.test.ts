import { describe, expect, it } from 'vitest';
import { parseListRecords } from '../../src/ingest/oai/oai-pmh.ts';
import { withWorkerParser } from '../../src/ingest/oai/page-parser.ts';
import { MalformedXmlError } from '../../src/ingest/xml-document.ts';
import { oaiFeed } from '../helpers/oai-feed.ts';

describe('parsing OAI-PMH pages on a worker thread', () => {
  it('gives what parsing here gives, for several pages in flight at once', async () => {
    const feed = oaiFeed(3, 4);
    const here = [0, 1, 2].map((i) => parseListRecords(feed.page(i), 'arXiv'));
    const there = await withWorkerParser((p) => Promise.all([0, 1, 2].map((i) => p.parse(feed.page(i), 'arXiv'))));
    expect(there).toEqual(here);
  }, 30_000);

  it('reports a cut-off page as malformed, and keeps working after it', async () => {
    const feed = oaiFeed(1, 2);
    await withWorkerParser(async (p) => {
      const err = await p.parse(feed.page(0).slice(0, 300), 'arXiv').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MalformedXmlError);
      expect((await p.parse(feed.page(0), 'arXiv')).records).toHaveLength(2);
    });
  }, 30_000);
});
