// The service-worker guard (consentry-sw.js, crate/js/sw.js): from the
// moment the worker controls a page, requests no DOM hook sees (the preload
// scanner's, import(), CSS url(), a worker's importScripts and fetch) never
// reach a held vendor before consent, and go through after it. Every claim
// is read from the request log: what the worker answers with a network error
// never reaches the test's routes.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, settle, ranAtLeast } from './fixtures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const GA = ['google-analytics.com'];
const META = ['facebook.net'];

// Firefox's BiDi interception does not see a service worker's requests:
// there the suite runs through the recording proxy (see driver/firefox.mjs).
test.use({ viaProxy: true });

/** Opens `path` and waits until the guard's worker controls the page. */
async function controlled(page, site, path) {
  await site.goto(path);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 10_000 });
}

/** What the page can still try after parsing: import(), CSS url() (attribute and CSSOM), a worker. */
function attempts(page, t) {
  return page.evaluate(async (t) => {
    const out = {};
    try {
      await import('https://www.google-analytics.com/analytics.js?t=' + t + '-module');
      out.import = 'loaded';
    } catch (_) {
      out.import = 'failed';
    }
    document.body.insertAdjacentHTML('beforeend', `<div style="width:4px;height:4px;background-image:url(https://www.google-analytics.com/collect.gif?t=${t}-css)"></div>`);
    const d = document.createElement('div');
    d.style.width = d.style.height = '4px';
    d.style.backgroundImage = `url(https://www.google-analytics.com/collect.gif?t=${t}-cssom)`;
    document.body.append(d);
    out.worker = await new Promise((resolve) => {
      const w = new Worker('/sw/worker.js?t=' + t);
      w.onmessage = (e) => resolve(e.data);
      w.onerror = () => resolve('error');
    });
    // Let the style's background request go out (or not).
    await new Promise((r) => setTimeout(r, 300));
    return out;
  }, t);
}

test('second view of an untagged static page: no vendor request before consent; the held tag runs once after it', async ({ page, site }) => {
  // First view: the worker is registered, and claims the page once active.
  // (This view's preload request is the first visit's window: stage 1 still
  // keeps the tag from running.)
  await controlled(page, site, '/sw/page.html');
  site.mark('second view');
  await site.goto('/sw/page.html');
  await settle(page, 300);
  expect(site.requestsTo(META, 'second view')).toEqual([]);
  expect(await site.ran()).toEqual([]);
  site.mark('consent');
  await page.evaluate(() => window.Consentry.acceptAll());
  await ranAtLeast(page, 1);
  await settle(page, 300);
  expect(await site.ran()).toEqual(['static-meta']);
  expect(site.requestsTo(META, 'consent')).toHaveLength(1);
});

test('import(), CSS url() and a worker\'s importScripts and fetch never reach the vendor before consent, and go through after it', async ({ page, site }) => {
  await controlled(page, site, '/sw/page.html');
  site.mark('before');
  const before = await attempts(page, 'before');
  expect(before).toEqual({ import: 'failed', worker: { importScripts: 'failed', fetch: 'failed' } });
  expect(site.requestsTo(GA, 'before')).toEqual([]);

  await page.evaluate(() => window.Consentry.acceptAll());
  site.mark('after');
  const after = await attempts(page, 'after');
  expect(after).toEqual({ import: 'loaded', worker: { importScripts: 'loaded', fetch: 'sent' } });
  const labels = site.requestsTo(GA, 'after').map((r) => new URL(r.url).searchParams.get('t')).sort();
  expect(labels).toEqual(['after-css', 'after-cssom', 'after-fetch', 'after-import', 'after-module']);
});

test('without the guard the same requests reach the vendor: what the worker adds', async ({ page, site }) => {
  // The same page, its configuration without serviceWorker: stage 1 alone.
  await page.route('**/sw/page.html', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: readFileSync(join(root, 'tests/pages/sw/page.html'), 'utf8').replace(/serviceWorker: \{[^}]*\}, /, '') }));
  await site.goto('/sw/page.html');
  site.mark('before');
  await attempts(page, 'unguarded');
  const labels = site.requestsTo(GA, 'before').map((r) => new URL(r.url).searchParams.get('t'));
  expect(labels).toContain('unguarded-module');
  expect(labels).toContain('unguarded-import');
});

