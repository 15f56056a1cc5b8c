// Consentry's service-worker guard, served by the site as consentry-sw.js.
//
// A service worker on the site's origin sees every request of the pages it
// controls, whatever made it: the preload scanner, import(), CSS url(),
// workers those pages start, fetch(). The DOM hooks of stage 1 stay the
// first line; this file holds what they cannot see. For each request the
// guard module (the core's classification and consent rules, guard/) names
// the vendor, if it is one that can be held; the rest is left alone (no
// respondWith, so no added latency). A vendor request goes out only if the
// visitor's consent allows it at that moment, and is otherwise answered with
// a network error.
//
// Two set-ups:
//   - stage 1 registers this file (configuration `serviceWorker: { url }`);
//     then it takes control of open pages at once (skipWaiting, claim);
//   - a site that has a worker of its own imports it (importScripts) and
//     calls `consentry.guard(event)` first in its own fetch handler: true
//     means the guard answered the request, and the handler stops there.
//     The guard's own fetch listener is registered as well, so a held
//     request is answered whichever handler runs first.
//
// Whatever fails here (no WebAssembly under the worker's CSP, a trap), the
// guard steps aside and says so: the pages stay guarded by stage 1.
import wasmText, { decoder } from 'consentry-guard:wasm';
import { decode } from './decode.js';

// The cache entry that keeps the newest state across worker restarts (a
// worker is stopped when idle; pages report again only at start and at each
// decision).
const CACHE = 'consentry-guard';
const KEY = new URL('consentry-guard-state', self.registration.scope).href;
// How long a page has to answer before the newest known state decides.
const ASK_MS = 1000;

let g = null;
// The module's start-up (decode, compile, instantiate, index), for the benchmark.
const began = performance.now();
try {
  g = new WebAssembly.Instance(new WebAssembly.Module(decode(wasmText, 'consentry-sw.js', decoder)), {}).exports;
  g.start();
} catch (e) {
  g = null;
  const csp = /Content Security Policy|unsafe-eval|CSP/i.test(String(e && e.message));
  console.error('Consentry: the service-worker guard could not start: ' + (csp
    ? "this worker's Content-Security-Policy forbids WebAssembly. Fix: add 'wasm-unsafe-eval' to script-src in the headers that serve consentry-sw.js."
    : e) + ' Pages stay guarded by consentry.global.js alone.');
}

const encoder = new TextEncoder();

/** Writes strings into the module's scratch buffer; their lengths in bytes. */
function put(...texts) {
  const bytes = texts.map((t) => encoder.encode(t));
  const total = bytes.reduce((n, b) => n + b.length, 0);
  const p = g.scratch(total);
  let at = p;
  for (const b of bytes) { new Uint8Array(g.memory.buffer, at, b.length).set(b); at += b.length; }
  return bytes.map((b) => b.length);
}

/** The vendor of `url` that can be held, or -1. The hot path: one copy, one call. */
function vendorOf(url) {
  const room = url.length * 3;
  const p = g.scratch(room);
  return g.check(encoder.encodeInto(url, new Uint8Array(g.memory.buffer, p, room)).written);
}

// The newest state taken, as stored (the configuration kept from the last
// message that carried it).
let last = null;
let stored = '';

/** Takes a page's state message if it is the newest; returns whether it was. */
function take(d) {
  if (!g || !d || typeof d !== 'object') return false;
  const n = (x) => (typeof x === 'number' ? x : 0);
  const [choices] = put(typeof d.vendors === 'string' ? d.vendors : '');
  if (!g.report(n(d.granted), d.decided ? 1 : 0, n(d.presumed), typeof d.at === 'number' ? d.at : NaN, n(d.expires), choices)) return false;
  const next = Object.assign({}, last, d);
  if (typeof d.config === 'string' && typeof d.attrs === 'string' && (!last || d.config !== last.config || d.attrs !== last.attrs)) {
    const [c, a] = put(d.config, d.attrs);
    g.configure(c, a);
  }
  g.set_off(d.off ? 1 : 0);
  last = next;
  const text = JSON.stringify({ consentry: 'state', config: next.config, attrs: next.attrs, granted: next.granted, decided: next.decided, vendors: next.vendors, presumed: next.presumed, at: next.at, expires: next.expires, off: next.off });
  if (text !== stored) {
    stored = text;
    caches.open(CACHE).then((c) => c.put(KEY, new Response(text, { headers: { 'content-type': 'application/json' } }))).catch(() => {});
  }
  return true;
}

