//! How much of third-party-web's tracking categories the table recognises.

use crate::mapping::TRACKING;
use crate::sources::Entity;
use std::fmt::Write as _;

/// Figures for one category (or all of them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// third-party-web's category, or "all".
    pub category: String,
    /// Entities in it.
    pub entities: usize,
    /// Entities the table recognises.
    pub recognised: usize,
    /// Pages loading any of its entities (sum of occurrences).
    pub occurrences: u64,
    /// Of those, pages loading recognised ones.
    pub recognised_occurrences: u64,
}

impl Figures {
    /// Share of entities recognised, in percent.
    pub fn share(&self) -> f64 {
        percent(self.recognised as u64, self.entities as u64)
    }
    /// Share weighted by occurrence, in percent.
    pub fn weighted(&self) -> f64 {
        percent(self.recognised_occurrences, self.occurrences)
    }
}

fn percent(a: u64, b: u64) -> f64 {
    if b == 0 {
        100.0
    } else {
        a as f64 * 100.0 / b as f64
    }
}

/// Measures, per tracking category and in all. An entity is recognised when
/// `known` says the table holds a vendor for one of its hosts.
pub fn measure(entities: &[Entity], known: impl Fn(&str) -> bool) -> Vec<Figures> {
    let mut rows: Vec<Figures> = TRACKING.iter().map(|c| Figures { category: c.to_string(), ..Figures::default() }).collect();
    let mut all = Figures { category: "all".into(), ..Figures::default() };
    for e in entities {
        let Some(row) = rows.iter_mut().find(|r| r.category == e.category) else { continue };
        let hit = e.hosts().iter().any(|h| known(h));
        for f in [&mut *row, &mut all] {
            f.entities += 1;
            f.occurrences += e.occurrences();
            if hit {
                f.recognised += 1;
                f.recognised_occurrences += e.occurrences();
            }
        }
    }
    rows.push(all);
    rows
}

/// The figures as the README's Markdown table.
pub fn table(version: &str, rows: &[Figures]) -> String {
    let mut out = format!(
        "| third-party-web {version} category | entities | recognised | share | weighted by pages that load them |\n|---|---:|---:|---:|---:|\n"
    );
    for r in rows {
        let name = if r.category == "all" { "**all tracking categories**".to_string() } else { format!("`{}`", r.category) };
        let _ = writeln!(out, "| {name} | {} | {} | {:.1}% | {:.2}% |", r.entities, r.recognised, r.share(), r.weighted());
    }
    out
}
