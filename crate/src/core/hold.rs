//! What to do with one element: leave it, hold it, or release it; and the
//! attribute edits that do it.
//!
//! The same decision serves the browser layer (applied to live DOM
//! elements), the string rewriter for `document.write`/`innerHTML`
//! ([`super::markup`]) and the `consentry rewrite` CLI, so a tag held at build
//! time, one held by the runtime and one tagged by hand look the same:
//!
//! | element  | held form                                                        |
//! |----------|------------------------------------------------------------------|
//! | `script` | `type="text/plain"`, original type kept in `data-type`, `src` kept (a non-JavaScript type is never fetched) |
//! | others   | each URL attribute moved to `data-<name>` (`src` → `data-src`, `srcset` → `data-srcset`, `href` → `data-href`, `data` → `data-data`, `poster` → `data-poster`, a frame's `srcdoc` → `data-srcdoc`) |
//! | all      | `data-category="analytics marketing"`, and `data-vendor="<id>"` when the table knows the vendor |
//!
//! Releasing reverses exactly those edits. `data-category` and `data-vendor`
//! stay, so a released element still says why it was held.

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::{CategoryError, CategorySet};
use super::classify::{Classifier, VendorId};
use super::consent::Consent;
use super::url::Base;
use alloc::borrow::Cow;

/// The kinds of element that can make a request or run code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `<script>` (HTML or SVG).
    Script,
    /// `<iframe>` or `<frame>`.
    Iframe,
    /// `<img>`, and SVG's `<image>` and `<feImage>` (reported as `img`).
    Img,
    /// `<link>` (stylesheets, preload, prefetch, preconnect...).
    Link,
    /// `<source>` in `<picture>`, `<video>`, `<audio>`.
    Source,
    /// `<embed>`.
    Embed,
    /// `<object>`.
    Object,
    /// `<video>`.
    Video,
    /// `<audio>`.
    Audio,
    /// `<input type="image">`.
    Input,
    /// `<base>`: a vendor's host as the base URL would send every relative
    /// URL of the page (and re-send loaded images) there.
    Base,
}

/// Every element that can load, by its local name as the DOM spells it
/// (SVG's `feImage`), with its kind: the one table of what loads. With
/// [`Kind::url_attrs`] it is all the blocker knows of which elements and
/// attributes fetch; the shim's lists (and fail-closed mode's) are
/// generated from the two (`crate/tests/shim_tables.rs`), and the selectors
/// below are checked against it.
pub const TAGS: [(&str, Kind); 14] = [
    ("script", Kind::Script),
    ("img", Kind::Img),
    // `<image>` is `<img>` in HTML and an image in SVG; SVG's filter
    // `<feImage>` fetches its `href` too.
    ("image", Kind::Img),
    ("feImage", Kind::Img),
    ("iframe", Kind::Iframe),
    ("frame", Kind::Iframe),
    ("link", Kind::Link),
    ("source", Kind::Source),
    ("embed", Kind::Embed),
    ("object", Kind::Object),
    ("video", Kind::Video),
    ("audio", Kind::Audio),
    ("input", Kind::Input),
    ("base", Kind::Base),
];

/// [`TAGS`] as one CSS selector, for the HTML rewriter (`lol_html` matches
/// tag names in lower case).
pub const SELECTOR: &str = "script,img,image,feimage,iframe,frame,link,source,embed,object,video,audio,input,base";

/// [`TAGS`] as one CSS selector for `querySelectorAll` in a live document,
/// where an SVG element's name matches only as the DOM spells it.
pub const DOM_SELECTOR: &str = "script,img,image,feImage,iframe,frame,link,source,embed,object,video,audio,input,base";

impl Kind {
    /// Content embedded in the page (a frame, `<embed>`, `<object>`): held,
    /// it gets a placeholder where it would be.
    pub const fn is_embedded(self) -> bool {
        matches!(self, Kind::Iframe | Kind::Embed | Kind::Object)
    }

