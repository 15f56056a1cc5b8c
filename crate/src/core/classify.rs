//! URL → vendor: the built-in table, plus what the site's configuration adds,
//! overrides or exempts.

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::CategorySet;
use super::consent::{vendor_key, Consent};
use super::hostindex::{Hit, HostIndex, HostSpec, NameMap, OwnedIndex, NO_VENDOR};
use super::table::VendorDef;
use super::url::{self, Base, Parsed, Parts};
use super::vendors;
use alloc::borrow::Cow;

/// Identifies a vendor: an index into the built-in table, then the
/// site-added vendors.
pub type VendorId = u16;

/// The few fields of a vendor that classification needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VendorView<'a> {
    /// Stable id (`clevertap`).
    pub id: &'a str,
    /// The categories the table gives it (see [`Classifier::categories_of`]
    /// for what applies on this site).
    pub categories: CategorySet,
}

/// What a URL belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'a> {
    /// The vendor.
    pub id: VendorId,
    /// Its id and table categories.
    pub vendor: VendorView<'a>,
    /// The categories it needs on this site (after overrides; only
    /// `necessary` for exempted vendors).
    pub categories: CategorySet,
}

/// The outcome of classifying a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict<'a> {
    /// Not a known vendor (first party, unknown third party, `data:`...).
    Unknown,
    /// A known vendor.
    Vendor(Match<'a>),
    /// The URL must be canonicalised by the platform first (see [`url`]).
    NeedsCanonical,
}

impl<'a> Verdict<'a> {
    /// The match, if any.
    pub fn vendor(self) -> Option<Match<'a>> {
        match self {
            Verdict::Vendor(m) => Some(m),
            _ => None,
        }
    }
}

/// A vendor added by the site, with the hosts and path rules that identify it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomVendor {
    /// The record.
    pub def: VendorDef,
    /// Whole hosts (suffix match).
    pub hosts: Vec<String>,
    /// `(host, path prefix, query parameter prefix)`.
    pub paths: Vec<(String, String, String)>,
}

/// Classifies URLs against the built-in table and the site's changes to it.
#[derive(Clone, Debug, Default)]
pub struct Classifier {
    /// The built-in table's host index.
    builtin: OwnedIndex,
    /// Whether the built-in index was built whole (see [`vendors::index`]).
    complete: bool,
    custom: Vec<VendorDef>,
    /// Id -> position in `custom`.
    custom_ids: NameMap,
    custom_index: OwnedIndex,
    /// `(vendor, categories)` replacing the table's categories.
    overrides: Vec<(VendorId, CategorySet)>,
    /// Vendors the site exempts from holding.
    exempt: Vec<VendorId>,
    /// Vendors the visitor loaded once, for this page view only (a widget
    /// placeholder's "Load this once"): permitted whatever the consent,
    /// never stored, and given up at a withdrawal.
    page_view: Vec<VendorId>,
}

/// Why a site-added vendor could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClassifierError {
    /// Two site-added vendors claim the same host.
    DuplicateHost(String),
    /// More vendors or rules than the index can hold.
    TooLarge,
}

impl Classifier {
    /// A classifier over the built-in table only.
    pub fn builtin() -> Classifier {
        match vendors::index() {
            Some(builtin) => Classifier { builtin, complete: true, ..Classifier::default() },
            None => Classifier::default(),
        }
    }

