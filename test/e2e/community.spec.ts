/**
 * The community story in a real browser, against a real SMTP server that
 * receives the sign-in mail (test/e2e/community-instance.ts starts both).
 */
import { expect, test, type Page } from '@playwright/test';
import { startCommunityInstance, type CommunityInstance } from './community-instance.ts';

let instance: CommunityInstance;
test.beforeAll(async () => {
  instance = await startCommunityInstance();
});
test.afterAll(async () => {
  await instance?.stop();
});

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${instance.base}/`);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.fill('#signin-email', email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  await page.goto(await instance.signInLink(email));
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('sign up through the emailed link, rename, make an API token, sign out', async ({ page, request }) => {
  await signIn(page, 'ada@example.org');
  await expect(page).toHaveURL(/\/settings\?welcome=1$/);
  await expect(page.locator('.account-name')).toHaveText('@ada');
  const mail = instance.smtp.messages.find((m) => m.envelope.to.includes('ada@example.org'))!;
  expect(mail.parsed.subject).toBe('Your link to join Paperboy');
  expect(mail.parsed.html).toContain('/signin/verify?token=');
  await page.screenshot({ path: 'test-results/screenshots/settings-welcome.png', fullPage: true });

  await page.fill('#username', 'ada-l');
  await page.fill('#fullname', 'Ada Lovelace');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.notice.ok')).toHaveText('Saved.');
  await expect(page.locator('.account-name')).toHaveText('@ada-l');

  await page.fill('#token-name', 'e2e');
  await page.getByRole('button', { name: 'Make a token' }).click();
  const token = (await page.locator('#new-token').innerText()).trim();
  const who = await request.get(`${instance.base}/api/whoami`, { headers: { authorization: `Bearer ${token}` } });
  expect(await who.json()).toEqual({ user: { name: 'ada-l', isAdmin: true } });

  await page.goto(`${instance.base}/u/ada-l`);
  await expect(page.locator('h1')).toHaveText('Ada Lovelace');
  await page.goto(`${instance.base}/settings`);
  await page.locator('.account-nav').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  expect((await page.goto(`${instance.base}/admin`))?.status()).toBe(401);
});
