//! Splitting a URL, as a page wrote it, into the parts the vendor table needs:
//! host, path and query.
//!
//! This follows the WHATWG URL parser for the cases that decide which server a
//! request goes to (leading/trailing spaces and control characters, tabs and
//! newlines anywhere, backslashes in special schemes, any number of slashes
//! after the scheme, user-info, ports, percent-encoded host bytes,
//! protocol-relative and relative URLs), without allocating in the common
//! case. What it cannot settle alone (non-ASCII hosts that need IDNA mapping,
//! dot segments in a path) it reports as [`Parsed::NeedsCanonical`]; the
//! caller then asks the platform's own URL parser (the browser's `URL`, or
//! the `url` crate in the CLI) and classifies the canonical form.
//!
//! No regular expressions; every index is checked.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::borrow::Cow;

/// The scheme of the document, which decides how `https:foo` (no slashes) is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseScheme {
    /// `http:`
    Http,
    /// `https:`
    Https,
    /// Anything else (`file:`, `about:`...): `http:foo` is then absolute.
    Other,
}

/// The document a relative URL is resolved against: its scheme and host.
#[derive(Clone, Copy, Debug)]
pub struct Base<'a> {
    /// Scheme of the base URL.
    pub scheme: BaseScheme,
    /// Lower-case host of the base URL (may be empty, e.g. for `about:blank`).
    pub host: &'a str,
}

impl<'a> Base<'a> {
    /// A base for `https://host/`.
    pub const fn https(host: &'a str) -> Base<'a> {
        Base { scheme: BaseScheme::Https, host }
    }
}

/// The parts of a network URL that matching uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    /// Lower-case host without port, user-info or trailing dots.
    pub host: Cow<'a, str>,
    /// The path, starting with `/` (may be empty for relative URLs whose path
    /// depends on the base path).
    pub path: Cow<'a, str>,
    /// The query without the leading `?` (empty if none).
    pub query: Cow<'a, str>,
    /// Whether the URL was relative and took its host from the base.
    pub relative: bool,
}

/// The result of reading a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed<'a> {
    /// A URL whose request goes to `host` over the network.
    Network(Parts<'a>),
    /// A URL that never reaches a server (`data:`, `blob:`, `javascript:`,
    /// `about:`, `mailto:`, an unparsable authority...).
    NotNetwork,
    /// The URL needs the platform's full parser (IDNA, dot segments). Only
    /// produced for inputs that real pages almost never contain.
    NeedsCanonical,
}

/// Longest input considered. Longer URLs are still classified by host, but
/// anything after this many bytes is ignored when it cannot change the host.
const MAX_HOST: usize = 253 + 16;

/// Whether `s` has a byte the WHATWG parser deletes anywhere (tab, LF, CR).
fn has_removable(s: &str) -> bool {
    s.bytes().any(|b| b == b'\t' || b == b'\n' || b == b'\r')
}

/// Trims the leading and trailing C0 controls and spaces that the URL parser
/// strips, then removes tabs and newlines anywhere (rare: only then allocates).
fn clean(s: &str) -> Cow<'_, str> {
    let t = s.trim_matches(|c: char| c <= ' ');
    if has_removable(t) {
        Cow::Owned(t.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect())
    } else {
        Cow::Borrowed(t)
    }
}

/// Special schemes, which have hosts and treat `\` as `/`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Http,
    Https,
    OtherSpecial,
    File,
    NonSpecial,
}

/// Splits off `scheme:` if the string starts with one.
fn split_scheme(s: &str) -> Option<(Scheme, &str)> {
    let bytes = s.as_bytes();
    let first = *bytes.first()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let colon = bytes.iter().position(|&b| !(b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.'))?;
    if bytes.get(colon) != Some(&b':') {
        return None;
    }
    let name = s.get(..colon)?;
    let rest = s.get(colon + 1..)?;
    let eq = |n: &str| name.eq_ignore_ascii_case(n);
    let scheme = if eq("https") {
        Scheme::Https
    } else if eq("http") {
        Scheme::Http
    } else if eq("ws") || eq("wss") || eq("ftp") {
        Scheme::OtherSpecial
    } else if eq("file") {
        Scheme::File
    } else {
        Scheme::NonSpecial
    };
    Some((scheme, rest))
}

fn is_slash(b: u8) -> bool {
    b == b'/' || b == b'\\'
}

/// Whether `host` is `domain` or one of its subdomains, as vendor-table
/// hosts match: `cdn.acme.example` is within `acme.example`,
/// `notacme.example` is not. Both lower case.
pub fn host_within(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain).is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
}

/// Reads `input` (as written in an attribute or passed to `fetch`) against `base`.
pub fn parse<'a>(input: &'a str, base: Base<'_>) -> Parsed<'a> {
    match clean(input) {
        Cow::Borrowed(s) => parse_clean(s, base),
        Cow::Owned(s) => match parse_clean(&s, base) {
            Parsed::Network(p) => Parsed::Network(p.into_owned()),
            Parsed::NotNetwork => Parsed::NotNetwork,
            Parsed::NeedsCanonical => Parsed::NeedsCanonical,
        },
    }
}

impl Parts<'_> {
    /// Detaches the parts from the input string.
    pub fn into_owned(self) -> Parts<'static> {
        Parts {
            host: Cow::Owned(self.host.into_owned()),
            path: Cow::Owned(self.path.into_owned()),
            query: Cow::Owned(self.query.into_owned()),
            relative: self.relative,
        }
    }
}

