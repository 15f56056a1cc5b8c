//! Character references in attribute values, decoded as the HTML tokenizer
//! decodes them: named references (with the legacy names that need no `;`,
//! and the attribute-value rule that leaves `&not=` and `&notx` alone),
//! numeric references with or without `;` and the standard's replacements,
//! `NUL` as U+FFFD, and `CR`/`CRLF` as `LF`.
//!
//! A vendor URL written `https://ads&period;example/` or
//! `https://ads&#46example/` is fetched from `ads.example`: reading it any
//! other way lets it through. One decoder ([`decode_attr`]) serves the
//! runtime's markup reader and the static rewriter; only the table of names
//! differs:
//!
//! - `Full` (feature `charrefs`, for the CLI and the Node rewriter): every
//!   name of the HTML standard, from `web_atoms` (html5ever's table).
//! - [`Short`]: the 106 legacy names and the names that stand for an ASCII
//!   character, a few hundred bytes. It settles every reference not ended by
//!   `;` (only legacy names can match those), and `&amp;` and its kind; for
//!   any other `&name;` it answers [`Named::Unknown`], and the blocker asks
//!   the browser's own tokenizer (see `web::dom::decode_reference`). So
//!   stage 1 does without the 2,231-name table, and is exact.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::borrow::Cow;

/// What a table says of the text after an `&`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named {
    /// The longest name the text starts with: its length in bytes (with its
    /// `;` if the name has one) and the one or two characters it stands for.
    Found(usize, char, Option<char>),
    /// No name: the `&` is text.
    None,
    /// This table cannot tell.
    Unknown,
}

/// A table of named character references.
pub trait NamedRefs {
    /// The longest name of the table that `after_amp` starts with.
    fn longest(&self, after_amp: &str) -> Named;
}

/// A reference the table could not settle: the value needs a larger table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsettled;

/// The standard's replacements for numeric references to C1 controls
/// (`&#128;` is `€`, as in windows-1252). The others in 0x80..=0x9F stay.
const C1: [(u8, char); 27] = [
    (0x80, '\u{20AC}'),
    (0x82, '\u{201A}'),
    (0x83, '\u{0192}'),
    (0x84, '\u{201E}'),
    (0x85, '\u{2026}'),
    (0x86, '\u{2020}'),
    (0x87, '\u{2021}'),
    (0x88, '\u{02C6}'),
    (0x89, '\u{2030}'),
    (0x8A, '\u{0160}'),
    (0x8B, '\u{2039}'),
    (0x8C, '\u{0152}'),
    (0x8E, '\u{017D}'),
    (0x91, '\u{2018}'),
    (0x92, '\u{2019}'),
    (0x93, '\u{201C}'),
    (0x94, '\u{201D}'),
    (0x95, '\u{2022}'),
    (0x96, '\u{2013}'),
    (0x97, '\u{2014}'),
    (0x98, '\u{02DC}'),
    (0x99, '\u{2122}'),
    (0x9A, '\u{0161}'),
    (0x9B, '\u{203A}'),
    (0x9C, '\u{0153}'),
    (0x9E, '\u{017E}'),
    (0x9F, '\u{0178}'),
];

/// The character a numeric reference to `n` stands for.
fn numeric_char(n: u32) -> char {
    if let Ok(b) = u8::try_from(n) {
        if let Some((_, c)) = C1.iter().find(|(k, _)| *k == b) {
            return *c;
        }
    }
    // 0, surrogates and anything past U+10FFFF are U+FFFD; `from_u32`
    // refuses exactly the last two.
    if n == 0 {
        return '\u{FFFD}';
    }
    char::from_u32(n).unwrap_or('\u{FFFD}')
}

/// Reads a numeric reference; `s` starts after `&#`. Returns the character
/// and the bytes read after `&#`, or `None` when no digit follows (the `&`
/// is then text).
fn numeric(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let hex = matches!(b.first(), Some(b'x' | b'X'));
    let radix = if hex { 16 } else { 10 };
    let start = usize::from(hex);
    let mut i = start;
    let mut n: u32 = 0;
    while let Some(d) = b.get(i).and_then(|&c| char::from(c).to_digit(radix)) {
        // Past U+10FFFF the value no longer matters: it stays "too large".
        n = n.saturating_mul(radix).saturating_add(d).min(0x11_0000);
        i += 1;
    }
    if i == start {
        return None;
    }
    if b.get(i) == Some(&b';') {
        i += 1;
    }
    Some((numeric_char(n), i))
}

