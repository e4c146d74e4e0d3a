//! What the person typed or picked, and the one serde form of it that both share links and
//! localStorage use. Everything else in the page builds on it (it uses only the table of
//! the other targets' boxes, [`crate::targets`]).

use oidc_trust::api::Target;
use oidc_trust::providers::IssuerKind;
use serde::{Deserialize, Serialize};

use crate::targets::{ConfigDoc, Configs};

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

/// How the role trusts the token's issuer: through an IAM OIDC provider of the account, or
/// as one of AWS's built-in providers (no IAM OIDC provider, no client-id list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum ProviderChoice {
    /// An IAM OIDC provider; built in after all when the token's `iss` is a built-in
    /// provider's (AWS decides by `iss`).
    #[default]
    Oidc,
    /// Google (`accounts.google.com`) ID tokens.
    Google,
    /// Amazon Cognito identity pools (`cognito-identity.amazonaws.com`) ID tokens.
    Cognito,
    /// Facebook access tokens, sent with `ProviderId` `graph.facebook.com`.
    Facebook,
    /// Login with Amazon access tokens, sent with `ProviderId` `www.amazon.com`.
    Amazon,
}

impl ProviderChoice {
    /// The built-in provider picked, if any.
    pub fn built_in(self) -> Option<IssuerKind> {
        match self {
            ProviderChoice::Oidc => None,
            ProviderChoice::Google => Some(IssuerKind::Google),
            ProviderChoice::Cognito => Some(IssuerKind::Cognito),
            ProviderChoice::Facebook => Some(IssuerKind::Facebook),
            ProviderChoice::Amazon => Some(IssuerKind::Amazon),
        }
    }

    /// The menu entry for a built-in provider (`Oidc` for any other issuer).
    pub fn of(kind: IssuerKind) -> Self {
        match kind {
            IssuerKind::Google => ProviderChoice::Google,
            IssuerKind::Cognito => ProviderChoice::Cognito,
            IssuerKind::Facebook => ProviderChoice::Facebook,
            IssuerKind::Amazon => ProviderChoice::Amazon,
            _ => ProviderChoice::Oidc,
        }
    }

    #[expect(
        clippy::trivially_copy_pass_by_ref,
        reason = "serde's `skip_serializing_if` passes a reference"
    )]
    fn is_oidc(&self) -> bool {
        *self == ProviderChoice::Oidc
    }
}

/// One resource control policy as typed: its name (optional) and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct RcpInput {
    /// The name shown in the answer; empty means `RCP <n>`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The policy, as JSON text; blank means "no RCP here".
    pub policy: String,
}

/// A one-line text field of the call, the role or the caller (see [`CallInputs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallField {
    /// `RoleArn`.
    RoleArn,
    /// `RoleSessionName`.
    SessionName,
    /// `DurationSeconds`.
    Duration,
    /// The role's `MaxSessionDuration`.
    MaxSession,
    /// The caller's address.
    SourceIp,
    /// The STS endpoint's region.
    Region,
    /// The STS VPC endpoint id.
    Vpce,
    /// The role's tags, `key=value` lines.
    RoleTags,
}

/// The rest of the call, as typed: the parameters besides the token, the role's settings,
/// where the call comes from, and the organization's RCPs. Every text is kept as typed
/// (numbers too, so a half-typed one is never lost); an empty one means "not given".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct CallInputs {
    /// `RoleArn`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub role_arn: String,
    /// `RoleSessionName`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub session_name: String,
    /// `DurationSeconds`, as typed.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub duration: String,
    /// The role's `MaxSessionDuration` in seconds, as typed.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub max_session: String,
    /// The caller's IP address (`aws:SourceIp`, or `aws:VpcSourceIp` through a VPC endpoint).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source_ip: String,
    /// The region of the STS endpoint called (`aws:RequestedRegion`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub region: String,
    /// The STS VPC endpoint id (`aws:SourceVpce`); empty means a call over the internet.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub vpce: String,
    /// The role's tags, one `key=value` a line.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub role_tags: String,
    /// Whether the role is in the organization's management account (RCPs do not apply).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub management_account: bool,
    /// The resource control policies, one editor each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rcps: Vec<RcpInput>,
}

impl CallInputs {
    /// Whether nothing is typed (blank RCP editors count as nothing).
    pub fn is_empty(&self) -> bool {
        CallField::ALL
            .iter()
            .all(|f| self.field(*f).trim().is_empty())
            && !self.management_account
            && self.rcps.iter().all(|r| r.policy.trim().is_empty())
    }

    /// The text of a field.
    pub fn field(&self, f: CallField) -> &str {
        match f {
            CallField::RoleArn => &self.role_arn,
            CallField::SessionName => &self.session_name,
            CallField::Duration => &self.duration,
            CallField::MaxSession => &self.max_session,
            CallField::SourceIp => &self.source_ip,
            CallField::Region => &self.region,
            CallField::Vpce => &self.vpce,
            CallField::RoleTags => &self.role_tags,
        }
    }

