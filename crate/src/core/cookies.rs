//! Cookies: reading `document.cookie`, choosing a withdrawn vendor's cookies
//! and storage keys, and writing the deletions for every domain and path a
//! cookie of that name can have on this site.
//!
//! A page cannot see a cookie's domain or path, and a deletion only takes
//! effect for the exact (name, domain, path) the cookie was set with. So we
//! write an expired cookie for each domain from the full host up to (not
//! including) the top-level label, plus host-only, and for each path prefix
//! of the current page. The browser silently ignores the combinations it
//! does not allow (a public suffix, a foreign domain). `HttpOnly` cookies
//! are out of a page's reach; third-party cookies belong to the vendor's
//! own site and are listed in the policy, not deleted.

#[allow(unused_imports)]
use crate::prelude::*;

use super::table::{NameMatch, StorageKind, VendorDef};

/// Names of the cookies in a `document.cookie` string (`a=1; b=2`).
pub fn names(document_cookie: &str) -> impl Iterator<Item = &str> {
    document_cookie.split(';').filter_map(|pair| {
        let name = pair.split('=').next().unwrap_or("").trim();
        (!name.is_empty()).then_some(name)
    })
}

/// The value of cookie `name` in a `document.cookie` string (first match).
pub fn value<'a>(document_cookie: &'a str, name: &str) -> Option<&'a str> {
    document_cookie.split(';').find_map(|pair| {
        let (n, v) = pair.split_once('=')?;
        (n.trim() == name).then(|| v.trim())
    })
}

/// Whether a vendor sets a cookie named `name`.
pub fn vendor_sets_cookie(v: &VendorDef, name: &str) -> bool {
    v.cookies.iter().any(|c| c.matching.matches(&c.name, name))
}

/// Whether a vendor writes storage key (or database) `name` of `kind`.
pub fn vendor_uses_key(v: &VendorDef, kind: StorageKind, name: &str) -> bool {
    v.storage.iter().any(|s| s.kind == kind && s.matching.matches(&s.name, name))
}

/// The domains a cookie set by a page on `host` can have: host-only (`None`)
/// and every parent domain with at least two labels.
pub fn domain_variants(host: &str) -> Vec<Option<String>> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let mut out = vec![None];
    // IP addresses (v4 dotted digits, v6 in brackets) take no Domain attribute.
    let is_ip = host.bytes().all(|b| b.is_ascii_digit() || b == b'.') || host.starts_with('[');
    if host.is_empty() || is_ip {
        return out;
    }
    let mut rest = host.as_str();
    loop {
        if rest.contains('.') {
            out.push(Some(rest.to_string()));
        }
        match rest.split_once('.') {
            Some((_, tail)) if tail.contains('.') => rest = tail,
            _ => break,
        }
    }
    out
}

/// The paths a cookie readable on `path` can have: `/`, then every prefix
/// of the path with and without a trailing slash.
pub fn path_variants(path: &str) -> Vec<String> {
    let mut out = vec!["/".to_string()];
    let mut acc = String::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        acc.push('/');
        acc.push_str(seg);
        if out.len() > 32 {
            break;
        }
        out.push(acc.clone());
        let mut dir = acc.clone();
        dir.push('/');
        out.push(dir);
    }
    out.dedup();
    out
}

/// The strings to assign to `document.cookie` to delete cookie `name` in
/// every variant. `secure` adds the `Secure` attribute (needed to touch
/// `__Secure-` and `__Host-` cookies on https pages).
pub fn deletion_writes(name: &str, host: &str, path: &str, secure: bool) -> Vec<String> {
    let mut out = Vec::new();
    let sec = if secure { "; Secure" } else { "" };
    for d in domain_variants(host) {
        for p in path_variants(path) {
            let mut s = String::with_capacity(name.len() + 80);
            s.push_str(name);
            s.push_str("=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=");
            s.push_str(&p);
            if let Some(d) = &d {
                s.push_str("; Domain=");
                s.push_str(d);
            }
            s.push_str(sec);
            out.push(s);
        }
    }
    out
}

/// The `document.cookie` string that stores the consent record.
pub fn record_write(name: &str, value: &str, max_age_secs: u64, domain: Option<&str>, secure: bool) -> String {
    let mut s = String::with_capacity(128);
    s.push_str(name);
    s.push('=');
    s.push_str(value);
    s.push_str("; Path=/; Max-Age=");
    super::text::push_uint(&mut s, max_age_secs);
    if let Some(d) = domain.filter(|d| !d.is_empty()) {
        s.push_str("; Domain=");
        s.push_str(d);
    }
    s.push_str("; SameSite=Lax");
    if secure {
        s.push_str("; Secure");
    }
    s
}

/// What a page tells about itself that a cleanup needs.
pub struct Page<'a> {
    /// `document.cookie`.
    pub jar: &'a str,
    /// `localStorage` keys.
    pub local: &'a [String],
    /// `sessionStorage` keys.
    pub session: &'a [String],
    /// `location.hostname`.
    pub host: &'a str,
    /// `location.pathname`.
    pub path: &'a str,
    /// Whether the page is served over https.
    pub https: bool,
}

/// What a withdrawal deletes: cookie writes, storage keys, databases.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cleanup {
    /// Strings to assign to `document.cookie`.
    pub cookie_writes: Vec<String>,
    /// `(session?, key)` storage keys to remove.
    pub keys: Vec<(bool, String)>,
    /// IndexedDB databases by exact name.
    pub databases: Vec<String>,
    /// IndexedDB database name prefixes.
    pub database_prefixes: Vec<String>,
}

