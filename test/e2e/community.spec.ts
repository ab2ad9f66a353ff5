/**
 * The community story in a real browser, against a real SMTP server that
 * receives the sign-in mail and a local arXiv API for submissions
 * (test/e2e/community-instance.ts starts them and a server of its own):
 * sign up by the emailed link, upvote, comment and reply, submit a paper,
 * make a collection, claim authorship (approved by the admin), sign out; a
 * second person cannot touch the first one's things. Screenshots on desktop
 * and phone go to test-results/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { startCommunityInstance, type CommunityInstance } from './community-instance.ts';

const SUBMITTED = '2104.12255';
const PAPER = '2608.14036';
let instance: CommunityInstance;

test.beforeAll(async () => {
  instance = await startCommunityInstance();
  const feed = readFileSync('test/fixtures/arxiv-api/head/id_2104.12255v1_s0_m100_6ae69987ffe1.xml', 'utf8');
  instance.arxiv.route({ match: (u) => u.pathname === '/api/query' && u.searchParams.get('id_list') === SUBMITTED, reply: { body: feed } });
});
test.afterAll(async () => {
  await instance?.stop();
});

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${instance.base}/`);
  await page.locator('.account-nav').getByRole('link', { name: 'Sign in' }).click();
  await page.fill('#signin-email', email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  await page.goto(await instance.signInLink(email));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.account-name')).toBeVisible();
}

/** A write the page does not offer, sent with the person's own cookies and CSRF token: what a curious user could try. */
async function tryPost(page: Page, path: string, form: Record<string, string>): Promise<number> {
  const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
  const res = await page.request.post(`${instance.base}${path}`, { form: { _csrf: csrf, ...form }, maxRedirects: 0 });
  return res.status();
}

test('the whole story: sign up, upvote, discuss, submit, collect, claim, sign out; another person cannot touch any of it', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  // sign up through the mailed link: the first account is the administrator
  await signIn(page, 'ada@example.org');
  await expect(page).toHaveURL(/\/settings\?welcome=1$/);
  await expect(page.locator('.account-name')).toHaveText('@ada');
  expect(instance.smtp.messages.find((m) => m.envelope.to.includes('ada@example.org'))?.parsed.subject).toBe('Your link to join Paperboy');

  // upvote from the paper page (htmx swaps the box in place) and see it counted
  await page.goto(`${instance.base}/papers/${PAPER}`);
  const vote = page.locator('.vote-box .vote-button');
  const before = Number(await vote.locator('.vote-count').innerText());
  await vote.click();
  await expect(page.locator('.vote-box .vote-button')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.vote-box .vote-count')).toHaveText(String(before + 1));
  await page.reload();
  await expect(page.locator('.vote-box .vote-count')).toHaveText(String(before + 1));

  // comment, then reply to it
  await page.fill('#comment-new', 'The **ablation** in section 4 is convincing. @ada');
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  const comment = page.locator('.comment').filter({ hasText: 'is convincing' }).first();
  await expect(comment.locator('strong')).toHaveText('ablation');
  const commentId = (await comment.getAttribute('id'))!;
  await comment.locator('summary', { hasText: 'Reply' }).first().click();
  await comment.locator('textarea[name="body"]').first().fill('And the code is out.');
  await comment.getByRole('button', { name: 'Reply', exact: true }).click();
  await expect(page.locator('.comment').filter({ hasText: 'And the code is out.' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/story-paper-thread.png', fullPage: true });

  // submit a paper arXiv knows (the local arXiv API answers): it is listed today, submitted by ada
  await page.locator('.account-nav').getByRole('link', { name: 'Submit' }).click();
  await page.fill('#submit-id', `https://arxiv.org/abs/${SUBMITTED}v1`);
  await page.getByRole('button', { name: 'Submit to today’s papers' }).click();
  await expect(page).toHaveURL(new RegExp(`/papers/${SUBMITTED}`));
  await page.goto(`${instance.base}/`);
  const card = page.locator('article.paper-card').filter({ has: page.locator(`a[href="/papers/${SUBMITTED}"]`) });
  await expect(card).toContainText('ada');

  // keep it in a new collection
  await page.goto(`${instance.base}/papers/${SUBMITTED}`);
  await page.fill('#shelf-new', 'Reading group');
  await page.getByRole('button', { name: 'Add to collection' }).click();
  await page.goto(`${instance.base}/collections`);
  await page.getByRole('link', { name: 'Reading group' }).first().click();
  await expect(page.locator(`a[href="/papers/${SUBMITTED}"]`).first()).toBeVisible();
  const collectionPath = new URL(page.url()).pathname;
  const collectionId = /\/collections\/(\d+)/.exec(collectionPath)![1]!;

  // claim authorship; as the administrator, approve it; the badge shows
  await page.goto(`${instance.base}/papers/${SUBMITTED}`);
  await page.locator('summary', { hasText: 'Claim authorship' }).click();
  const claimedName = await page.locator('#claim-name option').first().innerText();
  await page.getByRole('button', { name: 'Claim authorship' }).click();
  await page.goto(`${instance.base}/admin`);
  await page.getByRole('button', { name: 'Approve' }).first().click();
  await page.goto(`${instance.base}/papers/${SUBMITTED}`);
  await expect(page.getByText('@ada').first()).toBeVisible();
  await expect(page.locator('body')).toContainText(claimedName.trim());
  await page.screenshot({ path: 'test-results/screenshots/story-submitted-paper.png', fullPage: true });

  // the phone sees the same, laid out for it
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${instance.base}/papers/${PAPER}`);
  await page.screenshot({ path: 'test-results/screenshots/story-paper-phone.png', fullPage: true });
  await page.goto(`${instance.base}/`);
  await page.screenshot({ path: 'test-results/screenshots/story-home-phone.png' });
  await page.setViewportSize({ width: 1280, height: 800 });

  // sign out
  await page.locator('.account-nav .account-name').click();
  await page.screenshot({ path: 'test-results/screenshots/story-account-menu.png' });
  await page.locator('.account-nav').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.locator('.account-nav').getByRole('link', { name: 'Sign in' })).toBeVisible();

  // a second person cannot touch ada's things
  const other = await browser.newContext();
  const grace = await other.newPage();
  await signIn(grace, 'grace@example.org');
  await grace.goto(`${instance.base}/papers/${PAPER}`);
  const adasComment = grace.locator(`#${commentId}`);
  await expect(adasComment.locator('summary', { hasText: 'Edit' })).toHaveCount(0);
  expect(await tryPost(grace, `/comments/${commentId.replace('c-', '')}/edit`, { body: 'defaced' })).toBe(403);
  expect(await tryPost(grace, `/comments/${commentId.replace('c-', '')}/delete`, {})).toBe(403);
  expect(await tryPost(grace, `/comments/${commentId.replace('c-', '')}/hide`, {})).toBe(403);
  expect(await tryPost(grace, `/papers/${SUBMITTED}/links`, { githubRepo: 'evil/repo', projectPage: '' })).toBe(403);
  // ada's collection is private: to grace it does not exist
  expect([403, 404]).toContain(await tryPost(grace, '/collections/add-paper', { paper_id: PAPER, collection: collectionId }));
  expect((await grace.goto(`${instance.base}${collectionPath}`))?.status()).toBe(404);
  expect((await grace.goto(`${instance.base}/admin`))?.status()).toBe(403);
  await grace.goto(`${instance.base}/papers/${PAPER}`);
  await expect(grace.locator(`#${commentId}`)).toContainText('is convincing');
  await other.close();
  expect(dialogs).toEqual([]);
});