    /// The kind for a tag name (any case), if it is one that loads.
    pub fn from_tag(tag: &str) -> Option<Kind> {
        TAGS.iter().find(|(name, _)| tag.eq_ignore_ascii_case(name)).map(|(_, kind)| *kind)
    }

    /// The name reported by `held()` (`"script"`, `"iframe"`, `"img"`...).
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Script => "script",
            Kind::Iframe => "iframe",
            Kind::Img => "img",
            Kind::Link => "link",
            Kind::Source => "source",
            Kind::Embed => "embed",
            Kind::Object => "object",
            Kind::Video => "video",
            Kind::Audio => "audio",
            Kind::Input => "input",
            Kind::Base => "base",
        }
    }

    /// Attributes holding URLs that this kind of element fetches, paired with
    /// the attribute that keeps them while held.
    pub const fn url_attrs(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Kind::Script => &[("src", "data-src"), ("href", "data-href"), ("xlink:href", "data-xlink-href")],
            // A frame's `srcdoc` is a document of its own, parsed where no
            // hook runs: the frame is held whole while it holds a vendor.
            Kind::Iframe => &[("src", "data-src"), ("srcdoc", "data-srcdoc")],
            Kind::Embed | Kind::Audio | Kind::Input => &[("src", "data-src")],
            // `href`/`xlink:href`: SVG `<image>` and `<feImage>`.
            Kind::Img => &[("src", "data-src"), ("srcset", "data-srcset"), ("href", "data-href"), ("xlink:href", "data-xlink-href")],
            Kind::Source => &[("src", "data-src"), ("srcset", "data-srcset")],
            Kind::Link => &[("href", "data-href"), ("imagesrcset", "data-imagesrcset")],
            Kind::Base => &[("href", "data-href")],
            Kind::Object => &[("data", "data-data")],
            Kind::Video => &[("src", "data-src"), ("poster", "data-poster")],
        }
    }

    /// The held attribute for a URL attribute of this kind (`src` → `data-src`).
    pub fn held_attr(self, attr: &str) -> Option<&'static str> {
        self.url_attrs().iter().find(|(a, _)| a.eq_ignore_ascii_case(attr)).map(|(_, h)| *h)
    }
}

/// Read access to an element's attributes (names are matched ASCII
/// case-insensitively by implementations, as HTML does).
pub trait Attrs {
    /// The value of attribute `name`, if present.
    fn get(&self, name: &str) -> Option<Cow<'_, str>>;
}

/// One attribute change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Set (or add) an attribute.
    Set(&'static str, String),
    /// Remove an attribute (every occurrence, in markup).
    Remove(&'static str),
}

/// An element to hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hold {
    /// What it is.
    pub kind: Kind,
    /// The vendor, when the table knows it.
    pub vendor: Option<VendorId>,
    /// Categories that must all be granted before release.
    pub categories: CategorySet,
    /// The URL it loads (for reporting).
    pub url: String,
    /// Edits that put it into held form (empty when it is already held).
    pub edits: Vec<Edit>,
}

/// The decision for one element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Not a held vendor: leave it alone.
    Pass,
    /// Hold it (apply the edits, if any).
    Hold(Hold),
    /// Held markup whose categories are granted: apply the edits to release.
    Release(Hold, Vec<Edit>),
    /// Held markup with an invalid `data-category`: it stays held (fail closed).
    Broken(Kind, CategoryError),
}

/// What the decision needs besides the element.
pub struct Ctx<'a> {
    /// The vendor table and the site's changes to it.
    pub classifier: &'a Classifier,
    /// The visitor's consent.
    pub consent: &'a Consent,
    /// The document, for relative URLs.
    pub base: Base<'a>,
    /// The platform's URL parser, for the rare URLs the core cannot read
    /// alone (see [`super::url::Parsed::NeedsCanonical`]).
    pub canonical: &'a dyn Fn(&str) -> Option<String>,
    /// The table of named character references for markup's attribute
    /// values ([`super::charref`]): the full one in the CLI, the short one
    /// and the browser's tokenizer in the blocker.
    pub refs: &'a dyn super::charref::NamedRefs,
    /// Resolve relative URLs with `canonical` too: in a live document the
    /// base URL can change after start-up.
    pub live_base: bool,
    /// The vendors a frame's `srcdoc` markup holds (the first, and the union
    /// of their categories): `markup::held_in`, handed in (by
    /// `markup::context`) so that this module, which the markup reader
    /// uses, does not use it in turn.
    pub frame_markup: fn(&str, &Ctx<'_>) -> Option<(VendorId, CategorySet)>,
}

