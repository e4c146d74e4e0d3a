//! Writes the benchmark's generated export and tokens, to time the real binary:
//!
//! ```sh
//! cargo run --release -p oidc-trust-cli --example synthetic_export -- /tmp/scan 10000 100
//! time target/release/oidc-trust scan /tmp/scan/export.json --token /tmp/scan/tokens.json
//! ```

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".to_owned()));
    let roles = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let tokens = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join("export.json"),
        oidc_trust_cli::scan::synthetic::export(roles),
    )?;
    std::fs::write(
        dir.join("tokens.json"),
        oidc_trust_cli::scan::synthetic::tokens(tokens),
    )?;
    Ok(())
}
