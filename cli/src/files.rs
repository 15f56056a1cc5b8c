//! Finding the pages to read, and replacing a file in place.

use crate::error::CliError;
use std::fs;
use std::path::{Path, PathBuf};

/// Whether a file name looks like an HTML page.
fn is_html(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// The files named, and the HTML files under the directories named (sorted,
/// recursively; hidden directories and `node_modules` are skipped).
pub fn pages(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut out = Vec::new();
    for input in inputs {
        let meta = fs::metadata(input).map_err(|e| CliError::Read(input.clone(), e))?;
        if meta.is_dir() {
            let before = out.len();
            walk(input, &mut out)?;
            if out.len() == before {
                return Err(CliError::NoHtml(input.clone()));
            }
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| CliError::Read(dir.to_path_buf(), e))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| CliError::Read(dir.to_path_buf(), e))?;
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let meta = fs::metadata(&p).map_err(|e| CliError::Read(p.clone(), e))?;
        if meta.is_dir() {
            if !name.starts_with('.') && name != "node_modules" {
                walk(&p, out)?;
            }
        } else if is_html(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// A temporary file beside `path`, for replacing it atomically.
pub fn temp_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.consentry-{}.tmp", std::process::id()))
}

/// Whether two paths name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
