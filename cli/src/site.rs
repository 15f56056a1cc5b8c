//! The site options (`--config`, `--base`, `--encoding`) made into a
//! [`Site`]. Problems in the configuration are warnings, as in the browser:
//! the same file gives the same decisions at build time and at run time.

use crate::args::SiteArgs;
use crate::error::CliError;
use consentry_rewriter::AsciiCompatibleEncoding;
use consentry_rewriter::{Options, Site};
use std::fs;

/// The site, and the pages' encoding if given.
pub fn load(a: &SiteArgs) -> Result<(Site, Option<AsciiCompatibleEncoding>), CliError> {
    let json = match &a.config {
        Some(p) => fs::read_to_string(p).map_err(|e| CliError::Read(p.clone(), e))?,
        None => String::new(),
    };
    let site = Site::new(&json, a.base.as_deref()).map_err(CliError::Site)?;
    if let Some(p) = &a.config {
        for i in site.issues() {
            eprintln!("consentry: warning: {}: {}: {}", p.display(), i.field, i.problem);
        }
    }
    let encoding = a.encoding.as_deref().map(Options::encoding).transpose().map_err(CliError::Site)?;
    Ok((site, encoding))
}
