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
#[path = "src/core/hostindex.rs"]
mod hostindex;
#[allow(dead_code)]
#[path = "src/core/retention.rs"]
mod retention;

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
    policy: String,
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

const CATEGORIES: [(&str, u8); 4] = [("necessary", 1), ("functional", 2), ("analytics", 4), ("marketing", 8)];

fn category(name: &str) -> Option<u8> {
    CATEGORIES.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

fn valid_host(h: &str) -> bool {
    let labels: Vec<&str> = h.split('.').collect();
    h.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        })
        && labels.last().is_some_and(|tld| tld.bytes().any(|c| c.is_ascii_lowercase()))
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && !id.starts_with('-')
}

fn valid_cookie_name(n: &str) -> bool {
    !n.is_empty() && n.len() <= 200 && n.bytes().all(|c| c > 0x20 && c < 0x7f && !matches!(c, b';' | b'=' | b',' | b'"' | b'\\'))
}

fn matching(m: &Option<String>, errs: &mut Vec<String>, at: &str) {
    if let Some(other) = m.as_deref().filter(|x| *x != "exact" && *x != "prefix") {
        errs.push(format!("{at}: match = {other:?} (expected \"exact\" or \"prefix\")"));
    }
}

struct Loaded {
    file: String,
    v: VendorFile,
    bits: u8,
}

