//! The site's configuration: one object, from `window.ConsentryConfig`, the
//! script tag's `data-` attributes, or the argument to `init()`.
//!
//! Two readers share this file. The blocker (stage 1) reads the fields it
//! acts on: the mode, the record's cookie, Consent Mode, GPC, the vendors a
//! site adds (their ids, categories, hosts and path rules), overrides and
//! exemptions. The fields only the consent interface uses (texts, theme,
//! language, links, and the names, cookies and storage keys of added
//! vendors) are read with the `interface` feature, which the consent
//! interface (stage 2), the CLI and the rewriter turn on: the blocker
//! accepts them unread, and the interface reports their problems (each
//! [`Issue`] says which reader found it), so every problem is named once.
//!
//! Validation never stops at the first problem and never weakens blocking:
//! each invalid field is reported (naming the field, what was expected and
//! what was given) and replaced by its default; an invalid exemption or
//! category override is ignored; a site-added vendor with invalid categories
//! is held until every category is granted.

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::{Category, CategorySet};
use super::classify::CustomVendor;
use super::hostindex::NameMap;
use super::json::{self, Value};
#[cfg(feature = "interface")]
use super::retention::Retention;
use super::rules;
#[cfg(feature = "interface")]
use super::table::{CookieDef, NameMatch, StorageDef, StorageKind};
use super::table::{Text, VendorDef};
use super::text;
use alloc::borrow::Cow;

/// GDPR-style opt-in, or US-style opt-out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Nothing but `necessary` until the visitor agrees (default).
    #[default]
    OptIn,
    /// Everything allowed until the visitor opts out (or sends GPC, which
    /// opts out of marketing).
    OptOut,
}

/// Colour scheme of the banner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow `prefers-color-scheme` (default).
    #[default]
    Auto,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// Google Consent Mode v2 settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentModeConfig {
    /// Send `gtag('consent', ...)` at all (default true).
    pub enabled: bool,
    /// Advanced mode: Google's tags load while denied (exempt from holding)
    /// and rely on the signals.
    pub advanced: bool,
    /// For each of the seven consent types, the categories that grant it.
    pub map: Vec<(String, CategorySet)>,
    /// `wait_for_update` in milliseconds (0: not sent).
    pub wait_for_update: u32,
    /// `region` list for the default command (empty: all regions).
    pub regions: Vec<String>,
}

/// The seven Consent Mode v2 types and the category each needs by default.
pub const CONSENT_MODE_TYPES: [(&str, Category); 7] = [
    ("ad_storage", Category::Marketing),
    ("ad_user_data", Category::Marketing),
    ("ad_personalization", Category::Marketing),
    ("analytics_storage", Category::Analytics),
    ("functionality_storage", Category::Functional),
    ("personalization_storage", Category::Functional),
    ("security_storage", Category::Necessary),
];

impl Default for ConsentModeConfig {
    fn default() -> Self {
        ConsentModeConfig {
            enabled: true,
            advanced: false,
            map: CONSENT_MODE_TYPES.iter().map(|(t, c)| (t.to_string(), CategorySet::of(*c))).collect(),
            wait_for_update: 500,
            regions: Vec::new(),
        }
    }
}

/// The validated configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Opt-in (default) or opt-out.
    pub mode: Mode,
    /// Configuration revision; raising it asks every visitor again.
    pub revision: u32,
    /// Name of the consent record cookie.
    pub cookie_name: String,
    /// Domain attribute of the record cookie (share it across subdomains).
    pub cookie_domain: Option<String>,
    /// Lifetime of the record, in days (default 182, about six months).
    pub cookie_days: u32,
    /// Show the banner and dialog (false: headless, driven by the API).
    pub ui: bool,
    /// Show the banner as a modal dialog that blocks the page.
    pub modal: bool,
    /// Colour scheme.
    pub theme: Theme,
    /// Forced language (`None`: from the page and the browser).
    pub language: Option<String>,
    /// Text overrides: `(language or "*", key, text)`.
    pub texts: Vec<(String, String, String)>,
    /// The site's privacy or cookie policy page.
    pub policy_url: Option<String>,
    /// Google Consent Mode v2.
    pub consent_mode: ConsentModeConfig,
    /// Honour Global Privacy Control in opt-out mode (default true).
    pub gpc: bool,
    /// Render a "Do not sell or share my personal information" link.
    pub do_not_sell_link: bool,
    /// Where each decision is POSTed as a consent receipt.
    pub log_endpoint: Option<String>,
    /// Reload the page after a withdrawal, so code already running stops.
    pub reload_on_withdraw: bool,
    /// Vendors the site adds.
    pub custom_vendors: Vec<CustomVendor>,
    /// `(vendor id, categories)` replacing the table's categories.
    pub category_overrides: Vec<(String, CategorySet)>,
    /// Vendor ids exempted from holding.
    pub exempt: Vec<String>,
    /// Vendor ids the site uses: listed in the preferences dialog and the
    /// cookie policy even on pages where they do not appear.
    pub used: Vec<String>,
    /// Log decisions to the console.
    pub debug: bool,
    /// Where the consent interface (stage 2) is loaded from, when not from
    /// beside the script (`None`).
    pub ui_url: Option<String>,
    /// The service-worker guard (`serviceWorker`), if the site uses it.
    pub service_worker: Option<ServiceWorker>,
}

/// The service-worker guard's settings (`serviceWorker`): `true` (the
/// site registers a worker of its own that imports the guard), a URL (stage
/// 1 registers `consentry-sw.js` from there), `false` (the kill switch), or
/// `{ url, scope, enabled }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceWorker {
    /// The worker file stage 1 registers (and, switched off, unregisters);
    /// `None` when the site registers its own worker.
    pub url: Option<String>,
    /// The registration's scope (`None`: the browser's default, the
    /// worker file's folder).
    pub scope: Option<String>,
    /// `false`: the kill switch. The worker at `url` is unregistered and a
    /// worker that imports the guard stops holding requests.
    pub enabled: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            mode: Mode::OptIn,
            revision: 0,
            cookie_name: "consentry".into(),
            cookie_domain: None,
            cookie_days: 182,
            ui: true,
            modal: false,
            theme: Theme::Auto,
            language: None,
            texts: Vec::new(),
            policy_url: None,
            consent_mode: ConsentModeConfig::default(),
            gpc: true,
            do_not_sell_link: false,
            log_endpoint: None,
            reload_on_withdraw: false,
            custom_vendors: Vec::new(),
            category_overrides: Vec::new(),
            exempt: Vec::new(),
            used: Vec::new(),
            debug: false,
            ui_url: None,
            service_worker: None,
        }
    }
}

