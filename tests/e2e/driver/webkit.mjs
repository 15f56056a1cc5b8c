// The end-to-end suite's driver for WebKit (WebKitGTK's MiniBrowser): the
// part of Playwright's Page and BrowserContext API the specs use, over
// plain W3C WebDriver calls (fetch) to WebKitWebDriver. tests/e2e/fixtures.mjs
// hands the specs this driver's objects in the webkit project, so the suite
// stays one suite.
//
// WebKitWebDriver has no BiDi, so it cannot see or answer requests. Every
// request goes instead through a recording proxy on 127.0.0.1 (./proxy.mjs)
// that answers it itself, through the same routes (`context.route`,
// `page.route`) the fixtures give Chromium and Firefox. The proxy is handed
// to MiniBrowser as `--proxy=http://127.0.0.1:PORT` (webkitgtk:browserOptions),
// not through the W3C `proxy` capability: with `sslProxy`, WebKitGTK speaks
// TLS to the proxy itself and refuses any certificate the system does not
// trust (acceptInsecureCerts covers sites, not proxies), so https pages could
// only be proxied after changing the machine's trust store.
//
// WebKitWebDriver runs one session at a time: each worker starts its own
// driver on its own port, and each test gets a fresh session (a fresh,
// ephemeral profile: its own cookies and storage).
//
// Console messages: WebDriver classic has no console events, and MiniBrowser
// in automation mode wrote none to its output here (not even with
// --enable-write-console-messages-to-stdout). The driver therefore puts a
// small inline script at the start of every HTML document the proxy serves
// (after the doctype, so the mode is unchanged); it records the page's console
// calls, uncaught exceptions and unhandled rejections, then removes its own
// element. The driver collects them after every command and every 100 ms,
// and hands them to `page.on('console' | 'pageerror')` listeners. Messages
// the browser writes itself (a CSP or integrity refusal, a failed load) are
// not page calls and are not seen; a page's CSP gets the script's hash added
// so the recorder still runs there.
//
// Locators, `expect(locator)` and the keyboard are ./locators.mjs's, over
// the WebDriver commands below (WebKitDom). Init scripts
// (`page.addInitScript`) are put into each HTML document by the proxy,
// after the console recorder. What it cannot do (frame locators, emulated
// media on a running page, a viewport narrower than MiniBrowser's window
// allows, aborting a request with a named network error) goes through
// `unsupported`: the test stops there and is reported skipped with the
// reason, never as a pass.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createHash } from 'node:crypto';
import { test } from '@playwright/test';
import { startProxy, ProxiedRequest as Request } from './proxy.mjs';
import { matcher } from './routes.mjs';
import { LIB, Locator, keyboard, nameMatches } from './locators.mjs';

