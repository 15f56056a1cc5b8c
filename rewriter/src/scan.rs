//! Finding the vendors in a document: every element of a known vendor (or
//! tagged by hand), whether it is held before the browser sees it, and the
//! vendor URLs written in inline scripts.
//!
//! The same decision as the rewrite ([`consentry::core::hold::decide`] with
//! no consent given): a tag the rewrite would change is reported untagged
//! (the browser fetches it before any script can act); one already in held
//! form, tagged. Streaming, like the rewrite.

use crate::element::{self, ElementAttrs, SELECTOR};
use crate::error::Error;
use crate::inline::UrlFinder;
use crate::site::Site;
use consentry::core::category::CategorySet;
use consentry::core::classify::VendorId;
use consentry::core::hold::{decide, is_held_form, is_js_type, Attrs, Ctx, Decision, Kind};
use consentry::core::url::{host_within, parse, Parsed};
use lol_html::html_content::{Element, TextChunk};
use lol_html::{AsciiCompatibleEncoding, ElementContentHandlers, HandlerResult, HtmlRewriter, Selector, Settings};
use std::borrow::Cow;
use std::cell::RefCell;
use std::io::Read;

/// How a vendor appears in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// A static tag the browser fetches before any script can act: it needs
    /// `consentry rewrite` (or tagging by hand).
    Untagged,
    /// In held form already: never fetched before consent.
    Tagged,
    /// Held form with an invalid `data-category`: held for good.
    Invalid,
    /// A vendor URL in an inline script: the blocker holds it when the
    /// script inserts it.
    Inline,
    /// A vendor the site does not hold: `necessary` only, or exempted.
    Allowed,
    /// A third-party host the table does not know: it loads untouched. A
    /// lead for the table (`consentry scan --drafts DIR` writes a vendor
    /// file to review for each).
    Unknown,
}

impl Status {
    /// The name used in reports (`untagged`, `tagged`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            Status::Untagged => "untagged",
            Status::Tagged => "tagged",
            Status::Invalid => "invalid-category",
            Status::Inline => "inline",
            Status::Allowed => "allowed",
            Status::Unknown => "unknown",
        }
    }
}

/// Where in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// An element of this kind.
    Tag(Kind),
    /// The text of an inline `<script>`.
    InlineScript,
}

impl Source {
    /// `script`, `img`, ... or `script text`.
    pub const fn name(self) -> &'static str {
        match self {
            Source::Tag(k) => k.name(),
            Source::InlineScript => "script text",
        }
    }
}

/// One vendor tag or URL found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset of the element's start tag in the input.
    pub offset: usize,
    /// What it is.
    pub source: Source,
    /// The vendor (`None`: tagged by hand, vendor unknown to the table).
    pub vendor: Option<VendorId>,
    /// The categories it needs on this site.
    pub categories: CategorySet,
    /// The URL (the first one, for an element with several).
    pub url: String,
    /// Held, or not.
    pub status: Status,
    /// For [`Status::Invalid`], what is wrong.
    pub note: Option<String>,
    /// For [`Status::Unknown`], the third party's host.
    pub host: Option<String>,
}

/// Scans a document. `encoding`: as for [`crate::Options::encoding`].
pub fn scan(site: &Site, encoding: Option<AsciiCompatibleEncoding>, input: impl Read) -> Result<Vec<Finding>, Error> {
    site.with_ctx(|ctx| run(ctx, encoding, input))
}

/// The inline script being read, if any.
struct Script {
    offset: usize,
    urls: UrlFinder,
    /// Vendors already reported for this script.
    seen: Vec<VendorId>,
}

fn url_text(u: &str) -> String {
    u.trim().chars().take(500).collect()
}

