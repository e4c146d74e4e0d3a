//! Trusted publishing: `analyze_any_json` with `target: publishing` (publishers of PyPI,
//! crates.io and npm, JSON or text), `lint_publishing_json` and `generate_publishing_json`,
//! on the whole input and on requests built from its parts `token | publishers | registry`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_trust::api::{analyze_any_json, generate_publishing_json, lint_publishing_json};
use oidc_trust_fuzz::{Part, analyze_any, config_request, parts, requests};

const REGISTRIES: [&str; 3] = ["pypi", "crates.io", "npm"];

fuzz_target!(|data: &[u8]| {
    let (text, _) = parts::<1>(data);
    let _ = analyze_any_json(&text);
    let _ = lint_publishing_json(&text);
    let _ = generate_publishing_json(&text);
    let target = ("target", Part::Fixed("publishing"));
    analyze_any(&requests(
        data,
        &[target, ("publishers", Part::Config)],
        &["registry"],
    ));
    for registry in REGISTRIES {
        let registry = ("registry", Part::Fixed(registry));
        analyze_any(&requests(
            data,
            &[target, registry, ("publishers", Part::Config)],
            &[],
        ));
        let fields = [registry, ("publishers", Part::Config)];
        let _ = lint_publishing_json(&config_request(data, &fields));
        // The `now` the generator's requests carry is the one it checks at.
        for request in requests(data, &[registry], &["package"]) {
            let _ = generate_publishing_json(&request);
        }
    }
});
