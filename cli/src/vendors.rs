//! `consentry vendors`: the vendor table (with the site's changes), as JSON
//! in the shape of `Consentry.vendors()`, or as the cookie policy of every
//! vendor. The npm package ships the JSON as `vendors.json`.

use crate::args::{Format, SiteArgs, Vendors};
use crate::error::CliError;
use crate::{json, policy, print, site};
use consentry::core::projection;
use std::process::ExitCode;

/// Runs the command.
pub fn run(a: &Vendors) -> Result<ExitCode, CliError> {
    let (site, _) = site::load(&SiteArgs { config: a.config.clone(), ..SiteArgs::default() })?;
    let c = site.classifier();
    let ids: Vec<_> = c.ids().collect();
    if a.format != Format::Json {
        return print(&policy::render(&policy::vendors(c, &ids, site.record_cookie(), site.host().unwrap_or("this site")), a.format));
    }
    let mut out = String::from("[");
    for (i, id) in ids.iter().enumerate() {
        let Some(def) = c.vendor_def(*id) else { continue };
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        json::vendor(&mut out, &projection::vendor(&def, c.categories_of(*id), c.is_exempt(*id)));
    }
    out.push_str("\n]\n");
    print(&out)
}
