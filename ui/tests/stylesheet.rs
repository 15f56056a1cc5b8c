//! The banner's stylesheet as the module ships it: `build.rs` minifies
//! `src/ui.css`. That the browser reads the same rules from both is
//! checked in the e2e suite (banner.spec.mjs); here, that the shipped text
//! is the minified one and that no quoted text was altered.

const SOURCE: &str = include_str!("../src/ui.css");
const SHIPPED: &str = include_str!(concat!(env!("OUT_DIR"), "/ui.min.css"));

#[test]
fn shipped_stylesheet_has_no_comments_or_line_breaks_and_is_smaller() {
    assert!(!SHIPPED.contains("/*"), "a comment survived");
    assert!(!SHIPPED.contains('\n'), "a line break survived");
    assert!(!SHIPPED.contains("  "), "a run of spaces survived");
    assert!(SHIPPED.len() * 5 < SOURCE.len() * 4, "{} of {} bytes", SHIPPED.len(), SOURCE.len());
}

#[test]
fn quoted_text_and_descendant_combinators_are_kept() {
    for quoted in ["\"Segoe UI\"", "[dir=\"rtl\"] .banner.modal", "[type=\"checkbox\"]"] {
        assert!(SHIPPED.contains(quoted), "{quoted} missing");
    }
    // Braces balance, and every rule of the source is still there.
    assert_eq!(SHIPPED.matches('{').count(), SHIPPED.matches('}').count());
    assert_eq!(SHIPPED.matches('{').count(), SOURCE.matches('{').count());
}
