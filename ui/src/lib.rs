//! # Consentry's consent interface (stage 2)
//!
//! The blocker (`consentry`, stage 1) is the script every page runs first
//! and waits for; everything the visitor does not need before the next tag
//! is here, loaded after it, off the page's critical path:
//!
//! - the banner and the preferences dialog (`panel`);
//! - the cookie policy rendered into `[data-consentry-policy]` (`policy`);
//! - placeholders where held frames and embeds would be, and before the
//!   widgets a held script would draw; the site's own placeholders shown
//!   and wired (`placeholder`, `site_ref`);
//! - the texts in every language ([`i18n`]);
//! - the vendor details: names, companies, cookies and storage keys with
//!   retention, policy links (`vendors`, from `consentry::core::details`);
//! - consent receipts (`receipt`) and deleting a withdrawn vendor's
//!   cookies and storage (`cleanup`).
//!
//! It is a client of the blocker's deciding API: `mount` receives the
//! blocker's bridge (`host`), reads the configuration and the consent
//! through it, decides through it, and returns the client the blocker calls
//! (`client`). The blocker knows nothing of banners or dialogs.
//!
//! If this module never loads (blocked, offline, changed), nothing is
//! released: the blocker holds every vendor and its API keeps working.

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod cleanup;
#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod details;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod host;
pub mod i18n;
#[cfg(target_arch = "wasm32")]
mod panel;
#[cfg(target_arch = "wasm32")]
mod placeholder;
#[cfg(target_arch = "wasm32")]
mod policy;
#[cfg(target_arch = "wasm32")]
mod receipt;
#[cfg(target_arch = "wasm32")]
mod settings;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod site_ref;
#[cfg(target_arch = "wasm32")]
mod vendors;

#[cfg(target_arch = "wasm32")]
pub use entry::mount;

#[cfg(target_arch = "wasm32")]
mod entry {
    use crate::app::{self, App};
    use crate::details::Details;
    use crate::dom::{console_error, describe, when_settled};
    use crate::host::Host;
    use crate::settings::Settings;
    use consentry::core::checksum::ShareError;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;

    /// A function of the client.
    type Method = Closure<dyn Fn(JsValue) -> JsValue>;

    thread_local! {
        /// The client's functions, alive as long as the page.
        static CLIENT: RefCell<Vec<Method>> = const { RefCell::new(Vec::new()) };
    }

    fn method(client: &js_sys::Object, name: &str, f: impl Fn(JsValue) -> JsValue + 'static) {
        let c = Method::new(f);
        let _ = js_sys::Reflect::set(client, &JsValue::from_str(name), c.as_ref());
        CLIENT.with(|k| {
            if let Ok(mut k) = k.try_borrow_mut() {
                k.push(c);
            }
        });
    }

    /// Starts the interface with the blocker's `bridge`. The visitor's
    /// language is chosen first: when it is shipped as a pack of its own
    /// (any but English), `language(code)` is asked for its texts (a
    /// Promise of the pack's text; on failure English is used and the
    /// console says why). `details()` loads the vendor details file (a
    /// Promise of its bytes), the first time something shows them. Then it shows the banner if the visitor must be
    /// asked, fills the cookie policy once the page is parsed, and resolves
    /// to the client the blocker calls:
    /// `{ decided(event), open(), placeholders(), vendors() }`.
    #[wasm_bindgen]
    pub fn mount(bridge: JsValue, language: js_sys::Function, details: js_sys::Function) -> Result<js_sys::Promise, JsValue> {
        let host = Host::new(bridge);
        // The vendor table first: everything after reads it.
        let text = host.table_text().map_err(|e| JsValue::from_str(&e.describe()))?;
        match consentry::core::vendors::share(text) {
            Ok(()) | Err(ShareError::Twice) => {}
            Err(ShareError::OtherBuild) => {
                return Err(JsValue::from_str(
                    "its vendor table is not the one of consentry.global.js: the two files are from different builds (serve the interface file built with it)",
                ))
            }
        }
        let (json, attrs) = host.config().map_err(|e| JsValue::from_str(&e.describe()))?;
        let start = host.start().map_err(|e| JsValue::from_str(&e.describe()))?;
        let settings = Settings::read(&json, &attrs);
        let details = Details::new(details);
        let Some(code) = settings.language.pack() else {
            return Ok(js_sys::Promise::resolve(&serve(Rc::new(App { host, settings, start, details }))));
        };
        let pending = language.call1(&JsValue::NULL, &JsValue::from_str(code));
        Ok(when_settled(pending, move |texts| finish(host, settings, start, details, texts)))
    }

    /// Mounts with the language pack's answer: its texts, or why it failed
    /// (English is used then).
    fn finish(host: Host, mut settings: Settings, start: crate::host::Start, details: Details, texts: Result<JsValue, JsValue>) -> JsValue {
        let name = settings.language.name().unwrap_or("");
        let problem = match texts {
            Ok(t) => match t.as_string() {
                Some(t) => settings.set_pack(t).err().map(|e| e.describe()),
                None => Some("its file gave no texts".to_string()),
            },
            Err(e) => Some(describe(&e)),
        };
        if let Some(p) = problem {
            console_error(&format!("Consentry: the texts in {name} could not be loaded, so the interface is shown in English: {p}"));
        }
        serve(Rc::new(App { host, settings, start, details }))
    }

    /// Shows what the visitor must see, and makes the client the blocker calls.
    fn serve(app: Rc<App>) -> JsValue {
        let start = app.start;
        if start.ui && start.ask {
            let a = app.clone();
            app::when_body(move || {
                if let Err(e) = crate::panel::build(&a, true) {
                    console_error(&format!("Consentry: the banner could not be shown: {}", describe(&e)));
                }
            });
        }
        let a = app.clone();
        app::when_parsed(move || crate::policy::render_or_say(&a));
        let client = js_sys::Object::new();
        let a = app.clone();
        method(&client, "decided", move |ev| match crate::client::decided(&a, ev) {
            Ok(done) => done,
            Err(e) => {
                console_error(&format!("Consentry: a decision could not be handled: {}", describe(&e)));
                JsValue::FALSE
            }
        });
        let a = app.clone();
        method(&client, "open", move |_| crate::client::open(&a));
        let a = app.clone();
        method(&client, "placeholders", move |_| JsValue::from_bool(crate::placeholder::refresh_or_say(&a)));
        let a = app;
        method(&client, "vendors", move |_| crate::client::vendors(&a));
        client.into()
    }
}
