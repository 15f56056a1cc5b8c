// Consentry's browser shim: the only hand-written JavaScript on the hot path.
//
// Why it exists: a wasm function cannot be installed as a prototype method
// or accessor (it would not receive `this`), and the page may replace DOM
// methods after we start. So this module
//   1. captures the native DOM functions the Rust layer uses, at load time,
//      before any page code runs (`nat`), and
//   2. wraps the insertion methods, URL setters, markup sinks and request
//      APIs with one-line guards that decide whether to call into wasm at all
//      (an ordinary <div> never does) and otherwise call the native function.
// Every decision is made in Rust (crate/src/web/*.rs). Every call into Rust
// is wrapped so that an exception of ours never reaches the page; if the
// module has died, `failed` switches the guards to fail closed.

const W = globalThis;
const D = W.document;
const O = Object;
const gopd = O.getOwnPropertyDescriptor;
const dp = O.defineProperty;
const E = W.Element && W.Element.prototype;
const N = W.Node && W.Node.prototype;
const fnCall = Function.prototype.call;
// `call(f, self, ...args)` without going through a page-patched Function.prototype.call.
const call = fnCall.bind(fnCall);

// Element kinds that can fetch or execute: their insertions and URL writes go to Rust.
// (`image` and `feImage`: SVG's, which fetch their `href`.)
const HOT = { script: 1, img: 1, iframe: 1, frame: 1, link: 1, source: 1, embed: 1, object: 1, video: 1, audio: 1, input: 1, base: 1, image: 1, feImage: 1 };
// The same list as a selector (for the fail-closed mode; Rust has its own copy, dom::LOADING).
const HOT_SELECTOR = 'script,img,iframe,frame,link,source,embed,object,video,audio,input,base,image,feImage';
// Attributes that carry a URL (or, for `type`/`srcdoc`, decide one) per element.
const WATCH = { src: 1, srcset: 1, href: 1, 'xlink:href': 1, data: 1, poster: 1, type: 1, srcdoc: 1, imagesrcset: 1, 'data-category': 1 };
// Markup that may contain a loading tag; anything else goes straight to the native sink.
const MARKUP = /<\s*(?:script|i?frame|img|image|feimage|link|source|embed|object|video|audio|input|base)/i;

let calls = null;   // the Rust functions the hooks call, from boot.js (setCallbacks)
let cb = null;      // the same, once the hooks are installed (null when fail-closed)
let failed = false; // set when a call into Rust threw: fail closed from then on

function fail(e) {
  if (!failed) {
    failed = true;
    try { W.console.error('Consentry: internal error; third-party scripts, frames and requests are now held for the rest of this page view.', e); } catch (_) {}
    // Failing closed leans on the observer too: back on if the page was parsed.
    if (mo && !observing) { observing = true; observe(D); }
  }
}

// Same-origin test used only after a failure: hold everything third-party.
function foreign(url) {
  try { return new nat.URL(url, D.baseURI).origin !== W.location.origin; } catch (_) { return false; }
}

// The elements Consentry holds, with their index in the Rust registry. A
// private map with captured methods: the page can neither read nor patch it.
const heldMap = new WeakMap();
const wmGet = WeakMap.prototype.get, wmSet = WeakMap.prototype.set, wmDelete = WeakMap.prototype.delete;
export function heldGet(el) { return call(wmGet, heldMap, el); }
export function heldSet(el, i) { call(wmSet, heldMap, el, i); }
export function heldDelete(el) { call(wmDelete, heldMap, el); }

// ---- natives captured at load time, used by Rust (crate/src/web/dom.rs) ----
function pick(proto, name) { const d = proto && gopd(proto, name); return d && (d.value || d.set || d.get); }
function getter(proto, name) { const d = proto && gopd(proto, name); return d && d.get; }
export const nat = {
  createElement: W.Document.prototype.createElement,
  getAttribute: E.getAttribute, setAttribute: E.setAttribute, setAttributeNS: E.setAttributeNS, removeAttribute: E.removeAttribute,
  hasAttribute: E.hasAttribute, querySelector: E.querySelector, querySelectorAll: E.querySelectorAll, closest: E.closest,
  docQuerySelectorAll: W.Document.prototype.querySelectorAll,
  fragQuerySelectorAll: W.DocumentFragment.prototype.querySelectorAll,
  insertBefore: N.insertBefore,
  parentNode: getter(N, 'parentNode'), nextSibling: getter(N, 'nextSibling'),
  isConnected: getter(N, 'isConnected'), localName: getter(E, 'localName'), namespaceURI: getter(E, 'namespaceURI'),
  asyncGet: getter(W.HTMLScriptElement.prototype, 'async'), asyncSet: pick(W.HTMLScriptElement.prototype, 'async'),
  addEventListener: W.EventTarget.prototype.addEventListener,
  dispatchEvent: W.EventTarget.prototype.dispatchEvent,
  cookieGet: getter(W.Document.prototype, 'cookie'), cookieSet: pick(W.Document.prototype, 'cookie'),
  baseURI: getter(N, 'baseURI'),
  URL: W.URL, MO: W.MutationObserver, setTimeout: W.setTimeout,
  // Time, randomness and events for the consent record and its event: a page
  // that replaces them later (a mocked clock, a polyfill) changes nothing.
  now: W.Date.now, crypto: W.crypto, getRandomValues: W.Crypto && W.Crypto.prototype.getRandomValues, CustomEvent: W.CustomEvent,
  queueMicrotask: W.queueMicrotask,
  fetch: W.fetch,
  innerHTML: pick(E, 'innerHTML'),
};
const construct = Reflect.construct;

