// The stored choice, withdrawal, and the public API.
import { readFileSync } from 'node:fs';
import { transform, build } from 'esbuild';
import { test, expect, ranAtLeast, settle, SITE, stubScript } from './fixtures.mjs';
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

test('a hostile argument (a proxy that throws, a symbol, null): named in the console, nothing changes, and the blocker stays on', async ({ page, site }) => {
  await site.goto('/shop/consent.html');
  await settle(page);
  const r = await page.evaluate(() => {
    const out = [];
    const hostile = new Proxy(['analytics'], { get() { throw new Error('hostile array'); } });
    for (const [f, arg] of [['accept', hostile], ['accept', null], ['accept', undefined], ['classify', undefined], ['classify', null], ['classify', [1, 2, 3]], ['classify', Symbol('x')]]) {
      try { Consentry[f](arg); out.push('returned'); } catch (e) { out.push('threw ' + e); }
    }
    try { Consentry.accept(); out.push('returned'); } catch (e) { out.push('threw ' + e); }
    return out;
  });
  expect(r).toEqual(Array(8).fill('returned'));
  const errors = site.console.filter((c) => c.type === 'error').map((c) => c.text);
  expect(errors.filter((t) => /^Consentry: internal error/.test(t))).toEqual([]);
  expect(errors).toEqual(expect.arrayContaining([
    expect.stringMatching(/^Consentry\.accept\(categories\): the array could not be read/),
    expect.stringMatching(/^Consentry\.accept\(categories\): expected an array .*got null; nothing changed$/),
    expect.stringMatching(/^Consentry\.classify\(url\): expected a URL string, got a symbol$/),
  ]));
  expect(await site.ran()).toEqual([]);
  expect(await page.evaluate(() => Consentry.getConsent())).toMatchObject({ decided: false });
  // The visitor can still consent on this page.
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(() => site.ran()).toEqual(['ga', 'clevertap', 'tagged']);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
});

test('property: no argument of any API call, hostile ones included, throws at the page or turns the blocker off', async ({ page, site }) => {
  // fast-check, bundled for the page: the values are made there (proxies and
  // symbols cannot cross from Node).
  const fc = (await build({ entryPoints: ['fast-check'], bundle: true, format: 'iife', globalName: 'fc', write: false, logLevel: 'silent' })).outputFiles[0].text;
  await site.goto('/shop/consent.html');
  await page.addScriptTag({ content: fc });
  const result = await page.evaluate(async () => {
    // Hostile values are made fresh for each call, from a plain recipe the
    // arbitraries draw (fast-check itself would trip over them).
    const throwing = { get() { throw new Error('get'); }, has() { throw new Error('has'); }, ownKeys() { throw new Error('ownKeys'); }, getPrototypeOf() { throw new Error('proto'); }, getOwnPropertyDescriptor() { throw new Error('gopd'); } };
    const poisoned = () => ({ toString() { throw new Error('toString'); }, valueOf() { throw new Error('valueOf'); }, [Symbol.toPrimitive]() { throw new Error('prim'); } });
    const SPECIAL = [
      () => Symbol('s'), () => () => 1, () => new Proxy({}, throwing), () => new Proxy(['analytics'], throwing),
      () => { const r = Proxy.revocable([], {}); r.revoke(); return r.proxy; }, poisoned,
      () => Object.defineProperty([], 0, { get() { throw new Error('index'); } }),
      () => new Proxy([], { get: (t, k) => (k === 'length' ? 1e9 : 'analytics') }),
      () => [poisoned()], () => [Symbol('c')], () => Object.create(null), () => new Proxy(['analytics'], {}), () => document.body, () => window,
      () => new Proxy(['marketing'], { get(t, k) { if (k === 'length') throw new Error('length'); return t[k]; } }),
    ];
    const make = (v) => (v && typeof v === 'object' && 'special' in v ? SPECIAL[v.special]() : Array.isArray(v) ? v.map(make) : v);
    const special = fc.record({ special: fc.integer({ min: 0, max: SPECIAL.length - 1 }) });
    const value = fc.oneof(
      fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true }),
      special,
      fc.array(fc.oneof(fc.constantFrom('necessary', 'functional', 'analytics', 'marketing', 'stats', ''), fc.anything(), special), { maxLength: 6 }),
      fc.webUrl(),
    );
    const calls = ['acceptAll', 'rejectAll', 'accept', 'showPreferences', 'getConsent', 'held', 'classify', 'vendors', 'version'];
    const bad = [];
    fc.assert(fc.property(fc.constantFrom(...calls), fc.array(value, { maxLength: 3 }), (name, recipe) => {
      const args = recipe.map(make);
      let ok = true;
      try {
        const r = Consentry[name](...args);
        if (r && typeof r.then === 'function') r.then(null, () => bad.push(name + ' rejected'));
      } catch (e) { ok = false; bad.push(name + ' threw ' + e); }
      if (Consentry.getConsent().failed) { ok = false; bad.push(name + ' turned the blocker off'); }
      return ok;
    }), { numRuns: 1500, seed: 20261203 });
    await new Promise((r) => setTimeout(r, 100));
    return bad;
  });
  expect(result).toEqual([]);
  expect(site.console.filter((c) => /^Consentry: internal error/.test(c.text))).toEqual([]);
  // Still blocking, still releasing.
  site.mark('after');
  await page.evaluate(() => {
    Consentry.rejectAll();
    const s = document.createElement('script');
    s.src = 'https://bat.bing.com/bat.js?t=late';
    document.head.appendChild(s);
  });
  await settle(page, 300);
  expect(site.requestsTo(['bat.bing.com'], 'after')).toEqual([]);
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(() => site.requestsTo(['bat.bing.com'], 'after').length).toBe(1);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
});

