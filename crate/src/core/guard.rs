//! The service-worker guard's decisions: which requests of the pages a
//! worker controls belong to a held vendor, and whether the visitor's
//! consent lets them through at the moment they are made.
//!
//! A service worker on the site's origin sees the requests its pages make
//! that no DOM hook sees: the preload scanner's, `import()`, CSS `url()`,
//! workers' `importScripts` and `fetch`. The worker's module (`guard/`)
//! wraps a [`Guard`]; the worker file (`crate/js/sw.js`) answers a request
//! with a network error when [`Guard::check`] names a vendor and
//! [`Guard::allows`] says no, and leaves every other request alone.
//!
//! A worker cannot read the page's cookie synchronously, so it learns the
//! consent state from the pages (stage 1 posts a [`Report`] at start and at
//! every decision) and keeps the newest. Classification is the blocker's
//! own: the site's configuration is applied by [`super::site::classifier`],
//! as in the page and in the rewriter.

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::CategorySet;
use super::classify::{Classifier, VendorId, Verdict};
use super::config::{self, Issue};
use super::consent::Consent;
use super::json::{self, Value};
use super::url::Base;

/// What a page told the worker about the visitor's consent.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The consent the page applies (a stored decision, with the visitor's
    /// decisions on single vendors, or what applies before one).
    pub consent: Consent,
    /// What applies without a decision on this site (opt-in: `necessary`;
    /// opt-out: everything, less marketing under GPC): once the stored
    /// decision expires.
    pub presumed: CategorySet,
    /// When this state came to be, in milliseconds since the epoch: the
    /// decision's time, or, without one, when the page started. The newest
    /// report wins.
    pub at: f64,
    /// When the stored decision expires (milliseconds since the epoch; 0
    /// without one).
    pub expires: f64,
}

impl Report {
    /// Before any page has reported: nothing but `necessary`, so every
    /// vendor is held until a page says otherwise.
    pub const NONE: Report =
        Report { consent: Consent::undecided(), presumed: CategorySet::NECESSARY, at: f64::NEG_INFINITY, expires: 0.0 };

    /// Whether the stored decision has expired at `now` (milliseconds
    /// since the epoch): then what applies without one ([`Report::presumed`]).
    pub fn expired_at(&self, now: f64) -> bool {
        self.consent.decided && self.expires > 0.0 && now >= self.expires
    }
}

/// The guard of one service worker: the site's vendor table and the newest
/// consent state a page reported.
#[derive(Debug)]
pub struct Guard {
    classifier: Classifier,
    report: Report,
    off: bool,
}

impl Default for Guard {
    fn default() -> Self {
        Guard::new()
    }
}

impl Guard {
    /// A guard over the built-in vendor table that holds every vendor until
    /// a page reports the visitor's consent.
    pub fn new() -> Guard {
        Guard { classifier: Classifier::builtin(), report: Report::NONE, off: false }
    }

    /// Applies the site's configuration as the page received it: `config`
    /// is `window.ConsentryConfig` as JSON, `attrs` the script tag's `data-`
    /// attributes as a JSON array of `[name, value]` pairs. Returns the
    /// problems found (the page has reported them already).
    pub fn configure(&mut self, config: &str, attrs: &str) -> Vec<Issue> {
        let (mut cfg, mut issues) = config::parse(config);
        issues.extend(config::apply_attributes(&mut cfg, &pairs(attrs)));
        let (classifier, more) = super::site::classifier(&mut cfg);
        issues.extend(more);
        // A table that could not be read classifies nothing: keep the
        // built-in one (which a test proves whole) rather than guard nothing.
        if classifier.is_complete() {
            self.classifier = classifier;
        }
        issues
    }

    /// Takes a page's report unless a newer one is known (ties go to the
    /// later message). Returns whether it was taken.
    pub fn report(&mut self, r: Report) -> bool {
        if r.at.is_nan() || r.at < self.report.at {
            return false;
        }
        self.report = r;
        true
    }

    /// The newest report.
    pub fn current(&self) -> &Report {
        &self.report
    }

    /// Turns the guard off (the site's kill switch) or on again.
    pub fn set_off(&mut self, off: bool) {
        self.off = off;
    }

