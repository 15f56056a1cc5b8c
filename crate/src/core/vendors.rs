//! The built-in vendor table, compiled by `build.rs` from `crate/vendors/*.toml`:
//! the part that classification needs, carried by the blocker into every page.
//!
//! One line of text per vendor, in id order:
//!
//! ```text
//! cclevertap clevertap.com clevertap-prod.com … cdn.jsdelivr.net/npm/clevertap-web-sdk
//! ^ categories (one hex digit: necessary 1, functional 2, analytics 4, marketing 8)
//!  ^ id, then its hosts, and its path rules as host/prefix[?query]
//! ```
//!
//! A line that starts `c=` (after the categories) leaves its id out: the id
//! is the first host's, derived by [`super::rules::id_of_host`] (`15gifts.com` is
//! `15gifts-com`), as the generated vendors' ids are.
//!
//! Text, because the ids and the hosts repeat each other (`clevertap`,
//! `clevertap.com`), which gzip finds: this is the smallest form measured for
//! the table on the wire, a third of a hash index compiled in. The blocker
//! reads it at start-up in one pass over its bytes: [`index`] builds the
//! host index (see [`super::hostindex`]) whose strings are the text's own
//! words. At the first classification the position of each line is found
//! (again one pass), so that a vendor's id and categories are found by
//! number, and by id through binary search.
//!
//! Everything else a vendor file says (names, companies, links, cookies and
//! storage keys with retention) is in [`super::details`], which the blocker
//! never reads: only the consent interface and the CLI do.

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::CategorySet;
use super::hostindex::{pool_str, str_in, Entry, OwnedIndex, Rule, Str};
#[cfg(all(test, not(target_arch = "wasm32")))]
use super::hostindex::{Builder, NO_VENDOR};

include!(concat!(env!("OUT_DIR"), "/vendor_table.rs"));

/// What classification needs of a vendor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Categories the table says the vendor needs.
    pub categories: CategorySet,
    /// Stable id.
    pub id: &'static str,
}

/// Where each vendor's line is in the text, and every id: found once.
struct Lines {
    /// Start and end of each line (its categories, then its id or `=`,
    /// hosts and rules).
    at: Vec<(u32, u32)>,
    /// Every vendor's id, one after another: the derived ones cannot be
    /// slices of the text.
    ids: String,
    /// End of each vendor's id in `ids`.
    id_end: Vec<u32>,
}

/// The table's text: compiled in, or (feature `shared-table`) as `share`
/// was handed it; empty before that, which reads as a table of no vendors.
pub fn text() -> &'static str {
    #[cfg(not(shared_table))]
    return TEXT;
    #[cfg(shared_table)]
    return SHARED.get().copied().unwrap_or("");
}

#[cfg(shared_table)]
use super::checksum::ShareError;

/// Whether `text` is the table this module was built with.
pub fn is_this_build(text: &str) -> bool {
    super::checksum::fnv1a(text.as_bytes()) == TEXT_HASH
}

/// Takes the table's text from stage 1, which carries it anyway: the
/// consent interface (feature `shared-table`) is built without it, a tenth
/// of its size. Refused unless it is the text this module was built with
/// (the details records are numbered by its lines); once accepted it lives
/// as long as the page.
#[cfg(shared_table)]
pub fn share(text: String) -> Result<(), ShareError> {
    if !is_this_build(&text) {
        return Err(ShareError::OtherBuild);
    }
    if SHARED.get().is_some() {
        return Err(ShareError::Twice);
    }
    let leaked: &'static str = Box::leak(text.into_boxed_str());
    SHARED.get_or_init(|| leaked);
    Ok(())
}

#[cfg(shared_table)]
static SHARED: Once<&'static str> = Once::new();

