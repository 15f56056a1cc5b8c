//! No vendor tag escapes the rewriter, as the browser reads the page: the
//! rewritten document is parsed with html5ever (the spec's tokenizer and
//! tree builder) and every element in it that the core would still hold
//! is a tag the browser would fetch before consent.

mod common;

use common::{escaped, escaped_from, htmlish, parse_in_svg};
use consentry::core::markup;
use consentry::core::nesting::Ns;
use consentry_rewriter::{rewrite_str, Error, Options, Site};
use proptest::prelude::*;

fn site() -> Site {
    Site::new("", None).expect("site")
}

/// The runtime's string rewriter (`document.write`, `innerHTML`...), on the
/// same site.
fn runtime(html: &str) -> String {
    site().with_ctx(|ctx| markup::rewrite(html, ctx)).unwrap_or_else(|| html.to_string())
}

fn rewritten(html: &str) -> String {
    rewrite_str(&site(), &Options::default(), html).expect("rewrite").0
}

/// The rewrite, or `None` when it refuses ambiguous markup.
fn rewritten_or_refused(html: &str) -> Option<String> {
    match rewrite_str(&site(), &Options::default(), html) {
        Ok((out, _)) => Some(out),
        Err(Error::Ambiguous(_)) => None,
        Err(e) => panic!("rewrite failed: {e}"),
    }
}

/// A vendor tag after an element whose text the browser reads as text
/// (RCDATA, raw text, script data), opened by a start tag whose last
/// attribute has `=` and no value. `lol_html` 3.0.3 read that element's
/// text as markup, so the `<!--` in it hid the vendor tag behind a comment
/// that the browser never sees (fixed in vendor/lol_html).
#[test]
fn empty_unquoted_value_before_text_elements() {
    let vendor = r#"<script src="https://bat.bing.com/bat.js"></script><iframe src="https://www.youtube.com/embed/x"></iframe>"#;
    for (open, close) in [
        ("<title a=>", "</title>"),
        ("<textarea a= >", "</textarea>"),
        ("<style a=>", "</style>"),
        ("<xmp a=>", "</xmp>"),
        ("<iframe a=>", "</iframe>"),
        ("<noembed a=>", "</noembed>"),
        ("<noframes a=>", "</noframes>"),
        ("<noscript a=>", "</noscript>"),
        ("<script a=>", "</script>"),
    ] {
        let page = format!("<!doctype html><head>{open}<!--{close}{vendor}<p>--></p>");
        let out = rewritten(&page);
        assert_eq!(escaped(&site(), out.as_bytes()), Vec::<String>::new(), "{page}\n→ {out}");
        // and the first element's text is left as it was
        assert!(out.contains(&format!("{open}<!--{close}")), "{out}");
    }
}

/// Markup in script text is not markup: the rewriter leaves it alone.
#[test]
fn script_text_is_not_rewritten() {
    let page = r#"<script a=>document.write('<img src="https://px.ads.linkedin.com/collect?pid=1">')</script>"#;
    assert_eq!(rewritten(page), page);
}

/// Where browsers may ignore a text-switching tag or not (inside
/// `<select>`, after `<frameset>`), a streaming reader cannot tell whether
/// what follows is text or tags: the rewrite stops, naming the tag, rather
/// than let a vendor tag through.
#[test]
fn ambiguous_markup_is_refused() {
    for (page, tag) in [
        (r#"<frameset><title><frame src="https://bat.bing.com/bat.js">"#, "title"),
        (r#"<select><style><img src="https://px.ads.linkedin.com/collect?pid=1"></style></select>"#, "style"),
        (r#"<select><template><noscript><img src="https://px.ads.linkedin.com/collect?pid=1"></noscript></template></select>"#, "noscript"),
    ] {
        match rewrite_str(&site(), &Options::default(), page) {
            Err(Error::Ambiguous(t)) => {
                assert_eq!(t, tag);
                let message = Error::Ambiguous(t).to_string();
                assert!(message.contains(&format!("Move the <{tag}>")), "{message}");
            }
            other => panic!("{page}: {other:?}"),
        }
        assert!(matches!(consentry_rewriter::scan(&site(), None, page.as_bytes()), Err(Error::Ambiguous(_))), "scan reads it the same way");
    }
}

/// `<script>` is at home in `<select>`: no ambiguity, and held.
#[test]
fn script_in_select_is_held() {
    let page = r#"<select><script src="https://bat.bing.com/bat.js"></script></select>"#;
    assert!(rewritten(page).contains(r#"type="text/plain""#));
}

/// An end tag that closes an HTML element around an `<svg>` left open ends
/// the foreign content, and a `<![CDATA[` after it is then a bogus comment
/// that ends at the first `>`: the tag after it loads (Chromium 156 loads
/// the image below). Read as a CDATA section, it would be missed.
const CLOSED_AROUND_SVG: &str = r#"<div><svg></div><![CDATA[x><img src="https://px.ads.linkedin.com/collect?pid=1">]]>"#;

#[test]
fn end_tag_closing_an_html_element_around_an_open_svg() {
    assert_eq!(escaped(&site(), runtime(CLOSED_AROUND_SVG).as_bytes()), Vec::<String>::new());
}

/// Known gap (README, "What is and is not protected"): `lol_html`'s tree
/// simulation keeps no HTML elements, so it still reads a CDATA section
/// there. Ignored until fixed:
/// `cargo test -p consentry-rewriter --test browser_view -- --ignored`.
#[test]
#[ignore = "known gap: lol_html, an end tag that closes an HTML element around an open <svg>"]
fn end_tag_closing_an_html_element_around_an_open_svg_lol_html() {
    assert_eq!(escaped(&site(), rewritten(CLOSED_AROUND_SVG).as_bytes()), Vec::<String>::new());
}

/// The oracle itself: an untouched vendor tag is found.
#[test]
fn the_oracle_finds_an_untouched_tag() {
    let page = r#"<title>x</title><img src="https://px.ads.linkedin.com/collect?pid=1">"#;
    assert_eq!(escaped(&site(), page.as_bytes()).len(), 1);
}

proptest! {
    // 256 cases by default; PROPTEST_CASES=N for a longer run.

    /// Whatever the markup, every vendor tag the browser would build from
    /// the rewritten page is in held form.
    #[test]
    fn no_vendor_tag_escapes(html in htmlish()) {
        let Some(out) = rewritten_or_refused(&html) else { return Ok(()) };
        let left = escaped(&site(), out.as_bytes());
        prop_assert!(left.is_empty(), "{:?} escaped from\n{}\n→ {}", left, html, out);
    }

    /// The same for the runtime's string rewriter, whose markup the browser
    /// parses as it parses a page (`document.write`) or a fragment.
    #[test]
    fn no_vendor_tag_escapes_the_runtime_rewriter(html in htmlish()) {
        let out = runtime(&html);
        let left = escaped(&site(), out.as_bytes());
        prop_assert!(left.is_empty(), "{:?} escaped from\n{}\n→ {}", left, html, out);
        // As the `innerHTML` of an SVG element.
        let out = site().with_ctx(|ctx| markup::rewrite_in(&html, Ns::Svg, ctx)).unwrap_or_else(|| html.clone());
        let left = escaped_from(&site(), &parse_in_svg(out.as_bytes()));
        prop_assert!(left.is_empty(), "{:?} escaped from (in SVG)\n{}\n→ {}", left, html, out);
    }
}
