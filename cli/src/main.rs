//! The `oidc-trust` binary.

// `scan` parses and lints thousands of policies; the core allocates a lot of small strings,
// and mimalloc roughly halves what that costs against the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = oidc_trust_cli::run(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