    /// The text of a field, to change it.
    pub fn field_mut(&mut self, f: CallField) -> &mut String {
        match f {
            CallField::RoleArn => &mut self.role_arn,
            CallField::SessionName => &mut self.session_name,
            CallField::Duration => &mut self.duration,
            CallField::MaxSession => &mut self.max_session,
            CallField::SourceIp => &mut self.source_ip,
            CallField::Region => &mut self.region,
            CallField::Vpce => &mut self.vpce,
            CallField::RoleTags => &mut self.role_tags,
        }
    }
}

impl CallField {
    /// Every field, in the order the page shows them.
    pub const ALL: [CallField; 8] = [
        CallField::RoleArn,
        CallField::SessionName,
        CallField::Duration,
        CallField::MaxSession,
        CallField::RoleTags,
        CallField::SourceIp,
        CallField::Region,
        CallField::Vpce,
    ];
}

/// Everything the person can type or pick.
///
/// Serialised as it is for share links (`#v1=`) and localStorage: camelCase names, empty
/// texts left out (`policy` and `time` always written), missing fields read as empty and
/// unknown ones ignored, so links and saved inputs from older or newer pages still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Inputs {
    /// Which cloud or registry decides; `aws` (left out) for links and saved inputs of
    /// pages from before there were other targets.
    #[serde(skip_serializing_if = "is_aws")]
    pub target: Target,
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
    /// How the role trusts the issuer.
    #[serde(skip_serializing_if = "ProviderChoice::is_oidc")]
    pub provider: ProviderChoice,
    /// The rest of the call; empty means "not given" (the checks are listed as not made).
    #[serde(skip_serializing_if = "CallInputs::is_empty")]
    pub call: CallInputs,
    /// Whether the person asked this browser to remember the token (without its
    /// signature). Off by default: a token is a credential.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub remember_token: bool,
    /// The other targets' configurations (every target's, kept while another is on screen).
    #[serde(skip_serializing_if = "Configs::is_empty")]
    pub configs: Configs,
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if signature"
)]
fn is_aws(t: &Target) -> bool {
    *t == Target::Aws
}

/// The most of a token the page reads, in bytes (STS takes at most 20,000 characters).
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;
/// The most of a policy the page reads, in bytes (IAM saves trust policies of at most
/// 2,048 characters, 8,192 with a quota increase; RCPs of at most 5,120).
pub const MAX_POLICY_BYTES: usize = 256 * 1024;

/// A box holding more than the page reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooLarge {
    /// The token box, with this many bytes.
    Token(usize),
    /// The policy editor, with this many bytes.
    Policy(usize),
    /// The RCP editor with this index, with this many bytes.
    Rcp(usize, usize),
    /// Another target's configuration box, with this many bytes.
    Config(ConfigDoc, usize),
}

/// Bytes for people: `812 bytes`, `64 KB`, `10.0 MB`.
pub fn bytes(n: usize) -> String {
    #[expect(clippy::cast_precision_loss, reason = "a size for people")]
    let f = n as f64;
    if n < 1024 {
        format!("{n} bytes")
    } else if n < 1024 * 1024 {
        format!("{:.0} KB", f / 1024.0)
    } else {
        format!("{:.1} MB", f / (1024.0 * 1024.0))
    }
}

impl TooLarge {
    /// What was too large, and what the page does about it, for the verdict.
    pub fn message(self) -> String {
        match self {
            TooLarge::Token(n) => format!(
                "The token box holds {}: the playground reads tokens up to {} (STS takes at most 20,000 characters), so it was not read.",
                bytes(n),
                bytes(MAX_TOKEN_BYTES)
            ),
            TooLarge::Policy(n) => format!(
                "The policy editor holds {}: the playground reads policies up to {} (IAM saves trust policies of at most 8,192 characters), so it was not read.",
                bytes(n),
                bytes(MAX_POLICY_BYTES)
            ),
            TooLarge::Rcp(i, n) => format!(
                "RCP {} holds {}: the playground reads policies up to {} (AWS Organizations saves RCPs of at most 5,120 characters), so it was not read.",
                i + 1,
                bytes(n),
                bytes(MAX_POLICY_BYTES)
            ),
            TooLarge::Config(doc, n) => format!(
                "The {} box holds {}: the playground reads configurations up to {}, so it was not read.",
                doc.info().short,
                bytes(n),
                bytes(MAX_POLICY_BYTES)
            ),
        }
    }
}

impl Inputs {
    /// The inputs as stored in localStorage: the token only when the person asked for it,
    /// and then without its signature; a box too large to read is not stored either.
    #[must_use]
    pub fn for_storage(&self) -> Self {
        let mut out = self.readable();
        out.token = if self.remember_token {
            strip_signature(&out.token)
        } else {
            String::new()
        };
        out
    }

