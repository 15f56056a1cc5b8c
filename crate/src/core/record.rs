//! The stored consent record: one first-party cookie.
//!
//! # Format, version 1
//!
//! ```text
//! 1.fam.k3v9x0q2m8w1z7c4.1764425400.3.1780150200
//! │ │   │                │          │ └ expires (Unix seconds)
//! │ │   │                │          └── configuration revision
//! │ │   │                └───────────── decided at (Unix seconds)
//! │ │   └────────────────────────────── consent id: 16 to 32 of [0-9a-z]
//! │ └────────────────────────────────── granted: letters f, a, m in that
//! │                                     order ("-" for none); necessary is implied
//! └──────────────────────────────────── format version
//! ```
//!
//! # Format, version 2: with decisions on single vendors
//!
//! ```text
//! 2.fam.k3v9x0q2m8w1z7c4.1764425400.3.1780150200.a1kx0b2z-r5s9q01
//!                                                │        └ refused: r, then the key in base 36
//!                                                └───────── allowed: a, then the vendor's key
//! ```
//!
//! A vendor's key is a hash of its id ([`super::consent::vendor_key`]): at
//! most 8 characters a decision, so 200 decisions fit in one cookie under
//! 4 KB with room to spare. A record without such decisions is written as
//! version 1, which earlier builds read; both versions are read.
//!
//! Only cookie-safe characters (digits, letters, `.`, `-`), so the value is
//! never quoted or encoded. Anything that does not parse exactly is treated
//! as no record: the banner comes back and every vendor stays held.

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::{Category, CategorySet};

/// The newest format version (see the module's documentation).
pub const VERSION: u32 = 2;

/// The most decisions on single vendors a record keeps (the newest, when
/// there are more: about 1.6 KB of the cookie).
pub const MAX_VENDORS: usize = 200;

/// A parsed consent record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Granted categories (including `necessary`).
    pub granted: CategorySet,
    /// Random consent id, quoted in receipts so a decision can be proven.
    pub id: String,
    /// When the decision was made (Unix seconds).
    pub decided_at: u64,
    /// The configuration revision the decision was made under.
    pub revision: u32,
    /// When the record stops being valid (Unix seconds).
    pub expires: u64,
    /// Decisions on single vendors: `(vendor key, allowed)`, sorted by key.
    pub vendors: Vec<(u32, bool)>,
}

/// Why a stored value is not a usable record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// Not in the format at all (corrupted, truncated, another tool's cookie).
    Malformed,
    /// A format version this build does not know.
    UnknownVersion,
    /// Past its expiry.
    Expired,
    /// Made under another configuration revision: the site changed what it asks.
    RevisionChanged,
}

impl RecordError {
    /// A sentence for the console.
    pub fn describe(self) -> &'static str {
        match self {
            RecordError::Malformed => "the stored consent record is unreadable (corrupted or written by another tool); asking again",
            RecordError::UnknownVersion => "the stored consent record has an unknown format version; asking again",
            RecordError::Expired => "the stored consent record has expired; asking again",
            RecordError::RevisionChanged => "the site's consent configuration changed (revision); asking again",
        }
    }
}