function unsupported(what) {
  test.info().skip(true, `the WebKit driver has no ${what} (tests/e2e/driver/webkit.mjs)`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free port on 127.0.0.1 for the driver (the kernel picks it). */
async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * The recorder put at the start of each HTML document. `__e2eConsole` is
 * not enumerable, so a page listing window's properties does not see it.
 * Its text follows Playwright's: arguments joined by spaces, an exception
 * as `String(error)`.
 */
const RECORDER = `(() => {
  const log = [];
  Object.defineProperty(window, '__e2eConsole', { value: log });
  const text = (a) => { try { return typeof a === 'string' ? a : a instanceof Error ? String(a) : typeof a === 'object' && a !== null ? JSON.stringify(a) : String(a); } catch (_) { return Object.prototype.toString.call(a); } };
  for (const [name, type] of [['log', 'log'], ['info', 'info'], ['debug', 'debug'], ['warn', 'warning'], ['error', 'error']]) {
    const original = console[name];
    console[name] = function (...args) { log.push({ type, text: args.map(text).join(' ') }); return original.apply(this, args); };
  }
  addEventListener('error', (e) => { if (e instanceof ErrorEvent) log.push({ type: 'pageerror', text: e.error !== undefined ? text(e.error) : e.message }); });
  addEventListener('unhandledrejection', (e) => log.push({ type: 'pageerror', text: text(e.reason) }));
})();`;

/**
 * The script put at the start of a document: the recorder, then the
 * context's init scripts (each on its own: one that throws does not stop
 * the next), then it removes its own element.
 */
function startScript(inits) {
  return [RECORDER, ...inits.map((i) => `try { ${i} } catch (e) { console.error(String(e)); }`), 'document.currentScript.remove();'].join('\n');
}
const hash = (script) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

/** The start script, put after the doctype (before it, the page would be in quirks mode). */
function withRecorder(body, script) {
  const tag = `<script>${script}</script>`;
  const html = Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype[0] + tag + html.slice(doctype[0].length) : tag + html;
}

/**
 * A CSP that lets the recorder run: its hash is added to the directive that
 * governs scripts, unless that directive allows every inline script (a hash
 * there would turn 'unsafe-inline' off) or is absent.
 */
function allowRecorder(csp, scriptHash) {
  return csp.split(',').map((policy) => {
    const dirs = policy.split(';').map((d) => d.trim()).filter(Boolean);
    const pick = ['script-src-elem', 'script-src', 'default-src'].map((n) => dirs.findIndex((d) => d.toLowerCase().split(/\s+/)[0] === n)).find((i) => i >= 0);
    if (pick === undefined) return policy;
    const d = dirs[pick];
    const loose = /'unsafe-inline'/i.test(d) && !/'(nonce-|sha(256|384|512)-)|'strict-dynamic'/i.test(d);
    if (!loose) dirs[pick] = `${d} ${scriptHash}`;
    return dirs.join('; ');
  }).join(', ');
}

/** An error WebKitWebDriver returned. */
class WebDriverError extends Error {
  constructor(method, path, value) { super(`WebKitWebDriver ${method} ${path}: ${value.error}: ${value.message}`); this.code = value.error; }
}

/**
 * Starts WebKitWebDriver on a free port, in a process group of its own so
 * that it and the MiniBrowser it launched can be ended together.
 */
async function startDriver() {
  const port = await freePort();
  const proc = spawn(process.env.WEBKIT_WEBDRIVER || 'WebKitWebDriver', [`--port=${port}`], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  proc.stderr.on('data', (b) => { stderr = (stderr + b).slice(-4000); });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(base + '/status')).ok) break; } catch { /* not listening yet */ }
    if (i > 100 || proc.exitCode !== null) throw new Error(`WebKitWebDriver did not start: ${stderr}`);
    await sleep(50);
  }
  return {
    base,
    stderr: () => stderr,
    stop() { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* already gone */ } },
  };
}

/** Launches WebKitWebDriver and the proxy beside it; one of each per worker. */
export async function launchWebKit() {
  const browser = {
    driver: await startDriver(),
    context: null,
    proxy: await startProxy({
      // Requests between tests (a page being torn down) find no context: cut.
      onRequest: (r) => (browser.context ? browser.context.dispatch(r) : r.abort()),
      onWebSocket: (url) => browser.context && browser.context.webSocket(url),
    }),
    /** A driver that stopped answering is replaced (see Context.create). */
    async restart() { browser.driver.stop(); browser.driver = await startDriver(); },
    async close() { await browser.proxy.close(); browser.driver.stop(); },
  };
  return browser;
}

