//! Google Consent Mode v2: the seven consent types, from our categories.
//!
//! The browser layer pushes `gtag('consent', 'default', ...)` to `dataLayer`
//! before any other script can run, and `gtag('consent', 'update', ...)` on
//! every choice and on each load with a stored choice. Each type is granted
//! when every category mapped to it is granted (configurable; defaults in
//! [`super::config::CONSENT_MODE_TYPES`]).

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::CategorySet;
use super::consent::Consent;

/// Vendors whose tags read Consent Mode: exempted from holding in advanced
/// mode, where they load while denied and send cookieless pings.
pub const GOOGLE_TAGS: [&str; 5] = ["firebase-analytics", "google-ads", "google-analytics", "google-tag", "google-tag-manager"];

/// Each consent type with `true` for granted.
pub fn signals<'m>(consent: &Consent, map: &'m [(String, CategorySet)]) -> Vec<(&'m str, bool)> {
    map.iter().map(|(t, cats)| (t.as_str(), consent.allows(*cats))).collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::category::Category;
    use crate::core::config::ConsentModeConfig;

    #[test]
    fn maps_categories_to_types() {
        let map = ConsentModeConfig::default().map;
        let denied = signals(&Consent::undecided(), &map);
        assert_eq!(denied.len(), 7);
        assert!(denied.iter().all(|(t, g)| (*t == "security_storage") == *g), "{denied:?}");
        let analytics = signals(&Consent::decided(CategorySet::of(Category::Analytics)), &map);
        let granted: Vec<&str> = analytics.iter().filter(|(_, g)| *g).map(|(t, _)| *t).collect();
        assert_eq!(granted, ["analytics_storage", "security_storage"]);
        assert!(signals(&Consent::all(), &map).iter().all(|(_, g)| *g));
    }
}
