//! `oidc-trust scan` at scale: a generated `get-account-authorization-details` export of
//! 10,000 roles against 100 tokens. Run with `cargo bench -p oidc-trust-cli --bench scan`.
#![allow(
    clippy::expect_used,
    reason = "benchmark set-up: a panic is a failed run"
)]

use std::hint::black_box;

// The same allocator as the `oidc-trust` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use oidc_trust_cli::input::Source;
use oidc_trust_cli::scan::{self, Index, synthetic};

const ROLES: usize = 10_000;
const TOKENS: usize = 100;

fn source(name: &str, text: String) -> Source {
    Source {
        name: name.to_owned(),
        path: None,
        text,
    }
}

fn bench(c: &mut Criterion) {
    let export_text = synthetic::export(ROLES);
    let tokens_text = synthetic::tokens(TOKENS);
    let export = scan::load(&source("export.json", export_text.clone())).expect("export");
    let tokens = scan::read_tokens(&source("tokens.json", tokens_text.clone()));
    let index = Index::build(&export.roles);

    let mut g = c.benchmark_group("scan");
    g.sample_size(10);
    g.bench_function("load 10k roles (parse + lint each policy)", |b| {
        b.iter(|| scan::load(black_box(&source("export.json", export_text.clone()))));
    });
    g.bench_function("index 10k roles", |b| {
        b.iter(|| Index::build(black_box(&export.roles)));
    });
    g.bench_function("blast radius of 100 tokens over 10k roles", |b| {
        b.iter(|| {
            for t in &tokens {
                let claims = t.claims.as_ref().expect("claims");
                black_box(
                    scan::blast_radius(
                        &export.roles,
                        &index,
                        claims,
                        &[],
                        1_790_000_000,
                        &scan::Rcps::default(),
                    )
                    .ok(),
                );
            }
        });
    });
    g.bench_function("end to end: load, index, 100 tokens", |b| {
        b.iter(|| {
            let export = scan::load(&source("export.json", export_text.clone())).expect("export");
            let index = Index::build(&export.roles);
            let tokens = scan::read_tokens(&source("tokens.json", tokens_text.clone()));
            for t in &tokens {
                let claims = t.claims.as_ref().expect("claims");
                black_box(
                    scan::blast_radius(
                        &export.roles,
                        &index,
                        claims,
                        &[],
                        1_790_000_000,
                        &scan::Rcps::default(),
                    )
                    .ok(),
                );
            }
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