/// One problem found in the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// Where: `vendors.add[0].hosts[1]`.
    pub field: String,
    /// What was expected and what was found.
    pub problem: String,
    /// Found in a field only the consent interface reads (the interface
    /// reports it; the blocker never sees it).
    pub interface: bool,
}

impl Issue {
    fn new(field: &str, problem: impl Into<String>) -> Issue {
        Issue { field: field.to_string(), problem: problem.into(), interface: false }
    }

    /// The console message: `Consentry config: <field>: <problem>`.
    pub fn message(&self) -> String {
        let mut s = String::from("Consentry config: ");
        s.push_str(&self.field);
        s.push_str(": ");
        s.push_str(&self.problem);
        s
    }
}

fn got(v: &Value) -> String {
    let mut s = String::from(" (got ");
    match v {
        Value::Str(x) => {
            s.push('"');
            s.extend(x.chars().take(40));
            s.push('"');
        }
        Value::Num(n) if text::is_whole(*n) && n.abs() < 1e15 => {
            if *n < 0.0 {
                s.push('-');
            }
            text::push_uint(&mut s, n.abs() as u64)
        }
        other => s.push_str(other.kind()),
    }
    s.push(')');
    s
}

struct Ctx {
    issues: Vec<Issue>,
    /// Reading a field of the interface's (see [`Issue::interface`]).
    interface: bool,
}

impl Ctx {
    fn new() -> Ctx {
        Ctx { issues: Vec::new(), interface: false }
    }

    fn push(&mut self, mut issue: Issue) {
        issue.interface = self.interface;
        self.issues.push(issue);
    }

    fn bad(&mut self, field: &str, expected: &str, v: &Value) {
        let mut p = String::from("expected ");
        p.push_str(expected);
        p.push_str(&got(v));
        self.push(Issue::new(field, p));
    }

    /// Runs `f` as a reader of interface fields.
    #[cfg(feature = "interface")]
    fn interface<R>(&mut self, f: impl FnOnce(&mut Ctx) -> R) -> R {
        let before = ::core::mem::replace(&mut self.interface, true);
        let r = f(self);
        self.interface = before;
        r
    }

    fn bool(&mut self, field: &str, v: &Value, slot: &mut bool) {
        match v.as_bool() {
            Some(b) => *slot = b,
            None => self.bad(field, "true or false", v),
        }
    }

    fn uint(&mut self, field: &str, v: &Value, max: u32, slot: &mut u32) {
        match v.as_f64() {
            Some(n) if n >= 0.0 && text::is_whole(n) && n <= max as f64 => *slot = n as u32,
            _ => {
                let mut e = String::from("a whole number from 0 to ");
                text::push_uint(&mut e, max as u64);
                self.bad(field, &e, v)
            }
        }
    }

    fn string<'v>(&mut self, field: &str, v: &'v Value) -> Option<&'v str> {
        match v.as_str() {
            Some(s) => Some(s),
            None => {
                self.bad(field, "a string", v);
                None
            }
        }
    }

    fn https_url(&mut self, field: &str, v: &Value) -> Option<String> {
        let s = self.string(field, v)?;
        let t = s.trim();
        if rules::valid_site_link(t) {
            Some(t.to_string())
        } else {
            self.bad(field, "an https:// URL or a path starting with /", v);
            None
        }
    }

    fn categories(&mut self, field: &str, v: &Value) -> Option<CategorySet> {
        self.categories_at(&|| field.to_string(), v)
    }

    /// Like [`Ctx::categories`], the field's name made only for a problem.
    fn categories_at(&mut self, field: &dyn Fn() -> String, v: &Value) -> Option<CategorySet> {
        let mut set = CategorySet::EMPTY;
        let items: &[Value] = match v {
            Value::Arr(a) => a,
            Value::Str(_) => ::core::slice::from_ref(v),
            _ => {
                self.bad(&field(), "an array of category names", v);
                return None;
            }
        };
        for (i, item) in items.iter().enumerate() {
            match item.as_str().map(CategorySet::parse_list) {
                Some(Ok(c)) => set = set.union(c),
                _ => {
                    self.bad(&index_field(&field(), i), "necessary, functional, analytics or marketing", item);
                    return None;
                }
            }
        }
        if set.is_empty() {
            self.bad(&field(), "at least one category", v);
            return None;
        }
        Some(set)
    }

    fn unknown(&mut self, field: &str, known: &[&str]) {
        let mut p = String::from("unknown field; known fields are ");
        p.push_str(&known.join(", "));
        self.push(Issue::new(field, p));
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        let mut s = String::with_capacity(parent.len() + key.len() + 1);
        s.push_str(parent);
        s.push('.');
        s.push_str(key);
        s
    }
}

fn index_field(parent: &str, i: usize) -> String {
    let mut s = String::from(parent);
    s.push('[');
    text::push_uint(&mut s, i as u64);
    s.push(']');
    s
}

const TOP: [&str; 23] = [
    "mode",
    "revision",
    "cookie",
    "ui",
    "modal",
    "theme",
    "language",
    "texts",
    "policyUrl",
    "consentMode",
    "gpc",
    "doNotSellLink",
    "logEndpoint",
    "reloadOnWithdraw",
    "vendors",
    "debug",
    "uiUrl",
    "serviceWorker",
    "cookieName",
    "cookieDomain",
    "cookieDays",
    "lang",
    "init",
];

/// Parses the configuration from JSON. Always returns a usable config (the
/// defaults where a field is invalid) and the problems found.
pub fn parse(text: &str) -> (Config, Vec<Issue>) {
    let mut cfg = Config::default();
    let mut cx = Ctx::new();
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed == "null" || trimmed == "undefined" {
        return (cfg, cx.issues);
    }
    match json::parse(trimmed) {
        Ok(Value::Obj(members)) => {
            for (k, v) in &members {
                apply(&mut cfg, &mut cx, k, v);
            }
        }
        Ok(other) => cx.bad("ConsentryConfig", "an object", &other),
        Err(_) => {
            cx.push(Issue::new("ConsentryConfig", "is not plain data (JSON): functions, cycles and class instances are not supported"))
        }
    }
    (cfg, cx.issues)
}

