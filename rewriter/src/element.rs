//! The core's view of a `lol_html` element, and its edits applied back.
//!
//! `lol_html` hands out attribute values as written in the source, without
//! decoding character references; the core reads them decoded, as the
//! browser does (with the runtime string rewriter's own decoder, so both
//! rewriters read a tag the same way). Written back, a value that came from
//! an attribute of the element keeps that attribute's source text, so a URL
//! moved from `src` to `data-src` is the same bytes; other values are
//! escaped (`&` here, `"` by `lol_html`).

use consentry::core::hold::{Attrs, Edit, Kind};
use consentry::core::markup::decode_entities;
use lol_html::errors::AttributeNameError;
use lol_html::html_content::Element;
use std::borrow::Cow;

/// Every element that can make a request or run code ([`Kind::from_tag`]).
pub const SELECTOR: &str = consentry::core::hold::SELECTOR;

/// An element's attributes, decoded.
pub struct ElementAttrs<'e, 'r, 't>(pub &'e Element<'r, 't>);

impl Attrs for ElementAttrs<'_, '_, '_> {
    fn get(&self, name: &str) -> Option<Cow<'_, str>> {
        let raw = self.0.get_attribute(name)?;
        Some(Cow::Owned(match decode_entities(&raw) {
            Cow::Borrowed(_) => raw,
            Cow::Owned(decoded) => decoded,
        }))
    }
}

/// The kind of a matched element.
pub fn kind(el: &Element<'_, '_>) -> Option<Kind> {
    Kind::from_tag(&el.tag_name())
}

/// Applies the core's edits to an element.
pub fn apply(el: &mut Element<'_, '_>, edits: &[Edit]) -> Result<(), AttributeNameError> {
    let sources: Vec<String> = el.attributes().iter().map(|a| a.value()).collect();
    for e in edits {
        match e {
            Edit::Set(name, value) => {
                let text = match sources.iter().find(|raw| decode_entities(raw) == value.as_str()) {
                    Some(raw) => raw.clone(),
                    None => value.replace('&', "&amp;"),
                };
                el.set_attribute(name, &text)?;
            }
            Edit::Remove(name) => el.remove_attribute(name),
        }
    }
    Ok(())
}
