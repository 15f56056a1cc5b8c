// The stored choice, withdrawal, and the public API.
import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { test, expect, ranAtLeast, settle, SITE } from './fixtures.mjs';
import { createHash } from 'node:crypto';

test('a stored choice is honoured on the next load, before anything runs', async ({ page, site, context }) => {
  await site.goto('/shop/consent.html');
  await settle(page);
  expect(await site.ran()).toEqual([]);
  await page.evaluate(() => Consentry.acceptAll());
  await ranAtLeast(page, 3);
  // The browser's store (through DevTools) gets the page's cookie write asynchronously.
  await expect.poll(async () => (await context.cookies()).some((c) => c.name === 'consentry')).toBe(true);
  const cookie = (await context.cookies()).find((c) => c.name === 'consentry');
  expect(cookie.value).toMatch(/^1\.fam\.[0-9a-z]{20}\.\d+\.0\.\d+$/);
  expect(cookie.sameSite).toBe('Lax');
  expect(cookie.secure).toBe(true);
  // Reload: the parsed tags run in place, in document order, with no call to the API.
  site.mark('reload');
  await page.reload();
  await ranAtLeast(page, 3);
  expect(await site.ran()).toEqual(['ga', 'clevertap', 'tagged']);
  const consent = await page.evaluate(() => Consentry.getConsent());
  expect(consent).toMatchObject({ necessary: true, functional: true, analytics: true, marketing: true, decided: true, revision: 0 });
  expect(consent.id).toMatch(/^[0-9a-z]{20}$/);
});

test('an API call that throws inside (a hostile argument): no exception reaches the page, Consentry fails closed', async ({ page, site }) => {
  await site.goto('/shop/consent.html');
  await settle(page);
  const r = await page.evaluate(() => {
    try { Consentry.accept(new Proxy(['analytics'], { get() { throw new Error('hostile array'); } })); return 'returned'; } catch (e) { return 'threw ' + e; }
  });
  expect(r).toBe('returned');
  expect(site.console.some((c) => c.type === 'error' && /^Consentry: internal error/.test(c.text))).toBe(true);
  // From then on nothing is released, and a vendor inserted now stays held.
  site.mark('after');
  await page.evaluate(() => {
    Consentry.acceptAll();
    const s = document.createElement('script');
    s.src = 'https://bat.bing.com/bat.js?t=late';
    document.head.appendChild(s);
  });
  await settle(page, 300);
  expect(await site.ran()).toEqual([]);
  expect(site.requestsTo(['bat.bing.com', 'googletagmanager.com', 'cloudfront.net'], 'after')).toEqual([]);
  expect(await page.evaluate(() => Consentry.getConsent().decided)).toBe(false);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
});

test('a corrupted record fails closed: everything stays held', async ({ page, site, context }) => {
  await context.addCookies([{ name: 'consentry', value: '1.fam.short.1.0.2', url: SITE }]);
  await site.goto('/shop/consent.html');
  await settle(page);
  expect(await site.ran()).toEqual([]);
  expect(site.console.some((c) => c.type === 'warning' && /unreadable/.test(c.text))).toBe(true);
  expect(await page.evaluate(() => Consentry.getConsent().decided)).toBe(false);
});

test('a record from another configuration revision is not honoured', async ({ page, site, context }) => {
  const now = Math.floor(Date.now() / 1000);
  await context.addCookies([{ name: 'consentry', value: `1.fam.abcdefghij0123456789.${now}.7.${now + 1000}`, url: SITE }]);
  await site.goto('/shop/consent.html');
  await settle(page);
  expect(await site.ran()).toEqual([]);
});

