//! Rewrite throughput: `consentry rewrite` (the library call the CLI makes,
//! without process start-up) over a realistic multi-megabyte page, against
//! `lol_html` passing the same input through unchanged (the floor: parsing
//! alone), and `lol_html` matching the same elements with a handler that does
//! nothing (parsing plus selector matching), in one run.
//!
//!     cargo bench -p consentry-rewriter --bench rewrite
//!
//! Criterion reports each as bytes per second of input.

use consentry_rewriter::{rewrite, Options, Site, SELECTOR};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lol_html::html_content::Element;
use lol_html::{element, HtmlRewriter, Settings};
use std::fmt::Write as _;
use std::hint::black_box;
use std::io::Write;

/// One article of a typical content page: navigation, text, first-party
/// images and scripts, an embed, the usual vendor tags (some already
/// tagged), and inline snippets. `i` varies ids and URLs.
fn block(out: &mut String, i: usize) {
    let _ = write!(
        out,
        r#"<article class="post" id="post-{i}">
<header><h2><a href="/posts/{i}/">Trail report {i}: ridge line, snow and a long descent</a></h2>
<p class="meta">By <a href="/authors/ann">Ann</a> &middot; <time datetime="2026-11-{d:02}">Nov {d}</time></p></header>
<img src="/img/posts/{i}/hero.jpg" srcset="/img/posts/{i}/hero@2x.jpg 2x" width="1200" height="600" alt="The ridge at dawn" loading="lazy">
<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.
Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. <em>Duis aute irure</em>
dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur.</p>
<ul><li><a href="/gear/jacket-{i}">Jacket</a></li><li><a href="/gear/boots-{i}">Boots</a></li><li><a href="https://maps.example.org/?q={i}">Map</a></li></ul>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-{i:08}"></script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag('js',new Date());gtag('config','G-{i:08}');</script>
<iframe width="560" height="315" src="https://www.youtube.com/embed/v{i}" title="Video {i}" allowfullscreen></iframe>
<p>Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.
<a href="https://www.example.org/partners/{i}" rel="noopener">Partner</a> &amp; <a href="/shop/?ref={i}">shop</a>.</p>
<img src="https://px.ads.linkedin.com/collect?pid={i}&amp;fmt=gif" height="1" width="1" style="display:none" alt="">
<script src="/js/comments.js" defer></script>
<script type="text/plain" data-category="marketing" src="https://connect.facebook.net/en_US/fbevents.js"></script>
<link rel="preload" as="image" href="/img/posts/{next}/hero.jpg">
<picture><source srcset="/img/posts/{i}/inline.webp" type="image/webp"><img src="/img/posts/{i}/inline.jpg" alt="Inline photo"></picture>
<table class="stats"><tr><th>Distance</th><td>{km} km</td></tr><tr><th>Ascent</th><td>{asc} m</td></tr></table>
<script src="https://bat.bing.com/bat.js"></script>
<footer><a href="/posts/{i}/#comments">Comments</a> <button type="button" data-share="{i}">Share</button></footer>
</article>
"#,
        d = i % 28 + 1,
        next = i + 1,
        km = 5 + i % 40,
        asc = 100 + (i * 37) % 1500,
    );
}

/// A page of about `target` bytes.
fn page(target: usize) -> Vec<u8> {
    let mut s = String::from("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Trail reports</title>\n<script src=\"/consentry.global.js\"></script>\n<link rel=\"stylesheet\" href=\"/css/site.css\">\n<link rel=\"stylesheet\" href=\"https://fonts.googleapis.com/css2?family=Inter\">\n</head>\n<body>\n<main>\n");
    let mut i = 0;
    while s.len() < target {
        block(&mut s, i);
        i += 1;
    }
    s.push_str("</main>\n</body>\n</html>\n");
    s.into_bytes()
}

/// Counts bytes written, keeping none.
struct Count(usize);

impl Write for Count {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0 += b.len();
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Feeds `input` to a `lol_html` rewriter in 64 KiB chunks, as the CLI does.
fn lol(input: &[u8], settings: Settings<'_, '_>) -> usize {
    let mut n = 0;
    let mut r = HtmlRewriter::new(settings, |c: &[u8]| n += c.len());
    for chunk in input.chunks(64 * 1024) {
        r.write(chunk).expect("write");
    }
    r.end().expect("end");
    n
}

fn bench(c: &mut Criterion) {
    let input = page(8 << 20);
    let site = Site::new("", None).expect("site");
    // Sanity: the corpus has vendor tags to hold, and the floor passes it through.
    let mut probe = Count(0);
    let stats = rewrite(&site, &Options::default(), &input[..], &mut probe).expect("rewrite");
    assert!(stats.held > 1000, "held {}", stats.held);
    assert_eq!(lol(&input, Settings::new()), input.len());
    eprintln!("corpus: {} bytes, {} tags held per rewrite", input.len(), stats.held);

    let mut g = c.benchmark_group("rewrite");
    g.throughput(Throughput::Bytes(input.len() as u64));
    g.sample_size(20);
    g.bench_function("lol_html passthrough (floor)", |b| b.iter(|| black_box(lol(black_box(&input), Settings::new().with_strict(false)))));
    g.bench_function("lol_html, same selector, no-op handler", |b| {
        b.iter(|| {
            black_box(lol(
                black_box(&input),
                Settings::new().with_strict(false).append_element_content_handler(element!(SELECTOR, |_el: &mut Element<'_, '_>| Ok(()))),
            ))
        })
    });
    g.bench_function("consentry rewrite", |b| {
        b.iter(|| {
            let mut out = Count(0);
            rewrite(&site, &Options::default(), black_box(&input[..]), &mut out).expect("rewrite");
            black_box(out.0)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
