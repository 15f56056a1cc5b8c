//! Vendor details: everything a vendor file says besides its id, categories
//! and hosts for classification (those are in [`super::vendors`]): display
//! name, company, privacy-policy link, our notes, other names, related
//! vendors, the markup its script turns into widgets, hosts for display, and the cookies and storage keys it sets with
//! retention and purpose. Compiled by `build.rs`; read by the consent
//! interface (stage 2 in the browser) and the CLI. The blocker never reads
//! them, so they stay out of the module every page loads first.
//!
//! One byte record per vendor, decoded on demand:
//!
//! ```text
//! record   = name company policy why aka:list<str> related:list<str>
//!            widgets:list<str> cookies:list<cookie> storage:list<key>
//! (hosts and path rules, for display, come from the table's own lines)
//! str      = varint length, UTF-8 bytes
//! cookie   = str name, flags:u8, retention:u16le [, str domain if flags & 8]
//! key      = str name, flags:u8, retention:u16le
//! flags    = bit 0 prefix match, bits 1-2 category (necessary, functional,
//!            analytics, marketing), bit 3 has domain, bits 4-5 storage kind
//!            (local, session, indexedDB)
//! retention: 0 session, 0xffff persistent, else count << 3 | unit
//! ```
//!
//! The WebAssembly build leaves the `why` notes out (empty strings); native
//! builds (the CLI, the JSON export) carry them.

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::Category;
use super::retention::{Retention, Unit};
use super::table::{CookieDef, NameMatch, StorageDef, StorageKind, VendorDef};
use super::vendors::{self, VENDOR_COUNT};
use alloc::borrow::Cow;

include!(concat!(env!("OUT_DIR"), "/vendor_details.rs"));

struct Reader {
    b: &'static [u8],
    i: usize,
}

impl Reader {
    fn at(index: usize) -> Option<Reader> {
        let i = *DETAIL_AT.get(index)? as usize;
        Some(Reader { b: DETAILS, i })
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

/// The whole record of built-in vendor number `index`.
pub fn def(index: usize) -> Option<VendorDef> {
    let h = vendors::header(index)?;
    let mut r = Reader::at(index)?;
    let name = r.str()?;
    let company = r.str()?;
    let policy = r.str()?;
    let why = r.str()?;
    let aka = r.strs()?;
    let related = r.strs()?;
    let widgets = r.strs()?;
    let hosts: Vec<Cow<'static, str>> = vendors::hosts(index).map(Cow::Borrowed).collect();
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
        id: Cow::Borrowed(h.id),
        name: Cow::Borrowed(name),
        aka: Cow::Owned(aka),
        company: Cow::Borrowed(company),
        categories: h.categories,
        why: Cow::Borrowed(why),
        policy: Cow::Borrowed(policy),
        related: Cow::Owned(related),
        widgets: Cow::Owned(widgets),
        hosts: Cow::Owned(hosts),
        cookies: Cow::Owned(cookies),
        storage: Cow::Owned(storage),
    })
}

/// The record of the built-in vendor with this id.
pub fn by_id(id: &str) -> Option<VendorDef> {
    let (i, _) = vendors::by_id(id)?;
    def(usize::from(i))
}

/// Every built-in vendor's full record, in id order.
pub fn all() -> impl Iterator<Item = VendorDef> {
    (0..VENDOR_COUNT).filter_map(def)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::category::CategorySet;

    #[test]
    fn records_decode_completely() {
        let all: Vec<VendorDef> = all().collect();
        assert_eq!(all.len(), VENDOR_COUNT);
        let ct = all.iter().find(|v| v.id == "clevertap").expect("clevertap");
        assert_eq!(ct.name, "CleverTap");
        assert_eq!(ct.categories, CategorySet::of(Category::Analytics).with(Category::Marketing));
        assert!(ct.hosts.iter().any(|h| h == "clevertap-prod.com"));
        assert!(ct.hosts.iter().any(|h| h.starts_with("cdn.jsdelivr.net/npm/clevertap-web-sdk")));
        let g = ct.cookies.iter().find(|c| c.name == "WZRK_G").expect("WZRK_G");
        assert_eq!(g.retention, Retention::Span(1, Unit::Year));
        assert_eq!(g.category, Category::Analytics);
        assert!(ct.storage.iter().any(|s| s.name == "WZRK_" && s.matching == NameMatch::Prefix && s.kind == StorageKind::Local));
        assert!(!ct.why.is_empty(), "native builds carry the notes");
        assert!(ct.widgets.is_empty());
        let x = by_id("x-embeds").expect("x-embeds");
        assert!(x.widgets.iter().any(|w| w == "blockquote.twitter-tweet"));
        let ga = by_id("google-analytics").expect("ga");
        assert!(ga.hosts.iter().any(|h| h == "www.googletagmanager.com/gtag/js?id=G-"));
    }

    #[test]
    fn widget_vendors_are_those_with_widgets() {
        // Stage 1's list (which vendors draw widgets) and the details'
        // selectors come from the same files: they must agree.
        let mut with: Vec<String> = Vec::new();
        for (i, v) in all().enumerate() {
            let index = u16::try_from(i).expect("index");
            assert_eq!(vendors::draws_widgets(index), !v.widgets.is_empty(), "{}", v.id);
            assert!(v.widgets.iter().all(|w| crate::core::rules::valid_widget_selector(w)), "{}", v.id);
            if !v.widgets.is_empty() {
                with.push(v.id.to_string());
            }
        }
        assert_eq!(with, ["instagram-embed", "meta-pixel", "tiktok-embed", "x-embeds"]);
        assert!(!vendors::draws_widgets(u16::MAX));
    }

    #[test]
    fn bad_indices_are_none() {
        assert!(def(VENDOR_COUNT).is_none());
        assert!(def(usize::MAX).is_none());
        assert!(by_id("no-such-vendor").is_none());
    }
}
