//! Texts of the banner, the dialog and the cookie policy, in the visitor's
//! language.
//!
//! Built-in languages are compiled from `ui/i18n/*.toml` by the build
//! script (English is the reference; every file has its keys). The language
//! is the configured one, else the page's `lang`, else the first of the
//! browser's languages we have, else English. A site can override any text
//! per language (or for all with `"*"`), and can bring a language we do not
//! ship: its texts are used where given, English elsewhere.

use consentry::core::retention::Retention;
use consentry::core::text;
use std::borrow::Cow;

include!(concat!(env!("OUT_DIR"), "/languages.rs"));

/// Languages written right to left (primary subtags).
const RTL: [&str; 10] = ["ar", "he", "fa", "ur", "yi", "ps", "dv", "ug", "ckb", "sd"];

/// The primary language subtag, lower case (`pt-BR` → `pt`).
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or("").trim().to_ascii_lowercase()
}

/// Whether a language is written right to left.
pub fn is_rtl(tag: &str) -> bool {
    let p = primary(tag);
    RTL.contains(&p.as_str())
}

/// The CLDR plural form of `n` in a language (cardinal, integers).
pub fn plural(lang: &str, n: u64) -> &'static str {
    match primary(lang).as_str() {
        "fr" | "pt" => {
            if n <= 1 {
                "one"
            } else {
                "other"
            }
        }
        "pl" => {
            let (m10, m100) = (n % 10, n % 100);
            if n == 1 {
                "one"
            } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
                "few"
            } else {
                "many"
            }
        }
        "ar" => {
            let m100 = n % 100;
            match n {
                0 => "zero",
                1 => "one",
                2 => "two",
                _ if (3..=10).contains(&m100) => "few",
                _ if (11..=99).contains(&m100) => "many",
                _ => "other",
            }
        }
        _ => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

/// The index of a text key, if it exists.
pub fn key_index(key: &str) -> Option<usize> {
    KEYS.iter().position(|k| *k == key)
}

impl Key {
    /// The key's name, as in the language files and in `texts` overrides.
    pub fn name(self) -> &'static str {
        KEYS.get(self.index()).copied().unwrap_or("")
    }
}

fn builtin_text(lang: usize, key: usize) -> Option<&'static str> {
    let (_, _, _, texts) = LANGS.get(lang)?;
    texts.split('\u{1e}').nth(key).filter(|t| !t.is_empty())
}

/// The texts for one visitor: a language plus the site's overrides.
#[derive(Clone, Debug)]
pub struct Texts<'a> {
    code: String,
    builtin: Option<usize>,
    rtl: bool,
    overrides: &'a [(String, String, String)],
}

impl<'a> Texts<'a> {
    /// Chooses the language: `forced` (configuration), then the page's
    /// `lang`, then the browser's languages; the first we have texts for
    /// (built in, or given by the site), else English.
    pub fn choose(forced: Option<&str>, page_lang: &str, browser: &[String], overrides: &'a [(String, String, String)]) -> Texts<'a> {
        let mut candidates: Vec<&str> = Vec::new();
        candidates.extend(forced);
        candidates.push(page_lang);
        candidates.extend(browser.iter().map(String::as_str));
        for c in candidates {
            let p = primary(c);
            if p.is_empty() {
                continue;
            }
            let builtin = LANGS.iter().position(|(code, ..)| *code == p);
            let site = overrides.iter().any(|(l, _, _)| primary(l) == p);
            if builtin.is_some() || site {
                return Texts { rtl: is_rtl(&p), code: p, builtin, overrides };
            }
        }
        Texts { code: "en".into(), builtin: Some(0), rtl: false, overrides }
    }

    /// The chosen language's primary subtag (`de`).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Whether it is written right to left.
    pub fn rtl(&self) -> bool {
        self.rtl
    }

    /// The text for `key`.
    pub fn get(&self, key: Key) -> Cow<'a, str> {
        self.by_name(key.name())
    }

