// The end-to-end suite's driver for Firefox: the part of Playwright's Page
// and BrowserContext API the specs use, over puppeteer-core, which talks
// WebDriver BiDi to the system's Firefox ESR (Playwright's own Firefox build
// cannot be downloaded here). The specs stay one suite: tests/e2e/fixtures.mjs
// hands them this driver's objects in the firefox project and Playwright's
// in the chromium project.
//
// Locators, `expect(locator)` and the keyboard are ./locators.mjs's, over
// the BiDi commands below (FirefoxDom). What it does not offer (the mouse
// beyond a click, frame locators) goes through `unsupported`: a test that reaches it stops
// there and is reported skipped with the reason, never as a pass.
import puppeteer from 'puppeteer-core';
import { test } from '@playwright/test';
import { matcher } from './routes.mjs';
import { LIB, Locator, keyboard, nameMatches } from './locators.mjs';
import { startProxy, ProxiedRequest } from './proxy.mjs';

/**
 * What the driver cannot do yet stops the test there, reported as skipped
 * with the reason (what ran before it has passed), never as a pass.
 */
function unsupported(what) {
  test.info().skip(true, `the Firefox driver has no ${what} yet (tests/e2e/driver/firefox.mjs)`);
}

/** Firefox's own traffic (settings, updates), which goes through the proxy too: not the page's. */
const BACKGROUND = /(^|\.)(mozilla\.(com|net|org)|firefox\.com|mozaws\.net)$/;

/**
 * Launches Firefox ESR. With `viaProxy`, every request goes through the
 * recording proxy (./proxy.mjs) instead of BiDi interception, which does not
 * see a service worker's requests: the proxy hands each one to the current
 * context's routes, as the WebKit driver does.
 */
export async function launchFirefox({ viaProxy = false } = {}) {
  // Firefox sends hyperlink pings only with this preference (off by
  // default); on, the ping tests check Consentry there as in Chromium.
  // No favicon requests: they are the browser's, not the page's (Chromium
  // under Playwright makes none), and would show in the request log.
  const prefs = { 'browser.send_pings': true, 'browser.chrome.site_icons': false };
  let proxy = null;
  const holder = { context: null };
  if (viaProxy) {
    proxy = await startProxy({
      onRequest: (r) => {
        if (BACKGROUND.test(new URL(r.url).hostname)) return r.respond({ status: 204 });
        return holder.context ? holder.context.dispatchProxied(r) : r.abort();
      },
      onWebSocket: () => {},
    });
    Object.assign(prefs, {
      'network.proxy.type': 1, 'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': proxy.port,
      'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': proxy.port,
      'network.proxy.no_proxies_on': '', 'network.proxy.allow_hijacking_localhost': true,
    });
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr',
    headless: true,
    // BiDi has no colour-scheme emulation in Firefox 153 (no emulation
    // command for it): the driver sets Firefox's own preference instead,
    // from the browser's privileged scope (see setColorScheme).
    args: ['--remote-allow-system-access'],
    // The proxy's self-signed certificate (it plays every https server).
    acceptInsecureCerts: viaProxy,
    extraPrefsFirefox: prefs,
  });
  if (!viaProxy) return browser;
  browser.viaProxy = holder;
  const close = browser.close.bind(browser);
  browser.close = async () => { await close(); await proxy.close(); };
  return browser;
}

/** A WebSocket's handshake (BiDi shows it as an http(s) request). */
function isWebSocket(req) {
  const h = req.headers();
  return /^wss?:/.test(req.url()) || 'sec-websocket-key' in h || (h.upgrade || '').toLowerCase() === 'websocket';
}

/**
 * Playwright's resource type, read from what BiDi gives (puppeteer's
 * `resourceType()` throws over BiDi): navigations are documents, the Accept
 * header tells images and style sheets; scripts, fetches and beacons all
 * send `*\/*`: a script's URL ends in .js (or is a tag manager's), a POST
 * is a ping or beacon, anything else is answered as a script (harmless for
 * a fetch).
 */
