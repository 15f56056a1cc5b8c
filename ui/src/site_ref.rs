//! What a site's `data-consentry-placeholder` attribute names (see the
//! README, *Placeholders*): on a held element, `#id`, the element of the
//! page that is its placeholder; on any other element, a vendor id, which
//! makes that element the placeholder of the vendor. Read here, apart from
//! the DOM, so that the rule is tested natively; the element is then found
//! with `getElementById`, never by a selector the page wrote.

use consentry::core::rules;

/// What the attribute's value names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteRef<'a> {
    /// `#my-box`: the element with this id.
    Element(&'a str),
    /// `youtube`: a vendor, by its id.
    Vendor(&'a str),
    /// Anything else: ignored (the console says so).
    Invalid,
}

/// Reads the attribute's value.
pub fn parse(value: &str) -> SiteRef<'_> {
    let v = value.trim();
    match v.strip_prefix('#') {
        Some(id) if !id.is_empty() && !id.chars().any(char::is_whitespace) => SiteRef::Element(id),
        Some(_) => SiteRef::Invalid,
        None if rules::valid_id(v) => SiteRef::Vendor(v),
        None => SiteRef::Invalid,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn element_references_and_vendor_ids() {
        assert_eq!(parse("#my-box"), SiteRef::Element("my-box"));
        assert_eq!(parse(" #tweet:1 "), SiteRef::Element("tweet:1"));
        assert_eq!(parse("youtube"), SiteRef::Vendor("youtube"));
        assert_eq!(parse(" x-embeds\n"), SiteRef::Vendor("x-embeds"));
        for bad in ["", "#", "# a", "#a b", "YouTube", "you tube", "-x", "<b>", ".box", "#"] {
            assert_eq!(parse(bad), SiteRef::Invalid, "{bad:?}");
        }
    }
}