fn parse_u64(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn valid_id(s: &str) -> bool {
    (16..=32).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
}

impl Record {
    /// Parses a cookie value. Checks the format only; see [`Record::check`].
    pub fn parse(value: &str) -> Result<Record, RecordError> {
        let mut parts = value.trim().split('.');
        let version = parts.next().and_then(parse_u64).ok_or(RecordError::Malformed)?;
        if version != 1 && version != 2 {
            return Err(RecordError::UnknownVersion);
        }
        let cats = parts.next().ok_or(RecordError::Malformed)?;
        let id = parts.next().ok_or(RecordError::Malformed)?;
        let decided_at = parts.next().and_then(parse_u64).ok_or(RecordError::Malformed)?;
        let revision = parts.next().and_then(parse_u64).ok_or(RecordError::Malformed)?;
        let expires = parts.next().and_then(parse_u64).ok_or(RecordError::Malformed)?;
        let vendors = if version == 2 { parse_choices(parts.next().ok_or(RecordError::Malformed)?)? } else { Vec::new() };
        if parts.next().is_some() {
            return Err(RecordError::Malformed);
        }
        let granted = parse_codes(cats).ok_or(RecordError::Malformed)?;
        if !valid_id(id) {
            return Err(RecordError::Malformed);
        }
        let revision = u32::try_from(revision).map_err(|_| RecordError::Malformed)?;
        if expires < decided_at {
            return Err(RecordError::Malformed);
        }
        Ok(Record { granted, id: id.to_string(), decided_at, revision, expires, vendors })
    }

    /// Whether the record may be honoured `now` under configuration `revision`.
    pub fn check(&self, now: u64, revision: u32) -> Result<(), RecordError> {
        if self.revision != revision {
            return Err(RecordError::RevisionChanged);
        }
        if now >= self.expires {
            return Err(RecordError::Expired);
        }
        Ok(())
    }

    /// The cookie value: version 1 without decisions on single vendors,
    /// version 2 with them (at most [`MAX_VENDORS`]).
    pub fn to_value(&self) -> String {
        let mut s = String::with_capacity(64 + 9 * self.vendors.len().min(MAX_VENDORS));
        s.push_str(if self.vendors.is_empty() { "1." } else { "2." });
        let mut any = false;
        for c in [Category::Functional, Category::Analytics, Category::Marketing] {
            if self.granted.contains(c) {
                s.push(c.code() as char);
                any = true;
            }
        }
        if !any {
            s.push('-');
        }
        s.push('.');
        s.push_str(&self.id);
        for n in [self.decided_at, self.revision as u64, self.expires] {
            s.push('.');
            super::text::push_uint(&mut s, n);
        }
        if !self.vendors.is_empty() {
            s.push('.');
            write_choices(&mut s, &self.vendors);
        }
        s
    }
}

/// Decisions on single vendors as the record writes them: `a<key>` or
/// `r<key>` (base 36), joined by `-`; at most [`MAX_VENDORS`] of them.
pub fn write_choices(s: &mut String, choices: &[(u32, bool)]) {
    for (i, (key, allowed)) in choices.iter().take(MAX_VENDORS).enumerate() {
        if i > 0 {
            s.push('-');
        }
        s.push(if *allowed { 'a' } else { 'r' });
        super::text::push_digits(s, u64::from(*key), 36);
    }
}

/// Reads what [`write_choices`] wrote, sorted by key (the last decision on
/// a key wins); `Err` for anything else.
pub fn parse_choices(s: &str) -> Result<Vec<(u32, bool)>, RecordError> {
    let mut out: Vec<(u32, bool)> = Vec::new();
    for item in s.split('-') {
        let mut bytes = item.bytes();
        let allowed = match bytes.next() {
            Some(b'a') => true,
            Some(b'r') => false,
            _ => return Err(RecordError::Malformed),
        };
        let digits = item.get(1..).unwrap_or("");
        if digits.is_empty() || digits.len() > 7 || out.len() >= MAX_VENDORS {
            return Err(RecordError::Malformed);
        }
        let key = u32::from_str_radix(digits, 36).map_err(|_| RecordError::Malformed)?;
        if !digits.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()) {
            return Err(RecordError::Malformed);
        }
        super::consent::set_choice(&mut out, key, allowed);
    }
    Ok(out)
}

/// Turns random bytes into a consent id (20 characters of `[0-9a-z]`, about
/// 100 bits: each character from one random byte).
pub fn id_from_bytes(bytes: &[u8; 16]) -> String {
    let mut out = String::with_capacity(20);
    for i in 0..20u8 {
        let b = bytes.get(usize::from(i % 16)).copied().unwrap_or(0);
        // The last four characters reuse bytes, mixed so they differ.
        let v = if i < 16 { b } else { b.rotate_left(3) ^ 0x5a };
        out.push(super::text::DIGITS.get(usize::from(v % 36)).copied().unwrap_or(b'0') as char);
    }
    out
}

