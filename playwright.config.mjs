// End-to-end tests: real pages in headless Chromium (the system one; nothing
// is downloaded); with E2E_ENGINE=firefox, Firefox ESR through the suite's
// driver (tests/e2e/driver/firefox.mjs); with E2E_ENGINE=webkit, WebKitGTK
// through tests/e2e/driver/webkit.mjs (run it under `xvfb-run -a`: its
// browser needs an X display). Every request is routed to local responses
// and logged by tests/e2e/fixtures.mjs: no test reaches the network.
import { defineConfig } from '@playwright/test';

const engine = process.env.E2E_ENGINE || 'chromium';
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // The drivers make a protocol call per locator step (Firefox's accessibility
  // lookups take 0.1 to 0.8 s each here): their tests get twice the time.
  timeout: engine === 'chromium' ? 30_000 : 60_000,
  reporter: [['list']],
  projects: [{ name: engine }],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    },
  },
});
