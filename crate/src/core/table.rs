//! The vendor table's record types.
//!
//! Built-in vendors are statics compiled from `crate/vendors/*.toml` by the
//! build script (see `crate/vendors/README.md`); vendors a site adds in its
//! configuration use the same types with owned strings, hence the `Cow`s.

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::{Category, CategorySet};
use super::retention::Retention;
use alloc::borrow::Cow;

/// Text in a vendor record: static for built-ins, owned for site-added vendors.
pub type Text = Cow<'static, str>;

/// How a cookie or key name is matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameMatch {
    /// The name is exactly this.
    Exact,
    /// The name starts with this (`WZRK_S_` matches `WZRK_S_8R5-4K5-466Z`).
    Prefix,
}

impl NameMatch {
    /// Whether `candidate` matches `pattern` under this rule.
    pub fn matches(self, pattern: &str, candidate: &str) -> bool {
        match self {
            NameMatch::Exact => candidate == pattern,
            NameMatch::Prefix => candidate.starts_with(pattern),
        }
    }
}

/// Where a vendor keeps data in the browser, besides cookies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StorageKind {
    /// `localStorage`.
    Local,
    /// `sessionStorage`.
    Session,
    /// An IndexedDB database name.
    IndexedDb,
}

impl StorageKind {
    /// The name used in vendor files and in `vendors()` output.
    pub const fn name(self) -> &'static str {
        match self {
            StorageKind::Local => "localStorage",
            StorageKind::Session => "sessionStorage",
            StorageKind::IndexedDb => "indexedDB",
        }
    }
}

/// A cookie a vendor sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieDef {
    /// Name, or name prefix.
    pub name: Text,
    /// How `name` is matched.
    pub matching: NameMatch,
    /// How long it lives.
    pub retention: Retention,
    /// What it is for.
    pub category: Category,
    /// The vendor's own domain when this is a third-party cookie (set on,
    /// say, `linkedin.com` rather than on the visited site). Such cookies are
    /// listed in the policy but a site cannot delete them; `None` means the
    /// vendor's script sets it on the site itself.
    pub domain: Option<Text>,
}

/// A storage key (or database) a vendor writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageDef {
    /// Which storage.
    pub kind: StorageKind,
    /// Key or database name, or prefix.
    pub name: Text,
    /// How `name` is matched.
    pub matching: NameMatch,
    /// How long it lives.
    pub retention: Retention,
    /// What it is for.
    pub category: Category,
}

/// One vendor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VendorDef {
    /// Stable identifier (`clevertap`), used in configuration and attributes.
    pub id: Text,
    /// Display name.
    pub name: Text,
    /// Other names the vendor or product is known by.
    pub aka: Cow<'static, [Text]>,
    /// The company responsible.
    pub company: Text,
    /// Every category that must be granted before the vendor is released.
    pub categories: CategorySet,
    /// Why a site should (or need not) hold it until consent, in our words.
    pub why: Text,
    /// The vendor's privacy policy.
    pub policy: Text,
    /// Ids of related vendors (same company, loaded together).
    pub related: Cow<'static, [Text]>,
    /// The markup its script turns into widgets, as simple selectors
    /// (`blockquote.twitter-tweet`; see `rules::valid_widget_selector`).
    pub widgets: Cow<'static, [Text]>,
    /// Hosts and `host/path` rules that identify it, for display.
    pub hosts: Cow<'static, [Text]>,
    /// Cookies it sets.
    pub cookies: Cow<'static, [CookieDef]>,
    /// Storage keys and databases it writes.
    pub storage: Cow<'static, [StorageDef]>,
}

impl VendorDef {
    /// Whether the vendor is always allowed (only `necessary`).
    pub fn is_necessary(&self) -> bool {
        CategorySet::NECESSARY.covers(self.categories)
    }
}
