//! What the rewriter's property tests share: a generator of HTML-ish text,
//! and the browser's reading of a document (html5ever, the spec's tokenizer
//! and tree builder), which is the oracle the rewriter is checked against.
//! `lol_html` itself cannot be the oracle: a flaw in its tokenizer would be
//! on both sides of the comparison.

#![allow(dead_code)] // each test file uses part of it

use consentry::core::hold::{decide, Attrs, Decision, Kind};
use consentry_rewriter::Site;
use html5ever::tendril::TendrilSink;
use html5ever::{ns, parse_document, parse_fragment, LocalName, ParseOpts, QualName};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use proptest::prelude::*;
use std::borrow::Cow;

/// The document as a browser builds it (scripting enabled: `<noscript>`
/// holds text).
pub fn parse(html: &[u8]) -> RcDom {
    parse_document(RcDom::default(), ParseOpts::default()).from_utf8().one(html)
}

/// Markup as `innerHTML` of an element of the SVG namespace reads it.
pub fn parse_in_svg(html: &[u8]) -> RcDom {
    let context = QualName::new(None, ns!(svg), LocalName::from("g"));
    parse_fragment(RcDom::default(), ParseOpts::default(), context, Vec::new(), true).from_utf8().one(html)
}

/// Calls `f` on every node in tree order, template contents included.
fn walk(node: &Handle, f: &mut dyn FnMut(&Handle)) {
    f(node);
    if let NodeData::Element { template_contents, .. } = &node.data {
        if let Some(t) = template_contents.borrow().as_ref() {
            walk(t, f);
        }
    }
    for child in node.children.borrow().iter() {
        walk(child, f);
    }
}

/// The text content of a document as the browser builds it: every text
/// node (script and style text included), in tree order.
pub fn text(html: &[u8]) -> String {
    let mut out = String::new();
    walk(&parse(html).document, &mut |n| {
        if let NodeData::Text { contents } = &n.data {
            out.push_str(&contents.borrow());
        }
    });
    out
}

/// An html5ever element's attributes, by qualified name (`xlink:href`).
struct DomAttrs(Vec<(String, String)>);

impl Attrs for DomAttrs {
    fn get(&self, name: &str) -> Option<Cow<'_, str>> {
        self.0.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| Cow::Borrowed(v.as_str()))
    }
}

/// Every element of the document, as the browser builds it, that the core
/// would still hold: a vendor tag the rewriter let through. Each is given as
/// its tag and attributes.
pub fn escaped(site: &Site, html: &[u8]) -> Vec<String> {
    escaped_from(site, &parse(html))
}

/// [`escaped`], in a parsed document or fragment.
pub fn escaped_from(site: &Site, dom: &RcDom) -> Vec<String> {
    let mut found = Vec::new();
    site.with_ctx(|ctx| {
        walk(&dom.document, &mut |n| {
            let NodeData::Element { name, attrs, .. } = &n.data else { return };
            // What loads: HTML elements, and SVG's images and scripts (an
            // SVG element named `frame` or `iframe` is inert).
            let loads = name.ns == ns!(html) || (name.ns == ns!(svg) && matches!(&*name.local, "image" | "feImage" | "script"));
            if !loads {
                return;
            }
            let Some(kind) = Kind::from_tag(&name.local) else { return };
            let attrs = DomAttrs(
                attrs
                    .borrow()
                    .iter()
                    .map(|a| {
                        let n = match &a.name.prefix {
                            Some(p) => format!("{p}:{}", a.name.local),
                            None => a.name.local.to_string(),
                        };
                        (n, a.value.to_string())
                    })
                    .collect(),
            );
            if let Decision::Hold(h) = decide(kind, &attrs, ctx) {
                if !h.edits.is_empty() {
                    found.push(format!("<{} {:?}>", name.local, attrs.0));
                }
            }
        });
    });
    found
}

/// Every name of the HTML standard's table of character references (with
/// its `&`), for URLs written with them.
fn named_references() -> Vec<String> {
    html5ever::data::NAMED_ENTITIES.entries().filter(|(_, v)| v.0 != 0).map(|(n, _)| format!("&{n}")).collect()
}

