//! The visitor's consent: which categories are granted, which vendors the
//! visitor allowed or refused one by one, and what a change of mind means
//! for vendors.
//!
//! A vendor may run when every category it needs is granted, or when the
//! visitor allowed that vendor itself; a refusal of the vendor wins over its
//! categories. Vendors are named by [`vendor_key`], a hash of their id: the
//! same in the page, the stored record and the service worker, and stable
//! across versions of the table (an id never changes).

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::{Category, CategorySet};

/// The key of a vendor in consent decisions: 32 bits of FNV-1a over its id.
/// (Among 2,000 vendors, two share a key with a probability of about 5 in
/// 10,000; the table's test rejects a table where two do.)
pub fn vendor_key(id: &str) -> u32 {
    (super::checksum::fnv1a(id.as_bytes()) & 0xffff_ffff) as u32
}

/// Sets the decision on `key` in `choices`, a list sorted by key with one
/// entry per key (the consent's, and the record's as it reads them).
pub fn set_choice(choices: &mut Vec<(u32, bool)>, key: u32, allowed: bool) {
    match choices.binary_search_by_key(&key, |(k, _)| *k) {
        Ok(i) => {
            if let Some(slot) = choices.get_mut(i) {
                slot.1 = allowed;
            }
        }
        Err(_) => {
            // Push and sort rather than insert: no panic path (and at most
            // a few hundred entries, already sorted but the last).
            choices.push((key, allowed));
            super::text::sort_by_key(choices, |(k, _)| *k);
        }
    }
}

/// The current consent state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consent {
    granted: CategorySet,
    /// Whether the visitor (or a valid stored record) has decided. Until then
    /// only `necessary` is granted and the banner is shown.
    pub decided: bool,
    /// The visitor's decisions on single vendors: `(vendor_key, allowed)`,
    /// sorted by key, one per vendor.
    vendors: Vec<(u32, bool)>,
}

impl Default for Consent {
    fn default() -> Self {
        Consent::undecided()
    }
}

impl Consent {
    /// No decision yet: only `necessary`.
    pub const fn undecided() -> Consent {
        Consent { granted: CategorySet::NECESSARY, decided: false, vendors: Vec::new() }
    }

    /// A decision granting `granted` (`necessary` is always added).
    pub const fn decided(granted: CategorySet) -> Consent {
        Consent { granted: granted.with(Category::Necessary), decided: true, vendors: Vec::new() }
    }

    /// No decision yet, but `granted` applies meanwhile (opt-out mode:
    /// allowed until the visitor objects).
    pub const fn presumed(granted: CategorySet) -> Consent {
        Consent { granted: granted.with(Category::Necessary), decided: false, vendors: Vec::new() }
    }

    /// Everything granted.
    pub const fn all() -> Consent {
        Consent::decided(CategorySet::ALL)
    }

    /// Only `necessary`: the visitor refused everything else.
    pub const fn rejected() -> Consent {
        Consent::decided(CategorySet::NECESSARY)
    }

    /// The granted categories (always including `necessary`).
    pub const fn granted(&self) -> CategorySet {
        self.granted
    }

    /// Whether something needing `need`, of no vendor the visitor decided
    /// on, may run (see [`Consent::allows_vendor`]).
    pub const fn allows(&self, need: CategorySet) -> bool {
        self.granted.covers(need)
    }

    /// Whether the vendor with key `key` (see [`vendor_key`]), needing
    /// `need`, may run: the visitor's decision on that vendor if there is
    /// one, else its categories.
    pub fn allows_vendor(&self, key: u32, need: CategorySet) -> bool {
        self.vendor_choice(key).unwrap_or_else(|| self.granted.covers(need))
    }

    /// The visitor's decision on one vendor, if any.
    pub fn vendor_choice(&self, key: u32) -> Option<bool> {
        // Empty for most visitors: no search then.
        if self.vendors.is_empty() {
            return None;
        }
        self.vendors.binary_search_by_key(&key, |(k, _)| *k).ok().and_then(|i| self.vendors.get(i)).map(|(_, a)| *a)
    }

    /// The decisions on single vendors, sorted by key.
    pub fn vendor_choices(&self) -> &[(u32, bool)] {
        &self.vendors
    }

