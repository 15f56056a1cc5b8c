//! `consentry service-worker`: writes out the service-worker guard
//! (`consentry-sw.js`) this command was built with, for the site to serve
//! from its origin.

use crate::args::ServiceWorker;
use crate::error::CliError;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The worker file, when this build has it (see build.rs).
#[cfg(has_worker)]
const WORKER: Option<&[u8]> = Some(include_bytes!(concat!(env!("OUT_DIR"), "/consentry-sw.js")));
#[cfg(not(has_worker))]
const WORKER: Option<&[u8]> = None;

/// Writes the worker to `--output` or standard output.
pub fn run(w: &ServiceWorker) -> Result<ExitCode, CliError> {
    let Some(bytes) = WORKER else {
        return Err(CliError::Usage(
            "this consentry was built without the service-worker guard: run `npm run build` in the repository (it builds \
             pkg/consentry-sw.js, then this command again), or copy consentry-sw.js from the npm package"
                .into(),
        ));
    };
    match &w.output {
        Some(path) => std::fs::write(path, bytes).map_err(|e| CliError::Write(path.clone(), e))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).and_then(|_| out.flush()).map_err(|e| CliError::Write(PathBuf::from("standard output"), e))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
