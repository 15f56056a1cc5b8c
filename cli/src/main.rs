//! `consentry`: rewrite a site's HTML so that the static tags of known
//! tracking vendors are held before the browser sees them, scan a built site
//! for vendors and write its cookie policy, export the vendor table, write
//! out the service-worker guard.
//!
//! Every decision comes from the Consentry core (`crate/`) through
//! `consentry-rewriter` (`rewriter/`); this crate reads arguments and files
//! and writes reports.

mod args;
mod draft;
mod error;
mod escape;
mod files;
mod json;
mod lines;
mod policy;
mod report;
mod rewrite;
mod scan;
mod site;
mod vendors;
mod worker;

use args::Command;
use error::CliError;
use std::io::Write;
use std::process::ExitCode;

/// Exit status for `scan --fail-on-untagged` finding an untagged tag.
const UNTAGGED: u8 = 1;
/// Exit status for bad usage and file errors.
const FAILED: u8 = 2;

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os().skip(1)) {
        Ok(c) => c,
        Err(m) => {
            eprintln!("consentry: {m}");
            return ExitCode::from(FAILED);
        }
    };
    let result = match command {
        Command::Help(text) => print(text),
        Command::Version => print(&format!("consentry {}\n", env!("CARGO_PKG_VERSION"))),
        Command::Rewrite(r) => rewrite::run(&r),
        Command::Scan(s) => scan::run(&s),
        Command::Vendors(v) => vendors::run(&v),
        Command::ServiceWorker(w) => worker::run(&w),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("consentry: {e}");
            ExitCode::from(FAILED)
        }
    }
}

/// Writes `text` to standard output.
fn print(text: &str) -> Result<ExitCode, CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|_| out.flush()).map_err(|e| CliError::Write("standard output".into(), e))?;
    Ok(ExitCode::SUCCESS)
}
