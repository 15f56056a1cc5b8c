//! The browser-layer suite: every way a page can load something, driven
//! through the real hooks in a real engine, checked against what the
//! engine itself says it fetched (see `page`). It runs in Chromium, Firefox
//! and WebKit:
//!
//! ```sh
//! wasm-pack test --headless --chrome crate --test browser
//! wasm-pack test --headless --firefox crate --test browser
//! xvfb-run -a wasm-pack test --headless --safari --safaridriver "$(command -v WebKitWebDriver)" crate --test browser
//! ```
//!
//! Every test holds something, shows that the engine made no request for
//! it, then grants consent and shows that the engine now does: the second
//! half proves that the signal works in that engine, so the first cannot
//! pass for want of one. Where an engine lacks an API, the test says so in
//! the console and checks what Consentry does there instead.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod insertion;
mod kinds;
mod markup;
mod page;
mod release;
mod requests;
mod urls;