fn parse_codes(s: &str) -> Option<CategorySet> {
    let mut set = CategorySet::NECESSARY;
    if s == "-" {
        return Some(set);
    }
    if s.is_empty() || s.len() > 3 {
        return None;
    }
    let mut last = 0u8;
    for b in s.bytes() {
        let c = Category::from_code(b)?;
        // Letters in canonical order, each once: anything else is not ours.
        let rank = match c {
            Category::Functional => 1,
            Category::Analytics => 2,
            Category::Marketing => 3,
            Category::Necessary => return None,
        };
        if rank <= last {
            return None;
        }
        last = rank;
        set = set.with(c);
    }
    Some(set)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Record {
        Record {
            granted: CategorySet::NECESSARY.with(Category::Analytics).with(Category::Marketing),
            id: "k3v9x0q2m8w1z7c4ab".into(),
            decided_at: 1_764_425_400,
            revision: 3,
            expires: 1_780_150_200,
            vendors: Vec::new(),
        }
    }

    #[test]
    fn round_trip() {
        let r = sample();
        let v = r.to_value();
        assert_eq!(v, "1.am.k3v9x0q2m8w1z7c4ab.1764425400.3.1780150200");
        assert_eq!(Record::parse(&v), Ok(r));
        let none = Record { granted: CategorySet::NECESSARY, ..sample() };
        assert_eq!(Record::parse(&none.to_value()), Ok(none));
    }

    #[test]
    fn version_2_keeps_decisions_on_single_vendors() {
        use crate::core::consent::vendor_key;
        let mut choices = vec![(vendor_key("google-analytics"), false), (vendor_key("clevertap"), true), (0, true), (u32::MAX, false)];
        choices.sort_unstable();
        let r = Record { vendors: choices, ..sample() };
        let v = r.to_value();
        assert!(v.starts_with("2.am.k3v9x0q2m8w1z7c4ab.1764425400.3.1780150200."), "{v}");
        assert!(v.contains(".a0-"), "key 0 first, allowed: {v}");
        assert_eq!(Record::parse(&v), Ok(r));
        // A record of the first version is still read, with no such decisions.
        assert_eq!(Record::parse("1.am.k3v9x0q2m8w1z7c4ab.1764425400.3.1780150200").map(|r| r.vendors), Ok(vec![]));
        // 200 decisions fit in one cookie well under 4 KB.
        let many: Vec<(u32, bool)> = (0..250u32).map(|i| (i.wrapping_mul(2_654_435_761), i % 3 == 0)).collect();
        let mut sorted = many.clone();
        sorted.sort_unstable();
        let full = Record { vendors: sorted, ..sample() }.to_value();
        assert!(full.len() < 2_000, "{} bytes", full.len());
        let back = Record::parse(&full).expect("its own value");
        assert_eq!(back.vendors.len(), MAX_VENDORS);
        for bad in [
            "2.am.k3v9x0q2m8w1z7c4ab.1.0.2",
            "2.am.k3v9x0q2m8w1z7c4ab.1.0.2.",
            "2.am.k3v9x0q2m8w1z7c4ab.1.0.2.x12",
            "2.am.k3v9x0q2m8w1z7c4ab.1.0.2.a",
            "2.am.k3v9x0q2m8w1z7c4ab.1.0.2.azzzzzzz",
            "2.am.k3v9x0q2m8w1z7c4ab.1.0.2.aZZ",
            "2.am.k3v9x0q2m8w1z7c4ab.1.0.2.a1--r2",
            "2.am.k3v9x0q2m8w1z7c4ab.1.0.2.a+1",
        ] {
            assert!(Record::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn validity() {
        let r = sample();
        assert_eq!(r.check(1_770_000_000, 3), Ok(()));
        assert_eq!(r.check(1_780_150_200, 3), Err(RecordError::Expired));
        assert_eq!(r.check(1_770_000_000, 4), Err(RecordError::RevisionChanged));
    }

    #[test]
    fn rejects_anything_else() {
        for bad in [
            "",
            "1",
            "1.ma.k3v9x0q2m8w1z7c4ab.1.0.2",
            "1.aa.k3v9x0q2m8w1z7c4ab.1.0.2",
            "1.x.k3v9x0q2m8w1z7c4ab.1.0.2",
            "1.am.SHORT.1.0.2",
            "1.am.k3v9x0q2m8w1z7c4ab.1.0",
            "1.am.k3v9x0q2m8w1z7c4ab.1.0.2.9",
            "1.am.k3v9x0q2m8w1z7c4ab.5.0.2",
            "1.am.k3v9x0q2m8w1z7c4ab.1.99999999999.2",
            "1.am.k3v9x0q2m8w1z7c4ab.+1.0.2",
            "{\"necessary\":true}",
        ] {
            assert!(Record::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Record::parse("7.am.x.1.0.2"), Err(RecordError::UnknownVersion));
    }

    #[test]
    fn ids_from_bytes() {
        let id = id_from_bytes(&[7; 16]);
        assert_eq!(id.len(), 20);
        assert!(valid_id(&id));
        assert_ne!(id, id_from_bytes(&[8; 16]));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            let _ = Record::parse(&s);
        }

        #[test]
        fn near_misses_never_panic(s in "[0-9a-z.\\-]{0,60}") {
            if let Ok(r) = Record::parse(&s) {
                prop_assert_eq!(Record::parse(&r.to_value()), Ok(r));
            }
        }
    }
}
