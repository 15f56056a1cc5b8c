//! The hashed name map the configuration and the site-added vendors are
//! indexed with (`core::hostindex::NameMap`): it agrees with a plain map
//! whatever names are inserted, replaced and looked up. Native only
//! (proptest is a native dev-dependency; wasm-pack builds every test).
#![cfg(not(target_arch = "wasm32"))]

use consentry::core::hostindex::NameMap;
use proptest::prelude::*;
use std::collections::BTreeMap;

proptest! {
    #[test]
    fn agrees_with_a_plain_map(ops in proptest::collection::vec(("[a-c.]{0,6}", 0u32..1000), 0..300), probes in proptest::collection::vec("[a-c.]{0,6}", 0..50)) {
        let mut m = NameMap::default();
        let mut plain = BTreeMap::new();
        for (name, value) in &ops {
            m.insert(name, *value);
            plain.insert(name.clone(), *value);
        }
        for name in plain.keys().chain(probes.iter()) {
            prop_assert_eq!(m.get(name), plain.get(name).copied(), "{}", name);
        }
    }
}

#[test]
fn thousands_of_names() {
    let mut m = NameMap::default();
    for i in 0..5000u32 {
        m.insert(&format!("px.v{i}.example"), i);
    }
    for i in 0..5000u32 {
        assert_eq!(m.get(&format!("px.v{i}.example")), Some(i));
    }
    assert_eq!(m.get("px.v5000.example"), None);
    assert_eq!(m.get(""), None);
}
