//! Every insertion path: a vendor element whose URL no hook of ours saw
//! (built by another document's parser, see `page::parsed`) is held by the
//! insertion itself, and loads once consent is given.

use crate::page::{self, assert_held, assert_released, body, call, doc, parsed, vendor_url, watch};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlScriptElement, Node};

/// A vendor `<img>` from an inert document, watched for load and error.
fn vendor_img(tag: &str) -> (Element, String) {
    let url = vendor_url("microsoft-uet", tag, "p.gif");
    let img = parsed(&format!(r#"<img src="{url}" alt="">"#));
    watch(&img);
    (img, url)
}

/// A vendor `<script>` of this document, its URL set through `src` (a
/// script from another document's parser never runs, so it could not show
/// a release; and every write of a URL is hooked, so this one is held
/// from there): the insertion must keep it held, and it must load once
/// released.
fn vendor_script(tag: &str) -> (Element, String) {
    let url = vendor_url("google-analytics", tag, "s.js");
    let s: HtmlScriptElement = doc().create_element("script").expect("script").dyn_into().expect("script");
    s.set_src(&url);
    watch(&s);
    (s.into(), url)
}

/// A container in the page for one test.
fn container() -> Element {
    let div = doc().create_element("div").expect("div");
    body().append_child(&div).expect("append");
    div
}

async fn held_then_released(urls: &[&str]) {
    assert_held(urls).await;
    assert_released(urls).await;
}

#[wasm_bindgen_test]
async fn append_child() {
    page::rejected();
    let (img, u1) = vendor_img("append-child-img");
    let (s, u2) = vendor_script("append-child-script");
    let c = container();
    c.append_child(&img).expect("appendChild");
    doc().head().expect("head").append_child(&s).expect("appendChild");
    held_then_released(&[&u1, &u2]).await;
}

#[wasm_bindgen_test]
async fn insert_before() {
    page::rejected();
    let (img, u1) = vendor_img("insert-before-img");
    let (s, u2) = vendor_script("insert-before-script");
    let c = container();
    let first = c.append_child(&doc().create_element("span").expect("span")).expect("span");
    c.insert_before(&img, Some(&first)).expect("insertBefore");
    c.insert_before(&s, None).expect("insertBefore");
    held_then_released(&[&u1, &u2]).await;
}

#[wasm_bindgen_test]
async fn replace_child() {
    page::rejected();
    let (img, u) = vendor_img("replace-child");
    let c = container();
    let old = c.append_child(&doc().create_element("span").expect("span")).expect("span");
    c.replace_child(&img, &old).expect("replaceChild");
    held_then_released(&[&u]).await;
}

#[wasm_bindgen_test]
async fn append_and_prepend() {
    page::rejected();
    let (a, u1) = vendor_img("append-img");
    let (b, u2) = vendor_img("prepend-img");
    let (s, u3) = vendor_script("append-script");
    let c = container();
    // Several nodes and a string in one call: every node is guarded.
    call(&c, "append", &[JsValue::from_str("text"), a.into(), s.into()]).expect("append");
    call(&c, "prepend", &[b.into()]).expect("prepend");
    held_then_released(&[&u1, &u2, &u3]).await;
}

#[wasm_bindgen_test]
async fn before_and_after() {
    page::rejected();
    let (a, u1) = vendor_img("before-img");
    let (b, u2) = vendor_img("after-img");
    let c = container();
    let mid = c.append_child(&doc().create_element("span").expect("span")).expect("span");
    call(&mid, "before", &[a.into()]).expect("before");
    call(&mid, "after", &[b.into()]).expect("after");
    held_then_released(&[&u1, &u2]).await;
}

#[wasm_bindgen_test]
async fn replace_with_and_replace_children() {
    page::rejected();
    let (a, u1) = vendor_img("replace-with");
    let (b, u2) = vendor_img("replace-children");
    let c = container();
    let old = c.append_child(&doc().create_element("span").expect("span")).expect("span");
    call(&old, "replaceWith", &[a.into()]).expect("replaceWith");
    let other = container();
    call(&other, "replaceChildren", &[b.into()]).expect("replaceChildren");
    held_then_released(&[&u1, &u2]).await;
}

#[wasm_bindgen_test]
async fn insert_adjacent_element() {
    page::rejected();
    let (a, u1) = vendor_img("adjacent-beforeend");
    let (b, u2) = vendor_img("adjacent-afterend");
    let c = container();
    c.insert_adjacent_element("beforeend", &a).expect("insertAdjacentElement");
    c.insert_adjacent_element("afterend", &b).expect("insertAdjacentElement");
    held_then_released(&[&u1, &u2]).await;
}

#[wasm_bindgen_test]
async fn range_insert_node_and_surround_contents() {
    page::rejected();
    let (a, u1) = vendor_img("range-insert-node");
    let u2 = vendor_url("microsoft-uet", "range-surround", "embed");
    let b = parsed(&format!(r#"<iframe src="{u2}"></iframe>"#));
    let c = container();
    let range = doc().create_range().expect("range");
    range.select_node_contents(&c).expect("select");
    range.insert_node(&a).expect("insertNode");
    // surroundContents empties the node it is given, moves the range's
    // content into it and inserts it: a vendor frame is given a text.
    let text = c.append_child(&doc().create_text_node("x")).expect("text");
    let r2 = doc().create_range().expect("range");
    r2.select_node(&text).expect("select");
    r2.surround_contents(&b).expect("surroundContents");
    held_then_released(&[&u1, &u2]).await;
}

#[wasm_bindgen_test]
async fn document_fragment() {
    page::rejected();
    // A template's content: a fragment of an inert document, inserted whole.
    let url = vendor_url("microsoft-uet", "template-fragment", "p.gif");
    let template: web_sys::HtmlTemplateElement =
        parsed(&format!(r#"<template><p><img src="{url}"></p></template>"#)).dyn_into().expect("template");
    let content: Node = template.content().into();
    let c = container();
    c.append_child(&content).expect("append fragment");
    let img = c.query_selector("img").expect("qs").expect("img");
    watch(&img);
    // A fragment of this document holding a foreign node.
    let (b, u2) = vendor_img("own-fragment");
    let frag = doc().create_document_fragment();
    frag.append_child(&b).expect("append");
    c.append_child(&frag).expect("append fragment");
    held_then_released(&[&url, &u2]).await;
}

#[wasm_bindgen_test]
async fn import_and_adopt_node() {
    page::rejected();
    let (a, u1) = vendor_img("import-node");
    let (b, u2) = vendor_img("adopt-node");
    let imported: Node = doc().import_node_with_deep(&a, true).expect("importNode");
    watch(&imported);
    let adopted = doc().adopt_node(&b).expect("adoptNode");
    let c = container();
    c.append_child(&imported).expect("append");
    c.append_child(&adopted).expect("append");
    held_then_released(&[&u1, &u2]).await;
}

#[wasm_bindgen_test]
async fn shadow_roots_open_and_closed() {
    page::rejected();
    let (a, u1) = vendor_img("shadow-open");
    let (b, u2) = vendor_img("shadow-closed");
    let c = container();
    let host1 = c.append_child(&doc().create_element("div").expect("div")).expect("host").dyn_into::<Element>().expect("el");
    let open = host1.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).expect("attachShadow");
    open.append_child(&a).expect("append");
    let host2 = c.append_child(&doc().create_element("div").expect("div")).expect("host").dyn_into::<Element>().expect("el");
    let closed = host2.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Closed)).expect("attachShadow");
    closed.append_child(&b).expect("append");
    held_then_released(&[&u1, &u2]).await;
}

#[wasm_bindgen_test]
async fn frame_inserted() {
    page::rejected();
    let url = vendor_url("microsoft-uet", "frame-append", "embed");
    let f = parsed(&format!(r#"<iframe src="{url}"></iframe>"#));
    container().append_child(&f).expect("append");
    held_then_released(&[&url]).await;
}

/// moveBefore (a move that keeps an element's state): the element is
/// already in the page, so it was held when it came in; it stays held.
#[wasm_bindgen_test]
async fn move_before() {
    page::rejected();
    let (img, url) = vendor_img("move-before");
    let from = container();
    from.append_child(&img).expect("append");
    let to = container();
    if !page::has(&to, "moveBefore") {
        page::lacks("Node.moveBefore", "Consentry does not add one");
        assert!(!page::has(&to, "moveBefore"));
        return;
    }
    call(&to, "moveBefore", &[img.into(), JsValue::NULL]).expect("moveBefore");
    held_then_released(&[&url]).await;
}
