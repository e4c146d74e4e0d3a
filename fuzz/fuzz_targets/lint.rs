//! `lint_policy` (every lint, for each kind of issuer) and the JSON entry point `lint_json`.
#![no_main]

use libfuzzer_sys::fuzz_target;

const ISSUERS: [Option<&str>; 6] = [
    None,
    Some("token.actions.githubusercontent.com"),
    Some("https://gitlab.com"),
    Some("accounts.google.com"),
    Some("cognito-identity.amazonaws.com"),
    Some("oidc.eks.us-east-1.amazonaws.com/id/ABC"),
];

fuzz_target!(|data: &[u8]| {
    let (text, [policy, issuer]) = oidc_trust_fuzz::parts::<2>(data);
    for i in ISSUERS {
        let _ = oidc_trust::lint_policy(&text, i);
    }
    let _ = oidc_trust::lint_policy(&policy, Some(&issuer));
    let _ = oidc_trust::api::lint_json(&text);
    let request = serde_json::json!({"policy": policy, "issuer": issuer});
    let _ = oidc_trust::api::lint_json(&request.to_string());
});
