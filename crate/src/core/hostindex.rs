//! The host index: which vendor a host (and, for shared hosts, a path) belongs to.
//!
//! # Layout
//!
//! Host names are matched on label boundaries: an entry for `clevertap.com`
//! matches `clevertap.com` and `eu1.static.clevertap.com`, never
//! `notclevertap.com`. The index is an open-addressing hash table keyed by
//! the *reversed* host, and the hash (FNV-1a over the bytes from the last one
//! to the first) is computed in a single right-to-left pass: when that pass
//! reaches a label boundary, the running hash *is* the hash of the suffix
//! seen so far. So every suffix of `a.b.clevertap.com` is probed for the
//! price of hashing the host once, and a lookup costs the same for a table of
//! ten hosts as for ten thousand (a probe per label, no scanning).
//!
//! ```text
//! pool:    "clevertap.comgoogletagmanager.com/gtag/jsid=G-..."  all strings, once
//! slots:   [u16; 2^k]   entry index + 1, or 0 when empty (load <= 1/2)
//! entries: [Entry]      host (pool offset << 8 | length), vendor, rules (start << 4 | count)
//! rules:   [Rule]       path prefix, query parameter prefix, vendor
//! ```
//!
//! Eight bytes an entry and no stored hashes: the table is small enough to
//! ship in every page. A probe compares the candidate's length first, then
//! its bytes.
//!
//! Shared hosts (`google.com`, `www.googletagmanager.com`) carry path rules,
//! tried in order; the first whose path prefix (and query parameter prefix,
//! if any) matches decides. An entry with no matching rule falls back to its
//! own vendor, and if it has none, to the next shorter suffix.
//!
//! The build script compiles the vendor files into these arrays as statics;
//! the same builder makes tables at run time for site-added vendors and for
//! the benchmarks. This file is shared with `build.rs` and uses nothing from
//! the rest of the crate.

#[allow(unused_imports)]
use crate::prelude::*;

/// Marks "no vendor" in an entry or rule.
pub const NO_VENDOR: u16 = u16::MAX;

/// The longest chain of nested suffix entries one lookup considers.
const MAX_MATCHES: usize = 8;

/// FNV-1a offset basis and prime (32-bit).
const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

/// One step of the reversed-host hash.
#[inline]
pub const fn hash_step(h: u32, byte: u8) -> u32 {
    (h ^ byte.to_ascii_lowercase() as u32).wrapping_mul(FNV_PRIME)
}

/// The hash of a whole host, as the index slots it.
pub fn hash_host(host: &str) -> u32 {
    let mut h = FNV_OFFSET;
    for &b in host.as_bytes().iter().rev() {
        h = hash_step(h, b);
    }
    h
}

/// A string in the pool: offset << 8 | length (strings are at most 255 bytes).
pub type Str = u32;

const fn str_range(s: Str) -> (usize, usize) {
    let start = (s >> 8) as usize;
    (start, start + (s & 0xff) as usize)
}

/// The pool string of `len` bytes at `start` (0 when empty); `None` past
/// 255 bytes or a 16 MB pool.
pub fn pool_str(start: usize, len: usize) -> Option<Str> {
    let len = u8::try_from(len).ok()? as u32;
    if len == 0 {
        return Some(0);
    }
    let start = u32::try_from(start).ok().filter(|s| *s <= 0x00ff_ffff)?;
    Some((start << 8) | len)
}

/// The text of pool string `s` in `pool` ("" if it is not there).
pub fn str_in(pool: &str, s: Str) -> &str {
    let (a, b) = str_range(s);
    pool.get(a..b).unwrap_or("")
}

/// One host in the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The host, lower case.
    pub host: Str,
    /// Vendor for any path no rule claims, or [`NO_VENDOR`].
    pub vendor: u16,
    /// First rule << 4 | number of rules (at most 15).
    pub rules: u16,
}

/// A path rule on a shared host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Path prefix, starting with `/` (see [`path_has_prefix`]).
    pub prefix: Str,
    /// Prefix of one query parameter, `name=value-prefix` (empty: any query).
    pub query: Str,
    /// The vendor this rule assigns (or [`NO_VENDOR`] to exempt the path).
    pub vendor: u16,
}

