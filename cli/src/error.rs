//! The CLI's errors: each names the file and the problem.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why a command failed.
#[derive(Debug)]
pub enum CliError {
    /// Bad arguments.
    Usage(String),
    /// A file (or standard input/output) could not be read.
    Read(PathBuf, io::Error),
    /// A file (or standard output) could not be written.
    Write(PathBuf, io::Error),
    /// A page could not be rewritten or scanned.
    Page(PathBuf, consentry_rewriter::Error),
    /// `--base` or `--encoding` is invalid.
    Site(consentry_rewriter::Error),
    /// The output would overwrite the input while it is being read.
    SameFile(PathBuf),
    /// A path given is neither a file nor a directory with HTML files.
    NoHtml(PathBuf),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) => write!(f, "{m}"),
            CliError::Read(p, e) => write!(f, "cannot read {}: {e}", p.display()),
            CliError::Write(p, e) => write!(f, "cannot write {}: {e}", p.display()),
            CliError::Page(p, consentry_rewriter::Error::Read(e)) => write!(f, "cannot read {}: {e}", p.display()),
            CliError::Page(p, consentry_rewriter::Error::Write(e)) => write!(f, "cannot write the result of {}: {e}", p.display()),
            CliError::Page(p, e) => write!(f, "{}: {e}", p.display()),
            CliError::Site(e) => write!(f, "{e}"),
            CliError::SameFile(p) => write!(f, "the output {} is the input: use --in-place to rewrite a file in place", p.display()),
            CliError::NoHtml(p) => write!(f, "{}: no .html or .htm file in this directory", p.display()),
        }
    }
}
