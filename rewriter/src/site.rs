//! The site a document belongs to: its vendor table (the built-in table and
//! the site's configuration, applied by [`consentry::core::site`], exactly as
//! the browser applies it) and the URL its pages are served from.

use crate::error::Error;
use consentry::core::charref::Full;
use consentry::core::classify::Classifier;
use consentry::core::config::{self, Issue};
use consentry::core::consent::Consent;
use consentry::core::hold::Ctx;
use consentry::core::markup;
use consentry::core::url::{Base, BaseScheme};
use url::Url;

/// Relative URLs are first party when no base is given: they resolve to a
/// host under the reserved `.invalid` domain, which is never a vendor.
const FIRST_PARTY: &str = "https://first-party.invalid/";

/// A site: what decides which tags are held.
#[derive(Debug)]
pub struct Site {
    classifier: Classifier,
    /// Build time knows no visitor: nothing but `necessary` is granted.
    consent: Consent,
    base: Url,
    /// The base host as the core reads it (empty without `--base`, which
    /// makes relative URLs first party).
    host: String,
    scheme: BaseScheme,
    issues: Vec<Issue>,
    /// The consent record's cookie: name and lifetime in days.
    cookie: (String, u32),
}

impl Site {
    /// A site from its configuration (the JSON of `window.ConsentryConfig`;
    /// empty for none) and the URL its pages are served from (`None`:
    /// relative URLs are first party). Problems in the configuration do not
    /// stop it: they are reported by [`Site::issues`], and never weaken
    /// holding, as in the browser.
    pub fn new(config_json: &str, base: Option<&str>) -> Result<Site, Error> {
        let (scheme, host, base) = match base.map(str::trim).filter(|b| !b.is_empty()) {
            Some(b) => {
                let url = Url::parse(b).map_err(|_| Error::Base(b.to_string()))?;
                let scheme = match url.scheme() {
                    "https" => BaseScheme::Https,
                    "http" => BaseScheme::Http,
                    _ => return Err(Error::Base(b.to_string())),
                };
                let host = url.host_str().ok_or_else(|| Error::Base(b.to_string()))?.to_ascii_lowercase();
                (scheme, host, url)
            }
            None => (BaseScheme::Https, String::new(), Url::parse(FIRST_PARTY).map_err(|_| Error::Base(FIRST_PARTY.into()))?),
        };
        let (mut cfg, mut issues) = config::parse(config_json);
        let (classifier, more) = consentry::core::site::classifier(&mut cfg);
        issues.extend(more);
        let cookie = (cfg.cookie_name.clone(), cfg.cookie_days);
        Ok(Site { classifier, consent: Consent::undecided(), base, host, scheme, issues, cookie })
    }

    /// The consent record's cookie: its name and lifetime in days (listed
    /// first in every cookie policy).
    pub fn record_cookie(&self) -> (&str, u32) {
        (&self.cookie.0, self.cookie.1)
    }

    /// The host the pages are served from (`--base`), if given.
    pub fn host(&self) -> Option<&str> {
        Some(self.host.as_str()).filter(|h| !h.is_empty())
    }

    /// The problems found in the configuration (each names its field).
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The vendor table with the site's changes.
    pub fn classifier(&self) -> &Classifier {
        &self.classifier
    }

    /// The URL parser hook of [`Ctx`]: the `url` crate (WHATWG URL), for
    /// the rare URLs the core defers to the platform (IDNA, dot segments).
    fn canonical(&self, input: &str) -> Option<String> {
        self.base.join(input).ok().map(String::from)
    }

    /// Runs `f` with the decision context of this site.
    pub fn with_ctx<R>(&self, f: impl FnOnce(&Ctx<'_>) -> R) -> R {
        let canonical = |u: &str| self.canonical(u);
        // A file's base is --base, fixed for the whole rewrite.
        let base = Base { scheme: self.scheme, host: &self.host };
        let ctx = markup::context(&self.classifier, &self.consent, base, &canonical, &Full);
        f(&ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert!(Site::new("", Some("https://www.shop.example/a/")).is_ok());
        assert!(Site::new("", Some("http://localhost:8080")).is_ok());
        assert!(Site::new("", None).is_ok());
        for bad in ["shop.example", "/a/", "file:///tmp/x", "mailto:a@b.example"] {
            assert!(matches!(Site::new("", Some(bad)), Err(Error::Base(_))), "{bad}");
        }
    }

    #[test]
    fn relative_urls_follow_the_base() {
        let none = Site::new("", None).expect("site");
        let shop = Site::new("", Some("https://www.googletagmanager.com/")).expect("site");
        let c =
            |s: &Site, u: &str| s.with_ctx(|ctx| ctx.classifier.classify_with(u, ctx.base, ctx.canonical).map(|m| m.vendor.id.to_string()));
        assert_eq!(c(&none, "/gtag/js?id=G-1"), None);
        assert_eq!(c(&shop, "/gtag/js?id=G-1").as_deref(), Some("google-analytics"));
        // Dot segments go through the url crate.
        assert_eq!(c(&none, "https://www.google.com/x/../pagead/conversion.js").as_deref(), Some("google-ads"));
        assert_eq!(c(&none, "//www.clarity.ms/tag/x").as_deref(), Some("microsoft-clarity"));
    }

    #[test]
    fn config_issues_are_kept() {
        let s = Site::new(r#"{"vendors":{"exempt":["no-such-vendor"]},"colour":1}"#, None).expect("site");
        let fields: Vec<&str> = s.issues().iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["colour", "vendors.exempt"]);
    }
}
