//! The test page: Consentry started as boot.js starts it, and the engine's
//! own evidence of what was fetched.
//!
//! No vendor host resolves on the test machines, and a request that fails
//! there leaves no trace at all in WebKit (no Resource Timing entry, unlike
//! Chromium and Firefox). So the page carries a Content-Security-Policy,
//! inserted as a `<meta>` before the first test, that forbids images,
//! frames, media, objects, scripts and connections to any other origin
//! (the test page's own scripts and inline scripts pass): every request the
//! engine attempts to a vendor then fires a `securitypolicyviolation` event
//! naming its URL (frames: its origin), in all three engines, at once (not
//! after a name lookup), and never reaches a network. A test asks
//! [`attempted`], which reads those events, the engine's Resource Timing
//! entries and the load and error events of the elements it watches;
//! never the DOM alone.

use js_sys::{Array, Function, Object, Reflect};
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element};

#[wasm_bindgen(inline_js = r#"
const violations = [];
const watched = [];
let ready = false;
export function prepare() {
  if (ready) return;
  ready = true;
  // Capture phase at the document: violations are composed events, so
  // those of elements in shadow roots arrive here too.
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e.blockedURI), true);
  const m = document.createElement('meta');
  m.httpEquiv = 'Content-Security-Policy';
  // blob: for connections: Consentry sends a held XMLHttpRequest to a
  // revoked blob URL, which fails like an offline request.
  // Scripts: the harness's own come from this origin, inline scripts are
  // the release tests' own, and the module is compiled already.
  m.content = "img-src 'self' data:; media-src 'self'; frame-src 'self' about: data:; object-src 'self'; connect-src 'self' blob:; " +
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval'";
  document.head.appendChild(m);
}
// The URLs an element would fetch from, whatever its kind.
function urlsOf(el) {
  return ['src', 'href', 'data', 'poster', 'currentSrc'].map((k) => { try { const v = el[k]; return v && typeof v === 'object' ? v.baseVal : v; } catch (_) { return ''; } })
    .filter((u) => typeof u === 'string' && u);
}
export function watch(el) {
  const w = { el, events: [] };
  watched.push(w);
  for (const t of ['load', 'error']) el.addEventListener(t, () => w.events.push(t));
}
// Every trace of a request to `url`: CSP violations (a frame's names only
// its origin), Resource Timing entries, load and error events of watched
// elements that point at it. Empty when the engine never tried.
export function traces(url, win) {
  const w = win || window;
  const origin = new URL(url).origin;
  const out = [];
  for (const v of violations) if (v === url || v === origin) out.push('csp');
  for (const e of w.performance.getEntriesByType('resource')) if (e.name === url) out.push('timing:' + e.initiatorType);
  for (const x of watched) if (x.events.length && urlsOf(x.el).includes(url)) out.push(...x.events);
  return out.join(' ');
}
// Violations in another document (a same-origin frame's) join the list.
export function listenIn(doc) { doc.addEventListener('securitypolicyviolation', (e) => violations.push(e.blockedURI), true); }
export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
// The engine lacks `name` on `obj`: said in the console, so that a run
// shows which checks took the other branch.
export function has(obj, name) { return obj != null && typeof obj[name] === 'function'; }
export function engine() { return navigator.userAgent; }
"#)]
extern "C" {
    fn prepare();
    /// Has load and error events of `el` recorded for [`attempted`].
    pub fn watch(el: &JsValue);
    fn traces(url: &str, win: &JsValue) -> String;
    fn sleep(ms: u32) -> js_sys::Promise;
    /// Collects the policy violations of another document too.
    #[wasm_bindgen(js_name = listenIn)]
    pub fn listen_in(doc: &JsValue);
    /// Whether `obj[name]` is a function in this engine.
    pub fn has(obj: &JsValue, name: &str) -> bool;
    fn engine() -> String;
}

thread_local! {
    /// Set by the fail-closed suite: every call the shim makes into Rust
    /// then throws, as a trapped module would.
    pub static TRAP: Cell<bool> = const { Cell::new(false) };
}

/// A callback of the shim that calls into Rust, or throws once [`TRAP`] is set.
macro_rules! hook {
    ($f:path, dyn Fn($($a:ident: $t:ty),*) $(-> $r:ty)?) => {
        Closure::<dyn Fn($($t),*) $(-> $r)?>::new(move |$($a: $t),*| {
            if TRAP.with(Cell::get) {
                wasm_bindgen::throw_str("RuntimeError: unreachable (a trap, simulated by the test)");
            }
            $f($($a),*)
        })
        .into_js_value()
    };
}

/// Hands the shim the functions its hooks call, as boot.js does.
fn callbacks() {
    let o = Object::new();
    let set = |k: &str, f: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &f);
    };
    set("node", hook!(consentry::hook_node, dyn Fn(el: JsValue, c: bool)));
    set("tree", hook!(consentry::hook_tree, dyn Fn(root: JsValue)));
    set("attr", hook!(consentry::hook_attr, dyn Fn(el: JsValue, n: String, v: String) -> JsValue));
    set("markup", hook!(consentry::hook_markup, dyn Fn(h: String, ns: u32) -> JsValue));
    set("written", hook!(consentry::hook_written, dyn Fn(h: String) -> u32));
    set("request", hook!(consentry::hook_request, dyn Fn(u: String, k: String) -> u32));
    set("clone", hook!(consentry::hook_clone, dyn Fn(a: JsValue, b: JsValue)));
    set("resume", Closure::<dyn Fn()>::new(consentry::release_resume).into_js_value());
    set("open", Closure::<dyn Fn()>::new(consentry::page_open).into_js_value());
    set("dns", Closure::<dyn Fn()>::new(consentry::page_do_not_sell).into_js_value());
    set("parsed", Closure::<dyn Fn()>::new(consentry::page_parsed).into_js_value());
    consentry::set_callbacks(&o);
}

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
}

