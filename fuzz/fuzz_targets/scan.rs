//! `scan`'s readers: the account export (three shapes, URL-encoded policies), the token
//! file, the providers file; then the prefilter index and the blast radius of each token.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_trust_cli::scan;

fuzz_target!(|data: &[u8]| {
    let (text, [export, tokens, providers]) = oidc_trust_fuzz::parts::<3>(data);
    let _ = scan::load(&oidc_trust_fuzz::source("export.json", &text));
    let _ = scan::providers::read(&oidc_trust_fuzz::source("providers.json", &providers));
    let Ok(export) = scan::load(&oidc_trust_fuzz::source("export.json", &export)) else {
        return;
    };
    let index = scan::Index::build(&export.roles);
    for token in scan::read_tokens(&oidc_trust_fuzz::source("tokens.txt", &tokens)) {
        if let Ok(claims) = token.claims.as_ref() {
            let _ = scan::blast_radius(
                &export.roles,
                &index,
                claims,
                &[],
                1_790_000_000,
                &scan::Rcps::default(),
            );
        }
    }
});
