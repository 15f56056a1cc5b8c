//! Request APIs: a request to a held vendor fails as if the vendor's
//! server could not be reached, without the engine making it; once
//! consent is given the engine makes it.

use crate::page::{self, assert_held, assert_released, call, has, lacks, vendor_url};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen(inline_js = r#"
// How a fetch ends: 'resolved', or the rejection's message.
export function settle(p) { return p.then(() => 'resolved', (e) => String(e && e.message)); }
// An XMLHttpRequest's end: its last event and status.
// A WebSocket's or EventSource's first event, and its readyState then.
export function connect(kind, url) {
  return new Promise((resolve) => {
    let c;
    try { c = kind === 'ws' ? new WebSocket(url) : new EventSource(url); } catch (e) { resolve('threw ' + e.name); return; }
    const end = (t) => () => { resolve(t + ' ' + c.readyState); try { c.close(); } catch (_) {} };
    c.onopen = end('open');
    c.onerror = end('error');
  });
}
export function xhr(url) {
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    const end = (t) => () => resolve(t + ' ' + x.status);
    x.onload = end('load');
    x.onerror = end('error');
    x.open('GET', url);
    x.send();
  });
}
"#)]
extern "C" {
    fn settle(p: &Promise) -> Promise;
    fn xhr(url: &str) -> Promise;
    fn connect(kind: &str, url: &str) -> Promise;
}

fn window() -> JsValue {
    web_sys::window().expect("window").into()
}

async fn fetch_outcome(input: JsValue) -> String {
    let p: Promise = call(&window(), "fetch", &[input]).expect("fetch").into();
    JsFuture::from(settle(&p)).await.expect("settled").as_string().unwrap_or_default()
}

/// Consentry refuses with its own TypeError: the engine's would name a
/// network error ("Failed to fetch", "NetworkError...", "Load failed").
fn refused_by_consentry(m: &str) -> bool {
    m.starts_with("Consentry: request to ")
}

#[wasm_bindgen_test]
async fn fetch_with_a_url_and_a_request() {
    page::rejected();
    let u1 = vendor_url("google-analytics", "fetch-url", "collect");
    let u2 = vendor_url("google-analytics", "fetch-request", "collect");
    let m = fetch_outcome(u1.clone().into()).await;
    assert!(refused_by_consentry(&m), "held fetch: {m}");
    let req = web_sys::Request::new_with_str(&u2).expect("Request");
    let m = fetch_outcome(req.into()).await;
    assert!(refused_by_consentry(&m), "held fetch(Request): {m}");
    assert_held(&[&u1, &u2]).await;
    consentry::accept_all();
    let m = fetch_outcome(u1.clone().into()).await;
    assert!(!refused_by_consentry(&m), "after consent the engine answers: {m}");
    assert_released(&[&u1]).await;
}

#[wasm_bindgen_test]
async fn xml_http_request() {
    page::rejected();
    let url = vendor_url("google-analytics", "xhr", "collect");
    let end = JsFuture::from(xhr(&url)).await.expect("xhr").as_string().unwrap_or_default();
    // A network error, as an offline request ends.
    assert_eq!(end, "error 0");
    assert_held(&[&url]).await;
    consentry::accept_all();
    let _ = JsFuture::from(xhr(&url)).await;
    assert_released(&[&url]).await;
}

#[wasm_bindgen_test]
async fn send_beacon() {
    page::rejected();
    let url = vendor_url("google-analytics", "beacon", "collect");
    let nav = web_sys::window().expect("window").navigator();
    // Dropped, as a blocker at the network layer would: the page is told it was queued.
    assert!(nav.send_beacon_with_opt_str(&url, Some("x")).expect("sendBeacon"));
    assert_held(&[&url]).await;
    consentry::accept_all();
    // (Firefox returns false for a beacon its CSP refuses: the report is the evidence.)
    let _ = nav.send_beacon_with_opt_str(&url, Some("x"));
    assert_released(&[&url]).await;
}

#[wasm_bindgen_test]
async fn fetch_later() {
    page::rejected();
    let url = vendor_url("google-analytics", "fetch-later", "collect");
    let w = window();
    if !has(&w, "fetchLater") {
        lacks("fetchLater", "Consentry does not add one (feature detection stays honest)");
        assert!(Reflect::get(&w, &"fetchLater".into()).expect("get").is_undefined());
        return;
    }
    // activateAfter 0: sent at once, not when the page goes away, so the
    // engine shows it now.
    let init = Object::new();
    Reflect::set(&init, &"activateAfter".into(), &0.into()).expect("set");
    let r = call(&w, "fetchLater", &[url.clone().into(), init.clone().into()]).expect("held fetchLater returns");
    assert_eq!(Reflect::get(&r, &"activated".into()).expect("activated"), JsValue::FALSE);
    assert_held(&[&url]).await;
    consentry::accept_all();
    // The engine may refuse it itself (the page's connect-src): that is its request.
    let _ = call(&w, "fetchLater", &[url.clone().into(), init.into()]);
    assert_released(&[&url]).await;
}

/// WebSocket and EventSource: a held vendor's connection is created, fails
/// a task later (error, then CLOSED) and makes no request.
#[wasm_bindgen_test]
async fn web_socket_and_event_source() {
    page::rejected();
    let ws = vendor_url("google-analytics", "web-socket", "socket").replacen("https:", "wss:", 1);
    let es = vendor_url("google-analytics", "event-source", "events");
    let end = JsFuture::from(connect("ws", &ws)).await.expect("ws").as_string().unwrap_or_default();
    assert_eq!(end, "error 3", "held WebSocket: error, then CLOSED");
    let end = JsFuture::from(connect("es", &es)).await.expect("es").as_string().unwrap_or_default();
    assert_eq!(end, "error 2", "held EventSource: error, then CLOSED");
    assert_held(&[&ws, &es]).await;
    consentry::accept_all();
    // Now the engine's own: refused by the page's connect-src, or failed.
    let _ = JsFuture::from(connect("ws", &ws)).await;
    let _ = JsFuture::from(connect("es", &es)).await;
    assert_released(&[&ws, &es]).await;
}