/// Applies `data-` attributes of the script tag (already stripped of `data-`
/// and camel-cased, e.g. `policyUrl`). Values are strings; numbers and
/// booleans are read from them.
pub fn apply_attributes(cfg: &mut Config, attrs: &[(String, String)]) -> Vec<Issue> {
    let mut cx = Ctx::new();
    for (k, raw) in attrs {
        let v = match &**k {
            "revision" | "cookieDays" => text::parse_number(raw.trim()).map(Value::Num).unwrap_or(Value::Str(Cow::Borrowed(raw))),
            "ui" | "modal" | "gpc" | "debug" | "reloadOnWithdraw" | "doNotSellLink" => match raw.trim() {
                "" | "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::Str(Cow::Borrowed(raw)),
            },
            "consentMode" => match raw.trim() {
                "false" | "off" => Value::Obj(vec![("enabled".into(), Value::Bool(false))]),
                "advanced" => Value::Obj(vec![("mode".into(), Value::Str("advanced".into()))]),
                _ => Value::Obj(vec![]),
            },
            "exempt" => Value::Obj(vec![(
                "exempt".into(),
                Value::Arr(raw.split([' ', ',']).filter(|s| !s.is_empty()).map(|s| Value::Str(s.into())).collect()),
            )]),
            _ => Value::Str(Cow::Borrowed(raw)),
        };
        let (key, v) = if k == "exempt" { ("vendors", v) } else { (&**k, v) };
        let mut field = String::from("data-");
        field.push_str(k);
        let before = cx.issues.len();
        apply(cfg, &mut cx, key, &v);
        for issue in cx.issues.iter_mut().skip(before) {
            issue.field = field.clone();
        }
    }
    cx.issues
}

/// One top-level key. The nested objects (`cookie`, `texts`,
/// `consentMode`, `vendors`) are read by functions kept out of line: in the
/// browser each function is compiled on its first call, so a page that sets
/// only simple keys (or `data-` attributes) does not compile their readers
/// while it starts.
fn apply(cfg: &mut Config, cx: &mut Ctx, k: &str, v: &Value) {
    match k {
        "mode" => match v.as_str() {
            Some("opt-in") => cfg.mode = Mode::OptIn,
            Some("opt-out") => cfg.mode = Mode::OptOut,
            _ => cx.bad("mode", "\"opt-in\" or \"opt-out\"", v),
        },
        "revision" => cx.uint("revision", v, u32::MAX, &mut cfg.revision),
        "cookie" => cookie(cfg, cx, v),
        "cookieName" => cookie(cfg, cx, &Value::Obj(vec![("name".into(), v.clone())])),
        "cookieDomain" => cookie(cfg, cx, &Value::Obj(vec![("domain".into(), v.clone())])),
        "cookieDays" => cookie(cfg, cx, &Value::Obj(vec![("days".into(), v.clone())])),
        "ui" => cx.bool("ui", v, &mut cfg.ui),
        "gpc" => cx.bool("gpc", v, &mut cfg.gpc),
        "debug" => cx.bool("debug", v, &mut cfg.debug),
        "reloadOnWithdraw" => cx.bool("reloadOnWithdraw", v, &mut cfg.reload_on_withdraw),
        // The interface's own fields: read with the `interface` feature,
        // accepted unread without it (see the module's documentation).
        "modal" | "doNotSellLink" | "theme" | "language" | "lang" | "texts" | "policyUrl" => {
            #[cfg(feature = "interface")]
            cx.interface(|cx| interface_field(cfg, cx, k, v));
        }
        "logEndpoint" => cfg.log_endpoint = cx.https_url("logEndpoint", v),
        "consentMode" => consent_mode(cfg, cx, v),
        "vendors" => vendors(cfg, cx, v),
        // `init` is the npm entry's own option bag; tolerated here.
        "init" => {}
        "uiUrl" => cfg.ui_url = cx.https_url("uiUrl", v),
        "serviceWorker" => service_worker(cfg, cx, v),
        _ => cx.unknown(k, &TOP[..18]),
    }
}

/// One top-level field of the interface's.
#[cfg(feature = "interface")]
#[inline(never)]
fn interface_field(cfg: &mut Config, cx: &mut Ctx, k: &str, v: &Value) {
    match k {
        "modal" => cx.bool("modal", v, &mut cfg.modal),
        "doNotSellLink" => cx.bool("doNotSellLink", v, &mut cfg.do_not_sell_link),
        "theme" => match v.as_str() {
            Some("auto") => cfg.theme = Theme::Auto,
            Some("light") => cfg.theme = Theme::Light,
            Some("dark") => cfg.theme = Theme::Dark,
            _ => cx.bad("theme", "\"auto\", \"light\" or \"dark\"", v),
        },
        "language" | "lang" => {
            if let Some(s) = cx.string(k, v) {
                let s = s.trim();
                if s.is_empty() || s == "auto" {
                    cfg.language = None;
                } else if s.len() <= 35 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                    cfg.language = Some(s.to_string());
                } else {
                    cx.bad(k, "a language tag such as \"de\" or \"pt-BR\", or \"auto\"", v);
                }
            }
        }
        "texts" => texts(cfg, cx, v),
        _ => cfg.policy_url = cx.https_url("policyUrl", v),
    }
}

