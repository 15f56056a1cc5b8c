//! # Consentry
//!
//! A consent script blocker. Every script, frame, image, link and request of a
//! known tracking vendor is held until the visitor has granted every consent
//! category the vendor needs, then released exactly once and in order.
//!
//! The crate has two halves:
//!
//! - [`core`]: pure Rust, no browser types, tested natively. URL reading,
//!   the compiled vendor table and its host index, consent state and the
//!   stored record, the decision of what to hold and how (shared by the
//!   browser layer, the markup rewriter and the CLI), cookie deletion plans,
//!   configuration.
//! - `web` (only on `wasm32`, feature `web`, on by default): the thin browser layer. It installs the hooks
//!   (through a small JavaScript shim, `js/shim.js`), observes the parser,
//!   applies the core's decisions to DOM elements, stores consent, and
//!   exposes the `window.Consentry` API.

#![warn(missing_docs)]

pub mod core;

// A small free-list allocator instead of the default dlmalloc: a page view
// allocates little (strings of URLs and texts), and dlmalloc costs about
// 7 KB of wasm in every page.
#[cfg(all(target_arch = "wasm32", feature = "web"))]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: the module runs on the page's one thread; wasm32 without the
    // atomics feature has no threads.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

#[cfg(all(target_arch = "wasm32", feature = "web"))]
mod web;

/// The browser API, also exported to JavaScript (see `js/index.d.ts`).
#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub use web::{accept, accept_all, classify, get_consent, held, reject_all, show_preferences, start, vendors, version};