/** A route as Playwright's Route offers it. */
class Route {
  constructor(r, context) { this.r = r; this.ctx = context; this.handled = false; }
  request() { return new Request(this.r); }
  async fulfill({ status = 200, body = '', contentType, headers = {} } = {}) {
    this.handled = true;
    const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    if (contentType) h['content-type'] = contentType;
    // Documents carry the console recorder (see the top of this file).
    const dest = this.r.headers['sec-fetch-dest'];
    if (/^text\/html/.test(h['content-type'] || '') && ['document', 'iframe', 'frame'].includes(dest)) {
      const script = startScript(this.ctx.navigating ? this.ctx.navigating.initScripts : []);
      body = withRecorder(body, script);
      if (h['content-security-policy']) h['content-security-policy'] = allowRecorder(h['content-security-policy'], hash(script));
    }
    this.r.respond({ status, headers: h, body });
  }
  /**
   * The connection is cut: the page sees a network error. Which error
   * (offline, blocked by the client...) cannot be chosen from a proxy: the
   * test is skipped at its next command (this runs in the proxy, outside
   * the test's own steps, where a skip would be lost).
   */
  async abort(code = 'failed') {
    if (code !== 'failed') this.ctx.skipReason = `request abort with a named network error ('${code}'): a proxy can only cut the connection`;
    this.handled = true;
    this.r.abort();
  }
  /** There is no network behind the proxy: an unrouted request is refused. */
  async continue() { this.handled = true; this.r.respond({ status: 502, body: 'the e2e proxy does not reach the network' }); }
  async fallback() { /* the next route decides */ }
}

/**
 * Page-side helpers of the evaluate scripts: the recorded console messages,
 * and a value made fit for WebDriver's JSON with `undefined` kept (WebDriver
 * would say null; Playwright keeps it) in arrays and plain objects.
 */
const HELPERS = `
const drain = () => (window.__e2eConsole ? window.__e2eConsole.splice(0) : []);
const seen = new Set();
const keep = (v) => {
  if (v === undefined) return { __e2eUndefined: true };
  if (v === null || typeof v !== 'object' || seen.has(v)) return v;
  const plain = Array.isArray(v) || [Object.prototype, null].includes(Object.getPrototypeOf(v));
  if (!plain) return v;
  seen.add(v);
  return Array.isArray(v) ? v.map(keep) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, keep(x)]));
};
const failed = (e) => ({ ok: false, message: String(e && e.message || e), stack: String(e && e.stack || ''), console: drain() });
const pending = window.__e2ePending || Object.defineProperty(window, '__e2ePending', { value: {} }).__e2ePending;`;

/**
 * The script that runs `fn(arg)` in the current window (`fn` a function's
 * source or an expression). A value comes back at once; a promise is kept
 * in the page and its outcome read by `POLL`, so that no WebDriver command
 * stays open while the page runs (a test may await one evaluate while it
 * makes another, and WebKitWebDriver fails a waiting script on any
 * uncaught exception of the page meanwhile). The source is part of the
 * script WebDriver runs, not given to eval: a page's CSP does not apply.
 */
function evaluateScript(source) {
  return `${HELPERS}
const arg = arguments.length ? arguments[0] : undefined;
// Elements (for ./locators.mjs) come as arguments of their own: WebKitWebDriver
// turns a web element reference into its element only at the top level.
const __els = Array.prototype.slice.call(arguments, 1);
try {
  const fn = (${source}
  );
  const v = typeof fn === 'function' ? fn(arg) : fn;
  if (v === null || typeof v !== 'object' && typeof v !== 'function' || typeof v.then !== 'function') return { ok: true, value: keep(v), console: drain() };
  const id = String(Math.random()).slice(2);
  pending[id] = { state: 'pending' };
  v.then((value) => { pending[id] = { state: 'ok', value }; }, (e) => { pending[id] = { state: 'failed', e }; });
  return { pending: id, console: drain() };
} catch (e) { return failed(e); }`;
}

/** Reads the outcome of a promise `evaluateScript` left in the page. */
const POLL = `${HELPERS}
const r = pending[arguments[0]];
if (!r) return { gone: true, console: drain() };
if (r.state === 'pending') return { pending: arguments[0], console: drain() };
delete pending[arguments[0]];
return r.state === 'ok' ? { ok: true, value: keep(r.value), console: drain() } : failed(r.e);`;

