//! Every kind of loading element (the table of what loads, core::hold),
//! given a vendor URL in the page through setAttribute: held, then loaded
//! once released. Media, posters, sources, inputs, preloads, objects and
//! SVG images load differently in each engine; this is where a kind that
//! leaked in one engine would show.

use crate::page::{self, assert_held, assert_released, body, doc, vendor_url, watch};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

const SVG: &str = "http://www.w3.org/2000/svg";

/// One loading element: its tag (in SVG if `svg`), the attributes set
/// before it is inserted, and the attribute that takes the vendor URL.
struct Kind {
    tag: &'static str,
    svg: bool,
    before: &'static [(&'static str, &'static str)],
    attr: &'static str,
    /// The parent it is inserted into (a <video> for a <source>, an <svg>
    /// for SVG elements), if not the container.
    inside: Option<&'static str>,
}

const KINDS: &[Kind] = &[
    Kind { tag: "video", svg: false, before: &[], attr: "poster", inside: None },
    Kind { tag: "video", svg: false, before: &[("preload", "auto")], attr: "src", inside: None },
    Kind { tag: "audio", svg: false, before: &[("preload", "auto")], attr: "src", inside: None },
    Kind { tag: "source", svg: false, before: &[], attr: "src", inside: Some("video") },
    Kind { tag: "input", svg: false, before: &[("type", "image"), ("alt", "go")], attr: "src", inside: None },
    Kind { tag: "link", svg: false, before: &[("rel", "preload"), ("as", "image")], attr: "href", inside: None },
    Kind { tag: "embed", svg: false, before: &[("type", "image/png")], attr: "src", inside: None },
    Kind { tag: "object", svg: false, before: &[("type", "image/png")], attr: "data", inside: None },
    Kind { tag: "image", svg: true, before: &[("width", "1"), ("height", "1")], attr: "href", inside: Some("svg") },
    Kind { tag: "feImage", svg: true, before: &[], attr: "href", inside: Some("filter") },
];

fn create(tag: &str, svg: bool) -> Element {
    if svg {
        doc().create_element_ns(Some(SVG), tag).expect("svg element")
    } else {
        doc().create_element(tag).expect("element")
    }
}

#[wasm_bindgen_test]
async fn every_loading_kind_through_set_attribute() {
    page::rejected();
    let c = doc().create_element("div").expect("div");
    body().append_child(&c).expect("append");
    let mut urls = Vec::new();
    for k in KINDS {
        let url = vendor_url("microsoft-uet", &format!("kind-{}-{}", k.tag.to_lowercase(), k.attr), "file.png");
        let el = create(k.tag, k.svg);
        for (n, v) in k.before {
            el.set_attribute(n, v).expect("attribute");
        }
        let parent = match k.inside {
            None => c.clone(),
            Some("filter") => {
                // <svg><filter><feImage>, and something that uses the filter.
                let svg = create("svg", true);
                let filter = create("filter", true);
                filter.set_attribute("id", "kinds-filter").expect("id");
                svg.append_child(&filter).expect("append");
                let rect = create("rect", true);
                for (n, v) in [("width", "2"), ("height", "2"), ("filter", "url(#kinds-filter)")] {
                    rect.set_attribute(n, v).expect("attribute");
                }
                svg.append_child(&rect).expect("append");
                c.append_child(&svg).expect("append");
                filter
            }
            Some(tag) => {
                let p = create(tag, tag == "svg");
                if tag == "video" {
                    p.set_attribute("preload", "auto").expect("preload");
                }
                c.append_child(&p).expect("append");
                p
            }
        };
        parent.append_child(&el).expect("append");
        watch(&el);
        el.set_attribute(k.attr, &url).expect("url");
        urls.push(url);
    }
    let all: Vec<&str> = urls.iter().map(String::as_str).collect();
    assert_held(&all).await;
    assert_released(&all).await;
}