/// Decodes an attribute value's character references as the tokenizer
/// does (see the module documentation), with `refs` for the names.
/// `Err(Unsettled)` when `refs` answered [`Named::Unknown`].
pub fn decode_attr<'v>(raw: &'v str, refs: &dyn NamedRefs) -> Result<Cow<'v, str>, Unsettled> {
    if !raw.bytes().any(|b| b == b'&' || b == b'\r' || b == 0) {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(p) = rest.bytes().position(|b| b == b'&' || b == b'\r' || b == 0) {
        out.push_str(rest.get(..p).unwrap_or(""));
        let at = rest.get(p..).unwrap_or("");
        let after = at.get(1..).unwrap_or("");
        if at.starts_with('\r') {
            out.push('\n');
            rest = after.strip_prefix('\n').unwrap_or(after);
            continue;
        }
        if at.starts_with('\0') {
            out.push('\u{FFFD}');
            rest = after;
            continue;
        }
        // An `&`.
        if let Some(num) = after.strip_prefix('#') {
            match numeric(num) {
                Some((c, used)) => {
                    out.push(c);
                    rest = num.get(used..).unwrap_or("");
                }
                None => {
                    out.push('&');
                    rest = after;
                }
            }
            continue;
        }
        if !after.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) {
            out.push('&');
            rest = after;
            continue;
        }
        match refs.longest(after) {
            Named::Unknown => return Err(Unsettled),
            Named::Found(len, c, c2) => {
                let name = after.get(..len).unwrap_or("");
                let next = after.as_bytes().get(len).copied();
                // In an attribute value a name not ended by `;` and followed
                // by `=` or a letter or digit is text (`?a=1&not=2`).
                let kept = !name.ends_with(';') && next.is_some_and(|n| n == b'=' || n.is_ascii_alphanumeric());
                if kept {
                    out.push('&');
                    rest = after;
                } else {
                    out.push(c);
                    if let Some(c2) = c2 {
                        out.push(c2);
                    }
                    rest = after.get(len..).unwrap_or("");
                }
            }
            Named::None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// [`decode_attr`], reading a reference `refs` cannot settle as text. Only
/// for a table that can answer [`Named::Unknown`] and no better one at hand.
pub fn decode_attr_or_text<'v>(raw: &'v str, refs: &dyn NamedRefs) -> Cow<'v, str> {
    struct Settled<'r>(&'r dyn NamedRefs);
    impl NamedRefs for Settled<'_> {
        fn longest(&self, s: &str) -> Named {
            match self.0.longest(s) {
                Named::Unknown => Named::None,
                n => n,
            }
        }
    }
    decode_attr(raw, &Settled(refs)).unwrap_or(Cow::Borrowed(raw))
}

/// The legacy names: the only ones the tokenizer reads without a `;`. Each
/// stands for one character below U+0100, and is a name with `;` too.
/// Checked against the full table by the tests.
const LEGACY: Table = Table {
    names: "AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH Eacute Ecirc Egrave Euml \
        GT Iacute Icirc Igrave Iuml LT Ntilde Oacute Ocirc Ograve Oslash Otilde Ouml QUOT REG \
        THORN Uacute Ucirc Ugrave Uuml Yacute aacute acirc acute aelig agrave amp aring atilde \
        auml brvbar ccedil cedil cent copy curren deg divide eacute ecirc egrave eth euml frac12 \
        frac14 frac34 gt iacute icirc iexcl igrave iquest iuml laquo lt macr micro middot nbsp not \
        ntilde oacute ocirc ograve ordf ordm oslash otilde ouml para plusmn pound quot raquo reg \
        sect shy sup1 sup2 sup3 szlig thorn times uacute ucirc ugrave uml uuml yacute yen yuml",
    codes: &[
        198, 38, 193, 194, 192, 197, 195, 196, 169, 199, 208, 201, 202, 200, 203, 62, 205, 206, 204, 207, 60, 209, 211, 212, 210, 216, 213,
        214, 34, 174, 222, 218, 219, 217, 220, 221, 225, 226, 180, 230, 224, 38, 229, 227, 228, 166, 231, 184, 162, 169, 164, 176, 247,
        233, 234, 232, 240, 235, 189, 188, 190, 62, 237, 238, 161, 236, 191, 239, 171, 60, 175, 181, 183, 160, 172, 241, 243, 244, 242,
        170, 186, 248, 245, 246, 182, 177, 163, 34, 187, 174, 167, 173, 185, 178, 179, 223, 254, 215, 250, 251, 249, 168, 252, 253, 165,
        255,
    ],
};