/** `undefined` where the page kept it (see HELPERS). */
function restore(v) {
  if (v === null || typeof v !== 'object') return v;
  if (v.__e2eUndefined === true && Object.keys(v).length === 1) return undefined;
  if (Array.isArray(v)) return v.map(restore);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, restore(x)]));
}

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
/** Roles whose accessible name comes from their content (ARIA), used where WebKit's label is empty (see byRole). */
const NAME_FROM_CONTENT = new Set(['cell', 'gridcell', 'columnheader', 'rowheader']);

/**
 * The page side of ./locators.mjs over WebDriver classic: scripts through
 * the page's evaluate (element references in and out as WebDriver's JSON),
 * clicks with Element Click, keys with Perform Actions (real input events:
 * focus moves as a user's would).
 */
class WebKitDom {
  constructor(page) { this.page = page; }
  call(source, refs, arg) {
    return this.page.evaluate(`(a) => { const lib = (${LIB})(); return (${source})(__els, a, lib); }`, arg ?? null, refs);
  }
  async nodes(source, refs, arg) { return (await this.call(source, refs, arg)).map((e) => e[ELEMENT]); }
  evaluate(source, refs, arg) { return this.page.evaluate(`(a) => (${source})(__els, a)`, arg ?? null, refs); }
  /**
   * Role and name as WebKit computes them: WebDriver's Get Computed Role
   * and Get Computed Label, which work here (WebKitGTK 2.50) on elements in
   * shadow trees too, one element per call. Candidates come from the page
   * (locators.mjs roleCandidates: elements with a role attribute or a tag
   * that may imply the role, not hidden: WebKit answers a hidden element's
   * role as if it were shown). WebKit's label is empty for table cells,
   * whose name per ARIA is their content: that content is used then.
   */
  async byRole(scopes, role, name, exact) {
    const candidates = await this.nodes('(els, role, lib) => lib.roleCandidates(els.length ? els : [document], role)', scopes || [], role);
    const out = [];
    for (const id of candidates) {
      if (await this.page.cmd('GET', `/element/${id}/computedrole`) !== role) continue;
      if (name !== undefined) {
        let label = await this.page.cmd('GET', `/element/${id}/computedlabel`);
        if (!label && NAME_FROM_CONTENT.has(role)) label = await this.call('(els, a, lib) => lib.text(els[0])', [id]);
        if (!nameMatches(label, name, exact)) continue;
      }
      out.push(id);
    }
    return out;
  }
  async click(id) { await this.page.cmd('POST', `/element/${id}/click`, {}); }
  async keys(actions) {
    await this.page.cmd('POST', '/actions', { actions });
    await this.page.cmd('DELETE', '/actions');
  }
}

