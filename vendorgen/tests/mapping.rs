//! The category mapping, the reading of the cookie database and the join,
//! on small inputs made here.

use consentry_vendorgen::cookies::{cookie, retention, Dropped};
use consentry_vendorgen::generate::{generate, Skip};
use consentry_vendorgen::hand::HandTable;
use consentry_vendorgen::mapping::{rule, RULES, TRACKING};
use consentry_vendorgen::review::{Decision, PathRule, Review};
use consentry_vendorgen::sources::{CookieRow, Entity, ThirdPartyWeb};

fn cats(source: &str) -> Option<Vec<&'static str>> {
    rule(source).map(|r| r.categories.to_vec())
}

#[test]
fn each_kind_of_service_maps_to_its_categories() {
    // Ads, social widgets, marketing tools and video players need
    // marketing consent; measurement, analytics consent.
    assert_eq!(cats("ad"), Some(vec!["marketing"]));
    assert_eq!(cats("social"), Some(vec!["marketing"]));
    assert_eq!(cats("marketing"), Some(vec!["marketing"]));
    assert_eq!(cats("video"), Some(vec!["marketing"]));
    assert_eq!(cats("analytics"), Some(vec!["analytics"]));
    // Chat and support widgets, tag managers: functional.
    assert_eq!(cats("customer-success"), Some(vec!["functional"]));
    assert_eq!(cats("tag-manager"), Some(vec!["functional"]));
    // What a site needs is never held: consent providers, CDNs (fonts are
    // decided one by one in the review), hosting.
    assert_eq!(cats("consent-provider"), Some(vec!["necessary"]));
    assert_eq!(cats("cdn"), Some(vec!["necessary"]));
    assert_eq!(cats("hosting"), Some(vec!["necessary"]));
    // A mix of needed and not: a person decides.
    for unmapped in ["utility", "content", "other", "anything-new"] {
        assert_eq!(rule(unmapped), None, "{unmapped}");
    }
}

#[test]
fn every_tracking_category_is_held_and_every_rule_has_a_note() {
    for t in TRACKING {
        let r = rule(t).unwrap_or_else(|| panic!("{t} is mapped"));
        assert!(!r.categories.contains(&"necessary"), "{t} is held");
    }
    for r in RULES {
        assert!(r.why.len() > 40 && r.why.ends_with('.'), "{}: a note in our words", r.source);
    }
}

#[test]
fn retention_texts_are_read() {
    for (text, want) in [
        ("1 year", Some("1 year")),
        ("1 Year", Some("1 year")),
        ("13 months", Some("13 months")),
        ("Session", Some("session")),
        ("End of session (browser)", Some("session")),
        ("Seesion", Some("session")),
        ("forever", Some("persistent")),
        ("30 mins", Some("30 minutes")),
        ("90 sec", Some("90 seconds")),
        ("2 year", Some("2 years")),
        ("30 seconds till 1 year", Some("1 year")),
        ("180 days after last activity or 10 years when opting out", Some("10 years")),
        ("6 months by default, modifiable", Some("6 months")),
        ("Unknown", None),
        ("Varies", None),
        ("10 Nov 2030", None),
        ("0 days", None),
        ("", None),
    ] {
        assert_eq!(retention(text).as_deref(), want, "{text:?}");
    }
}

fn row(platform: &str, name: &str, domain: &str, retention: &str) -> CookieRow {
    CookieRow {
        platform: platform.into(),
        category: "Marketing".into(),
        name: name.into(),
        domain: domain.into(),
        retention: retention.into(),
        controller: "Acme Ltd".into(),
        portal: "https://acme.example/privacy".into(),
        wildcard: "0".into(),
    }
}

#[test]
fn cookie_rows_are_checked() {
    let c = cookie(&row("Acme", "_acme", "acme.example (3rd party)", "1 year")).expect("a cookie");
    assert_eq!(
        (c.name.as_str(), c.retention.as_str(), c.category, c.domain.as_deref()),
        ("_acme", "1 year", "marketing", Some("acme.example"))
    );
    assert_eq!(cookie(&row("Acme", "a b", "", "1 year")), Err(Dropped::Name("a b".into())));
    assert_eq!(cookie(&row("Acme", "_acme", "", "Varies")), Err(Dropped::Retention("Varies".into())));
}