function resourceType(req) {
  if (isWebSocket(req)) return 'websocket';
  if (req.isNavigationRequest()) return 'document';
  const accept = req.headers().accept || '';
  if (accept.startsWith('image/')) return 'image';
  if (accept.startsWith('text/css')) return 'stylesheet';
  const path = new URL(req.url()).pathname;
  if (/\.m?js$/.test(path) || /\/(gtm|gtag|tag)\b/.test(path)) return 'script';
  if (req.method() === 'POST') return 'ping';
  return 'script';
}

/** A request as Playwright's Request shows it. */
class Request {
  constructor(req, body) { this.req = req; this.body = body; }
  /** A WebSocket's handshake under its ws: or wss: URL, as Playwright names it. */
  url() { return isWebSocket(this.req) ? this.req.url().replace(/^http/, 'ws') : this.req.url(); }
  method() { return this.req.method(); }
  headers() { return this.req.headers(); }
  /** The body, read before the routes ran (see Page.dispatch). */
  postData() { return this.body ?? null; }
  resourceType() { return resourceType(this.req); }
  isNavigationRequest() { return this.req.isNavigationRequest(); }
}

/**
 * A request can end before the test answers it (its page navigated or
 * closed), and a popup's first requests can come before interception is on
 * for it (they are logged all the same): nothing is left to answer then.
 */
async function gone(answer) {
  try { await answer; } catch (e) { if (!/no such request|not found|closed|detached|interception is not enabled/i.test(String(e && e.message))) throw e; }
}

/** A route as Playwright's Route offers it. */
class Route {
  constructor(req, body) { this.req = req; this.body = body; this.handled = false; }
  request() { return new Request(this.req, this.body); }
  async fulfill({ status = 200, body = '', contentType, headers = {} } = {}) {
    this.handled = true;
    const h = { ...headers };
    if (contentType) h['content-type'] = contentType;
    await gone(this.req.respond({ status, headers: h, body: typeof body === 'string' ? body : Buffer.from(body) }));
  }
  async abort(code = 'failed') { this.handled = true; await gone(this.req.abort(code)); }
  async continue() { this.handled = true; await gone(this.req.continue()); }
  async fallback() { /* the next route decides */ }
}

/**
 * Messages that are not the page's or Consentry's: Firefox logs a
 * subresource refused by its integrity check or by the page's CSP as a
 * script error (the page sees no exception; Chromium logs both to the
 * console), and the driver cannot answer WebSockets (no BiDi route for
 * them), so a connection the page may make fails, and Firefox says so.
 */
const DRIVER_NOISE = /hashes in the integrity attribute match|^Content-Security-Policy: |can.t establish a connection to the server at wss?:/;

/** A raw WebDriver BiDi command of the browser's session, its result. */
async function bidi(browser, method, params) {
  return (await browser.connection.send(method, params)).result;
}

/**
 * Firefox's content colour scheme (prefers-color-scheme), as a user's
 * "website appearance" setting: the preference
 * layout.css.prefers-color-scheme.content-override (0 dark, 1 light, 2 the
 * browser's), set from the privileged (chrome) scope that
 * --remote-allow-system-access opens to BiDi. It holds for the whole
 * browser, which runs one test at a time: each context sets it afresh.
 */
async function setColorScheme(browser, scheme) {
  const value = { dark: 0, light: 1 }[scheme] ?? 2;
  const { contexts } = await bidi(browser, 'browsingContext.getTree', { 'moz:scope': 'chrome' });
  const r = await bidi(browser, 'script.evaluate', {
    expression: `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${value})`,
    target: { context: contexts[0].context }, awaitPromise: false,
  });
  if (r.type === 'exception') throw new Error(`firefox driver: colour scheme: ${r.exceptionDetails.text}`);
}

/**
 * The page side of ./locators.mjs over BiDi: scripts run with
 * `script.callFunction` (the library in a sandbox, the specs' functions in
 * the page's own realm), elements are BiDi shared ids, clicks and keys go
 * through `input.performActions` (real input events: focus moves as a
 * user's would).
 */
