//! The built-in vendor table, compiled by `build.rs` from `crate/vendors/*.toml`.
//!
//! Two parts, both statics, nothing built or parsed at start-up:
//!
//! - [`INDEX`], the host index (see [`super::hostindex`]) mapping hosts and
//!   path rules to vendor numbers;
//! - the vendor records: one byte string per vendor, sorted by id, read on
//!   demand. Strings are stored inline, where gzip finds their repetitions;
//!   host names point into the index's pool instead of being repeated.
//!
//! ```text
//! record   = categories:u8 id name company policy why
//!            aka:list<str> related:list<str>
//!            hosts:list<ref> paths:list<(ref host, ref prefix, ref query)>
//!            cookies:list<cookie> storage:list<key>
//! str      = varint length, UTF-8 bytes          ref = varint pool string
//! cookie   = str name, flags:u8, retention:u16le [, str domain if flags & 8]
//! key      = str name, flags:u8, retention:u16le
//! flags    = bit 0 prefix match, bits 1-2 category (necessary, functional,
//!            analytics, marketing), bit 3 has domain, bits 4-5 storage kind
//!            (local, session, indexedDB)
//! retention: 0 session, 0xffff persistent, else count << 3 | unit
//! ```
//!
//! The WebAssembly build leaves the `why` notes out (empty strings): they
//! would cost every page tens of kilobytes. Native builds (the CLI, the JSON
//! export) carry them.

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::{Category, CategorySet};
use super::hostindex::{Entry, HostIndex, Rule};
use super::retention::{Retention, Unit};
use super::table::{CookieDef, NameMatch, StorageDef, StorageKind, VendorDef};
use alloc::borrow::Cow;

include!(concat!(env!("OUT_DIR"), "/vendor_table.rs"));

/// The fields needed on hot paths, without decoding the whole record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Categories the table says the vendor needs.
    pub categories: CategorySet,
    /// Stable id.
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
}

struct Reader {
    b: &'static [u8],
    i: usize,
}

impl Reader {
    fn at(index: usize) -> Option<Reader> {
        let i = *VENDOR_AT.get(index)? as usize;
        Some(Reader { b: DATA, i })
    }

    fn byte(&mut self) -> Option<u8> {
        let v = *self.b.get(self.i)?;
        self.i += 1;
        Some(v)
    }

    fn varint(&mut self) -> Option<u32> {
        let mut v: u32 = 0;
        for shift in [0u32, 7, 14, 21, 28] {
            let b = self.byte()?;
            v |= u32::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn u16(&mut self) -> Option<u16> {
        let lo = self.byte()?;
        let hi = self.byte()?;
        Some(u16::from_le_bytes([lo, hi]))
    }

    fn str(&mut self) -> Option<&'static str> {
        let len = self.varint()? as usize;
        let bytes = self.b.get(self.i..self.i.checked_add(len)?)?;
        self.i += len;
        ::core::str::from_utf8(bytes).ok()
    }

    fn strs(&mut self) -> Option<Vec<Cow<'static, str>>> {
        let n = self.varint()?;
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(Cow::Borrowed(self.str()?));
        }
        Some(out)
    }

    fn pool(&mut self) -> Option<&'static str> {
        Some(INDEX.str(self.varint()?))
    }
}

const CATEGORY_BY_INDEX: [Category; 4] = [Category::Necessary, Category::Functional, Category::Analytics, Category::Marketing];

fn category(flags: u8) -> Category {
    CATEGORY_BY_INDEX.get(usize::from((flags >> 1) & 3)).copied().unwrap_or(Category::Marketing)
}

fn retention(v: u16) -> Retention {
    match v {
        0 => Retention::Session,
        0xffff => Retention::Persistent,
        _ => match Unit::ALL.get(usize::from(v & 7)) {
            Some(u) => Retention::Span(v >> 3, *u),
            None => Retention::Persistent,
        },
    }
}

/// The header of vendor number `index`.
pub fn header(index: usize) -> Option<Header> {
    let mut r = Reader::at(index)?;
    let categories = CategorySet::from_bits(r.byte()?);
    let id = r.str()?;
    let name = r.str()?;
    Some(Header { categories, id, name })
}