test('a request made in the same task as acceptAll() goes out; one right after a withdrawal is held', async ({ page, site }) => {
  await controlled(page, site, '/sw/page.html');
  site.mark('accept');
  const accepted = await page.evaluate(async () => {
    window.Consentry.acceptAll();
    try { await import('https://www.google-analytics.com/analytics.js?t=same-task-accept'); return 'loaded'; } catch (_) { return 'failed'; }
  });
  expect(accepted).toBe('loaded');
  expect(site.requestsTo(GA, 'accept')).toHaveLength(1);
  site.mark('withdraw');
  const withdrawn = await page.evaluate(async () => {
    window.Consentry.rejectAll();
    try { await import('https://www.google-analytics.com/analytics.js?t=same-task-withdraw'); return 'loaded'; } catch (_) { return 'failed'; }
  });
  expect(withdrawn).toBe('failed');
  expect(site.requestsTo(GA, 'withdraw')).toEqual([]);
});

test('a vendor allowed on its own passes the guard, from the page and from a worker; one refused is held whatever its categories', async ({ page, site }) => {
  await controlled(page, site, '/sw/page.html');
  const load = (t) => page.evaluate(async (t) => {
    try { await import('https://www.google-analytics.com/analytics.js?t=' + t); return 'loaded'; } catch (_) { return 'failed'; }
  }, t);
  await page.evaluate(() => window.Consentry.acceptVendor('google-analytics'));
  expect(await load('vendor-allowed')).toBe('loaded');
  const worker = await page.evaluate(() => new Promise((resolve) => { const w = new Worker('/sw/worker.js?t=vendor-allowed'); w.onmessage = (e) => resolve(e.data); }));
  expect(worker).toEqual({ importScripts: 'loaded', fetch: 'sent' });
  await page.evaluate(() => { window.Consentry.acceptAll(); window.Consentry.rejectVendor('google-analytics'); });
  site.mark('refused');
  expect(await load('vendor-refused')).toBe('failed');
  expect(site.requestsTo(GA, 'refused')).toEqual([]);
});

test('a widget loaded once passes the guard for that page view only: the worker keeps nothing of it', async ({ page, site }) => {
  const X = ['twitter.com', 'twimg.com'];
  await controlled(page, site, '/sw/widgets.html');
  // A view the worker controls from its start.
  await site.goto('/sw/widgets.html');
  await page.waitForFunction(() => document.querySelectorAll('consentry-placeholder').length === 1, null, { timeout: 10_000 });
  site.mark('once');
  await page.evaluate(() => document.querySelector('consentry-placeholder').shadowRoot.querySelector('button').click());
  await page.waitForFunction(() => document.querySelectorAll('consentry-placeholder').length === 0, null, { timeout: 10_000 });
  await settle(page, 500);
  expect(site.requestsTo(X, 'once').map((r) => r.url)).toEqual(['https://platform.twitter.com/widgets.js?t=x-widgets']);
  // What the widget loads next (a module here: the worker sees it) passes too.
  const load = (t) => page.evaluate(async (t) => {
    try { await import('https://platform.twitter.com/widgets.js?t=' + t); return 'loaded'; } catch (_) { return 'failed'; }
  }, t);
  expect(await load('same-view')).toBe('loaded');
  // The next page view: held again, by the worker too.
  await site.goto('/sw/widgets.html');
  await page.waitForFunction(() => document.querySelectorAll('consentry-placeholder').length === 1, null, { timeout: 10_000 });
  site.mark('next view');
  expect(await load('next-view')).toBe('failed');
  expect(site.requestsTo(X, 'next view')).toEqual([]);
});

test('first-party requests and an exempted vendor pass untouched', async ({ page, site }) => {
  await controlled(page, site, '/sw/page.html');
  site.mark('requests');
  await page.evaluate(async () => {
    const img = (src) => new Promise((r) => { const i = new Image(); i.onload = i.onerror = r; i.src = src; });
    await img('https://static.hotjar.com/pixel.gif?t=exempt');
    await img('/sw/first-party.gif?t=first-party');
    await import('/first-party.js').catch(() => {});
  });
  const seen = site.log.slice(0).filter((r) => /t=exempt|t=first-party|first-party\.js/.test(r.url));
  // Not passed on by the worker (that would make them fetches): the page's own requests.
  expect(seen.map((r) => r.type).sort()).toEqual(['image', 'image', 'script']);
});

test('a site\'s own worker that imports the guard: held before consent, its offline cache keeps working', async ({ page, site }) => {
  await controlled(page, site, '/sw-site/page.html');
  site.mark('before');
  const before = await page.evaluate(async () => {
    try { await import('https://www.google-analytics.com/analytics.js?t=site-sw-before'); return 'loaded'; } catch (_) { return 'failed'; }
  });
  expect(before).toBe('failed');
  expect(site.requestsTo(GA, 'before')).toEqual([]);
  // The site's cache answers offline.txt (cached at install): no request for it now.
  site.mark('offline');
  const text = await page.evaluate(async () => (await fetch('/sw-site/offline.txt')).text());
  expect(text.trim()).toBe('cached for offline use');
  expect(site.log.slice(0).filter((r) => r.url.endsWith('/sw-site/offline.txt'))).toHaveLength(1);
  await page.evaluate(() => window.Consentry.acceptAll());
  site.mark('after');
  const after = await page.evaluate(async () => {
    try { await import('https://www.google-analytics.com/analytics.js?t=site-sw-after'); return 'loaded'; } catch (_) { return 'failed'; }
  });
  expect(after).toBe('loaded');
  expect(site.requestsTo(GA, 'after')).toHaveLength(1);
});

