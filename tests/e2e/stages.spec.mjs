// The two stages: consentry.global.js (the blocker, parser-blocking) and
// the consent interface it loads after itself (consentry-ui.<hash>.js,
// with its integrity hash and the page's nonce). When the interface cannot
// be loaded, nothing is released, the console names the file and the
// cause, and the deciding API keeps working.
import { readFileSync, readdirSync } from 'node:fs';
import { test, expect, settle, SITE } from './fixtures.mjs';

const pkg = new URL('../../pkg/', import.meta.url);
const UI_FILE = readdirSync(pkg).find((f) => /^consentry-ui\.[0-9a-f]+\.js$/.test(f));
const UI_URL = SITE + '/' + UI_FILE;
const VENDORS = ['googletagmanager.com', 'cloudfront.net', 'facebook.net'];
const ours = (site) => site.console.filter((c) => c.type === 'error' && c.text.startsWith('Consentry:')).map((c) => c.text);

/**
 * Opens the banner page with the interface failing as `fail` makes it
 * (a route handler for its URL, or a CSP header), then checks the promise:
 * nothing released, the console names the file and `cause`, and the API
 * still decides and releases.
 */
async function failing(page, site, cause, fail) {
  await fail();
  site.mark('start');
  await site.goto('/banner.html');
  await settle(page, 500);
  // No banner, nothing released: every vendor request since the start is the
  // preload scanner's (the page's static tags), none ran.
  expect(await page.locator('consentry-ui').count()).toBe(0);
  expect(await site.ran()).toEqual([]);
  await expect.poll(() => ours(site)).toEqual(expect.arrayContaining([expect.stringContaining(UI_URL)]));
  const message = ours(site).find((t) => t.includes(UI_URL));
  expect(message).toMatch(cause);
  expect(message).toMatch(/Fix: /);
  expect(message).toMatch(/every vendor stays held; Consentry\.acceptAll\(\), accept\(\) and rejectAll\(\) still work/);
  // The deciding API works: the site's own button can still consent.
  expect(await page.evaluate(() => Consentry.showPreferences())).toBe(false);
  expect(await page.evaluate(() => Consentry.vendors())).toEqual([]);
  site.mark('consent');
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(async () => (await site.ran()).sort()).toEqual(['clevertap', 'ga', 'meta']);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
}

test('stage 2 answers 404: nothing released, the console names the file and the status', async ({ page, site }) => {
  await failing(page, site, /the server answered 404/, () => page.route(UI_URL, (r) => r.fulfill({ status: 404, body: 'not found' })));
});

test('stage 2 while offline: nothing released, the console says the request failed', async ({ page, site }) => {
  // The diagnostic fetch fails the same way.
  await failing(page, site, /the request failed: the visitor is offline/, () => page.route(UI_URL, (r) => r.abort('internetdisconnected')));
});

test('stage 2 blocked by an extension: nothing released, the console says the request failed', async ({ page, site }) => {
  await failing(page, site, /blocked it/, () => page.route(UI_URL, (r) => r.abort('blockedbyclient')));
});

test('stage 2 changed after the build (tampered): refused by its integrity hash, nothing released', async ({ page, site }) => {
  const body = readFileSync(new URL(UI_FILE, pkg), 'utf8').replace('Consentry', 'Evilsentry');
  await failing(page, site, /does not match the integrity hash built into consentry\.global\.js \(sha384-/, () =>
    page.route(UI_URL, (r) => r.fulfill({ status: 200, contentType: 'text/javascript', body })));
});

test('stage 2 blocked by a CSP that allows only consentry.global.js: nothing released, the console names the CSP', async ({ page, site }) => {
  await failing(page, site, /Content-Security-Policy blocked it/, async () => {
    // The site allows its own script by path, and the vendors it uses.
    const vendors = 'https://www.googletagmanager.com https://d2r1yp2w7bby2u.cloudfront.net https://connect.facebook.net';
    site.headers('/banner.html', { 'content-security-policy': `script-src ${SITE}/consentry.global.js ${vendors} 'unsafe-inline' 'wasm-unsafe-eval'` });
  });
});

test('a strict CSP without strict-dynamic: stage 2 loads with the nonce of consentry.global.js', async ({ page, site }) => {
  site.headers('/csp-strict.html', { 'content-security-policy': "script-src 'nonce-n0nce' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'" });
  await site.goto('/csp-strict.html');
  await expect(page.getByRole('region', { name: 'Your privacy choices' })).toBeVisible();
  expect(site.console.filter((c) => c.type === 'error' || c.type === 'pageerror')).toEqual([]);
});

test('stage 2 loaded from uiUrl (say, a CDN copy of the same file): its integrity is still checked, and its vendor details come from beside it', async ({ page, site }) => {
  const cdn = [];
  await page.route('https://cdn.site-assets.test/**', (r) => {
    const url = r.request().url();
    cdn.push(url);
    const body = readFileSync(new URL(url.slice(url.lastIndexOf('/') + 1), pkg));
    return r.fulfill({ status: 200, contentType: 'text/javascript', headers: { 'access-control-allow-origin': '*' }, body });
  });
  await site.goto('/banner.html?cfg=' + encodeURIComponent(JSON.stringify({ uiUrl: 'https://cdn.site-assets.test/c/' + UI_FILE })));
  await expect(page.getByRole('region', { name: 'Your privacy choices' })).toBeVisible();
  // The page's cookie policy needs the details.
  const details = readdirSync(pkg).find((f) => /^consentry-details\.[0-9a-f]+\.js$/.test(f));
  await expect.poll(() => cdn).toEqual(['https://cdn.site-assets.test/c/' + UI_FILE, 'https://cdn.site-assets.test/c/' + details]);
  await expect(page.getByRole('heading', { name: 'CleverTap' })).toBeVisible();
  expect(site.log.filter((r) => new URL(r.url).pathname === '/' + UI_FILE)).toEqual([]);
});

test('the interface file on its own (a <script> tag for it) does nothing but say so', async ({ page, site }) => {
  await site.goto('/release.html');
  await page.addScriptTag({ url: '/' + UI_FILE });
  await settle(page);
  expect(site.console.some((c) => c.type === 'error' && c.text.includes('is the consent interface of consentry.global.js, which loads it itself'))).toBe(true);
  expect(await page.locator('consentry-ui').count()).toBe(0);
});

test('the built files: stage 2 named by its content, its hash built into stage 1', async () => {
  const stage1 = readFileSync(new URL('consentry.global.js', pkg), 'utf8');
  const { createHash } = await import('node:crypto');
  const ui = readFileSync(new URL(UI_FILE, pkg));
  expect(UI_FILE).toBe('consentry-ui.' + createHash('sha256').update(ui).digest('hex').slice(0, 10) + '.js');
  expect(stage1).toContain(UI_FILE);
  expect(stage1).toContain('sha384-' + createHash('sha384').update(ui).digest('base64'));
});