/** A page: the session's first window, or a popup it opened. */
class Page {
  constructor(context, handle) {
    this.ctx = context;
    this.handle = handle;
    this.routes = [];
    this.listeners = { console: [], pageerror: [] };
    this.frameList = [];
    this.initScripts = [];
    this.closed = false;
  }
  context() { return this.ctx; }
  on(event, f) { (this.listeners[event] || (this.listeners[event] = [])).push(f); }
  /** Recorded console messages to the listeners, as Playwright's ConsoleMessage and Error. */
  deliver(messages) {
    for (const m of messages || []) {
      if (m.type === 'pageerror') {
        // An Error with the page's name and message, so that String(error) reads as the page's.
        const [, name, message] = /^(\w+): ([\s\S]*)$/.exec(m.text) || [null, 'Error', m.text];
        const error = Object.assign(new Error(message), { name });
        this.listeners.pageerror.forEach((f) => f(error));
      } else this.listeners.console.forEach((f) => f({ type: () => m.type, text: () => m.text }));
    }
  }
  /** A WebDriver command in this page's window. */
  async cmd(method, path, body) { return this.ctx.cmd(method, path, body, this.handle); }
  async route(pattern, handler) { this.routes.push({ pattern, test: matcher(pattern), handler }); }
  async unroute(pattern) { this.routes = this.routes.filter((r) => r.pattern !== pattern); }
  async goto(url) {
    this.ctx.navigating = this;
    await this.cmd('POST', '/url', { url });
    await this.afterLoad();
    return null;
  }
  async reload() { this.ctx.navigating = this; await this.cmd('POST', '/refresh', {}); await this.afterLoad(); }
  /** After a load: its console messages so far and its frames. */
  async afterLoad() { await this.evaluate(() => undefined); await this.snapshotFrames(); }
  async waitForLoadState() { await this.waitForFunction(() => document.readyState === 'complete'); }
  async waitForTimeout(ms) {
    await sleep(ms);
    if (!this.closed) { await this.evaluate(() => undefined); await this.snapshotFrames(); }
  }
  async evaluate(fn, arg, elements = []) {
    const source = typeof fn === 'function' ? fn.toString() : String(fn);
    const args = elements.length ? [arg ?? null, ...elements.map((id) => ({ [ELEMENT]: id }))] : arg === undefined ? [] : [arg];
    let r = await this.cmd('POST', '/execute/sync', { script: evaluateScript(source), args });
    this.deliver(r.console);
    while (r.pending) {
      await sleep(20);
      // The test ended with this promise unsettled (it awaited something
      // else): it stays unsettled, as the page that would settle it is gone.
      if (this.ctx.closed) return new Promise(() => {});
      r = await this.cmd('POST', '/execute/sync', { script: POLL, args: [r.pending] });
      this.deliver(r.console);
    }
    if (r.gone) throw new Error('page.evaluate: Execution context was destroyed, most likely because of a navigation');
    if (!r.ok) { const e = new Error(`page.evaluate: ${r.message}`); e.stack += '\n' + r.stack; throw e; }
    return restore(r.value);
  }
  /** Polls `fn(arg)` until it is truthy, as Playwright does (every 100 ms here). */
  async waitForFunction(fn, arg, options = {}) {
    const timeout = options.timeout ?? 30_000;
    const end = Date.now() + timeout;
    for (;;) {
      const v = await this.evaluate(fn, arg);
      if (v) return v;
      if (Date.now() > end) throw new Error(`page.waitForFunction: Timeout ${timeout}ms exceeded.`);
      await sleep(100);
    }
  }
  /**
   * WebDriver classic has no init scripts: the proxy puts them at the start
   * of every HTML document it serves (see startScript), before the page's
   * own scripts. A proxy cannot tell pages apart: a document gets the init
   * scripts of the page last navigated (goto, reload), its frames and the
   * pages it opens included.
   */
  async addInitScript(script, arg) {
    this.initScripts.push(typeof script === 'function' ? `(${script})(${arg === undefined ? '' : JSON.stringify(arg)});` : script.content);
  }
  /** A script element with inline content or a URL, settled (loaded or failed) before it returns. */
  async addScriptTag({ content, url }) {
    await this.evaluate(([content, url]) => new Promise((resolve, reject) => {
      const s = document.createElement('script');
      if (url) { s.src = url; s.onload = resolve; s.onerror = () => reject(new Error('failed to load ' + url)); } else s.textContent = content;
      document.head.appendChild(s);
      if (!url) resolve();
    }), [content ?? null, url ?? null]);
  }
  /**
   * The frame tree as of the last load or wait (Playwright's is live; a
   * WebDriver call is asynchronous): the main frame, then each child frame
   * of it (not deeper), with its document's URL read inside the frame.
   */
  frames() { return [{ url: () => this.url() }, ...this.frameList.map((u) => ({ url: () => u }))]; }
  async snapshotFrames() {
    const n = await this.evaluate(() => window.frames.length);
    const urls = [];
    for (let i = 0; i < n; i++) {
      try {
        await this.cmd('POST', '/frame', { id: i });
        urls.push(await this.cmd('POST', '/execute/sync', { script: 'return location.href', args: [] }));
      } catch { urls.push('about:blank'); } finally { await this.cmd('POST', '/frame/parent', {}); }
    }
    this.frameList = urls;
    this.lastUrl = await this.cmd('GET', '/url');
  }
  url() { return this.lastUrl || ''; }
  async element(selector) {
    const el = await this.cmd('POST', '/element', { using: 'css selector', value: selector });
    return Object.values(el)[0];
  }
  /**
   * A real click (a user gesture: popups and pings follow). `position` is
   * from the element's top-left corner, as in Playwright; WebDriver's
   * pointer offsets are from its centre.
   */
  async click(selector, options = {}) {
    const id = await this.element(selector);
    if (!options.position) return this.cmd('POST', `/element/${id}/click`, {});
    const rect = await this.cmd('GET', `/element/${id}/rect`);
    const x = Math.round(options.position.x - rect.width / 2), y = Math.round(options.position.y - rect.height / 2);
    const origin = { 'element-6066-11e4-a52e-4f735466cecf': id };
    await this.pointer([{ type: 'pointerMove', duration: 0, origin, x, y }]);
  }
  /** A pointer move, then a press and release of the main button where it ends. */
  async pointer(moves) {
    const actions = [...moves, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }];
    await this.cmd('POST', '/actions', { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }] });
    await this.cmd('DELETE', '/actions');
  }
  /** Clicks at a point of the viewport, as Playwright's mouse does; nothing else of the mouse. */
  get mouse() {
    return new Proxy({ click: (x, y) => this.pointer([{ type: 'pointerMove', duration: 0, origin: 'viewport', x: Math.round(x), y: Math.round(y) }]) }, {
      get: (o, k) => (k in o || typeof k === 'symbol' || k === 'then' ? o[k] : unsupported(`mouse.${String(k)}`)),
    });
  }
  get dom() { return this.domBackend || (this.domBackend = new WebKitDom(this)); }
  /** Locators (./locators.mjs). */
  locator(selector) { return new Locator(this, [{ css: selector }]); }
  getByRole(role, options) { return new Locator(this, []).getByRole(role, options); }
  getByText(text, options) { return new Locator(this, []).getByText(text, options); }
  get keyboard() { return keyboard(this.dom); }
  frameLocator() { unsupported('frame locators'); }
  /**
   * WebDriver classic has no media emulation; MiniBrowser's dark mode is a
   * launch option (--dark-mode), so a test gets it for its whole context
   * with `test.use({ colorScheme: 'dark' })` (see Context.start).
   */
  async emulateMedia() { unsupported('media emulation on a running page (WebDriver classic has none; colorScheme is a launch option of MiniBrowser: test.use({ colorScheme }))'); }
  /**
   * WebDriver sizes windows, not viewports: the window is sized for the
   * viewport asked for, with what MiniBrowser's window adds around it. Its
   * window has a minimum width (447 px here, with GTK's defaults), so a
   * narrower viewport cannot be had: the test stops there, skipped.
   */
  async setViewportSize({ width, height }) {
    const inner = () => this.evaluate(() => [innerWidth, innerHeight]);
    await this.cmd('POST', '/window/rect', { width, height });
    const [w, h] = await inner();
    if (w !== width || h !== height) await this.cmd('POST', '/window/rect', { width: 2 * width - w, height: 2 * height - h });
    const [w2, h2] = await inner();
    if (w2 !== width || h2 !== height) unsupported(`viewport of ${width} x ${height} px (MiniBrowser's window gives ${w2} x ${h2} at most that close; WebDriver sizes windows, not viewports)`);
  }
  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.cmd('DELETE', '/window');
    this.ctx.current = null;
  }
}