/// A read-only view of an index; statics and owned tables both lend one.
#[derive(Clone, Copy, Debug)]
pub struct HostIndex<'a> {
    /// All host names, prefixes and parameters.
    pub pool: &'a str,
    /// Hash slots: entry index + 1, 0 = empty. Length is a power of two.
    pub slots: &'a [u16],
    /// The hosts.
    pub entries: &'a [Entry],
    /// The rules, grouped per entry.
    pub rules: &'a [Rule],
}

/// The outcome of a lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// No entry for any suffix of the host.
    None,
    /// A vendor claimed the URL; `u16` is the vendor index.
    Vendor(u16),
    /// A rule explicitly exempted the URL.
    Exempt,
}

impl<'a> HostIndex<'a> {
    /// The text of a pool string.
    pub fn str(&self, s: Str) -> &'a str {
        str_in(self.pool, s)
    }

    /// The host of an entry.
    pub fn host_of(&self, e: &Entry) -> &'a str {
        self.str(e.host)
    }

    /// The prefix and query parameter of a rule.
    pub fn rule_parts(&self, r: &Rule) -> (&'a str, &'a str) {
        (self.str(r.prefix), self.str(r.query))
    }

    /// The rules of an entry.
    pub fn rules_of(&self, e: &Entry) -> &'a [Rule] {
        let start = (e.rules >> 4) as usize;
        self.rules.get(start..start + (e.rules & 15) as usize).unwrap_or(&[])
    }

    fn find(&self, hash: u32, suffix: &[u8]) -> Option<&'a Entry> {
        self.entries.get(self.position(hash, suffix)?)
    }

    /// The position in `entries` of the entry for `suffix` (whose hash is `hash`).
    fn position(&self, hash: u32, suffix: &[u8]) -> Option<usize> {
        let len = self.slots.len();
        if len == 0 {
            return None;
        }
        let mask = len - 1;
        let mut slot = hash as usize & mask;
        for _ in 0..len {
            let v = *self.slots.get(slot)?;
            if v == 0 {
                return None;
            }
            let e = self.entries.get(v as usize - 1)?;
            if (e.host & 0xff) as usize == suffix.len() && self.str(e.host).as_bytes().eq_ignore_ascii_case(suffix) {
                return Some(v as usize - 1);
            }
            slot = (slot + 1) & mask;
        }
        None
    }

    /// Finds the entries for every suffix of `host` that is in the index,
    /// longest first, into `out`; returns how many were found.
    fn suffix_entries(&self, host: &str, out: &mut [Option<&'a Entry>; MAX_MATCHES]) -> usize {
        let b = host.as_bytes();
        let mut h = FNV_OFFSET;
        let mut found = 0usize;
        let mut i = b.len();
        while i > 0 {
            i -= 1;
            let byte = match b.get(i) {
                Some(&x) => x,
                None => break,
            };
            h = hash_step(h, byte);
            let boundary = i == 0 || b.get(i - 1) == Some(&b'.');
            if boundary {
                if let Some(e) = b.get(i..).and_then(|sfx| self.find(h, sfx)) {
                    // Keep the MAX_MATCHES longest matches.
                    if found < MAX_MATCHES {
                        if let Some(slot) = out.get_mut(found) {
                            *slot = Some(e);
                        }
                        found += 1;
                    } else {
                        out.rotate_left(1);
                        if let Some(last) = out.last_mut() {
                            *last = Some(e);
                        }
                    }
                }
            }
        }
        if let Some(part) = out.get_mut(..found) {
            part.reverse();
        }
        found
    }

    /// Looks up a URL's host and path. `path` starts with `/` (or is empty
    /// when unknown); `query` is the query string without `?`.
    pub fn lookup(&self, host: &str, path: &str, query: &str) -> Hit {
        let mut found = [None; MAX_MATCHES];
        let n = self.suffix_entries(host, &mut found);
        for e in found.iter().take(n).flatten() {
            for r in self.rules_of(e) {
                let (prefix, param) = self.rule_parts(r);
                if path_has_prefix(path, prefix) && (param.is_empty() || query_has_param(query, param)) {
                    return if r.vendor == NO_VENDOR { Hit::Exempt } else { Hit::Vendor(r.vendor) };
                }
            }
            if e.vendor != NO_VENDOR {
                return Hit::Vendor(e.vendor);
            }
        }
        Hit::None
    }

    /// Iterates over the entries.
    pub fn iter(&self) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter()
    }
}