    /// The text for a key given by name: the site's override for this
    /// language, the site's override for all languages (`"*"`), ours, then
    /// English.
    fn by_name(&self, key: &str) -> Cow<'a, str> {
        let site =
            |lang: &str| self.overrides.iter().find(|(l, k, _)| k == key && (l == lang || primary(l) == lang)).map(|(_, _, t)| t.as_str());
        if let Some(t) = site(&self.code).or_else(|| site("*")) {
            return Cow::Borrowed(t);
        }
        let Some(i) = key_index(key) else { return Cow::Borrowed("") };
        let t = self.builtin.and_then(|l| builtin_text(l, i)).or_else(|| builtin_text(0, i)).unwrap_or("");
        Cow::Borrowed(t)
    }

    /// `get(key)` with `{name}` replaced by `value`.
    pub fn fill(&self, key: Key, name: &str, value: &str) -> String {
        let pattern = format!("{{{name}}}");
        text::replace_all(&self.get(key), &pattern, value)
    }

    /// A retention period in words (`13 Monate`, `2 lata`, `Until deleted`).
    pub fn duration(&self, r: Retention) -> String {
        match r {
            Retention::Session => self.get(Key::Session).into_owned(),
            Retention::Persistent => self.get(Key::Persistent).into_owned(),
            Retention::Span(n, unit) => {
                let n = u64::from(n);
                let form = plural(&self.code, n);
                let mut t = self.by_name(&format!("{}_{form}", unit.name()));
                if t.is_empty() {
                    t = self.by_name(&format!("{}_other", unit.name()));
                }
                text::replace_all(&t, "{n}", &n.to_string())
            }
        }
    }
}

/// Codes and own names of the built-in languages.
pub fn builtin_languages() -> impl Iterator<Item = (&'static str, &'static str)> {
    LANGS.iter().map(|(c, n, _, _)| (*c, *n))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use consentry::core::retention::Unit;

    #[test]
    fn chooses_languages() {
        let none: &[(String, String, String)] = &[];
        assert_eq!(Texts::choose(None, "de-AT", &[], none).code(), "de");
        assert_eq!(Texts::choose(None, "", &["pt-BR".into(), "en".into()], none).code(), "pt");
        assert_eq!(Texts::choose(Some("fr"), "de", &[], none).code(), "fr");
        assert_eq!(Texts::choose(None, "xx", &["yy".into()], none).code(), "en");
        let he = vec![("he".to_string(), "title".to_string(), "בחירות הפרטיות שלך".to_string())];
        let t = Texts::choose(None, "he-IL", &[], &he);
        assert_eq!(t.code(), "he");
        assert!(t.rtl());
        assert_eq!(t.get(Key::Title), "בחירות הפרטיות שלך");
        assert_eq!(t.get(Key::AcceptAll), "Accept all", "English where the site gave nothing");
    }

    #[test]
    fn overrides_win() {
        let o = vec![
            ("en".to_string(), "accept_all".to_string(), "Allow all".to_string()),
            ("*".to_string(), "title".to_string(), "Cookies".to_string()),
        ];
        let t = Texts::choose(None, "en", &[], &o);
        assert_eq!(t.get(Key::AcceptAll), "Allow all");
        assert_eq!(t.get(Key::Title), "Cookies");
        assert_eq!(t.get(Key::RejectAll), "Reject all");
        assert_eq!(t.by_name("no-such-key"), "");
    }

    #[test]
    fn plurals_and_durations() {
        let none: &[(String, String, String)] = &[];
        let en = Texts::choose(None, "en", &[], none);
        assert_eq!(en.duration(Retention::Span(1, Unit::Year)), "1 year");
        assert_eq!(en.duration(Retention::Span(13, Unit::Month)), "13 months");
        assert_eq!(en.duration(Retention::Session), "Until the browser is closed");
        assert_eq!(plural("pl", 1), "one");
        assert_eq!(plural("pl", 3), "few");
        assert_eq!(plural("pl", 13), "many");
        assert_eq!(plural("pl", 22), "few");
        assert_eq!(plural("fr", 0), "one");
        assert_eq!(plural("ar", 2), "two");
        assert_eq!(plural("ar", 11), "many");
        assert_eq!(en.fill(Key::VendorPolicy, "vendor", "Acme"), "Privacy policy of Acme");
    }

    #[test]
    fn every_language_has_every_text() {
        for (i, (code, ..)) in LANGS.iter().enumerate() {
            for (k, key) in KEYS.iter().enumerate() {
                let dur = ["second_", "minute_", "hour_", "day_", "week_", "month_", "year_"].iter().any(|u| key.starts_with(u));
                if !dur || key.ends_with("_other") {
                    assert!(builtin_text(i, k).is_some(), "{code}: {key}");
                }
            }
        }
    }
}
