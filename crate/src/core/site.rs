//! The site's vendor table: the built-in table with what the site's
//! configuration adds, overrides and exempts.
//!
//! One implementation for every place a configuration is applied: the
//! browser layer (from `window.ConsentryConfig`), the `consentry` CLI and the
//! Node rewriter (from `--config site-config.json`), so a page rewritten at
//! build time and the blocker in the browser hold exactly the same things.

#[allow(unused_imports)]
use crate::prelude::*;

use super::classify::{Classifier, ClassifierError};
use super::config::{Config, Issue};

/// The vendor table with the site's additions, overrides and exemptions
/// (Google's tags too, in advanced Consent Mode), and the problems found
/// applying them. A site-added vendor that conflicts
/// with another is reported and left out; the rest still apply. An override
/// or exemption naming no vendor is reported and ignored. The added vendors
/// move from the configuration into the classifier (a site may add
/// thousands: they are not copied).
pub fn classifier(cfg: &mut Config) -> (Classifier, Vec<Issue>) {
    let mut issues = Vec::new();
    let (mut classifier, rejected) = Classifier::builtin().with_custom(::core::mem::take(&mut cfg.custom_vendors));
    for (id, e) in rejected {
        let mut problem = String::from("vendor \"");
        problem.push_str(&id);
        problem.push_str(match e {
            ClassifierError::DuplicateHost(_) => "\" claims a host another added vendor already claims; it is left out",
            ClassifierError::TooLarge => "\" does not fit: too many vendors or path rules (at most 15 on one host); it is left out",
        });
        issues.push(Issue { field: "vendors.add".to_string(), problem, interface: false });
    }
    for (id, cats) in &cfg.category_overrides {
        match classifier.find(id).map(|(i, _)| i) {
            Some(i) => classifier.override_categories(i, *cats),
            None => issues.push(unknown_vendor("vendors.categories", id)),
        }
    }
    for id in &cfg.exempt {
        match classifier.find(id).map(|(i, _)| i) {
            Some(i) => classifier.exempt(i),
            None => issues.push(unknown_vendor("vendors.exempt", id)),
        }
    }
    if cfg.consent_mode.enabled && cfg.consent_mode.advanced {
        // Advanced Consent Mode: Google's tags load while denied and send
        // cookieless pings; the site chose to rely on the signals for them.
        for id in super::consentmode::GOOGLE_TAGS {
            if let Some((i, _)) = classifier.find(id) {
                classifier.exempt(i);
            }
        }
    }
    (classifier, issues)
}