export function createEl(doc, tag) { return call(nat.createElement, doc, tag); }
export function getAttr(el, n) { return call(nat.getAttribute, el, n); }
// Script URLs go through our Trusted Types policy (a plain string where the
// page does not enforce Trusted Types).
// `xlink:href` goes in the XLink namespace: with setAttribute it would be a
// plain attribute of that name, which SVG ignores.
export function setAttr(el, n, v) {
  if ((n === 'src' || n === 'href' || n === 'xlink:href') && call(nat.localName, el) === 'script') {
    // Refused when Trusted Types are enforced and our policy is not allowed
    // (reported once by policy()): the script then stays held.
    try { setNamed(el, n, scriptUrl(v)); } catch (_) {}
    return;
  }
  setNamed(el, n, v);
}
function setNamed(el, n, v) {
  if (n === 'xlink:href') call(nat.setAttributeNS, el, 'http://www.w3.org/1999/xlink', n, v);
  else call(nat.setAttribute, el, n, v);
}
export function removeAttr(el, n) { call(nat.removeAttribute, el, n); }
export function localName(el) { return call(nat.localName, el); }
export function isConnected(n) { return call(nat.isConnected, n); }
export function nonceOf(el) { try { return el.nonce || ''; } catch (_) { return ''; } }
export function scriptAsync(el) { try { return call(nat.asyncGet, el); } catch (_) { return true; } }
export function setScriptAsync(el, v) { try { call(nat.asyncSet, el, v); } catch (_) { /* SVG scripts have no async */ } }
// Whether `el` is an HTML script, whose `async = false` keeps it in order; an SVG script has no `async`.
export function hasAsync(el) { try { call(nat.asyncGet, el); return true; } catch (_) { return false; } }
export function cookie() { return call(nat.cookieGet, D); }
export function setCookie(v) { call(nat.cookieSet, D, v); }
export function baseUrl() { return D.baseURI; }
// Canonical absolute form by the browser's own URL parser (IDNA, dot segments).
export function canonical(u) { try { return new nat.URL(u, D.baseURI).href; } catch (_) { return undefined; } }
// A character reference the Rust decoder's short table does not know
// (crate/src/core/charref.rs), read by the browser's own tokenizer as an
// attribute value, in an inert document where nothing fetches or runs.
// `ref` is letters and digits and a `;`, so it cannot end the attribute.
let inert = null;
export function decodeReference(ref) {
  try {
    if (inert === null) inert = D.implementation.createHTMLDocument('');
    const div = call(nat.createElement, inert, 'div');
    call(nat.innerHTML, div, trustedHtml('<a title="&' + ref + '"></a>'));
    return call(nat.getAttribute, div.firstChild, 'title');
  } catch (_) { return undefined; }
}
// Removes and re-inserts `el` in place: a held script then runs; an iframe drops a navigation in flight.
export function reinsert(el) {
  const p = call(nat.parentNode, el);
  if (!p) return false;
  call(nat.insertBefore, p, el, call(nat.nextSibling, el));
  return true;
}
// Every element matching `sel` under `root` (document, element, fragment or shadow root), in document order.
export function qsa(root, sel) {
  const f = root.nodeType === 9 ? nat.docQuerySelectorAll : root.nodeType === 1 ? nat.querySelectorAll : nat.fragQuerySelectorAll;
  return Array.prototype.slice.call(call(f, root, sel));
}
// Resumes the release once `el` fires load or error (release chains of
// ordered scripts), or after 10 s if it never does (a script the page removed).
export function onSettled(el) {
  let done = false;
  const h = () => { if (!done && cb) { done = true; try { cb.resume(); } catch (e) { fail(e); } } };
  call(nat.addEventListener, el, 'load', h);
  call(nat.addEventListener, el, 'error', h);
  call(nat.setTimeout, W, h, 10000);
}
export function emit(name, detail) {
  try { call(nat.dispatchEvent, W, construct(nat.CustomEvent, [name, { detail }])); } catch (e) { consoleError(e); }
}

// ---- guards ----

// Called with each node about to be inserted; returns its local name.
//
// The commonest insertion of all, an ordinary element of this document (a
// <div> of a framework's render), costs two property reads: its local name
// and its document. Scripts are checked as they are inserted (that is when
// they would run), and so is <base> (it changes where every relative URL
// goes). Other loading elements of this document got their URLs through our
// hooked setters and markup sinks; inserted, they are checked only for a
// hand tag (data-category) once the document is parsed (before, the
// observer sees them). Fragments and nodes from other documents (DOMParser,
// templates, other frames) are scanned whole.
//
// Hand-tagged elements inside an ordinary element: an element that gets a
// data-category through setAttribute (or the like) or markup while out of
// the document waits in `tagged`, and is decided once an insertion has put
// it in the document (flushTagged): an <iframe data-src data-category>
// built in a <div> and inserted after consent must load, one inserted
// before must be registered. (One tagged through `dataset` alone is found
// at the next change of consent.)
function guardNode(n) {
  if (n === null || typeof n !== 'object') return;
  const name = n.localName;
  if (name !== undefined && HOT[name] !== 1 && n.ownerDocument === D) return name;
  const t = n.nodeType;
  if (t !== 1 && t !== 11) return name;
  const foreign = t === 11 || n.ownerDocument !== D;
  if (!foreign) {
    if (name === 'script') { if (ownScript(n)) return name; }
    else if (name !== 'base' && (observing || !call(nat.hasAttribute, n, 'data-category'))) return name;
  }
  if (failed) { failNode(n); return name; }
  try {
    if (t === 1 && HOT[name] === 1) cb.node(n, false);
    if (foreign && n.firstElementChild) cb.tree(n);
  } catch (e) { fail(e); failNode(n); }
  return name;
}

// Hand-tagged loading elements out of the document (see guardNode), at most
// a thousand: one never inserted is dropped from here after that, and found
// by the sweep at the next change of consent if it ever is.
const tagged = new Set();
function tag(el) {
  if (call(nat.isConnected, el)) return;
  if (tagged.size >= 1000) tagged.delete(tagged.values().next().value);
  tagged.add(el);
}
function flushTagged() {
  for (const el of tagged) {
    if (!call(nat.isConnected, el)) continue;
    tagged.delete(el);
    if (failed) { failNode(el); continue; }
    try { cb.node(el, true); } catch (e) { fail(e); failNode(el); }
  }
}

