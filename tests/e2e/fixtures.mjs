// The test site. Every request the browser makes, to any host, goes through
// `context.route` (WebSockets: `context.routeWebSocket`) and is logged;
// nothing reaches the network.
//
//   https://site.test/...        files from tests/pages/ (the site's pages)
//   https://site.test/consentry.global.js, /consentry.headless.global.js,
//                                /consentry-ui.<hash>.js (stage 2, beside them) and its
//                                language packs /consentry-lang-<code>.<hash>.js,
//                                vendor details /consentry-details.<hash>.js,
//                                /pkg/...   the built package
//   any other host               a stub: scripts record that they ran in
//                                window.__ran (the `t` query parameter, or
//                                the URL), images are a 1x1 GIF, documents
//                                a small page, everything else 204.
//
// `log` holds every request in order; `mark()` notes a point in it (such as
// "consent given") so a test can ask what happened before and after.
//
// One suite, three drivers: Playwright's own Chromium pages; with
// E2E_ENGINE=firefox (the `firefox` project), Firefox ESR through
// ./driver/firefox.mjs, which offers the same page and context API over
// WebDriver BiDi; with E2E_ENGINE=webkit (the `webkit` project), WebKitGTK
// through ./driver/webkit.mjs, over WebDriver classic and a recording proxy
// (./driver/proxy.mjs) that answers every request through these same
// routes. `engine` tells a test which one runs it.
import { test as base, expect as playwrightExpect } from '@playwright/test';
import { withLocatorMatchers } from './driver/locators.mjs';
import { launchFirefox, Context as FirefoxContext } from './driver/firefox.mjs';
import { launchWebKit, Context as WebKitContext } from './driver/webkit.mjs';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SITE = 'https://site.test';
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const TYPES = { '.txt': 'text/plain', '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.gif': 'image/gif' };

function siteFile(pathname) {
  // The script tags and, beside them, the consent interface they load (stage 2).
  // The service-worker guard too (served by the site from its origin).
  if (/^\/consentry(\.global|\.headless\.global|-ui\.[0-9a-f]+|-lang-[a-z]+\.[0-9a-f]+|-details\.[0-9a-f]+|-sw)\.js$/.test(pathname)) return join(root, 'pkg', pathname.slice(1));
  if (pathname.startsWith('/pkg/')) return join(root, pathname);
  if (pathname.startsWith('/node_modules/')) return join(root, pathname);
  if (pathname.startsWith('/www/')) return join(root, 'www', 'dist', pathname.slice(5));
  return join(root, 'tests', 'pages', pathname === '/' ? 'index.html' : pathname);
}

/** The body of a vendor script stub: it records its label in `__ran`. */
export function stubScript(url) {
  const label = url.searchParams.get('t') || url.href;
  // globalThis: the stub also runs in workers (importScripts).
  return `(globalThis.__ran = globalThis.__ran || []).push(${JSON.stringify(label)});`;
}

export const ENGINE = process.env.E2E_ENGINE || 'chromium';

/**
 * The viewport a test asks for (`test.use({ viewport })`); the drivers keep
 * their own size otherwise (Firefox's 800 x 600, WebKit's window of
 * 1280 x 720). Device scale and touch where the driver can (Firefox); no
 * driver emulates a mobile browser (isMobile).
 */
async function sized(page, { viewport, deviceScaleFactor, hasTouch }) {
  if (viewport && (viewport.width !== 1280 || viewport.height !== 720)) await page.setViewportSize({ ...viewport, deviceScaleFactor, hasTouch });
  return page;
}

/** Firefox's context and page in place of Playwright's (see driver/firefox.mjs). */
const firefox = {
  firefoxBrowser: [async ({ viaProxy }, use) => { const b = await launchFirefox({ viaProxy }); await use(b); await b.close(); }, { scope: 'worker' }],
  context: async ({ firefoxBrowser, colorScheme }, use) => { const c = await FirefoxContext.create(firefoxBrowser, { colorScheme }); await use(c); await c.close(); },
  page: async ({ context, viewport, deviceScaleFactor, hasTouch }, use) => use(await sized(await context.newPage(), { viewport, deviceScaleFactor, hasTouch })),
};

/** WebKit's context and page (see driver/webkit.mjs): one WebKitWebDriver per worker. */
const webkit = {
  webkitBrowser: [async ({}, use) => { const b = await launchWebKit(); await use(b); await b.close(); }, { scope: 'worker' }],
  context: async ({ webkitBrowser, colorScheme }, use) => { const c = await WebKitContext.create(webkitBrowser, { colorScheme }); await use(c); await c.close(); },
  page: async ({ context, viewport }, use) => use(await sized(await context.newPage(), { viewport })),
};

