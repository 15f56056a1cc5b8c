//! `consentry rewrite`.

use crate::args::Rewrite;
use crate::error::CliError;
use crate::{files, site, FAILED};
use consentry_rewriter::{rewrite, Options, Site, Stats};
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs the command.
pub fn run(a: &Rewrite) -> Result<ExitCode, CliError> {
    let (site, encoding) = site::load(&a.site)?;
    let options = Options { encoding, head: None };
    if a.in_place {
        let mut failed = false;
        for page in files::pages(&a.inputs)? {
            match in_place(&site, &options, &page) {
                Ok(stats) => summary(a, &page, &stats),
                Err(e) => {
                    eprintln!("consentry: {e}");
                    failed = true;
                }
            }
        }
        return Ok(if failed { ExitCode::from(FAILED) } else { ExitCode::SUCCESS });
    }
    let input = a.inputs.first().ok_or_else(|| CliError::Usage("rewrite: no input".into()))?;
    let stats = if input.as_os_str() == "-" {
        let label = PathBuf::from("standard input");
        to_output(&site, &options, io::stdin().lock(), &label, a.output.as_deref())?
    } else {
        if let Some(out) = &a.output {
            if files::same_file(input, out) {
                return Err(CliError::SameFile(out.clone()));
            }
        }
        let file = File::open(input).map_err(|e| CliError::Read(input.clone(), e))?;
        to_output(&site, &options, BufReader::new(file), input, a.output.as_deref())?
    };
    summary(a, input, &stats);
    Ok(ExitCode::SUCCESS)
}

fn to_output(site: &Site, options: &Options, input: impl io::Read, label: &Path, output: Option<&Path>) -> Result<Stats, CliError> {
    match output {
        Some(path) => {
            let file = File::create(path).map_err(|e| CliError::Write(path.to_path_buf(), e))?;
            rewrite(site, options, input, BufWriter::new(file)).map_err(|e| match e {
                consentry_rewriter::Error::Write(e) => CliError::Write(path.to_path_buf(), e),
                e => CliError::Page(label.to_path_buf(), e),
            })
        }
        None => rewrite(site, options, input, BufWriter::new(io::stdout().lock())).map_err(|e| match e {
            consentry_rewriter::Error::Write(e) => CliError::Write("standard output".into(), e),
            e => CliError::Page(label.to_path_buf(), e),
        }),
    }
}

/// Rewrites a file through a temporary file beside it, renamed over it
/// only when something was held (a file with nothing to hold is untouched).
fn in_place(site: &Site, options: &Options, page: &Path) -> Result<Stats, CliError> {
    let file = File::open(page).map_err(|e| CliError::Read(page.to_path_buf(), e))?;
    let permissions = file.metadata().map_err(|e| CliError::Read(page.to_path_buf(), e))?.permissions();
    let tmp = files::temp_beside(page);
    let out = File::create(&tmp).map_err(|e| CliError::Write(tmp.clone(), e))?;
    let result = rewrite(site, options, BufReader::new(file), BufWriter::new(out));
    let stats = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(match e {
                consentry_rewriter::Error::Write(e) => CliError::Write(tmp, e),
                e => CliError::Page(page.to_path_buf(), e),
            });
        }
    };
    if stats.held == 0 {
        let _ = fs::remove_file(&tmp);
        return Ok(stats);
    }
    let replaced = fs::set_permissions(&tmp, permissions).and_then(|_| fs::rename(&tmp, page));
    if let Err(e) = replaced {
        let _ = fs::remove_file(&tmp);
        return Err(CliError::Write(page.to_path_buf(), e));
    }
    Ok(stats)
}

fn summary(a: &Rewrite, page: &Path, s: &Stats) {
    if a.quiet {
        return;
    }
    if s.held == 0 {
        eprintln!("consentry: {}: no vendor tag to hold", page.display());
    } else {
        eprintln!("consentry: {}: held {} tag{} ({})", page.display(), s.held, if s.held == 1 { "" } else { "s" }, s.vendors.join(", "));
    }
}
