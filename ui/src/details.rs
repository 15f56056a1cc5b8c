//! The vendor details file: the names, companies, links, cookies and
//! storage keys of the built-in vendors (`consentry::core::details`). They
//! are a third of what the interface would weigh, and a visitor who only
//! answers the banner never sees them, so they are a file of their own
//! (`consentry-details.<hash>.js` beside the interface, with its integrity
//! hash; `details.js` in the npm package, a chunk for bundlers), loaded the
//! first time something needs them: the dialog's vendor lists, the cookie
//! policy, a placeholder's vendor name and widgets, `vendors()`, and
//! deleting a withdrawn vendor's cookies and storage.

use crate::app::App;
use crate::dom::{console_error, describe, when_settled};
use consentry::core::checksum::ShareError;
use consentry::core::details;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What runs once the details are here (or could not be loaded).
type Waiting = Vec<Box<dyn FnOnce()>>;

/// Loading the details file, once per page view.
pub struct Details {
    /// Starts loading the file: a Promise of its bytes (see ui/js/ui.js).
    load: js_sys::Function,
    /// While it loads, what waits for it.
    waiting: RefCell<Option<Waiting>>,
    /// It could not be loaded: not tried again in this page view (the
    /// console said why once; what needs it goes on without).
    failed: Cell<bool>,
}

impl Details {
    /// The details loaded through `load`, when first needed.
    pub fn new(load: js_sys::Function) -> Details {
        Details { load, waiting: RefCell::new(None), failed: Cell::new(false) }
    }

    /// Whether asking for the details would wait: they are not here, and
    /// have not failed to load.
    pub fn pending(&self) -> bool {
        !details::loaded() && !self.failed.get()
    }
}

/// Runs `f` with the details: now, if they are here (or failed to load
/// earlier in this page view); else once the file has loaded, or failed to
/// (the console says why; built-in vendors then have no details). Its
/// value, or a Promise of it.
pub fn then(app: &Rc<App>, f: impl FnOnce() -> JsValue + 'static) -> JsValue {
    if !app.details.pending() {
        return f();
    }
    // One copy of the waiting code for every caller.
    wait(app, Box::new(f))
}

fn wait(app: &Rc<App>, f: Box<dyn FnOnce() -> JsValue>) -> JsValue {
    let mut f = Some(f);
    let mut queued: Option<Box<dyn FnOnce()>> = None;
    // The executor runs at once: it only hands the resolver over.
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
        if let Some(f) = f.take() {
            queued = Some(Box::new(move || {
                let _ = resolve.call1(&JsValue::NULL, &f());
            }));
        }
    });
    let Some(queued) = queued else { return promise.into() };
    let first = match app.details.waiting.try_borrow_mut() {
        Ok(mut w) => match w.as_mut() {
            Some(list) => {
                list.push(queued);
                false
            }
            None => {
                *w = Some(vec![queued]);
                true
            }
        },
        // Never borrowed across a call out; run it without the details
        // rather than drop it.
        Err(_) => {
            queued();
            false
        }
    };
    if first {
        let a = app.clone();
        let _ = when_settled(app.details.load.call0(&JsValue::NULL), move |bytes| settle(&a, bytes));
    }
    promise.into()
}

/// Starts loading the details if they are not here or on their way (the
/// visitor is about to ask for something that shows them).
pub fn prefetch(app: &Rc<App>) {
    let idle = app.details.waiting.try_borrow().map(|w| w.is_none()).unwrap_or(false);
    if idle && app.details.pending() {
        then(app, || JsValue::UNDEFINED);
    }
}

/// Takes the file's answer and runs what waited for it.
fn settle(app: &App, bytes: Result<JsValue, JsValue>) -> JsValue {
    let problem = match bytes {
        Ok(b) => match b.dyn_into::<js_sys::Uint8Array>() {
            Ok(b) => match details::share(b.to_vec()) {
                Ok(()) | Err(ShareError::Twice) => None,
                Err(ShareError::OtherBuild) => Some(
                    "they are not the ones of this consentry-ui file: the two files are from different builds. Fix: serve the files of one build together."
                        .to_string(),
                ),
            },
            Err(_) => Some("its file gave no details.".to_string()),
        },
        Err(e) => Some(describe(&e)),
    };
    if let Some(p) = problem {
        app.details.failed.set(true);
        let stop = if p.ends_with('.') { "" } else { "." };
        console_error(&format!(
            "Consentry: the vendor details could not be loaded: {p}{stop} Until they are, the preferences dialog and the cookie policy list only the vendors this site added, and withdrawing consent does not delete other vendors' cookies."
        ));
    }
    let waiting = app.details.waiting.try_borrow_mut().ok().and_then(|mut w| w.take()).unwrap_or_default();
    for f in waiting {
        f();
    }
    JsValue::UNDEFINED
}