fn lines() -> &'static Lines {
    // Before the text is shared there is nothing to find yet: nothing is
    // kept, so the lines are found once it is.
    #[cfg(shared_table)]
    if SHARED.get().is_none() {
        static NONE: Lines = Lines { at: Vec::new(), ids: String::new(), id_end: Vec::new() };
        return &NONE;
    }
    LINES.get_or_init(|| {
        // Byte by byte, like `index`: this runs at the first classification
        // of a page view, on the critical path.
        let b = text().as_bytes();
        let mut l = Lines { at: Vec::with_capacity(VENDOR_COUNT), ids: String::new(), id_end: Vec::with_capacity(VENDOR_COUNT) };
        let mut ids: Vec<u8> = Vec::with_capacity(VENDOR_COUNT * 16);
        let mut start = 0usize;
        while let Some(len) = b.get(start..).and_then(|rest| rest.iter().position(|&c| c == b'\n')) {
            let line = b.get(start..start + len).unwrap_or(&[]);
            // After the categories digit: `=` and the first host (whose
            // dots become dashes in the id), or the id itself.
            let first = line.get(1..).unwrap_or(&[]);
            let first = first.get(..first.iter().position(|&c| c == b' ').unwrap_or(first.len())).unwrap_or(&[]);
            match first.split_first() {
                Some((b'=', host)) => ids.extend(host.iter().map(|&c| if c == b'.' { b'-' } else { c })),
                _ => ids.extend_from_slice(first),
            }
            l.at.push((u32::try_from(start).unwrap_or(u32::MAX), u32::try_from(start + len).unwrap_or(u32::MAX)));
            l.id_end.push(u32::try_from(ids.len()).unwrap_or(u32::MAX));
            start += len + 1;
        }
        // ASCII: the build checks every id and host (and a test reads every
        // id back), so this cannot fail.
        l.ids = String::from_utf8(ids).unwrap_or_default();
        l
    })
}

/// The line of vendor number `index`.
fn line(index: usize) -> Option<&'static str> {
    let (a, b) = *lines().at.get(index)?;
    text().get(a as usize..b as usize)
}

/// The id of vendor number `index`.
fn id(index: usize) -> Option<&'static str> {
    let l = lines();
    let from = match index.checked_sub(1) {
        Some(before) => *l.id_end.get(before)? as usize,
        None => 0,
    };
    l.ids.get(from..*l.id_end.get(index)? as usize)
}

/// Its categories and id, then its hosts and path rules.
fn parts(index: usize) -> Option<(Header, impl Iterator<Item = &'static str>)> {
    let line = line(index)?;
    let cats = u8::from_str_radix(line.get(..1)?, 16).ok()?;
    let rest = line.get(1..)?;
    // `=host ...`: the id is derived and the first word is a host;
    // otherwise the first word is the id.
    let (words, id_words) = match rest.strip_prefix('=') {
        Some(hosts) => (hosts, 0),
        None => (rest, 1),
    };
    let words = words.split(' ').skip(id_words);
    Some((Header { categories: CategorySet::from_bits(cats), id: id(index)? }, words))
}

/// The header of vendor number `index`.
pub fn header(index: usize) -> Option<Header> {
    parts(index).map(|(h, _)| h)
}

/// Whether built-in vendor number `index` turns markup into widgets (the
/// markup is in its details, which only the consent interface reads).
pub fn draws_widgets(index: u16) -> bool {
    WIDGET_VENDORS.contains(&index)
}

/// The hosts and path rules (`host/prefix?query`) of vendor number `index`,
/// as the vendor file gives them.
pub fn hosts(index: usize) -> impl Iterator<Item = &'static str> {
    parts(index).map(|(_, words)| words).into_iter().flatten()
}

/// Splits a path rule `host/prefix?query`.
#[cfg(all(test, not(target_arch = "wasm32")))]
fn rule(word: &str) -> Option<(&str, &str, &str)> {
    let slash = word.find('/')?;
    let (host, rest) = (word.get(..slash)?, word.get(slash..)?);
    let (prefix, query) = rest.split_once('?').unwrap_or((rest, ""));
    Some((host, prefix, query))
}

