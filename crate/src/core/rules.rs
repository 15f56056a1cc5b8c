//! Validation rules for what describes a vendor: ids, hosts, path rules,
//! cookie and storage names, links. One set of rules for the vendor files
//! (checked by the build script, which includes this file) and for vendors
//! a site adds in its configuration (checked at run time by
//! [`super::config`]), so the two can never accept different things.
//!
//! This file uses nothing from the rest of the crate.

#[allow(unused_imports)]
use crate::prelude::*;

/// The longest vendor id.
pub const MAX_ID: usize = 64;
/// The longest cookie or storage key name (or prefix).
pub const MAX_NAME: usize = 200;
/// The longest path prefix of a path rule.
pub const MAX_PREFIX: usize = 120;
/// The longest widget selector.
pub const MAX_WIDGET: usize = 100;

/// A vendor id: lower-case ASCII letters, digits and `-`, not starting with
/// `-`, at most [`MAX_ID`] bytes (`clevertap`, `google-analytics`).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && !id.starts_with('-')
        && id.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// The id a vendor gets from its first host (`15gifts.com` -> `15gifts-com`)
/// when nothing better names it: the generated vendors' ids. The blocker's
/// table leaves such an id out and derives it again (see `core::vendors`),
/// which saves a quarter of the generated lines' bytes on the wire.
pub fn id_of_host(host: &str) -> String {
    id_chars(host).collect()
}

/// The characters of [`id_of_host`], for building it in place.
pub fn id_chars(host: &str) -> impl Iterator<Item = char> + '_ {
    host.chars().map(|c| if c == '.' { '-' } else { c })
}

/// A host name as the vendor table keeps it: lower case, at least two
/// labels of letters, digits and inner `-` (1 to 63 bytes each), a top-level
/// label with a letter, at most 253 bytes.
pub fn valid_host(h: &str) -> bool {
    let mut labels = 0usize;
    let mut tld_has_letter = false;
    for l in h.split('.') {
        labels += 1;
        let ok = !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
        if !ok {
            return false;
        }
        tld_has_letter = l.bytes().any(|c| c.is_ascii_lowercase());
    }
    h.len() <= 253 && labels >= 2 && tld_has_letter
}

/// A path rule's prefix: starts with `/`, at most [`MAX_PREFIX`] bytes, no
/// `?`, `#` or whitespace.
pub fn valid_path_prefix(p: &str) -> bool {
    p.starts_with('/') && p.len() <= MAX_PREFIX && !p.bytes().any(|c| c == b'?' || c == b'#' || c.is_ascii_whitespace())
}

/// A path rule's query condition: empty, or `name=value-prefix` with no `&`,
/// `#` or whitespace.
pub fn valid_query(q: &str) -> bool {
    q.is_empty() || (q.contains('=') && q.len() <= MAX_PREFIX && !q.bytes().any(|c| c == b'&' || c == b'#' || c.is_ascii_whitespace()))
}

/// A cookie name (or name prefix): printable ASCII without the separators
/// `;`, `=`, `,`, `"` and `\`, at most [`MAX_NAME`] bytes.
pub fn valid_cookie_name(n: &str) -> bool {
    !n.is_empty() && n.len() <= MAX_NAME && n.bytes().all(|c| c > 0x20 && c < 0x7f && !matches!(c, b';' | b'=' | b',' | b'"' | b'\\'))
}

/// A storage key or IndexedDB database name (or prefix): not blank, at most
/// [`MAX_NAME`] bytes.
pub fn valid_key_name(n: &str) -> bool {
    !n.trim().is_empty() && n.len() <= MAX_NAME
}

/// A link to a vendor's page (its privacy policy): an absolute `https://`
/// URL whose host is a valid host name. Everything shown as a link must
/// pass this: a `javascript:` or `data:` URL never becomes clickable.
pub fn valid_vendor_link(u: &str) -> bool {
    let Some(rest) = u.strip_prefix("https://") else { return false };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest.get(..end).unwrap_or("");
    let host = host.rsplit_once(':').map(|(h, port)| if port.bytes().all(|b| b.is_ascii_digit()) { h } else { host }).unwrap_or(host);
    valid_host(&host.to_ascii_lowercase()) && !u.bytes().any(|c| c < 0x21 || c == 0x7f || c == b'"' || c == b'<' || c == b'>' || c == b'\\')
}

