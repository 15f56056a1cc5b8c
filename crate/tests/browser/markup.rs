//! Markup sinks: vendor tags in markup are held before the engine parses
//! them, and load once consent is given.

use crate::page::{self, assert_held, assert_released, attempted_in, body, call, doc, has, lacks, quiet, vendor_url, watch};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

fn container() -> Element {
    let div = doc().create_element("div").expect("div");
    body().append_child(&div).expect("append");
    div
}

/// Watches every loading element under `root` (their events are part of
/// the evidence) and returns how many there are.
fn watch_all(root: &Element) -> u32 {
    let list = root.query_selector_all("img, script, iframe").expect("qsa");
    for i in 0..list.length() {
        watch(&list.get(i).expect("node"));
    }
    list.length()
}

fn img(url: &str) -> String {
    format!(r#"<p>text</p><img src="{url}" alt="">"#)
}

#[wasm_bindgen_test]
async fn inner_html() {
    page::rejected();
    let url = vendor_url("microsoft-uet", "inner-html", "p.gif");
    let c = container();
    c.set_inner_html(&img(&url));
    assert_eq!(watch_all(&c), 1);
    assert_held(&[&url]).await;
    assert_released(&[&url]).await;
}

#[wasm_bindgen_test]
async fn outer_html() {
    page::rejected();
    let url = vendor_url("microsoft-uet", "outer-html", "p.gif");
    let c = container();
    let span = c.append_child(&doc().create_element("span").expect("span")).expect("span").dyn_into::<Element>().expect("el");
    span.set_outer_html(&img(&url));
    assert_eq!(watch_all(&c), 1);
    assert_held(&[&url]).await;
    assert_released(&[&url]).await;
}

#[wasm_bindgen_test]
async fn insert_adjacent_html() {
    page::rejected();
    let u1 = vendor_url("microsoft-uet", "adjacent-html-in", "p.gif");
    let u2 = vendor_url("microsoft-uet", "adjacent-html-out", "p.gif");
    let outer = container();
    let c = outer.append_child(&doc().create_element("div").expect("div")).expect("div").dyn_into::<Element>().expect("el");
    c.insert_adjacent_html("afterbegin", &img(&u1)).expect("insertAdjacentHTML");
    c.insert_adjacent_html("afterend", &img(&u2)).expect("insertAdjacentHTML");
    assert_eq!(watch_all(&outer), 2);
    assert_held(&[&u1, &u2]).await;
    assert_released(&[&u1, &u2]).await;
}

#[wasm_bindgen_test]
async fn create_contextual_fragment() {
    page::rejected();
    let u1 = vendor_url("microsoft-uet", "contextual-img", "p.gif");
    // Scripts of a contextual fragment run when inserted (unlike innerHTML's).
    let u2 = vendor_url("google-analytics", "contextual-script", "s.js");
    let c = container();
    let range = doc().create_range().expect("range");
    range.select_node_contents(&c).expect("select");
    let frag = range.create_contextual_fragment(&format!(r#"{}<script src="{u2}"></script>"#, img(&u1))).expect("fragment");
    c.append_child(&frag).expect("append");
    assert_eq!(watch_all(&c), 2);
    assert_held(&[&u1, &u2]).await;
    assert_released(&[&u1, &u2]).await;
}

#[wasm_bindgen_test]
async fn set_html_unsafe_with_a_declarative_shadow_root() {
    page::rejected();
    let u1 = vendor_url("microsoft-uet", "html-unsafe", "p.gif");
    let u2 = vendor_url("microsoft-uet", "html-unsafe-shadow", "p.gif");
    let c = container();
    if !has(&c, "setHTMLUnsafe") {
        lacks("Element.setHTMLUnsafe", "Consentry does not add one");
        assert!(!has(&c, "setHTMLUnsafe"));
        return;
    }
    let html = format!(r#"{}<div id="host"><template shadowrootmode="open">{}</template></div>"#, img(&u1), img(&u2));
    call(&c, "setHTMLUnsafe", &[html.into()]).expect("setHTMLUnsafe");
    watch_all(&c);
    let host = c.query_selector("#host").expect("qs").expect("host");
    let root = host.shadow_root().expect("a declarative shadow root");
    let inner = root.query_selector("img").expect("qs").expect("img in the shadow root");
    watch(&inner);
    assert_held(&[&u1, &u2]).await;
    assert_released(&[&u1, &u2]).await;
}

/// setHTML with a sanitizer that keeps `<img>` with its URL (the default
/// one drops it, and a test with it could not fail) and `data-`
/// attributes, which the held element needs to be released.
#[wasm_bindgen_test]
async fn set_html_with_a_sanitizer_that_keeps_images() {
    page::rejected();
    let url = vendor_url("microsoft-uet", "set-html", "p.gif");
    let c = container();
    if !has(&c, "setHTML") {
        lacks("Element.setHTML (the Sanitizer API)", "Consentry does not add one");
        assert!(!has(&c, "setHTML"));
        return;
    }
    let options = js_sys::JSON::parse(r#"{"sanitizer": {"elements": ["p", "img"], "attributes": ["src", "alt"], "dataAttributes": true}}"#)
        .expect("options");
    call(&c, "setHTML", &[img(&url).into(), options]).expect("setHTML");
    assert_eq!(watch_all(&c), 1, "the sanitizer kept the img");
    assert_held(&[&url]).await;
    assert_released(&[&url]).await;
}

/// `document.write` into the test page itself would replace it (it has
/// been parsed), so a same-origin frame's document takes the writes (as
/// an ad's about:blank frame does): the frame gets Consentry's hooks when
/// it is inserted, and the page's policy (an about:blank frame inherits
/// it). The tag is written in pieces, as legacy ad tags write it.
#[wasm_bindgen_test]
async fn document_write_in_pieces_in_a_same_origin_frame() {
    page::rejected();
    let url = vendor_url("microsoft-uet", "document-write", "p.gif");
    let frame = doc().create_element("iframe").expect("iframe");
    body().append_child(&frame).expect("append");
    let frame: web_sys::HtmlIFrameElement = frame.dyn_into().expect("iframe");
    let win: JsValue = frame.content_window().expect("window").into();
    let d = frame.content_document().expect("same-origin document");
    call(&d, "open", &[]).expect("open");
    for piece in [r#"<p>ad</p><img alt="" src=""#, url.as_str(), r#""><p>after</p>"#] {
        call(&d, "write", &[JsValue::from_str(piece)]).expect("write");
    }
    call(&d, "close", &[]).expect("close");
    // (document.open drops the document's listeners: listen after it.)
    page::listen_in(&d);
    watch(&d.query_selector("img").expect("qs").expect("the written img"));
    let _ = quiet(&url).await;
    let t = page::attempted_in_now(&url, &win);
    assert!(t.is_empty(), "{url} was requested while held: {t}");
    let listed = js_sys::JSON::stringify(&consentry::held()).expect("json").as_string().unwrap_or_default();
    assert!(listed.contains(&url), "held() lists it: {listed}");
    consentry::accept_all();
    let t = attempted_in(&url, &win).await;
    assert!(!t.is_empty(), "{url} was not requested after consent");
}
