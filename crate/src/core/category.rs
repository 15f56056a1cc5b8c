//! Consent categories and sets of them.
//!
//! Four categories, as in most consent tools: `necessary` (always granted,
//! never held), `functional`, `analytics` and `marketing`. A vendor (or a
//! manually tagged element) needs a *set* of categories and is released only
//! when every one of them is granted.

#[allow(unused_imports)]
use crate::prelude::*;

/// One consent category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Needed for the site to work; always granted, cannot be refused.
    Necessary,
    /// Preferences, embedded functionality, tag management.
    Functional,
    /// Measurement: page views, events, session replay.
    Analytics,
    /// Advertising, remarketing, cross-site profiles.
    Marketing,
}

impl Category {
    /// All categories, in display order.
    pub const ALL: [Category; 4] = [Category::Necessary, Category::Functional, Category::Analytics, Category::Marketing];

    /// The lower-case name used in configuration, attributes and the record.
    pub const fn name(self) -> &'static str {
        match self {
            Category::Necessary => "necessary",
            Category::Functional => "functional",
            Category::Analytics => "analytics",
            Category::Marketing => "marketing",
        }
    }

    /// The one-letter code used in the compact consent record.
    pub const fn code(self) -> u8 {
        match self {
            Category::Necessary => b'n',
            Category::Functional => b'f',
            Category::Analytics => b'a',
            Category::Marketing => b'm',
        }
    }

    const fn bit(self) -> u8 {
        match self {
            Category::Necessary => 1,
            Category::Functional => 2,
            Category::Analytics => 4,
            Category::Marketing => 8,
        }
    }

    /// Parses a category name, ASCII case-insensitively. A few synonyms that
    /// other consent tools use in their markup are accepted so that sites can
    /// migrate their tags unchanged.
    pub fn parse(s: &str) -> Option<Category> {
        let s = s.trim();
        let eq = |n: &str| s.eq_ignore_ascii_case(n);
        if eq("necessary") || eq("essential") || eq("strictly-necessary") {
            Some(Category::Necessary)
        } else if eq("functional") || eq("preferences") || eq("functionality") {
            Some(Category::Functional)
        } else if eq("analytics") || eq("statistics") || eq("performance") {
            Some(Category::Analytics)
        } else if eq("marketing") || eq("advertising") || eq("targeting") || eq("ads") {
            Some(Category::Marketing)
        } else {
            None
        }
    }

    /// The category for a one-letter record code.
    pub const fn from_code(c: u8) -> Option<Category> {
        match c {
            b'n' => Some(Category::Necessary),
            b'f' => Some(Category::Functional),
            b'a' => Some(Category::Analytics),
            b'm' => Some(Category::Marketing),
            _ => None,
        }
    }
}

/// A set of categories, stored as a bit set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct CategorySet(u8);

/// Why a category list could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CategoryError {
    /// A word that is not a category name.
    Unknown(String),
    /// The list names no category at all.
    Empty,
}

impl CategoryError {
    /// A phrase for messages: `unknown category "stats" (expected ...)`.
    pub fn describe(&self) -> String {
        match self {
            CategoryError::Unknown(w) => {
                let mut s = String::from("unknown category \"");
                s.push_str(w);
                s.push_str("\" (expected necessary, functional, analytics or marketing)");
                s
            }
            CategoryError::Empty => "no category given".to_string(),
        }
    }
}

impl CategorySet {
    /// The empty set.
    pub const EMPTY: CategorySet = CategorySet(0);
    /// Only `necessary`.
    pub const NECESSARY: CategorySet = CategorySet(1);
    /// Every category.
    pub const ALL: CategorySet = CategorySet(15);

    /// A set of one category.
    pub const fn of(c: Category) -> CategorySet {
        CategorySet(c.bit())
    }

    /// Builds a set from raw bits; bits above the four categories are dropped.
    pub const fn from_bits(bits: u8) -> CategorySet {
        CategorySet(bits & 15)
    }

    /// The raw bits (necessary = 1, functional = 2, analytics = 4, marketing = 8).
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// This set plus `c`.
    pub const fn with(self, c: Category) -> CategorySet {
        CategorySet(self.0 | c.bit())
    }

    /// This set without `c`.
    pub const fn without(self, c: Category) -> CategorySet {
        CategorySet(self.0 & !c.bit())
    }

    /// Union of two sets.
    pub const fn union(self, o: CategorySet) -> CategorySet {
        CategorySet(self.0 | o.0)
    }

    /// Categories in `self` that are not in `o`.
    pub const fn minus(self, o: CategorySet) -> CategorySet {
        CategorySet(self.0 & !o.0)
    }

    /// Whether `c` is in the set.
    pub const fn contains(self, c: Category) -> bool {
        self.0 & c.bit() != 0
    }

    /// Whether every category of `o` is in this set.
    pub const fn covers(self, o: CategorySet) -> bool {
        o.0 & !self.0 == 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The categories in display order.
    pub fn iter(self) -> impl Iterator<Item = Category> {
        Category::ALL.into_iter().filter(move |c| self.contains(*c))
    }

    /// Parses a list such as `"analytics marketing"` or `"analytics,marketing"`.
    pub fn parse_list(s: &str) -> Result<CategorySet, CategoryError> {
        let mut set = CategorySet::EMPTY;
        for word in s.split(|c: char| c == ',' || c.is_ascii_whitespace()) {
            if word.is_empty() {
                continue;
            }
            match Category::parse(word) {
                Some(c) => set = set.with(c),
                None => return Err(CategoryError::Unknown(word.chars().take(40).collect())),
            }
        }
        if set.is_empty() {
            Err(CategoryError::Empty)
        } else {
            Ok(set)
        }
    }

    /// The names joined by single spaces, e.g. `"analytics marketing"`: the
    /// form written into `data-category`.
    pub fn to_list(self) -> String {
        let mut out = String::new();
        for c in self.iter() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(c.name());
        }
        out
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn parse_lists() {
        let s = CategorySet::parse_list("analytics marketing").unwrap();
        assert!(s.contains(Category::Analytics) && s.contains(Category::Marketing));
        assert!(!s.contains(Category::Functional));
        assert_eq!(CategorySet::parse_list(" Analytics,MARKETING ").unwrap(), s);
        assert_eq!(s.to_list(), "analytics marketing");
        assert_eq!(CategorySet::parse_list("  "), Err(CategoryError::Empty));
        assert!(matches!(
            CategorySet::parse_list("analytics bogus"),
            Err(CategoryError::Unknown(w)) if w == "bogus"
        ));
    }

    #[test]
    fn covers_needs_every_category() {
        let need = CategorySet::of(Category::Analytics).with(Category::Marketing);
        let granted = CategorySet::NECESSARY.with(Category::Analytics);
        assert!(!granted.covers(need));
        assert!(granted.with(Category::Marketing).covers(need));
        assert!(granted.covers(CategorySet::EMPTY));
    }

    #[test]
    fn codes_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::from_code(c.code()), Some(c));
            assert_eq!(Category::parse(c.name()), Some(c));
        }
    }
}