/// The host index over the built-in vendors, built from the table's text
/// in one pass over its bytes: its hosts and rule strings are the text's
/// own words (nothing is copied, compared or derived), so this costs the
/// blocker little at each page view. `None` only if the table were corrupt
/// (a test decodes it whole): the blocker then fails closed.
pub fn index() -> Option<OwnedIndex> {
    let text = text();
    let b = text.as_bytes();
    // A pool string: bytes `a..z` of the text.
    let at = |a: usize, z: usize| -> Option<Str> { pool_str(a, z.checked_sub(a)?) };
    let mut hosts: Vec<Entry> = Vec::with_capacity(HOST_COUNT);
    let mut rules: Vec<(Str, Rule)> = Vec::new();
    let (mut line, mut vendor) = (0usize, 0usize);
    while line < b.len() {
        let rest = b.get(line..)?;
        let end = line + rest.iter().position(|&c| c == b'\n')?;
        let v = u16::try_from(vendor).ok()?;
        // After the categories digit: `=` and a host, or the id.
        let derived = b.get(line + 1) == Some(&b'=');
        let mut w = if derived { line + 2 } else { line + 1 };
        let mut first = true;
        while w < end {
            let word = b.get(w..end)?;
            let stop = w + word.iter().position(|&c| c == b' ').unwrap_or(word.len());
            let word = b.get(w..stop)?;
            if first && !derived {
                // The id.
            } else if let Some(slash) = word.iter().position(|&c| c == b'/') {
                // A path rule: host/prefix[?query].
                let (slash, q) = (w + slash, word.iter().position(|&c| c == b'?').map(|q| w + q));
                let prefix = at(slash, q.unwrap_or(stop))?;
                let query = match q {
                    Some(q) => at(q + 1, stop)?,
                    None => 0,
                };
                rules.push((at(w, slash)?, Rule { prefix, query, vendor: v }));
            } else {
                hosts.push(Entry { host: at(w, stop)?, vendor: v, rules: 0 });
            }
            first = false;
            w = stop + 1;
        }
        vendor += 1;
        line = end + 1;
    }
    // Rules grouped by host, most specific first (those with a query
    // condition, then longer prefixes), as the build ordered them.
    let s = |x: Str| str_in(text, x);
    super::text::sort_by_key(&mut rules, |(h, r)| (s(*h), r.query == 0, ::core::cmp::Reverse(r.prefix & 0xff), s(r.prefix), s(r.query)));
    let ix = OwnedIndex::over(text.to_string(), hosts, &rules).ok()?;
    (vendor == VENDOR_COUNT && ix.entries.len() == HOST_COUNT).then_some(ix)
}

/// The same index built host by host from the parsed table, as the table's
/// format describes it: what [`index`] must agree with (tested).
#[cfg(all(test, not(target_arch = "wasm32")))]
fn build_index() -> Option<OwnedIndex> {
    // Path rules first, grouped by host, most specific first (those with a
    // query condition, then longer prefixes), as the build ordered them.
    let mut rules: Vec<(&str, &str, &str, u16)> = Vec::new();
    for i in 0..VENDOR_COUNT {
        let v = u16::try_from(i).ok()?;
        rules.extend(hosts(i).filter_map(rule).map(|(h, p, q)| (h, p, q, v)));
    }
    super::text::sort_by_key(&mut rules, |r| (r.0, r.2.is_empty(), ::core::cmp::Reverse(r.1.len()), r.1, r.2));
    let mut b = Builder::new(HOST_COUNT, true).ok()?;
    let mut ruled: Vec<(&str, &str, u16)> = Vec::new();
    let rules_of =
        |host: &str, out: &mut Vec<(&'static str, &'static str, u16)>, all: &[(&'static str, &'static str, &'static str, u16)]| {
            out.clear();
            let from = all.partition_point(|r| r.0 < host);
            out.extend(all.get(from..).unwrap_or(&[]).iter().take_while(|r| r.0 == host).map(|r| (r.1, r.2, r.3)));
        };
    for i in 0..VENDOR_COUNT {
        let v = u16::try_from(i).ok()?;
        for h in hosts(i).filter(|w| !w.contains('/')) {
            rules_of(h, &mut ruled, &rules);
            b.add(h, v, &ruled).ok()?;
        }
    }
    // Hosts that only path rules claim (a hash probe each, not a scan of
    // every host: start-up is linear in the table).
    let mut k = 0;
    while let Some(r) = rules.get(k) {
        let host = r.0;
        let n = rules.get(k..).unwrap_or(&[]).iter().take_while(|x| x.0 == host).count();
        if !b.contains(host) {
            rules_of(host, &mut ruled, &rules);
            b.add(host, NO_VENDOR, &ruled).ok()?;
        }
        k += n.max(1);
    }
    let ix = b.finish();
    (ix.entries.len() == HOST_COUNT).then_some(ix)
}

/// Finds a built-in vendor by id (binary search: the table is sorted by id).
pub fn by_id(id: &str) -> Option<(u16, Header)> {
    let (mut lo, mut hi) = (0usize, VENDOR_COUNT);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let h = header(mid)?;
        match h.id.cmp(id) {
            ::core::cmp::Ordering::Equal => return Some((u16::try_from(mid).ok()?, h)),
            ::core::cmp::Ordering::Less => lo = mid + 1,
            ::core::cmp::Ordering::Greater => hi = mid,
        }
    }
    None
}

/// The line positions, found once.
static LINES: Once<Lines> = Once::new();

/// A value made on first use. In the browser modules (one thread, no std)
/// a plain cell; elsewhere std's `OnceLock`.
#[cfg(not(no_std_module))]
struct Once<T>(std::sync::OnceLock<T>);

