//! A small JSON writer: the CLI's JSON output is a handful of flat shapes,
//! written directly into a string.

use consentry::core::category::CategorySet;
use consentry::core::projection::Vendor;

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

/// Appends a vendor's projection in the shape of `Consentry.vendors()`
/// (see `crate/js/index.d.ts`): the projection's own serialisation.
pub fn vendor(out: &mut String, v: &Vendor) {
    match serde_json::to_string(v) {
        Ok(s) => out.push_str(&s),
        // A projection is strings, numbers and lists: it always serialises.
        Err(_) => out.push_str("null"),
    }
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