/// Whether `path` falls under the rule `prefix`, segment by segment:
/// a segment `*` matches any one segment, a last segment ending in `*`
/// matches any segment starting with the rest, and a prefix ending in `/`
/// matches everything below that directory. So `/tr` matches `/tr` and
/// `/tr/x` but not `/track`; `/firebasejs/*/firebase-analytics*` matches
/// `/firebasejs/10.1.0/firebase-analytics.js`.
pub fn path_has_prefix(path: &str, prefix: &str) -> bool {
    let mut want = prefix.split('/').peekable();
    let mut have = path.split('/');
    while let Some(w) = want.next() {
        let last = want.peek().is_none();
        let Some(h) = have.next() else {
            return false;
        };
        if last {
            return if w.is_empty() {
                true
            } else if let Some(stem) = w.strip_suffix('*') {
                h.starts_with(stem)
            } else {
                h == w
            };
        }
        if w != "*" && w != h {
            return false;
        }
    }
    true
}

/// Whether the query has a parameter starting with `param` (`id=G-`),
/// starting at a parameter boundary.
pub fn query_has_param(query: &str, param: &str) -> bool {
    query.split('&').any(|kv| kv.starts_with(param))
}

/// A map from names (hosts, ids) to numbers, hashed like the index: for
/// building tables in one pass, whatever their size, where a linear search
/// per name would make a site's configuration cost quadratic time.
#[derive(Clone, Debug, Default)]
pub struct NameMap {
    /// Slots: entry index + 1, or 0 when empty (load <= 1/2).
    slots: Vec<u32>,
    /// The names and their numbers.
    entries: Vec<(String, u32)>,
}

impl NameMap {
    fn slot_of(&self, name: &str) -> (usize, Option<usize>) {
        let len = self.slots.len();
        if len == 0 {
            return (0, None);
        }
        let mask = len - 1;
        let mut slot = hash_host(name) as usize & mask;
        for _ in 0..len {
            match self.slots.get(slot).copied() {
                Some(0) | None => return (slot, None),
                Some(v) => {
                    let i = v as usize - 1;
                    if self.entries.get(i).is_some_and(|(n, _)| n == name) {
                        return (slot, Some(i));
                    }
                }
            }
            slot = (slot + 1) & mask;
        }
        (slot, None)
    }

    /// The number of `name`, if it is in the map.
    pub fn get(&self, name: &str) -> Option<u32> {
        let (_, i) = self.slot_of(name);
        self.entries.get(i?).map(|(_, v)| *v)
    }

    /// Puts `name` in the map with `value` (replacing an earlier value).
    pub fn insert(&mut self, name: &str, value: u32) {
        if let (_, Some(i)) = self.slot_of(name) {
            if let Some(e) = self.entries.get_mut(i) {
                e.1 = value;
            }
            return;
        }
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.entries.push((name.to_string(), value));
        let index = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        let (slot, _) = self.slot_of(name);
        if let Some(s) = self.slots.get_mut(slot) {
            *s = index;
        }
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(16);
        self.slots = vec![0; cap];
        let mask = cap - 1;
        for (i, (name, _)) in self.entries.iter().enumerate() {
            let mut slot = hash_host(name) as usize & mask;
            while self.slots.get(slot).is_some_and(|v| *v != 0) {
                slot = (slot + 1) & mask;
            }
            if let Some(s) = self.slots.get_mut(slot) {
                *s = u32::try_from(i + 1).unwrap_or(u32::MAX);
            }
        }
    }
}

/// An index that owns its arrays (built at run time or by the build script).
#[derive(Clone, Debug, Default)]
pub struct OwnedIndex {
    /// See [`HostIndex::pool`].
    pub pool: String,
    /// See [`HostIndex::slots`].
    pub slots: Vec<u16>,
    /// See [`HostIndex::entries`].
    pub entries: Vec<Entry>,
    /// See [`HostIndex::rules`].
    pub rules: Vec<Rule>,
}