impl Cleanup {
    /// Whether there is nothing to delete.
    pub fn is_empty(&self) -> bool {
        self.cookie_writes.is_empty() && self.keys.is_empty() && self.databases.is_empty() && self.database_prefixes.is_empty()
    }
}

/// What to delete when the vendors `losing` are no longer allowed: the
/// cookies they set on the site itself (their third-party cookies live on
/// their own domain, out of the page's reach), their storage keys and their
/// databases. The consent record (`own_cookie`) and everything else are left.
pub fn cleanup_plan(losing: &[VendorDef], own_cookie: &str, page: &Page<'_>) -> Cleanup {
    let mut plan = Cleanup::default();
    if losing.is_empty() {
        return plan;
    }
    let mut seen: Vec<&str> = Vec::new();
    for name in names(page.jar) {
        if name == own_cookie || seen.contains(&name) {
            continue;
        }
        let theirs = losing.iter().any(|v| v.cookies.iter().any(|c| c.domain.is_none() && c.matching.matches(&c.name, name)));
        if theirs {
            seen.push(name);
            plan.cookie_writes.extend(deletion_writes(name, page.host, page.path, page.https));
        }
    }
    for (session, keys, kind) in [(false, page.local, StorageKind::Local), (true, page.session, StorageKind::Session)] {
        for k in keys {
            if losing.iter().any(|v| vendor_uses_key(v, kind, k)) {
                plan.keys.push((session, k.clone()));
            }
        }
    }
    for v in losing {
        for st in v.storage.iter().filter(|st| st.kind == StorageKind::IndexedDb) {
            match st.matching {
                NameMatch::Exact => plan.databases.push(st.name.to_string()),
                NameMatch::Prefix => plan.database_prefixes.push(st.name.to_string()),
            }
        }
    }
    plan
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::details::by_id;

    #[test]
    fn reads_document_cookie() {
        let dc = "WZRK_G=abc; _ga=GA1.2.3; consentry=1.am.x; WZRK_S_8R5-4K5=%7B%7D; empty=; =odd";
        let n: Vec<&str> = names(dc).collect();
        assert_eq!(n, ["WZRK_G", "_ga", "consentry", "WZRK_S_8R5-4K5", "empty"]);
        assert_eq!(value(dc, "consentry"), Some("1.am.x"));
        assert_eq!(value(dc, "missing"), None);
    }

    #[test]
    fn clevertap_families() {
        let ct = &by_id("clevertap").expect("clevertap");
        assert!(vendor_sets_cookie(ct, "WZRK_G"));
        assert!(vendor_sets_cookie(ct, "WZRK_S_8R5-4K5-466Z"));
        assert!(!vendor_sets_cookie(ct, "_ga"));
        assert!(vendor_uses_key(ct, StorageKind::Local, "WZRK_META"));
        assert!(!vendor_uses_key(ct, StorageKind::Local, "app_state"));
    }

    #[test]
    fn cleanup_deletes_only_the_losing_vendors_data() {
        let ct = by_id("clevertap").expect("clevertap");
        let local = vec!["WZRK_META".to_string(), "app_state".to_string()];
        let session = vec!["WZRK_X".to_string()];
        let page = Page {
            jar: "WZRK_G=1; consentry=1.fam.x; _own=2; WZRK_G=dup",
            local: &local,
            session: &session,
            host: "shop.test",
            path: "/",
            https: true,
        };
        let plan = cleanup_plan(core::slice::from_ref(&ct), "consentry", &page);
        assert!(plan.cookie_writes.iter().all(|w| w.starts_with("WZRK_G=;")), "{:?}", plan.cookie_writes);
        assert_eq!(plan.cookie_writes.len(), deletion_writes("WZRK_G", "shop.test", "/", true).len());
        assert_eq!(plan.keys, vec![(false, "WZRK_META".to_string()), (true, "WZRK_X".to_string())]);
        assert!(cleanup_plan(&[], "consentry", &page).is_empty());
    }

    #[test]
    fn variants() {
        assert_eq!(
            domain_variants("www.shop.example.co.uk"),
            vec![
                None,
                Some("www.shop.example.co.uk".into()),
                Some("shop.example.co.uk".into()),
                Some("example.co.uk".into()),
                Some("co.uk".into())
            ]
        );
        assert_eq!(domain_variants("localhost"), vec![None]);
        assert_eq!(domain_variants("127.0.0.1"), vec![None]);
        assert_eq!(path_variants("/a/b/c.html"), ["/", "/a", "/a/", "/a/b", "/a/b/", "/a/b/c.html", "/a/b/c.html/"]);
        assert_eq!(path_variants("/"), ["/"]);
        let w = deletion_writes("_ga", "www.site.test", "/p/", true);
        assert_eq!(w.len(), 3 * 3);
        assert!(w.contains(&"_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Domain=site.test; Secure".to_string()));
        assert!(w.contains(&"_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/p; Secure".to_string()));
    }

    #[test]
    fn record_cookie() {
        assert_eq!(record_write("consentry", "1.a.x", 60, None, false), "consentry=1.a.x; Path=/; Max-Age=60; SameSite=Lax");
        assert_eq!(record_write("c", "v", 1, Some("site.test"), true), "c=v; Path=/; Max-Age=1; Domain=site.test; SameSite=Lax; Secure");
    }
}
