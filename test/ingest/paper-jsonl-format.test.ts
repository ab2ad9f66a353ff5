import { describe, expect, it } from 'vitest';
import type { RejectedLink } from '../../src/domain/links.ts';
import { paperLineToRecord } from '../../src/ingest/paper-jsonl-format.ts';

describe('paperLineToRecord', () => {
  it('maps every field of a full line', () => {
    const record = paperLineToRecord({
      id: 'arXiv:2401.00001v2',
      title: 'A Title\n  Wrapped',
      abstract: 'Line one\nline two.',
      authors: ['Ada Lovelace', { name: ' Alan Turing ' }],
      categories: ['cs.CL', 'cs.LG'],
      primary_category: 'cs.LG',
      published: '2024-01-01',
      updated: '2024-02-01T10:00:00Z',
      comment: '10 pages',
      doi: '10.1/x',
      journal_ref: 'J. Test 1 (2024)',
      github_repo: 'https://github.com/x/y',
      project_page: 'https://x.example.org',
    });
    expect(record).toEqual({
      id: '2401.00001',
      source: 'arxiv',
      version: 2,
      title: 'A Title Wrapped',
      abstract: 'Line one line two.',
      authors: [{ name: 'Ada Lovelace' }, { name: 'Alan Turing' }],
      categories: ['cs.CL', 'cs.LG'],
      primaryCategory: 'cs.LG',
      publishedAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-02-01T10:00:00.000Z',
      comment: '10 pages',
      doi: '10.1/x',
      journalRef: 'J. Test 1 (2024)',
      githubRepo: 'https://github.com/x/y',
      githubStars: null,
      projectPage: 'https://x.example.org',
      aiSummary: null,
      aiKeywords: [],
      organization: null,
    });
  });

  it('accepts summary in place of abstract and defaults the lists', () => {
    const record = paperLineToRecord({ id: 'openreview:abc', title: 'T', summary: 'S' });
    expect(record).toMatchObject({ id: 'openreview:abc', source: 'openreview', abstract: 'S', authors: [], categories: [], primaryCategory: null });
  });

  it('takes the first category as primary when none is named', () => {
    expect(paperLineToRecord({ id: '2401.00001', title: 'T', abstract: 'A', categories: ['cs.CV', 'cs.AI'] }).primaryCategory).toBe('cs.CV');
  });

  it('ignores fields it does not know (arXiv crawl dates, for one)', () => {
    expect(() => paperLineToRecord({ id: '2401.00001', title: 'T', abstract: 'A', first_seen: '2024-01-02', extra: { a: 1 } })).not.toThrow();
  });

  it.each([
    ['no title', { id: '2401.00001', abstract: 'A' }, /title/],
    ['a blank title', { id: '2401.00001', title: '   ', abstract: 'A' }, /must not be empty/],
    ['neither abstract nor summary', { id: '2401.00001', title: 'T' }, /needs an abstract \(or summary\)/],
    ['an unparseable date', { id: '2401.00001', title: 'T', abstract: 'A', published: 'last week' }, /must be an ISO-8601 date/],
    ['an empty author', { id: '2401.00001', title: 'T', abstract: 'A', authors: [''] }, /authors/],
    ['no id', { title: 'T', abstract: 'A' }, /id/],
  ])('rejects a line with %s', (_name, line, message) => {
    expect(() => paperLineToRecord(line)).toThrow(message);
  });

  it('leaves out links that are not http(s), names them, keeps the paper; a GitHub owner/name becomes its URL', () => {
    const rejected: RejectedLink[] = [];
    const bad = paperLineToRecord({ id: '2401.00001', title: 'T', abstract: 'A', github_repo: 'vbscript:msgbox(1)', project_page: 'ftp://x.example/p' }, (r) => rejected.push(r));
    expect(bad).toMatchObject({ id: '2401.00001', title: 'T', githubRepo: null, projectPage: null });
    expect(rejected).toEqual([
      { paperId: '2401.00001', field: 'github_repo', value: 'vbscript:msgbox(1)', reason: 'vbscript: links are not allowed, only http(s)' },
      { paperId: '2401.00001', field: 'project_page', value: 'ftp://x.example/p', reason: 'ftp: links are not allowed, only http(s)' },
    ]);
    expect(paperLineToRecord({ id: '2401.00001', title: 'T', abstract: 'A', github_repo: 'owner/name' }).githubRepo).toBe('https://github.com/owner/name');
  });

  it('rejects an id that is not a paper id and says what an id looks like', () => {
    expect(() => paperLineToRecord({ id: 'x:../a', title: 'T', abstract: 'A' })).toThrow(/^id "x:\.\.\/a" is not an arXiv id such as 2310\.13724/);
  });
});
