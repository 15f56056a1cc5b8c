//! How a third-party-web category becomes Consentry's categories.
//!
//! The table below is the whole mapping; the README's vendor-table section
//! shows it, and `tests/mapping.rs` checks it. A category that is not here
//! (`utility`, `content`, `other`) is not generated: those entities are a mix
//! of what a site needs (payments, maps, search) and what it does not, and
//! holding one by mistake breaks a site, so each needs a person's decision
//! in the review. Web fonts sit in `cdn` in the data; the review holds them
//! as functional, the same choice as the hand-written `google-fonts`.

/// One row of the mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// third-party-web's category.
    pub source: &'static str,
    /// Consentry's categories for it (every one is needed).
    pub categories: &'static [&'static str],
    /// What the generated vendor's note says, in our words.
    pub why: &'static str,
}

/// The mapping, one row per third-party-web category that is generated.
pub const RULES: &[Rule] = &[
    Rule {
        source: "ad",
        categories: &["marketing"],
        why: "Advertising service: its tags and pixels serve, target or measure ads and can identify the visitor across sites. Held until marketing consent.",
    },
    Rule {
        source: "analytics",
        categories: &["analytics"],
        why: "Measurement service: it records visits and behaviour on the site, usually against an identifier it stores. Held until analytics consent.",
    },
    Rule {
        source: "social",
        categories: &["marketing"],
        why: "Social network widget or share button: loading it tells the network which page the visitor reads, whether or not they use it. Held until marketing consent.",
    },
    Rule {
        source: "marketing",
        categories: &["marketing"],
        why: "Marketing tool (audiences, campaigns, lead capture, affiliate tracking): it follows the visitor to target or attribute marketing. Held until marketing consent.",
    },
    Rule {
        source: "customer-success",
        categories: &["functional"],
        why: "Chat, help desk or feedback widget: a feature the visitor can use, which also sends page views and a visitor id to its provider. Held until functional consent.",
    },
    Rule {
        source: "video",
        categories: &["marketing"],
        why: "Embedded video player: its provider sees each view and may set tracking cookies for recommendations and ads. Held until marketing consent.",
    },
    Rule {
        source: "tag-manager",
        categories: &["functional"],
        why: "Tag manager: it loads further tags chosen by the site, each classified on its own when it loads. Held until functional consent, as the hand-written tag managers are.",
    },
    Rule {
        source: "consent-provider",
        categories: &["necessary"],
        why: "Consent management platform: it records the visitor's choices, which the site must do. Never held.",
    },
    Rule {
        source: "cdn",
        categories: &["necessary"],
        why: "Content delivery network or hosted library: sites load their own code and assets from it. Never held; listed so that scans know it.",
    },
    Rule {
        source: "hosting",
        categories: &["necessary"],
        why: "Hosting or cloud infrastructure that serves the site itself. Never held; listed so that scans know it.",
    },
];

/// third-party-web's categories of tracking services: the ones the coverage
/// figures are taken over.
pub const TRACKING: &[&str] = &["ad", "analytics", "social", "marketing", "customer-success", "video", "tag-manager"];

/// The rule for a third-party-web category, when it is generated.
pub fn rule(source: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.source == source)
}

/// An Open Cookie Database purpose as a Consentry category.
pub fn cookie_category(ocd: &str) -> Option<&'static str> {
    match ocd.trim().to_ascii_lowercase().as_str() {
        "marketing" => Some("marketing"),
        "analytics" => Some("analytics"),
        "functional" | "personalization" => Some("functional"),
        "security" | "necessary" => Some("necessary"),
        _ => None,
    }
}
