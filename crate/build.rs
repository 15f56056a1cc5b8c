//! Compiles the vendor files (`vendors/*.toml`) into the static table the
//! module uses directly: vendor records and the host index (see
//! `src/core/hostindex.rs` for its layout). Nothing is parsed at page load.
//!
//! Every file is validated here; a bad entry fails the build with the file
//! and field named. `cargo test -p consentry --test vendor_table` then checks
//! the compiled table as a whole.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

// The included core modules import the crate's prelude (the std prelude's
// names from `alloc`, for the browser module's no_std build); here std's own
// prelude has them already.
mod prelude {}

#[allow(dead_code)]
#[path = "src/core/category.rs"]
mod category;
#[allow(dead_code)]
#[path = "src/core/checksum.rs"]
mod checksum;
#[allow(dead_code)]
#[path = "src/core/hostindex.rs"]
mod hostindex;
#[allow(dead_code)]
#[path = "src/core/retention.rs"]
mod retention;
#[allow(dead_code)]
#[path = "src/core/rules.rs"]
mod rules;

use category::{Category, CategorySet};
use hostindex::{HostSpec, OwnedIndex, NO_VENDOR};
use retention::{Retention, Unit};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VendorFile {
    id: String,
    name: String,
    #[serde(default)]
    aka: Vec<String>,
    company: String,
    categories: Vec<String>,
    why: String,
    /// Required in hand-written files; a generated file has one when an
    /// open source gives it.
    #[serde(default)]
    policy: Option<String>,
    /// The vendor's home page: for reviewers, not compiled.
    #[serde(default)]
    #[allow(dead_code)]
    website: Option<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    hosts: Vec<String>,
    #[serde(default)]
    paths: Vec<PathEntry>,
    #[serde(default)]
    cookies: Vec<CookieEntry>,
    #[serde(default)]
    storage: Vec<StorageEntry>,
    /// The markup the vendor's script turns into a widget
    /// (`blockquote.twitter-tweet`): the consent interface puts a
    /// placeholder before each while the script is held.
    #[serde(default)]
    widgets: Vec<String>,
    /// Where the facts come from; kept in the file for reviewers, not compiled.
    #[serde(default)]
    #[allow(dead_code)]
    sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PathEntry {
    host: String,
    prefix: String,
    #[serde(default)]
    query: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CookieEntry {
    name: String,
    #[serde(default, rename = "match")]
    matching: Option<String>,
    retention: String,
    #[serde(default)]
    category: Option<String>,
    /// Set for third-party cookies: the vendor's domain they live on.
    #[serde(default)]
    domain: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StorageEntry {
    #[serde(rename = "type")]
    kind: String,
    name: String,
    #[serde(default, rename = "match")]
    matching: Option<String>,
    #[serde(default)]
    retention: Option<String>,
    #[serde(default)]
    category: Option<String>,
}

/// A category by its own name: the files use those, not the synonyms the
/// core also reads in markup (`statistics`, `essential`...).
fn canonical(name: &str) -> Option<(usize, Category)> {
    Category::ALL.into_iter().enumerate().find(|(_, c)| c.name() == name)
}

/// A category's bit.
fn category(name: &str) -> Option<u8> {
    canonical(name).map(|(_, c)| CategorySet::of(c).bits())
}

fn matching(m: &Option<String>, errs: &mut Vec<String>, at: &str) {
    if let Some(other) = m.as_deref().filter(|x| *x != "exact" && *x != "prefix") {
        errs.push(format!("{at}: match = {other:?} (expected \"exact\" or \"prefix\")"));
    }
}

struct Loaded {
    /// The file name, with `generated/` before it for a generated file.
    file: String,
    v: VendorFile,
    bits: u8,
}

fn main() {
    // CONSENTRY_VENDORS points at another vendor directory (used to measure
    // what the table adds to the bundle); the default is crate/vendors/.
    println!("cargo:rerun-if-env-changed=CONSENTRY_VENDORS");
    let dir_name = std::env::var("CONSENTRY_VENDORS").unwrap_or_else(|_| "vendors".to_string());
    let dir = Path::new(&dir_name);
    println!("cargo:rerun-if-changed={dir_name}");
    println!("cargo:rerun-if-changed=src/core/hostindex.rs");
    println!("cargo:rerun-if-changed=src/core/checksum.rs");
    println!("cargo:rerun-if-changed=src/core/category.rs");
    println!("cargo:rerun-if-changed=src/core/retention.rs");
    println!("cargo:rerun-if-changed=src/core/rules.rs");

    // The hand-written files, then those `vendorgen` generates from open
    // data (vendors/generated/, absent in a synthetic table's directory).
    let toml_files = |d: &Path| -> Vec<std::path::PathBuf> {
        let mut v: Vec<_> = match std::fs::read_dir(d) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect(),
            Err(_) => Vec::new(),
        };
        v.sort();
        v
    };
    if std::fs::read_dir(dir).is_err() {
        panic!("{dir_name}: not a directory");
    }
    let generated = dir.join("generated");
    println!("cargo:rerun-if-changed={}", generated.display());
    let files: Vec<_> = toml_files(dir).into_iter().chain(toml_files(&generated)).collect();

    let mut errs: Vec<String> = Vec::new();
    let mut loaded: Vec<Loaded> = Vec::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let is_generated = path.parent() == Some(generated.as_path());
        let file = if is_generated { format!("generated/{name}") } else { name.clone() };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                errs.push(format!("{file}: {e}"));
                continue;
            }
        };
        let v: VendorFile = match toml::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                errs.push(format!("{file}: {e}"));
                continue;
            }
        };
        let stem = name.trim_end_matches(".toml");
        if v.id != stem {
            errs.push(format!("{file}: id = {:?} must equal the file name {stem:?}", v.id));
        }
        if !rules::valid_id(&v.id) {
            errs.push(format!("{file}: id {:?} must be lower-case letters, digits and '-'", v.id));
        }
        for (field, val) in [("name", &v.name), ("company", &v.company), ("why", &v.why)] {
            if val.trim().is_empty() {
                errs.push(format!("{file}: {field} is empty"));
            }
        }
        match (&v.policy, is_generated) {
            (Some(p), _) if !rules::valid_vendor_link(p) => errs.push(format!("{file}: policy must be an https:// URL, got {p:?}")),
            (None, false) => errs.push(format!("{file}: policy is missing (the vendor's privacy policy, an https:// URL)")),
            _ => {}
        }
        if let Some(w) = v.website.as_deref().filter(|w| !rules::valid_vendor_link(w)) {
            errs.push(format!("{file}: website must be an https:// URL, got {w:?}"));
        }
        let mut bits = 0u8;
        for c in &v.categories {
            match category(c) {
                Some(b) => bits |= b,
                None => errs.push(format!("{file}: categories: unknown {c:?}")),
            }
        }
        if bits == 0 {
            errs.push(format!("{file}: categories is empty"));
        }
        if v.hosts.is_empty() && v.paths.is_empty() {
            errs.push(format!("{file}: needs at least one host or path rule"));
        }
        for h in &v.hosts {
            if !rules::valid_host(h) {
                errs.push(format!("{file}: hosts: {h:?} is not a valid lower-case host name"));
            }
        }
        for p in &v.paths {
            if !rules::valid_host(&p.host) {
                errs.push(format!("{file}: paths: host {:?} is not a valid lower-case host name", p.host));
            }
            if !rules::valid_path_prefix(&p.prefix) {
                errs.push(format!("{file}: paths: prefix {:?} must start with '/' and hold no '?', '#' or space", p.prefix));
            }
            if !rules::valid_query(&p.query) {
                errs.push(format!("{file}: paths: query {:?} must look like name=value-prefix", p.query));
            }
        }
        for (i, c) in v.cookies.iter().enumerate() {
            let at = format!("{file}: cookies[{i}] ({})", c.name);
            if !rules::valid_cookie_name(&c.name) {
                errs.push(format!("{at}: invalid cookie name"));
            }
            if Retention::parse(&c.retention).is_none() {
                errs.push(format!("{at}: retention {:?} is not like \"2 years\" or \"session\"", c.retention));
            }
            if let Some(cat) = &c.category {
                if category(cat).is_none() {
                    errs.push(format!("{at}: category {cat:?} unknown"));
                }
            }
            matching(&c.matching, &mut errs, &at);
            if let Some(d) = &c.domain {
                if !rules::valid_host(d) {
                    errs.push(format!("{at}: domain {d:?} is not a valid lower-case host name"));
                }
            }
        }
        for (i, s) in v.storage.iter().enumerate() {
            let at = format!("{file}: storage[{i}] ({})", s.name);
            if !matches!(s.kind.as_str(), "local" | "session" | "indexeddb") {
                errs.push(format!("{at}: type {:?} (expected local, session or indexeddb)", s.kind));
            }
            if !rules::valid_key_name(&s.name) {
                errs.push(format!("{at}: empty or overlong name"));
            }
            if let Some(r) = &s.retention {
                if Retention::parse(r).is_none() {
                    errs.push(format!("{at}: retention {r:?} is not like \"2 years\" or \"persistent\""));
                }
            }
            if let Some(cat) = &s.category {
                if category(cat).is_none() {
                    errs.push(format!("{at}: category {cat:?} unknown"));
                }
            }
            matching(&s.matching, &mut errs, &at);
        }
        for (i, w) in v.widgets.iter().enumerate() {
            if !rules::valid_widget_selector(w) {
                errs.push(format!(
                    "{file}: widgets[{i}]: {w:?} is not a widget selector (an optional lower-case tag, then .classes: \"blockquote.twitter-tweet\")"
                ));
            }
        }
        loaded.push(Loaded { file, v, bits });
    }

    // The table is sorted by id (binary search by id at run time).
    loaded.sort_by(|a, b| a.v.id.cmp(&b.v.id));

    // Cross-file checks: unique ids, unique host claims, related ids exist.
    let ids: BTreeMap<&str, usize> = loaded.iter().enumerate().map(|(i, l)| (l.v.id.as_str(), i)).collect();
    if ids.len() != loaded.len() {
        errs.push("two vendor files share an id".into());
    }
    for l in &loaded {
        for r in &l.v.related {
            if !ids.contains_key(r.as_str()) {
                errs.push(format!("{}: related: no vendor {r:?}", l.file));
            }
        }
    }
    // A widget is one vendor's: two vendors claiming the same markup would
    // put two placeholders before it.
    let mut widget_owner: BTreeMap<&str, &str> = BTreeMap::new();
    for l in &loaded {
        for w in &l.v.widgets {
            if let Some(other) = widget_owner.insert(w.as_str(), l.file.as_str()) {
                errs.push(format!("{}: widgets: {w:?} is claimed by {other} too", l.file));
            }
        }
    }
    let mut host_owner: BTreeMap<String, (u16, String)> = BTreeMap::new();
    let mut host_rules: BTreeMap<String, Vec<(String, String, u16)>> = BTreeMap::new();
    let mut seen_rules: BTreeSet<(String, String, String)> = BTreeSet::new();
    for (i, l) in loaded.iter().enumerate() {
        let vi = i as u16;
        for h in &l.v.hosts {
            if let Some((_, other)) = host_owner.get(h) {
                errs.push(format!("{}: host {h:?} is already claimed by {other}; split a shared host with [[paths]]", l.file));
            } else {
                host_owner.insert(h.clone(), (vi, l.file.clone()));
            }
        }
        for p in &l.v.paths {
            if !seen_rules.insert((p.host.clone(), p.prefix.clone(), p.query.clone())) {
                errs.push(format!("{}: path rule {}{} {} is claimed twice", l.file, p.host, p.prefix, p.query));
            }
            host_rules.entry(p.host.clone()).or_default().push((p.prefix.clone(), p.query.clone(), vi));
        }
    }

    if !errs.is_empty() {
        panic!("\n\nvendor table errors:\n  {}\n", errs.join("\n  "));
    }

    // Host index: one entry per host; rules ordered most specific first
    // (query-qualified before plain, longer prefixes before shorter).
    let mut all_hosts: BTreeSet<String> = host_owner.keys().cloned().collect();
    all_hosts.extend(host_rules.keys().cloned());
    let specs: Vec<HostSpec> = all_hosts
        .iter()
        .map(|h| {
            let mut rules = host_rules.get(h).cloned().unwrap_or_default();
            rules.sort_by_key(|r| (r.1.is_empty(), std::cmp::Reverse(r.0.len()), r.0.clone(), r.1.clone()));
            HostSpec { host: h.clone(), vendor: host_owner.get(h).map(|o| o.0).unwrap_or(NO_VENDOR), rules }
        })
        .collect();
    let index = OwnedIndex::build(&specs).unwrap_or_else(|e| panic!("host index: {e:?}"));
    // The table in two parts (see src/core/vendors.rs and src/core/details.rs):
    // what classification needs, which the blocker carries into every page:
    // one line per vendor, in id order, with its categories, id, hosts and
    // path rules (text: the ids and hosts repeat each other, which gzip finds);
    // and the details (names, companies, links, cookies and storage keys with
    // retention), which only the consent interface and the CLI read.
    let mut table = String::new();
    for l in &loaded {
        // An id derived from the first host is left out (`=` instead):
        // the blocker derives it again (core::vendors).
        match l.v.hosts.first() {
            Some(first) if rules::id_of_host(first) == l.v.id => {
                let _ = write!(table, "{:x}={first}", l.bits);
                for h in l.v.hosts.iter().skip(1) {
                    let _ = write!(table, " {h}");
                }
            }
            _ => {
                let _ = write!(table, "{:x}{}", l.bits, l.v.id);
                for h in &l.v.hosts {
                    let _ = write!(table, " {h}");
                }
            }
        }
        for p in &l.v.paths {
            let _ = write!(table, " {}{}", p.host, p.prefix);
            if !p.query.is_empty() {
                let _ = write!(table, "?{}", p.query);
            }
        }
        table.push('\n');
    }

    // Details records. The notes (`why`) are kept out of the WebAssembly
    // build: they would cost every visitor tens of kilobytes; the CLI and the
    // JSON export carry them. Native builds also write the browser's form
    // (no notes): the consent interface's details file is written from it
    // (ui/src/bin/details-file.rs), and its hash is the one the module checks.
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let data = details_blob(&loaded, !wasm);
    let web_data = if wasm { data.clone() } else { details_blob(&loaded, false) };

    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    let out_dir = Path::new(&out_dir);
    std::fs::write(out_dir.join("vendor_details.bin"), &data).expect("write vendor_details.bin");
    std::fs::write(out_dir.join("vendor_details_web.bin"), &web_data).expect("write vendor_details_web.bin");
    std::fs::write(out_dir.join("vendor_table.txt"), &table).expect("write vendor_table.txt");

    let mut out = String::new();
    out.push_str("// @generated by crate/build.rs from crate/vendors/*.toml. Do not edit.\n\n");
    let _ = writeln!(out, "/// Number of built-in vendors.\npub const VENDOR_COUNT: usize = {};", loaded.len());
    let _ = writeln!(out, "/// Number of hosts in the host index.\npub const HOST_COUNT: usize = {};", index.entries.len());
    // Which vendors' scripts draw widgets (their numbers): the blocker asks
    // for the consent interface when one of them is held, and the interface
    // reads the markup itself from the details. The selectors stay there.
    let widget_vendors: Vec<usize> = loaded.iter().enumerate().filter(|(_, l)| !l.v.widgets.is_empty()).map(|(i, _)| i).collect();
    let _ = writeln!(
        out,
        "/// The vendors whose scripts turn markup into widgets (see `details`).\npub const WIDGET_VENDORS: [u16; {}] = {:?};",
        widget_vendors.len(),
        widget_vendors
    );
    // A build that gets the text from stage 1 at run time (feature
    // shared-table: the consent interface) carries only its hash, to check
    // that the text handed over is this build's.
    let _ = writeln!(out, "/// FNV-1a hash of the table's text.\npub const TEXT_HASH: u64 = {:#x};", checksum::fnv1a(table.as_bytes()));
    // Stage 1 (feature web) always carries it: it is the copy it shares.
    let shared = std::env::var_os("CARGO_FEATURE_SHARED_TABLE").is_some() && std::env::var_os("CARGO_FEATURE_WEB").is_none();
    println!("cargo::rustc-check-cfg=cfg(shared_table)");
    // `no_std_module`: the crate is built into a wasm module that links no
    // std (stage 1, feature web; the worker's guard, feature bare): its own
    // allocator, panic trap and one-thread cells. One name for the condition.
    println!("cargo::rustc-check-cfg=cfg(no_std_module)");
    if wasm && (std::env::var_os("CARGO_FEATURE_WEB").is_some() || std::env::var_os("CARGO_FEATURE_BARE").is_some()) {
        println!("cargo:rustc-cfg=no_std_module");
    }
    if shared {
        println!("cargo:rustc-cfg=shared_table");
    } else {
        let _ = writeln!(out, "static TEXT: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/vendor_table.txt\"));");
    }
    std::fs::write(out_dir.join("vendor_table.rs"), out).expect("write vendor_table.rs");

    let mut out = String::new();
    out.push_str("// @generated by crate/build.rs from crate/vendors/*.toml. Do not edit.\n\n");
    // The markup each vendor's script turns into widgets: compiled into
    // every build, outside the records, so that the consent interface knows
    // whether a held script's widgets are on the page (and it needs the
    // details file for their placeholders) before it has the details.
    let _ = writeln!(out, "/// The widget selectors of the vendors that have any: (vendor number, selectors).");
    let widgets: Vec<(usize, &Vec<String>)> =
        loaded.iter().enumerate().filter(|(_, l)| !l.v.widgets.is_empty()).map(|(i, l)| (i, &l.v.widgets)).collect();
    let _ = writeln!(out, "static WIDGETS: [(u16, &[&str]); {}] = [", widgets.len());
    for (i, w) in &widgets {
        let _ = writeln!(out, "    ({i}, &{w:?}),");
    }
    out.push_str("];\n");
    // The consent interface (feature shared-details) gets the browser's
    // form at run time, from its details file, and carries only its hash.
    let _ =
        writeln!(out, "/// FNV-1a hash of the browser's details (no notes).\npub const WEB_HASH: u64 = {:#x};", checksum::fnv1a(&web_data));
    println!("cargo::rustc-check-cfg=cfg(shared_details)");
    if std::env::var_os("CARGO_FEATURE_SHARED_DETAILS").is_some() {
        println!("cargo:rustc-cfg=shared_details");
    } else {
        let _ = writeln!(out, "static BLOB: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/vendor_details.bin\"));");
    }
    if !wasm {
        let _ = writeln!(out, "/// The browser's form (no notes), for the details file's writer.\npub static WEB_BLOB: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/vendor_details_web.bin\"));");
    }
    std::fs::write(out_dir.join("vendor_details.rs"), out).expect("write vendor_details.rs");
}

