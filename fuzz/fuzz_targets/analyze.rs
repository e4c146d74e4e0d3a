//! Fuzzes every public entry point: the whole analysis, decoding, policy parsing, lints,
//! generation. The input is used whole (as a request) and split at `\u{1}` into a token, a
//! policy text and a free string, so the fuzzer reaches deep into each part.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // 1. The input as a whole request.
    let _ = oidc_trust::analyze_json(&text);
    // 2. Split at the first two NUL-free separators into token | policy | subject-ish.
    let mut parts = text.splitn(3, '\u{1}');
    let token = parts.next().unwrap_or_default();
    let policy = parts.next().unwrap_or_default();
    let extra = parts.next().unwrap_or_default();
    let providers = vec![
        oidc_trust::ProviderConfig::new(
            "token.actions.githubusercontent.com",
            &["sts.amazonaws.com", extra],
        ),
        oidc_trust::ProviderConfig::new(extra, &[extra]),
    ];
    let mut req = oidc_trust::Request::new(token, policy, providers, 1_790_000_000);
    let analysis = oidc_trust::analyze(&req);
    let _ = serde_json::to_string(&analysis);
    // 3. The token's claims with the policy, so policy evaluation is reached often.
    req.token = None;
    req.claims = Some(serde_json::json!({
        "iss": "https://token.actions.githubusercontent.com", "aud": "sts.amazonaws.com",
        "sub": extra, "exp": 1_790_000_000i64, "amr": [token, extra],
        "https://aws.amazon.com/tags": {"principal_tags": {"t": [extra]}}
    }));
    let _ = oidc_trust::analyze(&req);
    let _ = oidc_trust::decode(token);
    let _ = oidc_trust::parse_policy(policy);
    // 4. The other public entry points: lints, generation, module rendering.
    let _ = oidc_trust::lint_policy(policy, Some(extra));
    let _ = oidc_trust::api::lint_json(&text);
    let _ = oidc_trust::api::generate_json(&text);
    let _ = oidc_trust::api::render_module_json(&text);
    for scope in ["thisRef", "tagPattern", "environment", "repository"] {
        let generate = serde_json::json!({"token": token, "scope": scope, "tagPattern": extra, "environment": extra});
        let _ = oidc_trust::api::generate_json(&generate.to_string());
    }
});