    /// Whether the built-in table is there whole. It always is (a test
    /// decodes it); if it were not, the blocker would fail closed.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// Adds the site's own vendors, in order. They take precedence over the
    /// built-in table for the hosts they name. A vendor that claims a whole
    /// host an earlier one claimed, or that does not fit (more than 15 path
    /// rules on one host, 4,095 rules or 32,767 hosts in all), is left out
    /// and returned with the reason; the others apply. One pass, linear in
    /// the size of the configuration.
    pub fn with_custom(mut self, custom: Vec<CustomVendor>) -> (Classifier, Vec<(String, ClassifierError)>) {
        let base = vendors::VENDOR_COUNT;
        let mut rejected: Vec<(String, ClassifierError)> = Vec::new();
        let mut specs: Vec<HostSpec> = Vec::new();
        // Host -> its spec in `specs`.
        let mut at = NameMap::default();
        let mut rules = 0usize;
        let mut accepted: Vec<VendorDef> = Vec::new();
        for c in custom {
            let Some(id) = u16::try_from(base + accepted.len()).ok().filter(|id| *id != NO_VENDOR) else {
                rejected.push((c.def.id.to_string(), ClassifierError::TooLarge));
                continue;
            };
            if let Some(e) = Self::conflict(&c, &specs, &at, rules) {
                rejected.push((c.def.id.to_string(), e));
                continue;
            }
            for h in &c.hosts {
                match at.get(h).and_then(|i| specs.get_mut(i as usize)) {
                    Some(s) => s.vendor = id,
                    None => {
                        at.insert(h, u32::try_from(specs.len()).unwrap_or(u32::MAX));
                        specs.push(HostSpec { host: h.clone(), vendor: id, rules: Vec::new() });
                    }
                }
            }
            for (h, prefix, query) in &c.paths {
                let rule = (prefix.clone(), query.clone(), id);
                rules += 1;
                match at.get(h).and_then(|i| specs.get_mut(i as usize)) {
                    Some(s) => s.rules.push(rule),
                    None => {
                        at.insert(h, u32::try_from(specs.len()).unwrap_or(u32::MAX));
                        specs.push(HostSpec { host: h.clone(), vendor: NO_VENDOR, rules: vec![rule] });
                    }
                }
            }
            accepted.push(c.def);
        }
        for s in &mut specs {
            super::text::sort_by_key(&mut s.rules, |r| (r.1.is_empty(), ::core::cmp::Reverse(r.0.len())));
        }
        match OwnedIndex::build_with(&specs, false) {
            Ok(index) => {
                self.custom_index = index;
                self.custom = accepted;
                self.custom_ids = NameMap::default();
                for (i, d) in self.custom.iter().enumerate() {
                    self.custom_ids.insert(&d.id, u32::try_from(i).unwrap_or(u32::MAX));
                }
            }
            // Cannot happen after the checks above; then no site vendor applies.
            Err(_) => rejected.extend(accepted.iter().map(|d| (d.id.to_string(), ClassifierError::TooLarge))),
        }
        (self, rejected)
    }

    /// Why vendor `c` cannot join those already in `specs`, if it cannot.
    fn conflict(c: &CustomVendor, specs: &[HostSpec], at: &NameMap, rules: usize) -> Option<ClassifierError> {
        let spec = |h: &str| at.get(h).and_then(|i| specs.get(i as usize));
        for (i, h) in c.hosts.iter().enumerate() {
            let earlier = spec(h).is_some_and(|s| s.vendor != NO_VENDOR);
            if earlier || c.hosts.get(..i).is_some_and(|before| before.contains(h)) {
                return Some(ClassifierError::DuplicateHost(h.clone()));
            }
        }
        if rules + c.paths.len() > 0xfff || specs.len() + c.hosts.len() + c.paths.len() > 0x7fff {
            return Some(ClassifierError::TooLarge);
        }
        for (h, _, _) in &c.paths {
            let here = c.paths.iter().filter(|(x, _, _)| x == h).count();
            if spec(h).map_or(0, |s| s.rules.len()) + here > 15 {
                return Some(ClassifierError::TooLarge);
            }
        }
        None
    }

    /// Replaces the categories a vendor needs on this site.
    pub fn override_categories(&mut self, id: VendorId, cats: CategorySet) {
        self.overrides.retain(|(v, _)| *v != id);
        self.overrides.push((id, cats));
    }