/// Starts Consentry once for the page (every test of a suite shares it),
/// with the policy that makes attempts visible.
pub fn started() {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    prepare();
    callbacks();
    assert!(consentry::start(Some(r#"{"ui": false}"#.into()), JsValue::UNDEFINED, None), "Consentry started");
    web_sys::console::log_1(&format!("browser-layer suite in: {}", engine()).into());
}

/// Started, with only `necessary` granted: what a visitor who has not
/// accepted sees. Tests run one after another on one page; earlier ones
/// may have accepted.
pub fn rejected() {
    started();
    consentry::reject_all();
}

pub fn doc() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("document")
}

pub fn body() -> Element {
    doc().body().expect("body").into()
}

/// A URL of the built-in vendor `vendor` (one of [`VENDORS`]), unique to
/// `tag` (its own host, so that even a frame's CSP report, which names
/// only the origin, is this one's).
pub fn vendor_url(vendor: &str, tag: &str, file: &str) -> String {
    let host = VENDORS.iter().find(|(id, _)| *id == vendor).map(|(_, h)| *h).expect("a vendor of VENDORS");
    let url = format!("https://{tag}.{host}/{file}?t={tag}");
    // The table must know it, or the test would prove nothing.
    let m = consentry::classify(url.clone().into());
    let found = Reflect::get(&m, &"vendor".into()).ok().and_then(|v| v.as_string());
    assert_eq!(found.as_deref(), Some(vendor), "{url} is the vendor's");
    url
}

/// Built-in vendors the tests use, with a host of theirs: one marketing
/// vendor and one analytics vendor.
pub const VENDORS: &[(&str, &str)] = &[("microsoft-uet", "bat.bing.com"), ("google-analytics", "google-analytics.com")];

/// How long a held element is given to show a request it should not make.
/// The same signals arrive within a few milliseconds when a request is
/// attempted (each test checks that after consent, with [`attempted`]).
const QUIET_MS: u32 = 150;

/// Waits, then returns the traces of requests to `url` (empty: none).
pub async fn quiet(url: &str) -> String {
    let _ = JsFuture::from(sleep(QUIET_MS)).await;
    traces(url, &JsValue::UNDEFINED)
}

/// Waits until the engine shows a request to `url` (at most 5 s), and
/// returns its traces.
pub async fn attempted(url: &str) -> String {
    attempted_in(url, &JsValue::UNDEFINED).await
}

/// The same, for requests of another window (a same-origin frame).
pub async fn attempted_in(url: &str, win: &JsValue) -> String {
    for _ in 0..100 {
        let t = traces(url, win);
        if !t.is_empty() {
            return t;
        }
        let _ = JsFuture::from(sleep(50)).await;
    }
    String::new()
}

/// The traces of requests to `url` in `win` so far, without waiting.
pub fn attempted_in_now(url: &str, win: &JsValue) -> String {
    traces(url, win)
}

/// Asserts that nothing was requested from any of `urls` while they are
/// held (one wait for all).
pub async fn assert_held(urls: &[&str]) {
    let _ = JsFuture::from(sleep(QUIET_MS)).await;
    for url in urls {
        let t = traces(url, &JsValue::UNDEFINED);
        assert!(t.is_empty(), "{url} was requested while held: {t}");
    }
}

/// Grants everything, then asserts that the engine requested each of `urls`.
pub async fn assert_released(urls: &[&str]) {
    consentry::accept_all();
    for url in urls {
        let t = attempted(url).await;
        assert!(!t.is_empty(), "{url} was not requested after consent");
    }
}

/// `obj[name](...args)`, for APIs that web-sys has no binding for or that
/// not every engine has.
pub fn call(obj: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(obj, &name.into())?.dyn_into()?;
    f.apply(obj, &args.iter().collect::<Array>())
}

/// Says in the console that this engine lacks `what`, so that the run
/// shows which branch a test took.
pub fn lacks(what: &str, instead: &str) {
    web_sys::console::log_1(&format!("{}: this engine has no {what}; checking instead that {instead}", engine()).into());
}

/// A node built by the parser of another, inert document (DOMParser):
/// its attributes were never written through a hook of ours, so only the
/// insertion path can hold it.
pub fn parsed(html: &str) -> Element {
    let parser = web_sys::DomParser::new().expect("DOMParser");
    let d = parser.parse_from_string(html, web_sys::SupportedType::TextHtml).expect("parse");
    // (The parser puts a <template> in the head.)
    let in_body = d.body().and_then(|b| b.first_element_child());
    in_body.or_else(|| d.head().and_then(|h| h.first_element_child())).expect("an element")
}
