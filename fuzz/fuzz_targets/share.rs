//! The playground's share-link decoding (`web/src/share.rs`): any fragment, and any bytes
//! behind the `v1=` prefix; a link that decodes is encoded again and must decode the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_trust_web::share;

fuzz_target!(|data: &[u8]| {
    let (text, _) = oidc_trust_fuzz::parts::<1>(data);
    let _ = share::decode(&text);
    let link = format!("#{}{}", share::PREFIX, share::base64url(data));
    if let Ok(Some(inputs)) = share::decode(&link) {
        let again = share::encode(&inputs, true);
        let decoded = share::decode(&again);
        assert!(
            matches!(decoded, Ok(Some(_))),
            "a link we wrote does not decode: {again}"
        );
    }
});