// Loading elements whose URL attributes Rust has already seen through a
// hook: the observer need not ask again when they are inserted.
const checked = new WeakSet();
const wsAdd = WeakSet.prototype.add, wsHas = WeakSet.prototype.has;
function failNode(n) {
  const list = n.nodeType === 1 && HOT[n.localName] ? [n] : qsa(n, HOT_SELECTOR);
  for (const el of list) {
    for (const a of ['src', 'href', 'data', 'srcset']) {
      const v = getAttr(el, a);
      if (v && foreign(v)) { if (el.localName === 'script') setAttr(el, 'type', 'text/plain'); else removeAttr(el, a); }
    }
  }
}
// Guards every node argument from `from` on; returns whether one is a frame.
function guardArgs(args, from) {
  let frames = false;
  for (let i = from; i < args.length; i++) {
    const name = guardNode(args[i]);
    if (name === 'iframe' || name === 'frame') frames = true;
  }
  return frames;
}
// After an insertion: a same-origin frame has a window now, to be given our
// hooks; hand-tagged elements waiting out of the document may be in it now.
function afterArgs(args, from, frames) {
  if (frames) {
    for (let i = from; i < args.length; i++) hookFrame(args[i]);
  }
  if (tagged.size !== 0) flushTagged();
}

// A path on this page's own origin ("/img/a.png"): the commonest URL on a
// DOM-heavy page, and never a vendor's, so it needs no call into wasm. Not
// for "//host", "/\host" or "/<tab>/host" (the URL parser drops tabs and
// newlines), nor when a <base> points elsewhere.
const origin = W.location.origin;
function ownPath(v) {
  if (typeof v !== 'string' || v.charCodeAt(0) !== 47) return false;
  const c = v.charCodeAt(1);
  if (c === 47 || c === 92 || c === 9 || c === 10 || c === 13) return false;
  const base = call(nat.baseURI, D);
  return base.length > origin.length && base.charCodeAt(origin.length) === 47 && base.startsWith(origin);
}
const ONE_URL = { src: 1, href: 1, data: 1, poster: 1 };
// `url` is such a path and `el` is neither held nor hand-tagged: Rust would
// let it pass, so it is not asked.
function plainOwn(el, url) {
  return ownPath(url) && call(wmGet, heldMap, el) === undefined && !call(nat.hasAttribute, el, 'data-category');
}
// An HTML script whose src is such a path (a site's own chunks, the
// commonest script insertion on a DOM-heavy page). (Each call into wasm on
// that path also costs V8 tier-up work that competes with the script fetch
// itself on a small machine.)
const HTML_NS = 'http://www.w3.org/1999/xhtml';
function ownScript(n) {
  return call(nat.namespaceURI, n) === HTML_NS && plainOwn(n, call(nat.getAttribute, n, 'src'));
}

// Returns 1 to skip the native write, a string to write instead, or undefined.
function guardAttr(el, name, value) {
  // A hand tag: decided once the element is in the document (see guardNode).
  if (name === 'data-category') { tag(el); return undefined; }
  if (failed) return foreign(String(value)) && name !== 'type' ? 1 : undefined;
  if (ONE_URL[name] === 1 && plainOwn(el, value)) {
    call(wsAdd, checked, el);
    return undefined;
  }
  let r;
  try { r = cb.attr(el, name, String(value)); } catch (e) { fail(e); return 1; }
  call(wsAdd, checked, el);
  // A rewritten srcdoc given as TrustedHTML goes back as TrustedHTML.
  if (typeof r === 'string' && name === 'srcdoc' && typeof value !== 'string') return trustedHtml(r);
  return r;
}
// Trusted Types: markup may arrive as TrustedHTML. We read its text, and
// when we had to rewrite it, hand back TrustedHTML made by our own policy
// ("consentry", which the page's `trusted-types` directive must allow).
let ttPolicy = null;
function policy() {
  if (ttPolicy === null) {
    ttPolicy = false;
    const tt = W.trustedTypes;
    if (tt && tt.createPolicy) {
      try {
        ttPolicy = tt.createPolicy('consentry', { createHTML: (s) => s, createScriptURL: (s) => s });
      } catch (e) {
        try { W.console.error("Consentry: this page enforces Trusted Types but its CSP does not allow the policy 'consentry'. Add it: trusted-types <your policies> consentry. Until then markup given to innerHTML/document.write as TrustedHTML is not rewritten, and hand-tagged scripts that keep their URL in data-src cannot be released."); } catch (_) {}
      }
    }
  }
  return ttPolicy;
}
function isTrusted(v, kind) {
  const tt = W.trustedTypes;
  return !!(tt && v && typeof v === 'object' && (kind === 'html' ? tt.isHTML(v) : tt.isScriptURL(v)));
}
// The namespace markup written into `el` is parsed in, for the Rust layer's
// tokenizer (in SVG and MathML, <style> holds markup and <![CDATA[ is text):
// 1 SVG, 2 MathML, 0 HTML (also a document, a shadow root, or anything that
// is not an element).
function contextNs(el) {
  let ns;
  try { ns = call(nat.namespaceURI, el); } catch (_) { return 0; }
  return ns === 'http://www.w3.org/2000/svg' ? 1 : ns === 'http://www.w3.org/1998/Math/MathML' ? 2 : 0;
}
// document.write. A page may write one tag (or a comment, an element's
// text, an <svg>) over several calls or arguments, as legacy ad tags do:
// read piece by piece, none would look like a vendor tag. So the unfinished
// end of what is written is held back (per document) and written with the
// next call; what is still held back when the writing script ends (a
// microtask later, before the parser reads on) or at document.close() is
// written then.
const pending = new WeakMap();
function writeWhole(doc, write, s) {
  const text = (pending.get(doc) || '') + s;
  pending.delete(doc);
  let cut = text.length;
  if (text.indexOf('<') >= 0) {
    try { cut = cb.written(text); } catch (e) { fail(e); }
  }
  const head = text.slice(0, cut), tail = text.slice(cut);
  // Scripts in `head` may write too: they go first, as natively. Called
  // even with nothing whole yet: after load, a write opens a new document.
  call(write, doc, head ? guardMarkup(head, 0) : '');
  if (tail) {
    const before = pending.get(doc);
    if (before === undefined) call(nat.queueMicrotask, W, () => { try { flushWrites(doc, write); } catch (e) { consoleError(e); } });
    pending.set(doc, (before || '') + tail);
  }
}
function flushWrites(doc, write) {
  const rest = pending.get(doc);
  if (!rest) return;
  pending.delete(doc);
  call(write, doc, guardMarkup(rest, 0));
}
// A range's context element: its start node, or that node's parent.
function rangeContext(r) {
  try { const n = r.startContainer; return n && n.nodeType === 1 ? n : n && n.parentNode; } catch (_) { return null; }
}
// Returns the markup to pass to the native sink: unchanged (the very same
// object) unless a vendor tag had to be held. `ns`: see contextNs.
let markupTagged = false;
function guardMarkup(v, ns) {
  const html = typeof v === 'string' ? v : isTrusted(v, 'html') ? String(v) : null;
  markupTagged = false;
  if (html === null || !MARKUP.test(html)) return v;
  markupTagged = html.indexOf('data-category') >= 0;
  let r;
  if (failed) r = '';
  else {
    try { r = cb.markup(html, ns); } catch (e) { fail(e); r = ''; }
  }
  if (typeof r !== 'string') return v;
  if (typeof v === 'string') return r;
  const p = policy();
  return p ? p.createHTML(r) : v;
}
// A string for a URL sink of a script (release of data-src tags) under Trusted Types.
export function scriptUrl(u) { const p = W.trustedTypes && W.trustedTypes.createPolicy ? policy() : null; return p ? p.createScriptURL(u) : u; }
export function trustedHtml(h) { const p = W.trustedTypes && W.trustedTypes.createPolicy ? policy() : null; return p ? p.createHTML(h) : h; }
// After a markup sink wrote markup the Rust layer rewrote (`m !== v`): its
// held-form elements are registered, wherever they sit in the new subtree,
// so that held() lists them (the observer sees only the subtree's top nodes,
// and is off once the document is parsed). Only the new ones: an element
// registered before keeps its place in the release order.
// Markup that was not rewritten but holds hand tags (`markupTagged`, set by
// guardMarkup) is scanned too: its tagged elements in the document are
// decided now, those out of it wait in `tagged` for their insertion.
function afterMarkup(root, m, v) {
  if ((m === v && !markupTagged) || failed || !root) return;
  markupTagged = false;
  try {
    for (const el of qsa(root, '[data-category]')) {
      if (HOT[call(nat.localName, el)] !== 1 || heldGet(el) !== undefined) continue;
      if (m !== v || call(nat.isConnected, el)) cb.node(el, true); else tag(el);
    }
  } catch (e) { fail(e); }
}
// The URL of fetch()'s or fetchLater()'s first argument: a Request, or
// anything that stringifies to a URL.
function requestUrl(input) {
  return input && typeof input === 'object' && 'url' in input ? input.url : String(input);
}
function guardRequest(url, kind) {
  if (failed) return foreign(url);
  try { return cb.request(String(url), kind) === 1; } catch (e) { fail(e); return true; }
}

