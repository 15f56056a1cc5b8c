//! What the interface needs from the site's configuration. The blocker
//! read its own fields and reported their problems; the interface reads the
//! same text with the same reader ([`consentry::core::config`], with its
//! `interface` feature) and reports the problems of the fields only it
//! reads (texts, theme, links, added vendors' details).

use crate::i18n::{Choice, Pack, Texts};
use consentry::core::config::{self, Config};
use consentry::core::table::VendorDef;

/// The configuration, and the visitor's language for the texts.
pub struct Settings {
    /// The whole configuration.
    pub config: Config,
    /// The visitor's language.
    pub language: Choice,
    /// Its pack's texts, once loaded and checked (see [`Pack`]).
    pack: Option<String>,
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
        let browser: Vec<String> =
            window.map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default();
        let language = Choice::new(cfg.language.as_deref(), &page_lang, &browser, &cfg.texts);
        Settings { config: cfg, language, pack: None }
    }

    /// Takes the visitor's language pack as its file gave it, if it fits
    /// this build.
    pub fn set_pack(&mut self, texts: String) -> Result<(), crate::i18n::PackError> {
        Pack::read(&texts)?;
        self.pack = Some(texts);
        Ok(())
    }

    /// The texts in the visitor's language: the configured one, the page's,
    /// then the browser's.
    pub fn texts(&self) -> Texts<'_> {
        let pack = self.pack.as_deref().and_then(|p| Pack::read(p).ok());
        Texts::new(&self.language, pack, &self.config.texts)
    }

    /// A vendor the site added, by id.
    pub fn custom(&self, id: &str) -> Option<&VendorDef> {
        self.config.custom_vendors.iter().map(|c| &c.def).find(|d| d.id == id)
    }
}