fn element_finding(el: &Element<'_, '_>, kind: Kind, ctx: &Ctx<'_>) -> Option<Finding> {
    let attrs = ElementAttrs(el);
    let offset = el.source_location().bytes().start;
    let finding = |vendor, categories, url: String, status, note| {
        Some(Finding { offset, source: Source::Tag(kind), vendor, categories, url: url_text(&url), status, note, host: None })
    };
    match decide(kind, &attrs, ctx) {
        Decision::Hold(h) => {
            let status = if h.edits.is_empty() { Status::Tagged } else { Status::Untagged };
            finding(h.vendor, h.categories, h.url, status, None)
        }
        Decision::Release(h, _) => finding(h.vendor, h.categories, h.url, Status::Tagged, None),
        Decision::Broken(_, e) => {
            let (vendor, categories, url) = ctx.classify_element(kind, &attrs, true);
            finding(vendor, categories, url, Status::Invalid, Some(e.describe()))
        }
        Decision::Pass => {
            if kind == Kind::Script && !is_js_type(attrs.get("type").as_deref()) {
                return None; // never fetched or run
            }
            let (vendor, categories, url) = ctx.classify_element(kind, &attrs, false);
            match vendor {
                Some(v) => finding(Some(v), categories, url, Status::Allowed, None),
                None => {
                    let host = third_party_host(&url, ctx)?;
                    finding(None, categories, url, Status::Unknown, None).map(|f| Finding { host: Some(host), ..f })
                }
            }
        }
    }
}

/// The host of `url` when it is a third party's: a network URL whose host
/// is neither the site's (`--base`, `www.` aside) nor below it. Without a
/// base, every absolute URL's host is a third party's.
pub fn third_party_host(url: &str, ctx: &Ctx<'_>) -> Option<String> {
    let Parsed::Network(p) = parse(url, ctx.base) else { return None };
    let site = ctx.base.host.strip_prefix("www.").unwrap_or(ctx.base.host);
    let host: &str = &p.host;
    let first_party = p.relative || host_within(host, site);
    (!first_party && !host.is_empty()).then(|| host.to_string())
}

fn run(ctx: &Ctx<'_>, encoding: Option<AsciiCompatibleEncoding>, input: impl Read) -> Result<Vec<Finding>, Error> {
    let found: RefCell<Vec<Finding>> = RefCell::new(Vec::new());
    let script: RefCell<Option<Script>> = RefCell::new(None);
    let inline_url = |s: &mut Script, u: &str, out: &mut Vec<Finding>| {
        if let Some(m) = ctx.classifier.classify_with(u, ctx.base, ctx.canonical) {
            if !s.seen.contains(&m.id) {
                s.seen.push(m.id);
                out.push(Finding {
                    offset: s.offset,
                    source: Source::InlineScript,
                    vendor: Some(m.id),
                    categories: m.categories,
                    url: url_text(u),
                    status: Status::Inline,
                    note: None,
                    host: None,
                });
            }
        }
    };
    let elements = ElementContentHandlers::default().element(|el: &mut Element<'_, '_>| -> HandlerResult {
        let Some(kind) = element::kind(el) else { return Ok(()) };
        if kind == Kind::Script {
            let attrs = ElementAttrs(el);
            let inline = attrs.get("src").is_none() && (is_js_type(attrs.get("type").as_deref()) || is_held_form(kind, &attrs));
            let offset = el.source_location().bytes().start;
            *script.borrow_mut() = inline.then(|| Script { offset, urls: UrlFinder::new(), seen: Vec::new() });
        }
        if let Some(f) = element_finding(el, kind, ctx) {
            found.borrow_mut().push(f);
        }
        Ok(())
    });
    let texts = ElementContentHandlers::default().text(|t: &mut TextChunk<'_>| -> HandlerResult {
        let mut guard = script.borrow_mut();
        let Some(s) = guard.as_mut() else { return Ok(()) };
        let mut out = found.borrow_mut();
        let mut urls = std::mem::take(&mut s.urls);
        urls.feed(t.as_str(), &mut |u| inline_url(s, u, &mut out));
        if t.last_in_text_node() {
            urls.finish(&mut |u| inline_url(s, u, &mut out));
        }
        s.urls = urls;
        Ok(())
    });
    let parse =
        |sel: &str| -> Result<Selector, Error> { sel.parse().map_err(|e: lol_html::errors::SelectorError| Error::Rewrite(e.to_string())) };
    let (encoding, adjust) = match encoding {
        Some(e) => (e, false),
        None => (AsciiCompatibleEncoding::utf_8(), true),
    };
    let settings = Settings::new()
        .with_strict(true)
        .with_encoding(encoding)
        .with_adjust_charset_on_meta_tag(adjust)
        .append_element_content_handler((Cow::Owned(parse(SELECTOR)?), elements))
        .append_element_content_handler((Cow::Owned(parse("script")?), texts));
    let mut scanner = HtmlRewriter::new(settings, |_: &[u8]| {});
    let mut input = input;
    crate::rewrite::each_chunk(&mut input, |chunk| Ok(scanner.write(chunk)?))?;
    scanner.end()?;
    Ok(found.into_inner())
}
