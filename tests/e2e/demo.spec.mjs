// The demo site (www/), built by webpack from the npm package, with the
// package's webpack plugin (webpack.config.js): Consentry's script first in
// <head>, the vendors' static tags held in the emitted HTML.
import { readFileSync, readdirSync } from 'node:fs';
import { test, expect, settle } from './fixtures.mjs';

const VENDORS = ['googletagmanager.com', 'cloudfront.net', 'clevertap.com', 'licdn.com', 'linkedin.com', 'bing.com', 'clarity.ms', 'youtube-nocookie.com'];

test('demo: the published snippets are held, listed in the panel, and released by the buttons', async ({ page, site }) => {
  await site.goto('/www/index.html');
  await settle(page, 300);
  // The page as written has untagged static markup (gtag.js's <script async
  // src>, the video frame) that the preload scanner would fetch before any
  // script runs; the webpack plugin held it in the emitted HTML. Nothing goes out.
  expect(site.requestsTo(VENDORS).map((r) => r.url)).toEqual([]);
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

test('demo: the plugin put Consentry first in <head> and held the static vendor tags', async () => {
  const html = readFileSync(new URL('../../www/dist/index.html', import.meta.url), 'utf8');
  expect(html).toMatch(/<head><script src="consentry\.[0-9a-f]+\.js"><\/script>\n<meta charset/);
  expect(html).toContain('<script async src="https://www.googletagmanager.com/gtag/js?id=G-DEMO000000" type="text/plain" data-category="analytics" data-vendor="google-analytics"></script>');
  expect(html).toMatch(/<iframe [^>]*data-src="https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ" data-category="marketing" data-vendor="youtube">/);
  expect(html).not.toMatch(/<iframe [^>]* src=/);
});

test('demo: no vendor request before consent; after acceptAll every vendor runs exactly once', async ({ page, site }) => {
  await site.goto('/www/index.html');
  await settle(page, 300);
  expect(site.requestsTo(VENDORS)).toEqual([]);
  expect(site.log.filter((r) => r.host !== 'site.test'), 'no third-party request at all').toEqual([]);
  site.mark('consent');
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(async () => (await site.ran()).length).toBeGreaterThanOrEqual(5);
  await settle(page, 500);
  const ran = await site.ran();
  // All five are async tags (the vendors publish them so): each runs once, in any order.
  expect([...ran].sort()).toEqual([
    'https://bat.bing.com/bat.js',
    'https://d2r1yp2w7bby2u.cloudfront.net/js/clevertap.min.js',
    'https://snap.licdn.com/li.lms-analytics/insight.min.js',
    'https://www.clarity.ms/tag/demo000000',
    'https://www.googletagmanager.com/gtag/js?id=G-DEMO000000',
  ]);
  // Each script fetched once, and the video frame loaded once, all after consent.
  const scripts = site.requestsTo(VENDORS, 'consent').filter((r) => r.type === 'script').map((r) => r.url);
  expect(new Set(scripts).size).toBe(scripts.length);
  expect(scripts).toHaveLength(5);
  expect(site.requestsTo(['youtube-nocookie.com'], 'consent').filter((r) => r.type === 'document')).toHaveLength(1);
  await expect(page.locator('iframe[title="Product video"]')).toHaveAttribute('src', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
});

test('demo: webpack emitted the two stages as two chunks, the vendor details and each language as a chunk of their own, and the page loads them only when they are needed', async ({ page, site }) => {
  const dist = new URL('../../www/dist/', import.meta.url);
  const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
  const stage1 = files.find((f) => /^consentry\.[0-9a-f]+\.js$/.test(f));
  const read = (f) => readFileSync(new URL(f, dist), 'utf8');
  // The interface's chunk: split by webpack from the package's import('./ui.js').
  const stage2 = files.filter((f) => f !== stage1 && read(f).includes('the consent interface is version'));
  expect(stage2).toHaveLength(1);
  expect(read(stage1)).not.toContain('the consent interface is version');
  expect(read(stage2[0]).length).toBeGreaterThan(100_000);
  // A chunk per language pack (split from the package's lang-loader.js):
  // German's texts in one chunk of their own, French's in another.
  const de = files.filter((f) => read(f).includes('Alle akzeptieren'));
  const fr = files.filter((f) => read(f).includes('Tout accepter'));
  expect(de).toHaveLength(1);
  expect(fr).toHaveLength(1);
  // The vendor details: a chunk of their own (split from the package's
  // details-loader.js), found by the start of their text.
  const detailsText = readFileSync(new URL('../../pkg/details.js', import.meta.url), 'utf8').split('"')[1].slice(0, 700);
  const details = files.filter((f) => read(f).includes(detailsText));
  expect(details).toHaveLength(1);
  expect(new Set([stage1, stage2[0], de[0], fr[0], details[0]]).size).toBe(5);
  // A first visit loads it (the banner); the demo's panel asks for vendor names too.
  await site.goto('/www/index.html');
  await expect(page.getByRole('region', { name: 'Your privacy choices' })).toBeVisible();
  expect(site.log.filter((r) => r.url.endsWith('/' + stage2[0]))).toHaveLength(1);
  await expect.poll(() => site.log.filter((r) => r.url.endsWith('/' + details[0])).length).toBe(1);
  // An English page: no language chunk.
  expect(site.log.filter((r) => r.url.endsWith('/' + de[0]) || r.url.endsWith('/' + fr[0]))).toEqual([]);
});

test('demo server: content-hashed files are cached for good, the rest revalidated', async () => {
  const { spawn } = await import('node:child_process');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(process.execPath, [new URL('../../scripts/serve.mjs', import.meta.url).pathname, String(port)], { stdio: 'ignore' });
  try {
    const dist = new URL('../../www/dist/', import.meta.url);
    const chunk = readdirSync(dist).find((f) => /^consentry\.[0-9a-f]{8}\.js$/.test(f));
    let res;
    for (let i = 0; i < 50 && !res; i++) {
      try { res = await fetch(`http://127.0.0.1:${port}/index.html`); } catch { await new Promise((r) => setTimeout(r, 100)); }
    }
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`http://127.0.0.1:${port}/${chunk}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  } finally {
    server.kill();
  }
});
