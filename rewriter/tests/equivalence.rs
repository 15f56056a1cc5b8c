//! The build-time rewriter (`lol_html`) and the runtime string rewriter
//! (`consentry::core::markup`, used for `document.write`/`innerHTML`) must put
//! a tag into the same held form: same element, same attributes with the same
//! (decoded) values. Attribute order and quoting may differ.

use consentry::core::charref::{decode_attr_or_text, Full};
use consentry::core::classify::Classifier;
use consentry::core::consent::Consent;
use consentry::core::markup;
use consentry::core::url::Base;
use consentry_rewriter::{rewrite_str, Options, Site};
use lol_html::html_content::Element;
use lol_html::{element, rewrite_str as lol_rewrite, RewriteStrSettings};
use std::cell::RefCell;

/// Vendor tags as sites write them (and some they should not).
const CORPUS: &[&str] = &[
    r#"<script async src="https://www.googletagmanager.com/gtag/js?id=G-ABC123"></script>"#,
    r#"<script src="https://www.googletagmanager.com/gtag/js?l=dataLayer&amp;id=AW-123"></script>"#,
    r#"<script src="https://www.googletagmanager.com/gtm.js?id=GTM-XXXX"></script>"#,
    r#"<script type="text/javascript" src="//snap.licdn.com/li.lms-analytics/insight.min.js"></script>"#,
    r#"<script type="module" src="https://www.clarity.ms/tag/abc" nonce="n0nce" crossorigin></script>"#,
    r#"<script type='application/javascript' src='https://connect.facebook.net/en_US/fbevents.js' integrity='sha384-x'></script>"#,
    r#"<SCRIPT SRC=https://bat.bing.com/bat.js ASYNC DEFER></SCRIPT>"#,
    r#"<script src="https://bat&period;bing.com/bat.js"></script>"#,
    r#"<script src="https://&#98;at.bing.com/bat.js?a=1&amp;b=&quot;2&quot;"></script>"#,
    r#"<script src="https://d2r1yp2w7bby2u.cloudfront.net/js/clevertap.min.js" src="/second.js"></script>"#,
    r#"<script data-cfasync="false" src="https://static.hotjar.com/c/hotjar-1.js?sv=6"></script>"#,
    r#"<script src="https://www.google-analytics.com/analytics.js" type="text/javascript" async></script>"#,
    r#"<iframe src="https://www.youtube.com/embed/xyz" width="560" height="315" allowfullscreen></iframe>"#,
    r#"<iframe src="https://www.youtube-nocookie.com/embed/abc" title="It's &quot;quoted&quot;" loading=lazy></iframe>"#,
    r#"<iframe src=https://player.vimeo.com/video/1 title=unquoted></iframe>"#,
    r#"<frame src="https://www.youtube.com/embed/frame">"#,
    r#"<img src="https://www.facebook.com/tr?id=1&amp;ev=PageView&amp;noscript=1" height="1" width="1" style="display:none">"#,
    r#"<img src="/logo.png" srcset="/logo@2x.png 2x, https://px.ads.linkedin.com/collect?pid=9&amp;fmt=gif 3x" alt="logo">"#,
    r#"<IMG SRC=https://px.ads.linkedin.com/collect?pid=2 />"#,
    r#"<img alt='' src='https://bat.bing.com/action/0?ti=1&amp;Ver=2'>"#,
    r#"<source srcset="https://px.ads.linkedin.com/collect?pid=3" media="(min-width: 1px)">"#,
    r#"<video src="https://www.youtube.com/v.mp4" poster="https://i.ytimg.com/vi/xyz/hqdefault.jpg" controls></video>"#,
    r#"<audio src="https://www.youtube.com/a.mp3"></audio>"#,
    r#"<embed src="https://www.youtube.com/v/xyz" type="application/x-shockwave-flash">"#,
    r#"<object data="https://www.youtube.com/v/xyz" width=1></object>"#,
    r#"<input type="image" src="https://px.ads.linkedin.com/collect?pid=4" alt="go">"#,
    r#"<link rel="preconnect" href="https://www.google-analytics.com">"#,
    r#"<link rel="preload" as="script" href="https://connect.facebook.net/en_US/fbevents.js">"#,
    r#"<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter&amp;display=swap">"#,
    r#"<link rel="preload" as="image" imagesrcset="https://px.ads.linkedin.com/collect?pid=1 1x, /a.png 2x">"#,
    r#"<script type="text/plain" data-category="marketing" src="https://bat.bing.com/bat.js"></script>"#,
    r#"<script type="application/ld+json" src="https://bat.bing.com/bat.js"></script>"#,
    r#"<img src="/first-party.png" alt="">"#,
];

type Tags = Vec<(String, Vec<(String, String)>)>;

/// Every element's name and attributes (names lower-cased, values decoded, sorted).
fn elements(html: &str) -> Tags {
    let out: RefCell<Tags> = RefCell::new(Vec::new());
    let settings = RewriteStrSettings::new().append_element_content_handler(element!("*", |el: &mut Element<'_, '_>| {
        let mut attrs: Vec<(String, String)> =
            el.attributes().iter().map(|a| (a.name(), decode_attr_or_text(&a.value(), &Full).into_owned())).collect();
        // The first of duplicated attributes wins, as in the DOM.
        let mut seen: Vec<String> = Vec::new();
        attrs.retain(|(n, _)| {
            if seen.contains(n) {
                false
            } else {
                seen.push(n.clone());
                true
            }
        });
        attrs.sort();
        out.borrow_mut().push((el.tag_name(), attrs));
        Ok(())
    }));
    lol_rewrite(html, settings).expect("parse");
    out.into_inner()
}

fn runtime(html: &str) -> String {
    let c = Classifier::builtin();
    let consent = Consent::undecided();
    let none = |_: &str| None;
    let ctx = markup::context(&c, &consent, Base::https(""), &none, &Full);
    markup::rewrite(html, &ctx).unwrap_or_else(|| html.to_string())
}

#[test]
fn both_rewriters_give_the_same_held_form() {
    let site = Site::new("", None).expect("site");
    let mut held = 0;
    for tag in CORPUS {
        let (build, stats) = rewrite_str(&site, &Options::default(), tag).expect("rewrite");
        held += stats.held;
        let run = runtime(tag);
        assert_eq!(elements(&build), elements(&run), "\n  input:   {tag}\n  lol_html: {build}\n  markup:   {run}");
    }
    assert!(held >= CORPUS.len() - 4, "the corpus is mostly vendor tags, held {held}");
}

#[test]
fn a_value_moved_to_data_keeps_its_source_text() {
    let site = Site::new("", None).expect("site");
    let tag = r#"<img src='https://bat.bing.com/action/0?a=1&amp;b="2"&c=3'>"#;
    let (out, _) = rewrite_str(&site, &Options::default(), tag).expect("rewrite");
    assert_eq!(
        out,
        r#"<img data-src="https://bat.bing.com/action/0?a=1&amp;b=&quot;2&quot;&c=3" data-category="marketing" data-vendor="microsoft-uet">"#
    );
}
