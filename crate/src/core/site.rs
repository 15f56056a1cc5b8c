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

/// The vendor table with the site's additions, overrides and exemptions,
/// and the problems found applying them. A site-added vendor that conflicts
/// with another is reported and left out; the rest still apply. An override
/// or exemption naming no vendor is reported and ignored.
pub fn classifier(cfg: &Config) -> (Classifier, Vec<Issue>) {
    let mut issues = Vec::new();
    let mut accepted = Vec::new();
    let mut classifier = Classifier::builtin();
    for v in &cfg.custom_vendors {
        let mut trial = accepted.clone();
        trial.push(v.clone());
        match Classifier::builtin().with_custom(trial) {
            Ok(c) => {
                accepted.push(v.clone());
                classifier = c;
            }
            Err(e) => {
                let mut problem = String::from("vendor \"");
                problem.push_str(&v.def.id);
                problem.push_str(match e {
                    ClassifierError::DuplicateHost(_) => "\" claims a host another added vendor already claims; it is left out",
                    ClassifierError::TooLarge => "\" does not fit: too many vendors or rules; it is left out",
                });
                issues.push(Issue { field: "vendors.add".to_string(), problem });
            }
        }
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
    (classifier, issues)
}

fn unknown_vendor(field: &str, id: &str) -> Issue {
    let mut problem = String::from("no vendor \"");
    problem.push_str(id);
    problem.push_str("\" (see Consentry.vendors() or `consentry vendors` for the ids); ignored");
    Issue { field: field.to_string(), problem }
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
        let (cfg, issues) = config::parse(
            r#"{"vendors":{"add":[{"id":"acme","categories":["marketing"],"hosts":["px.acme.example"]}],
                "categories":{"google-analytics":["functional"]},"exempt":["microsoft-uet"]}}"#,
        );
        assert!(issues.is_empty(), "{issues:?}");
        let (c, issues) = classifier(&cfg);
        assert!(issues.is_empty(), "{issues:?}");
        let m = c.classify("https://px.acme.example/p.gif", B).vendor().expect("site-added vendor");
        assert_eq!(m.vendor.id, "acme");
        let m = c.classify("https://www.google-analytics.com/g/collect", B).vendor().expect("ga");
        assert_eq!(m.categories, CategorySet::of(Category::Functional));
        let m = c.classify("https://bat.bing.com/bat.js", B).vendor().expect("uet");
        assert_eq!(m.categories, CategorySet::NECESSARY);
    }

    #[test]
    fn reports_conflicts_and_unknown_ids_and_keeps_the_rest() {
        let (cfg, _) = config::parse(
            r#"{"vendors":{"add":[{"id":"one","categories":["marketing"],"hosts":["px.same.example"]},
                                  {"id":"two","categories":["analytics"],"hosts":["px.same.example"]}],
                "categories":{"no-such-vendor":["functional"]},"exempt":["nope","microsoft-uet"]}}"#,
        );
        let (c, issues) = classifier(&cfg);
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["vendors.add", "vendors.categories", "vendors.exempt"]);
        assert!(issues.iter().all(|i| i.message().starts_with("Consentry config: vendors.")));
        assert!(issues[0].problem.contains("\"two\""));
        assert_eq!(c.classify("https://px.same.example/x", B).vendor().map(|m| m.vendor.id), Some("one"));
        assert!(c.find("microsoft-uet").map(|(i, _)| c.is_exempt(i)).unwrap_or(false));
    }
}
