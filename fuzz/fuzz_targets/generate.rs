//! Policy generation: `generate_json` for each scope and subject form, from a token or
//! from claims, and `render_module_json` (the terraform-aws-signing-kms module's policy).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, [token, extra, account]) = oidc_trust_fuzz::parts::<3>(data);
    let _ = oidc_trust::api::generate_json(&text);
    let _ = oidc_trust::api::render_module_json(&text);
    let claims: Option<serde_json::Value> = serde_json::from_str(&token).ok();
    for scope in ["thisRef", "tagPattern", "environment", "repository"] {
        for form in ["asToken", "immutable", "classic"] {
            let mut request = serde_json::json!({
                "scope": scope, "subjectForm": form, "tagPattern": extra,
                "environment": extra, "account": account,
            });
            match &claims {
                Some(c @ serde_json::Value::Object(_)) => request["claims"] = c.clone(),
                _ => request["token"] = serde_json::Value::String(token.clone()),
            }
            let _ = oidc_trust::api::generate_json(&request.to_string());
        }
    }
    let module = serde_json::json!({
        "oidcIssuerHost": token, "oidcAudience": extra,
        "ciSubjectFilters": [extra, account], "account": account,
    });
    let _ = oidc_trust::api::render_module_json(&module.to_string());
});