/// Whether a `type` attribute value makes a script run as JavaScript (or a
/// module). Absent or empty means JavaScript.
pub fn is_js_type(t: Option<&str>) -> bool {
    let Some(t) = t else { return true };
    let t = t.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("module") {
        return true;
    }
    // The essence (before any ';' parameters) must be a JavaScript MIME type.
    let essence = t.split(';').next().unwrap_or("").trim();
    const JS: [&str; 16] = [
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    ];
    JS.iter().any(|j| essence.eq_ignore_ascii_case(j))
}

/// Whether the element is in held form (by us, the rewriter, or the site's
/// own manual tagging).
pub fn is_held_form(kind: Kind, a: &dyn Attrs) -> bool {
    if a.get("data-category").is_none() {
        return false;
    }
    match kind {
        Kind::Script => a.get("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("text/plain")),
        _ => kind.url_attrs().iter().any(|(_, held)| a.get(held).is_some()),
    }
}

/// The URLs in a `srcset`/`imagesrcset` value (`url 2x, url 640w`).
pub fn srcset_urls(v: &str) -> impl Iterator<Item = &str> {
    v.split(',').filter_map(|c| c.split_ascii_whitespace().next())
}

impl Ctx<'_> {
    /// The vendor of one URL, if it is held-worthy at all.
    pub fn classify(&self, u: &str) -> Option<super::classify::Match<'_>> {
        self.classifier.classify_resolving(u, self.base, self.canonical, self.live_base)
    }

    /// Classifies one attribute value: its vendor (the first, for a
    /// `srcset`-like list of candidates) and the union of the categories of
    /// every vendor in it (the browser may fetch any candidate).
    pub fn classify_attr(&self, attr: &str, value: &str) -> Option<(VendorId, CategorySet)> {
        let one = |u: &str| self.classify(u).map(|m| (m.id, m.categories));
        if attr.eq_ignore_ascii_case("srcdoc") {
            (self.frame_markup)(value, self)
        } else if attr.ends_with("srcset") {
            let mut found: Option<(VendorId, CategorySet)> = None;
            for u in srcset_urls(value) {
                if let Some((id, c)) = one(u) {
                    found = Some(match found {
                        Some((first, cs)) => (first, cs.union(c)),
                        None => (id, c),
                    });
                }
            }
            found
        } else {
            one(value)
        }
    }

    /// The vendor and categories of an element's URLs: the union over all of
    /// them, and the first URL. `held_too` also reads the held attributes
    /// (`data-src`...), for elements in held form; otherwise those may belong
    /// to a lazy loader. (Public for the site scanner, which also reports
    /// vendors that [`decide`] lets pass: exempted and necessary ones.)
    pub fn classify_element(&self, kind: Kind, a: &dyn Attrs, held_too: bool) -> (Option<VendorId>, CategorySet, String) {
        let mut vendor = None;
        let mut cats = CategorySet::EMPTY;
        let mut url = String::new();
        for (live, held) in kind.url_attrs() {
            let names: &[&str] = if held_too { &[live, held] } else { &[live] };
            for &name in names {
                if let Some(v) = a.get(name) {
                    if url.is_empty() {
                        url = v.trim().to_string();
                    }
                    if let Some((id, c)) = self.classify_attr(name, &v) {
                        vendor = vendor.or(Some(id));
                        cats = cats.union(c);
                    }
                }
            }
        }
        (vendor, cats, url)
    }
}

