//! A vendor's public projection: what is shown of a vendor anywhere. The
//! API's `vendors()`, the preferences dialog, the cookie policy rendered in
//! the page, the CLI's JSON and the CLI's policy all take it from here and
//! only render it, so they cannot disagree on what a vendor sets, how a name
//! prefix is marked, which links are safe to show, or whether Consentry's
//! own cookie is listed.

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::{Category, CategorySet};
use super::retention::{Retention, Unit};
use super::rules;
use super::table::{NameMatch, StorageKind, VendorDef};
use alloc::borrow::Cow;

/// How a name that is a prefix is marked where it is shown (`WZRK_S_…`).
pub const PREFIX_MARK: char = '…';

/// One cookie or storage key a vendor sets.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Item {
    /// The name, or its prefix.
    pub name: String,
    /// How `name` is matched (`exact` or `prefix`).
    #[cfg_attr(feature = "serde", serde(rename = "match", serialize_with = "ser::name_match"))]
    pub matching: NameMatch,
    /// The name as shown to people: a prefix ends with [`PREFIX_MARK`].
    pub label: String,
    /// How long it is kept.
    #[cfg_attr(feature = "serde", serde(serialize_with = "ser::retention"))]
    pub retention: Retention,
    /// What it is for.
    #[cfg_attr(feature = "serde", serde(serialize_with = "ser::category"))]
    pub category: Category,
    /// Where it lives.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub place: Place,
}

/// Where a vendor keeps an [`Item`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum Place {
    /// A cookie; `domain` is the vendor's own domain for a third-party
    /// cookie, which a site can list but not delete.
    Cookie {
        /// The vendor's domain, or `None` when it is set on the site.
        domain: Option<String>,
    },
    /// A storage key or database.
    Storage {
        /// `localStorage`, `sessionStorage` or `indexedDB`.
        #[cfg_attr(feature = "serde", serde(rename = "type", serialize_with = "ser::storage_kind"))]
        kind: StorageKind,
    },
}

/// Everything shown of one vendor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Vendor {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other names.
    pub aka: Vec<String>,
    /// The company responsible.
    pub company: String,
    /// The categories it needs on this site (after the site's overrides).
    #[cfg_attr(feature = "serde", serde(serialize_with = "ser::categories"))]
    pub categories: CategorySet,
    /// Exempted from holding by the site.
    pub exempt: bool,
    /// Our note on why it is held (empty in the browser).
    pub why: String,
    /// Its privacy policy, when the link is safe to show (see
    /// [`rules::valid_vendor_link`]).
    pub policy: Option<String>,
    /// Ids of related vendors.
    pub related: Vec<String>,
    /// The markup its script turns into widgets (`blockquote.twitter-tweet`):
    /// while the script is held, the consent interface puts a placeholder
    /// before each such element.
    pub widgets: Vec<String>,
    /// Hosts and `host/path` rules that identify it.
    pub hosts: Vec<String>,
    /// Cookies it sets.
    pub cookies: Vec<Item>,
    /// Storage keys and databases it writes.
    pub storage: Vec<Item>,
}

impl Vendor {
    /// Cookies, then storage keys: the rows of a policy.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.cookies.iter().chain(self.storage.iter())
    }
}

fn label(name: &str, m: NameMatch) -> String {
    let mut s = String::with_capacity(name.len() + 3);
    s.push_str(name);
    if m == NameMatch::Prefix {
        s.push(PREFIX_MARK);
    }
    s
}