#[inline(never)]
fn service_worker(cfg: &mut Config, cx: &mut Ctx, v: &Value) {
    const EXPECTED: &str = "true, false, the worker's URL, or an object { url, scope, enabled }";
    let on = |url| Some(ServiceWorker { url, scope: None, enabled: true });
    match v {
        Value::Bool(true) => cfg.service_worker = on(None),
        // Off, with nothing to unregister: a worker of the site's own that
        // imports the guard is told to stop.
        Value::Bool(false) => cfg.service_worker = Some(ServiceWorker { url: None, scope: None, enabled: false }),
        // From a data- attribute: `data-service-worker="false"`.
        Value::Str(s) if matches!(s.trim(), "false" | "off") => {
            cfg.service_worker = Some(ServiceWorker { url: None, scope: None, enabled: false })
        }
        Value::Str(_) => {
            if let Some(url) = cx.https_url("serviceWorker", v) {
                cfg.service_worker = on(Some(url));
            }
        }
        Value::Obj(members) => {
            let mut sw = ServiceWorker { url: None, scope: None, enabled: true };
            for (k, x) in members {
                let f = join("serviceWorker", k);
                match &**k {
                    "url" => sw.url = cx.https_url(&f, x),
                    "scope" => sw.scope = cx.https_url(&f, x),
                    "enabled" => cx.bool(&f, x, &mut sw.enabled),
                    _ => cx.unknown(&f, &["url", "scope", "enabled"]),
                }
            }
            cfg.service_worker = Some(sw);
        }
        _ => cx.bad("serviceWorker", EXPECTED, v),
    }
}

#[inline(never)]
fn cookie(cfg: &mut Config, cx: &mut Ctx, v: &Value) {
    let Some(m) = v.as_object() else {
        return cx.bad("cookie", "an object { name, domain, days }", v);
    };
    for (k, x) in m {
        let f = join("cookie", k);
        match &**k {
            "name" => {
                if let Some(s) = cx.string(&f, x) {
                    if !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
                        cfg.cookie_name = s.to_string();
                    } else {
                        cx.bad(&f, "letters, digits, '_' or '-'", x);
                    }
                }
            }
            "domain" => {
                if let Some(s) = cx.string(&f, x) {
                    let d = s.trim().trim_start_matches('.').to_ascii_lowercase();
                    if d.is_empty() {
                        cfg.cookie_domain = None;
                    } else if d.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
                        cfg.cookie_domain = Some(d);
                    } else {
                        cx.bad(&f, "a domain such as \"example.com\"", x);
                    }
                }
            }
            "days" => {
                let mut d = cfg.cookie_days;
                cx.uint(&f, x, 3650, &mut d);
                if d == 0 {
                    cx.bad(&f, "at least 1 day", x);
                } else {
                    cfg.cookie_days = d;
                }
            }
            _ => cx.unknown(&f, &["name", "domain", "days"]),
        }
    }
}

#[cfg(feature = "interface")]
#[inline(never)]
fn texts(cfg: &mut Config, cx: &mut Ctx, v: &Value) {
    let Some(m) = v.as_object() else {
        return cx.bad("texts", "an object of languages, e.g. { en: { title: \"...\" } }", v);
    };
    for (lang, table) in m {
        let f = join("texts", lang);
        let Some(entries) = table.as_object() else {
            cx.bad(&f, "an object of texts", table);
            continue;
        };
        for (key, text) in entries {
            let kf = join(&f, key);
            if let Some(s) = cx.string(&kf, text) {
                cfg.texts.push((lang.to_string(), key.to_string(), s.chars().take(2000).collect()));
            }
        }
    }
}

#[inline(never)]
fn consent_mode(cfg: &mut Config, cx: &mut Ctx, v: &Value) {
    if let Some(b) = v.as_bool() {
        cfg.consent_mode.enabled = b;
        return;
    }
    let Some(m) = v.as_object() else {
        return cx.bad("consentMode", "true, false or an object", v);
    };
    for (k, x) in m {
        let f = join("consentMode", k);
        match &**k {
            "enabled" => cx.bool(&f, x, &mut cfg.consent_mode.enabled),
            "mode" => match x.as_str() {
                Some("basic") => cfg.consent_mode.advanced = false,
                Some("advanced") => cfg.consent_mode.advanced = true,
                _ => cx.bad(&f, "\"basic\" or \"advanced\"", x),
            },
            "waitForUpdate" => cx.uint(&f, x, 60_000, &mut cfg.consent_mode.wait_for_update),
            "regions" => match x.as_array() {
                Some(a) => {
                    cfg.consent_mode.regions.clear();
                    for (i, r) in a.iter().enumerate() {
                        match r.as_str() {
                            Some(s) if !s.is_empty() && s.len() <= 8 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => {
                                cfg.consent_mode.regions.push(s.to_string())
                            }
                            _ => cx.bad(&index_field(&f, i), "an ISO 3166 region code such as \"DE\" or \"US-CA\"", r),
                        }
                    }
                }
                None => cx.bad(&f, "an array of region codes", x),
            },
            "map" => {
                let Some(entries) = x.as_object() else {
                    cx.bad(&f, "an object such as { ad_storage: [\"marketing\"] }", x);
                    continue;
                };
                for (ty, cats) in entries {
                    let tf = join(&f, ty);
                    if !CONSENT_MODE_TYPES.iter().any(|(t, _)| t == ty) {
                        cx.unknown(&tf, &CONSENT_MODE_TYPES.map(|(t, _)| t));
                        continue;
                    }
                    if let Some(set) = cx.categories(&tf, cats) {
                        if let Some(slot) = cfg.consent_mode.map.iter_mut().find(|(t, _)| t == ty) {
                            slot.1 = set;
                        }
                    }
                }
            }
            _ => cx.unknown(&f, &["enabled", "mode", "map", "waitForUpdate", "regions"]),
        }
    }
}