test('consent withdrawn while a release waits: the waiting script stays held, released scripts are not held again, and later vendors are released', async ({ page, site }) => {
  await site.goto('/shop/consent.html');
  // acceptAll releases ga and clevertap (ordered) and queues the inline
  // tagged script behind them; rejectAll comes before they have loaded.
  await page.evaluate(() => { Consentry.acceptAll(); Consentry.rejectAll(); });
  await settle(page, 500);
  expect((await site.ran()).filter((r) => r === 'tagged')).toEqual([]);
  expect(await page.evaluate(() => Consentry.held().map((h) => h.kind))).toEqual(['script']);
  site.mark('after');
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = 'https://bat.bing.com/bat.js?t=late';
    document.head.appendChild(s);
  });
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(() => site.requestsTo(['bat.bing.com'], 'after').length).toBe(1);
  await expect.poll(async () => (await site.ran()).sort()).toEqual(['clevertap', 'ga', 'late', 'tagged']);
  // ga and clevertap ran once each, and were not fetched again: not held
  // and re-released after the withdrawal.
  expect(site.requestsTo(['googletagmanager.com', 'cloudfront.net'], 'after')).toEqual([]);
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
  // What the page (and any script on it) sees: gone as soon as the consent
  // interface, which knows the vendors' cookie names, is there (this page's
  // interface is off: it is loaded for the deletion).
  await expect.poll(() => page.evaluate(() => document.cookie.split('; ').filter((c) => c.startsWith('WZRK_')))).toEqual([]);
  expect(site.log.filter((r) => /\/consentry-ui\.[0-9a-f]+\.js$/.test(r.url))).toHaveLength(1);
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
  const body = stubScript(new URL('https://bat.bing.com/bat.js?t=rel'));
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
  const r = await page.evaluate(async () => ({
    ct: Consentry.classify('https://eu1.clevertap-prod.com/a?t=96'),
    rel: Consentry.classify('/js/app.js'),
    look: Consentry.classify('https://clevertap.com.evil.example/x.js'),
    idn: Consentry.classify('https://ｗｗｗ.clarity.ms/tag/x'),
    n: (await Consentry.vendors()).length,
    ct2: (await Consentry.vendors()).find((v) => v.id === 'clevertap'),
    c: Consentry.getConsent(),
    v: Consentry.version(),
  }));
  expect(r.ct).toEqual({ vendor: 'clevertap', categories: ['analytics', 'marketing'], held: true });
  expect(r.rel).toBeNull();
  expect(r.look).toBeNull();
  expect(r.idn?.vendor).toBe('microsoft-clarity');
  expect(r.n).toBeGreaterThan(10);
  expect(r.ct2).toMatchObject({ name: 'CleverTap', categories: ['analytics', 'marketing'], exempt: false, policy: expect.stringMatching(/^https:\/\//) });
  expect(r.ct2.hosts).toContain('clevertap-prod.com');
  expect(r.ct2.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['WZRK_G', 'WZRK_S_']));
  expect(r.ct2.cookies.find((c) => c.name === 'WZRK_S_')).toMatchObject({ match: 'prefix', label: 'WZRK_S_…', retention: expect.any(String), domain: null });
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
  expect(site.requestsTo(['bat.bing.com', 'px.ads.linkedin.com']), 'inserted tags, and tags parsed elsewhere with a poster, imagesrcset, xlink:href or a later srcset candidate').toEqual([]);
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

test('headless build: stage 1 alone: no banner or dialog, no interface fetched; vendors held until the site calls the API; do-not-sell link works', async ({ page, site, context }) => {
  // The same blocker module as consentry.global.js, the interface off.
  const text = (f) => readFileSync(new URL('../../pkg/' + f, import.meta.url), 'utf8').match(/\/\/!(.*)/)[1];
  expect(text('consentry.headless.global.js')).toBe(text('consentry.global.js'));
  await site.goto('/headless.html');
  await settle(page);
  expect(await page.locator('consentry-ui').count()).toBe(0);
  expect(site.log.filter((r) => /consentry-ui/.test(r.url))).toEqual([]);
  expect(site.requestsTo(['googletagmanager.com', 'facebook.net'])).toEqual([]);
  expect(await page.evaluate(() => Consentry.held().map((h) => h.vendor).sort())).toEqual(['google-analytics', 'meta-pixel']);
  // showPreferences() says why nothing appears.
  expect(await page.evaluate(() => Consentry.showPreferences())).toBe(false);
  expect(site.console.some((c) => c.type === 'warning' && /interface is off.*headless build.*Consentry\.accept/.test(c.text))).toBe(true);
  site.mark('analytics');
  await page.locator('#analytics').click();
  await expect.poll(() => site.ran()).toEqual(['ga']);
  expect(site.requestsTo(['facebook.net'])).toEqual([]);
  await expect.poll(async () => (await context.cookies()).find((c) => c.name === 'consentry')?.value).toMatch(/^1\./);
  expect(await page.evaluate(() => Consentry.getConsent())).toMatchObject({ analytics: true, marketing: false, decided: true });
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(() => site.ran()).toEqual(['ga', 'meta']);
  expect(site.log.filter((r) => /consentry-ui/.test(r.url)), 'still no interface: nothing was withdrawn').toEqual([]);
  await page.getByRole('link', { name: /Do not sell/ }).click();
  expect(await page.evaluate(() => Consentry.getConsent())).toMatchObject({ analytics: true, functional: true, marketing: false, decided: true });
  await settle(page);
  expect(await site.ran()).toEqual(['ga', 'meta']);
  expect(site.console.filter((c) => c.type === 'error' || c.type === 'pageerror')).toEqual([]);
});

test('headless build: a cookie policy placeholder is filled by the interface, loaded for it once the page is parsed', async ({ page, site }) => {
  await site.goto('/headless-policy.html');
  await expect(page.locator('[data-consentry-policy] h3').first()).toHaveText('Consentry');
  await expect(page.locator('[data-consentry-policy] h3')).toHaveText(['Consentry', 'Google Analytics']);
  expect(await page.locator('consentry-ui').count()).toBe(0);
  expect(site.console.filter((c) => c.type === 'error' || c.type === 'pageerror')).toEqual([]);
});
