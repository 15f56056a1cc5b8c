//! Vendor details: everything a vendor file says besides its id, categories
//! and hosts for classification (those are in [`super::vendors`]): display
//! name, company, privacy-policy link, our notes, other names, related
//! vendors, the markup its script turns into widgets, hosts for display, and the cookies and storage keys it sets with
//! retention and purpose. Compiled by `build.rs`; read by the consent
//! interface (stage 2 in the browser) and the CLI. The blocker never reads
//! them, so they stay out of the module every page loads first.
//!
//! In the browser they are not in the interface's module either (feature
//! `shared-details`): they travel in a file of their own, which the
//! interface loads when something shows them or deletes by them (the
//! dialog, the cookie policy, a placeholder, `vendors()`, a withdrawal)
//! and hands over with `share`. Until then there are no records: every
//! lookup finds nothing.
//!
//! The details are each record's offset (u32, little-endian, counted from
//! the end of the offsets), then one byte record per vendor, decoded on
//! demand:
//!
//! ```text
//! record   = name company policy why aka:list<str> related:list<str>
//!            cookies:list<cookie> storage:list<key>
//! (hosts and path rules, for display, come from the table's own lines;
//! the widgets' selectors are compiled in, see [`widgets`])
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

/// The details' bytes: compiled in, or (feature `shared-details`) as
/// `share` was handed them; empty before that.
fn blob() -> &'static [u8] {
    #[cfg(not(shared_details))]
    return BLOB;
    #[cfg(shared_details)]
    return SHARED.get().copied().unwrap_or(&[]);
}

#[cfg(shared_details)]
static SHARED: std::sync::OnceLock<&'static [u8]> = std::sync::OnceLock::new();

/// Whether `bytes` are the browser's details of this build.
pub fn is_this_build(bytes: &[u8]) -> bool {
    super::checksum::fnv1a(bytes) == WEB_HASH
}

#[cfg(shared_details)]
use super::checksum::ShareError;

/// Hands over the details from the interface's details file (feature
/// `shared-details`), once per page view, after checking that they are
/// this build's (the file's integrity hash protects against tampering;
/// this against a file of another build).
#[cfg(shared_details)]
pub fn share(bytes: Vec<u8>) -> Result<(), ShareError> {
    if !is_this_build(&bytes) {
        return Err(ShareError::OtherBuild);
    }
    if SHARED.get().is_some() {
        return Err(ShareError::Twice);
    }
    let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    SHARED.get_or_init(|| leaked);
    Ok(())
}

/// Whether the details are here: always where they are compiled in; in
/// the interface's module once `share` took them.
pub fn loaded() -> bool {
    !blob().is_empty()
}

/// The browser's form of the details (no notes), as the interface's
/// details file carries them (native builds only: its writer).
#[cfg(not(target_arch = "wasm32"))]
pub fn web_blob() -> &'static [u8] {
    WEB_BLOB
}

struct Reader {
    b: &'static [u8],
    i: usize,
}

impl Reader {
    fn at(index: usize) -> Option<Reader> {
        let all = blob();
        let at = index.checked_mul(4)?;
        let offset = <[u8; 4]>::try_from(all.get(at..at.checked_add(4)?)?).ok()?;
        let offset = u32::from_le_bytes(offset) as usize;
        let records = all.get(VENDOR_COUNT.checked_mul(4)?..)?;
        Some(Reader { b: records, i: offset })
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
    let widgets: Vec<Cow<'static, str>> = widgets(index).iter().map(|w| Cow::Borrowed(*w)).collect();
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

/// The markup built-in vendor number `index`'s script turns into widgets
/// (CSS selectors). Compiled in everywhere, the interface's module too,
/// which must know whether such markup is on the page before it has the
/// details.
pub fn widgets(index: usize) -> &'static [&'static str] {
    match WIDGETS.binary_search_by_key(&index, |(i, _)| usize::from(*i)) {
        Ok(at) => WIDGETS.get(at).map(|(_, w)| *w).unwrap_or(&[]),
        Err(_) => &[],
    }
}

/// Every built-in vendor's widget markup, with the vendor's number.
pub fn all_widgets() -> impl Iterator<Item = (usize, &'static str)> {
    WIDGETS.iter().flat_map(|(i, w)| w.iter().map(move |s| (usize::from(*i), *s)))
}

/// [`widgets`], by vendor id.
pub fn widgets_of(id: &str) -> &'static [&'static str] {
    vendors::by_id(id).map(|(i, _)| widgets(usize::from(i))).unwrap_or(&[])
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
        assert!(widgets_of("x-embeds").contains(&"blockquote.twitter-tweet"));
        assert!(widgets_of("clevertap").is_empty() && widgets_of("no-such-vendor").is_empty());
        assert!(widgets(usize::MAX).is_empty());
    }

    #[test]
    fn bad_indices_are_none() {
        assert!(def(VENDOR_COUNT).is_none());
        assert!(def(usize::MAX).is_none());
        assert!(by_id("no-such-vendor").is_none());
    }

    #[test]
    fn the_browsers_details_are_these_without_the_notes() {
        // The interface's details file is written from web_blob; its hash is
        // the one a module built with shared-details checks.
        let web = web_blob();
        assert!(is_this_build(web));
        assert!(!is_this_build(blob()), "native builds carry the notes");
        let mut altered = web.to_vec();
        if let Some(b) = altered.last_mut() {
            *b ^= 1;
        }
        assert!(!is_this_build(&altered));
        // Record by record, the same but for `why`.
        let read = |bytes: &'static [u8], index: usize| -> Option<(String, usize)> {
            let at = <[u8; 4]>::try_from(bytes.get(index * 4..index * 4 + 4)?).ok()?;
            let mut r = Reader { b: bytes.get(VENDOR_COUNT * 4..)?, i: u32::from_le_bytes(at) as usize };
            Some((format!("{}|{}|{}", r.str()?, r.str()?, r.str()?), r.str()?.len()))
        };
        for i in 0..VENDOR_COUNT {
            let (native, notes) = read(blob(), i).expect("native record");
            let (browser, none) = read(web, i).expect("browser record");
            assert_eq!(native, browser);
            assert_eq!(none, 0, "no notes in the browser's form");
            assert!(notes > 0 || def(i).is_some_and(|d| d.why.is_empty()));
        }
    }
}