    /// The boxes that hold more than the page reads.
    pub fn too_large(&self) -> Vec<TooLarge> {
        let mut out = Vec::new();
        if self.token.len() > MAX_TOKEN_BYTES {
            out.push(TooLarge::Token(self.token.len()));
        }
        if self.policy.len() > MAX_POLICY_BYTES {
            out.push(TooLarge::Policy(self.policy.len()));
        }
        for (i, r) in self.call.rcps.iter().enumerate() {
            if r.policy.len() > MAX_POLICY_BYTES {
                out.push(TooLarge::Rcp(i, r.policy.len()));
            }
        }
        out.extend(
            self.configs
                .too_large(MAX_POLICY_BYTES)
                .filter(|(doc, _)| doc.info().document.target == self.target)
                .map(|(doc, n)| TooLarge::Config(doc, n)),
        );
        out
    }

    /// The inputs with every box too large to read emptied.
    #[must_use]
    pub fn readable(&self) -> Self {
        let mut out = self.clone();
        if out.token.len() > MAX_TOKEN_BYTES {
            out.token.clear();
        }
        if out.policy.len() > MAX_POLICY_BYTES {
            out.policy.clear();
        }
        for r in &mut out.call.rcps {
            if r.policy.len() > MAX_POLICY_BYTES {
                r.policy.clear();
            }
        }
        out.configs
            .texts
            .retain(|(_, t)| t.len() <= MAX_POLICY_BYTES);
        out
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
    fn the_token_is_stored_only_when_asked_and_never_its_signature() {
        let i = Inputs {
            token: "aaa.bbb.ccc".to_owned(),
            policy: "{}".to_owned(),
            ..Inputs::default()
        };
        assert_eq!(i.for_storage().token, "");
        assert_eq!(i.for_storage().policy, "{}");
        let asked = Inputs {
            remember_token: true,
            ..i
        };
        assert_eq!(asked.for_storage().token, "aaa.bbb.");
    }

    #[test]
    fn boxes_too_large_are_named_and_left_out() {
        let big = "x".repeat(MAX_TOKEN_BYTES + 1);
        let i = Inputs {
            token: big.clone(),
            policy: "{}".to_owned(),
            remember_token: true,
            ..Inputs::default()
        };
        assert_eq!(i.too_large(), [TooLarge::Token(big.len())]);
        assert_eq!(i.readable().token, "");
        assert_eq!(i.for_storage().token, "");
        assert!(TooLarge::Policy(10 * 1024 * 1024).message().starts_with(
            "The policy editor holds 10.0 MB: the playground reads policies up to 256 KB"
        ));
        assert_eq!(bytes(812), "812 bytes");
        assert!(Inputs::default().too_large().is_empty());
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
    fn the_call_fields_round_trip_and_stay_out_when_empty() {
        let inputs = Inputs {
            policy: "{}".to_owned(),
            provider: ProviderChoice::Google,
            call: CallInputs {
                session_name: "ci-42".to_owned(),
                duration: "36OO".to_owned(),
                role_tags: "team=platform\n".to_owned(),
                management_account: true,
                rcps: vec![
                    RcpInput::default(),
                    RcpInput {
                        name: "GitHub-Actions".to_owned(),
                        policy: "{ }".to_owned(),
                    },
                ],
                ..CallInputs::default()
            },
            ..Inputs::default()
        };
        let text = serde_json::to_string(&inputs).unwrap();
        assert_eq!(
            text,
            r#"{"policy":"{}","time":"iat","provider":"google","call":{"sessionName":"ci-42","duration":"36OO","roleTags":"team=platform\n","managementAccount":true,"rcps":[{"policy":""},{"name":"GitHub-Actions","policy":"{ }"}]}}"#
        );
        assert_eq!(serde_json::from_str::<Inputs>(&text).unwrap(), inputs);
        // Blank editors are nothing typed: no `call` in links and storage.
        let blank = Inputs {
            call: CallInputs {
                session_name: "  ".to_owned(),
                rcps: vec![RcpInput::default()],
                ..CallInputs::default()
            },
            ..Inputs::default()
        };
        assert!(blank.call.is_empty());
        assert_eq!(
            serde_json::to_string(&blank).unwrap(),
            r#"{"policy":"","time":"iat"}"#
        );
        // Fields a newer page adds are ignored.
        let newer = r#"{"policy":"{}","call":{"roleArn":"arn:aws:iam::1:role/r","future":1},"provider":"cognito"}"#;
        let read: Inputs = serde_json::from_str(newer).unwrap();
        assert_eq!(read.call.role_arn, "arn:aws:iam::1:role/r");
        assert_eq!(read.provider, ProviderChoice::Cognito);
    }

    #[test]
    fn every_call_field_has_its_own_text() {
        let mut c = CallInputs::default();
        for (i, f) in CallField::ALL.into_iter().enumerate() {
            *c.field_mut(f) = i.to_string();
        }
        for (i, f) in CallField::ALL.into_iter().enumerate() {
            assert_eq!(c.field(f), i.to_string());
        }
    }

    #[test]
    fn storage_drops_the_signature() {
        let i = Inputs {
            token: "aaa.bbb.ccc".to_owned(),
            remember_token: true,
            ..Inputs::default()
        };
        assert_eq!(i.for_storage().token, "aaa.bbb.");
    }
}
