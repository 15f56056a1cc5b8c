//! # consentry-rewriter
//!
//! Holds the static markup of known tracking vendors before it reaches the
//! browser. In a browser, an untagged `<script src>`, `<img>` or `<iframe>`
//! of a tracker written in the HTML is fetched by the preload scanner before
//! any script can react; the only complete fix is to put such markup into
//! held form beforehand, from the same vendor table and the same decision
//! ([`consentry::core::hold`]) the runtime uses.
//!
//! - [`rewrite()`]: a streaming rewrite (`lol_html`) that puts every static
//!   tag of a held vendor into held form and leaves every other byte as it
//!   was; optionally inserts the Consentry script tag first in `<head>`.
//! - [`scan()`]: what vendors a document contains, where, and whether they
//!   are held.
//! - [`Site`]: the site's configuration (the JSON of
//!   `window.ConsentryConfig`) and base URL.
//!
//! Used natively by the `consentry` CLI (`cli/`), and compiled to
//! WebAssembly for Node (`wasm-pack --target nodejs`) for the webpack plugin
//! (`crate/js/webpack-plugin.cjs`); see `wasm.rs` for that interface.

#![warn(missing_docs)]

mod element;
mod error;
mod inline;
mod rewrite;
mod scan;
mod site;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use element::SELECTOR;
pub use error::Error;
pub use inline::UrlFinder;
/// An ASCII-compatible character encoding (see [`Options::encoding`]).
pub use lol_html::AsciiCompatibleEncoding;
pub use rewrite::{rewrite, rewrite_str, Options, Stats};
pub use scan::{scan, Finding, Source, Status};
pub use site::Site;