/// The whole record of vendor number `index`.
pub fn def(index: usize) -> Option<VendorDef> {
    let mut r = Reader::at(index)?;
    let categories = CategorySet::from_bits(r.byte()?);
    let id = r.str()?;
    let name = r.str()?;
    let company = r.str()?;
    let policy = r.str()?;
    let why = r.str()?;
    let aka = r.strs()?;
    let related = r.strs()?;
    let mut hosts: Vec<Cow<'static, str>> = Vec::new();
    for _ in 0..r.varint()? {
        hosts.push(Cow::Borrowed(r.pool()?));
    }
    for _ in 0..r.varint()? {
        let (h, p, q) = (r.pool()?, r.pool()?, r.pool()?);
        let mut s = String::with_capacity(h.len() + p.len() + q.len() + 1);
        s.push_str(h);
        s.push_str(p);
        if !q.is_empty() {
            s.push('?');
            s.push_str(q);
        }
        hosts.push(Cow::Owned(s));
    }
    let mut cookies = Vec::new();
    for _ in 0..r.varint()? {
        let name = r.str()?;
        let flags = r.byte()?;
        let ret = retention(r.u16()?);
        let domain = if flags & 8 != 0 { Some(Cow::Borrowed(r.str()?)) } else { None };
        let matching = if flags & 1 != 0 { NameMatch::Prefix } else { NameMatch::Exact };
        cookies.push(CookieDef { name: Cow::Borrowed(name), matching, retention: ret, category: category(flags), domain });
    }
    let mut storage = Vec::new();
    for _ in 0..r.varint()? {
        let name = r.str()?;
        let flags = r.byte()?;
        let ret = retention(r.u16()?);
        let kind = match (flags >> 4) & 3 {
            0 => StorageKind::Local,
            1 => StorageKind::Session,
            _ => StorageKind::IndexedDb,
        };
        let matching = if flags & 1 != 0 { NameMatch::Prefix } else { NameMatch::Exact };
        storage.push(StorageDef { kind, name: Cow::Borrowed(name), matching, retention: ret, category: category(flags) });
    }
    Some(VendorDef {
        id: Cow::Borrowed(id),
        name: Cow::Borrowed(name),
        aka: Cow::Owned(aka),
        company: Cow::Borrowed(company),
        categories,
        why: Cow::Borrowed(why),
        policy: Cow::Borrowed(policy),
        related: Cow::Owned(related),
        hosts: Cow::Owned(hosts),
        cookies: Cow::Owned(cookies),
        storage: Cow::Owned(storage),
    })
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

/// Every built-in vendor's full record, in id order.
pub fn all() -> impl Iterator<Item = VendorDef> {
    (0..VENDOR_COUNT).filter_map(def)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_found_by_id() {
        let ids: Vec<&str> = (0..VENDOR_COUNT).filter_map(header).map(|h| h.id).collect();
        assert_eq!(ids.len(), VENDOR_COUNT);
        assert!(ids.windows(2).all(|w| matches!(w, [a, b] if a < b)));
        let (i, h) = by_id("clevertap").expect("clevertap");
        assert_eq!(h.name, "CleverTap");
        assert_eq!(header(i as usize).map(|h| h.id), Some("clevertap"));
        assert!(by_id("no-such-vendor").is_none());
        assert!(by_id("").is_none());
    }

    #[test]
    fn records_decode_completely() {
        let all: Vec<VendorDef> = all().collect();
        assert_eq!(all.len(), VENDOR_COUNT);
        let ct = all.iter().find(|v| v.id == "clevertap").expect("clevertap");
        assert_eq!(ct.categories, CategorySet::of(Category::Analytics).with(Category::Marketing));
        assert!(ct.hosts.iter().any(|h| h == "clevertap-prod.com"));
        assert!(ct.hosts.iter().any(|h| h.starts_with("cdn.jsdelivr.net/npm/clevertap-web-sdk")));
        let g = ct.cookies.iter().find(|c| c.name == "WZRK_G").expect("WZRK_G");
        assert_eq!(g.retention, Retention::Span(1, Unit::Year));
        assert_eq!(g.category, Category::Analytics);
        assert!(ct.storage.iter().any(|s| s.name == "WZRK_" && s.matching == NameMatch::Prefix && s.kind == StorageKind::Local));
        assert!(!ct.why.is_empty(), "native builds carry the notes");
        let ga = all.iter().find(|v| v.id == "google-analytics").expect("ga");
        assert!(ga.hosts.iter().any(|h| h == "www.googletagmanager.com/gtag/js?id=G-"));
    }

    #[test]
    fn bad_indices_are_none() {
        assert!(header(VENDOR_COUNT).is_none());
        assert!(def(usize::MAX).is_none());
    }
}