/// The names with `;` that stand for an ASCII character and are not legacy
/// names (`&period;`, `&NewLine;`, `&sol;`...): the ones a URL is most
/// likely to be written with. Checked against the full table.
const ASCII: Table = Table {
    names: "DiacriticalGrave Hat NewLine Tab UnderBar VerticalLine apos ast bsol colon comma commat \
        dollar equals excl grave lbrace lbrack lcub lowbar lpar lsqb midast num percnt period plus \
        quest rbrace rbrack rcub rpar rsqb semi sol verbar vert",
    codes: &[
        96, 94, 10, 9, 95, 124, 39, 42, 92, 58, 44, 64, 36, 61, 33, 96, 123, 91, 123, 95, 40, 91, 42, 35, 37, 46, 43, 63, 125, 93, 125, 41,
        93, 59, 47, 124, 124,
    ],
};

/// Names and the character each stands for, packed: the names in one
/// string, space-separated, and their characters (all below U+0100) in the
/// same order. A few hundred bytes; searched only after an `&` followed by
/// a letter or digit.
struct Table {
    names: &'static str,
    codes: &'static [u8],
}

impl Table {
    fn find(&self, name: &str) -> Option<char> {
        let i = self.names.split(' ').position(|n| n == name)?;
        self.codes.get(i).map(|&c| char::from(c))
    }

    #[cfg(all(test, not(target_arch = "wasm32")))]
    fn entries(&self) -> Vec<(String, u32)> {
        self.names.split(' ').zip(self.codes).map(|(n, c)| (n.to_string(), u32::from(*c))).collect()
    }
}

/// The short table (see the module documentation).
pub struct Short;

impl NamedRefs for Short {
    fn longest(&self, s: &str) -> Named {
        let run = s.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = s.get(..run).unwrap_or("");
        if s.as_bytes().get(run) == Some(&b';') {
            // `name;` is the longest match if the standard has it; this
            // table knows it only if it is a legacy or an ASCII name.
            return match LEGACY.find(name).or_else(|| ASCII.find(name)) {
                Some(c) => Named::Found(run + 1, c, None),
                None => Named::Unknown,
            };
        }
        // No `;` after the letters and digits: only a legacy name can match,
        // and this table has them all. The longest one `s` starts with.
        let mut best = Named::None;
        for len in 2..=run.min(6) {
            if let Some(c) = s.get(..len).and_then(|p| LEGACY.find(p)) {
                best = Named::Found(len, c, None);
            }
        }
        best
    }
}

/// The short table, then `platform` (the browser's tokenizer: `&` +
/// its argument, read as an attribute value) for a `&name;` the short
/// table does not know.
pub fn short_then(s: &str, platform: &dyn Fn(&str) -> Option<String>) -> Named {
    match Short.longest(s) {
        Named::Unknown => {
            // Short answers Unknown only for letters and digits then `;`.
            let run = s.bytes().take_while(u8::is_ascii_alphanumeric).count() + 1;
            let reference = s.get(..run).unwrap_or("");
            match platform(reference) {
                Some(decoded) => from_decoded(reference, &decoded),
                None => Named::Unknown,
            }
        }
        n => n,
    }
}

/// What a platform's tokenizer made of `&` + `reference` (a run of letters
/// and digits and its `;`) in an attribute value, read as a [`Named`].
/// There it decodes the whole reference or nothing: a shorter (legacy) name
/// would be followed by a letter or digit, which the attribute-value rule
/// leaves as written.
pub fn from_decoded(reference: &str, decoded: &str) -> Named {
    if decoded.strip_prefix('&') == Some(reference) {
        return Named::None;
    }
    let mut chars = decoded.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(c), c2, None) => Named::Found(reference.len(), c, c2),
        _ => Named::Unknown,
    }
}

/// The full table of the HTML standard (feature `charrefs`).
#[cfg(any(feature = "charrefs", all(test, not(target_arch = "wasm32"))))]
pub struct Full;