// Hooks that could not be installed (a page that froze prototypes before
// us): reported once, never thrown at the page.
const unhooked = [];
function define(proto, name, desc, label) {
  try { dp(proto, name, desc); return true; } catch (_) { unhooked.push(label); return false; }
}
// Subclass prototypes that inherit Node's and Element's methods: when a page
// froze Node.prototype or Element.prototype before we ran, an own property
// on these still shadows the inherited method for every element, document,
// fragment and shadow root.
function heirs(w) {
  return ['HTMLElement', 'SVGElement', 'MathMLElement', 'Document', 'DocumentFragment', 'CharacterData']
    .map((c) => w[c] && w[c].prototype).filter(Boolean);
}
// Defines `name` on `proto`, or, if that is frozen, on each heir (when `w`,
// the realm, is given).
function defineOrHeirs(proto, name, desc, w) {
  if (define(proto, name, desc, name) || !w) return;
  unhooked.pop();
  let all = true;
  for (const h of heirs(w)) {
    if (h !== proto && !Object.prototype.hasOwnProperty.call(h, name) && name in h) all = define(h, name, desc, name) && all;
  }
  if (!all) unhooked.push(name);
}
function wrap(proto, name, make, w) {
  const d = proto && gopd(proto, name);
  if (!d || typeof d.value !== 'function') return;
  defineOrHeirs(proto, name, { value: make(d.value), writable: true, configurable: true, enumerable: d.enumerable }, w);
}
function wrapSetter(proto, prop, make, w) {
  const d = proto && gopd(proto, prop);
  if (!d || !d.set) return;
  defineOrHeirs(proto, prop, { get: d.get, set: make(d.set), configurable: true, enumerable: d.enumerable }, w);
}

