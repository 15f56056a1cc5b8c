//! Draft vendor files for the third-party hosts a scan found that the
//! vendor table does not know: the start of a review, never a finished
//! entry. The draft names what the scan saw and leaves the facts only a
//! person can check (the company, the categories, the policy link)
//! marked; the table's build refuses the file until its policy is filled in.

use crate::error::CliError;
use crate::json;
use crate::report::UnknownHost;
use consentry::core::rules;
use std::fmt::Write as _;
use std::path::Path;

/// The draft file's text for one host.
pub fn vendor_file(u: &UnknownHost) -> String {
    let id = rules::id_of_host(&u.host);
    // A JSON string literal is a TOML basic string (the same escapes).
    let quoted = |s: &str| {
        let mut q = String::new();
        json::string(&mut q, s);
        q
    };
    let mut out = String::new();
    let _ = writeln!(out, "# Draft written by `consentry scan --drafts`: {} loaded {} tag(s) from {},", u.first, u.tags, u.host);
    let _ = writeln!(out, "# first {}.", u.url.replace('\n', " "));
    out.push_str("# Review every field from the vendor's own documentation or SDK before adding\n");
    out.push_str("# it to crate/vendors/ (see crate/vendors/README.md), or put the same facts in\n");
    out.push_str("# the site's ConsentryConfig.vendors.add. Widen `hosts` to the vendor's own\n");
    out.push_str("# domain if that is what it serves from; write `why` in your own words.\n");
    let _ = writeln!(out, "id = {}", quoted(&id));
    let _ = writeln!(out, "name = {}                 # the vendor's name", quoted(&u.host));
    let _ = writeln!(out, "company = {}              # the company responsible", quoted(&u.host));
    out.push_str("categories = [\"marketing\"]   # every category it needs: necessary, functional, analytics, marketing\n");
    out.push_str("why = \"\"\"What it does with visitor data, and so why it waits for consent.\"\"\"\n");
    out.push_str("# policy = \"https://...\"     # its privacy policy: required\n");
    let _ = writeln!(out, "hosts = [{}]", quoted(&u.host));
    let _ = writeln!(out, "sources = [{}]", quoted(&format!("consentry scan: {}", u.first)));
    out
}

/// Writes one draft per host into `dir` (created if missing); an existing
/// file is left as it is, since it may hold a review in progress.
pub fn write_all(dir: &Path, hosts: &[UnknownHost]) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(|e| CliError::Write(dir.to_path_buf(), e))?;
    for u in hosts {
        let path = dir.join(format!("{}.toml", rules::id_of_host(&u.host)));
        if path.exists() {
            continue;
        }
        std::fs::write(&path, vendor_file(u)).map_err(|e| CliError::Write(path.clone(), e))?;
    }
    Ok(())
}
