/**
 * Stored XSS never runs: papers imported with script in every field (title,
 * abstract, authors, summary, links, submitter, organisation, keywords) are
 * shown on every page that shows them, in Debian's chromium, while the test
 * listens for dialogs and looks for markup that should never be there.
 */
import { expect, test, type Page } from '@playwright/test';
import { startCommunityInstance, type CommunityInstance } from './community-instance.ts';

/** the little of the DOM the page-side check uses (the project compiles without lib.dom) */
interface DomElement {
  readonly tagName: string;
  readonly attributes: Iterable<{ name: string; value: string }>;
  readonly outerHTML: string;
}
interface DomDocument {
  querySelectorAll(selector: 'script'): Iterable<{ src: string; textContent: string | null }>;
  querySelectorAll(selector: string): Iterable<DomElement>;
}

let instance: CommunityInstance;
test.beforeAll(async () => {
  instance = await startCommunityInstance({ importFiles: ['test/fixtures/daily-2026-11-20-xss.json'] });
});
test.afterAll(async () => {
  await instance?.stop();
});

/** Opens `path` and fails on any dialog, inline script, event-handler attribute or javascript: URL in the page. */
export async function expectInert(page: Page, path: string): Promise<void> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const res = await page.goto(`${instance.base}${path}`);
  expect(res?.status(), path).toBeLessThan(400);
  await page.waitForLoadState('load');
  const found = await page.evaluate(() => {
    const document = (globalThis as unknown as { document: DomDocument }).document;
    const bad: string[] = [];
    for (const s of document.querySelectorAll('script')) if (!s.src) bad.push(`inline script: ${s.textContent?.slice(0, 60)}`);
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) bad.push(`${el.tagName} ${a.name}=${a.value}`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value)) bad.push(`${el.tagName} ${a.name}=${a.value}`);
      }
    }
    for (const el of document.querySelectorAll('iframe, object, embed, svg script, img[src="x"]')) bad.push(`element ${el.outerHTML.slice(0, 80)}`);
    return bad;
  });
  expect(found, path).toEqual([]);
  expect(dialogs, path).toEqual([]);
}

test('imported papers with script in every field are inert on every page that shows them', async ({ page }) => {
  for (const path of ['/papers/date/2026-11-20', '/papers/2611.99001', '/search?q=XSSTESTPAPER', '/papers/week/2026-W47', '/papers/month/2026-11', '/u/xss-user', '/api/papers/2611.99001']) {
    await expectInert(page, path);
  }
  // the payloads are shown as text, not dropped
  await page.goto(`${instance.base}/papers/2611.99001`);
  await expect(page.locator('h1.paper-title')).toContainText("<script>alert('title')</script>");
  await page.screenshot({ path: 'test-results/screenshots/xss-paper.png', fullPage: true });
});

test('names, collection titles and descriptions people type are inert for every visitor', async ({ page, browser }) => {
  const payload = `<img src=x onerror=alert('name')><script>alert('s')</script><svg onload=alert('svg')>`;
  await page.goto(`${instance.base}/signin`);
  await page.fill('#signin-email', 'mallory@example.org');
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.goto(await instance.signInLink('mallory@example.org'));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.fill('#fullname', payload.slice(0, 80));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.goto(`${instance.base}/collections`);
  await page.fill('#new-title', `"><script>alert('title')</script>`);
  await page.fill('#new-description', `<a href="javascript:alert('d')">click</a> <img src=x onerror=alert('desc')>`);
  await page.locator('input[name="visibility"][value="public"]').check();
  await page.getByRole('button', { name: /Create/ }).click();
  const collection = new URL(page.url()).pathname;
  expect(collection).toMatch(/^\/collections\/\d+/);
  // the owner, and an anonymous visitor, on every page that shows what mallory typed
  await expectInert(page, collection);
  await expectInert(page, '/u/mallory');
  const anonymous = await browser.newPage();
  await expectInert(anonymous, collection);
  await expectInert(anonymous, '/u/mallory');
  await expect(anonymous.locator('h1')).toContainText("<img src=x onerror=alert('name')>");
  await anonymous.close();
});
