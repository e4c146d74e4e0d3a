//! Time: `time::parse` (what the CLI's `--now`, the playground's time box and the Date
//! operators read), and the formatters over any instant, with the Date operators reached
//! through a policy on `aws:CurrentTime`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, [value, now]) = oidc_trust_fuzz::parts::<2>(data);
    let parsed = oidc_trust::time::parse(&text);
    if let Some(t) = parsed {
        let _ = (oidc_trust::time::utc(t), oidc_trust::time::iso(t));
        let _ = oidc_trust::time::relative(t, 1_790_000_000);
        let _ = oidc_trust::time::duration(t);
    }
    if let Some(bytes) = data.get(..8) {
        let mut raw = [0u8; 8];
        raw.copy_from_slice(bytes);
        let t = i64::from_le_bytes(raw);
        let _ = (oidc_trust::time::utc(t), oidc_trust::time::iso(t));
        let _ = (
            oidc_trust::time::relative(t, -t),
            oidc_trust::time::duration(t),
        );
    }
    let now = oidc_trust::time::parse(&now).unwrap_or(1_790_000_000);
    for op in [
        "DateEquals",
        "DateLessThan",
        "DateGreaterThanEquals",
        "DateNotEqualsIfExists",
    ] {
        let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {op: {"aws:CurrentTime": value, "aws:EpochTime": value}},
        }]});
        let claims = serde_json::json!({
            "iss": "https://example.com", "aud": "a", "sub": "s", "exp": now.saturating_add(60),
        });
        let request = oidc_trust::Request {
            claims: Some(claims),
            policy: Some(policy),
            now,
            ..oidc_trust::Request::default()
        };
        let _ = oidc_trust::analyze(&request);
    }
});
