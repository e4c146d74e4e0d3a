//! Share links: the inputs in the URL fragment, which browsers never send to a server:
//! `#v2=<base64url of the raw-DEFLATE (RFC 1951) of their JSON>`, about half the length of
//! `#v1=<base64url JSON>` (which still opens). The token goes in only when asked, and then
//! without its signature, so a shared link cannot be replayed against AWS.

use crate::inputs::{Inputs, strip_signature};

/// The fragment prefix of a share link (after `#`).
pub const PREFIX: &str = "v2=";

/// The prefix of the links the page wrote before they were compressed.
pub const PREFIX_V1: &str = "v1=";

/// The most a link's JSON may inflate to (a link is never near this; a crafted one stops
/// here instead of filling the memory).
const MAX_JSON: usize = 4 * 1024 * 1024;

/// Encodes bytes as unpadded base64url (the core's, shared with token decoding).
pub use oidc_trust::token::base64url_encode as base64url;

/// Decodes base64url; `None` on any other character.
pub use oidc_trust::token::base64url_decode as unbase64url;

/// The JSON a link carries: the serde form of [`Inputs`] (the same since `v1`), without
/// the token unless asked.
pub fn json(inputs: &Inputs, include_token: bool) -> String {
    let shared = Inputs {
        token: if include_token {
            strip_signature(&inputs.token)
        } else {
            String::new()
        },
        ..inputs.clone()
    };
    serde_json::to_string(&shared).unwrap_or_default()
}

/// The fragment (without `#`) for a link's JSON compressed with raw DEFLATE (the page
/// compresses with the browser's `CompressionStream("deflate-raw")`, which costs the wasm
/// no encoder).
pub fn fragment(deflated: &[u8]) -> String {
    format!("{PREFIX}{}", base64url(deflated))
}

/// The uncompressed fragment for a link's JSON, for a browser without `CompressionStream`.
pub fn fragment_v1(json: &str) -> String {
    format!("{PREFIX_V1}{}", base64url(json.as_bytes()))
}

