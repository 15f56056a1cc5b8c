//! Writes the language packs: one file per shipped language other than
//! English (`<dir>/<code>.txt`, its texts joined by U+001E in the
//! interface's key order), which `scripts/build-pkg.mjs` wraps as the
//! script-tag build's `consentry-lang-<code>.<hash>.js` files and the npm
//! package's `lang/<code>.js` modules. English is compiled into the
//! interface itself.
//!
//! Usage: `cargo run -p consentry-ui --bin language-packs -- <dir>`

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use consentry_ui::i18n::{LANGUAGES, TEXTS};
    let Some(dir) = std::env::args_os().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: language-packs <dir>");
        return std::process::ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        return std::process::ExitCode::FAILURE;
    }
    for ((code, ..), texts) in LANGUAGES.iter().zip(TEXTS.iter()).skip(1) {
        let path = dir.join(format!("{code}.txt"));
        if let Err(e) = std::fs::write(&path, texts) {
            eprintln!("{}: {e}", path.display());
            return std::process::ExitCode::FAILURE;
        }
    }
    std::process::ExitCode::SUCCESS
}

#[cfg(target_arch = "wasm32")]
fn main() {}
