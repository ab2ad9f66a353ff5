/**
 * The reader's path through the daily pages, against the demo data
 * (weekdays 2026-07-27 .. 2026-08-21; 17 papers on 2026-08-21, 15 on 2026-08-20).
 * Selectors are the contract between pages and tests:
 *   article.paper-card > a.paper-title, h1.paper-title, .abstract, .authors,
 *   a[rel=prev], .empty-day
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const LATEST_DAY = '2026-08-21';
const LATEST_DAY_LABEL = 'August 21, 2026';
const LATEST_DAY_COUNT = 17;
const PREVIOUS_DAY = '2026-08-20';
const PREVIOUS_DAY_COUNT = 15;
const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

// Browser globals used inside page.evaluate callbacks, which run in the page.
// tsconfig has no DOM lib (the app is server code), so declare just what is used.
interface BrowserStyle {
  backgroundColor: string;
  color: string;
  outlineStyle: string;
  outlineWidth: string;
  boxShadow: string;
}
declare const document: { activeElement: unknown; documentElement: unknown; body: unknown };
declare function getComputedStyle(el: unknown): BrowserStyle;

const cards = (page: Page) => page.locator('article.paper-card');
const firstCardTitle = (page: Page) => cards(page).first().locator('a.paper-title');
const normalize = (s: string): string => s.replace(/\s+/g, ' ').trim();
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** colours that a dark scheme has to change: page background and body text */
async function schemeColours(page: Page): Promise<string> {
  return page.evaluate(() => {
    const html = getComputedStyle(document.documentElement);
    const body = getComputedStyle(document.body);
    return JSON.stringify([html.backgroundColor, body.backgroundColor, body.color]);
  });
}

test.describe('daily page', () => {
  test('the front page shows the latest day with its papers', async ({ page }) => {
    const res = await page.goto('/');
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1').first()).toContainText(LATEST_DAY_LABEL);

    const count = await cards(page).count();
    expect(count).toBeGreaterThanOrEqual(10);
    expect(count).toBe(LATEST_DAY_COUNT);
    for (let i = 0; i < count; i++) {
      const title = cards(page).nth(i).locator('a.paper-title');
      await expect(title, `card ${i + 1} has one title link`).toHaveCount(1);
      await expect(title).toHaveAttribute('href', /\S/);
      expect(normalize(await title.innerText()), `card ${i + 1} title text`).not.toBe('');
    }
  });

  test('a paper title leads to its paper page, and back and previous day work', async ({ page }) => {
    await page.goto('/');
    const title = firstCardTitle(page);
    const cardTitle = normalize(await title.innerText());
    const href = (await title.getAttribute('href')) ?? '';
    const id = /\d{4}\.\d{4,5}/.exec(href)?.[0];
    expect(id, `first card links to a paper id (href=${JSON.stringify(href)})`).toBeTruthy();
    const paperId = id as string;

    await title.click();
    await expect(page).toHaveURL(new RegExp(`/papers/${escapeRegExp(paperId)}(?:[?#].*)?$`));
    const h1 = page.locator('h1.paper-title');
    await expect(h1).toHaveCount(1);
    expect(normalize(await h1.innerText())).toBe(cardTitle);
    await expect(page.locator('.abstract').first()).not.toBeEmpty();
    expect(normalize(await page.locator('.abstract').first().innerText())).not.toBe('');
    await expect(page.locator('.authors').first()).not.toBeEmpty();
    expect(normalize(await page.locator('.authors').first().innerText())).not.toBe('');
    await expect(page.locator(`a[href="https://arxiv.org/abs/${paperId}"]`).first()).toBeVisible();
    const pdfLink = page
      .locator(`a[href*="/pdf/${paperId}"]`)
      .or(page.getByRole('link', { name: /\bpdf\b/i }))
      .first();
    await expect(pdfLink).toBeVisible();

    await page.goBack();
    await expect(page.locator('h1').first()).toContainText(LATEST_DAY_LABEL);
    await page.locator('a[rel=prev]').first().click();
    await expect(page).toHaveURL(new RegExp(`/papers/date/${PREVIOUS_DAY}$`));
    await expect(cards(page)).toHaveCount(PREVIOUS_DAY_COUNT);
  });

  test('a day page can be opened directly by date', async ({ page }) => {
    const res = await page.goto(`/papers/date/${LATEST_DAY}`);
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1').first()).toContainText(LATEST_DAY_LABEL);
    await expect(cards(page)).toHaveCount(LATEST_DAY_COUNT);
  });

  test('week and month pages list papers', async ({ page }) => {
    for (const url of ['/papers/week/2026-W34', '/papers/month/2026-08']) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(200);
      expect(await cards(page).count(), `${url} lists paper cards`).toBeGreaterThanOrEqual(10);
      await expect(cards(page).first().locator('a.paper-title')).toBeVisible();
    }
  });

  test('a day without papers says so and links to a day with papers', async ({ page }) => {
    const res = await page.goto('/papers/date/2026-08-22');
    expect(res?.status()).toBe(200);
    const empty = page.locator('.empty-day');
    await expect(empty).toBeVisible();
    await expect(cards(page)).toHaveCount(0);
    const link = empty.locator('a[href]').first();
    await expect(link).toBeVisible();
    await link.click();
    await expect(page).not.toHaveURL(/\/papers\/date\/2026-08-22$/);
    expect(await cards(page).count()).toBeGreaterThan(0);
  });
});

