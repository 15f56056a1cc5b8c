//! The vendors the interface shows: each one's public projection
//! ([`consentry::core::projection`]), from the details compiled into this
//! module (built-in vendors) or the site's configuration (added ones), with
//! the categories the blocker applies on this site.

use crate::host::Row;
use crate::settings::Settings;
use consentry::core::category::CategorySet;
use consentry::core::details;
use consentry::core::projection::{self, Vendor};
use consentry::core::table::VendorDef;
use std::borrow::Cow;

/// A vendor's record, by id.
pub fn def<'a>(settings: &'a Settings, id: &str) -> Option<Cow<'a, VendorDef>> {
    match settings.custom(id) {
        Some(d) => Some(Cow::Borrowed(d)),
        None => details::by_id(id).map(Cow::Owned),
    }
}

/// The projections of `rows`, in their order.
pub fn project(settings: &Settings, rows: &[Row]) -> Vec<Vendor> {
    rows.iter()
        .filter_map(|(id, bits, exempt)| Some(projection::vendor(def(settings, id)?.as_ref(), CategorySet::from_bits(*bits), *exempt)))
        .collect()
}

/// The projections of `rows`, sorted by name (for lists people read).
pub fn by_name(settings: &Settings, rows: &[Row]) -> Vec<Vendor> {
    let mut list = project(settings, rows);
    list.sort_by_cached_key(|v| v.name.to_lowercase());
    list
}
