//! Google Cloud: `analyze_any_json` with `target: gcp` (a pool provider and an IAM policy,
//! JSON or text, so CEL mapping and condition parsing and evaluation are reached),
//! `lint_gcp_json` and `generate_gcp_json`, on the whole input and on requests built from its
//! parts `token | provider | policy-or-free-string`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_trust::api::{analyze_any_json, generate_gcp_json, lint_gcp_json};
use oidc_trust_fuzz::{Part, analyze_any, config_request, parts, requests};

fuzz_target!(|data: &[u8]| {
    let (text, _) = parts::<1>(data);
    let _ = analyze_any_json(&text);
    let _ = lint_gcp_json(&text);
    let _ = generate_gcp_json(&text);
    let target = ("target", Part::Fixed("gcp"));
    analyze_any(&requests(
        data,
        &[target, ("provider", Part::Config), ("policy", Part::Extra)],
        &[],
    ));
    analyze_any(&requests(
        data,
        &[target, ("provider", Part::Config)],
        &["role", "audience"],
    ));
    let fields = [("provider", Part::Config), ("policy", Part::Extra)];
    let _ = lint_gcp_json(&config_request(data, &fields));
    for request in requests(data, &[], &["providerName", "scope"]) {
        let _ = generate_gcp_json(&request);
    }
});