fn entity(name: &str, category: &str, domains: &[&str]) -> Entity {
    Entity {
        name: name.into(),
        company: None,
        homepage: Some(format!("https://{}/", domains.first().map(|d| d.trim_start_matches("*.")).unwrap_or("x.example"))),
        category: category.into(),
        domains: domains.iter().map(|d| d.to_string()).collect(),
        total_occurrences: Some(10),
    }
}

#[test]
fn the_join_respects_the_hand_table_the_shared_hosts_and_the_review() {
    let tpw = ThirdPartyWeb {
        version: "0.0.0".into(),
        entities: vec![
            entity("Acme Ads", "ad", &["*.acme.example", "acme-cdn.example"]),
            entity("Known Tracker", "analytics", &["*.known.example"]),
            entity("Parent Of Known", "ad", &["parent.example"]),
            entity("Widget Co", "utility", &["widget.example"]),
            entity("Shared Host User", "ad", &["d123.cloudfront.net", "cloudfront.net"]),
            entity("Reviewed", "ad", &["reviewed.example"]),
            entity("Skipped", "ad", &["skipped.example"]),
        ],
    };
    let mut hand = HandTable::default();
    hand.ids.push("known".into());
    hand.hosts.insert("known.example".into(), "known".into());
    hand.hosts.insert("ads.parent.example".into(), "parent-ads".into());
    let mut review = Review { shared_hosts: vec!["cloudfront.net".into()], ..Review::default() };
    review.entity.insert(
        "Reviewed".into(),
        Decision {
            categories: Some(vec!["analytics".into()]),
            note: Some("Reviewed: measurement only.".into()),
            id: Some("reviewed".into()),
            paths: vec![PathRule { host: "cdn.shared.example".into(), prefix: "/reviewed/".into(), query: String::new() }],
            ..Decision::default()
        },
    );
    review.entity.insert("Skipped".into(), Decision { skip: Some("a payment provider".into()), ..Decision::default() });
    let ocd = vec![row("Acme Ads", "_acme", "acme.example (3rd party)", "1 year"), row("Acme Ads", "cmp", "", "1 year")];
    let out = generate(&tpw, &ocd, &hand, &review).expect("no review errors");

    let acme = out.vendors.get("acme-example").expect("id from the first host");
    assert_eq!(acme.hosts, ["acme.example", "acme-cdn.example"]);
    assert_eq!(acme.categories, ["marketing"]);
    assert_eq!(acme.policy.as_deref(), Some("https://acme.example/privacy"), "the database's privacy page");
    assert_eq!(acme.company, "Acme Ltd", "the database's data controller");
    assert_eq!(acme.cookies.len(), 1, "a cookie whose domain the database does not give is left out: {:?}", acme.cookies);
    assert!(out.dropped_cookies.iter().any(|(_, d)| *d == Dropped::Domain("cmp".into())));

    let skipped = |name: &str| out.skipped.iter().find(|(n, _)| n == name).map(|(_, s)| s.clone());
    assert_eq!(skipped("Known Tracker"), Some(Skip::Covered("known".into())));
    assert_eq!(skipped("Parent Of Known"), Some(Skip::Covered("parent-ads".into())), "a hand vendor below it covers it");
    assert_eq!(skipped("Widget Co"), Some(Skip::Category("utility".into())));
    assert_eq!(skipped("Skipped"), Some(Skip::Review("a payment provider".into())));

    let shared = out.vendors.get("d123-cloudfront-net").expect("its own distribution host");
    assert_eq!(shared.hosts, ["d123.cloudfront.net"], "the shared parent is never claimed whole");
    assert!(out.left_out.iter().any(|l| l.host == "cloudfront.net"));

    let reviewed = out.vendors.get("reviewed").expect("the pinned id");
    assert_eq!((reviewed.categories.as_slice(), reviewed.why.as_str()), (&["analytics".to_string()][..], "Reviewed: measurement only."));
    assert_eq!(reviewed.paths.len(), 1);
}

#[test]
fn a_stale_review_is_an_error() {
    let tpw = ThirdPartyWeb { version: "0.0.0".into(), entities: vec![entity("Acme Ads", "ad", &["acme.example"])] };
    let mut review = Review::default();
    review.entity.insert("Renamed Since".into(), Decision::default());
    let errs = generate(&tpw, &[], &HandTable::default(), &review).expect_err("unknown entity");
    assert!(errs.iter().any(|e| e.contains("Renamed Since")), "{errs:?}");
}
