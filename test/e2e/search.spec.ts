/**
 * Search as a reader uses it: type in the header box, read highlighted
 * results, open one, find related papers on its page.
 */
import { expect, test } from '@playwright/test';

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