/// Builds an index host by host, for a number of hosts known up front.
#[derive(Debug)]
pub struct Builder {
    ix: OwnedIndex,
    mask: usize,
    share: bool,
}

impl Builder {
    /// A builder for `hosts` hosts (at most 32,767); `share_rule_strings`:
    /// see [`OwnedIndex::build_with`].
    pub fn new(hosts: usize, share_rule_strings: bool) -> Result<Builder, BuildError> {
        if hosts > 0x7fff {
            return Err(BuildError::TooLarge);
        }
        let cap = (hosts.max(1) * 2).next_power_of_two();
        let ix = OwnedIndex { slots: vec![0; cap], entries: Vec::with_capacity(hosts), ..OwnedIndex::default() };
        Ok(Builder { ix, mask: cap - 1, share: share_rule_strings })
    }

    /// Adds `host` (lower case) for `vendor` (or [`NO_VENDOR`]), with its path
    /// rules in the order they are tried.
    pub fn add(&mut self, host: &str, vendor: u16, rules: &[(&str, &str, u16)]) -> Result<(), BuildError> {
        let ix = &mut self.ix;
        let hash = hash_host(host);
        if ix.view().find(hash, host.as_bytes()).is_some() {
            return Err(BuildError::DuplicateHost(host.to_string()));
        }
        if ix.entries.len() > self.mask / 2 {
            return Err(BuildError::TooLarge);
        }
        let host_s = ix.intern(host, false)?;
        let start = ix.rules.len();
        if start > 0xfff || rules.len() > 15 {
            return Err(BuildError::TooLarge);
        }
        for (prefix, query, vendor) in rules {
            let prefix = ix.intern(prefix, self.share)?;
            let query = ix.intern(query, self.share)?;
            ix.rules.push(Rule { prefix, query, vendor: *vendor });
        }
        let packed = ((start as u16) << 4) | rules.len() as u16;
        ix.entries.push(Entry { host: host_s, vendor, rules: packed });
        let index = u16::try_from(ix.entries.len()).map_err(|_| BuildError::TooLarge)?;
        place(&mut ix.slots, hash, index)
    }

    /// Whether `host` was added.
    pub fn contains(&self, host: &str) -> bool {
        self.ix.view().find(hash_host(host), host.as_bytes()).is_some()
    }

    /// The index.
    pub fn finish(self) -> OwnedIndex {
        self.ix
    }
}

/// Puts entry number `index` (1-based) in the first free slot from `hash`'s
/// (`slots.len()` is a power of two).
fn place(slots: &mut [u16], hash: u32, index: u16) -> Result<(), BuildError> {
    let mask = slots.len().wrapping_sub(1);
    let mut slot = hash as usize & mask;
    for _ in 0..slots.len() {
        match slots.get_mut(slot) {
            Some(v) if *v == 0 => {
                *v = index;
                return Ok(());
            }
            _ => slot = (slot + 1) & mask,
        }
    }
    Err(BuildError::TooLarge)
}

/// One host to put in an index, as the builder takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostSpec {
    /// Lower-case host name.
    pub host: String,
    /// Vendor for the whole host, or [`NO_VENDOR`] if only rules claim it.
    pub vendor: u16,
    /// `(path prefix, query parameter prefix, vendor)`, in the order tried.
    pub rules: Vec<(String, String, u16)>,
}

/// Why an index could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// The same host appears twice.
    DuplicateHost(String),
    /// Too many entries or rules (more than 32,767 hosts, 4,095 rules, 15 on
    /// one host), or a string longer than 255 bytes.
    TooLarge,
}

impl OwnedIndex {
    /// Builds an index from host specifications. Identical rule strings are
    /// stored once.
    pub fn build(specs: &[HostSpec]) -> Result<OwnedIndex, BuildError> {
        OwnedIndex::build_with(specs, true)
    }

