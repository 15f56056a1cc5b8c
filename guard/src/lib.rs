//! Consentry's service-worker guard module: [`consentry::core::guard`]
//! behind a few plain WebAssembly exports, for the worker file
//! (`crate/js/sw.js`, shipped as `consentry-sw.js`).
//!
//! No wasm-bindgen: the worker passes numbers, and text through one scratch
//! buffer in the module's memory (`scratch`, then a call that names the
//! length). A request's check allocates nothing once the buffer is large
//! enough. The module links no std (see the core's `bare` feature): a trap
//! is the only failure, and the worker file then stops guarding, leaving
//! the pages to stage 1.

#![cfg_attr(target_arch = "wasm32", no_std)]
#![warn(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use consentry::core::category::CategorySet;
use consentry::core::consent::Consent;
use consentry::core::guard::{Guard, Report};
use consentry::core::record;
use core::cell::RefCell;

/// The worker's state: `std::thread_local!` without std.
struct Local<T>(T);

#[cfg(target_feature = "atomics")]
compile_error!("the guard module assumes one thread: build without the atomics target feature");

// SAFETY: without the atomics feature a wasm32 module has exactly one
// thread, and natively only the tests (one at a time, see below) touch it.
unsafe impl<T> Sync for Local<T> {}

static GUARD: Local<RefCell<Option<Guard>>> = Local(RefCell::new(None));
static SCRATCH: Local<RefCell<Vec<u8>>> = Local(RefCell::new(Vec::new()));

/// Runs `f` on the guard, made on first use. `None` only if the guard is
/// in use further up the stack, which no export allows.
fn with<R>(f: impl FnOnce(&mut Guard) -> R) -> Option<R> {
    let mut slot = GUARD.0.try_borrow_mut().ok()?;
    Some(f(slot.get_or_insert_with(Guard::new)))
}

/// The first `len` bytes of the scratch buffer as text (invalid UTF-8 is
/// replaced, so it can only fail to match).
fn text<R>(from: usize, len: usize, f: impl FnOnce(&str) -> R) -> Option<R> {
    let buf = SCRATCH.0.try_borrow().ok()?;
    let bytes = buf.get(from..from.checked_add(len)?)?;
    Some(match core::str::from_utf8(bytes) {
        Ok(s) => f(s),
        Err(_) => f(&alloc::string::String::from_utf8_lossy(bytes)),
    })
}

/// Builds the guard (the built-in table's index) now, rather than at the
/// first request. Returns 1.
#[no_mangle]
pub extern "C" fn start() -> u32 {
    with(|_| ()).is_some() as u32
}

/// A scratch buffer of at least `len` bytes for the next call's text; its
/// address. (The memory may grow: the caller reads `memory.buffer` again.)
#[no_mangle]
pub extern "C" fn scratch(len: usize) -> *mut u8 {
    match SCRATCH.0.try_borrow_mut() {
        Ok(mut buf) => {
            if buf.len() < len {
                buf.resize(len, 0);
            }
            buf.as_mut_ptr()
        }
        Err(_) => core::ptr::null_mut(),
    }
}

