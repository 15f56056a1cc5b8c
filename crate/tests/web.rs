//! Browser-layer tests, run in headless Chrome, Firefox and WebKit by
//! `wasm-pack test --headless --chrome crate --test web` (and `--firefox`,
//! `--safari`: see scripts/test.sh).
//!
//! They drive the real hooks through the DOM, as page code would, and read
//! the result back from the elements and the API. (What the engine fetches
//! is checked by the `browser` suite, and by the end-to-end tests in
//! `tests/`, which log every request.)
#![cfg(target_arch = "wasm32")]

use consentry::{accept, accept_all, classify, get_consent, held, start};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlImageElement, HtmlScriptElement};

wasm_bindgen_test_configure!(run_in_browser);

fn doc() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("document")
}

/// Hands the shim the functions its hooks call, as boot.js does.
fn callbacks() {
    let o = Object::new();
    let set = |k: &str, f: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &f);
    };
    set("node", Closure::<dyn Fn(JsValue, bool)>::new(consentry::hook_node).into_js_value());
    set("tree", Closure::<dyn Fn(JsValue)>::new(consentry::hook_tree).into_js_value());
    set("attr", Closure::<dyn Fn(JsValue, String, String) -> JsValue>::new(consentry::hook_attr).into_js_value());
    set("markup", Closure::<dyn Fn(String, u32) -> JsValue>::new(consentry::hook_markup).into_js_value());
    set("written", Closure::<dyn Fn(String) -> u32>::new(consentry::hook_written).into_js_value());
    set("request", Closure::<dyn Fn(String, String) -> u32>::new(consentry::hook_request).into_js_value());
    set("clone", Closure::<dyn Fn(JsValue, JsValue)>::new(consentry::hook_clone).into_js_value());
    set("resume", Closure::<dyn Fn()>::new(consentry::release_resume).into_js_value());
    set("open", Closure::<dyn Fn()>::new(consentry::page_open).into_js_value());
    set("dns", Closure::<dyn Fn()>::new(consentry::page_do_not_sell).into_js_value());
    set("parsed", Closure::<dyn Fn()>::new(consentry::page_parsed).into_js_value());
    consentry::set_callbacks(&o);
}

fn started() {
    // All tests share one page: the first one starts Consentry.
    callbacks();
    let _ = start(Some(r#"{"ui": false}"#.into()), JsValue::UNDEFINED, None);
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

#[wasm_bindgen_test]
fn start_twice_is_refused() {
    started();
    assert!(!start(None, JsValue::UNDEFINED, None));
}

#[wasm_bindgen_test]
fn classify_through_the_api() {
    started();
    let m = classify("https://eu1.clevertap-prod.com/a?t=96".into());
    assert_eq!(get(&m, "vendor").as_string().as_deref(), Some("clevertap"));
    assert!(classify("https://clevertap.com.evil.example/".into()).is_null());
    assert!(classify("/app.js".into()).is_null());
    // Not a string: named in the console, null, no exception.
    assert!(classify(JsValue::UNDEFINED).is_null());
    assert!(classify(JsValue::from(42)).is_null());
}

#[wasm_bindgen_test]
fn hold_then_release_in_the_dom() {
    started();
    let d = doc();
    let head = d.head().expect("head");

    // A script whose src is set through the property, then inserted.
    let s: HtmlScriptElement = d.create_element("script").expect("script").dyn_into().expect("HtmlScriptElement");
    s.set_src("https://bat.bing.com/bat.js?t=web");
    assert_eq!(s.get_attribute("type").as_deref(), Some("text/plain"));
    assert_eq!(s.get_attribute("data-vendor").as_deref(), Some("microsoft-uet"));
    head.append_child(&s).expect("append");
    // Changing its type does not unblock it.
    s.set_type("text/javascript");
    assert_eq!(s.get_attribute("type").as_deref(), Some("text/plain"));
    assert_eq!(s.get_attribute("data-type").as_deref(), Some("text/javascript"));

    // A pixel never inserted: its src is kept aside.
    let img = HtmlImageElement::new().expect("img");
    img.set_src("https://px.ads.linkedin.com/collect?pid=1");
    assert_eq!(img.get_attribute("src"), None);
    assert_eq!(img.get_attribute("data-src").as_deref(), Some("https://px.ads.linkedin.com/collect?pid=1"));

    // Markup set through innerHTML is rewritten before the parser sees it.
    let div: Element = d.create_element("div").expect("div");
    div.set_inner_html("<iframe src=\"https://www.youtube.com/embed/x\"></iframe><img src=\"/logo.png\">");
    let frame = div.query_selector("iframe").expect("qs").expect("iframe");
    assert_eq!(frame.get_attribute("src"), None);
    assert_eq!(frame.get_attribute("data-category").as_deref(), Some("marketing"));
    let logo = div.query_selector("img").expect("qs").expect("img");
    assert_eq!(logo.get_attribute("src").as_deref(), Some("/logo.png"));

    // First-party and unknown scripts are untouched.
    let own: HtmlScriptElement = d.create_element("script").expect("script").dyn_into().expect("script");
    own.set_src("https://cdn.unknown.example/lib.js");
    assert_eq!(own.get_attribute("type"), None);

    let listed: Vec<String> = Array::from(&held()).iter().filter_map(|h| get(&h, "vendor").as_string()).collect();
    assert!(listed.contains(&"microsoft-uet".to_string()), "{listed:?}");
    assert!(listed.contains(&"linkedin-insight".to_string()), "{listed:?}");

    // Analytics alone releases none of these.
    accept(Array::of1(&JsValue::from_str("analytics")).into());
    assert_eq!(s.get_attribute("type").as_deref(), Some("text/plain"));
    assert_eq!(get(&get_consent(), "analytics").as_bool(), Some(true));

    accept_all();
    assert_eq!(s.get_attribute("type").as_deref(), Some("text/javascript"));
    assert_eq!(img.get_attribute("src").as_deref(), Some("https://px.ads.linkedin.com/collect?pid=1"));
    assert_eq!(get(&get_consent(), "marketing").as_bool(), Some(true));
    assert!(Array::from(&held()).iter().all(|h| get(&h, "state").as_string().as_deref() == Some("dropped")));
}
