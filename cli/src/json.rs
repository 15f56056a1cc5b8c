//! A small JSON writer: the CLI's JSON output is a handful of flat shapes,
//! written directly into a string.

use consentry::core::category::CategorySet;
use consentry::core::table::{NameMatch, VendorDef};

/// Appends `s` as a JSON string literal (the core's writer).
pub use consentry::core::json::write_str as string;

/// Appends `"key":` (after a comma unless `first`).
pub fn key(out: &mut String, k: &str, first: bool) {
    if !first {
        out.push(',');
    }
    string(out, k);
    out.push(':');
}

/// Appends an array of strings.
pub fn strings<'a>(out: &mut String, items: impl IntoIterator<Item = &'a str>) {
    out.push('[');
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, s);
    }
    out.push(']');
}

/// Appends the category names of a set, as an array.
pub fn categories(out: &mut String, c: CategorySet) {
    strings(out, c.iter().map(|c| c.name()));
}

/// Appends a vendor record in the shape of `Consentry.vendors()` (see
/// `crate/js/index.d.ts`), with `categories` as they apply on the site.
pub fn vendor(out: &mut String, v: &VendorDef, categories_here: CategorySet, exempt: bool) {
    let m = |n: NameMatch| if n == NameMatch::Prefix { "prefix" } else { "exact" };
    out.push('{');
    key(out, "id", true);
    string(out, &v.id);
    key(out, "name", false);
    string(out, &v.name);
    key(out, "aka", false);
    strings(out, v.aka.iter().map(|s| s.as_ref()));
    key(out, "company", false);
    string(out, &v.company);
    key(out, "categories", false);
    categories(out, categories_here);
    key(out, "exempt", false);
    out.push_str(if exempt { "true" } else { "false" });
    key(out, "why", false);
    string(out, &v.why);
    key(out, "policy", false);
    string(out, &v.policy);
    key(out, "related", false);
    strings(out, v.related.iter().map(|s| s.as_ref()));
    key(out, "hosts", false);
    strings(out, v.hosts.iter().map(|s| s.as_ref()));
    key(out, "cookies", false);
    out.push('[');
    for (i, c) in v.cookies.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        key(out, "name", true);
        string(out, &c.name);
        key(out, "match", false);
        string(out, m(c.matching));
        key(out, "retention", false);
        string(out, &consentry::core::text::retention(c.retention));
        key(out, "category", false);
        string(out, c.category.name());
        key(out, "domain", false);
        match c.domain.as_deref() {
            Some(d) => string(out, d),
            None => out.push_str("null"),
        }
        out.push('}');
    }
    out.push(']');
    key(out, "storage", false);
    out.push('[');
    for (i, s) in v.storage.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        key(out, "type", true);
        string(out, s.kind.name());
        key(out, "name", false);
        string(out, &s.name);
        key(out, "match", false);
        string(out, m(s.matching));
        key(out, "retention", false);
        string(out, &consentry::core::text::retention(s.retention));
        key(out, "category", false);
        string(out, s.category.name());
        out.push('}');
    }
    out.push(']');
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut s = String::new();
        string(&mut s, "a\"b\\c\nd\u{1}</script>");
        assert_eq!(s, r#""a\"b\\c\nd\u0001\u003c/script>""#);
    }
}
