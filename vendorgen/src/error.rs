//! What can go wrong in the pipeline, each with the file and the fix.

use std::fmt;
use std::path::PathBuf;

/// A pipeline failure.
#[derive(Debug)]
pub enum Error {
    /// A file could not be read or written.
    Io(PathBuf, std::io::Error),
    /// A JSON file did not parse.
    Json(PathBuf, serde_json::Error),
    /// A TOML file did not parse.
    Toml(PathBuf, String),
    /// The cookie database did not parse.
    Csv(PathBuf, csv::Error),
    /// The installed third-party-web is not the pinned version.
    Version {
        /// The version `package.json` pins.
        pinned: String,
        /// The version in `node_modules`.
        installed: String,
    },
    /// `package.json` does not pin third-party-web to one version.
    NotPinned(String),
    /// The review names something that is not there, or says something invalid.
    Review(Vec<String>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(p, e) => write!(f, "{}: {e}", p.display()),
            Error::Json(p, e) => write!(f, "{}: {e}", p.display()),
            Error::Toml(p, e) => write!(f, "{}: {e}", p.display()),
            Error::Csv(p, e) => write!(f, "{}: {e}", p.display()),
            Error::Version { pinned, installed } => write!(
                f,
                "node_modules has third-party-web {installed}, package.json pins {pinned}: run `npm ci` (or change the pin in package.json and run `npm install`)"
            ),
            Error::NotPinned(v) => write!(f, "package.json must pin third-party-web to one exact version (found {v:?}): the table must be reproducible"),
            Error::Review(errs) => write!(f, "vendorgen/review.toml:\n  {}", errs.join("\n  ")),
        }
    }
}

impl std::error::Error for Error {}