function hookRealm(w) {
  const P = (c) => w[c] && w[c].prototype;
  const Np = P('Node'), Ep = P('Element'), CDp = P('CharacterData'), DFp = P('DocumentFragment'), Dp = P('Document');

  // Insertion: first argument, or every argument for the ChildNode/ParentNode methods.
  // The hottest wrappers: explicit parameters (no `apply`), and the native
  // sees exactly as many arguments as the page gave.
  for (const name of ['appendChild', 'insertBefore', 'replaceChild']) {
    wrap(Np, name, (f) => function (n, ref) {
      const local = guardNode(n);
      const r = arguments.length < 2 ? call(f, this, n) : call(f, this, n, ref);
      if (local === 'iframe' || local === 'frame') hookFrame(n);
      if (tagged.size !== 0) flushTagged();
      return r;
    }, w);
  }
  for (const proto of [Ep, CDp, DFp, Dp, P('DocumentType')]) {
    for (const name of ['append', 'prepend', 'before', 'after', 'replaceWith', 'replaceChildren']) {
      wrap(proto, name, (f) => function () { const frames = guardArgs(arguments, 0); const r = f.apply(this, arguments); afterArgs(arguments, 0, frames); return r; }, w);
    }
  }
  for (const [proto, name] of [[Ep, 'insertAdjacentElement'], [P('Range'), 'insertNode'], [P('Range'), 'surroundContents']]) {
    const at = name === 'insertAdjacentElement' ? 1 : 0;
    wrap(proto, name, (f) => function () { const frames = guardArgs(arguments, at); const r = f.apply(this, arguments); afterArgs(arguments, at, frames); return r; }, proto === Ep ? w : undefined);
  }
  // A clone of a held script: Rust decides whether it may ever run.
  wrap(Np, 'cloneNode', (f) => function () {
    const r = f.apply(this, arguments);
    if (this.localName === 'script' && heldGet(this) !== undefined && !failed) {
      try { cb.clone(this, r); } catch (e) { fail(e); }
    }
    return r;
  }, w);
  for (const name of ['importNode', 'adoptNode']) {
    wrap(Dp, name, (f) => function (n) {
      guardNode(n);
      const r = f.apply(this, arguments);
      if (r !== n) guardNode(r);
      return r;
    });
  }

  // Attributes: setAttribute & co. on loading elements, for URL-bearing names.
  wrap(Ep, 'setAttribute', (f) => function (name, value) {
    const n = String(name).toLowerCase();
    if (HOT[this.localName] === 1 && WATCH[n] === 1) {
      const r = guardAttr(this, n, value);
      if (r === 1) return;
      if (r !== undefined) value = r;
    }
    return call(f, this, name, value);
  }, w);
  wrap(Ep, 'setAttributeNS', (f) => function (ns, name, value) {
    const n = String(name).toLowerCase();
    const local = n.slice(n.indexOf(':') + 1);
    if (HOT[this.localName] === 1 && (WATCH[n] === 1 || WATCH[local] === 1)) {
      const r = guardAttr(this, local === 'href' ? n : local, value);
      if (r === 1) return;
      if (r !== undefined) value = r;
    }
    return call(f, this, ns, name, value);
  }, w);
  for (const name of ['removeAttribute', 'toggleAttribute']) {
    wrap(Ep, name, (f) => function (attr) {
      if (this.localName === 'script' && String(attr).toLowerCase() === 'type' && guardAttr(this, 'type', '') === 1) return name === 'toggleAttribute';
      return f.apply(this, arguments);
    }, w);
  }
  for (const name of ['setAttributeNode', 'setAttributeNodeNS']) {
    wrap(Ep, name, (f) => function (a) {
      const n = a && String(a.name).toLowerCase();
      if (HOT[this.localName] === 1 && WATCH[n] === 1) {
        const r = guardAttr(this, n, a.value);
        if (r === 1) return null;
        if (r !== undefined) a.value = r;
      }
      return f.apply(this, arguments);
    }, w);
  }
  wrapSetter(P('Attr'), 'value', (set) => function (v) {
    const el = this.ownerElement;
    const n = String(this.name).toLowerCase();
    if (el && HOT[el.localName] === 1 && WATCH[n] === 1) {
      const r = guardAttr(el, n, v);
      if (r === 1) return;
      if (r !== undefined) v = r;
    }
    call(set, this, v);
  });

  // URL properties of each loading element.
  const props = [
    ['HTMLScriptElement', 'src', 'src'], ['HTMLScriptElement', 'type', 'type'],
    ['HTMLIFrameElement', 'src', 'src'], ['HTMLIFrameElement', 'srcdoc', 'srcdoc'], ['HTMLFrameElement', 'src', 'src'],
    ['HTMLImageElement', 'src', 'src'], ['HTMLImageElement', 'srcset', 'srcset'],
    ['HTMLSourceElement', 'src', 'src'], ['HTMLSourceElement', 'srcset', 'srcset'],
    ['HTMLLinkElement', 'href', 'href'], ['HTMLLinkElement', 'imageSrcset', 'imagesrcset'],
    ['HTMLEmbedElement', 'src', 'src'], ['HTMLObjectElement', 'data', 'data'],
    ['HTMLMediaElement', 'src', 'src'], ['HTMLVideoElement', 'poster', 'poster'], ['HTMLInputElement', 'src', 'src'],
    ['HTMLBaseElement', 'href', 'href'],
  ];
  for (const [cls, prop, attr] of props) {
    wrapSetter(P(cls), prop, (set) => function (v) {
      const r = guardAttr(this, attr, v);
      if (r === 1) return;
      call(set, this, r !== undefined ? r : v);
    });
  }

  // Markup sinks.
  for (const proto of [Ep, P('ShadowRoot')]) {
    wrapSetter(proto, 'innerHTML', (set) => function (v) { const m = guardMarkup(v, contextNs(this)); call(set, this, m); afterMarkup(this, m, v); }, w);
    wrapSetter(proto, 'outerHTML', (set) => function (v) { const p = this.parentNode; const m = guardMarkup(v, contextNs(p)); call(set, this, m); afterMarkup(p, m, v); }, w);
    // setHTMLUnsafe(html, options) and setHTML(html, options) (whose sanitizer
    // a page may configure to keep <img>): the options go through as given.
    for (const name of ['setHTMLUnsafe', 'setHTML']) {
      wrap(proto, name, (f) => function (v, opts) { const m = guardMarkup(v, contextNs(this)); const r = call(f, this, m, opts); afterMarkup(this, m, v); return r; }, w);
    }
  }
  wrap(Ep, 'insertAdjacentHTML', (f) => function (pos, v) {
    const where = String(pos).toLowerCase();
    const at = where === 'beforebegin' || where === 'afterend' ? this.parentNode : this;
    const m = guardMarkup(v, contextNs(at));
    const r = call(f, this, pos, m);
    afterMarkup(at, m, v);
    return r;
  }, w);
  wrap(P('Range'), 'createContextualFragment', (f) => function (v) { return call(f, this, guardMarkup(v, contextNs(rangeContext(this)))); });
  const write = Dp && Dp.write;
  for (const name of ['write', 'writeln']) {
    wrap(Dp, name, (f) => function () {
      let text = '';
      for (let i = 0; i < arguments.length; i++) {
        const a = arguments[i];
        // TrustedHTML (a page that enforces Trusted Types): part by part.
        if (isTrusted(a, 'html') || failed) {
          return f.apply(this, Array.prototype.map.call(arguments, (x) => guardMarkup(typeof x === 'string' || isTrusted(x, 'html') ? x : String(x), 0)));
        }
        text += typeof a === 'string' ? a : String(a);
      }
      writeWhole(this, write, name === 'writeln' ? text + '\n' : text);
    });
  }
  // A new stream drops what the old one held back; closing it writes it.
  wrap(Dp, 'open', (f) => function () { pending.delete(this); return f.apply(this, arguments); });
  wrap(Dp, 'close', (f) => function () { flushWrites(this, write); return f.apply(this, arguments); });

  // Shadow roots: observe them like the document.
  wrap(Ep, 'attachShadow', (f) => function () {
    const root = f.apply(this, arguments);
    try { observe(root); } catch (_) {}
    return root;
  }, w);

  // Requests.
  if (w.fetch) {
    const f = w.fetch;
    w.fetch = function fetch(input, init) {
      const url = requestUrl(input);
      if (guardRequest(url, 'fetch')) return Promise.reject(new TypeError('Consentry: request to ' + url + ' held until consent'));
      return f.apply(this, arguments);
    };
  }
  wrap(P('XMLHttpRequest'), 'open', (f) => function (method, url) {
    if (guardRequest(url, 'xhr')) {
      // A revoked blob URL fails as a network error without any traffic, so
      // the caller sees exactly what an offline request looks like.
      const args = Array.prototype.slice.call(arguments);
      args[1] = 'blob:' + w.location.origin + '/consentry-held';
      return f.apply(this, args);
    }
    return f.apply(this, arguments);
  });
  // fetchLater (deferred fetching, secure contexts): registered now, sent
  // when the page goes away. A held vendor's is never registered; the page
  // gets a result that never activates, as when the request cannot be sent.
  if (typeof w.fetchLater === 'function') {
    const f = w.fetchLater;
    const Result = w.FetchLaterResult;
    define(w, 'fetchLater', { value: function fetchLater(input, init) {
      const url = requestUrl(input);
      if (guardRequest(url, 'fetchlater')) return O.create(Result ? Result.prototype : O.prototype, { activated: { get: () => false, enumerable: true } });
      return f.apply(this, arguments);
    }, writable: true, configurable: true, enumerable: true }, 'fetchLater');
  }
  wrap(P('Navigator'), 'sendBeacon', (f) => function (url) {
    if (guardRequest(url, 'beacon')) return true; // dropped, as a blocker at the network layer would
    return f.apply(this, arguments);
  });
  // WebSocket and EventSource: constructors, so the guard replaces the
  // interface object itself. `instanceof`, the constants, subclassing and
  // `.constructor` keep working; a connection to a held vendor fails as one
  // to an unreachable server does (see heldConnection).
  for (const name of ['WebSocket', 'EventSource']) {
    const C = w[name];
    if (typeof C !== 'function') continue;
    const kind = name.toLowerCase();
    const Guarded = { [name]: function (url) {
      if (new.target === undefined) return C.apply(this, arguments); // the native TypeError
      if (arguments.length && guardRequest(url, kind)) return heldConnection(w, C, name === 'WebSocket', url, arguments[1]);
      return construct(C, arguments, new.target === Guarded ? C : new.target);
    } }[name];
    Guarded.prototype = C.prototype;
    O.setPrototypeOf(Guarded, C);
    if (define(w, name, { value: Guarded, writable: true, configurable: true, enumerable: false }, name)) {
      define(C.prototype, 'constructor', { value: Guarded, writable: true, configurable: true, enumerable: false }, name);
    }
  }
  // Hyperlink auditing: see guardPing. Capturing on the window, this runs
  // before any listener of the page and before the link is followed.
  for (const type of ['click', 'auxclick']) call(nat.addEventListener, w, type, guardPing, true);
}

