//! Fail-closed mode in a real engine: once a call into the module fails
//! (a trap, simulated here by hooks that throw), the shim holds every
//! other-origin script, frame, image and request for the rest of the page
//! view, vendor or not, and releases nothing on consent. A page of its own
//! (its own test binary): the mode lasts for the page view.
//!
//! ```sh
//! wasm-pack test --headless --firefox crate --test fail_closed
//! ```
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

// The same page set-up as the browser-layer suite; not every helper is used here.
#[allow(dead_code)]
#[path = "browser/page.rs"]
mod page;

use page::{assert_held, attempted, body, call, doc, parsed, vendor_url, watch};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen(inline_js = r#"
export function settle(p) { return p.then(() => 'resolved', (e) => String(e && e.message)); }
"#)]
extern "C" {
    fn settle(p: &js_sys::Promise) -> js_sys::Promise;
}

/// Starts Consentry, then makes the module fail: the next call into it
/// (an insertion of a vendor image) throws, and the shim fails closed.
fn failed() {
    page::started();
    page::TRAP.with(|t| t.set(true));
    let url = vendor_url("microsoft-uet", "trip", "p.gif");
    body().append_child(&parsed(&format!(r#"<img src="{url}">"#))).expect("append");
}

/// A first-party image: fail-closed mode lets it load (a 404 from the test
/// server), which also shows that the engine's signals work on this page.
async fn own_image_loads(tag: &str) {
    let url = format!("{}/{tag}.png", web_sys::window().expect("window").location().origin().expect("origin"));
    let img = web_sys::HtmlImageElement::new().expect("img");
    watch(&img);
    img.set_src(&url);
    assert!(!attempted(&url).await.is_empty(), "first-party {url} loads in fail-closed mode");
}

#[wasm_bindgen_test]
async fn every_other_origin_element_is_held_and_nothing_released() {
    failed();
    let vendor = vendor_url("microsoft-uet", "fail-closed-img", "p.gif");
    // Not a vendor: fail-closed mode cannot classify, so any other origin is held.
    let unknown = "https://cdn.unknown-fail-closed.example/p.gif";
    let frame = vendor_url("microsoft-uet", "fail-closed-frame", "embed");
    let c = doc().create_element("div").expect("div");
    body().append_child(&c).expect("append");
    for html in [format!(r#"<img src="{vendor}">"#), format!(r#"<img src="{unknown}">"#), format!(r#"<iframe src="{frame}"></iframe>"#)] {
        let el = parsed(&html);
        watch(&el);
        c.append_child(&el).expect("append");
    }
    let set = web_sys::HtmlImageElement::new().expect("img");
    watch(&set);
    set.set_src(&vendor_url("microsoft-uet", "fail-closed-setter", "p.gif"));
    c.set_inner_html(&format!(r#"<img src="{}">"#, vendor_url("microsoft-uet", "fail-closed-markup", "p.gif")));
    let all = [
        vendor.as_str(),
        unknown,
        frame.as_str(),
        &vendor_url("microsoft-uet", "fail-closed-setter", "p.gif"),
        &vendor_url("microsoft-uet", "fail-closed-markup", "p.gif"),
    ];
    assert_held(&all).await;
    own_image_loads("fail-closed-own").await;
    // Consent releases nothing: the module's decisions cannot be trusted.
    consentry::accept_all();
    assert_held(&all).await;
}

#[wasm_bindgen_test]
async fn every_other_origin_request_is_refused() {
    failed();
    let w: JsValue = web_sys::window().expect("window").into();
    let url = vendor_url("google-analytics", "fail-closed-fetch", "collect");
    let p: js_sys::Promise = call(&w, "fetch", &[url.clone().into()]).expect("fetch").into();
    let m = JsFuture::from(settle(&p)).await.expect("settled").as_string().unwrap_or_default();
    assert!(m.starts_with("Consentry: request to "), "refused by Consentry: {m}");
    let beacon = vendor_url("google-analytics", "fail-closed-beacon", "collect");
    let nav = web_sys::window().expect("window").navigator();
    assert!(nav.send_beacon_with_opt_str(&beacon, Some("x")).expect("sendBeacon"));
    // A first-party request still goes out.
    let own: js_sys::Promise = call(&w, "fetch", &["/".into()]).expect("fetch").into();
    let m = JsFuture::from(settle(&own)).await.expect("settled").as_string().unwrap_or_default();
    assert_eq!(m, "resolved");
    assert_held(&[&url, &beacon]).await;
}
