//! Checks the compiled vendor table as a whole: well-formed entries, seed
//! vendors with their categories, real tracker URLs classified to the right
//! vendor, lookalikes to nothing.

use consentry::core::category::{Category, CategorySet};
use consentry::core::classify::Classifier;
use consentry::core::url::Base;
use consentry::core::vendors;
use std::collections::BTreeSet;

const BASE: Base<'static> = Base::https("www.shop.example");

/// The concatenated contents of every `tests/data/<stem>*.<ext>` file
/// (contributors each add their own file, e.g. `tracker-urls-ads.tsv`).
fn data(stem: &str, ext: &str) -> String {
    let dir = format!("{}/tests/data", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(stem) && n.ends_with(ext))
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| std::fs::read_to_string(format!("{dir}/{n}")).unwrap_or_else(|e| panic!("{n}: {e}")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[test]
fn every_host_is_a_valid_host_name() {
    let index = vendors::index().expect("the host index decodes");
    let index = index.view();
    assert_eq!(index.entries.len(), vendors::HOST_COUNT);
    for e in index.iter() {
        let h = index.host_of(e);
        assert!(!h.is_empty() && h.len() <= 253, "{h}");
        assert!(h.split('.').count() >= 2, "{h}: needs a dot");
        for label in h.split('.') {
            assert!(!label.is_empty() && label.len() <= 63, "{h}: label {label:?}");
            assert!(!label.starts_with('-') && !label.ends_with('-'), "{h}");
            assert!(label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{h}");
        }
    }
}

#[test]
fn no_host_claimed_twice() {
    let mut seen = BTreeSet::new();
    let index = vendors::index().expect("the host index decodes");
    let index = index.view();
    for e in index.iter() {
        assert!(seen.insert(index.host_of(e)), "duplicate host {}", index.host_of(e));
    }
}

#[test]
fn every_vendor_has_a_key_of_its_own() {
    // A visitor's decision on one vendor is stored under its key (a hash of
    // its id, core::consent::vendor_key): two vendors with one key would
    // share the decision.
    let mut seen = std::collections::BTreeMap::new();
    for v in consentry::core::details::all() {
        let key = consentry::core::consent::vendor_key(&v.id);
        if let Some(other) = seen.insert(key, v.id.to_string()) {
            panic!("{} and {} share the key {key:#x}: rename one", other, v.id);
        }
    }
    assert_eq!(seen.len(), vendors::VENDOR_COUNT);
}

#[test]
fn every_vendor_is_complete() {
    let all: Vec<_> = consentry::core::details::all().collect();
    assert_eq!(all.len(), vendors::VENDOR_COUNT, "every record decodes");
    let ids: BTreeSet<&str> = all.iter().map(|v| v.id.as_ref()).collect();
    assert_eq!(ids.len(), all.len(), "ids are unique");
    for v in &all {
        assert!(!v.categories.is_empty(), "{}: categories", v.id);
        assert!(!v.name.is_empty() && !v.company.is_empty() && !v.why.is_empty(), "{}", v.id);
        // Hand-written files must link a policy; generated ones link one
        // where an open source gives it.
        let hand = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("vendors/{}.toml", v.id)).exists();
        assert!(v.policy.starts_with("https://") || (!hand && v.policy.is_empty()), "{}: policy", v.id);
        assert!(!v.hosts.is_empty(), "{}: hosts", v.id);
        for r in v.related.iter() {
            assert!(ids.contains(r.as_ref()), "{}: related {r}", v.id);
        }
        for c in v.cookies.iter() {
            assert!(!c.name.is_empty(), "{}: cookie name", v.id);
        }
    }
}

#[test]
fn seed_vendors_have_the_right_categories() {
    use Category::*;
    let c = Classifier::builtin();
    let want: &[(&str, &[Category])] = &[
        ("clevertap", &[Analytics, Marketing]),
        ("google-analytics", &[Analytics]),
        ("google-tag-manager", &[Functional]),
        ("google-ads", &[Marketing]),
        ("google-recaptcha", &[Necessary]),
        ("firebase-analytics", &[Analytics]),
        ("microsoft-clarity", &[Analytics]),
        ("microsoft-uet", &[Marketing]),
        ("microsoft-dynamics-marketing", &[Marketing]),
        ("linkedin-insight", &[Marketing]),
        ("meta-pixel", &[Marketing]),
        ("youtube", &[Marketing]),
    ];
    for (id, cats) in want {
        let (_, v) = c.find(id).unwrap_or_else(|| panic!("seed vendor {id} missing"));
        let set = cats.iter().fold(CategorySet::EMPTY, |s, c| s.with(*c));
        assert_eq!(v.categories, set, "{id}");
    }
    // CleverTap's storage families are there for withdrawal.
    let (i, _) = c.find("clevertap").expect("clevertap");
    let ct = c.vendor_def(i).expect("record");
    assert!(ct.cookies.iter().any(|k| k.name == "WZRK_S_"));
    assert!(ct.storage.iter().any(|k| k.name == "WZRK_"));
}

#[test]
fn real_tracker_urls_classify_to_their_vendor() {
    let c = Classifier::builtin();
    let text = data("tracker-urls", ".tsv");
    let mut n = 0;
    for line in lines(&text) {
        let (url, want) = line.split_once('\t').unwrap_or_else(|| panic!("bad line {line:?}"));
        let got = c.classify(url, BASE).vendor().map(|m| m.vendor.id.to_string());
        assert_eq!(got.as_deref(), Some(want.trim()), "{url}");
        n += 1;
    }
    assert!(n >= 40, "the URL table shrank to {n}");
}

/// Precision: what sites need to work (CDNs, hosting, payments, captchas,
/// bot protection, consent providers, sign-in) is never held by default.
#[test]
fn what_sites_need_is_never_held() {
    let c = Classifier::builtin();
    let text = data("never-held", ".txt");
    let mut n = 0;
    let held: Vec<String> = lines(&text)
        .inspect(|_| n += 1)
        .filter_map(|url| {
            let m = c.classify(url, BASE);
            let v = m.vendor()?;
            (!v.categories.minus(CategorySet::of(Category::Necessary)).is_empty())
                .then(|| format!("{url} -> {} {:?}", v.vendor.id, v.categories))
        })
        .collect();
    assert!(held.is_empty(), "held by default:\n  {}", held.join("\n  "));
    assert!(n >= 50, "the list shrank to {n}");
}

#[test]
fn lookalikes_classify_to_nothing() {
    let c = Classifier::builtin();
    let text = data("lookalikes", ".txt");
    let wrong: Vec<String> =
        lines(&text).filter_map(|url| c.classify(url, BASE).vendor().map(|m| format!("{url} -> {}", m.vendor.id))).collect();
    assert!(wrong.is_empty(), "lookalikes classified to a vendor:\n  {}", wrong.join("\n  "));
}

/// The blocker's table derives the generated vendors' ids from their first
/// host (rules::id_of_host): each must come back as the file's id, and be
/// found again by id.
#[test]
fn every_id_survives_the_compact_table() {
    let all: Vec<_> = consentry::core::details::all().collect();
    for (i, v) in all.iter().enumerate() {
        let h = vendors::header(i).unwrap_or_else(|| panic!("vendor {i} has a header"));
        assert_eq!(h.id, v.id.as_ref(), "vendor {i}");
        assert_eq!(vendors::by_id(h.id).map(|(n, _)| n as usize), Some(i), "{}", h.id);
    }
    assert!(
        all.iter().any(|v| v.hosts.first().is_some_and(|h| v.id.as_ref() == consentry::core::rules::id_of_host(h))),
        "some ids are derived"
    );
}
