//! The site configuration (JSON) and the script tag's data- attributes.
#![no_main]
use consentry::core::config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let (mut cfg, _issues) = config::parse(s);
    let pairs: Vec<(String, String)> =
        s.split('\n').filter_map(|l| l.split_once('=')).map(|(a, b)| (a.to_string(), b.to_string())).collect();
    let _ = config::apply_attributes(&mut cfg, &pairs);
    let _ = consentry::core::classify::Classifier::builtin().with_custom(cfg.custom_vendors.clone()).1;
});
