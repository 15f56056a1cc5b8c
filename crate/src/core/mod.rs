//! The pure core: everything that can be decided without a browser.
//!
//! Nothing here imports `wasm_bindgen`, `js_sys` or `web_sys`, and nothing
//! here may panic on any input: no `unwrap`, no unchecked indexing or slicing.

#[allow(unused_imports)]
use crate::prelude::*;

pub mod category;
pub mod charref;
pub mod checksum;
pub mod classify;
pub mod config;
pub mod consent;
pub mod consentmode;
pub mod cookies;
pub mod details;
pub mod guard;
pub mod hold;
pub mod hostindex;
pub mod json;
pub mod markup;
pub mod nesting;
pub mod projection;
pub mod receipt;
pub mod record;
pub mod retention;
pub mod rules;
pub mod site;
pub mod table;
pub mod text;
pub mod url;
pub mod vendors;