/// Decides what to do with an element of `kind` with attributes `a`.
pub fn decide(kind: Kind, a: &dyn Attrs, ctx: &Ctx<'_>) -> Decision {
    if is_held_form(kind, a) {
        let tagged = match a.get("data-category").map(|c| CategorySet::parse_list(&c)) {
            Some(Ok(c)) => c,
            Some(Err(e)) => return Decision::Broken(kind, e),
            None => return Decision::Pass,
        };
        // The table still applies to a hand-tagged known vendor: its
        // categories are added to the tag's (fail closed); sites change a
        // vendor's categories through configuration, not markup.
        let (vendor, table, url) = ctx.classify_element(kind, a, true);
        let vendor = vendor.or_else(|| a.get("data-vendor").and_then(|v| ctx.classifier.find(&v).map(|(id, _)| id)));
        let categories = tagged.union(table);
        let hold = Hold { kind, vendor, categories, url, edits: Vec::new() };
        return if ctx.classifier.permits(ctx.consent, vendor, categories) {
            let edits = release_edits(kind, a);
            Decision::Release(hold, edits)
        } else {
            Decision::Hold(hold)
        };
    }
    if kind == Kind::Script && !is_js_type(a.get("type").as_deref()) {
        // JSON, templates, text/plain without a category: never executed or fetched.
        return Decision::Pass;
    }
    let (vendor, categories, url) = ctx.classify_element(kind, a, false);
    if vendor.is_none() || ctx.classifier.permits(ctx.consent, vendor, categories) {
        return Decision::Pass;
    }
    let edits = hold_edits(kind, a, categories, vendor.and_then(|v| ctx.classifier.vendor(v)).map(|d| d.id));
    Decision::Hold(Hold { kind, vendor, categories, url, edits })
}

/// The edits that put an element into held form.
pub fn hold_edits(kind: Kind, a: &dyn Attrs, categories: CategorySet, vendor: Option<&str>) -> Vec<Edit> {
    let mut edits = Vec::with_capacity(4);
    if kind == Kind::Script {
        if let Some(t) = a.get("type") {
            edits.push(Edit::Set("data-type", t.into_owned()));
        }
        edits.push(Edit::Set("type", "text/plain".to_string()));
    } else {
        for (live, held) in kind.url_attrs() {
            if let Some(v) = a.get(live) {
                edits.push(Edit::Set(held, v.into_owned()));
                edits.push(Edit::Remove(live));
            }
        }
    }
    edits.push(Edit::Set("data-category", categories.to_list()));
    if let Some(id) = vendor {
        edits.push(Edit::Set("data-vendor", id.to_string()));
    }
    edits
}

/// The edits that release an element from held form.
pub fn release_edits(kind: Kind, a: &dyn Attrs) -> Vec<Edit> {
    let mut edits = Vec::with_capacity(4);
    if kind == Kind::Script {
        match a.get("data-type") {
            Some(t) => {
                edits.push(Edit::Set("type", t.into_owned()));
                edits.push(Edit::Remove("data-type"));
            }
            None => edits.push(Edit::Remove("type")),
        }
    }
    // Scripts tagged by hand in the Klaro style keep their URL in data-src.
    for (live, held) in kind.url_attrs() {
        if let Some(v) = a.get(held) {
            edits.push(Edit::Set(live, v.into_owned()));
            edits.push(Edit::Remove(held));
        }
    }
    edits
}

/// A simple attribute list, for tests and for callers that already hold the
/// attributes as pairs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttrList(pub Vec<(String, String)>);

impl Attrs for AttrList {
    fn get(&self, name: &str) -> Option<Cow<'_, str>> {
        self.0.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| Cow::Borrowed(v.as_str()))
    }
}