    /// Whether the guard is off.
    pub fn is_off(&self) -> bool {
        self.off
    }

    /// The vendor a request's URL (absolute, as the browser gives it) goes
    /// to, if that vendor needs more than `necessary` on this site: only
    /// such requests can ever be held. `None` for everything else, and
    /// always while the guard is off.
    pub fn check(&self, url: &str) -> Option<VendorId> {
        if self.off {
            return None;
        }
        // The browser's URLs are absolute and canonical: the base is never used.
        match self.classifier.classify(url, Base::https("")) {
            Verdict::Vendor(m) if !CategorySet::NECESSARY.covers(m.categories) => Some(m.id),
            _ => None,
        }
    }

    /// Whether a request to `vendor` may go out at `now` (milliseconds
    /// since the epoch) under the newest report.
    pub fn allows(&self, vendor: VendorId, now: f64) -> bool {
        if self.off {
            return true;
        }
        if self.classifier.vendor(vendor).is_none() {
            return false;
        }
        let need = self.classifier.categories_of(vendor);
        if self.report.expired_at(now) {
            return Consent::presumed(self.report.presumed).allows(need);
        }
        // The page's rule: a decision on the vendor itself, else its categories.
        self.classifier.permits(&self.report.consent, Some(vendor), need)
    }
}

impl Guard {
    /// Whether a request of a page to `vendor` may go out at `now`: as
    /// [`Guard::allows`], or because the page permits the vendor for its
    /// own page view (`page_view`: vendor keys allowed, as a placeholder's
    /// "load once" of a widget left them; told with each answer, never kept).
    pub fn allows_on_page(&self, vendor: VendorId, now: f64, page_view: &[(u32, bool)]) -> bool {
        if self.allows(vendor, now) {
            return true;
        }
        let Some(v) = self.classifier.vendor(vendor) else { return false };
        let key = super::consent::vendor_key(v.id);
        page_view.iter().any(|(k, allowed)| *allowed && *k == key)
    }
}

