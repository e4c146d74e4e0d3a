//! The trace of a Vault login: every value Vault compared or read, in its order, with the
//! role's (or the configuration's) side, the token's side, how it went and the near miss.

use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::Source;
use crate::explain::{NearMiss, closest};
use crate::json::Span;
use crate::matching::{Elem, PatternBuilder};
use crate::token::Claims;
use crate::vault::claims;
use crate::vault::glob;
use crate::vault::login::{Check, CheckOutcome, Checked, Identity, Window};
use crate::vault::role::{Config, Place, Role};

/// Which field of the role or configuration a check is about.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum VaultField {
    /// The configuration's `bound_issuer`.
    BoundIssuer,
    /// `bound_subject`.
    BoundSubject,
    /// `bound_audiences`.
    BoundAudiences,
    /// `user_claim`.
    UserClaim,
    /// One of `claim_mappings`.
    ClaimMappings,
    /// `groups_claim`.
    GroupsClaim,
    /// One of `bound_claims`.
    BoundClaims,
}

impl VaultField {
    /// The field's name in the role or the configuration (`bound_claims`).
    pub fn name(self) -> &'static str {
        match self {
            VaultField::BoundIssuer => "bound_issuer",
            VaultField::BoundSubject => "bound_subject",
            VaultField::BoundAudiences => "bound_audiences",
            VaultField::UserClaim => "user_claim",
            VaultField::ClaimMappings => "claim_mappings",
            VaultField::GroupsClaim => "groups_claim",
            VaultField::BoundClaims => "bound_claims",
        }
    }
}

/// One check of the login.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultCheck {
    /// The field.
    pub field: VaultField,
    /// Which input it is in: `policy` (the role) or `providers` (the configuration).
    pub source: Source,
    /// JSON pointer to it in that input, when the input has it.
    pub pointer: Option<String>,
    /// Where it is in that input's text.
    pub span: Option<Span>,
    /// The token claim read (a name, or a JSON pointer).
    pub claim: String,
    /// The role's values (a `bound_claims` entry's list; the metadata key of a mapping).
    #[cfg_attr(feature = "wasm", tsify(type = "JsonValue[]"))]
    pub expected: Vec<Value>,
    /// The token's value, as the token has it; `null` when absent.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonValue | null"))]
    pub found: Option<Value>,
    /// Whether the values are globs (`bound_claims_type` `glob`).
    pub glob: bool,
    /// How it went.
    pub outcome: CheckOutcome,
    /// Which of `expected` matched.
    pub matched: Option<usize>,
    /// The closest value and where the token's parts from it.
    pub near_miss: Option<NearMiss>,
}

/// The validity window Vault computed.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultValidity {
    /// `nbf`, or cap's stand-in for it.
    pub not_before: i64,
    /// Whether `nbf` was absent (then `iat`, or `exp` minus `not_before_leeway`).
    pub not_before_derived: bool,
    /// `exp`, or cap's stand-in for it.
    pub expires: i64,
    /// Whether `exp` was absent (then the later of `iat` and `nbf` plus
    /// `expiration_leeway`).
    pub expires_derived: bool,
    /// `iat`.
    pub issued_at: Option<i64>,
    /// The clock skew leeway applied to all three, seconds.
    pub clock_skew: i64,
}

impl From<Window> for VaultValidity {
    fn from(w: Window) -> Self {
        VaultValidity {
            not_before: w.not_before,
            not_before_derived: w.not_before_derived,
            expires: w.expires,
            expires_derived: w.expires_derived,
            issued_at: w.issued_at,
            clock_skew: w.skew,
        }
    }
}

/// What the login would give.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultIdentity {
    /// The entity alias name (the `user_claim` value).
    pub alias: String,
    /// The alias metadata, key and value (`claim_mappings`, and `role`).
    pub metadata: Vec<VaultMetadata>,
    /// The group alias names (`groups_claim`).
    pub groups: Vec<String>,
    /// The role's `token_policies`, shown as Vault attaches them (not evaluated).
    pub policies: Vec<String>,
}

/// One metadata entry.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultMetadata {
    /// The metadata key.
    pub key: String,
    /// Its value.
    pub value: String,
}

impl VaultIdentity {
    /// The identity of a login, with the role's policies.
    pub fn of(id: Identity, policies: &[String]) -> Self {
        VaultIdentity {
            alias: id.alias,
            metadata: id
                .metadata
                .into_iter()
                .map(|(key, value)| VaultMetadata { key, value })
                .collect(),
            groups: id.groups,
            policies: policies.to_vec(),
        }
    }
}