/// The details of every vendor (see `core::details`): each record's offset
/// (u32, little-endian, from the end of the offsets), then the records.
fn details_blob(loaded: &[Loaded], with_notes: bool) -> Vec<u8> {
    let mut data: Vec<u8> = Vec::new();
    let mut at: Vec<u32> = Vec::new();
    for l in loaded {
        let v = &l.v;
        at.push(data.len() as u32);
        for text in [v.name.as_str(), v.company.as_str(), v.policy.as_deref().unwrap_or("")] {
            put_str(&mut data, text);
        }
        put_str(&mut data, if with_notes { v.why.trim() } else { "" });
        put_list(&mut data, &v.aka);
        put_list(&mut data, &v.related);
        let prim = primary_index(l.bits);
        put_varint(&mut data, v.cookies.len() as u32);
        for c in &v.cookies {
            put_str(&mut data, &c.name);
            let cat = c.category.as_deref().and_then(category_index).unwrap_or(prim);
            let flags = (c.matching.as_deref() == Some("prefix")) as u8 | (cat << 1) | ((c.domain.is_some() as u8) << 3);
            data.push(flags);
            put_retention(&mut data, Retention::parse(&c.retention).unwrap_or(Retention::Session));
            if let Some(d) = &c.domain {
                put_str(&mut data, d);
            }
        }
        put_varint(&mut data, v.storage.len() as u32);
        for st in &v.storage {
            put_str(&mut data, &st.name);
            let cat = st.category.as_deref().and_then(category_index).unwrap_or(prim);
            let kind = match st.kind.as_str() {
                "local" => 0u8,
                "session" => 1,
                _ => 2,
            };
            let flags = (st.matching.as_deref() == Some("prefix")) as u8 | (cat << 1) | (kind << 4);
            data.push(flags);
            let default_r = if st.kind == "session" { Retention::Session } else { Retention::Persistent };
            put_retention(&mut data, st.retention.as_deref().and_then(Retention::parse).unwrap_or(default_r));
        }
    }

    let mut blob: Vec<u8> = at.iter().flat_map(|a| a.to_le_bytes()).collect();
    blob.extend_from_slice(&data);
    blob
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

fn put_list(out: &mut Vec<u8>, items: &[String]) {
    put_varint(out, items.len() as u32);
    for i in items {
        put_str(out, i);
    }
}

/// 0 = session, 0xffff = persistent, else count << 3 | unit (seconds = 0 ... years = 6).
fn put_retention(out: &mut Vec<u8>, r: Retention) {
    let v: u16 = match r {
        Retention::Session => 0,
        Retention::Persistent => 0xffff,
        Retention::Span(n, u) => {
            let unit = Unit::ALL.iter().position(|x| *x == u).unwrap_or(0) as u16;
            assert!(n < 8192, "retention count {n} too large");
            (n << 3) | unit
        }
    };
    out.extend_from_slice(&v.to_le_bytes());
}

fn category_index(name: &str) -> Option<u8> {
    canonical(name).map(|(i, _)| i as u8)
}

/// The most restrictive of a vendor's categories: the default purpose of its
/// cookies.
fn primary_index(bits: u8) -> u8 {
    for (i, c) in Category::ALL.into_iter().enumerate().rev() {
        if bits & CategorySet::of(c).bits() != 0 {
            return i as u8;
        }
    }
    0
}
