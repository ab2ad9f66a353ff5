/**
 * Search as a reader uses it: type in the header box, read highlighted
 * results, open one, find related papers on its page.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';

test('type a query, see highlighted results, open one, see related papers', async ({ page }) => {
  await page.goto('/');
  const box = page.locator('#header-q');
  await box.fill('terminal task synthesis');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=terminal\+task\+synthesis/);
  await expect(page.locator('h1.listing-title')).toContainText('terminal task synthesis');
  const results = page.locator('ol.search-results article.paper-card');
  expect(await results.count()).toBeGreaterThanOrEqual(5);
  await expect(page.locator('ol.search-results mark').first()).toBeVisible();
  const first = results.first().locator('a.paper-title');
  const title = (await first.innerText()).trim();
  expect(title.toLowerCase()).toContain('terminal');
  await page.screenshot({ path: 'test-results/screenshots/search-light.png', fullPage: false });

  await first.click();
  await expect(page.locator('h1.paper-title')).toHaveText(title);
  const related = page.locator('section.related li a');
  expect(await related.count()).toBeGreaterThan(0);
  await related.first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/related-light.png', fullPage: false });
  await related.first().click();
  await expect(page.locator('h1.paper-title')).toBeVisible();
});

test('a query mistake is explained on the page, with the query kept', async ({ page }) => {
  const res = await page.goto('/search?q=agents+after%3Alast-week');
  expect(res?.status()).toBe(400);
  await expect(page.locator('.search-error')).toContainText('after:last-week is not a date');
  await expect(page.locator('#search-page-q')).toHaveValue('agents after:last-week');
});

/** Waits until the server searches by meaning too (it trains the built-in model in the background after start). */
async function meaningReady(request: APIRequestContext): Promise<void> {
  await expect
    .poll(async () => (await (await request.get(`/search?q=agents+learning+${Date.now()}`)).text()).includes('matched by words and by meaning'), { timeout: 100_000, intervals: [1_000] })
    .toBe(true);
}

test('a word only one paper has, typed in the header box, finds that paper first, with meaning on', async ({ page, request }) => {
  test.setTimeout(120_000);
  await meaningReady(request); // the lone word match used to tie with every paper the meaning side proposed
  // "EnvHarness" occurs in the demo in one paper only (test/helpers/demo-words.ts lists such words)
  await page.goto('/');
  const box = page.locator('#header-q');
  await box.fill('EnvHarness');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=EnvHarness/);
  const first = page.locator('ol.search-results article.paper-card a.paper-title').first();
  await expect(first).toContainText('EnvHarness: Awakening Static Worlds for Agent Learning');
  await first.click();
  await expect(page).toHaveURL(/\/papers\/2608\.19880$/);
  await expect(page.locator('h1.paper-title')).toHaveText('EnvHarness: Awakening Static Worlds for Agent Learning');
});

test('an arXiv link pasted in the header box opens the paper', async ({ page }) => {
  await page.goto('/');
  const box = page.locator('#header-q');
  await box.fill('https://arxiv.org/abs/2608.19880v2');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/papers\/2608\.19880$/);
  await expect(page.locator('h1.paper-title')).toHaveText('EnvHarness: Awakening Static Worlds for Agent Learning');
});