test('withdrawal deletes the vendor’s cookies in every variant and its storage, and nothing else', async ({ page, site, context }) => {
  await site.goto('/shop/consent.html');
  await page.evaluate(() => Consentry.acceptAll());
  await ranAtLeast(page, 3);
  await page.evaluate(() => {
    const set = (c) => { document.cookie = c; };
    set('WZRK_G=host-root; path=/');
    set('WZRK_G=host-shop; path=/shop');
    set('WZRK_G=dom-root; domain=site.test; path=/');
    set('WZRK_S_8R5-4K5-466Z=session; path=/shop/');
    set('WZRK_K=fallback; path=/');
    set('_ga=GA1.1.1; path=/');
    set('session=first-party; path=/');
    set('WZRKX=not-a-family-member; path=/');
    localStorage.setItem('WZRK_META', '{}');
    localStorage.setItem('WZRK_G', 'x');
    localStorage.setItem('app_state', 'keep');
    sessionStorage.setItem('WZRK_D', '1');
    sessionStorage.setItem('cart', 'keep');
  });
  const events = page.evaluate(() => new Promise((r) => window.addEventListener('consentry:change', (e) => r(e.detail), { once: true })));
  // Withdraw marketing: CleverTap (analytics + marketing) loses; Google Analytics keeps.
  await page.evaluate(() => Consentry.accept(['analytics', 'functional']));
  const detail = await events;
  expect(detail).toMatchObject({ analytics: true, marketing: false, decided: true });
  // What the page (and any script on it) sees: gone at once.
  const seen = await page.evaluate(() => document.cookie.split('; ').filter((c) => c.startsWith('WZRK_')));
  expect(seen).toEqual([]);
  // The browser's store, read through DevTools: the page's cookie writes
  // reach it asynchronously, so it is polled.
  const names = async () => (await context.cookies()).map((c) => `${c.name}=${c.value}`).sort();
  await expect.poll(async () => (await names()).filter((n) => n.startsWith('WZRK_'))).toEqual([]);
  expect(await names()).toEqual(expect.arrayContaining(['_ga=GA1.1.1', 'session=first-party', 'WZRKX=not-a-family-member']));
  const storage = await page.evaluate(() => [Object.keys(localStorage).sort(), Object.keys(sessionStorage).sort()]);
  expect(storage).toEqual([['app_state'], ['cart']]);
  // From the next load on, CleverTap is held again; Google Analytics runs.
  await page.reload();
  await ranAtLeast(page, 1);
  await settle(page);
  expect(await site.ran()).toEqual(['ga']);
  const held = await page.evaluate(() => Consentry.held().map((h) => h.vendor));
  expect(held).toContain('clevertap');
});

test('a released script is the same element, with its handlers and attributes', async ({ page, site }) => {
  await site.goto('/release.html');
  const body = '(window.__ran = window.__ran || []).push("rel");';
  const integrity = 'sha384-' + createHash('sha384').update(body).digest('base64');
  await page.evaluate((integrity) => {
    window.__events = [];
    const s = document.createElement('script');
    s.src = 'https://bat.bing.com/bat.js?t=rel';
    s.async = false;
    s.onload = () => window.__events.push('onload');
    s.addEventListener('load', () => window.__events.push('listener'));
    s.crossOrigin = 'anonymous';
    s.referrerPolicy = 'no-referrer';
    s.integrity = integrity;
    s.nonce = 'n0nce';
    s.dataset.mine = 'yes';
    window.__s = s;
    document.head.appendChild(s);
    const bad = document.createElement('script');
    bad.src = 'https://bat.bing.com/bat.js?t=tampered';
    bad.integrity = 'sha384-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    bad.crossOrigin = 'anonymous';
    document.head.appendChild(bad);
  }, integrity);
  await settle(page);
  expect(site.requestsTo(['bat.bing.com'])).toEqual([]);
  site.mark('consent');
  await page.evaluate(() => Consentry.acceptAll());
  await page.waitForFunction(() => window.__events.length >= 2);
  await settle(page, 200);
  expect(await page.evaluate(() => window.__events)).toEqual(['onload', 'listener']);
  expect(await site.ran()).toEqual(['rel']); // the tampered copy failed its integrity check
  const same = await page.evaluate(() => {
    const s = document.querySelector('script[data-mine]');
    return { same: s === window.__s, nonce: s.nonce, cors: s.crossOrigin, ref: s.referrerPolicy, type: s.getAttribute('type'), integrity: s.integrity.slice(0, 7) };
  });
  expect(same).toEqual({ same: true, nonce: 'n0nce', cors: 'anonymous', ref: 'no-referrer', type: null, integrity: 'sha384-' });
  const req = site.requestsTo(['bat.bing.com'], 'consent').find((r) => r.url.includes('t=rel'));
  expect(req).toBeTruthy();
});

test('public API: classify, vendors, getConsent', async ({ page, site }) => {
  await site.goto('/release.html');
  const r = await page.evaluate(() => ({
    ct: Consentry.classify('https://eu1.clevertap-prod.com/a?t=96'),
    rel: Consentry.classify('/js/app.js'),
    look: Consentry.classify('https://clevertap.com.evil.example/x.js'),
    idn: Consentry.classify('https://ｗｗｗ.clarity.ms/tag/x'),
    n: Consentry.vendors().length,
    ct2: Consentry.vendors().find((v) => v.id === 'clevertap'),
    c: Consentry.getConsent(),
    v: Consentry.version(),
  }));
  expect(r.ct).toEqual({ vendor: 'clevertap', name: 'CleverTap', categories: ['analytics', 'marketing'], held: true });
  expect(r.rel).toBeNull();
  expect(r.look).toBeNull();
  expect(r.idn?.vendor).toBe('microsoft-clarity');
  expect(r.n).toBeGreaterThan(10);
  expect(r.ct2.hosts).toContain('clevertap-prod.com');
  expect(r.ct2.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['WZRK_G', 'WZRK_S_']));
  expect(r.c).toMatchObject({ necessary: true, functional: false, analytics: false, marketing: false, decided: false, id: null });
  expect(r.v).toMatch(/^\d+\.\d+\.\d+/);
  // Bad input changes nothing and throws nothing.
  await page.evaluate(() => { Consentry.accept(['stats']); Consentry.accept('nope'); Consentry.accept(42); });
  expect(await page.evaluate(() => Consentry.getConsent().decided)).toBe(false);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
  expect(site.console.filter((c) => c.type === 'error').length).toBe(3);
});

