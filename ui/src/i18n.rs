//! Texts of the banner, the dialog, the cookie policy and the
//! placeholders, in the visitor's language.
//!
//! Shipped languages are compiled from `ui/i18n/*.toml` by the build script
//! (English is the reference; every file has its keys). Only English's
//! texts are in the interface's module; every other language is a pack of
//! its own, downloaded for the visitor who needs it (see [`Pack`]), so a
//! thirtieth language costs no visitor of the other twenty-nine anything.
//!
//! The language is the configured one, else the page's `lang`, else the
//! first of the browser's languages we have, else English. A site can
//! override any text per language (or for all with `"*"`), and can bring a
//! language we do not ship: its texts are used where given, English
//! elsewhere.

use consentry::core::retention::Retention;
use consentry::core::text;
use std::borrow::Cow;

include!(concat!(env!("OUT_DIR"), "/languages.rs"));

/// Languages written right to left (primary subtags).
const RTL: [&str; 10] = ["ar", "he", "fa", "ur", "yi", "ps", "dv", "ug", "ckb", "sd"];

/// Text separator inside a language's joined texts (and a pack).
const SEP: char = '\u{1e}';

/// The primary language subtag, lower case (`pt-BR` → `pt`).
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or("").trim().to_ascii_lowercase()
}

/// The shipped language a tag asks for, by its code: the primary subtag,
/// with the macrolanguage and script cases a primary subtag alone gets
/// wrong. Norwegian (`no`, and Nynorsk readers, who all read Bokmål) is
/// `nb`; Chinese is shipped in Simplified script only, so a tag asking for
/// Traditional (`zh-Hant`, or Taiwan, Hong Kong, Macao without a script)
/// matches nothing and the next preference is tried.
fn shipped_code(tag: &str) -> String {
    let p = primary(tag);
    match p.as_str() {
        "no" | "nn" => "nb".to_string(),
        "zh" => {
            let rest: Vec<String> = tag.split(['-', '_']).skip(1).map(|s| s.trim().to_ascii_lowercase()).collect();
            let traditional = rest.iter().any(|s| s == "hant")
                || (!rest.iter().any(|s| s == "hans") && rest.iter().any(|s| s == "tw" || s == "hk" || s == "mo"));
            if traditional {
                String::new()
            } else {
                p
            }
        }
        _ => p,
    }
}

/// Whether a language is written right to left.
pub fn is_rtl(tag: &str) -> bool {
    let p = primary(tag);
    RTL.contains(&p.as_str())
}

/// The CLDR plural category of a whole number `n` in a language (cardinal
/// rules, integers only: the durations we write are whole).
pub fn plural(lang: &str, n: u64) -> &'static str {
    let (m10, m100) = (n % 10, n % 100);
    // Slavic one/few/many over the last digits (Ukrainian; Polish differs only for 1).
    let slavic = |one: bool| {
        if one {
            "one"
        } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
            "few"
        } else {
            "many"
        }
    };
    match primary(lang).as_str() {
        "ja" | "zh" => "other",
        "fr" | "pt" => {
            if n <= 1 {
                "one"
            } else {
                "other"
            }
        }
        "pl" => slavic(n == 1),
        "uk" => slavic(m10 == 1 && m100 != 11),
        // Croatian: one/few as the Slavic rule, the rest is other.
        "hr" => match slavic(m10 == 1 && m100 != 11) {
            "many" => "other",
            f => f,
        },
        "cs" | "sk" => match n {
            1 => "one",
            2..=4 => "few",
            _ => "other",
        },
        "lt" => {
            if (11..=19).contains(&m100) {
                "other"
            } else if m10 == 1 {
                "one"
            } else if m10 >= 2 {
                "few"
            } else {
                "other"
            }
        }
        "lv" => {
            if m10 == 0 || (11..=19).contains(&m100) {
                "zero"
            } else if m10 == 1 {
                "one"
            } else {
                "other"
            }
        }
        "ro" => {
            if n == 1 {
                "one"
            } else if n == 0 || (1..=19).contains(&m100) {
                "few"
            } else {
                "other"
            }
        }
        "sl" => match m100 {
            1 => "one",
            2 => "two",
            3 | 4 => "few",
            _ => "other",
        },
        "ga" => match n {
            1 => "one",
            2 => "two",
            3..=6 => "few",
            7..=10 => "many",
            _ => "other",
        },
        "mt" => {
            if n == 1 {
                "one"
            } else if n == 2 {
                "two"
            } else if n == 0 || (3..=10).contains(&m100) {
                "few"
            } else if (11..=19).contains(&m100) {
                "many"
            } else {
                "other"
            }
        }
        "ar" => match n {
            0 => "zero",
            1 => "one",
            2 => "two",
            _ if (3..=10).contains(&m100) => "few",
            _ if (11..=99).contains(&m100) => "many",
            _ => "other",
        },
        _ => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

/// A language pack: one shipped language's texts, as its file carries
/// them (joined by U+001E in [`KEYS`] order), checked to fit this build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pack<'a>(&'a str);

/// Why a language pack was not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackError {
    /// It has not as many texts as this build has keys: it belongs to
    /// another build (the files of one build must be served together).
    OtherBuild {
        /// Texts found.
        found: usize,
    },
}