/// Reads a fragment (with or without `#`). `Ok(None)` when it is not a share link at all.
pub fn decode(fragment: &str) -> Result<Option<Inputs>, String> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    let bytes = if let Some(data) = f.strip_prefix(PREFIX) {
        let packed = unbase64url(data).ok_or("the link is damaged (not base64url)")?;
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON)
            .map_err(|_| "the link is damaged (its data does not inflate)".to_owned())?
    } else if let Some(data) = f.strip_prefix(PREFIX_V1) {
        unbase64url(data).ok_or("the link is damaged (not base64url)")?
    } else {
        return Ok(None);
    };
    // Read as text, like the saved inputs and the hand-over (`from_str`): one reader type,
    // so the wasm has one copy of the inputs' deserializer, not two (3.8 KB gzip).
    let text =
        String::from_utf8(bytes).map_err(|_| "the link is damaged (its JSON is not UTF-8)")?;
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("the link is damaged (not the expected JSON: {e})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::TimeMode;

    /// What the page writes: the JSON deflated (here by miniz; in the page by the browser).
    fn encode(inputs: &Inputs, include_token: bool) -> String {
        let json = json(inputs, include_token);
        fragment(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9))
    }

    #[test]
    #[cfg(feature = "targets")]
    fn links_carry_the_target_and_old_ones_open_as_aws() {
        let inputs = crate::examples::find("vault-github-accepted")
            .unwrap()
            .inputs();
        let link = encode(&inputs, false);
        let read = decode(&link).unwrap().unwrap();
        assert_eq!(read.target, oidc_trust::api::Target::Vault);
        assert_eq!(read.configs, inputs.configs);
        assert_eq!(read.token, "");
        // A link written before there were targets (`#v1=`, no `target`) opens as AWS.
        let old = fragment_v1(r#"{"policy":"{}","time":"iat"}"#);
        let read = decode(&old).unwrap().unwrap();
        assert_eq!(read.target, oidc_trust::api::Target::Aws);
        assert!(read.configs.is_empty());
        // And AWS's links stay as they were: no `target`, no `configs`.
        let aws = crate::examples::find("github-tag-release")
            .unwrap()
            .inputs();
        assert!(!json(&aws, false).contains("target"));
    }

    #[test]
    fn base64url_round_trips() {
        for s in [
            "",
            "f",
            "fo",
            "foo",
            "foob",
            "fooba",
            "foobar",
            "é✓ü\u{1F600}",
        ] {
            let e = base64url(s.as_bytes());
            assert!(!e.contains('='));
            assert_eq!(unbase64url(&e).as_deref(), Some(s.as_bytes()), "{s}");
        }
        assert_eq!(base64url(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(unbase64url("Zm9v!"), None);
    }

    fn sample() -> Inputs {
        Inputs {
            example: "github-tag-release".to_owned(),
            token: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl".to_owned(),
            policy: "{\n  \"Version\": \"2012-10-17\" /* ü */\n}".to_owned(),
            issuer: "https://gitlab.com".to_owned(),
            client_ids: "a, b".to_owned(),
            account: "123456789012".to_owned(),
            time: TimeMode::At,
            at: "2026-09-21T14:13:20Z".to_owned(),
            ..Inputs::default()
        }
    }

    #[test]
    fn links_leave_the_token_out_by_default() {
        let inputs = sample();
        let link = encode(&inputs, false);
        assert!(link.starts_with(PREFIX));
        let back = decode(&format!("#{link}")).unwrap().unwrap();
        assert_eq!(back.token, "");
        assert_eq!(
            back,
            Inputs {
                token: String::new(),
                ..inputs
            }
        );
    }

    #[test]
    fn links_carry_the_token_without_its_signature_when_asked() {
        let inputs = sample();
        let back = decode(&encode(&inputs, true)).unwrap().unwrap();
        assert_eq!(back.token, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.");
        assert_eq!(back.policy, inputs.policy);
    }

    /// Links written by the page before [`Inputs`] became the share format (it had a twin
    /// struct then): they still open, and the page still writes them byte for byte.
    const OLD_LINK: &str = "v1=eyJleGFtcGxlIjoiZ2l0aHViLXRhZy1yZWxlYXNlIiwicG9saWN5Ijoie1xuICBcIlZlcnNpb25cIjogXCIyMDEyLTEwLTE3XCIgLyogw7wgKi9cbn0iLCJpc3N1ZXIiOiJodHRwczovL2dpdGxhYi5jb20iLCJjbGllbnRJZHMiOiJhLCBiIiwiYWNjb3VudCI6IjEyMzQ1Njc4OTAxMiIsInRpbWUiOiJhdCIsImF0IjoiMjAyNi0wOS0yMVQxNDoxMzoyMFoifQ";
    const OLD_LINK_WITH_TOKEN: &str = "v1=eyJleGFtcGxlIjoiZ2l0aHViLXRhZy1yZWxlYXNlIiwidG9rZW4iOiJleUpoYkdjaU9pSlNVekkxTmlKOS5leUp6ZFdJaU9pSjRJbjAuIiwicG9saWN5Ijoie1xuICBcIlZlcnNpb25cIjogXCIyMDEyLTEwLTE3XCIgLyogw7wgKi9cbn0iLCJpc3N1ZXIiOiJodHRwczovL2dpdGxhYi5jb20iLCJjbGllbnRJZHMiOiJhLCBiIiwiYWNjb3VudCI6IjEyMzQ1Njc4OTAxMiIsInRpbWUiOiJhdCIsImF0IjoiMjAyNi0wOS0yMVQxNDoxMzoyMFoifQ";
    const OLD_LINK_MINIMAL: &str = "v1=eyJwb2xpY3kiOiJ7fSIsInRpbWUiOiJpYXQifQ";

    #[test]
    fn old_links_still_open_and_the_format_is_unchanged() {
        let inputs = sample();
        let without_token = Inputs {
            token: String::new(),
            ..inputs.clone()
        };
        assert_eq!(decode(OLD_LINK).unwrap(), Some(without_token));
        let with_token = Inputs {
            token: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.".to_owned(),
            ..inputs.clone()
        };
        assert_eq!(decode(OLD_LINK_WITH_TOKEN).unwrap(), Some(with_token));
        let minimal = Inputs {
            policy: "{}".to_owned(),
            ..Inputs::default()
        };
        assert_eq!(decode(OLD_LINK_MINIMAL).unwrap(), Some(minimal.clone()));
        // The JSON inside is unchanged: a v1 link is the same JSON, uncompressed.
        assert_eq!(fragment_v1(&json(&inputs, false)), OLD_LINK);
        assert_eq!(fragment_v1(&json(&inputs, true)), OLD_LINK_WITH_TOKEN);
        assert_eq!(fragment_v1(&json(&minimal, false)), OLD_LINK_MINIMAL);
    }

    #[test]
    fn links_are_compressed() {
        let inputs = crate::examples::first().inputs();
        let v2 = encode(&inputs, false);
        let v1 = fragment_v1(&json(&inputs, false));
        assert!(v2.starts_with("v2="));
        // The first example: 434 characters against 855.
        assert!(
            v2.len() * 100 < v1.len() * 55,
            "{} against {}",
            v2.len(),
            v1.len()
        );
        assert_eq!(decode(&v2).unwrap(), decode(&v1).unwrap());
    }

    #[test]
    fn other_fragments_are_not_links_and_damaged_links_say_so() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#main"), Ok(None));
        assert!(decode("#v1=@@").is_err());
        assert!(decode("#v2=@@").is_err());
        assert!(decode(&format!("#v1={}", base64url(b"[1,2]"))).is_err());
        assert_eq!(
            decode(&format!("#v1={}", base64url(b"{\"policy\":\"\xff\"}"))),
            Err("the link is damaged (its JSON is not UTF-8)".to_owned())
        );
        assert_eq!(
            decode(&format!("#v2={}", base64url(b"not deflate"))),
            Err("the link is damaged (its data does not inflate)".to_owned())
        );
        // A link that inflates past the limit is refused, not inflated.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_JSON + 1], 9);
        assert!(decode(&format!("v2={}", base64url(&bomb))).is_err());
        // Unknown fields are ignored (links from a newer page still open).
        let newer = base64url(br#"{"policy":"{}","future":true}"#);
        assert_eq!(
            decode(&format!("v1={newer}")).unwrap().unwrap().policy,
            "{}"
        );
    }
}