#[inline(never)]
fn vendors(cfg: &mut Config, cx: &mut Ctx, v: &Value) {
    let Some(m) = v.as_object() else {
        return cx.bad("vendors", "an object { add, categories, exempt, used }", v);
    };
    for (k, x) in m {
        let f = join("vendors", k);
        match &**k {
            "add" => match x.as_array() {
                Some(items) => {
                    // Ids seen so far, hashed: a long list stays linear.
                    let mut ids = NameMap::default();
                    for c in &cfg.custom_vendors {
                        ids.insert(&c.def.id, 0);
                    }
                    #[cfg(feature = "interface")]
                    let mut markup = WidgetOwners::new(&cfg.custom_vendors);
                    for (i, item) in items.iter().enumerate() {
                        #[allow(unused_mut)]
                        if let Some(mut c) = custom_vendor(cx, &|| index_field(&f, i), item) {
                            if ids.get(&c.def.id).is_some() {
                                cx.bad(&index_field(&f, i), "a unique id", item);
                            } else {
                                #[cfg(feature = "interface")]
                                cx.interface(|cx| markup.claim(cx, &|| index_field(&f, i), &mut c, &cfg.custom_vendors));
                                ids.insert(&c.def.id, 0);
                                cfg.custom_vendors.push(c);
                            }
                        }
                    }
                }
                None => cx.bad(&f, "an array of vendor objects", x),
            },
            "categories" => match x.as_object() {
                Some(entries) => {
                    for (id, cats) in entries {
                        let vf = join(&f, id);
                        if let Some(set) = cx.categories(&vf, cats) {
                            cfg.category_overrides.push((id.to_string(), set));
                        }
                    }
                }
                None => cx.bad(&f, "an object such as { \"google-analytics\": [\"analytics\"] }", x),
            },
            "exempt" | "used" => match x.as_array() {
                Some(ids) => {
                    for (i, id) in ids.iter().enumerate() {
                        if let Some(s) = cx.string(&index_field(&f, i), id) {
                            if k == "exempt" {
                                cfg.exempt.push(s.to_string());
                            } else {
                                cfg.used.push(s.to_string());
                            }
                        }
                    }
                }
                None => cx.bad(&f, "an array of vendor ids", x),
            },
            _ => cx.unknown(&f, &["add", "categories", "exempt", "used"]),
        }
    }
}

/// Which vendor's script turns each widget markup into widgets: the
/// built-in vendors' first (their files may not share one), then those the
/// site adds, in order. One vendor per markup, so that the placeholder
/// before a held widget names the vendor whose script it waits for; a
/// later claim is reported and left out.
#[cfg(feature = "interface")]
struct WidgetOwners {
    /// Markup -> a built-in vendor's number, or `VENDOR_COUNT` + the
    /// position of a site's vendor among those added.
    owner: NameMap,
}

#[cfg(feature = "interface")]
impl WidgetOwners {
    fn new(added: &[CustomVendor]) -> WidgetOwners {
        let mut owner = NameMap::default();
        for (i, w) in super::details::all_widgets() {
            owner.insert(w, u32::try_from(i).unwrap_or(u32::MAX));
        }
        let mut owners = WidgetOwners { owner };
        for (k, c) in added.iter().enumerate() {
            owners.take(&c.def.widgets, k);
        }
        owners
    }

    /// Records `widgets` as site vendor `k`'s where no other vendor has them.
    fn take(&mut self, widgets: &[Text], k: usize) {
        let me = u32::try_from(super::vendors::VENDOR_COUNT + k).unwrap_or(u32::MAX);
        for w in widgets {
            if self.owner.get(w).is_none() {
                self.owner.insert(w, me);
            }
        }
    }

    /// Keeps the widget markup of `c` (to be the site's vendor after
    /// `added`) that no other vendor turns into widgets; reports the rest.
    fn claim(&mut self, cx: &mut Ctx, f: &dyn Fn() -> String, c: &mut CustomVendor, added: &[CustomVendor]) {
        let me = super::vendors::VENDOR_COUNT + added.len();
        let mut kept: Vec<Text> = Vec::new();
        for (i, w) in c.def.widgets.iter().enumerate() {
            let owner = self.owner.get(w).map(|o| o as usize);
            if owner.is_none_or(|o| o == me) {
                if !kept.contains(w) {
                    kept.push(w.clone());
                }
                continue;
            }
            let other = owner.and_then(|o| match o.checked_sub(super::vendors::VENDOR_COUNT) {
                None => super::vendors::header(o).map(|h| h.id),
                Some(k) => added.get(k).map(|a| &*a.def.id),
            });
            let mut p = String::from("names markup \"");
            p.push_str(w);
            p.push_str("\" that vendor \"");
            p.push_str(other.unwrap_or("?"));
            p.push_str("\" already turns into widgets; left out (one vendor per widget markup, so that its placeholder names the vendor it waits for)");
            cx.push(Issue::new(&index_field(&join(&f(), "widgets"), i), p));
        }
        self.take(&kept, added.len());
        c.def.widgets = Cow::Owned(kept);
    }
}

#[cfg(feature = "interface")]
fn name_match(cx: &mut Ctx, f: &dyn Fn() -> String, x: Option<&Value>) -> NameMatch {
    match x.map(|v| (v, v.as_str())) {
        None | Some((_, Some("exact"))) => NameMatch::Exact,
        Some((_, Some("prefix"))) => NameMatch::Prefix,
        Some((v, _)) => {
            cx.bad(&f(), "\"exact\" or \"prefix\"", v);
            NameMatch::Exact
        }
    }
}

