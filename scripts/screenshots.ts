/**
 * Takes screenshots of pages in light and dark mode with Debian's chromium, so
 * people can look at what readers see. Usage:
 *   npx tsx scripts/screenshots.ts BASE_URL OUT_DIR PATH...
 */
import { chromium } from '@playwright/test';

const [base = 'http://127.0.0.1:3000', outDir = 'test-results/screenshots', ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ colorScheme: scheme, viewport: { width, height: 900 } });
      for (const p of paths.length ? paths : ['/']) {
        await page.goto(base + p);
        const name = `${p.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'}-${scheme}-${width}.png`;
        await page.screenshot({ path: `${outDir}/${name}`, fullPage: false });
        process.stdout.write(`${outDir}/${name}\n`);
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
}
