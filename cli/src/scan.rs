//! `consentry scan`.

use crate::args::{Format, Scan};
use crate::error::CliError;
use crate::report::{Located, Report};
use crate::{draft, files, lines, policy, site, UNTAGGED};
use consentry_rewriter::scan;
use std::fs::{self, File};
use std::io::{BufReader, Write};
use std::process::ExitCode;

/// Runs the command.
pub fn run(a: &Scan) -> Result<ExitCode, CliError> {
    let (site, encoding) = site::load(&a.site)?;
    let pages = files::pages(&a.inputs)?;
    let mut report = Report { files: pages.len(), ..Report::default() };
    for page in &pages {
        let file = File::open(page).map_err(|e| CliError::Read(page.clone(), e))?;
        let found = scan(&site, encoding, BufReader::new(file)).map_err(|e| CliError::Page(page.clone(), e))?;
        if found.is_empty() {
            continue;
        }
        let offsets: Vec<usize> = found.iter().map(|f| f.offset).collect();
        let file = File::open(page).map_err(|e| CliError::Read(page.clone(), e))?;
        let places = lines::locate(BufReader::new(file), &offsets).map_err(|e| CliError::Read(page.clone(), e))?;
        let name = page.display().to_string();
        for (finding, (line, column)) in found.into_iter().zip(places) {
            report.add(Located { file: name.clone(), line, column, finding });
        }
    }
    let listed = policy::vendors(site.classifier(), &report.vendors(), site.record_cookie(), site.host().unwrap_or("this site"));
    let policy_text = |format: Format| policy::render(&listed, format);
    let stdout = match &a.policy {
        Some(p) if p.as_os_str() == "-" => policy_text(a.format),
        Some(p) => {
            let text = policy_text(Format::of_path(p).unwrap_or(Format::Text));
            fs::write(p, text).map_err(|e| CliError::Write(p.clone(), e))?;
            report.render(site.classifier(), a.format)
        }
        None => report.render(site.classifier(), a.format),
    };
    if let Some(dir) = &a.drafts {
        draft::write_all(dir, &report.unknown)?;
    }
    let mut out = std::io::stdout().lock();
    out.write_all(stdout.as_bytes()).and_then(|_| out.flush()).map_err(|e| CliError::Write("standard output".into(), e))?;
    if a.fail_on_untagged && report.untagged() > 0 {
        if a.format != Format::Text {
            eprintln!("consentry: {} untagged vendor tag(s): the browser fetches them before consent (consentry rewrite --in-place PATH holds them)", report.untagged());
        }
        return Ok(ExitCode::from(UNTAGGED));
    }
    Ok(ExitCode::SUCCESS)
}
