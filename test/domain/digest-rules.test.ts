import { describe, expect, it } from 'vitest';
import { checkDigestSettings, isArxivCategory, isTimeZone, type DigestSettingsInput } from '../../src/domain/digest.ts';
import { digestWindow, periodCovering } from '../../src/domain/digest-window.ts';
import { firstSentence, oneLineSummary, plainText } from '../../src/domain/plain-summary.ts';
import { signToken, verifyToken } from '../../src/domain/signed-token.ts';

const good: DigestSettingsInput = { frequency: 'weekly', sendHour: '7', timeZone: 'Europe/Berlin', paperCount: '12', includeTrending: true, categories: 'cs.CL, math.GT;hep-th', keywords: 'diffusion\n\n"retrieval augmented" cat:cs.CL\ndiffusion', includeSimilar: false };

describe('digest settings', () => {
  it('reads a good form', () => {
    expect(checkDigestSettings(good)).toEqual({
      frequency: 'weekly',
      sendHour: 7,
      timeZone: 'Europe/Berlin',
      paperCount: 12,
      includeTrending: true,
      categories: ['cs.CL', 'math.GT', 'hep-th'],
      keywords: ['diffusion', '"retrieval augmented" cat:cs.CL'],
      includeSimilar: false,
    });
  });

  it.each([
    [{ frequency: 'hourly' }, /daily .* or weekly/],
    [{ sendHour: '24' }, /hour must be a whole number from 0 to 23/],
    [{ sendHour: '-1' }, /from 0 to 23/],
    [{ timeZone: 'Mars/Olympus' }, /not a time zone/],
    [{ timeZone: '' }, /not a time zone/],
    [{ paperCount: '0' }, /from 1 to 50/],
    [{ paperCount: '51' }, /from 1 to 50/],
    [{ paperCount: '3.5' }, /from 1 to 50/],
    [{ categories: 'cs.CL, cs.cl!' }, /“cs.cl!” is not an arXiv category/],
    [{ categories: 'CS.CL' }, /not an arXiv category/],
  ])('refuses %j', (change, message) => {
    expect(() => checkDigestSettings({ ...good, ...change })).toThrow(message);
  });

  it('knows arXiv categories and IANA zones', () => {
    for (const c of ['cs', 'cs.CL', 'math.GT', 'hep-th', 'astro-ph.CO', 'q-bio.NC']) expect(isArxivCategory(c)).toBe(true);
    for (const c of ['', 'cs.', '.CL', 'cs.CL.x', 'cs CL', '1cs']) expect(isArxivCategory(c)).toBe(false);
    for (const z of ['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata']) expect(isTimeZone(z)).toBe(true);
    for (const z of ['Berlin', 'Europe/Nowhere', '', 'UTC; DROP']) expect(isTimeZone(z)).toBe(false);
  });
});

describe('digest windows', () => {
  it('a daily digest reports on the day before; Monday on Friday to Sunday', () => {
    expect(digestWindow('D2026-08-21')).toMatchObject({ frequency: 'daily', start: '2026-08-20', end: '2026-08-20', label: 'Thursday 20 August 2026' });
    expect(digestWindow('D2026-08-24')).toMatchObject({ start: '2026-08-21', end: '2026-08-23', label: '21–23 August 2026' });
  });

  it('a weekly digest reports on the ISO week before it', () => {
    expect(digestWindow('W2026-W34')).toMatchObject({ frequency: 'weekly', start: '2026-08-10', end: '2026-08-16', label: 'week 33, 10–16 August 2026' });
    expect(digestWindow('W2027-W01')).toMatchObject({ start: '2026-12-28', end: '2027-01-03' });
  });

  it('refuses what is not a period, with the syntax', () => {
    for (const p of ['2026-08-21', 'D2026-02-30', 'D2026-08-22', 'W2026-W54', 'W2026-34', '']) expect(() => digestWindow(p)).toThrow(/D2026-08-21|weekend/);
  });

  it('names the digest that covers a day', () => {
    expect(periodCovering('daily', '2026-08-20')).toBe('D2026-08-21');
    expect(periodCovering('daily', '2026-08-21')).toBe('D2026-08-24');
    expect(periodCovering('weekly', '2026-08-12')).toBe('W2026-W34');
    for (const f of ['daily', 'weekly'] as const) {
      const w = digestWindow(periodCovering(f, '2026-08-22'));
      expect(w.start <= '2026-08-22' && '2026-08-22' <= w.end).toBe(true);
    }
  });
});

describe('one-line summaries in plain text', () => {
  it('renders TeX as readable text and leaves prices alone', () => {
    expect(plainText('in $O(n^2)$ time with $\\alpha$-stable $x_{i}$ and \\textbf{bold} 5\\%')).toBe('in O(n²) time with α-stable xᵢ and bold 5%');
    expect(plainText('costs $5 million and $3 more')).toBe('costs $5 million and $3 more');
    expect(plainText('$\\mathcal{O}(\\log n)$ and $$\\sum_{k} a_k$$')).toBe('O(log n) and ∑ₖ aₖ');
  });

  it('uses the AI summary, else the first sentence of the abstract', () => {
    expect(oneLineSummary({ aiSummary: 'A summary with $\\beta$.', abstract: 'Ignored.' })).toBe('A summary with β.');
    expect(oneLineSummary({ aiSummary: null, abstract: 'Large language models, e.g. GPT, are studied here at length. Then more follows.' })).toBe('Large language models, e.g. GPT, are studied here at length.');
    expect(firstSentence('Short. Next sentence.')).toBe('Short. Next sentence.');
    expect(oneLineSummary({ aiSummary: null, abstract: 'word '.repeat(200) }).length).toBeLessThanOrEqual(320);
  });
});

describe('signed tokens', () => {
  const secret = 'a-secret-that-is-long-enough-for-tests';
  it('verify for their purpose only, and not once altered or expired', () => {
    const t = signToken(secret, 'manage', { id: 7, expires: 0 });
    expect(verifyToken(secret, 'manage', t, Date.now())).toEqual({ ok: true, id: 7 });
    expect(verifyToken(secret, 'unsubscribe', t, Date.now())).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(verifyToken('another-secret-another-secret-another', 'manage', t, Date.now())).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(verifyToken(secret, 'manage', t.replace(/^7\./, '8.'), Date.now())).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(verifyToken(secret, 'manage', t.slice(0, -2), Date.now())).toMatchObject({ ok: false, reason: 'malformed' });
    const soon = signToken(secret, 'confirm', { id: 7, expires: 1000 });
    expect(verifyToken(secret, 'confirm', soon, 999_000)).toEqual({ ok: true, id: 7 });
    expect(verifyToken(secret, 'confirm', soon, 1_000_001)).toMatchObject({ ok: false, reason: 'expired' });
  });
});