/// A vendor the site adds: what the blocker needs (id, categories, hosts,
/// path rules), and with the `interface` feature its details. Field names
/// for messages are made only when there is a problem to name: a site may
/// add thousands.
fn custom_vendor(cx: &mut Ctx, f: &dyn Fn() -> String, v: &Value) -> Option<CustomVendor> {
    let Some(m) = v.as_object() else {
        cx.bad(&f(), "a vendor object { id, name, categories, hosts }", v);
        return None;
    };
    const KNOWN: [&str; 11] = ["id", "name", "categories", "hosts", "paths", "widgets", "cookies", "storage", "company", "policy", "why"];
    for (k, _) in m {
        if !KNOWN.contains(&&**k) {
            cx.unknown(&join(&f(), k), &KNOWN);
        }
    }
    let id = match v.get("id").and_then(Value::as_str) {
        Some(s) if rules::valid_id(s) => s.to_string(),
        _ => {
            cx.bad(&join(&f(), "id"), "lower-case letters, digits and '-'", v.get("id").unwrap_or(&Value::Null));
            return None;
        }
    };
    // Invalid or missing categories: held until everything is granted.
    let strictest = CategorySet::ALL.without(Category::Necessary);
    let categories = match v.get("categories") {
        Some(c) => cx.categories_at(&|| join(&f(), "categories"), c).unwrap_or(strictest),
        None => {
            cx.push(Issue::new(&join(&f(), "categories"), "missing; held until every category is granted"));
            strictest
        }
    };
    let mut hosts = Vec::new();
    if let Some(hs) = v.get("hosts") {
        match hs.as_array() {
            Some(a) => {
                for (i, h) in a.iter().enumerate() {
                    match h.as_str().map(|s| s.trim().trim_end_matches('.').to_ascii_lowercase()) {
                        Some(s) if rules::valid_host(&s) => hosts.push(s),
                        _ => cx.bad(&index_field(&join(&f(), "hosts"), i), "a host name such as \"cdn.acme.example\"", h),
                    }
                }
            }
            None => cx.bad(&join(&f(), "hosts"), "an array of host names", hs),
        }
    }
    let mut paths = Vec::new();
    if let Some(ps) = v.get("paths") {
        for (i, p) in ps.as_array().unwrap_or(&[]).iter().enumerate() {
            let host = p.get("host").and_then(Value::as_str).map(|s| s.trim().to_ascii_lowercase());
            let prefix = p.get("prefix").and_then(Value::as_str).unwrap_or("");
            let query = p.get("query").and_then(Value::as_str).unwrap_or("");
            match host {
                Some(h) if rules::valid_host(&h) && rules::valid_path_prefix(prefix) && rules::valid_query(query) => {
                    paths.push((h, prefix.to_string(), query.to_string()))
                }
                _ => cx.bad(&index_field(&join(&f(), "paths"), i), "{ host: \"cdn.example\", prefix: \"/acme/\" }", p),
            }
        }
    }
    if hosts.is_empty() && paths.is_empty() {
        cx.push(Issue::new(&f(), "has no valid host or path: it can never match"));
    }
    // Read by the blocker too: a held script of a vendor that draws widgets
    // brings the interface for their placeholders.
    let widgets = widget_selectors(cx, &|| join(&f(), "widgets"), v.get("widgets"));
    // What classification needs; the interface adds the details.
    let def = VendorDef {
        id: Cow::Owned(id),
        name: Cow::Borrowed(""),
        aka: Cow::Owned(Vec::new()),
        company: Cow::Borrowed(""),
        categories,
        why: Cow::Borrowed(""),
        policy: Cow::Borrowed(""),
        related: Cow::Owned(Vec::new()),
        widgets: Cow::Owned(widgets),
        hosts: Cow::Owned(Vec::new()),
        cookies: Cow::Owned(Vec::new()),
        storage: Cow::Owned(Vec::new()),
    };
    #[cfg(feature = "interface")]
    let def = cx.interface(|cx| custom_details(cx, &f(), v, def, &hosts, &paths));
    Some(CustomVendor { def, hosts, paths })
}

/// A site-added vendor's `widgets`: the markup its script turns into
/// widgets, each checked as a vendor file's are.
fn widget_selectors(cx: &mut Ctx, f: &dyn Fn() -> String, v: Option<&Value>) -> Vec<Text> {
    let mut out = Vec::new();
    let Some(v) = v else { return out };
    let Some(items) = v.as_array() else {
        cx.bad(&f(), "an array of widget selectors such as [\"blockquote.acme-post\"]", v);
        return out;
    };
    for (i, w) in items.iter().enumerate() {
        match w.as_str() {
            Some(s) if rules::valid_widget_selector(s) => out.push(Cow::Owned(s.to_string())),
            _ => {
                cx.bad(&index_field(&f(), i), "a widget selector: an optional lower-case tag, then .classes (\"blockquote.acme-post\")", w)
            }
        }
    }
    out
}

/// The details of a vendor the site adds: name, company, link, cookies and
/// storage keys (the interface's), added to what classification reads
/// (`base`).
#[cfg(feature = "interface")]
fn custom_details(cx: &mut Ctx, f: &str, v: &Value, base: VendorDef, hosts: &[String], paths: &[(String, String, String)]) -> VendorDef {
    let categories = base.categories;
    let text = |cx: &mut Ctx, key: &str, default: &str| -> String {
        match v.get(key) {
            Some(x) => cx.string(&join(f, key), x).map(|s| s.chars().take(500).collect()).unwrap_or_else(|| default.to_string()),
            None => default.to_string(),
        }
    };
    let name = text(cx, "name", &base.id);
    let company = text(cx, "company", "");
    let why = text(cx, "why", "Added by this site.");
    let policy = text(cx, "policy", "");
    // Shown as a link in the dialog and the cookie policy: only an https:// URL.
    let policy = if policy.is_empty() || rules::valid_vendor_link(&policy) {
        policy
    } else {
        cx.bad(&join(f, "policy"), "an https:// URL", v.get("policy").unwrap_or(&Value::Null));
        String::new()
    };
    let mut cookies = Vec::new();
    let primary = strictest_of(categories);
    for (i, c) in v.get("cookies").and_then(Value::as_array).unwrap_or(&[]).iter().enumerate() {
        let cf = || index_field(&join(f, "cookies"), i);
        let name = c.get("name").and_then(Value::as_str).unwrap_or("");
        if !rules::valid_cookie_name(name) {
            cx.bad(&cf(), "{ name, match?, retention? } with a valid cookie name", c);
            continue;
        }
        let matching = name_match(cx, &|| join(&cf(), "match"), c.get("match"));
        let retention = c.get("retention").and_then(Value::as_str).and_then(Retention::parse).unwrap_or(Retention::Persistent);
        cookies.push(CookieDef { name: Cow::Owned(name.to_string()), matching, retention, category: primary, domain: None });
    }
    let mut storage = Vec::new();
    for (i, s) in v.get("storage").and_then(Value::as_array).unwrap_or(&[]).iter().enumerate() {
        let sf = || index_field(&join(f, "storage"), i);
        let kind = match s.get("type").and_then(Value::as_str) {
            Some("local") => StorageKind::Local,
            Some("session") => StorageKind::Session,
            Some("indexeddb") => StorageKind::IndexedDb,
            _ => {
                cx.bad(&join(&sf(), "type"), "\"local\", \"session\" or \"indexeddb\"", s.get("type").unwrap_or(&Value::Null));
                continue;
            }
        };
        let Some(name) = s.get("name").and_then(Value::as_str).filter(|n| rules::valid_key_name(n)) else {
            cx.bad(&join(&sf(), "name"), "a key name", s.get("name").unwrap_or(&Value::Null));
            continue;
        };
        let matching = name_match(cx, &|| join(&sf(), "match"), s.get("match"));
        let retention = if kind == StorageKind::Session { Retention::Session } else { Retention::Persistent };
        storage.push(StorageDef { kind, name: Cow::Owned(name.to_string()), matching, retention, category: primary });
    }
    let mut shown: Vec<Cow<'static, str>> = hosts.iter().map(|h| Cow::Owned(h.clone())).collect();
    shown.extend(paths.iter().map(|(h, p, _)| {
        let mut s = h.clone();
        s.push_str(p);
        Cow::Owned(s)
    }));
    VendorDef {
        name: Cow::Owned(name),
        company: Cow::Owned(company),
        why: Cow::Owned(why),
        policy: Cow::Owned(policy),
        hosts: Cow::Owned(shown),
        cookies: Cow::Owned(cookies),
        storage: Cow::Owned(storage),
        ..base
    }
}

