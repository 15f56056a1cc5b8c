//! URL reading and classification: any text, any base.
#![no_main]
use consentry::core::classify::Classifier;
use consentry::core::url::{Base, BaseScheme};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let c = Classifier::builtin();
    for base in
        [Base::https("www.shop.example"), Base { scheme: BaseScheme::Http, host: "x.test" }, Base { scheme: BaseScheme::Other, host: "" }]
    {
        let _ = c.classify(s, base);
        let canon = |u: &str| Some(u.to_ascii_lowercase());
        let _ = c.classify_with(s, base, &canon);
    }
});
