//! `cargo run -p consentry-vendorgen [-- --check]`: regenerates
//! `crate/vendors/generated/` from the pinned sources and the review, and
//! prints what changed. `--check` writes nothing and fails when the files on
//! disk are not what the sources give.

use consentry_vendorgen::{changes, generate, hand, render, review, sources, Layout};
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    match run(check) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vendorgen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(check: bool) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let layout = Layout::repository();
    let tpw = sources::third_party_web(&layout)?;
    let ocd = sources::open_cookie_database(&layout)?;
    let hand = hand::read(&layout)?;
    let review = review::read(&layout)?;
    let out = generate::generate(&tpw, &ocd, &hand, &review).map_err(consentry_vendorgen::error::Error::Review)?;
    let dir = layout.generated_dir();
    let old = changes::on_disk(&dir)?;
    let diff = changes::compare(&old, &out.vendors);

    let hosts: usize = out.vendors.values().map(|v| v.hosts.len()).sum();
    println!(
        "third-party-web {}: {} entities; {} hand-written vendors; {} generated vendors with {hosts} hosts",
        tpw.version,
        tpw.entities.len(),
        hand.ids.len(),
        out.vendors.len()
    );
    let mut why: std::collections::BTreeMap<String, usize> = Default::default();
    for (_, s) in &out.skipped {
        let k = match s {
            generate::Skip::Covered(_) => "covered by a hand-written vendor".to_string(),
            generate::Skip::Category(c) => format!("category {c:?} is not generated"),
            generate::Skip::Review(_) => "skipped by the review".to_string(),
            generate::Skip::NoHosts => "no host left to claim".to_string(),
        };
        *why.entry(k).or_default() += 1;
    }
    for (k, n) in &why {
        println!("  not generated: {n} ({k})");
    }
    println!("  hosts left out: {}; cookie rows left out: {}", out.left_out.len(), out.dropped_cookies.len());
    if std::env::args().any(|a| a == "--verbose") {
        for l in &out.left_out {
            println!("    {} {}: {}", l.entity, l.host, l.reason);
        }
        for (e, d) in &out.dropped_cookies {
            println!("    {e}: cookie left out: {d:?}");
        }
    }
    for (id, entity, hosts) in &out.leads {
        println!("  lead: crate/vendors/{id}.toml is {entity:?} in third-party-web, which also names {}", hosts.join(", "));
    }
    for id in &diff.added {
        println!("+ {id}");
    }
    for id in &diff.removed {
        println!("- {id}");
    }
    for (id, what) in &diff.changed {
        println!("~ {id}: {what}");
    }
    if diff.is_empty() {
        println!("no change");
    }
    if check {
        if diff.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "vendorgen: crate/vendors/generated/ is not what the sources and the review give: run `cargo run -p consentry-vendorgen`"
        );
        return Ok(ExitCode::FAILURE);
    }
    std::fs::create_dir_all(&dir).map_err(|e| consentry_vendorgen::error::Error::Io(dir.clone(), e))?;
    for id in &diff.removed {
        let p = dir.join(format!("{id}.toml"));
        std::fs::remove_file(&p).map_err(|e| consentry_vendorgen::error::Error::Io(p.clone(), e))?;
    }
    for v in out.vendors.values() {
        let p = dir.join(format!("{}.toml", v.id));
        let text = render::render(v);
        if old.get(&v.id) != Some(&text) {
            std::fs::write(&p, text).map_err(|e| consentry_vendorgen::error::Error::Io(p.clone(), e))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
