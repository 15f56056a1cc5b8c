//! Consent receipts: one JSON document per decision, POSTed to the site's
//! `logEndpoint` so the operator can prove what a visitor chose, when, and
//! under which configuration.
//!
//! ```json
//! {"v":1,"id":"k3v9x0q2m8w1z7c4ab12","decidedAt":"2026-11-29T15:30:00Z","expires":"2027-05-30T15:30:00Z",
//!  "granted":["necessary","analytics"],"denied":["functional","marketing"],"revision":3,
//!  "vendors":{"clevertap":true,"hotjar":false},
//!  "source":"banner","mode":"opt-in","gpc":false,"language":"de","url":"https://shop.example/","consentry":"0.1.0"}
//! ```

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::{Category, CategorySet};
use super::json::write_str;
use super::record::Record;
use super::text::push_uint;

/// What the receipt says about how the choice was made.
pub struct Context<'a> {
    /// `banner`, `preferences`, `api`, `gpc` or `do-not-sell`.
    pub source: &'a str,
    /// `opt-in` or `opt-out`.
    pub mode: &'a str,
    /// Whether the browser sent Global Privacy Control.
    pub gpc: bool,
    /// The banner's language.
    pub language: &'a str,
    /// The page, without query and fragment.
    pub url: &'a str,
    /// Consentry's version.
    pub version: &'a str,
    /// The visitor's decisions on single vendors: `(vendor id, allowed)`.
    pub vendors: &'a [(String, bool)],
}

fn push_list(out: &mut String, set: CategorySet, want: bool) {
    out.push('[');
    let mut first = true;
    for c in Category::ALL {
        if set.contains(c) == want {
            if !first {
                out.push(',');
            }
            first = false;
            write_str(out, c.name());
        }
    }
    out.push(']');
}

/// Unix seconds as an RFC 3339 UTC timestamp (`2026-11-29T15:30:00Z`).
pub fn iso8601(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    // Civil from days (Howard Hinnant's algorithm), for dates after 1970.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let mut s = String::with_capacity(20);
    let two = |s: &mut String, v: u64| {
        if v < 10 {
            s.push('0');
        }
        push_uint(s, v);
    };
    push_uint(&mut s, y.max(0) as u64);
    s.push('-');
    two(&mut s, m as u64);
    s.push('-');
    two(&mut s, d as u64);
    s.push('T');
    two(&mut s, rem / 3600);
    s.push(':');
    two(&mut s, rem % 3600 / 60);
    s.push(':');
    two(&mut s, rem % 60);
    s.push('Z');
    s
}

/// The receipt for a stored record.
pub fn json(r: &Record, cx: &Context<'_>) -> String {
    let mut o = String::with_capacity(400);
    o.push_str("{\"v\":1,\"id\":");
    write_str(&mut o, &r.id);
    o.push_str(",\"decidedAt\":");
    write_str(&mut o, &iso8601(r.decided_at));
    o.push_str(",\"expires\":");
    write_str(&mut o, &iso8601(r.expires));
    o.push_str(",\"granted\":");
    push_list(&mut o, r.granted, true);
    o.push_str(",\"denied\":");
    push_list(&mut o, r.granted, false);
    o.push_str(",\"vendors\":{");
    for (i, (id, allowed)) in cx.vendors.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        write_str(&mut o, id);
        o.push_str(if *allowed { ":true" } else { ":false" });
    }
    o.push('}');
    o.push_str(",\"revision\":");
    push_uint(&mut o, u64::from(r.revision));
    for (k, v) in [("source", cx.source), ("mode", cx.mode)] {
        o.push_str(",\"");
        o.push_str(k);
        o.push_str("\":");
        write_str(&mut o, v);
    }
    o.push_str(",\"gpc\":");
    o.push_str(if cx.gpc { "true" } else { "false" });
    for (k, v) in [("language", cx.language), ("url", cx.url), ("consentry", cx.version)] {
        o.push_str(",\"");
        o.push_str(k);
        o.push_str("\":");
        write_str(&mut o, v);
    }
    o.push('}');
    o
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_764_430_200), "2025-11-29T15:30:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn receipt_is_json() {
        let r = Record {
            granted: CategorySet::NECESSARY.with(Category::Analytics),
            id: "k3v9x0q2m8w1z7c4ab12".into(),
            decided_at: 1_764_430_200,
            revision: 3,
            expires: 1_780_150_200,
            vendors: Vec::new(),
        };
        let vendors = [("clevertap".to_string(), true), ("hotjar".to_string(), false)];
        let cx = Context {
            source: "banner",
            mode: "opt-in",
            gpc: false,
            language: "de",
            url: "https://shop.example/a\"b",
            version: "0.1.0",
            vendors: &vendors,
        };
        let j = json(&r, &cx);
        let v = crate::core::json::parse(&j).expect("valid JSON");
        assert_eq!(v.get("granted").and_then(|g| g.as_array()).map(|a| a.len()), Some(2));
        assert_eq!(v.get("denied").and_then(|g| g.as_array()).map(|a| a.len()), Some(2));
        assert_eq!(v.get("url").and_then(|u| u.as_str()), Some("https://shop.example/a\"b"));
        assert_eq!(v.get("decidedAt").and_then(|u| u.as_str()), Some("2025-11-29T15:30:00Z"));
        let decisions = v.get("vendors");
        assert_eq!(decisions.and_then(|d| d.get("clevertap")).and_then(|x| x.as_bool()), Some(true));
        assert_eq!(decisions.and_then(|d| d.get("hotjar")).and_then(|x| x.as_bool()), Some(false));
    }
}