fn parse_clean<'a>(s: &'a str, base: Base<'_>) -> Parsed<'a> {
    match split_scheme(s) {
        Some((Scheme::NonSpecial | Scheme::File, _)) => Parsed::NotNetwork,
        Some((scheme, rest)) => {
            let same_as_base = matches!((scheme, base.scheme), (Scheme::Http, BaseScheme::Http) | (Scheme::Https, BaseScheme::Https));
            let starts_slash = rest.as_bytes().first().is_some_and(|&b| is_slash(b));
            if same_as_base && !starts_slash {
                // `https:foo` on an https page is a relative path.
                relative(rest, base)
            } else {
                authority_and_rest(rest.trim_start_matches(['/', '\\']))
            }
        }
        None => {
            let b = s.as_bytes();
            let two_slashes = b.first().is_some_and(|&c| is_slash(c)) && b.get(1).is_some_and(|&c| is_slash(c));
            if two_slashes {
                if base.scheme == BaseScheme::Other {
                    // Scheme-relative URLs on a non-network base do not fetch.
                    return Parsed::NotNetwork;
                }
                authority_and_rest(s.trim_start_matches(['/', '\\']))
            } else {
                relative(s, base)
            }
        }
    }
}

/// A URL without authority: it goes to the base host.
fn relative<'a>(s: &'a str, base: Base<'_>) -> Parsed<'a> {
    if base.host.is_empty() {
        return Parsed::NotNetwork;
    }
    let end = s.find(['?', '#']).unwrap_or(s.len());
    let path_raw = s.get(..end).unwrap_or("");
    let query = query_of(s, end);
    // A path that does not start with a slash depends on the base path; the
    // host, which decides most matches, is the base host either way.
    let path = if path_raw.as_bytes().first().is_some_and(|&b| is_slash(b)) {
        match path_of(path_raw) {
            Some(p) => p,
            None => return Parsed::NeedsCanonical,
        }
    } else {
        Cow::Borrowed("")
    };
    Parsed::Network(Parts { host: Cow::Owned(base.host.to_owned()), path, query, relative: true })
}

fn query_of(s: &str, end: usize) -> Cow<'_, str> {
    if s.as_bytes().get(end) == Some(&b'?') {
        let q = s.get(end + 1..).unwrap_or("");
        let qe = q.find('#').unwrap_or(q.len());
        Cow::Borrowed(q.get(..qe).unwrap_or(""))
    } else {
        Cow::Borrowed("")
    }
}

/// Normalises a path for prefix matching: backslashes become slashes.
/// Paths with dot segments are left to the platform parser (`None`).
fn path_of(p: &str) -> Option<Cow<'_, str>> {
    let b = p.as_bytes();
    // "/." or "\." followed by end, slash or "." means a dot segment; so does
    // a percent-encoded dot. Rare in real pages, so we defer to the platform.
    for (i, &c) in b.iter().enumerate() {
        if is_slash(c) {
            let next = b.get(i + 1).copied();
            if next == Some(b'.') {
                return None;
            }
            if next == Some(b'%') && b.get(i + 2) == Some(&b'2') && matches!(b.get(i + 3), Some(b'e') | Some(b'E')) {
                return None;
            }
        }
    }
    if p.contains('\\') {
        Some(Cow::Owned(p.replace('\\', "/")))
    } else {
        Some(Cow::Borrowed(p))
    }
}

