//! URL setters: a vendor URL written into a loading element, through a
//! property or an attribute, is held before the engine fetches it.

use crate::page::{self, assert_held, assert_released, body, doc, vendor_url, watch};
use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlIFrameElement, HtmlImageElement, HtmlScriptElement};

fn in_page(tag: &str) -> Element {
    let el = doc().create_element(tag).expect("element");
    body().append_child(&el).expect("append");
    watch(&el);
    el
}

#[wasm_bindgen_test]
async fn script_src_property() {
    page::rejected();
    let url = vendor_url("google-analytics", "script-src", "s.js");
    let s: HtmlScriptElement = doc().create_element("script").expect("script").dyn_into().expect("script");
    watch(&s);
    s.set_src(&url);
    doc().head().expect("head").append_child(&s).expect("append");
    // Changing its type is no way out.
    s.set_type("text/javascript");
    assert_held(&[&url]).await;
    assert_released(&[&url]).await;
}

#[wasm_bindgen_test]
async fn image_ping_never_inserted() {
    page::rejected();
    let url = vendor_url("microsoft-uet", "image-ping", "p.gif");
    // new Image().src = url: an image loads without being inserted.
    let img = HtmlImageElement::new().expect("img");
    watch(&img);
    img.set_src(&url);
    assert_held(&[&url]).await;
    assert_released(&[&url]).await;
}

#[wasm_bindgen_test]
async fn img_src_in_the_page() {
    page::rejected();
    let url = vendor_url("microsoft-uet", "img-src", "p.gif");
    let img: HtmlImageElement = in_page("img").dyn_into().expect("img");
    img.set_src(&url);
    assert_held(&[&url]).await;
    assert_released(&[&url]).await;
}

#[wasm_bindgen_test]
async fn iframe_src_in_the_page() {
    page::rejected();
    let url = vendor_url("microsoft-uet", "iframe-src", "embed");
    let f: HtmlIFrameElement = in_page("iframe").dyn_into().expect("iframe");
    f.set_src(&url);
    assert_held(&[&url]).await;
    assert_released(&[&url]).await;
}

#[wasm_bindgen_test]
async fn set_attribute_src_and_ns() {
    page::rejected();
    let u1 = vendor_url("microsoft-uet", "set-attribute", "p.gif");
    let u2 = vendor_url("microsoft-uet", "set-attribute-ns", "p.gif");
    in_page("img").set_attribute("src", &u1).expect("setAttribute");
    in_page("img").set_attribute_ns(None, "src", &u2).expect("setAttributeNS");
    assert_held(&[&u1, &u2]).await;
    assert_released(&[&u1, &u2]).await;
}

#[wasm_bindgen_test]
async fn srcset_candidates() {
    page::rejected();
    let u1 = vendor_url("microsoft-uet", "srcset-property", "p.gif");
    let u2 = vendor_url("microsoft-uet", "srcset-attribute", "p.gif");
    let a: HtmlImageElement = in_page("img").dyn_into().expect("img");
    a.set_srcset(&format!("{u1} 1x, {u1}&x2 2x"));
    // A first-party candidate does not let the vendor's through.
    in_page("img").set_attribute("srcset", &format!("/own.png 1x, {u2} 1x")).expect("setAttribute");
    assert_held(&[&u1, &u2]).await;
    assert_released(&[&u1]).await;
}

#[wasm_bindgen_test]
async fn link_href_stylesheet() {
    page::rejected();
    let url = vendor_url("google-analytics", "link-href", "s.css");
    let link = doc().create_element("link").expect("link");
    watch(&link);
    link.set_attribute("rel", "stylesheet").expect("rel");
    link.set_attribute("href", &url).expect("href");
    doc().head().expect("head").append_child(&link).expect("append");
    assert_held(&[&url]).await;
    assert_released(&[&url]).await;
}

#[wasm_bindgen_test]
async fn attr_value() {
    page::rejected();
    let url = vendor_url("microsoft-uet", "attr-value", "p.gif");
    let img = in_page("img");
    img.set_attribute("src", "/placeholder.png").expect("setAttribute");
    img.get_attribute_node("src").expect("attr").set_value(&url);
    assert_held(&[&url]).await;
    assert_released(&[&url]).await;
}

/// The Node setters an Attr inherits write its value too.
#[wasm_bindgen_test]
async fn attr_node_value_and_text_content() {
    page::rejected();
    let u1 = vendor_url("microsoft-uet", "attr-node-value", "p.gif");
    let u2 = vendor_url("microsoft-uet", "attr-text-content", "p.gif");
    let a = in_page("img");
    a.set_attribute("src", "/placeholder.png").expect("setAttribute");
    a.get_attribute_node("src").expect("attr").set_node_value(Some(&u1));
    let b = in_page("img");
    b.set_attribute("src", "/placeholder.png").expect("setAttribute");
    b.get_attribute_node("src").expect("attr").set_text_content(Some(&u2));
    assert_held(&[&u1, &u2]).await;
    assert_released(&[&u1, &u2]).await;
}

/// `el.attributes.setNamedItem(attr)`: on an element with attributes, and
/// on one without (whose map names no element).
#[wasm_bindgen_test]
async fn named_node_map_set_named_item() {
    page::rejected();
    let u1 = vendor_url("microsoft-uet", "set-named-item", "p.gif");
    let u2 = vendor_url("microsoft-uet", "set-named-item-empty", "p.gif");
    let with = in_page("img");
    with.set_attribute("alt", "").expect("setAttribute");
    let without = in_page("img");
    for (el, url, method) in [(&with, &u1, "setNamedItem"), (&without, &u2, "setNamedItemNS")] {
        let attr = doc().create_attribute("src").expect("attr");
        attr.set_value(url);
        let map = Reflect::get(el, &"attributes".into()).expect("attributes");
        page::call(&map, method, &[attr.into()]).expect("setNamedItem");
    }
    assert!(!without.has_attribute("data-consentry-owner"), "the lent attribute is gone");
    assert_held(&[&u1, &u2]).await;
    assert_released(&[&u1, &u2]).await;
}