/**
 * Following `<a ping="url …">` (or `<area ping>`) posts to every URL listed.
 * The browser reads the attribute as it follows the link, after the click
 * event has been dispatched: here, during dispatch, the URLs of held vendors
 * leave the attribute, and it is put back a task later. The click itself,
 * and pings to anyone else, go ahead.
 */
function guardPing(e) {
  try {
    const path = e.composedPath();
    for (let i = 0; i < path.length; i++) {
      const n = path[i];
      const name = n && n.nodeType === 1 ? call(nat.localName, n) : '';
      if (name !== 'a' && name !== 'area') continue;
      const ping = call(nat.getAttribute, n, 'ping');
      if (!ping) return;
      const urls = ping.split(/[\t\n\f\r ]+/).filter(Boolean);
      const keep = urls.filter((u) => !guardRequest(u, 'ping')).join(' ');
      if (keep === urls.join(' ')) return;
      call(nat.setAttribute, n, 'ping', keep);
      call(nat.setTimeout, W, () => { if (call(nat.getAttribute, n, 'ping') === keep) call(nat.setAttribute, n, 'ping', ping); }, 0);
      return;
    }
  } catch (err) { fail(err); }
}

/**
 * What `new WebSocket(url)` or `new EventSource(url)` returns for a held
 * vendor: a real EventTarget of the interface's prototype (listeners,
 * `instanceof` and the constants work), whose own properties answer as a
 * connection that never opened: CONNECTING, then, a task later, an `error`
 * event and CLOSED (for a WebSocket also `close`, code 1006, not clean), as
 * when the server cannot be reached. No request is made, and none is
 * replayed on consent (a live connection cannot be queued).
 */
function heldConnection(w, C, ws, url, options) {
  let href = String(url);
  try { href = new nat.URL(href, D.baseURI).href; } catch (_) {}
  const t = new w.EventTarget();
  O.setPrototypeOf(t, C.prototype);
  let state = 0; // CONNECTING
  let closedByPage = false;
  const handlers = {};
  const props = { url: { value: href }, readyState: { get: () => state } };
  if (ws) {
    props.protocol = { value: '' };
    props.extensions = { value: '' };
    props.bufferedAmount = { value: 0 };
    props.binaryType = { value: 'blob', writable: true };
    props.send = { value: function send() {
      if (state === 0) throw new w.DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
    } };
    props.close = { value: function close() { if (state < 2) state = 2; } }; // CLOSING until the events
  } else {
    props.withCredentials = { value: !!(options && options.withCredentials) };
    props.close = { value: function close() { state = 2; closedByPage = true; } }; // CLOSED, no events
  }
  for (const type of ws ? ['open', 'message', 'error', 'close'] : ['open', 'message', 'error']) {
    props['on' + type] = {
      get: () => handlers[type] || null,
      set: (f) => {
        // Registered when first set, like an event handler attribute.
        if (!(type in handlers)) call(nat.addEventListener, t, type, function (e) { const h = handlers[type]; if (typeof h === 'function') return call(h, t, e); });
        handlers[type] = typeof f === 'function' ? f : null;
      },
      configurable: true, enumerable: true,
    };
  }
  O.defineProperties(t, props);
  call(nat.setTimeout, w, () => {
    if (closedByPage) return;
    state = ws ? 3 : 2; // CLOSED
    // (A page that broke Event or CloseEvent gets no event, not our exception.)
    try {
      call(nat.dispatchEvent, t, new w.Event('error'));
      if (ws) call(nat.dispatchEvent, t, new w.CloseEvent('close', { code: 1006, reason: '', wasClean: false }));
    } catch (e) { consoleError(e); }
  }, 0);
  return t;
}

