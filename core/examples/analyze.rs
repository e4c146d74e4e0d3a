//! Reads an analysis request (JSON) on standard input and prints the analysis.
use std::io::Read;

fn main() {
    let mut input = String::new();
    if std::io::stdin().read_to_string(&mut input).is_err() {
        std::process::exit(2);
    }
    let analysis = oidc_trust::analyze_json(&input);
    let out = serde_json::to_string_pretty(&analysis).unwrap_or_default();
    #[expect(clippy::print_stdout, reason = "the example's output")]
    {
        println!("{out}");
    }
}
