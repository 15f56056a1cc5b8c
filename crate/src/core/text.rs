//! Small text helpers that avoid Rust's formatting machinery, which would
//! add kilobytes to the wasm module for a handful of numbers in messages
//! and cookie values.

#[allow(unused_imports)]
use crate::prelude::*;

/// Digits of bases up to 36, lower case (numbers in cookie values, consent ids).
pub const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Appends the decimal digits of `n`.
pub fn push_uint(out: &mut String, n: u64) {
    push_digits(out, n, 10);
}

/// Appends the digits of `n` in base `radix` (2 to 36; others are read as 10).
pub fn push_digits(out: &mut String, mut n: u64, radix: u64) {
    let radix = if (2..=36).contains(&radix) { radix } else { 10 };
    // 64 digits: u64::MAX in base 2.
    let mut buf = [0u8; 64];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = DIGITS.get((n % radix) as usize).copied().unwrap_or(b'0');
        }
        n /= radix;
        if n == 0 || i == 0 {
            break;
        }
    }
    for &b in buf.get(i..).unwrap_or(&[]) {
        out.push(b as char);
    }
}

/// Sorts a short slice by key (stable insertion sort). The standard sorts
/// bring several kilobytes of wasm per element type; the lists sorted at run
/// time here (held elements, vendors of a page) are short.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 {
            let (Some(a), Some(b)) = (v.get(j - 1), v.get(j)) else { break };
            if key(a) <= key(b) {
                break;
            }
            // A two-element window, matched: no bounds check that could panic.
            if let Some([x, y]) = v.get_mut(j - 1..j + 1) {
                ::core::mem::swap(x, y);
            }
            j -= 1;
        }
    }
}

/// A retention period in plain English for data output (`vendors()`, the
/// CLI): `session`, `persistent`, `90 days`, `1 year`.
pub fn retention(r: super::retention::Retention) -> String {
    use super::retention::Retention;
    match r {
        Retention::Session => "session".to_string(),
        Retention::Persistent => "persistent".to_string(),
        Retention::Span(n, u) => {
            let mut s = uint(u64::from(n));
            s.push(' ');
            s.push_str(u.name());
            if n != 1 {
                s.push('s');
            }
            s
        }
    }
}

/// The decimal digits of `n`.
pub fn uint(n: u64) -> String {
    let mut s = String::new();
    push_uint(&mut s, n);
    s
}

/// Parses a JSON-style number (`-12`, `3.5`, `1e3`) without the standard
/// float parser. Precision is that of the digits and a power of ten, which
/// is plenty for configuration values. `None` for anything else.
pub fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let neg = b.first() == Some(&b'-');
    if neg {
        i += 1;
    }
    let mut mantissa: u64 = 0;
    let mut exp: i32 = 0;
    let mut digits = 0;
    while let Some(&c) = b.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        if mantissa < (u64::MAX / 10) {
            mantissa = mantissa * 10 + (c - b'0') as u64;
        } else {
            exp = exp.saturating_add(1);
        }
        digits += 1;
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let mut frac = 0;
        while let Some(&c) = b.get(i) {
            if !c.is_ascii_digit() {
                break;
            }
            if mantissa < (u64::MAX / 10) {
                mantissa = mantissa * 10 + (c - b'0') as u64;
                exp = exp.saturating_sub(1);
            }
            frac += 1;
            i += 1;
        }
        if frac == 0 {
            return None;
        }
    }
    if digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e') | Some(b'E')) {
        i += 1;
        let eneg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let mut e: i32 = 0;
        let start = i;
        while let Some(&c) = b.get(i) {
            if !c.is_ascii_digit() {
                break;
            }
            e = e.saturating_mul(10).saturating_add((c - b'0') as i32);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp = exp.saturating_add(if eneg { -e } else { e });
    }
    if i != b.len() {
        return None;
    }
    let v = mantissa as f64 * pow10(exp.clamp(-400, 400));
    Some(if neg { -v } else { v })
}

/// Where `needle` first occurs in `hay` (a plain byte search: `str::find`
/// with a string pattern brings the two-way searcher and its panic paths,
/// some 4 KB of wasm, for texts a few hundred bytes long).
pub fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let first = *n.first()?;
    let last_start = h.len().checked_sub(n.len())?;
    (0..=last_start).find(|&i| h.get(i) == Some(&first) && h.get(i..i + n.len()) == Some(n))
}

/// `hay` with every `from` replaced by `to` (`str::replace`, with [`find_str`]).
pub fn replace_all(hay: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    while let Some(i) = find_str(rest, from) {
        out.push_str(rest.get(..i).unwrap_or(""));
        out.push_str(to);
        rest = rest.get(i + from.len()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// 10 to the power `e`, by repeated squaring: what `f64::powi` computes,
/// without std (the browser module has none).
pub fn pow10(e: i32) -> f64 {
    let (mut base, mut n, mut r) = (10f64, e.unsigned_abs(), 1f64);
    while n > 0 {
        if n & 1 == 1 {
            r *= base;
        }
        base *= base;
        n >>= 1;
    }
    if e < 0 {
        1.0 / r
    } else {
        r
    }
}

/// Whether `n` is a whole number (exact for every value below 2^63 in
/// magnitude, which is all the callers accept): `n.fract() == 0.0` without std.
pub fn is_whole(n: f64) -> bool {
    (n as i64) as f64 == n
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn byte_search_and_replace_agree_with_std() {
        for (hay, needle) in
            [("", "a"), ("a", ""), ("abc", "c"), ("abcabc", "ca"), ("{n} Tage {n}", "{n}"), ("ééé", "é"), ("ab", "abc"), ("x-->y", "-->")]
        {
            let want = if needle.is_empty() { None } else { hay.find(needle) };
            assert_eq!(find_str(hay, needle), want, "{hay:?} {needle:?}");
            if !needle.is_empty() {
                assert_eq!(replace_all(hay, needle, "<>"), hay.replace(needle, "<>"));
            }
        }
        assert_eq!(pow10(3), 1000.0);
        assert_eq!(pow10(-2), 10f64.powi(-2));
        assert_eq!(pow10(400), f64::INFINITY);
        assert_eq!(pow10(-400), 0.0);
        assert!(is_whole(3.0) && is_whole(-7.0) && !is_whole(2.5) && !is_whole(f64::NAN) && !is_whole(f64::INFINITY));
    }

    #[test]
    fn retention_words() {
        use crate::core::retention::{Retention, Unit};
        assert_eq!(retention(Retention::Span(90, Unit::Day)), "90 days");
        assert_eq!(retention(Retention::Span(1, Unit::Year)), "1 year");
        assert_eq!(retention(Retention::Session), "session");
    }

    #[test]
    fn sorts_stably() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_key(&mut v, |x| x.0);
        assert_eq!(v, vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        let mut empty: Vec<u8> = vec![];
        sort_by_key(&mut empty, |x| *x);
    }

    #[test]
    fn numbers() {
        assert_eq!(uint(0), "0");
        assert_eq!(uint(1_764_425_400), "1764425400");
        assert_eq!(uint(u64::MAX), "18446744073709551615");
        assert_eq!(parse_number("42"), Some(42.0));
        assert_eq!(parse_number("-2.5"), Some(-2.5));
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert!((parse_number("1.5E-1").unwrap_or(0.0) - 0.15).abs() < 1e-12);
        for bad in ["", "-", "1.", ".5", "1e", "1x", "--1", "1e+"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }
}