    /// This consent with the visitor's decision on one vendor: a decision
    /// (the banner is answered), the categories as they were.
    pub fn with_vendor(mut self, key: u32, allowed: bool) -> Consent {
        set_choice(&mut self.vendors, key, allowed);
        self.decided = true;
        self
    }

    /// This consent with these decisions on single vendors (any order; the
    /// last decision on a key wins).
    pub fn with_vendors(mut self, choices: impl IntoIterator<Item = (u32, bool)>) -> Consent {
        let decided = self.decided;
        for (k, a) in choices {
            self = self.with_vendor(k, a);
        }
        self.decided = decided;
        self
    }

    /// The same categories and decision, without decisions on single vendors
    /// (Accept all and Reject all answer for every vendor).
    pub fn without_vendors(mut self) -> Consent {
        self.vendors.clear();
        self
    }

    /// Whether `c` is granted.
    pub const fn grants(&self, c: Category) -> bool {
        self.granted.contains(c)
    }

    /// Categories granted in `self` but not in `next`.
    pub const fn withdrawn_in(&self, next: &Consent) -> CategorySet {
        self.granted.minus(next.granted)
    }

    /// Whether the vendor with key `key`, needing `need`, was allowed before
    /// and is not after the change to `next`: its cookies and storage must
    /// then be deleted.
    pub fn loses(&self, next: &Consent, key: u32, need: CategorySet) -> bool {
        self.allows_vendor(key, need) && !next.allows_vendor(key, need)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn necessary_is_always_granted() {
        assert!(Consent::undecided().grants(Category::Necessary));
        assert!(Consent::decided(CategorySet::EMPTY).grants(Category::Necessary));
        assert!(!Consent::undecided().decided);
    }

    #[test]
    fn every_category_must_be_granted() {
        let ct = CategorySet::of(Category::Analytics).with(Category::Marketing);
        assert!(!Consent::decided(CategorySet::of(Category::Analytics)).allows(ct));
        assert!(Consent::all().allows(ct));
        assert!(Consent::rejected().allows(CategorySet::NECESSARY));
    }

    #[test]
    fn withdrawal() {
        let before = Consent::all();
        let after = Consent::decided(CategorySet::of(Category::Analytics));
        assert_eq!(before.withdrawn_in(&after), CategorySet::of(Category::Functional).with(Category::Marketing));
        let ct = CategorySet::of(Category::Analytics).with(Category::Marketing);
        let k = vendor_key("clevertap");
        assert!(before.loses(&after, k, ct));
        assert!(!before.loses(&after, k, CategorySet::of(Category::Analytics)));
        assert!(!Consent::undecided().loses(&after, k, ct));
    }

    #[test]
    fn a_vendor_decision_wins_over_its_categories() {
        let ct = CategorySet::of(Category::Analytics).with(Category::Marketing);
        let (clevertap, ga) = (vendor_key("clevertap"), vendor_key("google-analytics"));
        let analytics = CategorySet::of(Category::Analytics);
        // Allowed alone, without its categories; nothing else changes.
        let c = Consent::undecided().with_vendor(clevertap, true);
        assert!(c.decided);
        assert!(c.allows_vendor(clevertap, ct));
        assert!(!c.allows_vendor(ga, analytics));
        assert_eq!(c.granted(), CategorySet::NECESSARY);
        // Refused: held even with every category granted.
        let c = Consent::all().with_vendor(ga, false);
        assert!(!c.allows_vendor(ga, analytics));
        assert!(c.allows_vendor(clevertap, ct));
        assert!(Consent::all().loses(&c, ga, analytics));
        // The last decision on a vendor counts; Accept all / Reject all clear them.
        let c = c.with_vendor(ga, true).with_vendor(clevertap, false);
        assert_eq!(c.vendor_choices().len(), 2);
        assert_eq!(c.vendor_choice(ga), Some(true));
        assert_eq!(c.clone().without_vendors().vendor_choice(ga), None);
        // Kept sorted, whatever the order of decisions.
        let keys: Vec<u32> = Consent::undecided()
            .with_vendors([(9, true), (3, false), (7, true), (3, true)])
            .vendor_choices()
            .iter()
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(keys, [3, 7, 9]);
        assert!(!Consent::undecided().with_vendors([(1, true)]).decided, "with_vendors keeps the decision as it was");
    }
}
