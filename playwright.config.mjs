// End-to-end tests: real pages in headless Chromium (the system one; nothing
// is downloaded) and, with E2E_ENGINE=firefox, Firefox ESR through the
// suite's driver (tests/e2e/driver/firefox.mjs). Every request is routed to
// local responses and logged by tests/e2e/fixtures.mjs: no test reaches the
// network.
import { defineConfig } from '@playwright/test';

const firefox = process.env.E2E_ENGINE === 'firefox';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  // The consent interface's specs (banner, demo) drive it with locators,
  // the keyboard and axe, which the Firefox driver does not offer yet.
  testIgnore: firefox ? ['banner.spec.mjs', 'demo.spec.mjs'] : [],
  projects: [{ name: firefox ? 'firefox' : 'chromium' }],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    },
  },
});