/** A browser context: one WebDriver session (a fresh profile), its windows, routes and cookies. */
export class Context {
  constructor(browser, options = {}) { this.browser = browser; this.options = options; this.routes = []; this.wsRoutes = []; this.pages = []; this.navigating = null; this.queue = Promise.resolve(); this.current = null; }
  static async create(browser, options = {}) {
    // Now and then (about one session in 200 here) the MiniBrowser a
    // session launches cannot open the X display ("cannot open display"),
    // and WebKitWebDriver then never answers. The driver is restarted, once,
    // and the test goes on with a fresh one; what it wrote is shown.
    for (let attempt = 0; ; attempt++) {
      const c = new Context(browser, options);
      try {
        await c.start(15_000);
        return c;
      } catch (e) {
        if (attempt || e.name !== 'TimeoutError') throw e;
        console.warn(`WebKitWebDriver did not answer (${e.step}); restarting it. Its last words:\n${browser.driver.stderr()}`);
        await browser.restart();
      }
    }
  }
  /** A new session with the proxy, the viewport and the timeouts, each step within `ms`. */
  async start(ms) {
    const step = async (name, method, path, body) => {
      try { return await this.raw(method, path, body, ms); } catch (e) { e.step = name; throw e; }
    };
    const res = await step('new session', 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          acceptInsecureCerts: true,
          pageLoadStrategy: 'normal',
          // A dark colour scheme (prefers-color-scheme) is MiniBrowser's --dark-mode.
          'webkitgtk:browserOptions': { args: ['--automation', `--proxy=http://127.0.0.1:${this.browser.proxy.port}`, ...(this.options.colorScheme === 'dark' ? ['--dark-mode'] : [])] },
        },
      },
    });
    this.session = `/session/${res.sessionId}`;
    this.browser.context = this;
    // Playwright's default viewport.
    await step('window size', 'POST', `${this.session}/window/rect`, { width: 1280, height: 720 });
    // No script timeout: WebKitWebDriver would run it with the page's own
    // setTimeout, which a hostile page replaces (hardening.spec). The
    // driver's scripts are synchronous and short (see evaluate).
    await step('timeouts', 'POST', `${this.session}/timeouts`, { script: null });
    // Console messages recorded between commands reach the listeners soon
    // after they are written, as the specs' polls expect.
    this.poll = setInterval(() => { if (!this.busy) this.drain(); }, 100);
  }
  /** One WebDriver call, its value or its error. */
  async raw(method, path, body, timeout) {
    const res = await fetch(this.browser.driver.base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: timeout ? AbortSignal.timeout(timeout) : undefined,
    });
    const json = await res.json();
    if (!res.ok) throw new WebDriverError(method, path, json.value);
    return json.value;
  }
  /**
   * A command of this session in the window `handle`, one at a time (the
   * driver does one thing at a time; the console poll waits its turn).
   */
  cmd(method, path, body, handle) {
    if (this.skipReason) unsupported(this.skipReason);
    const run = async () => {
      this.busy = true;
      try {
        if (handle && this.current !== handle) {
          await this.raw('POST', `${this.session}/window`, { handle });
          this.current = handle;
        }
        return await this.raw(method, this.session + path, body);
      } finally { this.busy = false; }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }
  /** The console messages the open pages recorded since the last command. */
  async drain() {
    if (this.skipReason || this.closed) return;
    for (const page of this.pages) {
      if (page.closed) continue;
      try {
        page.deliver(await page.cmd('POST', '/execute/sync', { script: 'return window.__e2eConsole ? window.__e2eConsole.splice(0) : []', args: [] }));
      } catch { /* navigating or closing: the next poll reads them */ }
    }
  }
  /** The session's first window, then new ones (New Window: a tab of the same session, its cookies shared). */
  async newPage() {
    const handle = this.pages.length ? (await this.cmd('POST', '/window/new', { type: 'tab' })).handle : await this.cmd('GET', '/window');
    const page = new Page(this, handle);
    // New Window does not switch to the window it opens (cmd switches).
    if (this.pages.length === 0) this.current = page.handle;
    this.pages.push(page);
    return page;
  }
  /** Every request: special driver paths, then page routes (any open page's, the latest first), then the context's. */
  async dispatch(r) {
    if (new URL(r.url).pathname === COOKIE_PAGE) return r.respond({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>cookies</title>' });
    // MiniBrowser asks every site for /favicon.ico (its icon database): the
    // browser's request, not the page's (no test page names an icon there),
    // answered here and not logged, as Firefox's driver turns them off.
    if (new URL(r.url).pathname === '/favicon.ico') return r.respond({ status: 404, body: '' });
    const routes = this.pages.flatMap((p) => [...p.routes].reverse()).concat([...this.routes].reverse());
    for (const route of routes) {
      if (!route.test(r.url)) continue;
      const rt = new Route(r, this);
      await route.handler(rt, new Request(r));
      if (rt.handled) return;
    }
    r.respond({ status: 502, body: 'the e2e proxy does not reach the network' });
  }
  async route(pattern, handler) { this.routes.push({ pattern, test: matcher(pattern), handler }); }
  /**
   * The proxy completes a WebSocket's handshake and keeps it open with
   * nothing behind it, as Playwright's routeWebSocket does with a handler
   * that does not connect; the handler is told of it (`ws.url()`).
   */
  async routeWebSocket(pattern, handler) { this.wsRoutes.push({ test: matcher(pattern), handler }); }
  webSocket(url) {
    const r = [...this.wsRoutes].reverse().find((w) => w.test(url));
    if (r) r.handler({ url: () => url });
  }
  /**
   * The cookies of the page's current site (WebDriver reads only those of
   * the current document), as Playwright names their fields.
   */
  async cookies() {
    const page = this.pages[0];
    const list = await page.cmd('GET', '/cookie');
    return list.map((c) => ({ name: c.name, value: c.value, domain: c.domain, path: c.path, expires: c.expiry ?? -1, httpOnly: !!c.httpOnly, secure: !!c.secure, sameSite: c.sameSite || 'None' }));
  }
  /**
   * WebDriver sets a cookie only for the current document's site: the window
   * first opens a blank page of that origin, which the proxy answers itself
   * (it is not a request of the page under test, so it is not logged).
   */
  async addCookies(cookies) {
    const page = this.pages[0];
    for (const { url, name, value, domain, path = '/', secure, httpOnly, sameSite, expires } of cookies) {
      const origin = url ? new URL(url).origin : `https://${domain.replace(/^\./, '')}`;
      await page.cmd('POST', '/url', { url: origin + COOKIE_PAGE });
      const cookie = { name, value, path, secure: secure ?? origin.startsWith('https:'), httpOnly: !!httpOnly };
      if (domain) cookie.domain = domain;
      if (sameSite) cookie.sameSite = sameSite;
      if (expires && expires > 0) cookie.expiry = Math.floor(expires);
      await page.cmd('POST', '/cookie', { cookie });
    }
  }
  /** The next window the page opens (a popup), polled from the session's handles. */
  async waitForEvent(event, options = {}) {
    if (event !== 'page') throw new Error(`webkit driver: context.waitForEvent(${event}) is not supported`);
    const known = new Set(this.pages.map((p) => p.handle));
    const end = Date.now() + (options.timeout ?? 30_000);
    for (;;) {
      const fresh = (await this.cmd('GET', '/window/handles')).find((h) => !known.has(h));
      if (fresh) { const page = new Page(this, fresh); this.pages.push(page); return page; }
      if (Date.now() > end) throw new Error('context.waitForEvent(page): no window opened');
      await sleep(50);
    }
  }
  async close() {
    clearInterval(this.poll);
    this.closed = true;
    await this.queue;
    if (this.browser.context === this) this.browser.context = null;
    try {
      await this.raw('DELETE', this.session, undefined, 15_000);
    } catch (e) {
      // As at the start (see create): a driver that stopped answering is
      // replaced, so that the next test has one.
      if (e.name !== 'TimeoutError') throw e;
      console.warn(`WebKitWebDriver did not answer (end of session); restarting it. Its last words:\n${this.browser.driver.stderr()}`);
      await this.browser.restart();
    }
  }
}

/** A path the proxy answers for the driver itself (see addCookies). */
const COOKIE_PAGE = '/__e2e-driver-cookie-page';