test.describe('page health', () => {
  test('daily and paper pages load every asset and log no console errors', async ({ page }) => {
    const failures: string[] = [];
    page.on('response', (res) => {
      if (res.status() >= 400) failures.push(`${res.status()} ${res.url()}`);
    });
    page.on('requestfailed', (req) => failures.push(`failed ${req.url()}: ${req.failure()?.errorText ?? ''}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') failures.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => failures.push(`page error: ${err.message}`));

    await page.goto('/', { waitUntil: 'load' });
    const sheets = await page.locator('link[rel=stylesheet]').count();
    expect(sheets, 'the daily page links a stylesheet').toBeGreaterThan(0);
    await firstCardTitle(page).click();
    await page.waitForLoadState('load');
    await expect(page.locator('h1.paper-title')).toBeVisible();
    expect(failures, 'no failed requests or console errors').toEqual([]);
  });
});

test.describe('error pages', () => {
  test('an impossible date is a 400 page', async ({ page }) => {
    const res = await page.goto('/papers/date/2026-13-45');
    expect(res?.status()).toBe(400);
    expect(res?.headers()['content-type'] ?? '').toContain('text/html');
    await expect(page.locator('h1').first()).toBeVisible();
    await expect(cards(page)).toHaveCount(0);
  });

  test('an id arXiv could never issue (month 99) is a 400 page saying what ids look like', async ({ page }) => {
    const res = await page.goto('/papers/9999.99999');
    expect(res?.status()).toBe(400);
    expect(res?.headers()['content-type'] ?? '').toContain('text/html');
    await expect(page.locator('.error-help')).toContainText('2310.13724');
  });

  test('a well-formed arXiv id that is not in the database is a 404 page', async ({ page }) => {
    const res = await page.goto('/papers/2601.99999');
    expect(res?.status()).toBe(404);
    expect(res?.headers()['content-type'] ?? '').toContain('text/html');
    await expect(page.locator('h1').first()).toBeVisible();
  });
});

test.describe('keyboard', () => {
  test('Tab from the top reaches the first paper title, with visible focus', async ({ page }) => {
    await page.goto('/');
    const target = firstCardTitle(page);
    await expect(target).toBeVisible();
    let reached = false;
    for (let presses = 0; presses < 60 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await target.evaluate((el) => el === document.activeElement);
    }
    expect(reached, 'the first paper title is reachable with Tab within 60 presses').toBe(true);
    await expect(target).toBeFocused();
    const focus = await target.evaluate((el) => {
      const s = getComputedStyle(el);
      return {
        focusVisible: el.matches(':focus-visible'),
        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
        shadow: s.boxShadow !== 'none',
      };
    });
    expect(focus.focusVisible, ':focus-visible applies').toBe(true);
    expect(focus.outline || focus.shadow, `focus is drawn (outline or box-shadow): ${JSON.stringify(focus)}`).toBe(true);
  });
});

test.describe('screenshots, light and dark', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`daily page and paper page in ${scheme} scheme`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/');
      await expect(cards(page).first()).toBeVisible();
      await screenshot(page, `daily-${scheme}`);

      await firstCardTitle(page).click();
      await expect(page.locator('h1.paper-title')).toBeVisible();
      await screenshot(page, `paper-${scheme}`);
    });
  }

  test('the pages follow the dark colour scheme', async ({ page }) => {
    for (const url of ['/', `/papers/date/${LATEST_DAY}`]) {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(url);
      const light = await schemeColours(page);
      await page.emulateMedia({ colorScheme: 'dark' });
      const dark = await schemeColours(page);
      expect(dark, `${url}: background/text colours change with prefers-color-scheme (light ${light})`).not.toBe(light);
    }
  });
});

test.describe('reading on a phone and the rough edges (issue 10)', () => {
  test('on a 390 px phone the header search box has the second row (with the account links) and shows its whole placeholder', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    const input = page.locator('#header-q');
    await expect(input).toBeVisible();
    const box = (await input.boundingBox())!;
    const nav = (await page.locator('.site-nav').boundingBox())!;
    // the row it shares with "Sign in" and "Subscribe": most of it
    expect(box.width, 'the search box takes most of the row').toBeGreaterThan(200);
    expect(box.y, 'the search box sits below the brand and the listings').toBeGreaterThanOrEqual(nav.y + nav.height);
    const fits = await input.evaluate((el) => (el as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth <= (el as unknown as { clientWidth: number }).clientWidth);
    expect(fits, 'the placeholder is not cut').toBe(true);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-header.png') });
    await input.fill('agents');
    await input.press('Enter');
    await expect(page).toHaveURL(/\/search\?q=agents/);
  });

  test('the home page says which day it shows and when papers were last gathered', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('.listing-note')).toContainText(/The newest day with papers here \(today is \w{3} \d+, \d{4}\)\./);
    await expect(page.locator('.listing-note')).toContainText(/Papers were last gathered \w{3} \d+, \d{4}, \d\d:\d\d UTC\./);
    await screenshot(page, 'home');
  });

  test('a paper with math shows it rendered, with no TeX commands', async ({ page }) => {
    await page.goto('/papers/2608.14036');
    const abstract = page.locator('.abstract');
    await expect(abstract.locator('strong').first()).toContainText('When do skills help');
    expect(await abstract.innerText()).not.toMatch(/\\[A-Za-z]+|\\%/);
    await screenshot(page, 'paper-math');
    // inline TeX (\(TPP\)) through KaTeX, and ± from \pm
    await page.goto('/papers/2608.14071');
    await expect(page.locator('.abstract .katex').first()).toBeVisible();
    expect(await page.locator('.abstract').innerText()).not.toMatch(/\\[A-Za-z]+|\\%/);
    await screenshot(page, 'paper-katex');
  });

  test('expanding "and 5 more authors" changes the label', async ({ page }) => {
    await page.goto('/papers/2608.19880');
    const more = page.locator('.more-authors summary');
    const closedLabel = more.locator('.when-closed');
    await expect(closedLabel).toBeVisible();
    await expect(closedLabel).toHaveText('and 5 more authors');
    await expect(more.locator('.when-open')).toBeHidden();
    await more.click();
    await expect(closedLabel).toBeHidden();
    expect(await page.locator('.authors').innerText()).not.toContain('more authors');
    await expect(more.locator('.when-open')).toBeVisible();
    await more.click();
    await expect(closedLabel).toBeVisible();
  });
});
