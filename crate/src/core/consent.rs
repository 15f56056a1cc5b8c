//! The visitor's consent: which categories are granted, and what a change
//! of mind means for vendors.

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::{Category, CategorySet};

/// The current consent state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Consent {
    granted: CategorySet,
    /// Whether the visitor (or a valid stored record) has decided. Until then
    /// only `necessary` is granted and the banner is shown.
    pub decided: bool,
}

impl Default for Consent {
    fn default() -> Self {
        Consent::undecided()
    }
}

impl Consent {
    /// No decision yet: only `necessary`.
    pub const fn undecided() -> Consent {
        Consent { granted: CategorySet::NECESSARY, decided: false }
    }

    /// A decision granting `granted` (`necessary` is always added).
    pub const fn decided(granted: CategorySet) -> Consent {
        Consent { granted: granted.with(Category::Necessary), decided: true }
    }

    /// No decision yet, but `granted` applies meanwhile (opt-out mode:
    /// allowed until the visitor objects).
    pub const fn presumed(granted: CategorySet) -> Consent {
        Consent { granted: granted.with(Category::Necessary), decided: false }
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

    /// Whether something needing `need` may run.
    pub const fn allows(&self, need: CategorySet) -> bool {
        self.granted.covers(need)
    }

    /// Whether `c` is granted.
    pub const fn grants(&self, c: Category) -> bool {
        self.granted.contains(c)
    }

    /// Categories granted in `self` but not in `next`.
    pub const fn withdrawn_in(&self, next: &Consent) -> CategorySet {
        self.granted.minus(next.granted)
    }

    /// Whether a vendor needing `need` was allowed before and is not after
    /// the change to `next`: its cookies and storage must then be deleted.
    pub const fn loses(&self, next: &Consent, need: CategorySet) -> bool {
        self.allows(need) && !next.allows(need)
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
        assert!(before.loses(&after, ct));
        assert!(!before.loses(&after, CategorySet::of(Category::Analytics)));
        assert!(!Consent::undecided().loses(&after, ct));
    }
}
