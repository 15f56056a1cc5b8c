//! The interface's side of the bridge: the client object `mount` returns to
//! the blocker, which calls it when the visitor must be asked, when a
//! decision was made, and when the page asks for the dialog or the vendors.

use crate::app::App;
use crate::dom::describe;
use crate::panel;
use serde::Deserialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A decision, as the blocker reports it (see `crate/src/web/bridge.rs`).
#[derive(Debug, Deserialize)]
pub struct Decision {
    /// The stored record's value.
    pub record: String,
    /// `banner`, `preferences`, `api` or `do-not-sell`.
    pub source: String,
    /// `opt-in` or `opt-out`.
    pub mode: String,
    /// Global Privacy Control was honoured.
    pub gpc: bool,
    /// A receipt is to be sent.
    pub receipt: bool,
    /// Vendors allowed before and not after.
    pub losing: Vec<String>,
    /// The visitor's decisions on single vendors: `[id, allowed]`.
    #[serde(default)]
    pub vendors: Vec<(String, bool)>,
}

/// Handles a decision: deletes what it withdrew, sends the receipt, closes
/// the banner or dialog and announces it. `true`, or (when a withdrawal
/// must wait for the vendor details, which name what to delete) a Promise
/// of it, settled once deleted: the blocker reloads the page only then.
pub fn decided(app: &Rc<App>, event: JsValue) -> Result<JsValue, JsValue> {
    let d: Decision = serde_wasm_bindgen::from_value(event)?;
    let cleaned = if d.losing.is_empty() {
        JsValue::TRUE
    } else {
        let a = app.clone();
        let losing = d.losing.clone();
        crate::details::then(app, move || {
            crate::cleanup::run(&a.settings, &losing);
            JsValue::TRUE
        })
    };
    if d.receipt {
        crate::receipt::send(&app.settings, &d.record, &d.source, &d.mode, d.gpc, &d.vendors);
    }
    panel::after_decision();
    // Released frames lose their placeholders (a refusal adds none: what
    // it holds now was released, and is not put back).
    crate::placeholder::refresh(app)?;
    Ok(cleaned)
}

/// Opens the preferences dialog (building the panel first if it is not):
/// whether it opened, once the vendor details it lists are here (a Promise
/// of it the first time).
pub fn open(app: &Rc<App>) -> JsValue {
    if !app.start.ui {
        return JsValue::FALSE;
    }
    if let Err(e) = panel::build(app, false) {
        crate::dom::console_error(&format!("Consentry: the preferences dialog could not be built: {}", describe(&e)));
        return JsValue::FALSE;
    }
    let a = app.clone();
    crate::details::then(app, move || {
        let consent = a.host.consent().unwrap_or_default();
        let used = a.host.used().unwrap_or_default();
        JsValue::from_bool(panel::open_preferences(&consent, &crate::vendors::by_name(&a.settings, &used)))
    })
}

/// Every vendor of the table, projected, as JavaScript objects (a Promise
/// of them until the vendor details are here).
pub fn vendors(app: &Rc<App>) -> JsValue {
    let a = app.clone();
    crate::details::then(app, move || match vendors_now(&a) {
        Ok(v) => v,
        Err(e) => {
            crate::dom::console_error(&format!("Consentry: the vendor list could not be made: {}", describe(&e)));
            js_sys::Array::new().into()
        }
    })
}

fn vendors_now(app: &App) -> Result<JsValue, JsValue> {
    let rows = app.host.table().map_err(|e| JsValue::from_str(&e.describe()))?;
    let list = crate::vendors::project(&app.settings, &rows);
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    Ok(serde::Serialize::serialize(&list, &ser)?)
}