#[cfg(feature = "interface")]
fn strictest_of(c: CategorySet) -> Category {
    [Category::Marketing, Category::Analytics, Category::Functional].into_iter().find(|x| c.contains(*x)).unwrap_or(Category::Necessary)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn defaults() {
        let (c, issues) = parse("");
        assert!(issues.is_empty());
        assert_eq!(c, Config::default());
        assert_eq!(c.cookie_name, "consentry");
        assert!(c.consent_mode.enabled && !c.consent_mode.advanced);
    }

    #[test]
    fn service_worker_forms() {
        let sw = |json: &str| {
            let (c, issues) = parse(json);
            (c.service_worker, issues.into_iter().map(|i| i.field).collect::<Vec<_>>())
        };
        let on = |url: Option<&str>, scope: Option<&str>| ServiceWorker {
            url: url.map(Into::into),
            scope: scope.map(Into::into),
            enabled: true,
        };
        let off = |url: Option<&str>| ServiceWorker { url: url.map(Into::into), scope: None, enabled: false };
        assert_eq!(sw("{}"), (None, vec![]));
        assert_eq!(sw(r#"{"serviceWorker":true}"#), (Some(on(None, None)), vec![]));
        assert_eq!(sw(r#"{"serviceWorker":false}"#), (Some(off(None)), vec![]));
        assert_eq!(sw(r#"{"serviceWorker":"/consentry-sw.js"}"#), (Some(on(Some("/consentry-sw.js"), None)), vec![]));
        assert_eq!(
            sw(r#"{"serviceWorker":{"url":"/consentry-sw.js","scope":"/shop/"}}"#),
            (Some(on(Some("/consentry-sw.js"), Some("/shop/"))), vec![])
        );
        assert_eq!(sw(r#"{"serviceWorker":{"url":"/consentry-sw.js","enabled":false}}"#), (Some(off(Some("/consentry-sw.js"))), vec![]));
        // Problems are named; a worker from elsewhere is never registered.
        let (got, fields) = sw(r#"{"serviceWorker":{"url":"//evil.example/sw.js","scope":3,"when":1}}"#);
        assert_eq!(got, Some(on(None, None)));
        assert_eq!(fields, ["serviceWorker.url", "serviceWorker.scope", "serviceWorker.when"]);
        assert_eq!(sw(r#"{"serviceWorker":7}"#), (None, vec!["serviceWorker".to_string()]));
        // The script tag's data-service-worker.
        let mut c = Config::default();
        assert!(apply_attributes(&mut c, &[("serviceWorker".into(), "/consentry-sw.js".into())]).is_empty());
        assert_eq!(c.service_worker, Some(on(Some("/consentry-sw.js"), None)));
        assert!(apply_attributes(&mut c, &[("serviceWorker".into(), "false".into())]).is_empty());
        assert_eq!(c.service_worker, Some(off(None)));
    }

    #[test]
    fn full_config() {
        let (c, issues) = parse(
            r#"{"mode":"opt-out","revision":3,"cookie":{"name":"cc","domain":".shop.example","days":30},
            "ui":false,"theme":"dark","language":"de","texts":{"de":{"title":"Hallo"}},
            "policyUrl":"/privacy","consentMode":{"mode":"advanced","waitForUpdate":0,"regions":["DE","US-CA"],"map":{"analytics_storage":["analytics","functional"]}},
            "vendors":{"add":[{"id":"acme","name":"Acme","categories":["marketing"],"hosts":["px.acme.example"],"cookies":[{"name":"_acme_","match":"prefix","retention":"1 year"}],"storage":[{"type":"local","name":"acme:","match":"prefix"}]}],
            "categories":{"google-analytics":["functional"]},"exempt":["google-tag-manager"]}}"#,
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(c.mode, Mode::OptOut);
        assert_eq!(c.revision, 3);
        assert_eq!((c.cookie_name.as_str(), c.cookie_domain.as_deref(), c.cookie_days), ("cc", Some("shop.example"), 30));
        assert!(!c.ui && c.consent_mode.advanced);
        // The interface's fields are read only with that feature (the blocker accepts them unread).
        #[cfg(feature = "interface")]
        {
            assert_eq!(c.language.as_deref(), Some("de"));
            assert_eq!(c.texts, vec![("de".into(), "title".into(), "Hallo".into())]);
            assert_eq!(c.custom_vendors[0].def.cookies.len(), 1);
        }
        #[cfg(not(feature = "interface"))]
        assert!(c.language.is_none() && c.texts.is_empty() && c.custom_vendors[0].def.cookies.is_empty());
        assert_eq!(c.custom_vendors.len(), 1);
        assert_eq!(c.custom_vendors[0].hosts, vec!["px.acme.example".to_string()]);
        assert_eq!(c.exempt, vec!["google-tag-manager".to_string()]);
        assert_eq!(c.category_overrides[0].0, "google-analytics");
    }

    #[test]
    fn errors_name_the_field_and_keep_defaults() {
        let (c, issues) = parse(
            r#"{"mode":"gdpr","revision":-1,"cookie":{"days":"six"},"colour":"red","vendors":{"add":[{"id":"x","categories":["sales"],"hosts":["ok.example","bad host"]}],"exempt":"ga"}}"#,
        );
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert!(fields.contains(&"mode"), "{fields:?}");
        assert!(fields.contains(&"revision"));
        assert!(fields.contains(&"cookie.days"));
        assert!(fields.contains(&"colour"));
        assert!(fields.contains(&"vendors.add[0].categories[0]"));
        assert!(fields.contains(&"vendors.add[0].hosts[1]"));
        assert!(fields.contains(&"vendors.exempt"));
        assert_eq!(c.mode, Mode::OptIn);
        assert_eq!(c.cookie_days, 182);
        // The bad vendor is still held, strictly.
        assert_eq!(c.custom_vendors[0].def.categories, CategorySet::ALL.without(Category::Necessary));
        assert!(c.exempt.is_empty());
        assert!(issues[0].message().starts_with("Consentry config: mode: expected"));
    }

    /// Each problem is reported by the reader of its field: the blocker's,
    /// or with the `interface` feature the interface's, marked so.
    #[test]
    fn interface_fields_are_the_interfaces_to_report() {
        let (_, issues) = parse(
            r#"{"theme":"pink","mode":"gdpr","vendors":{"add":[{"id":"a","categories":["marketing"],"hosts":["a.example"],"policy":"javascript:x"}]}}"#,
        );
        let reported: Vec<(&str, bool)> = issues.iter().map(|i| (i.field.as_str(), i.interface)).collect();
        #[cfg(feature = "interface")]
        assert_eq!(reported, [("theme", true), ("mode", false), ("vendors.add[0].policy", true)]);
        #[cfg(not(feature = "interface"))]
        assert_eq!(reported, [("mode", false)]);
    }

    /// A site-added vendor's widgets are read by the blocker (which must
    /// know that the vendor draws any) and checked as a vendor file's are.
    #[test]
    fn site_vendor_widgets() {
        let (c, issues) = parse(
            r#"{"vendors":{"add":[
                {"id":"acme","categories":["marketing"],"hosts":["w.acme.example"],"widgets":["blockquote.acme-post",".acme-video","div[x]","Div.a"]},
                {"id":"plain","categories":["marketing"],"hosts":["p.example"]},
                {"id":"odd","categories":["marketing"],"hosts":["o.example"],"widgets":"blockquote.odd"}]}}"#,
        );
        let widgets: Vec<Vec<&str>> = c.custom_vendors.iter().map(|v| v.def.widgets.iter().map(|w| &**w).collect()).collect();
        assert_eq!(widgets, [vec!["blockquote.acme-post", ".acme-video"], vec![], vec![]]);
        let reported: Vec<(&str, bool)> = issues.iter().map(|i| (i.field.as_str(), i.interface)).collect();
        assert_eq!(
            reported,
            [("vendors.add[0].widgets[2]", false), ("vendors.add[0].widgets[3]", false), ("vendors.add[2].widgets", false)]
        );
        let mut cfg = c;
        let (classifier, _) = super::super::site::classifier(&mut cfg);
        let id = |name: &str| classifier.find(name).map(|(i, _)| i).unwrap();
        assert!(classifier.draws_widgets(id("acme")));
        assert!(!classifier.draws_widgets(id("plain")));
        assert!(classifier.draws_widgets(id("x-embeds")) && !classifier.draws_widgets(id("google-analytics")));
    }

    /// One vendor per widget markup: a site's vendor that names markup a
    /// built-in vendor or an earlier site vendor draws is told so, and that
    /// markup stays the first vendor's (the interface's check).
    #[cfg(feature = "interface")]
    #[test]
    fn widget_markup_has_one_vendor() {
        let (c, issues) = parse(
            r#"{"vendors":{"add":[
                {"id":"first","categories":["marketing"],"hosts":["f.example"],"widgets":["div.shared","div.first","div.first"]},
                {"id":"second","categories":["marketing"],"hosts":["s.example"],"widgets":["div.own","div.shared","blockquote.twitter-tweet"]}]}}"#,
        );
        let widgets: Vec<Vec<&str>> = c.custom_vendors.iter().map(|v| v.def.widgets.iter().map(|w| &**w).collect()).collect();
        assert_eq!(widgets, [vec!["div.shared", "div.first"], vec!["div.own"]]);
        let reported: Vec<(&str, bool)> = issues.iter().map(|i| (i.field.as_str(), i.interface)).collect();
        assert_eq!(reported, [("vendors.add[1].widgets[1]", true), ("vendors.add[1].widgets[2]", true)]);
        assert!(issues[0].problem.contains("\"div.shared\" that vendor \"first\" already turns into widgets"), "{}", issues[0].problem);
        let x = crate::core::vendors::by_id("x-embeds").map(|(i, _)| crate::core::details::widgets(usize::from(i)));
        assert!(x.is_some_and(|w| w.contains(&"blockquote.twitter-tweet")));
        assert!(issues[1].problem.contains("that vendor \"x-embeds\" already"), "{}", issues[1].problem);
    }

    #[test]
    fn not_an_object() {
        let (c, issues) = parse("[1,2]");
        assert_eq!(c, Config::default());
        assert_eq!(issues.len(), 1);
        let (_, issues) = parse("{bad json");
        assert_eq!(issues[0].field, "ConsentryConfig");
    }

    #[test]
    fn script_tag_attributes() {
        let mut c = Config::default();
        let issues = apply_attributes(
            &mut c,
            &[
                ("revision".into(), "7".into()),
                ("ui".into(), "false".into()),
                ("policyUrl".into(), "/cookies".into()),
                ("consentMode".into(), "advanced".into()),
                ("exempt".into(), "google-tag-manager youtube".into()),
                ("mode".into(), "nope".into()),
            ],
        );
        assert_eq!(c.revision, 7);
        assert!(!c.ui);
        #[cfg(feature = "interface")]
        assert_eq!(c.policy_url.as_deref(), Some("/cookies"));
        assert!(c.consent_mode.advanced);
        assert_eq!(c.exempt, vec!["google-tag-manager".to_string(), "youtube".to_string()]);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].field, "data-mode");
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let _ = parse(&s);
        }

        #[test]
        fn never_panics_on_shaped_input(s in r#"\{("(mode|revision|cookie|vendors|add|hosts|categories|texts|consentMode|map|name|id|days)": ?(\[|\{|"[a-z\-]{0,6}"|-?[0-9]{1,3}|true|null|\]|\}|,)){0,12}"#) {
            let _ = parse(&s);
        }
    }
}
