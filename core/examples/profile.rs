//! Runs one analysis request (JSON on standard input) many times, for profilers:
//! `valgrind --tool=callgrind target/release/examples/profile < request.json`.
use std::io::Read;

fn main() {
    let mut input = String::new();
    if std::io::stdin().read_to_string(&mut input).is_err() {
        std::process::exit(2);
    }
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let mut accepted = 0;
    for _ in 0..n {
        accepted += usize::from(oidc_trust::analyze_json(std::hint::black_box(&input)).accepted);
    }
    std::process::exit(i32::from(accepted == 0));
}