    /// Builds an index; `share_rule_strings` stores identical rule strings
    /// once, at a cost that grows with the square of the number of rules (a
    /// site's own vendors are indexed without it: linear time).
    pub fn build_with(specs: &[HostSpec], share_rule_strings: bool) -> Result<OwnedIndex, BuildError> {
        let mut b = Builder::new(specs.len(), share_rule_strings)?;
        for spec in specs {
            let rules: Vec<(&str, &str, u16)> = spec.rules.iter().map(|(p, q, v)| (p.as_str(), q.as_str(), *v)).collect();
            // (Lower-cased only when it is not already: a site's thousand
            // hosts are, and each copy is an allocation.)
            let lower;
            let host = if spec.host.bytes().any(|c| c.is_ascii_uppercase()) {
                lower = spec.host.to_ascii_lowercase();
                &lower
            } else {
                &spec.host
            };
            b.add(host, spec.vendor, &rules)?;
        }
        Ok(b.finish())
    }

    /// An index whose strings are already in `pool` (the built-in table's
    /// text, whose words are its hosts and rules: nothing is copied or
    /// derived while it is built). `hosts` are the entries (their `rules`
    /// field is set here), each host once; `rules` are `(host, rule)` in
    /// the order tried, grouped by host (a host's occurrences may be
    /// different places in the pool). A host only rules name gets an
    /// entry of its own. One pass each: linear in the table.
    pub fn over(pool: String, mut hosts: Vec<Entry>, rules: &[(Str, Rule)]) -> Result<OwnedIndex, BuildError> {
        let cap = ((hosts.len() + rules.len()).max(1) * 2).next_power_of_two();
        if cap > 0x1_0000 || rules.len() > 0xfff {
            return Err(BuildError::TooLarge);
        }
        let mut slots = vec![0u16; cap];
        for (i, e) in hosts.iter_mut().enumerate() {
            e.rules = 0;
            let (a, b) = str_range(e.host);
            let host = pool.get(a..b).ok_or(BuildError::TooLarge)?;
            place(&mut slots, hash_host(host), u16::try_from(i + 1).map_err(|_| BuildError::TooLarge)?)?;
        }
        let mut ix = OwnedIndex { pool, slots, entries: hosts, rules: Vec::with_capacity(rules.len()) };
        let mut k = 0;
        while let Some(&(host, _)) = rules.get(k) {
            // The same host, wherever in the pool it is spelled.
            let view = ix.view();
            let group = rules.get(k..).unwrap_or(&[]);
            let count = group.iter().take_while(|(h, _)| view.str(*h) == view.str(host)).count();
            let start = ix.rules.len();
            ix.rules.extend(group.iter().take(count).map(|(_, r)| *r));
            if count > 15 {
                return Err(BuildError::TooLarge);
            }
            let packed = ((start as u16) << 4) | count as u16;
            let text = ix.view().str(host);
            let hash = hash_host(text);
            let at = ix.view().position(hash, text.as_bytes());
            match at.and_then(|i| ix.entries.get_mut(i)) {
                Some(e) => e.rules = packed,
                None => {
                    ix.entries.push(Entry { host, vendor: NO_VENDOR, rules: packed });
                    let index = u16::try_from(ix.entries.len()).map_err(|_| BuildError::TooLarge)?;
                    place(&mut ix.slots, hash, index)?;
                }
            }
            k += count.max(1);
        }
        Ok(ix)
    }

    /// Adds a string to the pool (reusing an identical rule string).
    pub fn intern(&mut self, s: &str, reuse_rule_string: bool) -> Result<Str, BuildError> {
        if s.is_empty() {
            return Ok(0);
        }
        // Path prefixes repeat across hosts (`/pagead/`): reuse an earlier one.
        // Rules are few, so the linear search costs nothing; hosts are unique.
        if reuse_rule_string {
            for r in &self.rules {
                for earlier in [r.prefix, r.query] {
                    if self.view().str(earlier) == s {
                        return Ok(earlier);
                    }
                }
            }
        }
        let at = pool_str(self.pool.len(), s.len()).ok_or(BuildError::TooLarge)?;
        self.pool.push_str(s);
        Ok(at)
    }

    /// Borrows the index for lookups.
    pub fn view(&self) -> HostIndex<'_> {
        HostIndex { pool: &self.pool, slots: &self.slots, entries: &self.entries, rules: &self.rules }
    }
}
