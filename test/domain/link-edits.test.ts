import { describe, expect, it } from 'vitest';
import { canEditLinks, checkLinksEdit } from '../../src/domain/link-edits.ts';
import { keepLocalLinks } from '../../src/domain/merge-paper.ts';
import { describeWaitUntil, secondsUntilNextUtcDay, submissionsLeft, SUBMISSIONS_PER_DAY } from '../../src/domain/submission.ts';
import { paperRecord } from '../fixtures/records.ts';

const ada = { id: 2, username: 'ada', isAdmin: false };
const admin = { id: 1, username: 'boss', isAdmin: true };

describe('canEditLinks', () => {
  it('submitters, claimed authors and admins; nobody else, and never anonymous', () => {
    expect(canEditLinks(ada, { submitterIds: [2], claimedAuthorUserIds: [] })).toBe(true);
    expect(canEditLinks(ada, { submitterIds: [], claimedAuthorUserIds: [2] })).toBe(true);
    expect(canEditLinks(admin, { submitterIds: [], claimedAuthorUserIds: [] })).toBe(true);
    expect(canEditLinks(ada, { submitterIds: [3], claimedAuthorUserIds: [4] })).toBe(false);
    expect(canEditLinks(null, { submitterIds: [2], claimedAuthorUserIds: [2] })).toBe(false);
  });
});

describe('checkLinksEdit', () => {
  it('owner/name becomes a GitHub URL; empty clears; URLs are trimmed', () => {
    expect(checkLinksEdit({ githubRepo: ' huggingface/transformers ', projectPage: '' })).toEqual({ githubRepo: 'https://github.com/huggingface/transformers', projectPage: null });
    expect(checkLinksEdit({ githubRepo: 'https://gitlab.com/a/b', projectPage: ' https://x.org/p ' })).toEqual({ githubRepo: 'https://gitlab.com/a/b', projectPage: 'https://x.org/p' });
  });
  it.each([
    [{ githubRepo: 'javascript:alert(1)', projectPage: '' }, /Code repository .*javascript: links are not allowed/],
    [{ githubRepo: '', projectPage: 'owner/name' }, /Project page .*not an absolute http\(s\) URL/],
    [{ githubRepo: '', projectPage: `https://x.org/${'a'.repeat(3000)}` }, /at most 2048/],
  ])('refuses %j', (input, message) => {
    expect(() => checkLinksEdit(input)).toThrow(message);
  });
});

describe('keepLocalLinks (a local edit wins over later imports)', () => {
  const stored = paperRecord({ githubRepo: 'https://github.com/mine/repo', githubStars: null, projectPage: 'https://upstream.org' });
  const merged = paperRecord({ title: 'new', githubRepo: 'https://github.com/up/other', githubStars: 7, projectPage: 'https://upstream.org/new' });
  it('keeps edited fields, takes the rest', () => {
    expect(keepLocalLinks(merged, stored, { githubRepo: true, projectPage: false })).toMatchObject({ title: 'new', githubRepo: 'https://github.com/mine/repo', githubStars: null, projectPage: 'https://upstream.org/new' });
    expect(keepLocalLinks(merged, stored, { githubRepo: false, projectPage: true })).toMatchObject({ githubRepo: 'https://github.com/up/other', githubStars: 7, projectPage: 'https://upstream.org' });
    expect(keepLocalLinks(merged, stored, { githubRepo: false, projectPage: false })).toBe(merged);
  });
  it('stars from an import that names the same repository are taken', () => {
    const same = { ...merged, githubRepo: stored.githubRepo };
    expect(keepLocalLinks(same, stored, { githubRepo: true, projectPage: false }).githubStars).toBe(7);
  });
});

describe('submission rules', () => {
  it('daily allowance, admins unlimited', () => {
    expect(submissionsLeft(ada, 0)).toBe(SUBMISSIONS_PER_DAY);
    expect(submissionsLeft(ada, SUBMISSIONS_PER_DAY + 3)).toBe(0);
    expect(submissionsLeft(admin, 100)).toBeNull();
  });
  it('seconds until the next UTC midnight', () => {
    expect(secondsUntilNextUtcDay(new Date('2026-11-26T23:59:30Z'))).toBe(30);
    expect(secondsUntilNextUtcDay(new Date('2026-11-26T00:00:00Z'))).toBe(86_400);
    expect(secondsUntilNextUtcDay(new Date('2026-12-31T12:00:00.500Z'))).toBe(43_200);
    expect(describeWaitUntil(30)).toBe('1 minute');
    expect(describeWaitUntil(5 * 3600 + 10)).toBe('5 hours');
  });
});