/// Parses `authority[/path][?query][#fragment]` of a special-scheme URL.
fn authority_and_rest(s: &str) -> Parsed<'_> {
    let end = s.find(['/', '\\', '?', '#']).unwrap_or(s.len());
    let authority = s.get(..end).unwrap_or("");
    let rest = s.get(end..).unwrap_or("");
    // User-info ends at the last '@'.
    let hostport = match authority.rfind('@') {
        Some(at) => authority.get(at + 1..).unwrap_or(""),
        None => authority,
    };
    let host_raw = strip_port(hostport);
    let host = match normalise_host(host_raw) {
        HostResult::Ok(h) => h,
        HostResult::Invalid => return Parsed::NotNetwork,
        HostResult::NeedsCanonical => return Parsed::NeedsCanonical,
    };
    let pend = rest.find(['?', '#']).unwrap_or(rest.len());
    let path_raw = rest.get(..pend).unwrap_or("");
    let path = if path_raw.is_empty() {
        Cow::Borrowed("/")
    } else {
        match path_of(path_raw) {
            Some(p) => p,
            None => return Parsed::NeedsCanonical,
        }
    };
    Parsed::Network(Parts { host, path, query: query_of(rest, pend), relative: false })
}

/// Removes `:port` (not inside an IPv6 literal).
fn strip_port(hp: &str) -> &str {
    if hp.starts_with('[') {
        return match hp.find(']') {
            Some(i) => hp.get(..=i).unwrap_or(hp),
            None => hp,
        };
    }
    match hp.rfind(':') {
        Some(i) => hp.get(..i).unwrap_or(hp),
        None => hp,
    }
}

enum HostResult<'a> {
    Ok(Cow<'a, str>),
    Invalid,
    NeedsCanonical,
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Lower-cases, percent-decodes and strips trailing dots, as the host parser
/// does for ASCII domains. Non-ASCII (IDNA) is left to the platform.
fn normalise_host(h: &str) -> HostResult<'_> {
    if h.is_empty() || h.len() > MAX_HOST * 3 {
        return HostResult::Invalid;
    }
    let b = h.as_bytes();
    let needs_work = b.iter().any(|&c| c == b'%' || c.is_ascii_uppercase() || c >= 0x80) || b.last() == Some(&b'.');
    if !needs_work {
        return if valid_host_bytes(b) { HostResult::Ok(Cow::Borrowed(h)) } else { HostResult::Invalid };
    }
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            match (b.get(i + 1).copied().and_then(hex_val), b.get(i + 2).copied().and_then(hex_val)) {
                (Some(hi), Some(lo)) => {
                    out.push(hi * 16 + lo);
                    i += 3;
                    continue;
                }
                _ => return HostResult::Invalid,
            }
        }
        out.push(c);
        i += 1;
    }
    if out.iter().any(|&c| c >= 0x80) {
        return HostResult::NeedsCanonical;
    }
    out.make_ascii_lowercase();
    while out.last() == Some(&b'.') {
        out.pop();
    }
    if out.is_empty() || !valid_host_bytes(&out) {
        return HostResult::Invalid;
    }
    match String::from_utf8(out) {
        Ok(s) => HostResult::Ok(Cow::Owned(s)),
        Err(_) => HostResult::Invalid,
    }
}

