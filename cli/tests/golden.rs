//! Golden-file tests of `consentry rewrite`: each `tests/golden/NAME.in.html`
//! is rewritten by the binary (with the arguments in `NAME.args`, one per
//! line, if present) and compared byte for byte with `NAME.out.html`. Also:
//! rewriting an output again changes nothing, and the end-to-end page
//! pages (`tests/pages/rewrite-static/`) are exactly the CLI's output.
//!
//! `CONSENTRY_BLESS=1 cargo test -p consentry-cli --test golden` rewrites the
//! expected files; review the diff before committing it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn bless() -> bool {
    std::env::var_os("CONSENTRY_BLESS").is_some_and(|v| v == "1")
}

/// Runs `consentry rewrite ARGS INPUT` in `dir`; returns stdout.
fn rewrite(dir: &Path, input: &Path, args: &[String]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_consentry"))
        .current_dir(dir)
        .arg("rewrite")
        .arg("--quiet")
        .args(args)
        .arg(input)
        .output()
        .expect("run consentry");
    assert!(out.status.success(), "consentry rewrite {}: {}", input.display(), String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "unexpected messages: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Checks `input` rewrites to `expected` (or writes it when blessing), and
/// that the output is a fixed point.
fn check(dir: &Path, input: &Path, expected: &Path, args: &[String]) {
    let got = rewrite(dir, input, args);
    if bless() {
        fs::write(expected, &got).expect("write expected output");
    }
    let want = fs::read(expected).unwrap_or_else(|e| panic!("{}: {e} (run with CONSENTRY_BLESS=1 to create it)", expected.display()));
    if got != want {
        panic!(
            "{} differs from {}:\n--- got\n{}\n--- expected\n{}",
            input.display(),
            expected.display(),
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want)
        );
    }
    let again = rewrite(dir, expected, args);
    assert!(again == want, "{}: rewriting the output again changed it:\n{}", expected.display(), String::from_utf8_lossy(&again));
}

#[test]
fn golden_files() {
    let dir = golden_dir();
    let mut inputs: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("golden dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".in.html"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 5, "golden inputs: {inputs:?}");
    for input in inputs {
        let name = input.file_name().and_then(|n| n.to_str()).unwrap_or_default().trim_end_matches(".in.html").to_string();
        let args: Vec<String> = fs::read_to_string(dir.join(format!("{name}.args")))
            .map(|s| s.lines().map(str::to_string).filter(|l| !l.is_empty()).collect())
            .unwrap_or_default();
        check(&dir, &input, &dir.join(format!("{name}.out.html")), &args);
    }
}

#[test]
fn the_untouched_page_is_byte_for_byte_the_same() {
    let dir = golden_dir();
    let input = fs::read(dir.join("untouched.in.html")).expect("input");
    assert_eq!(rewrite(&dir, Path::new("untouched.in.html"), &[]), input);
}

#[test]
fn the_end_to_end_pages_are_the_clis_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/pages/rewrite-static");
    check(&dir, Path::new("source.html"), &dir.join("index.html"), &[]);
    check(&dir, Path::new("shadow-source.html"), &dir.join("shadow.html"), &[]);
}