impl AttrList {
    /// Applies edits (first occurrence for sets; every occurrence for removals).
    pub fn apply(&mut self, edits: &[Edit]) {
        for e in edits {
            match e {
                Edit::Set(n, v) => match self.0.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(n)) {
                    Some(slot) => slot.1 = v.clone(),
                    None => self.0.push(((*n).to_string(), v.clone())),
                },
                Edit::Remove(n) => self.0.retain(|(k, _)| !k.eq_ignore_ascii_case(n)),
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::category::Category;

    fn attrs(pairs: &[(&str, &str)]) -> AttrList {
        AttrList(pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect())
    }

    fn run(kind: Kind, a: &AttrList, consent: Consent) -> Decision {
        let c = Classifier::builtin();
        let none = |_: &str| None;
        let ctx = crate::core::markup::context(&c, &consent, Base::https("www.shop.example"), &none, &crate::core::charref::Full);
        decide(kind, a, &ctx)
    }

    #[test]
    fn holds_and_releases_a_vendor_script() {
        let mut a = attrs(&[("src", "https://d2r1yp2w7bby2u.cloudfront.net/js/clevertap.min.js"), ("async", "")]);
        let Decision::Hold(h) = run(Kind::Script, &a, Consent::undecided()) else { panic!("not held") };
        assert_eq!(h.categories, CategorySet::of(Category::Analytics).with(Category::Marketing));
        a.apply(&h.edits);
        assert_eq!(a.get("type").as_deref(), Some("text/plain"));
        assert_eq!(a.get("data-category").as_deref(), Some("analytics marketing"));
        assert_eq!(a.get("data-vendor").as_deref(), Some("clevertap"));
        assert!(a.get("src").is_some(), "scripts keep src: a non-JS type is never fetched");
        // Held form is stable: deciding again changes nothing.
        let Decision::Hold(again) = run(Kind::Script, &a, Consent::undecided()) else { panic!() };
        assert!(again.edits.is_empty());
        // Analytics alone is not enough for CleverTap.
        assert!(matches!(run(Kind::Script, &a, Consent::decided(CategorySet::of(Category::Analytics))), Decision::Hold(_)));
        let Decision::Release(_, edits) = run(Kind::Script, &a, Consent::all()) else { panic!("not released") };
        a.apply(&edits);
        assert_eq!(a.get("type"), None);
    }

    #[test]
    fn original_type_is_restored() {
        let mut a = attrs(&[("type", "module"), ("src", "https://www.clarity.ms/tag/x")]);
        let Decision::Hold(h) = run(Kind::Script, &a, Consent::undecided()) else { panic!() };
        a.apply(&h.edits);
        assert_eq!(a.get("data-type").as_deref(), Some("module"));
        let Decision::Release(_, e) = run(Kind::Script, &a, Consent::all()) else { panic!() };
        a.apply(&e);
        assert_eq!(a.get("type").as_deref(), Some("module"));
        assert_eq!(a.get("data-type"), None);
    }

    #[test]
    fn iframes_and_images_move_their_urls() {
        let mut a = attrs(&[("src", "https://www.youtube.com/embed/x"), ("width", "560")]);
        let Decision::Hold(h) = run(Kind::Iframe, &a, Consent::undecided()) else { panic!() };
        a.apply(&h.edits);
        assert_eq!(a.get("src"), None);
        assert_eq!(a.get("data-src").as_deref(), Some("https://www.youtube.com/embed/x"));
        let Decision::Release(_, e) = run(Kind::Iframe, &a, Consent::all()) else { panic!() };
        a.apply(&e);
        assert_eq!(a.get("src").as_deref(), Some("https://www.youtube.com/embed/x"));

        let a = attrs(&[("src", "/logo.png"), ("srcset", "/logo2.png 2x, https://px.ads.linkedin.com/collect?pid=1 3x")]);
        let Decision::Hold(h) = run(Kind::Img, &a, Consent::undecided()) else { panic!("srcset URL missed") };
        assert!(h.edits.contains(&Edit::Remove("srcset")) && h.edits.contains(&Edit::Remove("src")));
    }

    #[test]
    fn the_selectors_are_the_table_of_what_loads() {
        let names: Vec<&str> = TAGS.iter().map(|(n, _)| *n).collect();
        assert_eq!(DOM_SELECTOR, names.join(","));
        assert_eq!(SELECTOR, names.join(",").to_ascii_lowercase());
    }

    #[test]
    fn svg_images_move_their_href() {
        assert_eq!(Kind::from_tag("feImage"), Some(Kind::Img));
        assert_eq!(Kind::from_tag("image"), Some(Kind::Img));
        for name in ["href", "xlink:href"] {
            let mut a = attrs(&[(name, "https://px.ads.linkedin.com/collect?pid=1"), ("width", "1")]);
            let Decision::Hold(h) = run(Kind::Img, &a, Consent::undecided()) else { panic!("{name} missed") };
            a.apply(&h.edits);
            assert_eq!(a.get(name), None);
            let Decision::Release(_, e) = run(Kind::Img, &a, Consent::all()) else { panic!() };
            a.apply(&e);
            assert_eq!(a.get(name).as_deref(), Some("https://px.ads.linkedin.com/collect?pid=1"));
        }
    }

    #[test]
    fn manual_tags() {
        let a = attrs(&[("type", "text/plain"), ("data-category", "analytics")]);
        assert!(matches!(run(Kind::Script, &a, Consent::undecided()), Decision::Hold(h) if h.vendor.is_none()));
        let Decision::Release(_, e) = run(Kind::Script, &a, Consent::decided(CategorySet::of(Category::Analytics))) else { panic!() };
        assert_eq!(e, vec![Edit::Remove("type")]);
        // A hand tag cannot lower a known vendor's categories.
        let a =
            attrs(&[("type", "text/plain"), ("data-category", "functional"), ("src", "https://connect.facebook.net/en_US/fbevents.js")]);
        assert!(matches!(run(Kind::Script, &a, Consent::decided(CategorySet::of(Category::Functional))), Decision::Hold(_)));
        // An invalid category keeps it held.
        let a = attrs(&[("type", "text/plain"), ("data-category", "stats")]);
        assert!(matches!(run(Kind::Script, &a, Consent::all()), Decision::Broken(..)));
        // Klaro-style data-src on a script.
        let mut a = attrs(&[("type", "text/plain"), ("data-category", "marketing"), ("data-src", "https://x.example/a.js")]);
        let Decision::Release(_, e) = run(Kind::Script, &a, Consent::all()) else { panic!() };
        a.apply(&e);
        assert_eq!(a.get("src").as_deref(), Some("https://x.example/a.js"));
        // iframe tagged by hand.
        let a = attrs(&[("data-src", "https://maps.example/embed"), ("data-category", "functional")]);
        assert!(matches!(run(Kind::Iframe, &a, Consent::undecided()), Decision::Hold(_)));
    }

    #[test]
    fn passes_what_is_not_a_held_vendor() {
        assert_eq!(run(Kind::Script, &attrs(&[("src", "/app.js")]), Consent::undecided()), Decision::Pass);
        assert_eq!(run(Kind::Script, &attrs(&[]), Consent::undecided()), Decision::Pass);
        assert_eq!(
            run(Kind::Script, &attrs(&[("type", "application/ld+json"), ("src", "https://bat.bing.com/bat.js")]), Consent::undecided()),
            Decision::Pass
        );
        assert_eq!(run(Kind::Script, &attrs(&[("src", "https://www.google.com/recaptcha/api.js")]), Consent::undecided()), Decision::Pass);
        assert_eq!(run(Kind::Script, &attrs(&[("src", "https://bat.bing.com/bat.js")]), Consent::all()), Decision::Pass);
    }

    #[test]
    fn js_types() {
        for t in [
            None,
            Some(""),
            Some("module"),
            Some("text/javascript"),
            Some(" Text/JavaScript "),
            Some("application/javascript; charset=utf-8"),
        ] {
            assert!(is_js_type(t), "{t:?}");
        }
        for t in ["text/plain", "application/json", "importmap", "text/template", "javascript"] {
            assert!(!is_js_type(Some(t)), "{t}");
        }
    }
}
