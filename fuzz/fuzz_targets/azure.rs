//! Microsoft Entra ID: `analyze_any_json` with `target: azure` (credentials in every shape the
//! reader takes: JSON or text), `lint_azure_json` and `generate_azure_json`, each on the whole
//! input and on requests built from its parts `token | credentials | extra`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_trust::api::{analyze_any_json, generate_azure_json, lint_azure_json};
use oidc_trust_fuzz::{Part, analyze_any, config_request, parts, requests};

fuzz_target!(|data: &[u8]| {
    let (text, _) = parts::<1>(data);
    let _ = analyze_any_json(&text);
    let _ = lint_azure_json(&text);
    let _ = generate_azure_json(&text);
    analyze_any(&requests(
        data,
        &[
            ("target", Part::Fixed("azure")),
            ("credentials", Part::Config),
        ],
        &[],
    ));
    let _ = lint_azure_json(&config_request(data, &[("credentials", Part::Config)]));
    for request in requests(data, &[], &["kind", "name"]) {
        let _ = generate_azure_json(&request);
    }
});
