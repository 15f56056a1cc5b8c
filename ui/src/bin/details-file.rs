//! Writes the vendor details as the consent interface loads them in the
//! browser (`core::details`, without the notes): `scripts/build-pkg.mjs`
//! wraps them as the script-tag build's `consentry-details.<hash>.js` and
//! the npm package's `details.js`. The interface's module carries only
//! their hash, and checks the bytes it is handed against it.
//!
//! Usage: `cargo run -p consentry-ui --bin details-file -- <file>`

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: details-file <file>");
        return std::process::ExitCode::from(2);
    };
    if let Err(e) = std::fs::write(&path, consentry::core::details::web_blob()) {
        eprintln!("{}: {e}", path.display());
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}

#[cfg(target_arch = "wasm32")]
fn main() {}
