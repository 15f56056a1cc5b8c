//! The stored consent record: parsing never panics, and what parses
//! round-trips.
#![no_main]
use consentry::core::record::Record;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(r) = Record::parse(s) {
        assert_eq!(Record::parse(&r.to_value()), Ok(r.clone()));
        let _ = r.check(1_800_000_000, 0);
    }
    let _ = consentry::core::cookies::value(s, "consentry");
    let _ = consentry::core::cookies::names(s).count();
});