impl PackError {
    /// What went wrong, for the console.
    pub fn describe(&self) -> String {
        match self {
            PackError::OtherBuild { found } => format!(
                "it has {found} texts where this interface has {}: it is the language file of another build (serve the files of one build together)",
                KEYS.len()
            ),
        }
    }
}

impl<'a> Pack<'a> {
    /// Checks a pack's text against this build's keys.
    pub fn read(texts: &'a str) -> Result<Pack<'a>, PackError> {
        let found = texts.split(SEP).count();
        if found == KEYS.len() {
            Ok(Pack(texts))
        } else {
            Err(PackError::OtherBuild { found })
        }
    }
}

/// The language chosen for a visitor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Its primary subtag (`de`), or the site's own tag's.
    code: String,
    /// Its index in [`LANGUAGES`], if we ship it.
    shipped: Option<usize>,
}

impl Choice {
    /// Chooses the language: `forced` (configuration), then the page's
    /// `lang`, then the browser's languages; the first we have texts for
    /// (shipped, or given by the site in `site`), else English.
    pub fn new(forced: Option<&str>, page_lang: &str, browser: &[String], site: &[(String, String, String)]) -> Choice {
        let candidates = forced.into_iter().chain(std::iter::once(page_lang)).chain(browser.iter().map(String::as_str));
        for c in candidates {
            let code = shipped_code(c);
            if code.is_empty() {
                continue;
            }
            let shipped = LANGUAGES.iter().position(|(l, ..)| *l == code);
            if shipped.is_some() || site.iter().any(|(l, _, _)| primary(l) == code) {
                return Choice { code, shipped };
            }
        }
        Choice { code: "en".into(), shipped: Some(0) }
    }

    /// The chosen language's code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The pack this visitor needs (a shipped language other than English).
    pub fn pack(&self) -> Option<&'static str> {
        self.shipped.filter(|i| *i != 0).and_then(|i| LANGUAGES.get(i)).map(|(c, ..)| *c)
    }

    /// Its own name (`Deutsch`), if shipped.
    pub fn name(&self) -> Option<&'static str> {
        self.shipped.and_then(|i| LANGUAGES.get(i)).map(|(_, n, _)| *n)
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

/// Text number `key` of joined texts, if not empty.
fn nth(texts: &str, key: usize) -> Option<&str> {
    texts.split(SEP).nth(key).filter(|t| !t.is_empty())
}

/// The texts for one visitor: a language plus the site's overrides.
#[derive(Clone, Debug)]
pub struct Texts<'a> {
    code: &'a str,
    /// The language's texts: English's, or its pack's (English where the
    /// pack did not load, or the language is the site's own).
    texts: &'a str,
    rtl: bool,
    overrides: &'a [(String, String, String)],
}