export const test = base.extend({
  // A spec that needs every request on the wire, the service worker's
  // included, sets `test.use({ viaProxy: true })`: Firefox then runs through
  // the recording proxy (driver/proxy.mjs) instead of BiDi interception,
  // which does not see a service worker's requests. Chromium and WebKit see
  // them either way.
  viaProxy: [false, { scope: 'worker', option: true }],
  ...(ENGINE === 'firefox' ? firefox : ENGINE === 'webkit' ? webkit : {}),
  engine: ENGINE,
  site: async ({ context, page }, use) => {
    const log = [];
    const marks = {};
    const headers = {};
    await context.route('**/*', async (route) => {
      const req = route.request();
      const url = new URL(req.url());
      log.push({ url: req.url(), host: url.hostname, type: req.resourceType(), method: req.method(), body: req.postData() });
      if (url.origin === SITE) {
        const file = siteFile(decodeURIComponent(url.pathname));
        if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
        const extra = headers[url.pathname] || {};
        return route.fulfill({ status: 200, body: readFileSync(file), headers: { 'content-type': TYPES[extname(file)] || 'application/octet-stream', ...extra } });
      }
      // A request a service worker passes on (`fetch(event.request)`) comes
      // as a fetch whatever it was: scripts and images are told by the URL.
      const path = url.pathname;
      const forwarded = req.resourceType() === 'fetch' || req.resourceType() === 'other';
      const type = forwarded && /\.m?js$/.test(path) ? 'script' : forwarded && /\.(gif|png)$/.test(path) ? 'image' : req.resourceType();
      // ?delay=MS: the vendor answers that much later (to test ordering).
      const delay = Number(url.searchParams.get('delay'));
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      // As vendors' CDNs do, scripts and images may be read cross-origin
      // (crossorigin="anonymous", integrity): Chromium under Playwright
      // passes such responses without the header, Firefox does not.
      const cors = { 'access-control-allow-origin': '*' };
      if (type === 'script') return route.fulfill({ status: 200, contentType: 'text/javascript', headers: cors, body: stubScript(url) });
      if (type === 'image') return route.fulfill({ status: 200, contentType: 'image/gif', headers: cors, body: GIF });
      if (type === 'document') return route.fulfill({ status: 200, contentType: 'text/html', body: `<!doctype html><title>${url.hostname}</title><p>frame ${url.href}</p>` });
      if (type === 'stylesheet') return route.fulfill({ status: 200, contentType: 'text/css', body: '/* stub */' });
      return route.fulfill({ status: 204, body: '' });
    });
    // WebSockets are not requests to `route`: they get their own route, and
    // the same log. Not connected anywhere: the page talks to a mock server.
    await context.routeWebSocket(/.*/, (ws) => {
      const url = new URL(ws.url());
      log.push({ url: ws.url(), host: url.hostname, type: 'websocket', method: 'GET', body: null });
    });
    const console = [];
    page.on('console', (m) => console.push({ type: m.type(), text: m.text() }));
    page.on('pageerror', (e) => console.push({ type: 'pageerror', text: String(e) }));
    await use({
      log,
      console,
      /** Extra response headers for a page path (e.g. a CSP). */
      headers(path, h) { headers[path] = h; },
      /** Notes the current position in the request log. */
      mark(name) { marks[name] = log.length; },
      /** Requests to `hosts` (all non-site hosts if omitted), optionally since a mark. */
      requestsTo(hosts, since) {
        const from = since ? marks[since] : 0;
        return log.slice(from).filter((r) => (hosts ? hosts.some((h) => r.host === h || r.host.endsWith('.' + h)) : r.host !== 'site.test'));
      },
      /** What ran, in order (the stubs' labels). */
      async ran() { return page.evaluate(() => window.__ran || []); },
      async goto(path) { await page.goto(SITE + path); await page.waitForLoadState('load'); },
    });
  },
});

/**
 * Playwright's expect; in Firefox and WebKit, with matchers for the
 * drivers' locators (driver/locators.mjs). Chromium keeps Playwright's own.
 */
export const expect = ENGINE === 'chromium' ? playwrightExpect : withLocatorMatchers(playwrightExpect);

/** Waits until `window.__ran` has at least `n` entries (or times out). */
export async function ranAtLeast(page, n) {
  await page.waitForFunction((k) => (window.__ran || []).length >= k, n, { timeout: 5000 });
}

/** Lets pending timers, microtasks and network settle a little. */
export async function settle(page, ms = 150) {
  await page.waitForTimeout(ms);
}
