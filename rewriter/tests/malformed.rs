//! Fuzz-style properties: whatever the input (malformed HTML, arbitrary
//! bytes), the rewrite never fails or panics, never drops content, is
//! idempotent, and does not depend on how the input is split into chunks.

use consentry_rewriter::{rewrite, rewrite_str, Options, Site, Stats};
use lol_html::html_content::TextChunk;
use lol_html::{doc_text, HtmlRewriter, Settings};
use proptest::prelude::*;
use std::cell::RefCell;
use std::io::Read;

fn site() -> Site {
    Site::new("", None).expect("site")
}

fn run(input: &[u8], chunk: usize) -> (Vec<u8>, Stats) {
    let mut out = Vec::new();
    let stats = rewrite(&site(), &Options::default(), Chunked { data: input, chunk }, &mut out).expect("rewrite never fails on any input");
    (out, stats)
}

/// A reader that hands out at most `chunk` bytes at a time.
struct Chunked<'a> {
    data: &'a [u8],
    chunk: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.chunk.min(buf.len()).min(self.data.len());
        let (head, rest) = self.data.split_at(n);
        buf[..n].copy_from_slice(head);
        self.data = rest;
        Ok(n)
    }
}

/// The text content of a document (every text node, including script and
/// style text), as the HTML tokenizer reads it.
fn text(html: &[u8]) -> Vec<u8> {
    let out = RefCell::new(String::new());
    {
        let settings = Settings::new().with_strict(false).append_document_content_handler(doc_text!(|t: &mut TextChunk<'_>| {
            out.borrow_mut().push_str(t.as_str());
            Ok(())
        }));
        let mut r = HtmlRewriter::new(settings, |_: &[u8]| {});
        r.write(html).expect("tokenize");
        r.end().expect("tokenize");
    }
    out.into_inner().into_bytes()
}

/// HTML-ish text: tags of every loading kind with vendor and other URLs,
/// attributes quoted every way or broken, comments, raw-text elements,
/// stray `<`, `&`, quotes and unterminated constructs.
fn htmlish() -> impl Strategy<Value = String> {
    let url = prop_oneof![
        3 => prop::sample::select(vec![
            "https://bat.bing.com/bat.js",
            "https://www.youtube.com/embed/x",
            "//px.ads.linkedin.com/collect?pid=1&amp;x=2",
            "https://www.googletagmanager.com/gtag/js?id=G-1",
            "/first-party.js",
            "https://cdn.example/lib.js",
            "https://bat&period;bing.com/x",
        ])
        .prop_map(String::from),
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
        Just("template")
    ];
    let attr = prop_oneof![
        Just("src"),
        Just("srcset"),
        Just("href"),
        Just("type"),
        Just("data-category"),
        Just("async"),
        Just("data-src"),
        Just("title"),
        Just("=x"),
        Just("\"q")
    ];
    let quoted = (attr.clone(), url.clone(), 0..4u8).prop_map(|(a, u, q)| match q {
        0 => format!(" {a}=\"{u}\""),
        1 => format!(" {a}='{u}'"),
        2 => format!(" {a}={}", u.replace([' ', '>'], "")),
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
        1 => Just("<!doctype html>".to_string()),
        1 => Just("\u{0}\u{feff}é🍪".to_string()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    // 256 cases each by default; PROPTEST_CASES=N for a longer run.

    /// Arbitrary bytes (invalid UTF-8 included): no failure, and with nothing
    /// to hold, the output is the input, byte for byte.
    #[test]
    fn arbitrary_bytes_pass_through(input in prop::collection::vec(any::<u8>(), 0..400)) {
        let (out, stats) = run(&input, 64 * 1024);
        if stats.held == 0 {
            prop_assert_eq!(out, input);
        }
    }

    /// Malformed HTML: the text content survives every rewrite; a second
    /// rewrite changes nothing; the chunking of the input does not matter.
    #[test]
    fn malformed_html(html in htmlish(), chunk in 1usize..40) {
        let (once, stats) = run(html.as_bytes(), 64 * 1024);
        prop_assert_eq!(text(&once), text(html.as_bytes()), "text content changed: {}", String::from_utf8_lossy(&once));
        if stats.held == 0 {
            prop_assert_eq!(&once, html.as_bytes());
        }
        let (twice, again) = run(&once, 64 * 1024);
        prop_assert_eq!(again.held, 0, "a second rewrite held more: {}", String::from_utf8_lossy(&once));
        prop_assert_eq!(&twice, &once);
        let (chunked, _) = run(html.as_bytes(), chunk);
        prop_assert_eq!(&chunked, &once, "chunk size {} changed the output", chunk);
    }

    /// Text around the tags is never touched: everything outside `<...>`
    /// start tags is found, in order, in the output.
    #[test]
    fn text_between_tags_survives(words in prop::collection::vec("[a-zA-Z0-9 .,;:!?()é-]{1,12}", 1..10), tag in prop_oneof![
        Just("<script src=\"https://bat.bing.com/bat.js\"></script>"),
        Just("<img src=https://px.ads.linkedin.com/collect?pid=1>"),
        Just("<iframe src='https://www.youtube.com/embed/x'></iframe>"),
    ]) {
        let html: String = words.iter().map(|w| format!("<p>{w}</p>{tag}")).collect();
        let (out, _) = rewrite_str(&site(), &Options::default(), &html).expect("rewrite");
        let mut at = 0;
        for w in &words {
            let needle = format!("<p>{w}</p>");
            match out.get(at..).and_then(|rest| rest.find(&needle)) {
                Some(i) => at += i + needle.len(),
                None => prop_assert!(false, "{needle:?} lost in {out}"),
            }
        }
    }
}
