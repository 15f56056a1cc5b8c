// The demo site (www/), built by webpack from the npm package.
import { test, expect, settle } from './fixtures.mjs';

const VENDORS = ['googletagmanager.com', 'cloudfront.net', 'clevertap.com', 'licdn.com', 'linkedin.com', 'bing.com', 'clarity.ms', 'youtube-nocookie.com'];

test('demo: the published snippets are held, listed in the panel, and released by the buttons', async ({ page, site }) => {
  await site.goto('/www/index.html');
  await settle(page, 300);
  // Untagged static markup (gtag.js's <script async src>, the video frame) is
  // fetched by the browser before any script runs; nothing else goes out.
  const before = site.requestsTo(VENDORS).map((r) => r.url);
  for (const u of before) expect(u).toMatch(/gtag\/js\?id=G-DEMO|youtube-nocookie\.com\/embed/);
  expect(await site.ran()).toEqual([]);
  const rows = await page.locator('#panel-held tr').allTextContents();
  for (const name of ['Google Analytics', 'CleverTap', 'LinkedIn Insight Tag', 'Microsoft Advertising UET', 'Microsoft Clarity', 'YouTube']) {
    expect(rows.some((r) => r.includes(name)), name).toBe(true);
  }
  // The banner is up; choose analytics only in its preferences.
  site.mark('analytics');
  await page.getByRole('region', { name: 'Your privacy choices' }).getByRole('button', { name: 'Preferences' }).click();
  const dialog = page.getByRole('dialog', { name: 'Privacy preferences' });
  await dialog.getByRole('switch', { name: 'Analytics' }).check();
  await dialog.getByRole('button', { name: 'Save choices' }).click();
  await expect.poll(async () => (await site.ran()).length).toBeGreaterThanOrEqual(2);
  await settle(page, 300);
  expect((await site.ran()).sort()).toEqual(['https://www.clarity.ms/tag/demo000000', 'https://www.googletagmanager.com/gtag/js?id=G-DEMO000000'].sort());
  expect(site.requestsTo(['cloudfront.net', 'licdn.com', 'bing.com'], 'analytics')).toEqual([]);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(async () => (await site.ran()).length).toBeGreaterThanOrEqual(5);
  await expect(page.locator('#panel-held')).toContainText('Nothing held');
});