/// HTML-ish text: tags of every loading kind with vendor and other URLs,
/// attributes quoted every way or broken, comments, raw-text elements,
/// stray `<`, `&`, quotes and unterminated constructs.
pub fn htmlish() -> impl Strategy<Value = String> {
    let url = prop_oneof![
        3 => prop::sample::select(vec![
            "https://bat.bing.com/bat.js",
            "https://www.youtube.com/embed/x",
            "//px.ads.linkedin.com/collect?pid=1&amp;x=2",
            "https://www.googletagmanager.com/gtag/js?id=G-1",
            "/first-party.js",
            "https://cdn.example/lib.js",
            "https://bat&period;bing.com/x",
            "https://px.ads.linkedin&#46com/collect",
            "https://px.ads.linkedin&#x2E;com/collect",
            "https://px.ads.link&NewLine;edin.com/collect",
            "https://px.ads.link&Tab;edin.com/collect",
            "https://px.&ascr;ds.linkedin.com/collect",
            "text/html",
        ])
        .prop_map(String::from),
        // A reference drawn from the standard's whole table, inside a vendor
        // host or at its end (most make the host another one, or none).
        1 => (prop::sample::select(named_references()), 0..3usize).prop_map(|(r, at)| match at {
            0 => format!("https://px.ads.link{r}edin.com/collect"),
            1 => format!("https://bat.bing.com{r}/bat.js"),
            _ => format!("https://www.youtube{r}.com/embed/x"),
        }),
        1 => "[a-z:/.?&=#\"' <>-]{0,20}",
    ];
    let tag = prop_oneof![
        Just("script"),
        Just("img"),
        Just("iframe"),
        Just("link"),
        Just("source"),
        Just("SCRIPT"),
        Just("p"),
        Just("textarea"),
        Just("style"),
        Just("noscript"),
        Just("svg"),
        Just("template"),
        Just("title"),
        Just("xmp"),
        Just("math"),
        Just("image"),
        Just("select"),
        Just("table"),
        Just("plaintext"),
        Just("noembed"),
        Just("noframes"),
        Just("object"),
        Just("embed"),
        Just("foreignObject"),
        Just("desc"),
        Just("mi"),
        Just("mtext"),
        Just("annotation-xml"),
        Just("font"),
        Just("br"),
        Just("option"),
        Just("frameset"),
        Just("frame"),
        Just("body"),
        Just("head"),
        Just("template"),
        Just("div")
    ];
    let attr = prop_oneof![
        Just("src"),
        Just("srcset"),
        Just("href"),
        Just("xlink:href"),
        Just("type"),
        Just("data-category"),
        Just("async"),
        Just("data-src"),
        Just("title"),
        Just("=x"),
        Just("\"q"),
        Just("color"),
        Just("encoding"),
        Just("shadowrootmode"),
        Just("srcdoc")
    ];
    let quoted = (attr, url, 0..5u8).prop_map(|(a, u, q)| match q {
        0 => format!(" {a}=\"{u}\""),
        1 => format!(" {a}='{u}'"),
        2 => format!(" {a}={}", u.replace([' ', '>'], "")),
        3 => format!(" {a}="),
        _ => format!(" {a}"),
    });
    let start = (tag.clone(), prop::collection::vec(quoted, 0..4), prop_oneof![Just(">"), Just("/>"), Just(""), Just(" >")])
        .prop_map(|(t, attrs, end)| format!("<{t}{}{end}", attrs.concat()));
    let piece = prop_oneof![
        4 => start,
        2 => tag.prop_map(|t| format!("</{t}>")),
        2 => "[^<&]{0,12}",
        1 => Just("<!--".to_string()),
        1 => Just("-->".to_string()),
        1 => Just("<".to_string()),
        1 => Just("&amp;&#x110000;&nbsp".to_string()),
        1 => Just("<![CDATA[".to_string()),
        1 => Just("]]>".to_string()),
        1 => Just("<!doctype html>".to_string()),
        1 => prop::sample::select(vec!["<!-->", "<!--->", "--!>", "<?x ", "</p title=\">\">", "</ x>", "</>"]).prop_map(String::from),
        1 => Just("\u{0}\u{feff}é🍪".to_string()),
        // Declarative shadow roots, and frames whose srcdoc is a document
        // with a vendor tag (written with the escapes an attribute needs).
        1 => prop::sample::select(vec![
            "<div><template shadowrootmode=\"open\">",
            "<div><template shadowrootmode=closed>",
            "</template></div>",
            "<iframe srcdoc=\"<script src='https://bat.bing.com/bat.js'></script>\"></iframe>",
            "<iframe srcdoc='<img src=&quot;//px.ads.linkedin.com/collect?pid=1&amp;amp;x=2&quot;>'>",
            "<iframe srcdoc=\"<iframe srcdoc='&lt;img src=https://px.ads.linkedin.com/collect&gt;'></iframe>\"></iframe>",
            "<iframe srcdoc=\"<p>first party</p><img src=/logo.png>\"></iframe>",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}