// The state a previous run of this worker kept. Until it is read, a vendor
// request waits for it (only those: everything else is not touched).
let ready = false;
const loaded = (g ? caches.open(CACHE).then((c) => c.match(KEY)).then((r) => r && r.json()).then((d) => { if (d) take(d); }) : Promise.resolve())
  .catch(() => {})
  .then(() => { ready = true; });

// Each page that reported hands over a port to ask it again (see
// crate/js/worker.js), by client id; answers come back in order.
const pages = new Map();

self.addEventListener('message', (e) => {
  const d = e.data;
  if (!d || d.consentry !== 'state') return;
  const id = e.source && e.source.id;
  const port = e.ports && e.ports[0];
  if (id && port) {
    // Pages come and go; their ports are not needed after they close.
    if (pages.size >= 256) pages.delete(pages.keys().next().value);
    const waiting = [];
    port.onmessage = (m) => { const w = waiting.shift(); if (w) w(m.data); };
    pages.set(id, { port, waiting });
  }
  take(d);
});

/** The page's state, asked through its port; null if it does not answer in time. */
function ask(page) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (d) => { if (!done) { done = true; resolve(d); } };
    page.waiting.push(finish);
    setTimeout(() => finish(null), ASK_MS);
    page.port.postMessage({ consentry: 'ask' });
  });
}

/**
 * Whether a request of `client` to `vendor` may go out, with the freshest
 * state there is, and what that page permits for its own page view (a
 * widget loaded once: never kept, see take).
 */
async function allowed(vendor, client) {
  await loaded;
  const page = pages.get(client);
  const d = page ? await ask(page) : null;
  if (d) take(d);
  if (g.allows(vendor, Date.now()) === 1) return true;
  const once = d && typeof d.once === 'string' ? d.once : '';
  if (!once) return false;
  const [len] = put(once);
  return g.allows_on_page(vendor, Date.now(), len) === 1;
}

const ORIGIN = self.location.origin + '/';

// Requests this guard answered: the site's handler and ours may both see one.
const answered = new WeakSet();

/**
 * Holds `event`'s request if it goes to a vendor the visitor has not
 * consented to: answers it (a network error, or, allowed after all, the
 * request itself) and returns true. Returns false, and does nothing, for
 * every other request: the caller handles it as it would without the guard.
 */
function guard(event) {
  if (answered.has(event)) return true;
  if (!g) return false;
  try {
    const url = event.request.url;
    // The site's own requests (its pages' navigations among them) are first
    // party, as stage 1 reads them: no call into the module.
    if (url.startsWith(ORIGIN)) return false;
    const vendor = vendorOf(url);
    if (vendor < 0) return false;
    const client = event.clientId;
    // A request of a page that can be asked waits for its answer; any other
    // (a worker's, or a page whose stage 1 has not reported yet) is decided
    // by the newest state, untouched when that allows it.
    if (ready && !pages.has(client) && g.allows(vendor, Date.now()) === 1) return false;
    answered.add(event);
    event.respondWith(allowed(vendor, client).then((ok) => (ok ? fetch(event.request) : Response.error())));
    return true;
  } catch (e) {
    // A trap: the module can no longer be trusted. The pages keep stage 1.
    g = null;
    console.error('Consentry: the service-worker guard stopped after an internal error (' + e + '). Pages stay guarded by consentry.global.js alone.');
    return false;
  }
}

self.consentry = { guard, startup: performance.now() - began };
self.addEventListener('fetch', (event) => { guard(event); });

// Registered by stage 1 as consentry-sw.js (its own file, not imported into
// a site's worker): take control of the open pages at once, so the first
// page view is guarded from the moment the worker is active.
if (/\/consentry-sw[^/]*\.js$/.test(self.location.pathname)) {
  self.addEventListener('install', () => self.skipWaiting());
  self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
}