    /// Exempts a vendor from holding (it then needs only `necessary`).
    pub fn exempt(&mut self, id: VendorId) {
        if !self.exempt.contains(&id) {
            self.exempt.push(id);
        }
    }

    /// Whether a vendor is exempted.
    pub fn is_exempt(&self, id: VendorId) -> bool {
        self.exempt.contains(&id)
    }

    /// A vendor's id and table categories.
    pub fn vendor(&self, id: VendorId) -> Option<VendorView<'_>> {
        let i = id as usize;
        if i < vendors::VENDOR_COUNT {
            let h = vendors::header(i)?;
            return Some(VendorView { id: h.id, categories: h.categories });
        }
        let c = self.custom.get(i - vendors::VENDOR_COUNT)?;
        Some(VendorView { id: &c.id, categories: c.categories })
    }

    /// A vendor's whole record (the details are decoded for built-ins; see
    /// [`super::details`]).
    pub fn vendor_def(&self, id: VendorId) -> Option<Cow<'_, VendorDef>> {
        let i = id as usize;
        if i < vendors::VENDOR_COUNT {
            return super::details::def(i).map(Cow::Owned);
        }
        self.custom.get(i - vendors::VENDOR_COUNT).map(Cow::Borrowed)
    }

    /// Whether a vendor's script turns markup into widgets (the built-in
    /// table's list, or a site-added vendor's `widgets`).
    pub fn draws_widgets(&self, id: VendorId) -> bool {
        let i = id as usize;
        if i < vendors::VENDOR_COUNT {
            return vendors::draws_widgets(id);
        }
        self.custom.get(i - vendors::VENDOR_COUNT).is_some_and(|d| !d.widgets.is_empty())
    }

    /// Whether a vendor was added by the site's configuration.
    pub fn is_custom(&self, id: VendorId) -> bool {
        usize::from(id) >= vendors::VENDOR_COUNT
    }

    /// Finds a vendor by id, site-added ones first.
    pub fn find(&self, name: &str) -> Option<(VendorId, VendorView<'_>)> {
        if let Some(i) = self.custom_ids.get(name) {
            let id = u16::try_from(vendors::VENDOR_COUNT + i as usize).ok()?;
            return Some((id, self.vendor(id)?));
        }
        let (id, h) = vendors::by_id(name)?;
        Some((id, VendorView { id: h.id, categories: h.categories }))
    }

    /// Every vendor id, built-in then site-added.
    pub fn ids(&self) -> impl Iterator<Item = VendorId> {
        (0..vendors::VENDOR_COUNT + self.custom.len()).filter_map(|i| u16::try_from(i).ok())
    }

    /// Whether something needing `need` may run under `consent`: of
    /// `vendor`, by the visitor's decision on that vendor if there is one,
    /// else by its categories. The one rule every hold decision applies.
    pub fn permits(&self, consent: &Consent, vendor: Option<VendorId>, need: CategorySet) -> bool {
        if vendor.is_some_and(|v| self.page_view.contains(&v)) {
            return true;
        }
        match vendor.and_then(|v| self.vendor(v)) {
            Some(v) if !consent.vendor_choices().is_empty() => consent.allows_vendor(vendor_key(v.id), need),
            _ => consent.allows(need),
        }
    }

    /// Permits a vendor for the rest of this page view, whatever the
    /// consent (see [`Classifier::permits`]); nothing is stored.
    pub fn allow_for_page_view(&mut self, id: VendorId) {
        if !self.page_view.contains(&id) {
            self.page_view.push(id);
        }
    }

    /// The vendors permitted for this page view (see
    /// [`Classifier::allow_for_page_view`]).
    pub fn page_view(&self) -> &[VendorId] {
        &self.page_view
    }

    /// A change of consent from `before` to `next`: a withdrawal of any
    /// category, or a decision that grants nothing beyond `necessary`
    /// (Reject all), ends every page-view allowance; a refusal of a vendor
    /// ends its own.
    pub fn end_page_view(&mut self, before: &Consent, next: &Consent) {
        if !before.withdrawn_in(next).is_empty() || CategorySet::NECESSARY.covers(next.granted()) {
            self.page_view.clear();
            return;
        }
        for id in ::core::mem::take(&mut self.page_view) {
            let refused = self.vendor(id).is_some_and(|v| next.vendor_choice(vendor_key(v.id)) == Some(false));
            if !refused {
                self.page_view.push(id);
            }
        }
    }

    /// The categories a vendor needs on this site.
    pub fn categories_of(&self, id: VendorId) -> CategorySet {
        if self.is_exempt(id) {
            return CategorySet::NECESSARY;
        }
        if let Some((_, c)) = self.overrides.iter().find(|(v, _)| *v == id) {
            return *c;
        }
        self.vendor(id).map(|v| v.categories).unwrap_or(CategorySet::EMPTY)
    }

    fn hit(&self, id: VendorId) -> Verdict<'_> {
        match self.vendor(id) {
            Some(vendor) => Verdict::Vendor(Match { id, vendor, categories: self.categories_of(id) }),
            None => Verdict::Unknown,
        }
    }

    /// Classifies the parts of a parsed URL.
    pub fn classify_parts(&self, p: &Parts<'_>) -> Verdict<'_> {
        for index in [self.custom_index.view(), self.builtin.view()] {
            match lookup(index, p) {
                Hit::Vendor(id) => return self.hit(id),
                Hit::Exempt => return Verdict::Unknown,
                Hit::None => {}
            }
        }
        Verdict::Unknown
    }

    /// Classifies a URL as written by the page, resolved against `base`.
    pub fn classify(&self, input: &str, base: Base<'_>) -> Verdict<'_> {
        match url::parse(input, base) {
            Parsed::Network(p) => self.classify_parts(&p),
            Parsed::NotNetwork => Verdict::Unknown,
            Parsed::NeedsCanonical => Verdict::NeedsCanonical,
        }
    }

    /// Classifies a URL, asking `canonical` (the platform's URL parser) for
    /// the rare URLs the core cannot read alone. `canonical` returns the
    /// absolute, canonical form, or `None` when the URL does not parse.
    pub fn classify_with(&self, input: &str, base: Base<'_>, canonical: &dyn Fn(&str) -> Option<String>) -> Option<Match<'_>> {
        self.classify_resolving(input, base, canonical, false)
    }

    /// Like [`Classifier::classify_with`]; with `live_base`, relative URLs
    /// are also resolved by `canonical`, against the document's base as it
    /// is now (a `<base>` element may have changed it since start-up).
    pub fn classify_resolving(
        &self,
        input: &str,
        base: Base<'_>,
        canonical: &dyn Fn(&str) -> Option<String>,
        live_base: bool,
    ) -> Option<Match<'_>> {
        let verdict = match url::parse(input, base) {
            Parsed::Network(p) if live_base && p.relative => Verdict::NeedsCanonical,
            Parsed::Network(p) => self.classify_parts(&p),
            Parsed::NotNetwork => Verdict::Unknown,
            Parsed::NeedsCanonical => Verdict::NeedsCanonical,
        };
        match verdict {
            Verdict::Vendor(m) => Some(m),
            Verdict::Unknown => None,
            Verdict::NeedsCanonical => {
                let c = canonical(input)?;
                match url::parse(&c, base) {
                    Parsed::Network(p) => self.classify_parts(&p).vendor(),
                    _ => None,
                }
            }
        }
    }
}

fn lookup(index: HostIndex<'_>, p: &Parts<'_>) -> Hit {
    if index.slots.is_empty() {
        return Hit::None;
    }
    index.lookup(&p.host, &p.path, &p.query)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::category::Category;
    use crate::core::table::VendorDef;
    use alloc::borrow::Cow;

    const B: Base<'static> = Base::https("www.shop.example");

    fn id_of(c: &Classifier, u: &str) -> Option<String> {
        c.classify(u, B).vendor().map(|m| m.vendor.id.to_string())
    }

    #[test]
    fn label_boundaries() {
        let c = Classifier::builtin();
        assert_eq!(id_of(&c, "https://eu1.clevertap-prod.com/a?t=96"), Some("clevertap".into()));
        assert_eq!(id_of(&c, "https://a.clevertap.com/x.js"), Some("clevertap".into()));
        assert_eq!(id_of(&c, "https://clevertap.com/"), Some("clevertap".into()));
        assert_eq!(id_of(&c, "https://notclevertap.com/x.js"), None);
        assert_eq!(id_of(&c, "https://clevertap.com.evil.example/x.js"), None);
        assert_eq!(id_of(&c, "https://evil.example/clevertap.com/x.js"), None);
        assert_eq!(id_of(&c, "https://CleverTap.COM./x.js"), Some("clevertap".into()));
        assert_eq!(id_of(&c, "https://u:p@d2r1yp2w7bby2u.cloudfront.net:443/js/clevertap.min.js"), Some("clevertap".into()));
        assert_eq!(id_of(&c, "https://d111111abcdef8.cloudfront.net/js/clevertap.min.js"), None);
        assert_eq!(id_of(&c, "//snap.licdn.com/li.lms-analytics/insight.min.js"), Some("linkedin-insight".into()));
        assert_eq!(id_of(&c, "/js/app.js"), None);
    }

    #[test]
    fn shared_hosts_split_by_path_and_query() {
        let c = Classifier::builtin();
        assert_eq!(id_of(&c, "https://www.googletagmanager.com/gtag/js?id=G-ABC123"), Some("google-analytics".into()));
        assert_eq!(id_of(&c, "https://www.googletagmanager.com/gtag/js?l=dataLayer&id=AW-123"), Some("google-ads".into()));
        assert_eq!(id_of(&c, "https://www.googletagmanager.com/gtm.js?id=GTM-XXXX"), Some("google-tag-manager".into()));
        assert_eq!(id_of(&c, "https://www.google.com/pagead/1p-conversion/123/"), Some("google-ads".into()));
        assert_eq!(id_of(&c, "https://www.google.com/search?q=x"), None);
        assert_eq!(id_of(&c, "https://www.facebook.com/tr?id=1&ev=PageView"), Some("meta-pixel".into()));
    }

    #[test]
    fn overrides_and_exemptions() {
        let mut c = Classifier::builtin();
        let (ga, _) = c.find("google-analytics").expect("ga");
        c.override_categories(ga, CategorySet::of(Category::Functional));
        let m = c.classify("https://www.google-analytics.com/g/collect", B).vendor().expect("match");
        assert_eq!(m.categories, CategorySet::of(Category::Functional));
        c.exempt(ga);
        let m = c.classify("https://www.google-analytics.com/g/collect", B).vendor().expect("match");
        assert_eq!(m.categories, CategorySet::NECESSARY);
    }

    #[test]
    fn site_added_vendors() {
        let def = VendorDef {
            id: Cow::Owned("acme-pixel".into()),
            name: Cow::Owned("Acme Pixel".into()),
            aka: Cow::Owned(vec![]),
            company: Cow::Owned("Acme".into()),
            categories: CategorySet::of(Category::Marketing),
            why: Cow::Borrowed("test"),
            policy: Cow::Borrowed("https://acme.example/privacy"),
            related: Cow::Owned(vec![]),
            widgets: Cow::Owned(vec![]),
            hosts: Cow::Owned(vec![]),
            cookies: Cow::Owned(vec![]),
            storage: Cow::Owned(vec![]),
        };
        let custom = CustomVendor {
            def,
            hosts: vec!["px.acme.example".into()],
            paths: vec![("cdn.shared.example".into(), "/acme/".into(), String::new())],
        };
        let (c, rejected) = Classifier::builtin().with_custom(vec![custom]);
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(id_of(&c, "https://px.acme.example/p.gif"), Some("acme-pixel".into()));
        assert_eq!(id_of(&c, "https://cdn.shared.example/acme/x.js"), Some("acme-pixel".into()));
        assert_eq!(id_of(&c, "https://cdn.shared.example/other/x.js"), None);
        assert_eq!(id_of(&c, "https://bat.bing.com/bat.js"), Some("microsoft-uet".into()));
        assert!(c.find("acme-pixel").is_some());
    }

    #[test]
    fn page_view_allowance_permits_one_vendor_until_a_withdrawal() {
        let mut c = Classifier::builtin();
        let (x, xv) = c.find("x-embeds").expect("x-embeds");
        let (tt, _) = c.find("tiktok-embed").expect("tiktok-embed");
        let need = xv.categories;
        let none = Consent::decided(CategorySet::NECESSARY);
        assert!(!c.permits(&none, Some(x), need));
        c.allow_for_page_view(x);
        c.allow_for_page_view(x);
        assert!(c.permits(&none, Some(x), need));
        assert!(!c.permits(&none, Some(tt), need), "only that vendor");
        assert!(!c.permits(&none, None, need), "not elements of no vendor");
        // A grant keeps it; a refusal of another vendor keeps it.
        let more = Consent::decided(CategorySet::of(Category::Analytics));
        c.end_page_view(&none, &more);
        let other = more.clone().with_vendor(vendor_key("tiktok-embed"), false);
        c.end_page_view(&more, &other);
        assert!(c.permits(&none, Some(x), need));
        // A refusal of the vendor ends it.
        let refused = other.clone().with_vendor(vendor_key("x-embeds"), false);
        c.end_page_view(&other, &refused);
        assert!(!c.permits(&none, Some(x), need));
        // A withdrawn category ends them all.
        c.allow_for_page_view(x);
        c.allow_for_page_view(tt);
        c.end_page_view(&more, &none);
        assert!(!c.permits(&none, Some(x), need) && !c.permits(&none, Some(tt), need));
        // So does Reject all before any decision (nothing was granted to withdraw).
        c.allow_for_page_view(x);
        c.end_page_view(&Consent::undecided(), &none);
        assert!(!c.permits(&none, Some(x), need));
    }

    proptest::proptest! {
        #[test]
        fn classification_never_panics(s in "\\PC{0,100}") {
            let c = Classifier::builtin();
            let _ = c.classify(&s, B);
        }

        /// A host that merely ends with a vendor's host text, without a dot
        /// before it, never matches.
        #[test]
        fn no_match_without_a_label_boundary(prefix in "[a-z0-9]{1,12}") {
            let c = Classifier::builtin();
            for host in ["clevertap.com", "clevertap-prod.com", "bat.bing.com", "clarity.ms", "snap.licdn.com"] {
                let u = format!("https://{prefix}{host}/x.js");
                proptest::prop_assert!(c.classify(&u, B).vendor().is_none(), "{}", u);
                let u = format!("https://{host}.{prefix}.example/x.js");
                proptest::prop_assert!(c.classify(&u, B).vendor().is_none(), "{}", u);
            }
        }
    }

    #[test]
    fn canonicalisation_is_asked_for_rare_urls() {
        let c = Classifier::builtin();
        let canon = |_: &str| Some("https://www.clarity.ms/tag/abc".to_string());
        let m = c.classify_with("https://ｗｗｗ.clarity.ms/tag/abc", B, &canon);
        assert_eq!(m.map(|m| m.vendor.id.to_string()), Some("microsoft-clarity".into()));
        let none = |_: &str| None;
        assert_eq!(c.classify_with("https://bücher.example/", B, &none), None);
    }
}