#[cfg(any(feature = "charrefs", all(test, not(target_arch = "wasm32"))))]
impl NamedRefs for Full {
    fn longest(&self, s: &str) -> Named {
        // `web_atoms` maps every name and every prefix of one (a prefix that
        // is not a name maps to (0, 0)), so the walk stops at the first
        // prefix that leads nowhere.
        let mut best = Named::None;
        for len in 1..=s.len().min(32) {
            let Some(prefix) = s.get(..len) else { continue };
            match web_atoms::NAMED_ENTITIES.get(prefix) {
                None => break,
                Some(&(0, _)) => {}
                Some(&(c1, c2)) => {
                    if let Some(c) = char::from_u32(c1) {
                        best = Named::Found(len, c, char::from_u32(c2).filter(|_| c2 != 0));
                    }
                }
            }
        }
        best
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn full(s: &str) -> String {
        decode_attr(s, &Full).map(Cow::into_owned).unwrap_or_default()
    }

    #[test]
    fn named_numeric_and_the_attribute_rule() {
        assert_eq!(full("https://ads&period;example/"), "https://ads.example/");
        assert_eq!(full("https://ads&#46example/"), "https://ads.example/");
        assert_eq!(full("https://ads&#x2Enet/"), "https://ads.net/");
        // Hex digits run on: `&#x2Ee` is U+02EE.
        assert_eq!(full("https://ads&#x2Eexample/"), "https://ads\u{2EE}xample/");
        assert_eq!(full("https://a&NewLine;ds.example/"), "https://a\nds.example/");
        assert_eq!(full("?a=1&amp;b=2&b=3"), "?a=1&b=2&b=3");
        assert_eq!(full("&not=1&notx&not;&notin;&notit;"), "&not=1&notx\u{AC}\u{2209}&notit;");
        assert_eq!(full("&#0;&#128;&#129;&#xD800;&#x110000;&#99999999999;&#"), "\u{FFFD}\u{20AC}\u{81}\u{FFFD}\u{FFFD}\u{FFFD}&#");
        assert_eq!(full("a\r\nb\rc\0"), "a\nb\nc\u{FFFD}");
        assert_eq!(full("&NotEqualTilde;"), "\u{2242}\u{338}");
        assert_eq!(full("&&;&1;& &#x;&#a"), "&&;&1;& &#x;&#a");
    }

    #[test]
    fn the_short_table_is_the_standards_legacy_and_ascii_names() {
        let mut legacy = Vec::new();
        let mut ascii = Vec::new();
        for (name, &(c1, c2)) in web_atoms::NAMED_ENTITIES.entries() {
            if c1 == 0 || c2 != 0 {
                continue;
            }
            match name.strip_suffix(';') {
                None => legacy.push(((*name).to_string(), c1)),
                Some(n) if c1 < 128 && web_atoms::NAMED_ENTITIES.get(n).is_none_or(|v| v.0 == 0) => {
                    ascii.push((n.to_string(), c1));
                }
                Some(_) => {}
            }
        }
        legacy.sort();
        ascii.sort();
        assert_eq!(LEGACY.entries(), legacy);
        assert_eq!(ASCII.entries(), ascii);
    }

    /// Every name of the standard, and pieces of them.
    fn names() -> Vec<&'static str> {
        web_atoms::NAMED_ENTITIES.entries().filter(|(_, v)| v.0 != 0).map(|(n, _)| *n).collect()
    }

    fn value() -> impl Strategy<Value = String> {
        let names = names();
        let piece = prop_oneof![
            3 => proptest::sample::select(names).prop_map(|n| format!("&{n}")),
            1 => "&#[xX]?[0-9a-fA-F]{0,8};?",
            1 => "&[a-zA-Z0-9]{1,8};?",
            2 => "[a-z0-9=.;/ \r\0]{0,4}",
            1 => ".{0,2}",
        ];
        proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
    }

    proptest! {
        /// The short table decodes as the full one, or says it cannot.
        #[test]
        fn short_agrees_with_full(v in value()) {
            if let Ok(short) = decode_attr(&v, &Short) {
                prop_assert_eq!(short.into_owned(), full(&v));
            }
        }

        /// A platform tokenizer, read through `from_decoded`, is the full table.
        #[test]
        fn from_decoded_reads_a_platform_decoder(v in value()) {
            let platform = Platform;
            prop_assert_eq!(decode_attr(&v, &platform).map(Cow::into_owned).ok(), Some(full(&v)));
        }
    }

    /// What the blocker does with the browser (`short_then`), with the
    /// full table standing in for the browser's tokenizer.
    struct Platform;
    impl NamedRefs for Platform {
        fn longest(&self, s: &str) -> Named {
            short_then(s, &|reference| Some(full(&format!("&{reference}"))))
        }
    }
}
