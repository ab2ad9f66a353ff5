/**
 * Discussion in a real browser: sign in through the emailed link (the outbox
 * folder the sign-in page names), comment, reply, and post the stored-XSS list
 * as comments; Chromium must open no dialog and the thread must hold no
 * script, image, SVG, frame, event-handler attribute or javascript: link.
 * Screenshots of the thread, desktop and phone, go to test-results/screenshots.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signInLinkFor } from '../helpers/outbox.ts';
import { XSS_PAYLOADS } from '../web/xss-payloads.ts';

const PAPER = '/papers/2608.19880';
const SCREENSHOTS = path.resolve('test-results', 'screenshots');

interface Node {
  querySelectorAll(s: string): ArrayLike<{ getAttributeNames(): string[]; getAttribute(n: string): string | null; tagName: string }>;
}
declare const document: Node;

async function signIn(page: Page, email: string): Promise<void> {
  await page.context().clearCookies(); // a signed-in visitor is sent on from /signin
  await page.goto('/signin');
  await page.fill('input[name=email]', email);
  await page.click('form[action="/signin"] button[type=submit]');
  const said = await page.locator('main').innerText();
  const folder = /(\/\S+?)\.?(\s|$)/.exec(said.slice(said.indexOf('15 minutes')))?.[1];
  if (!folder) throw new Error(`the sign-in page does not say where mail went: ${said}`);
  const link = new URL(await signInLinkFor(folder, email));
  await page.goto(`${link.pathname}${link.search}`);
  await page.click('form[action="/signin/verify"] button[type=submit]');
  await expect(page.locator('.account-name')).toBeVisible();
}

async function postComment(page: Page, body: string): Promise<void> {
  await page.goto(`${PAPER}#comments`);
  await page.fill('#comment-new', body);
  await page.click('#comments form.comment-form button[type=submit]');
  await expect(page).toHaveURL(/#c-\d+$/);
}

test('comment and reply without JavaScript-only parts; XSS payloads stay inert', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const stamp = Date.now().toString(36);
  await signIn(page, `ada-${stamp}@example.org`);
  await postComment(page, 'Nice result. The **ablation** in §4 answers my question; see https://arxiv.org/abs/2608.19880');
  const first = page.locator('.comment.depth-0').last();
  await first.locator('summary', { hasText: 'Reply' }).click();
  await first.locator('.comment-reply textarea').fill('Agreed. Does it hold at *larger* scale?\n\n> quoting the abstract');
  await first.locator('.comment-reply button[type=submit]').click();
  await expect(page.locator('.comment.depth-1')).toHaveCount(1);

  // the rate limit is 10 comments a minute per account: a fresh account for every 9 payloads
  for (let i = 0; i < XSS_PAYLOADS.length; i += 9) {
    await signIn(page, `x${i}-${stamp}@example.org`);
    for (const payload of XSS_PAYLOADS.slice(i, i + 9)) await postComment(page, payload);
  }
  await page.goto(`${PAPER}#comments`);
  await expect(page.locator('#comments .comment')).toHaveCount(2 + XSS_PAYLOADS.length);
  const active = await page.evaluate(() => {
    const bad: string[] = [];
    for (const el of Array.from(document.querySelectorAll('#comments script, #comments img, #comments svg:not(.icon), #comments iframe, #comments object, #comments embed'))) bad.push(el.tagName);
    for (const el of Array.from(document.querySelectorAll('#comments .comment-body *'))) {
      for (const name of el.getAttributeNames()) if (/^on/i.test(name) || name === 'src' || name === 'style') bad.push(`${el.tagName}[${name}]`);
      const href = el.getAttribute('href');
      if (href !== null && !/^(https?:|mailto:|\/(?![/\\]))/i.test(href)) bad.push(`${el.tagName}[href=${href}]`);
    }
    return bad;
  });
  expect(active).toEqual([]);
  expect(dialogs).toEqual([]);
  await expect(page.locator('#comments').getByText('<script>alert(1)</script>').first()).toBeVisible();

  // screenshots of a thread, desktop and phone
  await page.screenshot({ path: path.join(SCREENSHOTS, 'comments-desktop.png'), fullPage: true });
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await phone.goto(`${PAPER}#comments`);
  await phone.screenshot({ path: path.join(SCREENSHOTS, 'comments-phone.png'), fullPage: true });
  await phone.close();
  expect(dialogs).toEqual([]);
});