/// The checks as data for the answer; `reg` is the token's registered claims as cap reads
/// them (read once per analysis, in the stages' facts).
pub fn trace(
    checks: &[Check],
    role: &Role,
    config: Option<&Config>,
    claims: &Claims,
    reg: &claims::Registered<'_>,
) -> Vec<VaultCheck> {
    checks
        .iter()
        .map(|c| {
            let at = |p: Option<&Place>| (p.map(|p| p.pointer.clone()), p.map(|p| p.span));
            let strings = |v: &[String]| v.iter().map(|s| Value::String(s.clone())).collect();
            let (field, source, (pointer, span), claim, expected, found, glob_mode): (
                _,
                _,
                _,
                String,
                Vec<Value>,
                Option<Value>,
                bool,
            ) = match c.checked {
                Checked::Issuer => (
                    VaultField::BoundIssuer,
                    Source::Providers,
                    at(config.and_then(|c| c.place("bound_issuer"))),
                    "iss".into(),
                    strings(std::slice::from_ref(
                        &config.map(|c| c.bound_issuer.clone()).unwrap_or_default(),
                    )),
                    reg.iss.map(|s| Value::String(s.to_owned())),
                    false,
                ),
                Checked::Subject => (
                    VaultField::BoundSubject,
                    Source::Policy,
                    at(role.place("bound_subject")),
                    "sub".into(),
                    strings(std::slice::from_ref(&role.bound_subject)),
                    reg.sub.map(|s| Value::String(s.to_owned())),
                    false,
                ),
                Checked::Audiences => (
                    VaultField::BoundAudiences,
                    Source::Policy,
                    at(role.place("bound_audiences")),
                    "aud".into(),
                    strings(&role.bound_audiences),
                    claims.get("aud").cloned(),
                    false,
                ),
                Checked::UserClaim => (
                    VaultField::UserClaim,
                    Source::Policy,
                    at(role.place("user_claim")),
                    role.user_claim.clone(),
                    Vec::new(),
                    if role.user_claim_json_pointer {
                        claims::get(claims, &role.user_claim).cloned()
                    } else {
                        claims.get(&role.user_claim).cloned()
                    },
                    false,
                ),
                Checked::Mapping(i) => {
                    let (source, target) = role.claim_mappings.get(i).cloned().unwrap_or_default();
                    let (pointer, span) = at(role.place("claim_mappings"));
                    (
                        VaultField::ClaimMappings,
                        Source::Policy,
                        (
                            pointer.map(|p| crate::diagnostic::pointer_child(&p, &source)),
                            span,
                        ),
                        source.clone(),
                        vec![Value::String(target)],
                        claims::get(claims, &source).cloned(),
                        false,
                    )
                }
                Checked::Groups => (
                    VaultField::GroupsClaim,
                    Source::Policy,
                    at(role.place("groups_claim")),
                    role.groups_claim.clone(),
                    Vec::new(),
                    claims::get(claims, &role.groups_claim).cloned(),
                    false,
                ),
                Checked::BoundClaim(i) => {
                    let b = role.bound_claims.get(i);
                    (
                        VaultField::BoundClaims,
                        Source::Policy,
                        (b.map(|b| b.pointer.clone()), b.map(|b| b.span)),
                        b.map(|b| b.claim.clone()).unwrap_or_default(),
                        b.and_then(|b| b.values.as_ref().ok())
                            .map(|v| v.iter().map(claims::BoundValue::to_json).collect())
                            .unwrap_or_default(),
                        b.and_then(|b| claims::get(claims, &b.claim).cloned()),
                        role.glob,
                    )
                }
            };
            let near_miss = (c.outcome == CheckOutcome::NotMatched)
                .then(|| near_miss(&expected, found.as_ref(), glob_mode))
                .flatten();
            VaultCheck {
                field,
                source,
                pointer,
                span,
                claim,
                expected,
                found,
                glob: glob_mode,
                outcome: c.outcome,
                matched: c.matched,
                near_miss,
            }
        })
        .collect()
}

/// The closest string value to the token's string values.
fn near_miss(expected: &[Value], found: Option<&Value>, glob_mode: bool) -> Option<NearMiss> {
    let requests: Vec<&str> = match found? {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    let patterns: Vec<Vec<Elem>> = expected
        .iter()
        .filter_map(Value::as_str)
        .map(|e| {
            if glob_mode {
                glob::pattern(e)
            } else {
                let mut b = PatternBuilder::default();
                b.literal(e);
                b.finish()
            }
        })
        .collect();
    closest(patterns.iter().map(Vec::as_slice), &requests)
}
