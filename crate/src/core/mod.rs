//! The pure core: everything that can be decided without a browser.
//!
//! Nothing here imports `wasm_bindgen`, `js_sys` or `web_sys`, and nothing
//! here may panic on any input: no `unwrap`, no unchecked indexing or slicing.

#[allow(unused_imports)]
use crate::prelude::*;

pub mod category;
pub mod classify;
pub mod hostindex;
pub mod retention;
pub mod table;
pub mod text;
pub mod url;
pub mod vendors;
pub mod consent;
pub mod hold;
pub mod record;
pub mod markup;
pub mod cookies;
pub mod json;
pub mod config;
pub mod i18n;
pub mod consentmode;
pub mod receipt;
pub mod site;
