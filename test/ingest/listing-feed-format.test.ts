import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArxivListingFeed } from '../../src/ingest/rss/listing-feed-format.ts';
import { toVersionRecord } from '../../src/ingest/parsed-entry.ts';
import { MalformedXmlError } from '../../src/ingest/xml-document.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/arxiv-rss/${name}`, import.meta.url), 'utf8');
const RSS = fixture('rss-cs.AI.xml');
const ATOM = fixture('atom-cs.AI.xml');

describe('parseArxivListingFeed (RSS 2.0)', () => {
  const feed = parseArxivListingFeed(RSS);

  it('reads the channel date and one item per announcement with its type', () => {
    expect(feed.problems).toEqual([]);
    expect(feed.channelDate).toBe('2025-07-01T04:00:00.000Z');
    expect(feed.items.map((i) => [i.entry.paper.id, i.entry.version, i.announceType])).toEqual([
      ['2506.18056', 1, 'new'],
      ['2507.02582', 1, 'new'],
      ['2503.11742', 1, 'cross'],
      ['2503.21067', 2, 'replace'],
      ['2503.21708', 3, 'replace-cross'],
    ]);
  });

  it('maps a new item: title, comma-separated creators, categories, abstract without the announce prefix', () => {
    const item = feed.items[0]!;
    expect(item.announcedAt).toBe('2025-07-01T04:00:00.000Z');
    expect(item.entry.paper).toMatchObject({
      id: '2506.18056',
      source: 'arxiv',
      version: 1,
      title: 'Weighted Assumption Based Argumentation to reason about ethical principles and actions',
      authors: [{ name: 'Paolo Baldi' }, { name: "Fabio Aurelio D'Asaro" }, { name: 'Abeer Dyoub' }, { name: 'Francesca Alessandra Lisi' }],
      categories: ['cs.AI'],
      primaryCategory: 'cs.AI',
      // a first version: the announcement stands in for publication
      publishedAt: '2025-07-01T04:00:00.000Z',
      updatedAt: '2025-07-01T04:00:00.000Z',
    });
    expect(item.entry.paper.abstract).toMatch(/^We augment Assumption Based Argumentation/);
    expect(item.entry.paper.abstract).not.toMatch(/Announce Type|arXiv:2506/);
    expect(item.entry.license).toBe('http://creativecommons.org/licenses/by/4.0/');
  });

  it('keeps non-ASCII author names and the first category as primary for a cross-list', () => {
    const cross = feed.items[2]!.entry.paper;
    expect(cross.authors[0]).toEqual({ name: "Moreno D'Incà" });
    expect(cross.primaryCategory).toBe('cs.CV');
    expect(cross.categories).toEqual(['cs.CV', 'cs.AI']);
  });

  it('does not claim a publication date for a replacement, but records its version', () => {
    const replaced = feed.items[3]!.entry;
    expect(replaced.paper.publishedAt).toBeNull();
    expect(replaced.paper.updatedAt).toBe('2025-07-01T04:00:00.000Z');
    expect(toVersionRecord(replaced)).toMatchObject({ paperId: '2503.21067', version: 2, submittedAt: null });
  });

  it('reads a day without announcements as zero items', () => {
    const empty = parseArxivListingFeed(fixture('rss-cs.AI-no-announcements.xml'));
    expect(empty).toEqual({ channelDate: '2025-07-05T04:00:00.000Z', items: [], problems: [] });
  });

  it('falls back to the description for the id, version and announce type when guid and announce_type are missing', () => {
    const xml = RSS.replace('<guid isPermaLink="false">oai:arXiv.org:2506.18056v1</guid>', '').replace('<arxiv:announce_type>new</arxiv:announce_type>', '');
    const item = parseArxivListingFeed(xml).items[0]!;
    expect([item.entry.paper.id, item.entry.version, item.announceType]).toEqual(['2506.18056', 1, 'new']);
  });

  it('reports an item with an unknown announce type as a problem and keeps the rest', () => {
    const xml = RSS.replace('<arxiv:announce_type>cross</arxiv:announce_type>', '<arxiv:announce_type>withdrawn</arxiv:announce_type>');
    const parsed = parseArxivListingFeed(xml);
    expect(parsed.items).toHaveLength(4);
    expect(parsed.problems).toEqual([{ where: 'item 3 (oai:arXiv.org:2503.11742v1)', reason: expect.stringContaining('unknown announce type "withdrawn"') }]);
  });

  it('throws a clear error on a truncated feed', () => {
    for (const at of [0.2, 0.5, 0.98]) {
      const cut = RSS.slice(0, Math.floor(RSS.length * at));
      expect(() => parseArxivListingFeed(cut)).toThrow(MalformedXmlError);
      expect(() => parseArxivListingFeed(cut)).toThrow(/arXiv listing feed: the XML document is incomplete or malformed/);
    }
  });
});

describe('parseArxivListingFeed (Atom variant)', () => {
  const feed = parseArxivListingFeed(ATOM);

  it('reads entries with one <author> per name, category terms and the announce type', () => {
    expect(feed.problems).toEqual([]);
    expect(feed.channelDate).toBe('2025-07-01T04:31:12.000Z');
    expect(feed.items.map((i) => [i.entry.paper.id, i.entry.version, i.announceType])).toEqual([
      ['2506.18056', 1, 'new'],
      ['2503.21067', 2, 'replace'],
    ]);
    expect(feed.items[1]!.entry.paper).toMatchObject({
      authors: [{ name: 'Enzo B Onofre' }, { name: 'Leonardo M P Moraes' }, { name: 'Cristina D Aguiar' }],
      categories: ['cs.AI', 'cs.CL'],
      publishedAt: null,
    });
    expect(feed.items[1]!.entry.paper.abstract).toMatch(/^This paper introduces AskSport/);
  });

  it('gives the same paper as the RSS variant for the same announcement', () => {
    const fromRss = parseArxivListingFeed(RSS).items[0]!.entry.paper;
    const fromAtom = feed.items[0]!.entry.paper;
    expect({ ...fromAtom, publishedAt: null, updatedAt: null }).toEqual({ ...fromRss, publishedAt: null, updatedAt: null });
  });

  it('throws a clear error on a truncated Atom feed', () => {
    expect(() => parseArxivListingFeed(ATOM.slice(0, ATOM.length - 10))).toThrow(/incomplete or malformed/);
  });
});
