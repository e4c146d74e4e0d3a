//! What the person typed or picked, and the one serde form of it that both share links and
//! localStorage use. A leaf module: everything else in the page builds on it.

use serde::{Deserialize, Serialize};

/// Which time the analysis runs at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum TimeMode {
    /// The token's `iat` (so pasted old tokens still make sense); now if it has none.
    #[default]
    Iat,
    /// The browser's clock.
    Now,
    /// A time the person typed.
    At,
}

/// Everything the person can type or pick.
///
/// Serialised as it is for share links (`#v1=`) and localStorage: camelCase names, empty
/// texts left out (`policy` and `time` always written), missing fields read as empty and
/// unknown ones ignored, so links and saved inputs from older or newer pages still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Inputs {
    /// The example these inputs came from, until edited.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub example: String,
    /// A compact JWT, or its claims as JSON.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub token: String,
    /// The role trust policy, as JSON text.
    pub policy: String,
    /// The IAM OIDC provider URL; empty means "the token's `iss`".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub issuer: String,
    /// The provider's client ids, separated by commas or new lines; empty means a default.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client_ids: String,
    /// The role's account id; empty means "from the policy's `Federated` ARN".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub account: String,
    /// Which evaluation time.
    pub time: TimeMode,
    /// The typed time for [`TimeMode::At`].
    #[serde(skip_serializing_if = "String::is_empty")]
    pub at: String,
}

impl Inputs {
    /// The inputs as stored in localStorage: the token without its signature.
    #[must_use]
    pub fn for_storage(&self) -> Self {
        Inputs {
            token: strip_signature(&self.token),
            ..self.clone()
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn saved_inputs_of_older_pages_still_read() {
        // localStorage used to hold every field, empty or not.
        let old = r#"{"example":"","token":"a.b.","policy":"{}","issuer":"","clientIds":"x","account":"","time":"now","at":""}"#;
        let inputs = Inputs {
            token: "a.b.".to_owned(),
            policy: "{}".to_owned(),
            client_ids: "x".to_owned(),
            time: TimeMode::Now,
            ..Inputs::default()
        };
        assert_eq!(serde_json::from_str::<Inputs>(old).unwrap(), inputs);
        let now = serde_json::to_string(&inputs).unwrap();
        assert_eq!(
            now,
            r#"{"token":"a.b.","policy":"{}","clientIds":"x","time":"now"}"#
        );
        assert_eq!(serde_json::from_str::<Inputs>(&now).unwrap(), inputs);
    }

    #[test]
    fn storage_drops_the_signature() {
        let i = Inputs {
            token: "aaa.bbb.ccc".to_owned(),
            ..Inputs::default()
        };
        assert_eq!(i.for_storage().token, "aaa.bbb.");
    }
}