class FirefoxDom {
  constructor(page) { this.page = page; }
  get browser() { return this.page.p.browser(); }
  get context() { return this.page.p.mainFrame().browsingContext.id; }
  async run(source, refs, arg, { sandbox = 'consentry-e2e', nodes = false } = {}) {
    const body = `const lib = (${LIB})(); const v = await (${source})(els, JSON.parse(a), lib);`;
    const functionDeclaration = nodes ? `async function (els, a) { ${body} return v; }` : `async function (els, a) { ${body} return JSON.stringify(v === undefined ? {} : { v }); }`;
    const r = await bidi(this.browser, 'script.callFunction', {
      functionDeclaration,
      target: sandbox ? { context: this.context, sandbox } : { context: this.context },
      arguments: [{ type: 'array', value: refs.map((sharedId) => ({ sharedId })) }, { type: 'string', value: JSON.stringify(arg ?? null) }],
      awaitPromise: true, resultOwnership: 'none', serializationOptions: { maxDomDepth: 0 },
    });
    if (r.type === 'exception') throw new Error(r.exceptionDetails.text);
    return nodes ? r.result.value.map((n) => n.sharedId) : JSON.parse(r.result.value).v;
  }
  call(source, refs, arg) { return this.run(source, refs, arg); }
  nodes(source, refs, arg) { return this.run(source, refs, arg, { nodes: true }); }
  evaluate(source, refs, arg) { return this.run(source, refs, arg, { sandbox: null }); }
  /**
   * Role and name as Firefox computes them: BiDi's accessibility locator
   * (browsingContext.locateNodes), which works here (Firefox 153) and leaves
   * out hidden elements as Playwright does. It does not enter shadow trees
   * from the document, but finds what is inside one given its shadow root
   * as a start node: every open shadow root under the scope is one. It
   * matches a name exactly; for getByRole's default (a case-insensitive
   * substring) and RegExp names, each candidate's name is guessed by
   * locators.mjs (guessName), and a guess that matches is confirmed by the
   * engine (the candidate is among the nodes of that exact name), or the
   * lookup fails.
   */
  async byRole(scopes, role, name, exact) {
    const starts = await this.nodes(`(els, a, lib) => {
      const scopes = els.length ? els : [document.documentElement];
      const out = [...scopes];
      for (const s of scopes) for (const e of [s, ...lib.descendants(s)]) if (e.shadowRoot) out.push(e.shadowRoot);
      return out;
    }`, scopes || [], null);
    // Now and then (2 calls in a run of the whole suite here) Firefox never
    // answers a locateNodes: each call is given 5 s, and asked again.
    const locate = async (value) => {
      const params = { context: this.context, locator: { type: 'accessibility', value }, startNodes: starts.map((sharedId) => ({ sharedId })) };
      for (let attempt = 1; ; attempt++) {
        try {
          const { nodes } = (await this.browser.connection.send('browsingContext.locateNodes', params, 5000)).result;
          return [...new Set(nodes.map((n) => n.sharedId))];
        } catch (e) {
          if (attempt === 3 || !/timed? ?out/i.test(String(e && e.message))) throw e;
          console.warn(`firefox driver: browsingContext.locateNodes did not answer in 5 s (attempt ${attempt}); asking again`);
        }
      }
    };
    if (name === undefined) return locate({ role });
    if (typeof name === 'string' && exact) return locate({ role, name });
    // Each locateNodes takes 0.1 to 0.8 s here: only the names that match
    // are confirmed (a candidate whose guessed name does not match is left
    // out on the guess).
    const all = await locate({ role });
    const guesses = await this.call('(els, a, lib) => els.map(lib.guessName)', all);
    const matching = all.filter((id, i) => nameMatches(guesses[i], name, exact));
    const confirmed = new Map();
    for (const g of new Set(matching.map((id) => guesses[all.indexOf(id)]))) confirmed.set(g, new Set(await locate({ role, name: g })));
    for (const id of matching) {
      const g = guesses[all.indexOf(id)];
      if (!confirmed.get(g).has(id)) throw new Error(`firefox driver: Firefox names a ${role} otherwise than "${g}" (the guess of driver/locators.mjs)`);
    }
    return matching;
  }
  async click(ref) {
    const origin = { type: 'element', element: { sharedId: ref } };
    await this.actions([{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', x: 0, y: 0, origin }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }]);
  }
  keys(actions) { return this.actions(actions); }
  async actions(actions) {
    await bidi(this.browser, 'input.performActions', { context: this.context, actions });
    await bidi(this.browser, 'input.releaseActions', { context: this.context });
  }
}

/** Console messages as Playwright names their types. */
const CONSOLE = { warn: 'warning' };

/** A page. */
class Page {
  constructor(context, page) {
    this.ctx = context;
    this.p = page;
    this.routes = [];
    this.listeners = { console: [], pageerror: [] };
    page.on('console', (m) => {
      if (DRIVER_NOISE.test(m.text())) return;
      const msg = { type: () => CONSOLE[m.type()] || m.type(), text: () => m.text() };
      this.listeners.console.forEach((f) => f(msg));
    });
    page.on('pageerror', (e) => {
      if (DRIVER_NOISE.test(String(e && e.message))) return;
      this.listeners.pageerror.forEach((f) => f(e));
    });
    if (!context.proxied) page.on('request', (req) => this.dispatch(req));
  }
  async start() {
    // Through the proxy, the context answers every request (dispatchProxied).
    if (this.ctx.proxied) return;
    await this.p.setRequestInterception(true);
  }
  async dispatch(req) {
    const url = req.url();
    // A request's body, from BiDi's request data collector (network.getData,
    // which puppeteer sets up); a route reads it synchronously.
    const body = req.hasPostData() ? await req.fetchPostData().catch(() => null) : null;
    // Page routes first, the latest first; then the context's.
    for (const r of [...this.routes].reverse().concat([...this.ctx.routes].reverse())) {
      if (!r.test(url)) continue;
      const route = new Route(req, body);
      await r.handler(route, new Request(req, body));
      if (route.handled) return;
    }
    await gone(req.continue());
  }
  context() { return this.ctx; }
  on(event, f) { (this.listeners[event] || (this.listeners[event] = [])).push(f); }
  async route(pattern, handler) { this.routes.push({ pattern, test: matcher(pattern), handler }); }
  async unroute(pattern) { this.routes = this.routes.filter((r) => r.pattern !== pattern); }
  async goto(url) { return this.p.goto(url, { waitUntil: 'load' }); }
  async reload() { return this.p.reload({ waitUntil: 'load' }); }
  async waitForLoadState() { await this.p.waitForFunction(() => document.readyState === 'complete'); }
  async waitForTimeout(ms) { await new Promise((r) => setTimeout(r, ms)); }
  async evaluate(fn, arg) { return this.p.evaluate(fn, arg); }
  async waitForFunction(fn, arg, options = {}) { return this.p.waitForFunction(fn, { timeout: options.timeout ?? 30_000 }, arg); }
  async addInitScript(script, arg) {
    if (typeof script === 'function') return this.p.evaluateOnNewDocument(script, arg);
    return this.p.evaluateOnNewDocument(script.content);
  }
  async addScriptTag(options) { return this.p.addScriptTag(options); }
  frames() { return this.p.frames().map((f) => ({ url: () => f.url() })); }
  get dom() { return this.domBackend || (this.domBackend = new FirefoxDom(this)); }
  /** Locators (./locators.mjs). */
  locator(selector) { return new Locator(this, [{ css: selector }]); }
  getByRole(role, options) { return new Locator(this, []).getByRole(role, options); }
  getByText(text, options) { return new Locator(this, []).getByText(text, options); }
  get keyboard() { return keyboard(this.dom); }
  /** A real click (a user gesture: popups and pings follow). */
  async click(selector) { await this.p.click(selector); }
  frameLocator() { unsupported('frame locators'); }
  /** Clicks at a point of the viewport, as Playwright's mouse does (input.performActions); nothing else of the mouse. */
  get mouse() {
    const click = (x, y) => this.dom.actions([{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', x: Math.round(x), y: Math.round(y), origin: 'viewport' }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }]);
    return new Proxy({ click }, { get: (o, k) => (k in o || typeof k === 'symbol' || k === 'then' ? o[k] : unsupported(`mouse.${String(k)}`)) });
  }
  /** prefers-color-scheme only (see setColorScheme: Firefox's preference, for the whole browser). */
  async emulateMedia({ colorScheme, ...rest } = {}) {
    if (Object.keys(rest).length) unsupported(`media emulation of ${Object.keys(rest).join(', ')}`);
    if (colorScheme !== undefined) await setColorScheme(this.p.browser(), colorScheme);
  }
  async setViewportSize(size) { await this.p.setViewport(size); }
  url() { return this.p.url(); }
  async close() { await this.p.close(); }
}

/** A route over a request that came through the proxy. */
class ProxiedRoute {
  constructor(r) { this.r = r; this.handled = false; }
  request() { return new ProxiedRequest(this.r); }
  async fulfill({ status = 200, body = '', contentType, headers = {} } = {}) {
    this.handled = true;
    const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    if (contentType) h['content-type'] = contentType;
    this.r.respond({ status, headers: h, body });
  }
  async abort() { this.handled = true; this.r.abort(); }
  async continue() { this.handled = true; this.r.respond({ status: 502, body: 'the e2e proxy does not reach the network' }); }
  async fallback() { /* the next route decides */ }
}

/** A browser context: a fresh profile per test, with its routes and cookies. */
export class Context {
  constructor(browser, context) { this.browser = browser; this.c = context; this.routes = []; this.pages = []; this.waiters = []; }
  static async create(browser, { colorScheme = 'light' } = {}) {
    await setColorScheme(browser, colorScheme);
    const c = new Context(browser, await browser.createBrowserContext());
    // Through the proxy (launchFirefox's viaProxy), this context answers the requests.
    c.proxied = !!browser.viaProxy;
    if (c.proxied) browser.viaProxy.context = c;
    // A popup a test waits for (context.waitForEvent('page')) gets the
    // context's routes; other targets (frames among them, over BiDi) are
    // the page's own business.
    c.c.on('targetcreated', async (t) => {
      if (t.type() !== 'page' || c.opening || !c.waiters.length) return;
      const page = await c.wrap(await t.page());
      c.waiters.splice(0).forEach((w) => w(page));
    });
    return c;
  }
  async wrap(p) { const page = new Page(this, p); await page.start(); this.pages.push(page); return page; }
  async newPage() { this.opening = true; try { return await this.wrap(await this.c.newPage()); } finally { this.opening = false; } }
  async route(pattern, handler) { this.routes.push({ pattern, test: matcher(pattern), handler }); }
  async unroute(pattern) { this.routes = this.routes.filter((r) => r.pattern !== pattern); }
  /**
   * A request that came through the proxy: the pages' routes (the latest
   * page's first: a proxy cannot tell which page asked), then the context's.
   */
  async dispatchProxied(r) {
    const pageRoutes = [...this.pages].reverse().flatMap((p) => [...p.routes].reverse());
    for (const route of pageRoutes.concat([...this.routes].reverse())) {
      if (!route.test(r.url)) continue;
      const rt = new ProxiedRoute(r);
      await route.handler(rt, new ProxiedRequest(r));
      if (rt.handled) return;
    }
    r.respond({ status: 502, body: 'the e2e proxy does not reach the network' });
  }
  /** WebSocket connections are not visible over BiDi: none is logged. */
  async routeWebSocket() {}
  async cookies() { return this.c.cookies(); }
  /** Playwright's cookies may name a `url` instead of a domain and path. */
  async addCookies(cookies) {
    return this.c.setCookie(...cookies.map(({ url, ...c }) => {
      if (!url) return c;
      const u = new URL(url);
      return { domain: u.hostname, path: '/', secure: u.protocol === 'https:', ...c };
    }));
  }
  waitForEvent(event) {
    if (event !== 'page') throw new Error(`firefox driver: context.waitForEvent(${event}) is not supported`);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  async close() { await this.c.close(); }
}