/// Rejects the forbidden host code points of the URL standard; a URL with
/// them fails to parse and makes no request.
fn valid_host_bytes(b: &[u8]) -> bool {
    !b.iter().any(|&c| {
        c <= 0x20 || matches!(c, b'#' | b'/' | b':' | b'<' | b'>' | b'?' | b'@' | b'[' | b'\\' | b']' | b'^' | b'|' | b'%' | 0x7f)
    }) || (b.first() == Some(&b'[') && b.last() == Some(&b']'))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_host_is_within_its_domain_and_not_a_lookalike() {
        assert!(host_within("acme.example", "acme.example"));
        assert!(host_within("cdn.acme.example", "acme.example"));
        assert!(!host_within("notacme.example", "acme.example"));
        assert!(!host_within("acme.example", "cdn.acme.example"));
        assert!(!host_within("acme.example.evil", "acme.example"));
    }

    const B: Base<'static> = Base::https("www.site.example");

    fn host(u: &str) -> Option<String> {
        match parse(u, B) {
            Parsed::Network(p) => Some(p.host.into_owned()),
            _ => None,
        }
    }

    fn parts(u: &str) -> (String, String, String) {
        match parse(u, B) {
            Parsed::Network(p) => (p.host.into_owned(), p.path.into_owned(), p.query.into_owned()),
            other => panic!("{u}: {other:?}"),
        }
    }

    #[test]
    fn absolute_urls() {
        assert_eq!(parts("https://a.clevertap.com/js/x.js?y=1#f"), ("a.clevertap.com".into(), "/js/x.js".into(), "y=1".into()));
        assert_eq!(host("HTTPS://WWW.Google-Analytics.COM/g/collect"), Some("www.google-analytics.com".into()));
        assert_eq!(host("http://bat.bing.com."), Some("bat.bing.com".into()));
        assert_eq!(host("https://bat.bing.com.../x"), Some("bat.bing.com".into()));
        assert_eq!(host("https://user:pw@snap.licdn.com:8443/x"), Some("snap.licdn.com".into()));
        assert_eq!(host("https://a@b@snap.licdn.com/x"), Some("snap.licdn.com".into()));
        assert_eq!(host("wss://eu1.clevertap-prod.com/"), Some("eu1.clevertap-prod.com".into()));
        assert_eq!(parts("https://x.example").1, "/");
        assert_eq!(parts("https://x.example?q").2, "q");
    }

    #[test]
    fn whatwg_quirks() {
        // Spaces and C0 controls around, tabs and newlines anywhere.
        assert_eq!(host("  \x01https://www.clarity.ms/tag/x \n"), Some("www.clarity.ms".into()));
        assert_eq!(host("https://www.cla\trity.\nms/tag/x"), Some("www.clarity.ms".into()));
        // Backslashes and extra slashes in special schemes.
        assert_eq!(host("https:\\\\www.clarity.ms\\tag"), Some("www.clarity.ms".into()));
        assert_eq!(parts("https:\\\\www.clarity.ms\\tag\\x").1, "/tag/x");
        assert_eq!(host("https:////www.clarity.ms/"), Some("www.clarity.ms".into()));
        assert_eq!(host("http:www.clarity.ms/x"), Some("www.clarity.ms".into()));
        // Same scheme as the base without slashes: relative.
        assert_eq!(host("https:www.clarity.ms/x"), Some("www.site.example".into()));
        // Percent-encoded host bytes are decoded by the host parser.
        assert_eq!(host("https://www.%67oogle-analytics.com/"), Some("www.google-analytics.com".into()));
        assert_eq!(host("https://www.%zzoogle.com/"), None);
    }

    #[test]
    fn relative_and_protocol_relative() {
        assert_eq!(host("//connect.facebook.net/en_US/fbevents.js"), Some("connect.facebook.net".into()));
        assert_eq!(host("\\\\connect.facebook.net/x"), Some("connect.facebook.net".into()));
        assert_eq!(parts("/js/app.js?v=2"), ("www.site.example".into(), "/js/app.js".into(), "v=2".into()));
        assert_eq!(parts("app.js").0, "www.site.example");
        assert_eq!(parts("app.js").1, "");
        let about = Base { scheme: BaseScheme::Other, host: "" };
        assert_eq!(parse("/x.js", about), Parsed::NotNetwork);
        assert_eq!(parse("//a.example/x.js", about), Parsed::NotNetwork);
        assert!(matches!(parse("https://a.example/x.js", about), Parsed::Network(_)));
    }

    #[test]
    fn not_network() {
        for u in [
            "data:text/javascript,alert(1)",
            "blob:https://x/y",
            "javascript:void 0",
            "about:blank",
            "mailto:a@b",
            "file:///etc/passwd",
            "https://",
            "https://:443/",
            "https://a b.com/",
        ] {
            assert_eq!(parse(u, B), Parsed::NotNetwork, "{u}");
        }
    }

    #[test]
    fn deferred_to_platform() {
        assert_eq!(parse("https://ｗｗｗ.clarity.ms/", B), Parsed::NeedsCanonical);
        assert_eq!(parse("https://bücher.example/", B), Parsed::NeedsCanonical);
        assert_eq!(parse("https://www.google.com/x/../pagead/conversion.js", B), Parsed::NeedsCanonical);
        assert_eq!(parse("https://www.google.com/%2e%2E/pagead/", B), Parsed::NeedsCanonical);
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_on_any_text(s in "\\PC{0,120}") {
            let _ = parse(&s, B);
            let _ = parse(&s, Base { scheme: BaseScheme::Other, host: "" });
        }

        #[test]
        fn never_panics_on_url_shaped_text(s in "(https?:|//|\\\\|[a-z]{1,5}:)?[/\\\\]{0,3}([a-z0-9%@:.\\[\\]\t\n-]{0,30})([/?#][^ ]{0,30})?") {
            let _ = parse(&s, B);
        }

        #[test]
        fn hosts_come_out_lower_case_without_trailing_dots(h in "[a-zA-Z0-9-]{1,10}(\\.[a-zA-Z0-9-]{1,10}){0,3}\\.{0,2}") {
            if let Parsed::Network(p) = parse(&format!("https://{h}/x"), B) {
                prop_assert!(!p.host.ends_with('.'));
                prop_assert_eq!(p.host.to_ascii_lowercase(), p.host.to_string());
            }
        }
    }

    #[test]
    fn ports_and_ipv6() {
        assert_eq!(host("https://[::1]:8080/x"), Some("[::1]".into()));
        assert_eq!(host("https://127.0.0.1:8080/x"), Some("127.0.0.1".into()));
        assert_eq!(host("https://a.example:/x"), Some("a.example".into()));
    }
}