impl<'a> Texts<'a> {
    /// The texts of `choice`, from its `pack` when it needs one. A
    /// language whose pack could not be had is English throughout (the
    /// site's texts for English included), and says so (`lang="en"`), so
    /// that screen readers read it as English.
    pub fn new(choice: &'a Choice, pack: Option<Pack<'a>>, overrides: &'a [(String, String, String)]) -> Texts<'a> {
        match (choice.pack(), pack) {
            (Some(_), Some(Pack(p))) => Texts { code: &choice.code, texts: p, rtl: is_rtl(&choice.code), overrides },
            (Some(_), None) => Texts { code: "en", texts: ENGLISH, rtl: false, overrides },
            (None, _) => Texts { code: &choice.code, texts: ENGLISH, rtl: is_rtl(&choice.code), overrides },
        }
    }

    /// The chosen language's primary subtag (`de`).
    pub fn code(&self) -> &str {
        self.code
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
        if let Some(t) = site(self.code).or_else(|| site("*")) {
            return Cow::Borrowed(t);
        }
        let Some(i) = key_index(key) else { return Cow::Borrowed("") };
        Cow::Borrowed(nth(self.texts, i).or_else(|| nth(ENGLISH, i)).unwrap_or(""))
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
                let form = plural(self.code, n);
                let mut t = self.by_name(&format!("{}_{form}", unit.name()));
                if t.is_empty() {
                    t = self.by_name(&format!("{}_other", unit.name()));
                }
                text::replace_all(&t, "{n}", &n.to_string())
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use consentry::core::retention::Unit;

    const NONE: &[(String, String, String)] = &[];

    fn texts_of(code: &str) -> &'static str {
        LANGUAGES.iter().position(|(c, ..)| *c == code).and_then(|i| TEXTS.get(i)).copied().unwrap_or("")
    }

    #[test]
    fn chooses_languages() {
        assert_eq!(Choice::new(None, "de-AT", &[], NONE).code(), "de");
        assert_eq!(Choice::new(None, "", &["pt-BR".into(), "en".into()], NONE).code(), "pt");
        assert_eq!(Choice::new(Some("fr"), "de", &[], NONE).code(), "fr");
        assert_eq!(Choice::new(None, "xx", &["yy".into()], NONE).code(), "en");
        assert_eq!(Choice::new(None, "en", &[], NONE).pack(), None, "English is built in");
        assert_eq!(Choice::new(None, "de", &[], NONE).pack(), Some("de"));
        let he = vec![("he".to_string(), "title".to_string(), "בחירות הפרטיות שלך".to_string())];
        let c = Choice::new(None, "he-IL", &[], &he);
        assert_eq!((c.code(), c.pack()), ("he", None), "the site's own language needs no pack");
        let t = Texts::new(&c, None, &he);
        assert!(t.rtl());
        assert_eq!(t.get(Key::Title), "בחירות הפרטיות שלך");
        assert_eq!(t.get(Key::AcceptAll), "Accept all", "English where the site gave nothing");
    }

    #[test]
    fn macrolanguages_and_scripts() {
        let code = |tag: &str| Choice::new(None, tag, &["fr".into()], NONE).code().to_string();
        assert_eq!(code("no"), "nb");
        assert_eq!(code("nn-NO"), "nb");
        assert_eq!(code("nb"), "nb");
        assert_eq!(code("zh-CN"), "zh");
        assert_eq!(code("zh-Hans-HK"), "zh");
        assert_eq!(code("zh"), "zh");
        assert_eq!(code("zh-TW"), "fr", "Traditional Chinese readers are not given Simplified: the next preference");
        assert_eq!(code("zh-Hant"), "fr");
    }

    #[test]
    fn packs_and_fallback() {
        let de = Choice::new(None, "de", &[], NONE);
        let pack = Pack::read(texts_of("de")).ok();
        assert!(pack.is_some());
        assert_eq!(Texts::new(&de, pack, NONE).get(Key::AcceptAll), "Alle akzeptieren");
        // Without its pack (it did not load): English throughout, said to be
        // English, with the site's English texts.
        let o = vec![
            ("de".to_string(), "title".to_string(), "Datenschutz".to_string()),
            ("en".to_string(), "title".to_string(), "Privacy".to_string()),
        ];
        let t = Texts::new(&de, None, &o);
        assert_eq!((t.code(), t.get(Key::AcceptAll).as_ref(), t.get(Key::Title).as_ref()), ("en", "Accept all", "Privacy"));
        // A pack of another build (a key more or fewer) is refused.
        assert_eq!(Pack::read("a\u{1e}b"), Err(PackError::OtherBuild { found: 2 }));
        let more = format!("{}\u{1e}x", texts_of("de"));
        assert!(matches!(Pack::read(&more), Err(PackError::OtherBuild { .. })));
        assert!(PackError::OtherBuild { found: 2 }.describe().contains("another build"));
    }

    #[test]
    fn overrides_win() {
        let o = vec![
            ("en".to_string(), "accept_all".to_string(), "Allow all".to_string()),
            ("*".to_string(), "title".to_string(), "Cookies".to_string()),
        ];
        let c = Choice::new(None, "en", &[], &o);
        let t = Texts::new(&c, None, &o);
        assert_eq!(t.get(Key::AcceptAll), "Allow all");
        assert_eq!(t.get(Key::Title), "Cookies");
        assert_eq!(t.get(Key::RejectAll), "Reject all");
        assert_eq!(t.by_name("no-such-key"), "");
    }

    #[test]
    fn plurals_and_durations() {
        let c = Choice::new(None, "en", &[], NONE);
        let en = Texts::new(&c, None, NONE);
        assert_eq!(en.duration(Retention::Span(1, Unit::Year)), "1 year");
        assert_eq!(en.duration(Retention::Span(13, Unit::Month)), "13 months");
        assert_eq!(en.duration(Retention::Session), "Until the browser is closed");
        assert_eq!(en.fill(Key::VendorPolicy, "vendor", "Acme"), "Privacy policy of Acme");
        // CLDR's integer examples for each rule.
        let cases: &[(&str, &[(u64, &str)])] = &[
            ("pl", &[(1, "one"), (3, "few"), (13, "many"), (22, "few"), (25, "many")]),
            ("uk", &[(1, "one"), (21, "one"), (11, "many"), (3, "few"), (14, "many"), (5, "many")]),
            ("hr", &[(1, "one"), (21, "one"), (11, "other"), (2, "few"), (12, "other"), (5, "other")]),
            ("cs", &[(1, "one"), (4, "few"), (5, "other"), (22, "other")]),
            ("lt", &[(1, "one"), (21, "one"), (11, "other"), (2, "few"), (19, "other"), (10, "other")]),
            ("lv", &[(0, "zero"), (10, "zero"), (13, "zero"), (1, "one"), (21, "one"), (11, "zero"), (2, "other")]),
            ("ro", &[(1, "one"), (0, "few"), (2, "few"), (19, "few"), (101, "few"), (20, "other"), (120, "other")]),
            ("sl", &[(1, "one"), (101, "one"), (2, "two"), (3, "few"), (104, "few"), (5, "other")]),
            ("ga", &[(1, "one"), (2, "two"), (3, "few"), (6, "few"), (7, "many"), (10, "many"), (11, "other")]),
            ("mt", &[(1, "one"), (2, "two"), (0, "few"), (3, "few"), (110, "few"), (11, "many"), (119, "many"), (20, "other")]),
            ("ar", &[(0, "zero"), (2, "two"), (11, "many"), (103, "few"), (100, "other")]),
            ("fr", &[(0, "one"), (1, "one"), (2, "other")]),
            ("ja", &[(1, "other")]),
            ("de", &[(1, "one"), (0, "other")]),
        ];
        for (lang, examples) in cases {
            for (n, form) in *examples {
                assert_eq!(plural(lang, *n), *form, "{lang} {n}");
            }
        }
    }

    #[test]
    fn every_language_has_every_text_and_every_plural_form_it_uses() {
        for (i, (code, ..)) in LANGUAGES.iter().enumerate() {
            let texts = TEXTS.get(i).copied().unwrap_or("");
            assert!(Pack::read(texts).is_ok(), "{code}: its pack has every key");
            for (k, key) in KEYS.iter().enumerate() {
                let dur = ["second_", "minute_", "hour_", "day_", "week_", "month_", "year_"].iter().any(|u| key.starts_with(u));
                if !dur || key.ends_with("_other") {
                    assert!(nth(texts, k).is_some(), "{code}: {key}");
                }
            }
            // Every form its plural rule gives for a whole number has its
            // own text (a missing one would fall back to `other`: "1 dni").
            for unit in ["second", "minute", "hour", "day", "week", "month", "year"] {
                for n in 0..=1000 {
                    let key = format!("{unit}_{}", plural(code, n));
                    let k = key_index(&key).unwrap_or(usize::MAX);
                    assert!(nth(texts, k).is_some(), "{code}: {key} (for {n})");
                }
            }
        }
    }
}