test('a new version of the worker replaces the old one and keeps guarding, with the consent state it had', async ({ page, site, engine }) => {
  // Chromium makes a registered worker's update check outside the page and
  // the worker, where Playwright's routes never see it (the check fails as
  // a network error); Firefox and WebKit run it, through the proxy.
  test.skip(engine === 'chromium', "Playwright's routes cannot answer Chromium's update check of a registered service worker");
  const file = readFileSync(join(root, 'pkg', 'consentry-sw.js'), 'utf8');
  let version = 1;
  await page.context().route('**/consentry-sw.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: `${file}\n// version ${version}\n` }));
  await controlled(page, site, '/sw/page.html');
  await page.evaluate(() => window.Consentry.acceptAll());
  // The site deploys a new consentry-sw.js; the browser finds it on its next check.
  version = 2;
  const replaced = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration('/sw/');
    const changed = new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', () => r(true), { once: true }));
    await reg.update();
    return Promise.race([changed, new Promise((r) => setTimeout(() => r(false), 8000))]);
  });
  expect(replaced).toBe(true);
  // The new worker knows the consent (from its predecessor's stored state and the page).
  site.mark('after update');
  const worker = await page.evaluate(() => new Promise((resolve) => { const w = new Worker('/sw/worker.js?t=updated'); w.onmessage = (e) => resolve(e.data); }));
  expect(worker).toEqual({ importScripts: 'loaded', fetch: 'sent' });
  await page.evaluate(() => window.Consentry.rejectAll());
  site.mark('withdrawn');
  const held = await page.evaluate(async () => {
    try { await import('https://www.google-analytics.com/analytics.js?t=updated-withdrawn'); return 'loaded'; } catch (_) { return 'failed'; }
  });
  expect(held).toBe('failed');
  expect(site.requestsTo(GA, 'withdrawn')).toEqual([]);
});

test('the kill switch: the API unregisters the worker, and so does the configuration', async ({ page, site }) => {
  await controlled(page, site, '/sw/page.html');
  expect(await page.evaluate(() => window.Consentry.unregisterServiceWorker())).toBe(true);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
  // Registered again on the next view; then the configuration turns it off.
  await controlled(page, site, '/sw/page.html');
  await page.route('**/sw/page.html', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: readFileSync(join(root, 'tests/pages/sw/page.html'), 'utf8').replace("scope: '/sw/' }", "scope: '/sw/', enabled: false }") }));
  await site.goto('/sw/page.html');
  await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistrations()).length === 0, null, { timeout: 10_000 });
});

test('a worker that cannot start (its CSP forbids WebAssembly): the page is guarded by stage 1 as without it', async ({ page, site }) => {
  site.headers('/consentry-sw.js', { 'content-security-policy': "script-src 'self'" });
  await controlled(page, site, '/sw/page.html');
  await site.goto('/sw/page.html');
  await settle(page, 300);
  // Stage 1 still holds the tag (the preload scanner's request is what the
  // worker would have saved), and releases it once on consent.
  expect(await site.ran()).toEqual([]);
  await page.evaluate(() => window.Consentry.acceptAll());
  await ranAtLeast(page, 1);
  expect(await site.ran()).toEqual(['static-meta']);
  expect(site.console.filter((m) => m.type === 'pageerror')).toEqual([]);
});

test('the npm package ships the worker and the webpack plugin emits it as built (its module must not be minified)', async () => {
  const built = readFileSync(join(root, 'pkg', 'consentry-sw.js'));
  expect(readFileSync(join(root, 'www', 'dist', 'consentry-sw.js')).equals(built)).toBe(true);
  expect(JSON.parse(readFileSync(join(root, 'pkg', 'package.json'), 'utf8')).exports['./consentry-sw.js']).toBe('./consentry-sw.js');
});

test('the CLI writes out the same worker (`consentry service-worker`, built by npm run build after the worker)', async () => {
  const built = readFileSync(join(root, 'pkg', 'consentry-sw.js'));
  const written = execFileSync(join(root, 'target', 'release', 'consentry'), ['service-worker'], { maxBuffer: 16 << 20 });
  expect(written.equals(built)).toBe(true);
});