#[cfg(not(no_std_module))]
impl<T> Once<T> {
    const fn new() -> Self {
        Once(std::sync::OnceLock::new())
    }
    fn get_or_init(&self, f: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(f)
    }
    #[allow(dead_code)]
    fn get(&self) -> Option<&T> {
        self.0.get()
    }
}

#[cfg(no_std_module)]
struct Once<T>(::core::cell::UnsafeCell<Option<T>>);

// SAFETY: the browser module has one thread (wasm32 without the atomics
// feature, checked in web/mod.rs and guard/src/lib.rs), so the cell is never
// shared between threads.
#[cfg(no_std_module)]
unsafe impl<T> Sync for Once<T> {}

#[cfg(no_std_module)]
impl<T> Once<T> {
    const fn new() -> Self {
        Once(::core::cell::UnsafeCell::new(None))
    }
    fn get_or_init(&self, f: impl FnOnce() -> T) -> &T {
        // SAFETY: one thread; `f` never calls back here (it only reads the
        // static text), so no reference to the cell's content exists while
        // it is written, and after that it is only read.
        unsafe {
            let slot = &mut *self.0.get();
            if slot.is_none() {
                *slot = Some(f());
            }
            match slot {
                Some(v) => v,
                None => ::core::hint::unreachable_unchecked(),
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn the_shared_text_must_be_this_builds() {
        assert!(is_this_build(text()));
        assert!(!is_this_build(""));
        let mut other = text().to_string();
        other.push_str("8=extra.example\n");
        assert!(!is_this_build(&other));
    }
    use crate::core::category::Category;

    #[test]
    fn sorted_and_found_by_id() {
        let ids: Vec<&str> = (0..VENDOR_COUNT).filter_map(header).map(|h| h.id).collect();
        assert_eq!(ids.len(), VENDOR_COUNT);
        assert!(ids.windows(2).all(|w| matches!(w, [a, b] if a < b)));
        let (i, h) = by_id("clevertap").expect("clevertap");
        assert_eq!(h.categories, CategorySet::of(Category::Analytics).with(Category::Marketing));
        assert_eq!(header(i as usize).map(|h| h.id), Some("clevertap"));
        assert!(by_id("no-such-vendor").is_none());
        assert!(by_id("").is_none());
    }

    #[test]
    fn the_compact_host_index_decodes_whole() {
        let ix = index().expect("decodes");
        assert_eq!(ix.entries.len(), HOST_COUNT);
        let v = ix.view();
        assert!(v.iter().any(|e| v.host_of(e) == "clevertap-prod.com"));
        let (ct, _) = by_id("clevertap").expect("clevertap");
        assert_eq!(v.lookup("eu1.clevertap-prod.com", "/a", ""), crate::core::hostindex::Hit::Vendor(ct));
    }

    /// A host, its vendor and its rules (prefix, query, vendor) in order.
    type Held = (String, u16, Vec<(String, String, u16)>);

    /// Every host with its vendor and its rules, as an index holds them.
    fn contents(ix: &OwnedIndex) -> Vec<Held> {
        let v = ix.view();
        let mut all: Vec<_> = v
            .iter()
            .map(|e| {
                let rules = v.rules_of(e).iter().map(|r| (v.rule_parts(r).0.to_string(), v.rule_parts(r).1.to_string(), r.vendor));
                (v.host_of(e).to_string(), e.vendor, rules.collect())
            })
            .collect();
        all.sort();
        all
    }

    #[test]
    fn the_one_pass_index_is_the_one_the_table_describes() {
        let fast = index().expect("one pass");
        let reference = build_index().expect("host by host");
        assert_eq!(contents(&fast), contents(&reference));
        assert!(fast.rules.len() > 10, "the table has path rules");
        // And it answers the same for every host and rule (its slots work).
        let (f, r) = (fast.view(), reference.view());
        for e in r.iter() {
            let host = r.host_of(e);
            assert_eq!(f.lookup(host, "/", ""), r.lookup(host, "/", ""), "{host}");
            assert_eq!(f.lookup(&["x.", host].concat(), "/a", ""), r.lookup(&["x.", host].concat(), "/a", ""), "{host}");
            for rule in r.rules_of(e) {
                let (prefix, query) = r.rule_parts(rule);
                assert_eq!(f.lookup(host, prefix, query), r.lookup(host, prefix, query), "{host}{prefix}?{query}");
            }
        }
    }

    #[test]
    fn bad_indices_are_none() {
        assert!(header(VENDOR_COUNT).is_none());
        assert!(header(usize::MAX).is_none());
    }
}
