//! The runtime markup rewriter (document.write, innerHTML, in an HTML or an
//! SVG element): never panics, only ever adds to the input's length or moves
//! URLs into held attributes, and is idempotent.
#![no_main]
use consentry::core::charref::Full;
use consentry::core::classify::Classifier;
use consentry::core::consent::Consent;
use consentry::core::markup::{context, rewrite_in};
use consentry::core::nesting::Ns;
use consentry::core::url::Base;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let c = Classifier::builtin();
    let consent = Consent::undecided();
    let none = |_: &str| None;
    let ctx = context(&c, &consent, Base::https("www.shop.example"), &none, &Full);
    for ns in [Ns::Html, Ns::Svg] {
        if let Some(once) = rewrite_in(s, ns, &ctx) {
            // Text outside tags survives: the last byte of the input (if not
            // part of a tag) is still the last byte of the output.
            if !s.ends_with('>') {
                assert_eq!(once.as_bytes().last(), s.as_bytes().last());
            }
            let twice = rewrite_in(&once, ns, &ctx);
            assert!(twice.is_none(), "rewriting held markup again must change nothing");
        }
    }
});
