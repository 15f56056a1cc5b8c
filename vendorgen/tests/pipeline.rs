//! The pipeline against the pinned sources: the committed files are what
//! they give, the table recognises enough of third-party-web's tracking
//! entities, and the README shows the current figures.

use consentry::core::vendors;
use consentry_vendorgen::{changes, coverage, generate, hand, review, sources, Layout};
use std::collections::HashSet;

fn run() -> (sources::ThirdPartyWeb, generate::Outcome) {
    let layout = Layout::repository();
    let tpw = sources::third_party_web(&layout).expect("third-party-web (run npm ci)");
    let ocd = sources::open_cookie_database(&layout).expect("the Open Cookie Database copy");
    let hand = hand::read(&layout).expect("the hand-written vendor files");
    let review = review::read(&layout).expect("vendorgen/review.toml");
    let out = generate::generate(&tpw, &ocd, &hand, &review).unwrap_or_else(|e| panic!("review errors:\n{}", e.join("\n")));
    (tpw, out)
}

#[test]
fn the_generated_files_are_what_the_sources_give() {
    let (_, out) = run();
    let old = changes::on_disk(&Layout::repository().generated_dir()).expect("read crate/vendors/generated");
    let diff = changes::compare(&old, &out.vendors);
    assert!(diff.is_empty(), "crate/vendors/generated/ is stale (run `cargo run -p consentry-vendorgen`): {diff:?}");
}

fn figures() -> (String, Vec<coverage::Figures>) {
    let (tpw, _) = run();
    // Every host of the compiled table, whole or split by path rules: an
    // entity is recognised when one of its hosts is one of these, below one,
    // or above one (`yahoo.com` above the table's `ads.yahoo.com`: the table
    // holds that entity's ad host).
    let index = vendors::index().expect("the host index decodes");
    let view = index.view();
    let hosts: HashSet<&str> = view.iter().map(|e| view.host_of(e)).collect();
    let known = |h: &str| {
        let mut at = Some(h);
        while let Some(x) = at {
            if hosts.contains(x) {
                return true;
            }
            at = x.split_once('.').map(|(_, rest)| rest);
        }
        let below = format!(".{h}");
        hosts.iter().any(|x| x.ends_with(&below))
    };
    if std::env::var_os("VENDORGEN_MISSED").is_some() {
        let mut missed: Vec<_> = tpw
            .entities
            .iter()
            .filter(|e| consentry_vendorgen::mapping::TRACKING.contains(&e.category.as_str()) && !e.hosts().iter().any(|h| known(h)))
            .collect();
        missed.sort_by_key(|e| std::cmp::Reverse(e.occurrences()));
        for e in missed.iter().take(40) {
            eprintln!("missed: {} ({}, {} pages) {:?}", e.name, e.category, e.occurrences(), e.hosts());
        }
    }
    let rows = coverage::measure(&tpw.entities, known);
    (tpw.version, rows)
}

#[test]
fn the_table_recognises_third_party_webs_tracking_entities() {
    let (_, rows) = figures();
    let all = rows.iter().find(|r| r.category == "all").expect("the total row");
    assert!(all.share() >= 60.0, "{:.1}% of tracking entities recognised (at least 60% wanted)", all.share());
    assert!(all.weighted() >= 99.0, "{:.2}% weighted by occurrence (at least 99% wanted)", all.weighted());
}

#[test]
fn the_readme_shows_the_current_figures() {
    let (version, rows) = figures();
    let want = coverage::table(&version, &rows);
    let path = Layout::repository().root.join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (start, end) = ("<!-- coverage:start -->\n", "<!-- coverage:end -->");
    let a = readme.find(start).expect("README has a coverage:start marker") + start.len();
    let b = readme.find(end).expect("README has a coverage:end marker");
    let have = readme.get(a..b).unwrap_or("");
    if have != want {
        if std::env::var_os("CONSENTRY_BLESS").is_some() {
            let text = format!("{}{want}{}", readme.get(..a).unwrap_or(""), readme.get(b..).unwrap_or(""));
            std::fs::write(&path, text).expect("write README.md");
        } else {
            panic!("README coverage figures are stale: run CONSENTRY_BLESS=1 cargo test -p consentry-vendorgen\nwant:\n{want}");
        }
    }
}
