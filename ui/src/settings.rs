//! What the interface needs from the site's configuration. The blocker
//! parsed it first and reported every problem; the interface reads the same
//! text with the same reader ([`consentry::core::config`]) and keeps quiet.

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
        let (mut cfg, _) = config::parse(json);
        let _ = config::apply_attributes(&mut cfg, attrs);
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