/**
 * Loads csp-nowasm.html (a parsed vendor tag, a first-party script, and an
 * inserted vendor script and pixel) where Consentry cannot start, checks that
 * it failed closed (only the first-party script ran, no vendor request, the
 * API says `failed`), and returns Consentry's console error.
 */
async function failedClosed(page, site) {
  await site.goto('/csp-nowasm.html');
  await settle(page, 300);
  expect(await site.ran()).toEqual(['first-party']);
  expect(site.requestsTo(['bat.bing.com', 'px.ads.linkedin.com'])).toEqual([]);
  expect(await page.evaluate(() => Consentry.getConsent().failed)).toBe(true);
  return site.console.find((c) => c.type === 'error' && c.text.startsWith('Consentry:'))?.text;
}

test('a CSP without wasm-unsafe-eval: a clear console error, and everything third-party stays held', async ({ page, site }) => {
  site.headers('/csp-nowasm.html', { 'content-security-policy': "script-src 'self' 'unsafe-inline'" });
  const err = await failedClosed(page, site);
  expect(err).toContain("Content-Security-Policy forbids WebAssembly");
  expect(err).toContain("'wasm-unsafe-eval'");
  await page.evaluate(() => Consentry.acceptAll()); // says why, releases nothing
  await settle(page);
  expect(await site.ran()).toEqual(['first-party']);
});

test('consentry.global.js minified again by a site: with default settings it works; told to drop every comment, a clear console error and everything third-party stays held', async ({ page, site }) => {
  const built = readFileSync(new URL('../../pkg/consentry.global.js', import.meta.url), 'utf8');
  // A minifier's defaults keep the legal comment that carries the module.
  const minified = (await transform(built, { minify: true })).code;
  await page.route('https://site.test/consentry.global.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: minified }));
  await site.goto('/banner.html');
  await expect(page.getByRole('region', { name: 'Your privacy choices' })).toBeVisible();
  expect(await page.evaluate(() => Consentry.getConsent().failed)).toBeUndefined();
  await page.unroute('https://site.test/consentry.global.js');
  // Told to drop every comment, it removes the module.
  const stripped = (await transform(built, { minify: true, legalComments: 'none' })).code;
  expect(stripped.length).toBeLessThan(built.length / 2);
  await page.route('https://site.test/consentry.global.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: stripped }));
  const err = await failedClosed(page, site);
  expect(err).toContain('consentry.global.js was changed after it was built');
  expect(err).toContain('excluded from minification');
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
});

test('headless build: no banner, dialog or policy table; vendors held until the site calls the API; do-not-sell link works', async ({ page, site, context }) => {
  await site.goto('/headless.html');
  await settle(page);
  expect(await page.locator('consentry-ui').count()).toBe(0);
  expect(site.requestsTo(['googletagmanager.com', 'facebook.net'])).toEqual([]);
  expect(await page.evaluate(() => Consentry.held().map((h) => h.vendor).sort())).toEqual(['google-analytics', 'meta-pixel']);
  // The policy placeholder and showPreferences() say why nothing appears.
  expect(site.console.some((c) => c.type === 'warning' && /headless build renders no cookie policy table/.test(c.text))).toBe(true);
  await page.evaluate(() => Consentry.showPreferences());
  expect(site.console.some((c) => c.type === 'warning' && /headless build.*Consentry\.accept/.test(c.text))).toBe(true);
  site.mark('analytics');
  await page.locator('#analytics').click();
  await expect.poll(() => site.ran()).toEqual(['ga']);
  expect(site.requestsTo(['facebook.net'])).toEqual([]);
  await expect.poll(async () => (await context.cookies()).find((c) => c.name === 'consentry')?.value).toMatch(/^1\./);
  expect(await page.evaluate(() => Consentry.getConsent())).toMatchObject({ analytics: true, marketing: false, decided: true });
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(() => site.ran()).toEqual(['ga', 'meta']);
  await page.getByRole('link', { name: /Do not sell/ }).click();
  expect(await page.evaluate(() => Consentry.getConsent())).toMatchObject({ analytics: true, functional: true, marketing: false, decided: true });
  await settle(page);
  expect(await site.ran()).toEqual(['ga', 'meta']);
  expect(site.console.filter((c) => c.type === 'error' || c.type === 'pageerror')).toEqual([]);
});
