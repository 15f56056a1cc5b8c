//! Character references: the decoder never panics; the blocker's short
//! table decodes as the full one whenever it settles a value; and the short
//! table with a platform tokenizer (here the full table standing in for the
//! browser's, as in `web::state::BrowserRefs`) always decodes as the full one.
#![no_main]
use consentry::core::charref::{decode_attr, short_then, Full, Named, NamedRefs, Short};
use libfuzzer_sys::fuzz_target;

struct BrowserLike;
impl NamedRefs for BrowserLike {
    fn longest(&self, s: &str) -> Named {
        short_then(s, &|r| decode_attr(&format!("&{r}"), &Full).ok().map(|c| c.into_owned()))
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let Ok(full) = decode_attr(s, &Full) else { panic!("the full table settles every value") };
    if let Ok(short) = decode_attr(s, &Short) {
        assert_eq!(short, full);
    }
    assert_eq!(decode_attr(s, &BrowserLike).ok(), Some(full));
});
