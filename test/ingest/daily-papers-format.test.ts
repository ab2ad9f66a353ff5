import { describe, expect, it } from 'vitest';
import type { RejectedLink } from '../../src/domain/links.ts';
import { dailyItemToEntry } from '../../src/ingest/daily-papers-format.ts';
import { fixtureText } from '../fixtures/files.ts';

type Item = { paper: Record<string, unknown>; [k: string]: unknown };
/** A fresh copy of a real item served by the Daily Papers API (2026-04-16, paper 2604.07429). */
const realItem = (): Item => (JSON.parse(fixtureText('daily-2026-04-16-2604.07429.json')) as Item[])[0]!;
/** The smallest item the format accepts. */
const minimalItem = (): Item => ({
  paper: { id: '2401.00001', authors: [], title: 'T', summary: 'S' },
  publishedAt: '2026-01-05T08:00:00.000Z',
});

describe('dailyItemToEntry: a real item', () => {
  it('maps the paper fields', () => {
    const { paper } = dailyItemToEntry(realItem(), null);
    expect(paper).toMatchObject({
      id: '2604.07429',
      source: 'arxiv',
      version: null,
      title: 'GameWorld: Towards Standardized and Verifiable Evaluation of Multimodal Game Agents',
      categories: [],
      primaryCategory: null,
      publishedAt: '2026-04-08T00:00:00.000Z',
      githubRepo: 'https://github.com/gameworld-project/gameworld',
      githubStars: 2,
      projectPage: 'https://gameworld-project.github.io/',
      organization: { name: 'NationalUniversityofSingapore', fullname: 'National University of Singapore' },
    });
    expect(paper.aiSummary).toMatch(/^GameWorld presents a standardized benchmark/);
    expect(paper.aiKeywords).toContain('video games');
  });

  it('keeps usernames of authors who claimed their authorship', () => {
    const { paper } = dailyItemToEntry(realItem(), null);
    expect(paper.authors.slice(0, 3)).toEqual([
      { name: 'Mingyu Ouyang', username: 'yyyang' },
      { name: 'Siyuan Hu' },
      { name: 'Kevin Qinghong Lin', username: 'KevinQHLin' },
    ]);
  });

  it('maps the listing and the submitter', () => {
    const { listing, submitter } = dailyItemToEntry(realItem(), null);
    expect(listing).toEqual({ paperId: '2604.07429', day: '2026-04-16', submittedAt: '2026-04-07T20:00:00.000Z', submittedOnDailyAt: '2026-04-16T00:37:41.094Z', upvotes: 42, numComments: 3, thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2604.07429.png', authorParticipating: true });
    expect(submitter).toMatchObject({ username: 'yyyang', fullname: 'yyyang404', isPro: false, kind: 'user' });
  });

  it('uses the page day it is given over the submission instant', () => {
    expect(dailyItemToEntry(realItem(), '2026-04-17').listing.day).toBe('2026-04-17');
  });
});

describe('dailyItemToEntry: optional parts', () => {
  it('accepts a minimal item: listed on the UTC day of publishedAt, no submitter, 0 upvotes', () => {
    const entry = dailyItemToEntry(minimalItem(), null);
    expect(entry.listing).toEqual({ paperId: '2401.00001', day: '2026-01-05', submittedAt: '2026-01-05T08:00:00.000Z', submittedOnDailyAt: null, thumbnail: null, authorParticipating: false, upvotes: 0, numComments: 0 });
    expect(entry.submitter).toBeNull();
    expect(entry.paper).toMatchObject({ publishedAt: null, githubRepo: null, aiSummary: null, aiKeywords: [], organization: null });
  });

  it('leaves out hidden and nameless authors', () => {
    const item = minimalItem();
    item.paper.authors = [{ name: 'Shown' }, { name: 'Hidden', hidden: true }, { name: '  ' }, { name: ' Padded ' }];
    expect(dailyItemToEntry(item, null).paper.authors).toEqual([{ name: 'Shown' }, { name: 'Padded' }]);
  });

  it('falls back to submittedOnDailyBy, and recognises organisations', () => {
    const item = minimalItem();
    item.paper.submittedOnDailyBy = { user: 'some-lab', fullname: 'Some Lab', type: 'org', isPro: true };
    expect(dailyItemToEntry(item, null).submitter).toEqual({ username: 'some-lab', fullname: 'Some Lab', avatarUrl: null, isPro: true, kind: 'org' });
  });

  it('takes the item-level organisation when the paper has none', () => {
    const item = { ...minimalItem(), organization: { name: 'SJTU' } };
    expect(dailyItemToEntry(item, null).paper.organization).toEqual({ name: 'SJTU' });
  });

  it('treats blank links and summaries as absent', () => {
    const item = minimalItem();
    Object.assign(item.paper, { githubRepo: '', projectPage: '  ', ai_summary: '' });
    expect(dailyItemToEntry(item, null).paper).toMatchObject({ githubRepo: null, projectPage: null, aiSummary: null });
  });

  it('canonicalises a versioned id and keeps the version', () => {
    const item = minimalItem();
    item.paper.id = '2401.00001v3';
    expect(dailyItemToEntry(item, null).paper).toMatchObject({ id: '2401.00001', version: 3 });
  });
});

describe('dailyItemToEntry: links', () => {
  const convert = (item: Item, origin?: string) => {
    const rejected: RejectedLink[] = [];
    const entry = dailyItemToEntry(item, null, { ...(origin ? { origin } : {}), onRejectedLink: (r) => rejected.push(r) });
    return { entry, rejected };
  };

  it('leaves out every link that is not http(s), names each, and keeps the rest of the item', () => {
    const item = minimalItem();
    Object.assign(item.paper, { githubRepo: 'javascript:alert(1)', projectPage: '\u0001https://x.example', submittedOnDailyBy: { user: 'u', avatarUrl: '//evil.example/a.png' } });
    Object.assign(item, { thumbnail: 'data:image/png;base64,AAAA' });
    const { entry, rejected } = convert(item);
    expect(entry.paper).toMatchObject({ id: '2401.00001', title: 'T', githubRepo: null, projectPage: null });
    expect(entry.listing.thumbnail).toBeNull();
    expect(entry.submitter).toMatchObject({ username: 'u', avatarUrl: null });
    expect(rejected).toEqual([
      { paperId: '2401.00001', field: 'paper.githubRepo', value: 'javascript:alert(1)', reason: 'javascript: links are not allowed, only http(s)' },
      { paperId: '2401.00001', field: 'paper.projectPage', value: '\u0001https://x.example', reason: 'contains spaces or control characters' },
      { paperId: '2401.00001', field: 'paper.submittedOnDailyBy.avatarUrl', value: '//evil.example/a.png', reason: 'not an absolute http(s) URL' },
      { paperId: '2401.00001', field: 'thumbnail', value: 'data:image/png;base64,AAAA', reason: 'data: links are not allowed, only http(s)' },
    ]);
  });

  it('serves a GitHub owner/name as its URL, and user picture paths on the site the item came from', () => {
    const item = minimalItem();
    Object.assign(item.paper, { githubRepo: 'owner/name' });
    Object.assign(item, { submittedBy: { user: 'u', avatarUrl: '/avatars/a.svg' } });
    expect(convert(item).entry.paper.githubRepo).toBe('https://github.com/owner/name');
    expect(convert(item).entry.submitter?.avatarUrl).toBe('https://huggingface.co/avatars/a.svg');
    expect(convert(item, 'http://127.0.0.1:8080').entry.submitter?.avatarUrl).toBe('http://127.0.0.1:8080/avatars/a.svg');
    expect(convert(item).rejected).toEqual([]);
  });
});

describe('dailyItemToEntry: invalid items', () => {
  it('rejects an item without a paper title, naming the path', () => {
    const item = minimalItem();
    delete item.paper.title;
    expect(() => dailyItemToEntry(item, null)).toThrow(/title/);
  });

  it('rejects an id that is not a paper id', () => {
    const item = minimalItem();
    item.paper.id = 'not an id';
    expect(() => dailyItemToEntry(item, null)).toThrow('paper.id "not an id" is not a paper id');
  });

  it('rejects dates that are not dates and negative upvotes', () => {
    expect(() => dailyItemToEntry({ ...minimalItem(), publishedAt: 'yesterday' }, null)).toThrow(/ISO-8601/);
    const item = minimalItem();
    item.paper.upvotes = -1;
    expect(() => dailyItemToEntry(item, null)).toThrow();
  });

  it('rejects a listing day that is not a calendar day', () => {
    expect(() => dailyItemToEntry(minimalItem(), '2026-02-30')).toThrow('listing day 2026-02-30 is not a valid date');
  });
});
