//! What can go wrong when rewriting or scanning a document.

use std::fmt;
use std::io;

/// A failed rewrite or scan. Invalid HTML is never one of these, with one
/// exception ([`Error::Ambiguous`]): any input is read the way a browser
/// would and passed through.
#[derive(Debug)]
pub enum Error {
    /// `--base` is not an absolute `http:` or `https:` URL.
    Base(String),
    /// `--encoding` names no encoding the rewriter supports (the
    /// ASCII-compatible encodings of the Encoding standard).
    Encoding(String),
    /// Reading the input failed.
    Read(io::Error),
    /// Writing the output failed.
    Write(io::Error),
    /// The document has an element that switches the parser to text (such
    /// as `<script>`, `<style>`, `<title>`, `<textarea>`, `<noscript>`)
    /// inside `<select>` or after `<frameset>`, where browsers may ignore it
    /// or not depending on markup the streaming reader has not kept. Reading
    /// on would risk taking tags for text, and so missing vendor tags the
    /// browser loads: the rewrite stops instead (fail closed). Names the tag.
    Ambiguous(String),
    /// The HTML rewriter stopped (it ran out of memory on a single giant tag,
    /// or an attribute edit was refused).
    Rewrite(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Base(b) => write!(f, "base URL {b:?} is not an absolute http: or https: URL (example: --base https://www.example.com/)"),
            Error::Encoding(e) => write!(
                f,
                "unknown or unsupported encoding {e:?} (use a label such as utf-8, windows-1252, shift_jis; UTF-16 is not supported)"
            ),
            Error::Read(e) => write!(f, "cannot read: {e}"),
            Error::Write(e) => write!(f, "cannot write: {e}"),
            Error::Ambiguous(tag) => write!(
                f,
                "a <{tag}> inside <select> or after <frameset> can be read two ways, and a vendor tag after it could be \
                 taken for text; the page was not rewritten. Move the <{tag}> out of the <select> (or the frameset page)"
            ),
            Error::Rewrite(e) => write!(f, "the HTML rewriter stopped: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read(e) | Error::Write(e) => Some(e),
            _ => None,
        }
    }
}

impl From<lol_html::errors::RewritingError> for Error {
    fn from(e: lol_html::errors::RewritingError) -> Self {
        let text = e.to_string();
        match e {
            // The error keeps the tag private; its message names it as (`<tag>`).
            lol_html::errors::RewritingError::ParsingAmbiguity(_) => {
                let tag = text.split_once("`<").and_then(|(_, rest)| rest.split_once(">`")).map_or("?", |(tag, _)| tag);
                Error::Ambiguous(tag.to_string())
            }
            _ => Error::Rewrite(text),
        }
    }
}
