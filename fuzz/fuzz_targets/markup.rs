//! The runtime markup rewriter (document.write, innerHTML, in an HTML or an
//! SVG element): never panics, only ever adds to the input's length or moves
//! URLs into held attributes, and is idempotent.
#![no_main]
use consentry::core::classify::Classifier;
use consentry::core::consent::Consent;
use consentry::core::hold::Ctx;
use consentry::core::markup::rewrite_in;
use consentry::core::nesting::Ns;
use consentry::core::url::Base;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let c = Classifier::builtin();
    let consent = Consent::undecided();
    let none = |_: &str| None;
    let ctx = Ctx {
        classifier: &c,
        consent: &consent,
        base: Base::https("www.shop.example"),
        canonical: &none,
        refs: &consentry::core::charref::Full,
        frame_markup: consentry::core::markup::held_in,
        live_base: false,
    };
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
