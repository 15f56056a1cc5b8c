//! The built-in vendor table, compiled by `build.rs` from `crate/vendors/*.toml`:
//! the part that classification needs, carried by the blocker into every page.
//!
//! Statics, nothing built or parsed at start-up:
//!
//! - [`INDEX`], the host index (see [`super::hostindex`]) mapping hosts and
//!   path rules to vendor numbers;
//! - each vendor's id and the categories it needs, by number. Vendors are
//!   numbered in id order, so an id is found by binary search.
//!
//! Everything else a vendor file says (names, companies, links, cookies and
//! storage keys with retention) is in [`super::details`], which the blocker
//! never reads: only the consent interface and the CLI do.

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::CategorySet;
use super::hostindex::{Entry, HostIndex, Rule};

include!(concat!(env!("OUT_DIR"), "/vendor_table.rs"));

/// What classification needs of a vendor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Categories the table says the vendor needs.
    pub categories: CategorySet,
    /// Stable id.
    pub id: &'static str,
}

/// The header of vendor number `index`.
pub fn header(index: usize) -> Option<Header> {
    let end = usize::from(*ID_END.get(index)?);
    let start = match index.checked_sub(1) {
        Some(prev) => usize::from(*ID_END.get(prev)?),
        None => 0,
    };
    let id = IDS.get(start..end)?;
    let categories = CategorySet::from_bits(*CATEGORY_BITS.get(index)?);
    Some(Header { categories, id })
}

/// Finds a built-in vendor by id (binary search: the table is sorted by id).
pub fn by_id(id: &str) -> Option<(u16, Header)> {
    let (mut lo, mut hi) = (0usize, VENDOR_COUNT);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let h = header(mid)?;
        match h.id.cmp(id) {
            ::core::cmp::Ordering::Equal => return Some((u16::try_from(mid).ok()?, h)),
            ::core::cmp::Ordering::Less => lo = mid + 1,
            ::core::cmp::Ordering::Greater => hi = mid,
        }
    }
    None
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::category::Category;

    #[test]
    fn sorted_and_found_by_id() {
        let ids: Vec<&str> = (0..VENDOR_COUNT).filter_map(header).map(|h| h.id).collect();
        assert_eq!(ids.len(), VENDOR_COUNT);
        assert!(ids.windows(2).all(|w| matches!(w, [a, b] if a < b)));
        let (i, h) = by_id("clevertap").expect("clevertap");
        assert_eq!(h.categories, CategorySet::of(Category::Analytics).with(Category::Marketing));
        assert_eq!(header(i as usize).map(|h| h.id), Some("clevertap"));
        assert!(by_id("no-such-vendor").is_none());
        assert!(by_id("").is_none());
    }

    #[test]
    fn bad_indices_are_none() {
        assert!(header(VENDOR_COUNT).is_none());
        assert!(header(usize::MAX).is_none());
    }
}
