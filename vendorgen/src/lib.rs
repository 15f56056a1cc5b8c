//! The vendor pipeline: regenerates `crate/vendors/generated/` from pinned,
//! openly licensed facts and the hand review, and says what changed.
//!
//! - [`sources`] reads the pinned data: HTTP Archive's `third-party-web`
//!   (MIT, the npm package at the version `package.json` pins) and the Open
//!   Cookie Database (Apache-2.0, a copy in `vendorgen/sources/`).
//! - [`mapping`] turns a third-party-web category into Consentry's
//!   categories, with the note each generated vendor carries.
//! - [`review`] reads `vendorgen/review.toml`: the decisions people made
//!   (skip, re-categorise, pin an id, split a shared host, link a policy).
//!   Generation never writes it, so a regeneration loses none of it.
//! - [`hand`] reads the hand-written vendor files (`crate/vendors/*.toml`),
//!   which always win: an entity one of them covers is not generated again.
//! - [`generate`] joins the three; [`render`] writes the files; [`changes`]
//!   compares them with what is on disk; [`coverage`] measures the table
//!   against third-party-web's tracking categories.

pub mod changes;
pub mod cookies;
pub mod coverage;
pub mod error;
pub mod generate;
pub mod hand;
pub mod mapping;
pub mod render;
pub mod review;
pub mod sources;

use std::path::{Path, PathBuf};

/// Where the pipeline reads and writes, relative to the repository root.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The repository root.
    pub root: PathBuf,
}

impl Layout {
    /// The repository this crate is part of.
    pub fn repository() -> Layout {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        Layout { root: here.parent().unwrap_or(here).to_path_buf() }
    }
    /// The hand-written vendor files.
    pub fn hand_dir(&self) -> PathBuf {
        self.root.join("crate").join("vendors")
    }
    /// The generated vendor files.
    pub fn generated_dir(&self) -> PathBuf {
        self.hand_dir().join("generated")
    }
    /// The hand review.
    pub fn review(&self) -> PathBuf {
        self.root.join("vendorgen").join("review.toml")
    }
    /// The Open Cookie Database copy.
    pub fn ocd(&self) -> PathBuf {
        self.root.join("vendorgen").join("sources").join("open-cookie-database.csv")
    }
    /// The installed third-party-web package.
    pub fn tpw_dir(&self) -> PathBuf {
        self.root.join("node_modules").join("third-party-web")
    }
    /// The npm manifest that pins third-party-web.
    pub fn package_json(&self) -> PathBuf {
        self.root.join("package.json")
    }
}
