/**
 * Browser tests against a real server (bin/paperboy.js) on a fresh SQLite file
 * that loads the committed demo data on first start. Uses Debian's chromium:
 * never download a browser (scripts/ensure-test-deps.sh installs it).
 */
import { defineConfig, devices } from '@playwright/test';

const PORT = 3917;
const HOST = '127.0.0.1';
const BASE_URL = `http://${HOST}:${PORT}`;
/** inside outputDir, which Playwright clears before the server starts; removed again below to be sure */
const DB_FILE = 'test-results/e2e.db';

// The config is loaded again in every worker, so nothing here may touch the
// database: resetting it is part of the server command, which runs once.
const resetDb = [
  "const fs = require('node:fs');",
  "fs.mkdirSync('test-results', { recursive: true });",
  `for (const s of ['', '-wal', '-shm', '-journal']) fs.rmSync('${DB_FILE}' + s, { force: true });`,
].join(' ');

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  workers: 1,
  retries: 0,
  // list for people; json (outside outputDir, which Playwright empties) for the closing count in scripts/test.sh
  reporter: [['list'], ['json', { outputFile: '.test-reports/playwright.json' }]],
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    // If the server dies mid-run, say so (exit code, 128+N for signal N) instead of
    // leaving only ERR_CONNECTION_REFUSED in the following tests.
    command: `node -e "${resetDb}" && node bin/paperboy.js serve --port ${PORT} --host ${HOST} --db ${DB_FILE}; echo "paperboy server exited with status $?" >&2`,
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PAPERBOY_DEMO_DATA: 'true',
      PAPERBOY_LOG_LEVEL: 'warn',
      // nothing leaves this machine in a test: thumbnails would ask arxiv.org and the Hugging Face CDN
      PAPERBOY_THUMBNAILS: 'off',
    },
  },
});
