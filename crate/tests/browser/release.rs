//! Release: held elements run exactly once, in the order they entered
//! the document, and only for the categories granted; withdrawal holds
//! again what comes after it.

use crate::page::{self, assert_held, attempted, doc, quiet, vendor_url, watch};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlScriptElement};

#[wasm_bindgen(inline_js = r#"
export function ran() { return (window.__consentryOrder || []).join(' '); }
export function note(el, what) { el.addEventListener('error', () => (window.__consentryOrder = window.__consentryOrder || []).push(what)); }
"#)]
extern "C" {
    /// What the released scripts noted, in order.
    fn ran() -> String;
    /// Notes `what` when `el` fires error.
    fn note(el: &JsValue, what: &str);
}

/// A hand-tagged inline script (analytics) that notes `what` when it runs.
fn inline(what: &str) -> Element {
    let s = doc().create_element("script").expect("script");
    s.set_attribute("type", "text/plain").expect("type");
    s.set_attribute("data-category", "analytics").expect("category");
    s.set_text_content(Some(&format!("(window.__consentryOrder = window.__consentryOrder || []).push('{what}');")));
    s
}

#[wasm_bindgen_test]
async fn scripts_run_once_in_order_after_consent() {
    page::rejected();
    let head = doc().head().expect("head");
    let url = vendor_url("google-analytics", "release-order", "s.js");
    // An external vendor script between inline ones: not async, so the
    // inline script after it must wait until it has loaded (here: failed).
    let ext: HtmlScriptElement = doc().create_element("script").expect("script").dyn_into().expect("script");
    ext.set_async(false);
    ext.set_src(&url);
    note(&ext, "ext");
    watch(&ext);
    for el in [inline("a"), ext.clone().into(), inline("b"), inline("c")] {
        head.append_child(&el).expect("append");
    }
    let t = quiet(&url).await;
    assert!(t.is_empty(), "held: {t}");
    assert_eq!(ran(), "");
    // Marketing alone: these need analytics.
    consentry::accept(js_sys::Array::of1(&"marketing".into()).into());
    let _ = quiet(&url).await;
    assert_eq!(ran(), "");
    consentry::accept_all();
    assert!(!attempted(&url).await.is_empty(), "the vendor script was requested");
    let _ = quiet(&url).await;
    assert_eq!(ran(), "a ext b c");
    // Exactly once: another round of consent runs nothing again.
    consentry::reject_all();
    consentry::accept_all();
    let _ = quiet(&url).await;
    assert_eq!(ran(), "a ext b c");
}

#[wasm_bindgen_test]
async fn only_the_categories_granted() {
    page::rejected();
    let marketing = vendor_url("microsoft-uet", "partial-marketing", "p.gif");
    let analytics = vendor_url("google-analytics", "partial-analytics", "p.gif");
    for u in [&marketing, &analytics] {
        let img = web_sys::HtmlImageElement::new().expect("img");
        watch(&img);
        img.set_src(u);
    }
    consentry::accept(js_sys::Array::of1(&"analytics".into()).into());
    assert!(!attempted(&analytics).await.is_empty(), "analytics granted: requested");
    assert_held(&[&marketing]).await;
    consentry::accept_all();
    assert!(!attempted(&marketing).await.is_empty(), "marketing granted: requested");
}

#[wasm_bindgen_test]
async fn withdrawal_holds_what_comes_after() {
    page::started();
    consentry::accept_all();
    let before = vendor_url("microsoft-uet", "withdraw-before", "p.gif");
    let img = web_sys::HtmlImageElement::new().expect("img");
    watch(&img);
    img.set_src(&before);
    assert!(!attempted(&before).await.is_empty(), "granted: requested at once");
    consentry::reject_all();
    let consent = consentry::get_consent();
    assert_eq!(js_sys::Reflect::get(&consent, &"marketing".into()).expect("marketing"), JsValue::FALSE);
    let after = vendor_url("microsoft-uet", "withdraw-after", "p.gif");
    let img = web_sys::HtmlImageElement::new().expect("img");
    watch(&img);
    img.set_src(&after);
    assert_held(&[&after]).await;
    let listed = js_sys::Array::from(&consentry::held())
        .iter()
        .any(|h| js_sys::Reflect::get(&h, &"url".into()).ok().and_then(|u| u.as_string()).as_deref() == Some(after.as_str()));
    assert!(listed, "held() lists it");
    consentry::accept_all();
    assert!(!attempted(&after).await.is_empty(), "granted again: released");
}