/// The projection of a vendor record, with the categories it needs on this
/// site and whether the site exempts it.
pub fn vendor(v: &VendorDef, categories: CategorySet, exempt: bool) -> Vendor {
    let strs = |l: &[Cow<'static, str>]| l.iter().map(|s| s.to_string()).collect::<Vec<String>>();
    Vendor {
        id: v.id.to_string(),
        name: v.name.to_string(),
        aka: strs(&v.aka),
        company: v.company.to_string(),
        categories,
        exempt,
        why: v.why.to_string(),
        policy: Some(v.policy.to_string()).filter(|p| rules::valid_vendor_link(p)),
        related: strs(&v.related),
        widgets: strs(&v.widgets),
        hosts: strs(&v.hosts),
        cookies: v
            .cookies
            .iter()
            .map(|c| Item {
                name: c.name.to_string(),
                matching: c.matching,
                label: label(&c.name, c.matching),
                retention: c.retention,
                category: c.category,
                place: Place::Cookie { domain: c.domain.as_ref().map(|d| d.to_string()) },
            })
            .collect(),
        storage: v
            .storage
            .iter()
            .map(|s| Item {
                name: s.name.to_string(),
                matching: s.matching,
                label: label(&s.name, s.matching),
                retention: s.retention,
                category: s.category,
                place: Place::Storage { kind: s.kind },
            })
            .collect(),
    }
}

/// Consentry's own consent record, listed as a necessary cookie of the site
/// (`site` names it, as the company): every policy shows it first.
pub fn own_record(cookie_name: &str, days: u32, site: &str) -> Vendor {
    let days = u16::try_from(days).unwrap_or(u16::MAX);
    let retention = if days == 0 { Retention::Session } else { Retention::Span(days, Unit::Day) };
    Vendor {
        id: "consentry".into(),
        name: "Consentry".into(),
        aka: Vec::new(),
        company: site.to_string(),
        categories: CategorySet::NECESSARY,
        exempt: false,
        why: "Stores the visitor's consent choice, so it is not asked again on every page.".into(),
        policy: None,
        related: Vec::new(),
        widgets: Vec::new(),
        hosts: Vec::new(),
        cookies: vec![Item {
            name: cookie_name.to_string(),
            matching: NameMatch::Exact,
            label: cookie_name.to_string(),
            retention,
            category: Category::Necessary,
            place: Place::Cookie { domain: None },
        }],
        storage: Vec::new(),
    }
}

/// Serde helpers: the JSON shape of `Consentry.vendors()` (see
/// `crate/js/index.d.ts`).
#[cfg(feature = "serde")]
mod ser {
    use super::*;
    use serde::ser::{SerializeSeq, Serializer};

    pub fn name_match<S: Serializer>(m: &NameMatch, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if *m == NameMatch::Prefix { "prefix" } else { "exact" })
    }

    pub fn retention<S: Serializer>(r: &Retention, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::super::text::retention(*r))
    }

    pub fn category<S: Serializer>(c: &Category, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(c.name())
    }

    pub fn storage_kind<S: Serializer>(k: &StorageKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(k.name())
    }

    pub fn categories<S: Serializer>(c: &CategorySet, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for cat in c.iter() {
            seq.serialize_element(cat.name())?;
        }
        seq.end()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::details;

    #[test]
    fn clevertap() {
        let def = details::by_id("clevertap").expect("clevertap");
        let v = vendor(&def, def.categories, false);
        assert_eq!(v.name, "CleverTap");
        assert_eq!(v.policy.as_deref(), Some(def.policy.as_ref()));
        let s = v.cookies.iter().find(|c| c.name == "WZRK_S_").expect("WZRK_S_");
        assert_eq!((s.label.as_str(), s.matching), ("WZRK_S_…", NameMatch::Prefix));
        let g = v.cookies.iter().find(|c| c.name == "WZRK_G").expect("WZRK_G");
        assert_eq!(g.label, "WZRK_G");
        assert!(v.storage.iter().all(|i| matches!(i.place, Place::Storage { .. })));
        assert_eq!(v.items().count(), v.cookies.len() + v.storage.len());
    }

    #[test]
    fn unsafe_links_are_not_shown() {
        let mut def = details::by_id("clevertap").expect("clevertap");
        def.policy = Cow::Borrowed("javascript:alert(1)");
        assert_eq!(vendor(&def, def.categories, false).policy, None);
    }

    #[test]
    fn own_record_is_a_necessary_cookie() {
        let v = own_record("consentry", 182, "shop.example");
        assert_eq!(v.categories, CategorySet::NECESSARY);
        assert_eq!(v.cookies[0].retention, Retention::Span(182, Unit::Day));
        assert_eq!(v.company, "shop.example");
        assert_eq!(own_record("c", 0, "x").cookies[0].retention, Retention::Session);
    }
}
