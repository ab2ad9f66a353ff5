/**
 * Composes a digest over the demo data and screenshots its HTML part in Debian's chromium at
 * desktop and phone width, so people can look at what subscribers get. Usage:
 *   npx tsx scripts/digest-screenshots.ts [OUT_DIR] [PERIOD]
 * Writes OUT_DIR/digest-desktop.png and OUT_DIR/digest-phone.png (the HTML goes to the temp folder).
 * The page is loaded from the file with every network request refused (a digest needs none).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { loadConfig } from '../src/config.ts';
import { Paperboy } from '../src/app/paperboy.ts';
import { DEFAULT_DIGEST_SETTINGS } from '../src/domain/digest.ts';

const [outDir = 'test-results/digest', period = 'D2026-08-21'] = process.argv.slice(2);
const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-digest-shots-'));
const config = loadConfig({ PAPERBOY_DB: ':memory:', PAPERBOY_BASE_URL: 'https://papers.example.org', PAPERBOY_OUTBOX: outbox, PAPERBOY_EMBEDDER: 'none', PAPERBOY_SECRET: 'screenshot-secret-screenshot-secret-0123' });
const core = await Paperboy.open(config);
let html: string;
try {
  await core.loadDemoIfEmpty();
  const admin = { id: 0, username: 'admin', isAdmin: true };
  await core.digests.subscribe('reader@example.org', null, 'script');
  const reader = (await core.digests.list(admin)).find((s) => s.email === 'reader@example.org')!;
  await core.digests.updateSettings(reader, {
    frequency: period.startsWith('W') ? 'weekly' : 'daily',
    sendHour: String(DEFAULT_DIGEST_SETTINGS.sendHour),
    timeZone: 'Europe/Berlin',
    paperCount: '8',
    includeTrending: true,
    includeSimilar: true,
    categories: '',
    keywords: 'agent memory\nvideo generation',
  });
  const preview = await core.digests.preview(admin, 'reader@example.org', period);
  if (!preview.html) throw new Error(`nothing to show for ${period}`);
  html = preview.html;
} finally {
  await core.close();
  fs.rmSync(outbox, { recursive: true, force: true });
}
fs.mkdirSync(outDir, { recursive: true });
const file = path.join(os.tmpdir(), `paperboy-digest-${process.pid}.html`);
fs.writeFileSync(file, html);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  for (const [name, width] of [['digest-desktop', 1280], ['digest-phone', 390]] as const) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const remote: string[] = [];
    await page.route(/^https?:/, (route) => {
      remote.push(route.request().url());
      return route.abort();
    });
    await page.goto(`file://${file}`);
    await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: true });
    if (remote.length) throw new Error(`the digest asked the network for ${remote.join(', ')}`);
    process.stdout.write(`${outDir}/${name}.png\n`);
    await page.close();
  }
} finally {
  await browser.close();
  fs.rmSync(file, { force: true });
}
