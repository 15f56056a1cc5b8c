//! Streaming: a large document is rewritten chunk by chunk with bounded
//! memory. The input is generated on the fly and the output checked on the
//! fly (neither is ever held whole); a counting allocator measures the heap
//! the rewrite uses.

use consentry_rewriter::{rewrite, Options, Site};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = NOW.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        NOW.fetch_sub(l.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static A: Counting = Counting;

/// One block of page: a paragraph, a vendor script, a first-party image, a
/// vendor frame.
const BLOCK: &str = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\n<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-1\"></script>\n<img src=\"/img/photo.jpg\" alt=\"photo\">\n<iframe src=\"https://www.youtube.com/embed/x\" title=\"video\"></iframe>\n";

/// Generates `blocks` blocks, read in whatever sizes the reader asks.
struct Page {
    blocks: usize,
    pos: usize,
}

impl Read for Page {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let total = BLOCK.len() * self.blocks;
        let mut n = 0;
        while n < buf.len() && self.pos < total {
            let i = self.pos % BLOCK.len();
            let take = (BLOCK.len() - i).min(buf.len() - n).min(total - self.pos);
            buf[n..n + take].copy_from_slice(&BLOCK.as_bytes()[i..i + take]);
            n += take;
            self.pos += take;
        }
        Ok(n)
    }
}

/// Counts the occurrences of a pattern in a stream written in pieces,
/// keeping only the last `pattern.len() - 1` bytes between pieces (so no
/// occurrence is missed at a boundary or counted twice).
struct Counter {
    pattern: &'static [u8],
    tail: Vec<u8>,
    count: usize,
}

impl Counter {
    fn new(pattern: &'static str) -> Counter {
        Counter { pattern: pattern.as_bytes(), tail: Vec::new(), count: 0 }
    }

    fn feed(&mut self, b: &[u8]) {
        let mut window = std::mem::take(&mut self.tail);
        window.extend_from_slice(b);
        self.count += window.windows(self.pattern.len()).filter(|w| *w == self.pattern).count();
        let keep = window.len().saturating_sub(self.pattern.len() - 1);
        self.tail = window.split_off(keep);
    }
}

/// Counts output bytes and held tags, never holding the output.
struct Check {
    bytes: usize,
    scripts: Counter,
    frames: Counter,
}

impl Write for Check {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.bytes += b.len();
        self.scripts.feed(b);
        self.frames.feed(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_large_page_is_rewritten_in_constant_memory() {
    let site = Site::new("", None).expect("site");
    let blocks = 80_000; // about 22 MB
    let added_per_block = "type=\"text/plain\" data-category=\"analytics\" data-vendor=\"google-analytics\"".len()
        + 1
        + "data-".len()
        + "data-category=\"marketing\" data-vendor=\"youtube\"".len()
        + 1;
    let mut check = Check {
        bytes: 0,
        scripts: Counter::new("<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-1\" type=\"text/plain\" data-category=\"analytics\" data-vendor=\"google-analytics\"></script>"),
        frames: Counter::new("<iframe title=\"video\" data-src=\"https://www.youtube.com/embed/x\" data-category=\"marketing\" data-vendor=\"youtube\"></iframe>"),
    };
    let before = NOW.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let stats = rewrite(&site, &Options::default(), Page { blocks, pos: 0 }, &mut check).expect("rewrite");
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert_eq!(stats.held, 2 * blocks);
    assert_eq!(check.scripts.count, blocks);
    assert_eq!(check.frames.count, blocks);
    assert_eq!(check.bytes, (BLOCK.len() + added_per_block) * blocks);
    // The input is ~22 MB; the rewrite keeps one 64 KiB chunk and the tag being read.
    eprintln!("peak heap during the rewrite: {peak} bytes");
    assert!(peak < 2 << 20, "peak heap {peak} bytes for a {} byte page", BLOCK.len() * blocks);
}
