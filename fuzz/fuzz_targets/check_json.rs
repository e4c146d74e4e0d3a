//! The test kit's `check_json` (the npm package's `checkTrust`): the input as a check, and
//! as the token and policy of checks that expect each verdict.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, [token, policy, expect]) = oidc_trust_fuzz::parts::<3>(data);
    let _ = oidc_trust::testing::check_json(&text);
    for expect in [expect.as_str(), "accepted", "refused"] {
        let check = serde_json::json!({"token": token, "policy": policy, "expect": expect});
        let result = oidc_trust::testing::check_json(&check.to_string());
        let _ = serde_json::to_string(&result);
    }
});
