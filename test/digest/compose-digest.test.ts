import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { sql } from 'kysely';
import { reasonText } from '../../src/domain/digest-selection.ts';
import { DEFAULT_DIGEST_SETTINGS, type DigestSettings, type Subscriber } from '../../src/domain/digest.ts';
import { insertSubscriber } from '../../src/store/digest-subscribers-repo.ts';
import { outboxMessages } from '../helpers/outbox.ts';
import { communityHarness, type CommunityHarness } from '../web/community-harness.ts';

let h: CommunityHarness;
let n = 0;
beforeAll(async () => {
  h = await communityHarness();
});
afterAll(async () => {
  await h.close();
});

const subscriber = (settings: Partial<DigestSettings>, userId: number | null = null): Promise<Subscriber> =>
  insertSubscriber(h.store.db, { email: `reader${++n}@example.org`, userId, status: 'active', settings: { ...DEFAULT_DIGEST_SETTINGS, ...settings }, now: new Date().toISOString() });
const compose = async (s: Subscriber, period = 'D2026-08-21') => (await h.core.digests.composer()).compose(s, period);
/** the papers listed on 2026-08-20 (what D2026-08-21 reports on), most upvoted first */
const listedOn20 = () => h.store.db.selectFrom('daily_listings as l').innerJoin('papers as p', 'p.id', 'l.paper_id').select(['p.id', 'p.title', 'l.upvotes']).where('l.day', '=', '2026-08-20').orderBy('l.upvotes', 'desc').execute();
const papersIn = (html: string) => (html.match(/Read the paper →/g) ?? []).length;

