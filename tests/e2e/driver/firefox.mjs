// The end-to-end suite's driver for Firefox: the part of Playwright's Page
// and BrowserContext API the specs use, over puppeteer-core, which talks
// WebDriver BiDi to the system's Firefox ESR (Playwright's own Firefox build
// cannot be downloaded here). The specs stay one suite: tests/e2e/fixtures.mjs
// hands them this driver's objects in the firefox project and Playwright's
// in the chromium project.
//
// What it does not offer (locators, the keyboard, emulated media) is named
// in `unsupported`: a spec that needs it is skipped in Firefox with that
// reason, never run half-way.
import puppeteer from 'puppeteer-core';

/** Launches Firefox ESR. */
export async function launchFirefox() {
  return puppeteer.launch({ browser: 'firefox', executablePath: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr', headless: true });
}

/** Playwright's glob (`**` any characters, `*` any but `/`) or a full URL, as a test. */
function matcher(pattern) {
  if (pattern instanceof RegExp) return (u) => pattern.test(u);
  if (typeof pattern === 'function') return (u) => pattern(new URL(u));
  if (!pattern.includes('*')) return (u) => u === pattern;
  const re = new RegExp('^' + pattern.split('**').map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')).join('.*') + '$');
  return (u) => re.test(u);
}

/**
 * Playwright's resource type, read from what BiDi gives (puppeteer's
 * `resourceType()` throws over BiDi): navigations are documents, the Accept
 * header tells images and style sheets; scripts, fetches and beacons all
 * send `*\/*` and are told apart by the URL's extension.
 */
function resourceType(req) {
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
  constructor(req) { this.req = req; }
  url() { return this.req.url(); }
  method() { return this.req.method(); }
  headers() { return this.req.headers(); }
  /** The body, where BiDi gives it (puppeteer does not read bodies over BiDi yet). */
  postData() { try { return this.req.postData() ?? null; } catch { return null; } }
  resourceType() { return resourceType(this.req); }
  isNavigationRequest() { return this.req.isNavigationRequest(); }
}

/** A route as Playwright's Route offers it. */
class Route {
  constructor(req) { this.req = req; this.handled = false; }
  request() { return new Request(this.req); }
  async fulfill({ status = 200, body = '', contentType, headers = {} } = {}) {
    this.handled = true;
    const h = { ...headers };
    if (contentType) h['content-type'] = contentType;
    await this.req.respond({ status, headers: h, body: typeof body === 'string' ? body : Buffer.from(body) });
  }
  async abort(code = 'failed') { this.handled = true; await this.req.abort(code); }
  async continue() { this.handled = true; await this.req.continue(); }
  async fallback() { /* the next route decides */ }
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
    page.on('console', (m) => { const msg = { type: () => CONSOLE[m.type()] || m.type(), text: () => m.text() }; this.listeners.console.forEach((f) => f(msg)); });
    page.on('pageerror', (e) => this.listeners.pageerror.forEach((f) => f(e)));
    page.on('request', (req) => this.dispatch(req));
  }
  async start() { await this.p.setRequestInterception(true); }
  async dispatch(req) {
    const url = req.url();
    // Page routes first, the latest first; then the context's.
    for (const r of [...this.routes].reverse().concat([...this.ctx.routes].reverse())) {
      if (!r.test(url)) continue;
      const route = new Route(req);
      await r.handler(route, new Request(req));
      if (route.handled) return;
    }
    await req.continue();
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
  url() { return this.p.url(); }
  async close() { await this.p.close(); }
}

/** A browser context: a fresh profile per test, with its routes and cookies. */
export class Context {
  constructor(browser, context) { this.browser = browser; this.c = context; this.routes = []; this.pages = []; this.waiters = []; }
  static async create(browser) {
    const c = new Context(browser, await browser.createBrowserContext());
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
  /** WebSocket connections are not visible over BiDi: none is logged. */
  async routeWebSocket() {}
  async cookies() { return this.c.cookies(); }
  async addCookies(cookies) { return this.c.setCookie(...cookies); }
  waitForEvent(event) {
    if (event !== 'page') throw new Error(`firefox driver: context.waitForEvent(${event}) is not supported`);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  async close() { await this.c.close(); }
}