/// A link to one of the site's own pages (`policyUrl`): a path on the site
/// (`/privacy`, not `//host`), an absolute `https://` URL, or `http://localhost`
/// for development.
pub fn valid_site_link(u: &str) -> bool {
    let path = u.starts_with('/') && !u.starts_with("//") && !u.starts_with("/\\");
    let local = u.starts_with("http://localhost") && matches!(u.as_bytes().get(16), None | Some(b'/' | b':' | b'?' | b'#'));
    (path || local || valid_vendor_link(u)) && !u.bytes().any(|c| c < 0x21 || c == 0x7f || c == b'"' || c == b'<' || c == b'>')
}

/// A widget selector (a vendor file's `widgets`): the markup the vendor's
/// script turns into a widget, as an optional lower-case tag name followed
/// by one or more classes (`blockquote.twitter-tweet`, `div.fb-post`,
/// `.fb-video`), at most [`MAX_WIDGET`] bytes. Nothing else of CSS: the
/// consent interface hands it to `querySelectorAll` as it is, so it must
/// match only what it names and can never fail to parse.
pub fn valid_widget_selector(s: &str) -> bool {
    if s.is_empty() || s.len() > MAX_WIDGET {
        return false;
    }
    let mut parts = s.split('.');
    let tag = parts.next().unwrap_or("");
    let tag_ok = tag.is_empty()
        || (tag.bytes().next().is_some_and(|c| c.is_ascii_lowercase())
            && tag.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'));
    let mut classes = 0;
    for class in parts {
        let first_ok = class.bytes().next().is_some_and(|c| c.is_ascii_alphabetic() || c == b'_');
        if !first_ok || !class.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-') {
            return false;
        }
        classes += 1;
    }
    tag_ok && classes > 0
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(valid_id("clevertap") && valid_id("google-analytics") && valid_id("33across"));
        assert!(!valid_id("") && !valid_id("-x") && !valid_id("Acme") && !valid_id("a b") && !valid_id(&"a".repeat(65)));
    }

    #[test]
    fn hosts() {
        assert!(valid_host("clevertap.com") && valid_host("eu1.clevertap-prod.com") && valid_host("x.co.uk"));
        for bad in ["localhost", "Clevertap.com", "a..b", "-a.com", "a-.com", "a.123", "a b.com", "a.com.", ""] {
            assert!(!valid_host(bad), "{bad}");
        }
    }

    #[test]
    fn rules_and_names() {
        assert!(valid_path_prefix("/tr") && !valid_path_prefix("tr") && !valid_path_prefix("/a?b") && !valid_path_prefix("/a b"));
        assert!(valid_query("") && valid_query("id=G-") && !valid_query("id") && !valid_query("a=1&b=2"));
        assert!(valid_cookie_name("WZRK_G") && valid_cookie_name("_ga_"));
        for bad in ["", "a b", "a;b", "a=b", "a,b", "a\"b", "a\\b", "é"] {
            assert!(!valid_cookie_name(bad), "{bad}");
        }
        assert!(valid_key_name("WZRK_") && !valid_key_name("  "));
    }

    #[test]
    fn widget_selectors() {
        for good in
            ["blockquote.twitter-tweet", "div.fb-post", ".fb-video", "blockquote.tiktok-embed", "a.twitter-timeline", "x-embed.a.b_c"]
        {
            assert!(valid_widget_selector(good), "{good}");
        }
        for bad in [
            "",
            "blockquote",
            "div.",
            ".",
            "..a",
            ".a..b",
            "Blockquote.x",
            "1a.x",
            "div.-x",
            "div.9x",
            "div .x",
            "div.x,body",
            "div.x > a",
            "div#x",
            "div[x]",
            "div.x:hover",
            "*.x",
            "div.é",
            &format!(".{}", "a".repeat(100)),
        ] {
            assert!(!valid_widget_selector(bad), "{bad}");
        }
    }

    #[test]
    fn links() {
        assert!(valid_vendor_link("https://clevertap.com/privacy-policy/"));
        assert!(valid_vendor_link("https://policies.google.com:443/privacy?hl=en"));
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,x",
            "http://acme.example/privacy",
            "https://",
            "https://localhost/",
            "https://acme.example/\"onmouseover=x",
            " https://acme.example/",
            "//acme.example/",
        ] {
            assert!(!valid_vendor_link(bad), "{bad}");
        }
        assert!(valid_site_link("/privacy") && valid_site_link("https://shop.example/privacy"));
        assert!(valid_site_link("http://localhost:8080/privacy") && valid_site_link("http://localhost"));
        for bad in ["javascript:alert(1)", "//evil.example/", "/\\evil.example", "http://localhost.evil.example/", "privacy"] {
            assert!(!valid_site_link(bad), "{bad}");
        }
    }
}