describe('composing a digest', () => {
  it('is a well-formed message: html and text parts, List-Unsubscribe with https and mailto, one-click POST', async () => {
    const s = await subscriber({ paperCount: 5 });
    const digest = (await compose(s))!;
    expect(digest).not.toBeNull();
    expect(digest.to).toBe(s.email);
    // what the sending engine is handed composes the same message
    expect(await h.core.digests.digestComposer.compose(s, 'D2026-08-21')).toEqual(digest);
    const sent = await h.core.mailer().send({ ...digest, messageId: `<digest.${s.id}.D2026-08-21@papers.example.org>` });
    expect(sent.via).toBe('outbox');
    const all = await outboxMessages(h.outbox);
    const [mail] = all.filter((m) => m.messageId === `<digest.${s.id}.D2026-08-21@papers.example.org>`);
    expect(mail).toBeDefined();
    expect(mail!.html).toBeTruthy();
    expect(mail!.text).toContain('Web version: https://papers.example.org/digest/view?period=D2026-08-21&token=');
    const raw = String(mail!.headerLines.find((l) => l.key === 'list-unsubscribe')!.line);
    expect(raw).toMatch(/<https:\/\/papers\.example\.org\/digest\/unsubscribe\?token=[^>]+>/);
    expect(raw).toMatch(/<mailto:paperboy@papers\.example\.org\?subject=unsubscribe%20[^>]+>/);
    // mailparser's reading of the List-* headers (RFC 2369, RFC 8058)
    expect(mail!.headers.get('list')).toEqual({
      unsubscribe: { url: expect.stringMatching(/^https:\/\/papers\.example\.org\/digest\/unsubscribe\?token=/), mail: expect.stringMatching(/^paperboy@papers\.example\.org\?subject=unsubscribe%20/) },
      'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
    });
    expect(mail!.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    // no tracking pixels, no remote images, no scripts, no web fonts
    expect(digest.html).not.toMatch(/<img|<script|@import|<link[^>]+stylesheet|googleapis/i);
  });

  it('holds the top papers of the period with their reasons, title links, authors, summaries and upvotes', async () => {
    const top = await listedOn20();
    // the demo's 20 August: 92, 74, 59, 59… upvotes (two places without a tie)
    const s = await subscriber({ paperCount: 2 });
    const digest = (await compose(s))!;
    expect(papersIn(digest.html!)).toBe(2);
    for (const p of top.slice(0, 2)) {
      expect(digest.html).toContain(`https://papers.example.org/papers/${p.id}`);
      expect(digest.html).toContain(`trending: ${p.upvotes} upvotes`);
      expect(digest.text).toContain(`https://papers.example.org/papers/${p.id}`);
      expect(digest.text).toContain(`▲ ${p.upvotes} upvotes · why: trending: ${p.upvotes} upvotes`);
    }
    expect(digest.html).not.toContain(`/papers/${top[2]!.id}`);
    expect(digest.subject).toMatch(/^Your papers for Thursday 20 August: “.+” and 1 more$/);
    expect(digest.subject).toContain(top[0]!.title.slice(0, 30));
    // parts are the same digest
    const parsed = await simpleParser(`Content-Type: text/html; charset=utf-8\n\n${digest.html}`);
    expect(parsed.html).toContain('Manage your digest');
    expect(digest.text).toContain('Manage your digest: https://papers.example.org/digest/settings?token=');
    expect(digest.text).toContain('Unsubscribe: https://papers.example.org/digest/unsubscribe?token=');
  });

  it('honours the paper count, up to what the period has', async () => {
    for (const count of [1, 7]) expect(papersIn((await compose(await subscriber({ paperCount: count })))!.html!)).toBe(count);
    const all = await listedOn20();
    expect(papersIn((await compose(await subscriber({ paperCount: 50 })))!.html!)).toBe(all.filter((p) => p.upvotes > 0).length);
  });

  it('a saved search brings its papers first, saying so', async () => {
    const s = await subscriber({ includeTrending: false, keywords: ['memory'], paperCount: 10 });
    const digest = (await compose(s))!;
    expect(digest.html).toContain('matches your saved search “memory”');
    expect(digest.html).not.toContain('trending:');
    expect(digest.text).toMatch(/Memory|memory/);
  });

  it('categories are matched (papers carry arXiv categories when ingested from arXiv)', async () => {
    const [paper] = await listedOn20();
    await h.store.db.updateTable('papers').set({ categories_json: '["math.GT"]', primary_category: 'math.GT' }).where('id', '=', paper!.id).execute();
    await sql`INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')`.execute(h.store.db).catch(() => undefined);
    const digest = (await compose(await subscriber({ includeTrending: false, categories: ['math.GT'], paperCount: 5 }), 'D2026-08-21'))!;
    expect(digest).not.toBeNull();
    expect(digest.html).toContain('in math.GT');
    expect(digest.html).toContain(`/papers/${paper!.id}`);
  });

  it('is null when nothing of the period matches', async () => {
    expect(await compose(await subscriber({ includeTrending: false, keywords: ['zzyzx qwxv'], categories: ['nucl-th'] }))).toBeNull();
    // a period with no papers has nothing either
    expect(await compose(await subscriber({}), 'D2026-01-06')).toBeNull();
  });

  it('papers like the ones you upvoted: the reason names the paper, which itself is never offered back', async () => {
    await h.signIn('voter@example.org');
    const voter = (await h.core.accounts.list()).find((a) => a.email === 'voter@example.org')!;
    const s = await subscriber({ includeTrending: false, includeSimilar: true }, voter.id);
    expect(await compose(s)).toBeNull(); // no upvotes yet: nothing similar
    const liked = (await listedOn20())[0]!;
    await h.core.votes.set(voter.id, liked.id, true);
    const digest = await compose(s);
    expect(digest).not.toBeNull();
    expect(digest!.html).toContain('you upvoted');
    const content = await (await h.core.digests.composer()).content(s, 'D2026-08-21');
    expect(content!.items.flatMap((i) => i.reasons)).toContain(reasonText({ kind: 'similar', toTitle: liked.title }));
    expect(digest!.html).not.toContain(`/papers/${liked.id}"`);
    // without an account the option adds nothing
    expect(await compose(await subscriber({ includeTrending: false, includeSimilar: true }))).toBeNull();
  });

  it('escapes what it shows: a saved search with markup stays text', async () => {
    const digest = await compose(await subscriber({ keywords: ['<b>agent</b> memory'], paperCount: 3 }));
    expect(digest!.html).not.toContain('<b>agent</b>');
  });
});
