//! Share links: the inputs in the URL fragment (`#v1=<base64url JSON>`), which browsers
//! never send to a server. The token goes in only when asked, and then without its
//! signature, so a shared link cannot be replayed against AWS.

use serde::{Deserialize, Serialize};

use crate::state::{Inputs, TimeMode};

/// The fragment prefix of a share link (after `#`).
pub const PREFIX: &str = "v1=";

/// Encodes bytes as unpadded base64url (the core's, shared with token decoding).
pub use oidc_trust::token::base64url_encode as base64url;

/// Decodes base64url; `None` on any other character.
pub use oidc_trust::token::base64url_decode as unbase64url;

/// A compact JWT without its signature (`header.payload.`); other text unchanged.
pub fn strip_signature(token: &str) -> String {
    let t = token.trim();
    let mut parts = t.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(_), None) if !t.starts_with('{') => format!("{h}.{p}."),
        _ => token.to_owned(),
    }
}

/// Whether the token text carries a signature that [`strip_signature`] would remove.
pub fn has_signature(token: &str) -> bool {
    strip_signature(token) != token
}

/// What a share link holds. Field names are short but readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Shared {
    #[serde(skip_serializing_if = "String::is_empty")]
    example: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    token: String,
    policy: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    issuer: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    client_ids: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    account: String,
    time: TimeMode,
    #[serde(skip_serializing_if = "String::is_empty")]
    at: String,
}

/// The fragment (without `#`) for these inputs.
pub fn encode(inputs: &Inputs, include_token: bool) -> String {
    let shared = Shared {
        example: inputs.example.clone(),
        token: if include_token {
            strip_signature(&inputs.token)
        } else {
            String::new()
        },
        policy: inputs.policy.clone(),
        issuer: inputs.issuer.clone(),
        client_ids: inputs.client_ids.clone(),
        account: inputs.account.clone(),
        time: inputs.time,
        at: inputs.at.clone(),
    };
    let json = serde_json::to_string(&shared).unwrap_or_default();
    format!("{PREFIX}{}", base64url(json.as_bytes()))
}

/// Reads a fragment (with or without `#`). `Ok(None)` when it is not a share link at all.
pub fn decode(fragment: &str) -> Result<Option<Inputs>, String> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(data) = f.strip_prefix(PREFIX) else {
        return Ok(None);
    };
    let bytes = unbase64url(data).ok_or("the link is damaged (not base64url)")?;
    let shared: Shared = serde_json::from_slice(&bytes)
        .map_err(|e| format!("the link is damaged (not the expected JSON: {e})"))?;
    Ok(Some(Inputs {
        example: shared.example,
        token: shared.token,
        policy: shared.policy,
        issuer: shared.issuer,
        client_ids: shared.client_ids,
        account: shared.account,
        time: shared.time,
        at: shared.at,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn signatures_are_stripped() {
        assert_eq!(strip_signature("aaa.bbb.ccc"), "aaa.bbb.");
        assert_eq!(strip_signature(" aaa.bbb.ccc\n"), "aaa.bbb.");
        assert_eq!(strip_signature("aaa.bbb."), "aaa.bbb.");
        assert!(has_signature("aaa.bbb.ccc"));
        assert!(!has_signature("aaa.bbb."));
        let claims = r#"{"iss":"a.b.c"}"#;
        assert_eq!(strip_signature(claims), claims);
        assert_eq!(strip_signature("a.b"), "a.b");
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

    #[test]
    fn other_fragments_are_not_links_and_damaged_links_say_so() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#main"), Ok(None));
        assert!(decode("#v1=@@").is_err());
        assert!(decode(&format!("#v1={}", base64url(b"[1,2]"))).is_err());
        // Unknown fields are ignored (links from a newer page still open).
        let newer = base64url(br#"{"policy":"{}","future":true}"#);
        assert_eq!(
            decode(&format!("v1={newer}")).unwrap().unwrap().policy,
            "{}"
        );
    }
}
