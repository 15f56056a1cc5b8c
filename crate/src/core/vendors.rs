//! The built-in vendor table, compiled by `build.rs` from `crate/vendors/*.toml`.
//!
//! [`VENDORS`] is sorted by id; [`INDEX`] maps hosts (and path rules on shared
//! hosts) to positions in it. Both are plain statics: nothing is parsed or
//! built when the module starts.

use super::category::{Category, CategorySet};
use super::hostindex::{Entry, HostIndex, Rule, Str};
use super::retention::{Retention, Unit};
use super::table::{CookieDef, NameMatch, StorageDef, StorageKind, VendorDef};
use std::borrow::Cow;

include!(concat!(env!("OUT_DIR"), "/vendor_table.rs"));

/// Finds a built-in vendor by id (binary search: the table is sorted by id).
pub fn by_id(id: &str) -> Option<(u16, &'static VendorDef)> {
    let i = VENDORS.binary_search_by(|v| v.id.as_ref().cmp(id)).ok()?;
    let def = VENDORS.get(i)?;
    Some((u16::try_from(i).ok()?, def))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_found_by_id() {
        assert!(VENDORS.windows(2).all(|w| matches!(w, [a, b] if a.id < b.id)));
        let (i, v) = by_id("clevertap").expect("clevertap");
        assert_eq!(v.name, "CleverTap");
        assert_eq!(VENDORS.get(i as usize).map(|v| v.id.as_ref()), Some("clevertap"));
        assert!(by_id("no-such-vendor").is_none());
    }
}
