//! Rewriting a document so that every static tag of a held vendor is in
//! held form before the browser sees it (see `consentry::core::hold` for the
//! form, which the runtime restores exactly).
//!
//! Streaming: the input is read in chunks and each chunk's output written
//! before the next is read, so memory stays constant whatever the size of
//! the document (`lol_html` buffers only the tag being read). Everything but
//! the edited start tags passes through byte for byte; held markup is left
//! as it is, so a second rewrite changes nothing.

use crate::element::{self, ElementAttrs, SELECTOR};
use crate::error::Error;
use crate::site::Site;
use consentry::core::hold::{decide, Ctx, Decision};
use lol_html::html_content::{ContentType, Element};
use lol_html::{AsciiCompatibleEncoding, ElementContentHandlers, HandlerResult, HtmlRewriter, Selector, Settings};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::io::{self, Read, Write};

/// Bytes read at a time.
const CHUNK: usize = 64 * 1024;

/// How to read a document.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The document's encoding, when known from outside (an HTTP header).
    /// `None`: UTF-8, or what the document's `<meta charset>` says.
    pub encoding: Option<AsciiCompatibleEncoding>,
    /// Markup to insert as the first thing in `<head>` (the Consentry
    /// script tag), or before the first element when there is no `<head>`.
    pub head: Option<String>,
}

impl Options {
    /// The encoding for a label (`utf-8`, `windows-1252`, `shift_jis`...).
    pub fn encoding(label: &str) -> Result<AsciiCompatibleEncoding, Error> {
        encoding_rs::Encoding::for_label_no_replacement(label.trim().as_bytes())
            .and_then(AsciiCompatibleEncoding::new)
            .ok_or_else(|| Error::Encoding(label.to_string()))
    }
}

/// What a rewrite did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Tags put into held form.
    pub held: usize,
    /// The vendors held, each once, in document order (`None` for an
    /// element held without a known vendor, which cannot happen for
    /// untagged markup today).
    pub vendors: Vec<String>,
    /// Whether the head markup was inserted.
    pub injected: bool,
}

/// Rewrites `input` into `output`.
pub fn rewrite(site: &Site, options: &Options, input: impl Read, output: impl Write) -> Result<Stats, Error> {
    site.with_ctx(|ctx| run(ctx, options, input, output))
}

/// Rewrites a document held in memory.
pub fn rewrite_str(site: &Site, options: &Options, html: &str) -> Result<(String, Stats), Error> {
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    let stats = rewrite(site, options, html.as_bytes(), &mut out)?;
    // Input is UTF-8 and every edit is UTF-8 text: the output is too, unless a
    // `<meta charset>` switched the encoding, in which case say so.
    let text = String::from_utf8(out)
        .map_err(|_| Error::Rewrite("the output is not UTF-8 (the page declares another charset); rewrite its bytes instead".into()))?;
    Ok((text, stats))
}

/// Feeds `input` to `f` in chunks of [`CHUNK`] bytes (constant memory),
/// retrying interrupted reads.
pub(crate) fn each_chunk(input: &mut impl Read, mut f: impl FnMut(&[u8]) -> Result<(), Error>) -> Result<(), Error> {
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::Read(e)),
        };
        f(buf.get(..n).unwrap_or_default())?;
    }
}

fn run(ctx: &Ctx<'_>, options: &Options, mut input: impl Read, mut output: impl Write) -> Result<Stats, Error> {
    let stats = RefCell::new(Stats::default());
    let injected = Cell::new(false);
    let failed: RefCell<Option<io::Error>> = RefCell::new(None);
    let sink = |chunk: &[u8]| {
        if failed.borrow().is_none() {
            if let Err(e) = output.write_all(chunk) {
                *failed.borrow_mut() = Some(e);
            }
        }
    };
    let selector: Selector = SELECTOR.parse().map_err(|e: lol_html::errors::SelectorError| Error::Rewrite(e.to_string()))?;
    let hold = ElementContentHandlers::default().element(|el: &mut Element<'_, '_>| -> HandlerResult {
        let Some(kind) = element::kind(el) else { return Ok(()) };
        if let Decision::Hold(h) = decide(kind, &ElementAttrs(el), ctx) {
            if !h.edits.is_empty() {
                element::apply(el, &h.edits)?;
                let mut s = stats.borrow_mut();
                s.held += 1;
                if let Some(v) = h.vendor.and_then(|v| ctx.classifier.vendor(v)) {
                    if !s.vendors.iter().any(|x| x == v.id) {
                        s.vendors.push(v.id.to_string());
                    }
                }
            }
        }
        Ok(())
    });
    let (encoding, adjust) = match options.encoding {
        Some(e) => (e, false),
        None => (AsciiCompatibleEncoding::utf_8(), true),
    };
    // Strict: a text-switching element inside `<select>` or after `<frameset>`
    // stops the rewrite (`Error::Ambiguous`) rather than guess how the browser
    // reads what follows.
    let mut settings = Settings::new().with_strict(true).with_encoding(encoding).with_adjust_charset_on_meta_tag(adjust);
    if let Some(markup) = options.head.as_deref() {
        // The first element that can carry it: `<head>` (insert inside, first),
        // or, when the document leaves `<head>` out, whatever element comes
        // first after `<html>` (insert before it). Registered before the hold
        // handler, so it runs first on an element both match.
        let any: Selector = "*".parse().map_err(|e: lol_html::errors::SelectorError| Error::Rewrite(e.to_string()))?;
        let inject = ElementContentHandlers::default().element(|el: &mut Element<'_, '_>| -> HandlerResult {
            if injected.get() {
                return Ok(());
            }
            let tag = el.tag_name();
            if tag == "head" {
                el.prepend(markup, ContentType::Html);
            } else if tag != "html" {
                el.before(markup, ContentType::Html);
            } else {
                return Ok(());
            }
            injected.set(true);
            Ok(())
        });
        settings = settings.append_element_content_handler((Cow::Owned(any), inject));
    }
    settings = settings.append_element_content_handler((Cow::Owned(selector), hold));
    let mut rewriter = HtmlRewriter::new(settings, sink);
    each_chunk(&mut input, |chunk| {
        rewriter.write(chunk)?;
        match failed.take() {
            Some(e) => Err(Error::Write(e)),
            None => Ok(()),
        }
    })?;
    rewriter.end()?;
    if let Some(e) = failed.take() {
        return Err(Error::Write(e));
    }
    output.flush().map_err(Error::Write)?;
    let mut s = stats.into_inner();
    s.injected = injected.get();
    Ok(s)
}
