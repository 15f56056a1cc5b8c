//! The blocker (stage 1), as the interface sees it: the bridge object its
//! bootstrap hands to `mount`. The interface reads the configuration, the
//! consent and the vendors in use through it, and decides through it; it
//! never touches the blocker's state itself.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

/// What the blocker says at start.
#[derive(Clone, Copy, Debug, Default, Deserialize)]
pub struct Start {
    /// The interface is on (`ui`, default true).
    pub ui: bool,
    /// No choice is stored: the visitor must be asked.
    pub ask: bool,
    /// Global Privacy Control was received and honoured.
    pub gpc: bool,
}

/// A vendor as the blocker sees it on this site: id, the categories it
/// needs here (bits), and whether the site exempts it.
pub type Row = (String, u8, bool);

/// The consent as the API reports it (the fields the interface uses).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Consent {
    /// The consent id of the stored record.
    pub id: Option<String>,
    /// Whether a choice was made.
    pub decided: bool,
    /// Granted: functional.
    pub functional: bool,
    /// Granted: analytics.
    pub analytics: bool,
    /// Granted: marketing.
    pub marketing: bool,
    /// The visitor's decisions on single vendors: id -> allowed.
    #[serde(default)]
    pub vendors: std::collections::HashMap<String, bool>,
}

/// What a held element is, for placeholders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeldKind {
    /// A frame, `<embed>` or `<object>`: its placeholder goes in its place.
    Frame,
    /// A script: placeholders go before the widgets it would draw.
    Script,
    /// Anything else (an image, a link...): no placeholder of its own.
    Other,
}

/// A held element, for placeholders.
pub struct Held {
    /// The element.
    pub el: web_sys::Element,
    /// Its vendor's id ("" for a hand-tagged element of no known vendor).
    pub vendor: String,
    /// The blocker's index of it (for "load once").
    pub index: u32,
    /// The categories it needs (bits).
    pub categories: u8,
    /// The URL it would load.
    pub url: String,
    /// What it is.
    pub kind: HeldKind,
}

/// The bridge object.
pub struct Host {
    bridge: JsValue,
}

/// Why a call into the blocker gave nothing usable.
#[derive(Debug)]
pub enum HostError {
    /// The bridge has no such function.
    Missing(&'static str),
    /// The call threw.
    Threw(JsValue),
    /// The answer did not have the expected shape.
    Shape(serde_wasm_bindgen::Error),
}

impl Host {
    /// Wraps the bridge object.
    pub fn new(bridge: JsValue) -> Host {
        Host { bridge }
    }

    fn call(&self, name: &'static str, args: &[JsValue]) -> Result<JsValue, HostError> {
        let f = js_sys::Reflect::get(&self.bridge, &JsValue::from_str(name)).map_err(HostError::Threw)?;
        let f: js_sys::Function = f.dyn_into().map_err(|_| HostError::Missing(name))?;
        let args: js_sys::Array = args.iter().collect();
        f.apply(&JsValue::NULL, &args).map_err(HostError::Threw)
    }

    fn get<T: DeserializeOwned>(&self, name: &'static str) -> Result<T, HostError> {
        serde_wasm_bindgen::from_value(self.call(name, &[])?).map_err(HostError::Shape)
    }

    /// The configuration as the page gave it: JSON and the script tag's
    /// `data-` attributes.
    pub fn config(&self) -> Result<(String, Vec<(String, String)>), HostError> {
        self.get("config")
    }

    /// What the blocker says at start.
    pub fn start(&self) -> Result<Start, HostError> {
        self.get("state")
    }

    /// The current consent.
    pub fn consent(&self) -> Result<Consent, HostError> {
        self.get("getConsent")
    }

    /// The vendors this site uses.
    pub fn used(&self) -> Result<Vec<Row>, HostError> {
        self.get("used")
    }

    /// Every vendor of the table.
    pub fn table(&self) -> Result<Vec<Row>, HostError> {
        self.get("table")
    }

    /// The vendor table's text, which this module is built without.
    pub fn table_text(&self) -> Result<String, HostError> {
        self.get("tableText")
    }

    /// The visitor decided: `granted` category bits, from `source`
    /// (`banner` or `preferences`), with the decisions on single vendors
    /// the dialog's switches make (`None`: the banner's, which clear them).
    pub fn decide(&self, granted: u8, source: &str, vendors: Option<&[(String, bool)]>) -> Result<(), HostError> {
        let list = match vendors {
            Some(v) => v
                .iter()
                .map(|(id, a)| JsValue::from(js_sys::Array::of2(&JsValue::from_str(id), &JsValue::from_bool(*a))))
                .collect::<js_sys::Array>()
                .into(),
            None => JsValue::UNDEFINED,
        };
        self.call("decide", &[JsValue::from(granted), JsValue::from_str(source), list]).map(|_| ())
    }

    /// The held elements in the document.
    pub fn held(&self) -> Result<Vec<Held>, HostError> {
        let list = self.call("held", &[])?;
        let list: js_sys::Array = list.dyn_into().map_err(|_| HostError::Shape(serde_wasm_bindgen::Error::new("held: not an array")))?;
        Ok(list
            .iter()
            .filter_map(|row| {
                let row: js_sys::Array = row.dyn_into().ok()?;
                Some(Held {
                    el: row.get(0).dyn_into().ok()?,
                    vendor: row.get(1).as_string().unwrap_or_default(),
                    index: row.get(2).as_f64().and_then(|n| u32::try_from(n as i64).ok())?,
                    categories: row.get(3).as_f64().map_or(15, |n| n as u8),
                    url: row.get(4).as_string().unwrap_or_default(),
                    kind: match row.get(5).as_string().as_deref() {
                        Some("frame") => HeldKind::Frame,
                        Some("script") => HeldKind::Script,
                        _ => HeldKind::Other,
                    },
                })
            })
            .collect())
    }

    /// A placeholder's "load once": releases one held element, storing nothing.
    pub fn load_once(&self, index: u32) -> Result<bool, HostError> {
        Ok(self.call("loadOnce", &[JsValue::from(index)])?.as_bool().unwrap_or(false))
    }

    /// A widget's or a site placeholder's "load once": permits the vendor
    /// for this page view and releases its held elements, storing nothing.
    pub fn load_vendor_once(&self, id: &str) -> Result<bool, HostError> {
        Ok(self.call("loadVendorOnce", &[JsValue::from_str(id)])?.as_bool().unwrap_or(false))
    }

    /// A placeholder's "always allow": allows one vendor (stored).
    pub fn accept_vendor(&self, id: &str) -> Result<(), HostError> {
        self.call("acceptVendor", &[JsValue::from_str(id)]).map(|_| ())
    }

    /// The visitor opted out of sale and sharing.
    pub fn do_not_sell(&self) -> Result<(), HostError> {
        self.call("doNotSell", &[]).map(|_| ())
    }
}

impl HostError {
    /// For the console.
    pub fn describe(&self) -> String {
        match self {
            HostError::Missing(name) => {
                format!("the blocker has no bridge function {name} (consentry.global.js and the interface are from different builds)")
            }
            HostError::Threw(e) => format!("the blocker's bridge threw: {}", crate::dom::describe(e)),
            HostError::Shape(e) => format!("the blocker's bridge answered in another shape: {e}"),
        }
    }
}
