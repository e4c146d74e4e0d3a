//! The `oidc-trust` binary.

fn main() {
    let code = oidc_trust_cli::run(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
