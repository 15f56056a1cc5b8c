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
// The browser module links no std: only `core` and `alloc`, so none of std's
// panic and formatting machinery ends up in every page (about 20 KB of
// wasm). Everywhere else (native tests, the CLI, the Node rewriter) it is a
// normal std crate; the code names `alloc` types explicitly for both.
// The service worker's guard module (`guard/`, feature `bare`) is built the
// same way.
#![cfg_attr(no_std_module, no_std)]

extern crate alloc;

/// What the std prelude would bring, named from `alloc` so that the same code
/// builds with and without std.
#[allow(unused_imports)]
mod prelude {
    pub use alloc::borrow::{Cow, ToOwned};
    pub use alloc::boxed::Box;
    pub use alloc::format;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod core;

/// A panic in the module is a trap, as `panic = "abort"` made it before:
/// the shim sees the exception and fails closed. The core is written not to
/// panic; nothing is formatted here.
#[cfg(all(no_std_module, any(feature = "panic-trap", feature = "bare")))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}

// The blocker module's allocator (see heap.rs): constant time, and small.
#[cfg(no_std_module)]
mod heap;
#[cfg(no_std_module)]
#[global_allocator]
static ALLOCATOR: heap::Heap = heap::Heap::new();

#[cfg(all(target_arch = "wasm32", feature = "web"))]
mod web;

/// The browser API, also exported to JavaScript (see `js/index.d.ts`).
#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub use web::{accept, accept_all, classify, get_consent, held, reject_all, show_preferences, start, vendors, version};
/// What the shim's hooks call (see `web::set_callbacks`).
#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub use web::{
    hook_attr, hook_clone, hook_markup, hook_node, hook_request, hook_tree, hook_written, page_do_not_sell, page_open, page_parsed,
    release_resume, set_callbacks,
};
