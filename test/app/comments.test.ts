import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/domain/account.ts';
import { AppError } from '../../src/domain/errors.ts';
import { visibleCommentCounts } from '../../src/store/comments-repo.ts';
import { communityHarness, type CommunityHarness } from '../web/community-harness.ts';

const PAPER = '2608.19880';
let h: CommunityHarness;
let admin: Viewer;
let ada: Viewer;
let eve: Viewer;

async function account(email: string): Promise<Viewer> {
  await h.signIn(email);
  const a = (await h.core.accounts.list()).find((x) => x.email === email)!;
  return { id: a.id, username: a.username, isAdmin: a.isAdmin };
}

beforeEach(async () => {
  h = await communityHarness();
  admin = await account('admin@example.org');
  ada = await account('ada@example.org');
  eve = await account('eve@example.org');
});
afterEach(async () => {
  await h.close();
});

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));

describe('core.comments', () => {
  it('checks ownership and roles in the core, whatever adapter calls it', async () => {
    const id = await h.core.comments.add(ada, PAPER, 'hello @eve');
    expect(await code(h.core.comments.edit(eve, id, 'x'))).toBe('forbidden');
    expect(await code(h.core.comments.delete(eve, id))).toBe('forbidden');
    expect(await code(h.core.comments.edit(admin, id, 'x'))).toBe('forbidden');
    expect(await code(h.core.comments.hide(ada, id, true))).toBe('forbidden');
    expect(await code(h.core.comments.forEditing(eve, id))).toBe('forbidden');
    expect(await code(h.core.comments.hide(admin, id, true))).toBe('ok');
    expect(await code(h.core.comments.edit(ada, id, 'sneaky edit while hidden'))).toBe('forbidden');
    expect(await code(h.core.comments.add(eve, PAPER, 'reply to hidden', id))).toBe('invalid_input');
  });

  it('the thread tells viewers apart: hidden words reach admins only; mentionable names are looked up', async () => {
    const id = await h.core.comments.add(ada, PAPER, 'hello @eve and @ghost');
    await h.core.comments.hide(admin, id, true);
    const anon = await h.core.comments.thread(PAPER, null);
    expect(anon.entries[0]!.comment).toMatchObject({ state: 'hidden', bodyMarkdown: '', hiddenBy: null });
    const mod = await h.core.comments.thread(PAPER, admin);
    expect(mod.entries[0]!.comment).toMatchObject({ state: 'hidden', bodyMarkdown: 'hello @eve and @ghost', hiddenBy: admin.username });
    expect([...mod.mentionable]).toEqual(['eve']);
    expect(mod.visibleCount).toBe(0);
  });

  it('counts visible local comments beside the imported count in listings and details', async () => {
    const before = (await h.core.paper(PAPER))!;
    expect(before.local.comments).toBe(0);
    const a = await h.core.comments.add(ada, PAPER, 'one');
    await h.core.comments.add(eve, PAPER, 'two', a);
    const hidden = await h.core.comments.add(eve, PAPER, 'three');
    await h.core.comments.hide(admin, hidden, true);
    expect((await h.core.paper(PAPER))!.local.comments).toBe(2);
    expect((await visibleCommentCounts(h.store.db, [PAPER])).get(PAPER)).toBe(2); // the counter equals the rows
    await h.core.comments.delete(ada, a);
    expect((await h.core.paper(PAPER))!.local.comments).toBe(1);
    await h.core.comments.hide(admin, hidden, false);
    await h.core.comments.hide(admin, hidden, false); // a repeat changes nothing
    expect((await h.core.paper(PAPER))!.local.comments).toBe(2);
    await h.core.comments.hide(admin, hidden, true);
    await h.core.comments.delete(eve, hidden); // deleting a hidden comment: it was not counted
    expect((await h.core.paper(PAPER))!.local.comments).toBe(1);
    expect((await visibleCommentCounts(h.store.db, [PAPER])).get(PAPER)).toBe(1);
    const listed = (await h.core.profiles.byUsername('eve'))!;
    expect(listed.comments.map((c) => c.comment.bodyMarkdown)).toEqual(['two']);
    expect(await h.core.comments.byUser('eve')).toHaveLength(1);
    expect(await h.core.comments.byUser('nobody-here')).toEqual([]);
  });

  it('a failed add writes nothing and takes no rate-limit slot for invalid input', async () => {
    for (let i = 0; i < 20; i++) expect(await code(h.core.comments.add(ada, PAPER, ' '))).toBe('invalid_input');
    expect(await code(h.core.comments.add(ada, '2612.99999', 'hi'))).toBe('not_found');
    expect(await code(h.core.comments.add(ada, PAPER, 'fine'))).toBe('ok');
  });
});