// Same-origin frames get the same hooks: their prototypes are their own, so
// `frame.contentWindow.document.createElement('script')` would bypass ours.
const hooked = new WeakSet();
function hookFrame(n) {
  if (!n || typeof n !== 'object' || n.nodeType !== 1 || (n.localName !== 'iframe' && n.localName !== 'frame')) return;
  try {
    const w = n.contentWindow;
    if (w && !hooked.has(w) && w.document) { hooked.add(w); hookRealm(w); }
  } catch (_) { /* cross-origin: its own origin, not ours to hook */ }
}

let mo = null;
let observing = true; // the observer watches the document (until it is parsed)
function observe(root) { if (mo && observing) mo.observe(root, { childList: true, subtree: true }); }

// Elements the parser inserted (or any path the hooks do not see).
function onRecords(records) {
  for (const r of records) {
    const list = r.addedNodes;
    for (let i = 0; i < list.length; i++) {
      const n = list[i];
      if (n.nodeType === 1 && HOT[n.localName] === 1) {
        if (failed) { failNode(n); continue; }
        // Skip elements the hooks already settled (not scripts, not hand-tagged ones).
        if (n.localName !== 'script' && call(wsHas, checked, n) && !call(nat.hasAttribute, n, 'data-category')) continue;
        try { cb.node(n, true); } catch (e) { fail(e); failNode(n); }
      }
    }
  }
}

// The Rust functions the hooks call (crate/src/web/hooks.rs and others),
// handed over by boot.js before Rust starts:
//   node(el, connected)            a loading element to check; connected=true from the observer
//   tree(root)                     a fragment or foreign subtree to scan for loading elements
//   attr(el, name, value) -> 1 | string | undefined
//   markup(html, ns) -> string | undefined   ns: the context's namespace (contextNs)
//   written(text) -> number        how much of text written with document.write is whole
//   request(url, kind) -> 1 to block
//   clone(original, copy)          a held script was cloned
//   resume()                       a script the release waited for has settled
//   open(), dns(), parsed()        the page's data-consentry-open / -do-not-sell clicks, the end of parsing
export function setCallbacks(c) { calls = c; }

// Installs every hook (called by Rust at start).
export function install() {
  cb = calls;
  // Parser-inserted elements: the observer runs at the microtask checkpoint
  // before a parser-inserted script is prepared (the HTML standard runs one
  // at a script end tag when no script is running), so it can retype it.
  mo = new nat.MO(onRecords);
  observe(D);
  hookRealm(W);
  hooked.add(W);
  if (unhooked.length) {
    try { W.console.error('Consentry: this page made some DOM methods unchangeable (frozen prototypes) before Consentry ran, so these are not watched: ' + unhooked.join(', ') + '. Load Consentry first in <head>, before any script that freezes prototypes.'); } catch (_) {}
  }
  // Once the parser is done, every insertion goes through a hook, and the
  // observer would only cost: the browser makes it a record for each node
  // inserted anywhere (a tenth of the insertion time on a DOM-heavy page).
  // It stays on where it is the only guard: hooks that could not be
  // installed, and the fail-closed mode.
  const stop = () => {
    if (failed || unhooked.length) return;
    onRecords(mo.takeRecords());
    mo.disconnect();
    observing = false;
  };
  if (D.readyState === 'loading') call(nat.addEventListener, D, 'DOMContentLoaded', stop, { once: true }); else stop();
}

// A call into Rust from the API threw (a trap, or an exception from an
// object the page passed in): fail closed, as for the hooks.
export function internalError(e) { fail(e); }

// Installs the hooks in fail-closed mode, without Rust: used when the wasm
// module could not be compiled (a CSP without 'wasm-unsafe-eval'). Every
// third-party script, frame, image and request is then held for the page view.
export function installFailClosed() {
  failed = true;
  calls = null;
  install();
}

// ---- small platform helpers for the Rust layer ----
export function nowSeconds() { const ms = call(nat.now, W.Date); return (ms - ms % 1000) / 1000; }
export function randomBytes() { const b = new Uint8Array(16); call(nat.getRandomValues, nat.crypto, b); return b; }
export function isHttps() { return W.location.protocol === 'https:'; }
export function consoleError(m) { try { W.console.error(m); } catch (_) {} }
export function consoleWarn(m) { try { W.console.warn(m); } catch (_) {} }
export function consoleInfo(m) { try { W.console.info(m); } catch (_) {} }
// gtag's own way of queueing a command: dataLayer.push(arguments). Google's
// tags read an Arguments object here, not an array.
export function gtagPush() {
  // The dataLayer is the page's (GTM replaces its push): whatever it throws
  // stays out of Consentry's call, and the console says what was lost.
  try { (W.dataLayer = W.dataLayer || []).push(arguments); } catch (e) { consoleError('Consentry: window.dataLayer.push threw, so this Consent Mode ' + arguments[0] + ' (' + arguments[1] + ') did not reach Google tags: ' + e); }
}
// The result object of Consentry.classify(): one object literal made here
// from values Rust keeps, instead of one property write per crossing.
export function classResult(vendor, categories, held) { return { vendor, categories: categories.slice(), held }; }
// Arguments of API calls are whatever the page passes: these never call into them.
export function isArray(v) { try { return Array.isArray(v); } catch (_) { return false; } }
export function typeOf(v) {
  if (v === null) return 'null';
  const t = typeof v;
  return t === 'undefined' ? 'undefined' : t === 'object' || t === 'function' ? (isArray(v) ? 'an array' : 'an object') : 'a ' + t;
}
export function globalPrivacyControl() { return W.navigator.globalPrivacyControl === true; }
// Clicks on [data-consentry-open] and [data-consentry-do-not-sell] anywhere
// in the page, and the end of parsing (now, if it is over).
export function onPageEvents() {
  const c = cb;
  if (!c) return;
  const guarded = (f) => { try { f(); } catch (e) { fail(e); } };
  call(nat.addEventListener, D, 'click', (e) => {
    const t = e.target;
    if (!(t instanceof W.Element)) return;
    if (call(nat.closest, t, '[data-consentry-open]')) { e.preventDefault(); guarded(c.open); }
    else if (call(nat.closest, t, '[data-consentry-do-not-sell]')) { e.preventDefault(); guarded(c.dns); }
  }, true);
  if (D.readyState === 'loading') call(nat.addEventListener, D, 'DOMContentLoaded', () => guarded(c.parsed), { once: true }); else guarded(c.parsed);
}

