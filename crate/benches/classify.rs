//! Per-URL classification cost, native (criterion): with the full built-in
//! table, and with synthetic tables from 100 to 10,000 hosts to show that
//! the cost does not grow with the table. Run by `./scripts/bench.sh`.

use consentry::core::classify::Classifier;
use consentry::core::hostindex::{HostSpec, OwnedIndex};
use consentry::core::url::{self, Base, Parsed};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

const BASE: Base<'static> = Base::https("www.shop.example");

/// A realistic mix: vendor URLs from the table's test data, first-party and
/// unknown third-party URLs, in equal parts.
fn urls() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tracker-urls.tsv")).unwrap_or_default();
    let mut out: Vec<String> =
        text.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split('\t').next()).map(str::to_string).collect();
    let n = out.len();
    for i in 0..n {
        out.push(format!("/assets/app.{i}.js?v=3"));
        out.push(format!("https://cdn{}.static-content.example/lib/v{i}/bundle.min.js", i % 7));
    }
    out
}

fn synthetic(n: usize) -> (OwnedIndex, Vec<String>) {
    let specs: Vec<HostSpec> =
        (0..n).map(|i| HostSpec { host: format!("t{i}.tracker{}.example", i % 97), vendor: (i % 400) as u16, rules: Vec::new() }).collect();
    let index = OwnedIndex::build(&specs).unwrap_or_default();
    let mut urls = Vec::new();
    for i in 0..200 {
        urls.push(format!("https://px.t{}.tracker{}.example/collect?id={i}", (i * 37) % n, ((i * 37) % n) % 97));
        urls.push(format!("https://cdn.site-{i}.example/app.js"));
    }
    (index, urls)
}

fn builtin(c: &mut Criterion) {
    let classifier = Classifier::builtin();
    let urls = urls();
    let mut g = c.benchmark_group("classify");
    g.throughput(Throughput::Elements(urls.len() as u64));
    g.bench_function("builtin-table", |b| {
        b.iter(|| {
            let mut hits = 0usize;
            for u in &urls {
                if classifier.classify(black_box(u), BASE).vendor().is_some() {
                    hits += 1;
                }
            }
            hits
        })
    });
    g.finish();
}

fn growth(c: &mut Criterion) {
    let mut g = c.benchmark_group("table-size");
    for n in [100usize, 1_000, 10_000] {
        let (index, urls) = synthetic(n);
        let view = index.view();
        g.throughput(Throughput::Elements(urls.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                let mut hits = 0usize;
                for u in &urls {
                    if let Parsed::Network(p) = url::parse(black_box(u), BASE) {
                        if !matches!(view.lookup(&p.host, &p.path, &p.query), consentry::core::hostindex::Hit::None) {
                            hits += 1;
                        }
                    }
                }
                hits
            })
        });
    }
    g.finish();
}

criterion_group!(benches, builtin, growth);
criterion_main!(benches);
