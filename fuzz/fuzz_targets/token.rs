//! Token decoding: `decode` (compact JWS or claims JSON, with pasting noise), base64url, and
//! the analysis's token stage over the same text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, [first, _]) = oidc_trust_fuzz::parts::<2>(data);
    if let Ok(token) = oidc_trust::decode(&text) {
        let _ = serde_json::to_string(&token.claims.to_map());
    }
    let _ = oidc_trust::token::base64url_decode(&text);
    let _ = oidc_trust::token::base64url_encode(data);
    // The input's bytes as a token's segments: a JWS whose payload the fuzzer writes.
    let jws = format!(
        "{}.{}.c2ln",
        oidc_trust::token::base64url_encode(first.as_bytes()),
        oidc_trust::token::base64url_encode(data)
    );
    let _ = oidc_trust::decode(&jws);
    let request = oidc_trust::Request::new(
        &jws,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity"}]}"#,
        vec![],
        1_790_000_000,
    );
    let _ = oidc_trust::analyze(&request);
    let _ = serde_json::to_string(&oidc_trust::api::decode_token(&text));
});
