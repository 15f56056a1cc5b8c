//! The core's view of a `lol_html` element, and its edits applied back.
//!
//! `lol_html` hands out attribute values as written in the source, without
//! decoding character references; the core reads them decoded, as the
//! browser does (with the runtime string rewriter's own decoder,
//! `core::charref`, and the full table of names, so both rewriters read a
//! tag the same way). Written back, a value that came from
//! an attribute of the element keeps that attribute's source text, so a URL
//! moved from `src` to `data-src` is the same bytes; other values are
//! escaped (`&` here, `"` by `lol_html`).

use consentry::core::charref::{decode_attr_or_text, Full};
use consentry::core::hold::{Attrs, Edit, Kind};
use consentry::core::markup::{write_start_tag, Attr};
use lol_html::errors::AttributeNameError;
use lol_html::html_content::ContentType;
use lol_html::html_content::Element;
use std::borrow::Cow;

/// Every element that can make a request or run code ([`Kind::from_tag`]).
pub const SELECTOR: &str = consentry::core::hold::SELECTOR;

/// An element's attributes, decoded.
pub struct ElementAttrs<'e, 'r, 't>(pub &'e Element<'r, 't>);

impl Attrs for ElementAttrs<'_, '_, '_> {
    fn get(&self, name: &str) -> Option<Cow<'_, str>> {
        let raw = self.0.get_attribute(name)?;
        Some(Cow::Owned(match decode(&raw) {
            Cow::Borrowed(_) => raw,
            Cow::Owned(decoded) => decoded,
        }))
    }
}

/// An attribute value as the browser reads it: with the full table of
/// character references (never unsettled).
pub fn decode(raw: &str) -> Cow<'_, str> {
    decode_attr_or_text(raw, &Full)
}

/// The kind of a matched element.
pub fn kind(el: &Element<'_, '_>) -> Option<Kind> {
    Kind::from_tag(&el.tag_name())
}

/// Applies the core's edits to an element.
pub fn apply(el: &mut Element<'_, '_>, edits: &[Edit]) -> Result<(), AttributeNameError> {
    let sources: Vec<String> = el.attributes().iter().map(|a| a.value()).collect();
    // `lol_html` writes an edited tag's attributes back from their source
    // text. Once one is removed, a bare attribute (`async`) can end up just
    // before a name that starts with `=` (`async =x=">"`), which the browser
    // then reads as its value, and the tag as ending early. Such a tag is
    // written whole instead, as the runtime writes the tags it holds (every
    // value quoted; `lol_html` cannot write a name that starts with `=`).
    if el.attributes().iter().any(|a| a.name().starts_with('=')) {
        let owned: Vec<(String, String)> = el.attributes().iter().map(|a| (a.name_preserve_case(), a.value())).collect();
        let attrs: Vec<Attr<'_>> = owned.iter().map(|(n, v)| Attr { name: n, value: Some(v) }).collect();
        let mut tag = String::new();
        write_start_tag(&el.tag_name_preserve_case(), &attrs, el.is_self_closing(), edits, &mut tag);
        el.start_tag().replace(&tag, ContentType::Html);
        return Ok(());
    }
    for e in edits {
        match e {
            Edit::Set(name, value) => {
                let text = match sources.iter().find(|raw| decode(raw) == value.as_str()) {
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