fn main() {
    compile_languages();
    minify_stylesheet();
    // CONSENTRY_VENDORS points at another vendor directory (used to measure
    // what the table adds to the bundle); the default is crate/vendors/.
    println!("cargo:rerun-if-env-changed=CONSENTRY_VENDORS");
    let dir_name = std::env::var("CONSENTRY_VENDORS").unwrap_or_else(|_| "vendors".to_string());
    let dir = Path::new(&dir_name);
    println!("cargo:rerun-if-changed={dir_name}");
    println!("cargo:rerun-if-changed=src/core/hostindex.rs");
    println!("cargo:rerun-if-changed=src/core/retention.rs");

    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir_name}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();

    let mut errs: Vec<String> = Vec::new();
    let mut loaded: Vec<Loaded> = Vec::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
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
        let stem = file.trim_end_matches(".toml");
        if v.id != stem {
            errs.push(format!("{file}: id = {:?} must equal the file name {stem:?}", v.id));
        }
        if !valid_id(&v.id) {
            errs.push(format!("{file}: id {:?} must be lower-case letters, digits and '-'", v.id));
        }
        for (field, val) in [("name", &v.name), ("company", &v.company), ("why", &v.why)] {
            if val.trim().is_empty() {
                errs.push(format!("{file}: {field} is empty"));
            }
        }
        if !v.policy.starts_with("https://") {
            errs.push(format!("{file}: policy must be an https:// URL, got {:?}", v.policy));
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
            if !valid_host(h) {
                errs.push(format!("{file}: hosts: {h:?} is not a valid lower-case host name"));
            }
        }
        for p in &v.paths {
            if !valid_host(&p.host) {
                errs.push(format!("{file}: paths: host {:?} is not a valid lower-case host name", p.host));
            }
            if !p.prefix.starts_with('/') || p.prefix.len() > 120 || p.prefix.contains(['?', '#', ' ']) {
                errs.push(format!("{file}: paths: prefix {:?} must start with '/' and hold no '?', '#' or space", p.prefix));
            }
            if !p.query.is_empty() && (!p.query.contains('=') || p.query.contains(['&', '#', ' '])) {
                errs.push(format!("{file}: paths: query {:?} must look like name=value-prefix", p.query));
            }
        }
        for (i, c) in v.cookies.iter().enumerate() {
            let at = format!("{file}: cookies[{i}] ({})", c.name);
            if !valid_cookie_name(&c.name) {
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
                if !valid_host(d) {
                    errs.push(format!("{at}: domain {d:?} is not a valid lower-case host name"));
                }
            }
        }
        for (i, s) in v.storage.iter().enumerate() {
            let at = format!("{file}: storage[{i}] ({})", s.name);
            if !matches!(s.kind.as_str(), "local" | "session" | "indexeddb") {
                errs.push(format!("{at}: type {:?} (expected local, session or indexeddb)", s.kind));
            }
            if s.name.trim().is_empty() || s.name.len() > 200 {
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
    let view = index.view();
    // Pool strings by text, so vendor records can point at them instead of
    // repeating them.
    let mut host_str: BTreeMap<String, u32> = BTreeMap::new();
    let mut rule_str: BTreeMap<(String, String, String), (u32, u32, u32)> = BTreeMap::new();
    for e in view.iter() {
        let h = view.host_of(e).to_string();
        host_str.insert(h.clone(), e.host);
        for r in view.rules_of(e) {
            let (p, q) = view.rule_parts(r);
            rule_str.insert((h.clone(), p.to_string(), q.to_string()), (e.host, r.prefix, r.query));
        }
    }

    // Vendor records (see src/core/vendors.rs for the format). The notes
    // (`why`) are kept out of the WebAssembly build: they would cost every
    // page tens of kilobytes; the CLI and the JSON export carry them.
    let with_notes = std::env::var("CARGO_CFG_TARGET_ARCH").map(|a| a != "wasm32").unwrap_or(true);
    let mut data: Vec<u8> = Vec::new();
    let mut at: Vec<u32> = Vec::new();
    for l in &loaded {
        let v = &l.v;
        at.push(data.len() as u32);
        data.push(l.bits);
        for text in [&v.id, &v.name, &v.company, &v.policy] {
            put_str(&mut data, text);
        }
        put_str(&mut data, if with_notes { v.why.trim() } else { "" });
        put_list(&mut data, &v.aka);
        put_list(&mut data, &v.related);
        put_varint(&mut data, v.hosts.len() as u32);
        for h in &v.hosts {
            put_varint(&mut data, host_str[h]);
        }
        put_varint(&mut data, v.paths.len() as u32);
        for p in &v.paths {
            let (h, pr, q) = rule_str[&(p.host.clone(), p.prefix.clone(), p.query.clone())];
            for x in [h, pr, q] {
                put_varint(&mut data, x);
            }
        }
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

    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    let out_dir = Path::new(&out_dir);
    std::fs::write(out_dir.join("vendor_data.bin"), &data).expect("write vendor_data.bin");
    std::fs::write(out_dir.join("vendor_pool.txt"), &index.pool).expect("write vendor_pool.txt");

    let mut out = String::new();
    out.push_str("// @generated by crate/build.rs from crate/vendors/*.toml. Do not edit.\n\n");
    let _ = writeln!(out, "/// Number of built-in vendors.\npub const VENDOR_COUNT: usize = {};", loaded.len());
    let _ = writeln!(out, "static DATA: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/vendor_data.bin\"));");
    let _ = writeln!(out, "static VENDOR_AT: [u32; {}] = {:?};", at.len(), at);
    let _ = writeln!(out, "static POOL: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/vendor_pool.txt\"));");
    let _ = writeln!(out, "static SLOTS: [u16; {}] = {:?};", index.slots.len(), index.slots);
    let _ = write!(out, "static ENTRIES: [Entry; {}] = [", index.entries.len());
    for e in &index.entries {
        let _ = write!(out, "Entry {{ host: {}, vendor: {}, rules: {} }},", e.host, e.vendor, e.rules);
    }
    out.push_str("];\n");
    let _ = write!(out, "static RULES: [Rule; {}] = [", index.rules.len());
    for r in &index.rules {
        let _ = write!(out, "Rule {{ prefix: {}, query: {}, vendor: {} }},", r.prefix, r.query, r.vendor);
    }
    out.push_str("];\n");
    out.push_str(
        "/// The host index over the built-in vendors.\npub static INDEX: HostIndex<'static> = HostIndex { pool: POOL, slots: &SLOTS, entries: &ENTRIES, rules: &RULES };\n",
    );
    std::fs::write(out_dir.join("vendor_table.rs"), out).expect("write vendor_table.rs");
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
    CATEGORIES.iter().position(|(n, _)| *n == name).map(|i| i as u8)
}

/// The most restrictive of a vendor's categories: the default purpose of its
/// cookies.
fn primary_index(bits: u8) -> u8 {
    for (i, (_, b)) in CATEGORIES.iter().enumerate().rev() {
        if bits & b != 0 {
            return i as u8;
        }
    }
    0
}

/// Units and plural forms of the duration texts (`day_one`, `day_few`...).
const UNITS: [&str; 7] = ["second", "minute", "hour", "day", "week", "month", "year"];
const FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// Compiles `i18n/*.toml` into `languages.rs`: the key list (English order,
/// then every duration form), and per language its code, name, direction
/// and texts joined by U+001E. English is the reference: every file must
/// have its keys (plural forms aside) and keep each {placeholder}.
fn compile_languages() {
    println!("cargo:rerun-if-changed=i18n");
    let dir = Path::new("i18n");
    let read = |code: &str| -> Vec<(String, String)> {
        let path = dir.join(format!("{code}.toml"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        table
            .into_iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_else(|| panic!("{code}.toml: {k} is not a string")).to_string()))
            .collect()
    };
    let en = read("en");
    let is_duration = |k: &str| UNITS.iter().any(|u| k.starts_with(&format!("{u}_")));
    let mut keys: Vec<String> = en.iter().map(|(k, _)| k.clone()).filter(|k| k != "name" && k != "dir" && !is_duration(k)).collect();
    // toml::Table is sorted; keep a stable, documented order instead: as in the file.
    let en_text = std::fs::read_to_string(dir.join("en.toml")).unwrap_or_default();
    keys.sort_by_key(|k| en_text.find(&format!("\n{k} =")).unwrap_or(usize::MAX));
    for u in UNITS {
        for f in FORMS {
            keys.push(format!("{u}_{f}"));
        }
    }
    let mut codes: Vec<String> = std::fs::read_dir(dir)
        .expect("crate/i18n/ must exist")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".toml")).map(str::to_string))
        .collect();
    codes.sort();
    codes.retain(|c| c != "en");
    codes.insert(0, "en".to_string());
    let placeholders = |t: &str| -> Vec<String> {
        let mut out: Vec<String> = t.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(a, _)| a.to_string())).collect();
        out.sort();
        out
    };
    let en_map: BTreeMap<String, String> = en.iter().cloned().collect();
    let mut errs = Vec::new();
    let mut out = String::from("// @generated by crate/build.rs from crate/i18n/*.toml. Do not edit.\n\n");
    let _ = writeln!(
        out,
        "/// Text keys: the English file's order, then `<unit>_<plural form>`.\npub const KEYS: [&str; {}] = {:?};",
        keys.len(),
        keys
    );
    let mut langs = Vec::new();
    for code in &codes {
        let map: BTreeMap<String, String> = read(code).into_iter().collect();
        for k in map.keys() {
            if k != "name" && k != "dir" && !keys.contains(k) {
                errs.push(format!("i18n/{code}.toml: unknown key {k}"));
            }
        }
        let mut texts = Vec::new();
        for k in &keys {
            let t = map.get(k).cloned().unwrap_or_default();
            if !is_duration(k) {
                if t.is_empty() {
                    errs.push(format!("i18n/{code}.toml: missing {k}"));
                } else if placeholders(&t) != placeholders(en_map.get(k).map(String::as_str).unwrap_or("")) {
                    errs.push(format!("i18n/{code}.toml: {k} must keep the placeholders of en.toml"));
                }
            } else if k.ends_with("_other") && t.is_empty() {
                errs.push(format!("i18n/{code}.toml: missing {k}"));
            }
            if t.contains('\u{1e}') || t.contains('<') {
                errs.push(format!("i18n/{code}.toml: {k} contains a forbidden character"));
            }
            texts.push(t);
        }
        let name = map.get("name").cloned().unwrap_or_else(|| code.clone());
        let rtl = map.get("dir").map(|d| d == "rtl").unwrap_or(false);
        langs.push((code.clone(), name, rtl, texts.join("\u{1e}")));
    }
    if !errs.is_empty() {
        panic!("\n\nlanguage file errors:\n  {}\n", errs.join("\n  "));
    }
    let _ = writeln!(out, "/// Built-in languages: (code, own name, right-to-left, texts joined by U+001E). English first.");
    let _ = writeln!(out, "pub static LANGS: [(&str, &str, bool, &str); {}] = [", langs.len());
    for (c, n, r, t) in &langs {
        let _ = writeln!(out, "    ({c:?}, {n:?}, {r}, {t:?}),");
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("languages.rs"), out).expect("write languages.rs");
}

/// Writes `ui.min.css`: the banner's stylesheet (`src/web/ui.css`) without
/// its comments and the whitespace the CSS grammar does not need, so that
/// every page carries and parses a third less of it. The rules are
/// conservative: whitespace goes only next to `{ } ; , :` (never before a
/// colon, which may start a pseudo-class after a descendant combinator) and
/// nothing inside quotes is touched. An e2e test checks that the browser
/// reads the same rules from both.
fn minify_stylesheet() {
    println!("cargo:rerun-if-changed=src/web/ui.css");
    let css = std::fs::read_to_string("src/web/ui.css").expect("read src/web/ui.css");
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                space = true;
            }
            '"' | '\'' => {
                if space && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', ':']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => space = true,
            c => {
                let tight = matches!(c, '{' | '}' | ';' | ',');
                if space && !tight && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', ':']) {
                    out.push(' ');
                }
                space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
        }
    }
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("ui.min.css"), out).expect("write ui.min.css");
}