fn unknown_vendor(field: &str, id: &str) -> Issue {
    let mut problem = String::from("no vendor \"");
    problem.push_str(id);
    problem.push_str("\" (see Consentry.vendors() or `consentry vendors` for the ids); ignored");
    Issue { field: field.to_string(), problem, interface: false }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::category::{Category, CategorySet};
    use crate::core::config;
    use crate::core::url::Base;

    const B: Base<'static> = Base::https("www.shop.example");

    #[test]
    fn applies_additions_overrides_and_exemptions() {
        let (mut cfg, issues) = config::parse(
            r#"{"vendors":{"add":[{"id":"acme","categories":["marketing"],"hosts":["px.acme.example"]}],
                "categories":{"google-analytics":["functional"]},"exempt":["microsoft-uet"]}}"#,
        );
        assert!(issues.is_empty(), "{issues:?}");
        let (c, issues) = classifier(&mut cfg);
        assert!(issues.is_empty(), "{issues:?}");
        let m = c.classify("https://px.acme.example/p.gif", B).vendor().expect("site-added vendor");
        assert_eq!(m.vendor.id, "acme");
        let m = c.classify("https://www.google-analytics.com/g/collect", B).vendor().expect("ga");
        assert_eq!(m.categories, CategorySet::of(Category::Functional));
        let m = c.classify("https://bat.bing.com/bat.js", B).vendor().expect("uet");
        assert_eq!(m.categories, CategorySet::NECESSARY);
    }

    #[test]
    fn advanced_consent_mode_exempts_googles_tags_and_nothing_else() {
        let (mut cfg, issues) = config::parse(r#"{"consentMode":{"mode":"advanced"}}"#);
        assert!(issues.is_empty(), "{issues:?}");
        let (c, _) = classifier(&mut cfg);
        let needs = |u: &str| c.classify(u, B).vendor().map(|m| m.categories);
        assert_eq!(needs("https://www.googletagmanager.com/gtag/js?id=G-1"), Some(CategorySet::NECESSARY));
        assert!(needs("https://bat.bing.com/bat.js").is_some_and(|c| c.contains(Category::Marketing)));
        let (mut basic, _) = config::parse("{}");
        let (c, _) = classifier(&mut basic);
        assert_ne!(
            c.classify("https://www.googletagmanager.com/gtag/js?id=G-1", B).vendor().map(|m| m.categories),
            Some(CategorySet::NECESSARY)
        );
    }

    #[test]
    fn reports_conflicts_and_unknown_ids_and_keeps_the_rest() {
        let (mut cfg, _) = config::parse(
            r#"{"vendors":{"add":[{"id":"one","categories":["marketing"],"hosts":["px.same.example"]},
                                  {"id":"two","categories":["analytics"],"hosts":["px.same.example"]}],
                "categories":{"no-such-vendor":["functional"]},"exempt":["nope","microsoft-uet"]}}"#,
        );
        let (c, issues) = classifier(&mut cfg);
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["vendors.add", "vendors.categories", "vendors.exempt"]);
        assert!(issues.iter().all(|i| i.message().starts_with("Consentry config: vendors.")));
        assert!(issues[0].problem.contains("\"two\""));
        assert_eq!(c.classify("https://px.same.example/x", B).vendor().map(|m| m.vendor.id), Some("one"));
        assert!(c.find("microsoft-uet").map(|(i, _)| c.is_exempt(i)).unwrap_or(false));
    }

    #[test]
    fn thousands_of_added_vendors_apply_with_conflicts_reported() {
        let mut add = Vec::new();
        for i in 0..2000 {
            add.push(format!(
                r#"{{"id":"v{i}","categories":["marketing"],"hosts":["px.v{i}.example","cdn.v{i}.example"],"paths":[{{"host":"shared{}.example","prefix":"/v{i}/"}}]}}"#,
                i % 200
            ));
        }
        // Conflicts: a host of v0 claimed again, and a 16th rule on one host.
        add.push(r#"{"id":"late","categories":["analytics"],"hosts":["px.v0.example"]}"#.to_string());
        for i in 0..6 {
            add.push(format!(
                r#"{{"id":"crowd{i}","categories":["analytics"],"paths":[{{"host":"shared0.example","prefix":"/crowd{i}/"}}]}}"#
            ));
        }
        let (mut cfg, issues) = config::parse(&format!(r#"{{"vendors":{{"add":[{}],"exempt":["v1999"]}}}}"#, add.join(",")));
        assert!(issues.is_empty(), "{issues:?}");
        let (c, issues) = classifier(&mut cfg);
        let left_out: Vec<&str> = issues.iter().map(|i| i.problem.as_str()).collect();
        assert_eq!(left_out.len(), 2, "{left_out:?}");
        assert!(left_out[0].starts_with("vendor \"late\" claims a host"));
        assert!(left_out[1].starts_with("vendor \"crowd5\" does not fit"));
        let id = |u: &str| c.classify(u, B).vendor().map(|m| m.vendor.id.to_string());
        assert_eq!(id("https://px.v0.example/p.gif").as_deref(), Some("v0"));
        assert_eq!(id("https://cdn.v1234.example/x.js").as_deref(), Some("v1234"));
        assert_eq!(id("https://shared34.example/v1834/t.js").as_deref(), Some("v1834"));
        assert_eq!(id("https://shared0.example/crowd4/t.js").as_deref(), Some("crowd4"));
        assert_eq!(id("https://shared0.example/crowd5/t.js"), None);
        let m = c.classify("https://px.v1999.example/", B).vendor().expect("v1999");
        assert_eq!(m.categories, CategorySet::NECESSARY, "exempted by id among 2,000");
    }
}
