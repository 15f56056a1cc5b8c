//! The pipeline against the pinned sources: the committed files are what
//! they give, the table recognises enough of third-party-web's tracking
//! entities, and the README shows the current figures.

use consentry::core::url::host_within;
use consentry::core::vendors;
use consentry_vendorgen::{changes, coverage, generate, hand, review, sources, Layout};

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

/// The coverage figures, and the tracking entities not recognised (most
/// loaded first), for a failure to name.
fn figures() -> (String, Vec<coverage::Figures>, Vec<String>) {
    let (tpw, _) = run();
    // Every host of the compiled table, whole or split by path rules: an
    // entity is recognised when one of its hosts is one of these, below one,
    // or above one (`yahoo.com` above the table's `ads.yahoo.com`: the table
    // holds that entity's ad host).
    let index = vendors::index().expect("the host index decodes");
    let view = index.view();
    let hosts: Vec<&str> = view.iter().map(|e| view.host_of(e)).collect();
    let known = |h: &str| hosts.iter().any(|x| host_within(h, x) || host_within(x, h));
    let mut missed: Vec<_> = tpw
        .entities
        .iter()
        .filter(|e| consentry_vendorgen::mapping::TRACKING.contains(&e.category.as_str()) && !e.hosts().iter().any(|h| known(h)))
        .collect();
    missed.sort_by_key(|e| std::cmp::Reverse(e.occurrences()));
    let missed =
        missed.iter().take(20).map(|e| format!("{} ({}, {} pages) {:?}", e.name, e.category, e.occurrences(), e.hosts())).collect();
    let rows = coverage::measure(&tpw.entities, known);
    (tpw.version, rows, missed)
}

#[test]
fn the_table_recognises_third_party_webs_tracking_entities() {
    let (_, rows, missed) = figures();
    let all = rows.iter().find(|r| r.category == "all").expect("the total row");
    let missed = missed.join("\n  ");
    assert!(
        all.share() >= 60.0,
        "{:.1}% of tracking entities recognised (at least 60% wanted); the most loaded missed:\n  {missed}",
        all.share()
    );
    assert!(
        all.weighted() >= 99.0,
        "{:.2}% weighted by occurrence (at least 99% wanted); the most loaded missed:\n  {missed}",
        all.weighted()
    );
}

#[test]
fn the_readme_shows_the_current_figures() {
    let (version, rows, _) = figures();
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
