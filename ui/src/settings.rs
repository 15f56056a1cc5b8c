//! What the interface needs from the site's configuration. The blocker
//! read its own fields and reported their problems; the interface reads the
//! same text with the same reader ([`consentry::core::config`], with its
//! `interface` feature) and reports the problems of the fields only it
//! reads (texts, theme, links, added vendors' details).

use crate::i18n::Texts;
use consentry::core::config::{self, Config};
use consentry::core::table::VendorDef;

/// The configuration, and the visitor's language for the texts.
pub struct Settings {
    /// The whole configuration.
    pub config: Config,
    /// The page's `lang`.
    page_lang: String,
    /// The browser's languages, in order of preference.
    browser: Vec<String>,
}

impl Settings {
    /// Reads the configuration the blocker was given.
    pub fn read(json: &str, attrs: &[(String, String)]) -> Settings {
        let (mut cfg, mut issues) = config::parse(json);
        issues.extend(config::apply_attributes(&mut cfg, attrs));
        for i in issues.iter().filter(|i| i.interface) {
            crate::dom::console_error(&i.message());
        }
        let window = web_sys::window();
        let page_lang = window
            .as_ref()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .unwrap_or_default();
        let browser = window.map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default();
        Settings { config: cfg, page_lang, browser }
    }

    /// The texts in the visitor's language: the configured one, the page's,
    /// then the browser's.
    pub fn texts(&self) -> Texts<'_> {
        Texts::choose(self.config.language.as_deref(), &self.page_lang, &self.browser, &self.config.texts)
    }

    /// A vendor the site added, by id.
    pub fn custom(&self, id: &str) -> Option<&VendorDef> {
        self.config.custom_vendors.iter().map(|c| &c.def).find(|d| d.id == id)
    }
}
