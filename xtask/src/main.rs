//! Project tasks: `cargo xtask <task>`. Every task installs what it needs first and says
//! what it is doing.
//!
//! - `test`: every check and test (what `.ci/run` runs).
//! - `serve [--port N]`: build the playground and serve it on 127.0.0.1.
//! - `bless`: rewrite the golden files from the current output.
//! - `package`: build the npm package into `wasm/pkg`.
//! - `npm-test`: build, pack and test the npm package only.
//! - `web-test`: build the playground and run its browser tests only.
//! - `bench`: run the benchmarks.
//! - `fuzz [TARGET...] [--minutes N | --seconds N]`: run the cargo-fuzz targets (nightly), one at a time.
//! - `differential [--cases N] [--seed S]`: compare decisions with iam-simulate on generated
//!   cases (100,000 by default; `test` runs 3,000).

mod fuzz;
mod npm;
mod setup;
mod sh;
mod test;
mod web;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test::run(),
        Some("serve") => web::serve(args.get(1..).unwrap_or_default()),
        Some("bless") => test::bless(),
        Some("package") => setup::wasm_tools().and_then(|()| npm::package().map(|_| ())),
        Some("npm-test") => setup::node()
            .and_then(|()| setup::wasm_tools())
            .and_then(|()| setup::chromium())
            .and_then(|()| npm::test()),
        Some("web-test") => setup::node()
            .and_then(|()| setup::wasm_tools())
            .and_then(|()| setup::chromium())
            .and_then(|()| web::test()),
        Some("bench") => test::bench(),
        Some("fuzz") => fuzz::run(args.get(1..).unwrap_or_default()),
        Some("differential") => setup::node()
            .and_then(|()| setup::wasm_tools())
            .and_then(|()| npm::differential(args.get(1..).unwrap_or_default())),
        _ => {
            sh::say(
                "usage: cargo xtask <test | serve [--port N] | bless | package | npm-test | web-test | bench | fuzz [TARGET...] [--minutes N | --seconds N] | differential [--cases N] [--seed S]>",
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            sh::say(&format!("xtask: {e}"));
            ExitCode::FAILURE
        }
    }
}
