//! What can go wrong when rewriting or scanning a document.

use std::fmt;
use std::io;

/// A failed rewrite or scan. Invalid HTML is never one of these: any input
/// is read the way a browser would and passed through.
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
        Error::Rewrite(e.to_string())
    }
}