/// Applies the site's configuration: the scratch buffer holds its JSON
/// (`config_len` bytes), then the script tag's attributes as JSON pairs
/// (`attrs_len` bytes). Returns the number of problems found (the page has
/// named them in its console already).
#[no_mangle]
pub extern "C" fn configure(config_len: usize, attrs_len: usize) -> u32 {
    let issues = text(0, config_len, |config| text(config_len, attrs_len, |attrs| with(|g| g.configure(config, attrs).len())));
    issues.flatten().flatten().map_or(u32::MAX, |n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// A page's report of the visitor's consent (see [`Report`]): the granted
/// categories' bits (necessary 1, functional 2, analytics 4, marketing 8),
/// whether they are a decision, the bits that apply without one, and when,
/// in milliseconds since the epoch, the state came to be and the decision
/// expires (0: never stored); the scratch buffer holds the decisions on
/// single vendors as the record writes them (`choices_len` bytes, 0 for
/// none). Returns 1 if it is now the newest; 0 also for decisions that do
/// not read (the report is ignored rather than applied without them).
#[no_mangle]
pub extern "C" fn report(granted: u32, decided: u32, presumed: u32, at: f64, expires: f64, choices_len: usize) -> u32 {
    let bits = |b: u32| CategorySet::from_bits(u8::try_from(b & 15).unwrap_or(0));
    let consent = if decided != 0 { Consent::decided(bits(granted)) } else { Consent::presumed(bits(granted)) };
    let choices = match choices_len {
        0 => Ok(Vec::new()),
        n => text(0, n, record::parse_choices).unwrap_or(Err(record::RecordError::Malformed)),
    };
    let Ok(choices) = choices else { return 0 };
    let r = Report { consent: consent.with_vendors(choices), presumed: bits(presumed), at, expires };
    with(|g| g.report(r)).unwrap_or(false) as u32
}

/// The site's kill switch: 1 turns the guard off (every request passes), 0
/// on again.
#[no_mangle]
pub extern "C" fn set_off(off: u32) {
    with(|g| g.set_off(off != 0));
}

/// The vendor of the request URL in the scratch buffer (`len` bytes), if
/// that vendor can be held: its id; otherwise -1 (leave the request alone).
#[no_mangle]
pub extern "C" fn check(len: usize) -> i32 {
    text(0, len, |url| with(|g| g.check(url))).flatten().flatten().map_or(-1, i32::from)
}

/// Whether a request to `vendor` may go out at `now` (milliseconds since
/// the epoch): 1 or 0.
#[no_mangle]
pub extern "C" fn allows(vendor: u32, now: f64) -> u32 {
    let Ok(v) = u16::try_from(vendor) else { return 0 };
    with(|g| g.allows(v, now)).unwrap_or(false) as u32
}

/// Whether a request of a page to `vendor` may go out at `now`, with what
/// that page permits for its own page view: the scratch buffer holds those
/// vendors as the record writes decisions (`len` bytes; see
/// [`Guard::allows_on_page`]). 1 or 0; 0 also when they do not read.
#[no_mangle]
pub extern "C" fn allows_on_page(vendor: u32, now: f64, len: usize) -> u32 {
    let Ok(v) = u16::try_from(vendor) else { return 0 };
    let Some(Ok(once)) = text(0, len, record::parse_choices) else { return allows(vendor, now) };
    with(|g| g.allows_on_page(v, now, &once)).unwrap_or(false) as u32
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn put(s: &str) -> usize {
        let p = scratch(s.len());
        // SAFETY: `scratch` returned a buffer of at least `s.len()` bytes.
        unsafe { core::ptr::copy_nonoverlapping(s.as_ptr(), p, s.len()) };
        s.len()
    }

    // One test: the exports share one guard, as in the worker.
    #[test]
    fn the_exports_carry_a_request_through_the_guard() {
        assert_eq!(start(), 1);
        assert_eq!(check(put("https://www.shop.example/app.js")), -1);
        let ga = check(put("https://www.google-analytics.com/g/collect"));
        assert!(ga >= 0);
        let ga = u32::try_from(ga).unwrap_or(u32::MAX);
        assert_eq!(allows(ga, 10.0), 0, "nothing reported: held");
        assert_eq!(report(1 | 4, 1, 1, 5.0, 0.0, 0), 1);
        assert_eq!(allows(ga, 10.0), 1, "analytics granted");
        assert_eq!(report(1, 1, 1, 4.0, 0.0, 0), 0, "an older report loses");
        assert_eq!(report(1, 1, 1, 6.0, 0.0, 0), 1);
        assert_eq!(allows(ga, 10.0), 0, "withdrawn");
        // Google Analytics allowed on its own (its key, as the record writes it).
        let mut choice = String::new();
        record::write_choices(&mut choice, &[(consentry::core::consent::vendor_key("google-analytics"), true)]);
        assert_eq!(report(1, 1, 1, 7.0, 0.0, put(&choice)), 1);
        assert_eq!(allows(ga, 10.0), 1, "allowed alone");
        assert_eq!(report(15, 1, 1, 8.0, 0.0, put("not choices")), 0, "unreadable decisions: the report is ignored");
        assert_eq!(allows(ga, 10.0), 1);
        assert_eq!(report(1, 1, 1, 9.0, 0.0, 0), 1);
        assert_eq!(allows(u32::MAX, 10.0), 0);
        // A page that loaded it once: that page's requests only, nothing kept.
        assert_eq!(allows_on_page(ga, 10.0, put(&choice)), 1, "the page's own allowance");
        assert_eq!(allows(ga, 10.0), 0, "not kept");
        assert_eq!(allows_on_page(ga, 10.0, 0), 0, "a page without one");
        assert_eq!(allows_on_page(ga, 10.0, put("not choices")), 0, "unreadable: as without one");
        let config = r#"{"vendors":{"exempt":["google-analytics"]}}"#;
        let attrs = "[]";
        put(&[config, attrs].concat());
        assert_eq!(configure(config.len(), attrs.len()), 0);
        assert_eq!(check(put("https://www.google-analytics.com/g/collect")), -1, "exempted");
        assert_eq!(configure(usize::MAX, 1), u32::MAX, "out of the buffer: refused, not read");
        set_off(1);
        assert_eq!(check(put("https://bat.bing.com/bat.js")), -1);
        set_off(0);
        assert!(check(put("https://bat.bing.com/bat.js")) >= 0);
        // Not UTF-8: read with replacement characters, never a panic.
        let p = scratch(4);
        // SAFETY: four bytes were asked for.
        unsafe { core::ptr::copy_nonoverlapping([0xff_u8, b'a', b':', 0x80].as_ptr(), p, 4) };
        assert_eq!(check(4), -1);
    }
}
