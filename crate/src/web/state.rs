//! The module's state for this page view, and the one rule for touching it:
//! borrow it only for pure Rust work and native attribute reads. Anything
//! that can run page code (inserting a script, navigating a frame,
//! dispatching an event) happens after the borrow ends, so a page that
//! re-enters Consentry from that code finds the state free.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::category::CategorySet;
use crate::core::charref::{self, Named, NamedRefs};
use crate::core::classify::{Classifier, VendorId};
use crate::core::config::Config;
use crate::core::consent::Consent;
use crate::core::hold::{Ctx, Kind};
use crate::core::markup;
use crate::core::record::Record;
use crate::core::url::{Base, BaseScheme};
use ::core::cell::RefCell;
use wasm_bindgen::JsValue;

use super::dom;

/// Where a held element is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for consent.
    Held,
    /// Released (exactly once).
    Released,
    /// Tagged with an invalid category: held for good.
    Broken,
}

/// One held element.
pub struct Entry {
    /// The element itself (the same object is released).
    pub el: JsValue,
    /// What it is.
    pub kind: Kind,
    /// Its vendor, when known.
    pub vendor: Option<VendorId>,
    /// Categories it needs.
    pub categories: CategorySet,
    /// The URL it loads (empty for inline scripts).
    pub url: String,
    /// Order of insertion into the document (0 until inserted).
    pub seq: u32,
    /// Placed by the parser (or another path without hooks): its order on
    /// release follows its `async` attribute. Otherwise its `async` property.
    pub parser: bool,
    /// Phase.
    pub phase: Phase,
    /// Released by the visitor for this page view only (a placeholder's
    /// "load once"), whatever the consent.
    pub once: bool,
}

/// The request APIs the shim guards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// `fetch()`.
    Fetch,
    /// `fetchLater()`.
    FetchLater,
    /// `XMLHttpRequest`.
    Xhr,
    /// `navigator.sendBeacon()`.
    Beacon,
    /// `new WebSocket()`.
    WebSocket,
    /// `new EventSource()`.
    EventSource,
    /// A link's `ping` (hyperlink auditing).
    Ping,
}

impl Request {
    /// Every kind, as the shim names them.
    const ALL: [Request; 7] =
        [Request::Fetch, Request::FetchLater, Request::Xhr, Request::Beacon, Request::WebSocket, Request::EventSource, Request::Ping];

    /// The name the shim passes and `held()` reports.
    pub const fn name(self) -> &'static str {
        match self {
            Request::Fetch => "fetch",
            Request::FetchLater => "fetchlater",
            Request::Xhr => "xhr",
            Request::Beacon => "beacon",
            Request::WebSocket => "websocket",
            Request::EventSource => "eventsource",
            Request::Ping => "ping",
        }
    }

    /// The kind the shim named.
    pub fn parse(name: &str) -> Option<Request> {
        Request::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// A request dropped before consent.
pub struct Dropped {
    /// Which API made it.
    pub kind: Request,
    /// Its URL.
    pub url: String,
    /// The vendor.
    pub vendor: VendorId,
}

/// Everything Consentry knows in this page view.
pub struct State {
    /// The site's configuration.
    pub config: Config,
    /// The configuration as given (JSON), for the consent interface.
    pub config_json: String,
    /// The script tag's `data-` attributes, for the consent interface.
    pub config_attrs: Vec<(String, String)>,
    /// The vendor table with the site's changes.
    pub classifier: Classifier,
    /// The visitor's current consent.
    pub consent: Consent,
    /// The stored record behind `consent`, if any.
    pub record: Option<Record>,
    /// Host and scheme of the document's base URL.
    pub base_host: String,
    /// See [`BaseScheme`].
    pub base_scheme: BaseScheme,
    /// Held elements, indexed by the number kept in the shim's private map.
    pub entries: Vec<Entry>,
    /// Next insertion sequence number.
    pub next_seq: u32,
    /// The most recent dropped requests (bounded).
    pub dropped: Vec<Dropped>,
    /// Global Privacy Control was received and applied (opt-out mode).
    pub gpc_honoured: bool,
    /// What applies on this site before a decision (and once it expires).
    pub presumed: Consent,
    /// When this page view started, in Unix seconds.
    pub started: u64,
    /// The CSP nonce of Consentry's own script tag ("" if none).
    pub nonce: String,
}

/// Most dropped requests remembered for `held()`.
pub const MAX_DROPPED: usize = 100;

static STATE: super::Local<RefCell<Option<State>>> = super::Local(RefCell::new(None));

/// Installs the state (once, at start).
pub fn set(state: State) -> bool {
    STATE.with(|s| match s.try_borrow_mut() {
        Ok(mut slot) if slot.is_none() => {
            *slot = Some(state);
            true
        }
        _ => false,
    })
}

/// Runs `f` on the state. `None` when not started, or when the state is in
/// use further up the stack (which the borrow rule above prevents; callers
/// then fail closed).
pub fn with<R>(f: impl FnOnce(&mut State) -> R) -> Option<R> {
    STATE.with(|s| s.try_borrow_mut().ok().and_then(|mut g| g.as_mut().map(f)))
}

/// Whether the state is installed.
pub fn started() -> bool {
    STATE.with(|s| s.try_borrow().map(|g| g.is_some()).unwrap_or(true))
}

fn canonical(u: &str) -> Option<String> {
    dom::canonical(u)
}

/// Named character references: the core's short table, and the browser's
/// own tokenizer for a `&name;` that table does not know (rare: `&amp;`
/// and every reference without `;` are settled by the table).
struct BrowserRefs;

impl NamedRefs for BrowserRefs {
    fn longest(&self, s: &str) -> Named {
        charref::short_then(s, &dom::decode_reference)
    }
}

impl State {
    /// The decision context for `core::hold`.
    pub fn ctx(&self) -> Ctx<'_> {
        let base = Base { scheme: self.base_scheme, host: &self.base_host };
        // The page's base URL can change after start-up.
        Ctx { live_base: true, ..markup::context(&self.classifier, &self.consent, base, &canonical, &BrowserRefs) }
    }

    /// Registers a held element; returns its index.
    pub fn register(&mut self, e: Entry) -> u32 {
        self.entries.push(e);
        u32::try_from(self.entries.len() - 1).unwrap_or(u32::MAX)
    }

    /// Next insertion sequence number.
    pub fn bump(&mut self) -> u32 {
        self.next_seq = self.next_seq.saturating_add(1);
        self.next_seq
    }

    /// Remembers a dropped request.
    pub fn drop_request(&mut self, kind: Request, url: &str, vendor: VendorId) {
        if self.dropped.len() >= MAX_DROPPED {
            self.dropped.drain(..1);
        }
        self.dropped.push(Dropped { kind, url: url.chars().take(500).collect(), vendor });
    }
}

/// Splits a base URL into scheme and host with the core's own URL reader.
pub fn base_parts(base: &str) -> (BaseScheme, String) {
    let scheme = if base.starts_with("https:") {
        BaseScheme::Https
    } else if base.starts_with("http:") {
        BaseScheme::Http
    } else {
        BaseScheme::Other
    };
    let host = match crate::core::url::parse(base, Base { scheme: BaseScheme::Other, host: "" }) {
        crate::core::url::Parsed::Network(p) => p.host.into_owned(),
        _ => String::new(),
    };
    (scheme, host)
}