// ---- the consent interface (stage 2) ----
//
// The banner, dialog, cookie policy, texts and vendor details are a second
// module, loaded after this one (see crate/src/web/bridge.rs for when: Rust
// decides). Loading it is the browser's business, so it is here: boot.js
// gives `setUi` a loader (the script-tag build inserts a <script> with the
// integrity hash computed at build time and our nonce, see loadScript; the
// npm package calls import(), which bundlers split), and the bridge object
// the interface reads and decides through. The interface's `mount(host)`
// returns its client: { decided(event), open(), vendors() }.
let uiLoader = null, uiHost = null;
let ui = null;        // a Promise of the client, once loading started
let uiClient = null;  // the client, once mounted
export function setUi(loader, host) { uiLoader = loader; uiHost = host; }
function uiPromise() {
  if (ui) return ui;
  if (!uiLoader) { ui = Promise.reject(new Error('this build has no consent interface')); ui.catch(() => {}); return ui; }
  ui = new Promise((resolve) => resolve(uiLoader())).then((m) => m.mount(uiHost)).then((c) => { uiClient = c; return c; });
  ui.catch((e) => consoleError('Consentry: the consent interface could not be started. ' + (e && e.message || e) + ' Until it is, no banner or dialog is shown and every vendor stays held; Consentry.acceptAll(), accept() and rejectAll() still work.'));
  return ui;
}
export function uiLoad() { uiPromise(); }
// A call into the interface, never thrown at the page: a Promise of its
// answer, or of `fallback` if the interface is not available.
export function uiRequest(method, fallback) {
  return uiPromise().then((c) => c[method](), () => fallback).then((r) => r === undefined ? fallback : r, (e) => { consoleError(e); return fallback; });
}
export function uiDecided(event, load, reload) {
  const done = () => { if (reload) W.location.reload(); };
  if (uiClient === null && ui === null && !load) { done(); return; }
  uiPromise().then((c) => c.decided(event), () => {
    if (event.losing.length) consoleError('Consentry: the withdrawn vendors\' cookies and storage (' + event.losing.join(', ') + ') were not deleted: their names come with the consent interface, which could not be loaded (see the error above).');
  }).then(done, (e) => { consoleError(e); done(); });
}

// Loads the consent interface's classic script (the script-tag build): with
// the integrity hash computed at build time, our CSP nonce, and Trusted
// Types through our policy. The file hands its module to the function kept
// on its own element (document.currentScript[UI_KEY]). On failure the
// console names the file and the cause.
const UI_KEY = '__consentryUi';
export function loadScript(src, integrity, nonce) {
  return new Promise((resolve, reject) => {
    const s = createEl(D, 'script');
    let module = null, csp = false;
    const onViolation = (e) => { if (e.blockedURI && src.indexOf(e.blockedURI) === 0) csp = true; };
    call(nat.addEventListener, D, 'securitypolicyviolation', onViolation);
    s[UI_KEY] = (m) => { module = m; };
    s.async = true;
    s.crossOrigin = 'anonymous';
    s.integrity = integrity;
    if (nonce) s.nonce = nonce;
    call(nat.addEventListener, s, 'load', () => {
      if (module) resolve(module);
      else reject(new Error(why(src, 'the file ran but did not start the interface: it is not the consentry-ui file of this version of consentry.global.js. Fix: serve the consentry-ui file built together with it.')));
    });
    call(nat.addEventListener, s, 'error', () => {
      diagnose(src, integrity, csp).then((cause) => reject(new Error(why(src, cause))));
    });
    setAttr(s, 'src', src);
    call(nat.insertBefore, D.head || D.documentElement, s, null);
  });
}
function why(src, cause) { return 'Loading ' + src + ' failed: ' + cause; }
// Why the interface's script fired `error`: a CSP report seen for it, else
// what a plain fetch of the same URL says.
function diagnose(src, integrity, csp) {
  const FIX = ' Fix: deploy the consentry-ui file built with this consentry.global.js beside it (or set uiUrl to where it is).';
  if (csp) return Promise.resolve("this page's Content-Security-Policy blocked it. Fix: give Consentry's <script> tag the page's nonce (Consentry passes it on), or allow the file's origin in script-src.");
  if (!nat.fetch) return Promise.resolve('the browser could not load it.' + FIX);
  return call(nat.fetch, W, src, { cache: 'no-store', credentials: 'same-origin' }).then((r) => {
    if (!r.ok && r.type !== 'opaque') return 'the server answered ' + r.status + (r.statusText ? ' ' + r.statusText : '') + '.' + FIX;
    return 'its content does not match the integrity hash built into consentry.global.js (' + integrity + '): it was changed after the build, or belongs to another version. Fix: serve the consentry-ui file built with this consentry.global.js, unmodified.';
  }, () => "the request failed: the visitor is offline, or the network, a browser extension or the Content-Security-Policy's connect-src blocked it. Fix: check that the file is served at that URL; if it is, this visitor's network or browser blocks it.");
}
