//! The playground's share-link decoding (`web/src/share.rs`): any fragment, and any bytes
//! behind the `v2=` (deflated) and `v1=` (plain) prefixes; a link that decodes is written
//! again, both ways, and must decode to the same inputs (the token without its signature).
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_trust_web::share;

fuzz_target!(|data: &[u8]| {
    let (text, _) = oidc_trust_fuzz::parts::<1>(data);
    let _ = share::decode(&text);
    let encoded = share::base64url(data);
    for link in [
        format!("#{}{encoded}", share::PREFIX),
        format!("#{}{encoded}", share::PREFIX_V1),
    ] {
        let Ok(Some(inputs)) = share::decode(&link) else {
            continue;
        };
        let json = share::json(&inputs, true);
        let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6);
        let first = share::decode(&share::fragment(&deflated));
        let second = share::decode(&share::fragment_v1(&json));
        assert!(
            matches!(&first, Ok(Some(_))) && first == second,
            "a link we wrote does not decode the same: {json}"
        );
    }
});
