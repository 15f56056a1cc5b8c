// The service-worker guard the `service-worker` command writes out: the
// npm package's consentry-sw.js (built by `npm run build`, which builds this
// command again afterwards). A CLI built before it has none, and says so.
fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let worker = root.join("pkg").join("consentry-sw.js");
    println!("cargo::rerun-if-changed={}", worker.display());
    println!("cargo::rustc-check-cfg=cfg(has_worker)");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("consentry-sw.js");
    if std::fs::copy(&worker, &out).is_ok() {
        println!("cargo::rustc-cfg=has_worker");
    }
}