/// `[["name", "value"], ...]` as pairs; anything else is no pairs.
fn pairs(attrs: &str) -> Vec<(String, String)> {
    let Ok(Value::Arr(items)) = json::parse(attrs.trim()) else { return Vec::new() };
    items
        .iter()
        .filter_map(|p| match p.as_array() {
            Some([k, v]) => Some((k.as_str()?.to_string(), v.as_str()?.to_string())),
            _ => None,
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::category::Category;
    use crate::core::consent::vendor_key;

    const GA: &str = "https://www.google-analytics.com/g/collect?v=2";
    const CLEVERTAP: &str = "https://d2r1yp2w7bby2u.cloudfront.net/js/clevertap.min.js";

    fn report(granted: CategorySet, at: f64) -> Report {
        Report { consent: Consent::decided(granted), presumed: CategorySet::NECESSARY, at, expires: 0.0 }
    }

    #[test]
    fn holds_every_vendor_until_a_page_reports() {
        let g = Guard::new();
        let v = g.check(GA).expect("a vendor");
        assert!(!g.allows(v, 0.0));
        assert_eq!(g.check("https://www.shop.example/app.js"), None);
        assert_eq!(g.check("https://cdn.unknown.example/lib.js"), None);
    }

    #[test]
    fn follows_the_newest_report() {
        let mut g = Guard::new();
        let v = g.check(GA).expect("a vendor");
        assert!(g.report(report(CategorySet::of(Category::Analytics), 2000.0)));
        assert!(g.allows(v, 2001.0));
        // An older page's report (a tab opened before the decision) loses.
        assert!(!g.report(report(CategorySet::NECESSARY, 1000.0)));
        assert!(g.allows(v, 2001.0));
        // A withdrawal, later, wins; so does a report of the same moment.
        assert!(g.report(report(CategorySet::NECESSARY, 3000.0)));
        assert!(!g.allows(v, 3001.0));
        assert!(g.report(report(CategorySet::ALL, 3000.0)));
        assert!(g.allows(v, 3001.0));
        assert!(!g.report(Report { at: f64::NAN, ..report(CategorySet::NECESSARY, 0.0) }));
    }

    #[test]
    fn a_decision_on_the_vendor_itself_counts() {
        let mut g = Guard::new();
        let v = g.check(GA).expect("a vendor");
        let mine = |c: Consent, at| Report { consent: c, presumed: CategorySet::NECESSARY, at, expires: 0.0 };
        g.report(mine(Consent::undecided().with_vendor(vendor_key("google-analytics"), true), 1.0));
        assert!(g.allows(v, 2.0), "allowed alone");
        g.report(mine(Consent::all().with_vendor(vendor_key("google-analytics"), false), 3.0));
        assert!(!g.allows(v, 4.0), "refused alone, whatever its categories");
    }

    #[test]
    fn a_page_view_allowance_counts_for_that_page_only() {
        let mut g = Guard::new();
        let v = g.check(GA).expect("a vendor");
        g.report(report(CategorySet::NECESSARY, 1.0));
        let once = [(vendor_key("google-analytics"), true)];
        assert!(g.allows_on_page(v, 2.0, &once), "the page loaded it once");
        assert!(!g.allows(v, 2.0), "nothing kept for other pages");
        assert!(!g.allows_on_page(v, 2.0, &[]), "a page without it");
        assert!(!g.allows_on_page(v, 2.0, &[(vendor_key("google-analytics"), false)]));
        assert!(!g.allows_on_page(v, 2.0, &[(vendor_key("hotjar"), true)]), "another vendor's");
    }

    #[test]
    fn every_category_of_the_vendor_is_needed() {
        let mut g = Guard::new();
        let v = g.check(CLEVERTAP).expect("clevertap");
        g.report(report(CategorySet::of(Category::Analytics), 1.0));
        assert!(!g.allows(v, 2.0), "clevertap also needs marketing");
        g.report(report(CategorySet::of(Category::Analytics).with(Category::Marketing), 3.0));
        assert!(g.allows(v, 4.0));
    }

    #[test]
    fn an_expired_decision_falls_back_to_what_applies_without_one() {
        let mut g = Guard::new();
        let v = g.check(GA).expect("a vendor");
        g.report(Report { expires: 10_000.0, ..report(CategorySet::ALL, 1.0) });
        assert!(g.allows(v, 9_999.0));
        assert!(!g.allows(v, 10_000.0));
        // Opt-out mode presumes consent.
        g.report(Report { presumed: CategorySet::ALL, expires: 10_000.0, ..report(CategorySet::ALL, 2.0) });
        assert!(g.allows(v, 20_000.0));
    }

    #[test]
    fn applies_the_sites_configuration_as_the_page_does() {
        let mut g = Guard::new();
        let issues = g.configure(
            r#"{"vendors":{"add":[{"id":"acme","categories":["marketing"],"hosts":["px.acme.example"]}],"exempt":["google-analytics"]}}"#,
            r#"[["exempt","microsoft-uet"],["unknown-attribute",1]]"#,
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert!(g.check("https://px.acme.example/p.gif").is_some(), "an added vendor");
        assert_eq!(g.check(GA), None, "exempted in the configuration");
        assert_eq!(g.check("https://bat.bing.com/bat.js"), None, "exempted by the script tag's data-exempt");
        // Advanced Consent Mode lets Google's tags through, as in the page.
        g.configure(r#"{"consentMode":{"mode":"advanced"}}"#, "[]");
        assert_eq!(g.check("https://www.googletagmanager.com/gtag/js?id=G-1"), None);
        assert!(g.check("https://bat.bing.com/bat.js").is_some());
        // A configuration that is not JSON still guards with the built-in table.
        let issues = g.configure("{", "nonsense");
        assert!(!issues.is_empty());
        assert!(g.check(GA).is_some());
    }

    #[test]
    fn off_lets_everything_through() {
        let mut g = Guard::new();
        let v = g.check(GA).expect("a vendor");
        g.set_off(true);
        assert!(g.is_off());
        assert_eq!(g.check(GA), None);
        assert!(g.allows(v, 0.0));
        g.set_off(false);
        assert!(g.check(GA).is_some());
    }
}
