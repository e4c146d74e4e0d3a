//! Google Cloud's Security Token Service `token` exchange for a workload identity pool
//! provider, then the IAM check of the service account (or resource) the federated
//! identity uses, stage by stage, stopping where Google stops:
//!
//! 1. `call`: the `audience` parameter is a provider's full resource name.
//! 2. `provider`: the provider exists, is `ACTIVE` and not disabled.
//! 3. `token`: the token decodes as a JWT signed with an asymmetric algorithm (signatures
//!    and the issuer's keys are never checked).
//! 4. `issuer`: `iss` is `oidc.issuerUri` (a trailing slash aside).
//! 5. `audience`: `aud` is one of `oidc.allowedAudiences`, or, when that list is empty,
//!    `//iam.googleapis.com/<name>` or `https://iam.googleapis.com/<name>`.
//! 6. `expiry`: `exp` lies after `now`.
//! 7. `mapping`: every attribute mapping evaluates; `google.subject` is a string of at most
//!    127 bytes, `google.groups` a list of strings, the total at most 8 KB.
//! 8. `condition`: the attribute condition, if set, evaluates to `true`.
//! 9. `binding`: the IAM policy grants the role to a member naming the identity.
//!
//! Google documents no order (UNCONFIRMED): the stages are in the order a request reaches
//! them (semantics reference 2.2). The result is typed data ([`Verdict`]); the words are
//! written by [`crate::explain::gcp`].

use serde::Serialize;

use super::cel::{self, EvalError, EvalErrorKind, Value};
use super::iam::{IMPERSONATION_ROLES, Identity, PoolRef, ReadPolicy};
use super::provider::{self, Provider, ProviderName, ReadProvider};
use super::request::GcpRequest;
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::explain::CloudError;
use crate::token::{self, Claims, DecodeError, Token, TokenFormat};

/// The longest `google.subject` Google accepts, in bytes (REST `attributeMapping`).
pub const MAX_SUBJECT_BYTES: usize = 127;
/// The largest total of mapped attributes Google accepts, in bytes (REST
/// `attributeMapping`: "must not exceed 8KB").
pub const MAX_MAPPED_BYTES: usize = 8192;
/// The signing algorithms modelled as accepted: RSA and ECDSA. Google documents no list
/// for OIDC providers (UNCONFIRMED); a symmetric or absent signature cannot be checked
/// against the issuer's published keys in any case.
pub const GCP_ALGORITHMS: &[&str] = &[
    "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512",
];

/// The stages, in the order Google reaches them (named apart from AWS's `Stage`, as the
/// TypeScript types are).
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum GcpStage {
    /// The request itself could not be read (oidc-trust's own stage).
    Request,
    /// The STS call's `audience` parameter.
    Call,
    /// The provider's existence and state.
    Provider,
    /// Decoding the token.
    Token,
    /// `iss` against `oidc.issuerUri`.
    Issuer,
    /// `aud` against the allowed audiences.
    Audience,
    /// `exp`.
    Expiry,
    /// The attribute mapping.
    Mapping,
    /// The attribute condition.
    Condition,
    /// The IAM binding of the service account or resource.
    Binding,
}

impl GcpStage {
    /// The stages, in order (`request` is oidc-trust's own).
    pub const ORDER: [GcpStage; 9] = [
        GcpStage::Call,
        GcpStage::Provider,
        GcpStage::Token,
        GcpStage::Issuer,
        GcpStage::Audience,
        GcpStage::Expiry,
        GcpStage::Mapping,
        GcpStage::Condition,
        GcpStage::Binding,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            GcpStage::Request => "request",
            GcpStage::Call => "call",
            GcpStage::Provider => "provider",
            GcpStage::Token => "token",
            GcpStage::Issuer => "issuer",
            GcpStage::Audience => "audience",
            GcpStage::Expiry => "expiry",
            GcpStage::Mapping => "mapping",
            GcpStage::Condition => "condition",
            GcpStage::Binding => "binding",
        }
    }
}

/// Why no verdict can be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undecided {
    /// No provider was given, or it could not be read.
    NoProvider,
    /// A mapping or the condition is not CEL Google would save: the provider cannot exist.
    InvalidProvider,
    /// A mapping or the condition is outside the modelled language.
    Unsupported {
        /// The stage it was met at.
        stage: GcpStage,
    },
    /// The provider has no resource name and no allowed audiences, so the audience it
    /// accepts is unknown.
    UnknownAudience,
    /// The call's `audience` names another provider than the one given.
    OtherProvider,
    /// The policy could not be read.
    UnreadablePolicy,
    /// The only bindings that could grant the identity carry IAM conditions, which are not
    /// modelled.
    ConditionalBinding,
}

/// How an attribute mapping failed.
#[derive(Debug, Clone, PartialEq)]
pub enum MappingFailure {
    /// The expression produced an error.
    Error(EvalError),
    /// The value has the wrong type (`google.subject` and custom attributes are strings,
    /// `google.groups` a list of strings).
    WrongType(Value),
    /// `google.subject` is longer than 127 bytes.
    SubjectTooLong(usize),
    /// The mapped attributes total more than 8 KB.
    TooLarge(usize),
}

/// Why Google refuses, or why no answer can be given.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The request itself is malformed.
    Request {
        /// What is wrong.
        message: String,
    },
    /// No verdict can be given.
    Undecided(Undecided),
    /// The `audience` parameter is not a provider's resource name.
    AudienceParameter(String),
    /// The provider is deleted or disabled.
    ProviderUnavailable,
    /// The token cannot be decoded.
    Token(DecodeError),
    /// The token is signed with an algorithm that cannot be checked (`HS256`, `none`).
    Algorithm(String),
    /// `iss` is not the provider's issuer (or is missing).
    Issuer {
        /// The token's `iss`.
        iss: Option<String>,
        /// `oidc.issuerUri`.
        expected: String,
    },
    /// `aud` is not allowed.
    Audience {
        /// The token's audiences.
        aud: Vec<String>,
    },
    /// The token has no integer `exp`.
    NoExpiry,
    /// The token has expired.
    Expired {
        /// `exp`.
        exp: i64,
    },
    /// An attribute mapping failed.
    Mapping {
        /// The attribute.
        target: String,
        /// How.
        failure: MappingFailure,
    },
    /// The attribute condition is not `true`.
    Condition {
        /// The error it produced, if it did not produce a value.
        error: Option<EvalError>,
        /// The value, when not a bool.
        value: Option<Value>,
    },
    /// The IAM policy grants the role to no member naming the identity.
    Binding {
        /// The role required.
        role: Vec<String>,
    },
}

impl Refusal {
    /// The stage that refused.
    pub fn stage(&self) -> GcpStage {
        match self {
            Refusal::Request { .. } => GcpStage::Request,
            Refusal::Undecided(u) => match u {
                Undecided::NoProvider | Undecided::InvalidProvider => GcpStage::Provider,
                Undecided::Unsupported { stage } => *stage,
                Undecided::UnknownAudience => GcpStage::Audience,
                Undecided::OtherProvider => GcpStage::Call,
                Undecided::UnreadablePolicy | Undecided::ConditionalBinding => GcpStage::Binding,
            },
            Refusal::AudienceParameter(_) => GcpStage::Call,
            Refusal::ProviderUnavailable => GcpStage::Provider,
            Refusal::Token(_) | Refusal::Algorithm(_) => GcpStage::Token,
            Refusal::Issuer { .. } => GcpStage::Issuer,
            Refusal::Audience { .. } => GcpStage::Audience,
            Refusal::NoExpiry | Refusal::Expired { .. } => GcpStage::Expiry,
            Refusal::Mapping { .. } => GcpStage::Mapping,
            Refusal::Condition { .. } => GcpStage::Condition,
            Refusal::Binding { .. } => GcpStage::Binding,
        }
    }

    /// Google's error, when Google would answer at all.
    pub fn cloud_error(&self) -> Option<CloudError> {
        let e = |code: &str, message: String, observed| {
            Some(CloudError {
                code: code.to_owned(),
                message,
                observed,
            })
        };
        match self {
            Refusal::Request { .. } | Refusal::Undecided(_) => None,
            // google-github-actions/auth issues #60 and #211.
            Refusal::AudienceParameter(_) => e(
                "invalid_request",
                "Invalid value for \"audience\". This value should be the full resource name of the Identity Provider. See https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token for the list of possible formats.".to_owned(),
                true,
            ),
            // google-github-actions/auth issues #202 and #370.
            Refusal::ProviderUnavailable => e(
                "invalid_target",
                "The target service indicated by the \"audience\" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn't exist.".to_owned(),
                true,
            ),
            // No source gives Google's words for an unreadable token (UNCONFIRMED).
            Refusal::Token(_) | Refusal::Algorithm(_) => e(
                "invalid_grant",
                "Unable to parse the ID Token.".to_owned(),
                false,
            ),
            // The text is in google-github-actions/auth's TROUBLESHOOTING.md; the code is
            // inferred.
            Refusal::Issuer { iss, expected } => e(
                "invalid_grant",
                format!(
                    "The issuer in ID Token {} does not match the expected ones: {expected}",
                    iss.as_deref().unwrap_or_default()
                ),
                true,
            ),
            // openshift-online/gcp-hcp-infra experiment notes (PRs #851, #859).
            Refusal::Audience { aud } => e(
                "invalid_grant",
                format!(
                    "The audience in ID Token [{}] does not match the expected audience.",
                    aud.join(", ")
                ),
                true,
            ),
            // UNCONFIRMED: no source gives Google's words for an expired token.
            Refusal::NoExpiry | Refusal::Expired { .. } => e(
                "invalid_grant",
                "The ID Token has expired.".to_owned(),
                false,
            ),
            // semaphoreio/semaphore PR #555 (the code is inferred).
            Refusal::Mapping {
                failure: MappingFailure::SubjectTooLong(_),
                ..
            } => e(
                "invalid_request",
                "The size of mapped attribute google.subject exceeds the 127 bytes limit. Either modify your attribute mapping or the incoming assertion to produce a mapped attribute that is less than 127 bytes.".to_owned(),
                true,
            ),
            // UNCONFIRMED: the other mapping failures.
            Refusal::Mapping { target, .. } => e(
                "invalid_request",
                format!("The attribute mapping for {target} could not be evaluated."),
                false,
            ),
            // circleci/circleci-docs PR #8541; for an error or a non-bool value the text is
            // inferred (UNCONFIRMED).
            Refusal::Condition { error, value } => e(
                "unauthorized_client",
                "The given credential is rejected by the attribute condition.".to_owned(),
                error.is_none() && value.is_none(),
            ),
            // google-github-actions/auth issue #340 (impersonation); for a resource's own
            // role the service's text differs (UNCONFIRMED).
            Refusal::Binding { role } => {
                let impersonation = role.iter().all(|r| IMPERSONATION_ROLES.contains(&r.as_str()));
                if impersonation {
                    e(
                        "PERMISSION_DENIED",
                        "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).".to_owned(),
                        true,
                    )
                } else {
                    e(
                        "PERMISSION_DENIED",
                        "The caller does not have permission".to_owned(),
                        false,
                    )
                }
            }
        }
    }
}

/// One attribute mapping's evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingRun {
    /// The attribute.
    pub target: String,
    /// Its value, or the error.
    pub result: Result<Value, EvalError>,
}

/// Which members of the policy name the identity.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BindingRun {
    /// The roles that count.
    pub roles: Vec<String>,
    /// The members that name the identity in a binding of one of those roles, as
    /// `(binding, member)` indices; the first decides.
    pub granted: Vec<(usize, usize)>,
    /// Members that name the identity, in bindings with an IAM condition.
    pub conditional: Vec<(usize, usize)>,
    /// Members that name the identity but in a binding of another role.
    pub other_role: Vec<(usize, usize)>,
}

/// What Google decides, as data. `refusal` is `None` exactly when Google would issue the
/// token (and the policy, when given, grants the role).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verdict {
    /// The decoded token, once the token stage passed.
    pub token: Option<Token>,
    /// The STS `audience` parameter (given, or derived from the provider's name).
    pub sts_audience: Option<String>,
    /// Whether it was derived.
    pub sts_audience_derived: bool,
    /// The audiences the provider accepts (the allowed list, or the two default forms).
    pub accepted_audiences: Vec<String>,
    /// The attribute mappings evaluated, in the provider's order.
    pub mappings: Vec<MappingRun>,
    /// The federated identity, once the mapping stage passed.
    pub identity: Option<Identity>,
    /// The condition's result, once evaluated.
    pub condition: Option<Result<Value, EvalError>>,
    /// The binding check, when a policy was given and the exchange passed.
    pub binding: Option<BindingRun>,
    /// Why Google refuses, if it does.
    pub refusal: Option<Refusal>,
    /// Findings made on the way.
    pub diagnostics: Vec<Diagnostic>,
}

impl Verdict {
    /// Whether Google would accept.
    pub fn accepted(&self) -> bool {
        self.refusal.is_none()
    }

    /// The stage that decided: the refusing one, or the last one checked.
    pub fn stage(&self) -> GcpStage {
        match &self.refusal {
            Some(r) => r.stage(),
            None if self.binding.is_some() => GcpStage::Binding,
            None => GcpStage::Condition,
        }
    }

    /// The token's claims, once decoded.
    pub fn claims(&self) -> Option<&Claims> {
        self.token.as_ref().map(|t| &t.claims)
    }
}

/// The documents of a request, each read once.
#[derive(Debug, Clone, Copy, Default)]
pub struct Documents<'a> {
    /// The provider, as read.
    pub provider: Option<&'a ReadProvider>,
    /// The policy, as read.
    pub policy: Option<&'a ReadPolicy>,
}

/// Runs the stages.
pub fn run(request: &GcpRequest, docs: Documents<'_>) -> Verdict {
    let mut v = Verdict::default();
    if let Err(r) = stages(request, docs, &mut v) {
        v.refusal = Some(r);
    }
    v
}

/// The claims of a request's token: `claims`, else `token` decoded.
fn read_token(request: &GcpRequest, out: &mut Vec<Diagnostic>) -> Result<Token, Refusal> {
    let decoded = match (&request.claims, &request.token) {
        (Some(serde_json::Value::Object(map)), _) => Ok(Token {
            format: TokenFormat::Claims,
            header: None,
            claims: Claims::new(map.clone()),
            signature_len: 0,
        }),
        (Some(other), _) => {
            let message = format!(
                "`claims` is {}, expected a JSON object",
                crate::json::kind_of(other)
            );
            out.push(Diagnostic::invalid_request(message.clone()));
            return Err(Refusal::Request { message });
        }
        (None, Some(t)) => token::decode(t),
        (None, None) => token::decode(""),
    };
    decoded.map_err(|e| {
        out.push(Diagnostic::new(
            codes::INVALID_TOKEN,
            Severity::Error,
            Source::Token,
            e.to_string(),
        ));
        Refusal::Token(e)
    })
}

/// Whether a token signed with `token`'s algorithm can be verified; `None` for claims.
pub fn algorithm_accepted(token: &Token) -> Option<bool> {
    token.header.as_ref()?;
    Some(token.alg().is_some_and(|a| GCP_ALGORITHMS.contains(&a)))
}

fn trim_slash(s: &str) -> &str {
    s.strip_suffix('/').unwrap_or(s)
}

fn stages(request: &GcpRequest, docs: Documents<'_>, v: &mut Verdict) -> Result<(), Refusal> {
    let read = docs.provider.and_then(|r| r.provider.as_ref());
    let text = docs.provider.map_or("", |r| r.text.as_str());
    // The token is read first so the answer shows it even when an earlier stage refuses.
    let token = read_token(request, &mut v.diagnostics);
    if let Ok(t) = &token {
        v.token = Some(t.clone());
    }
    let Some(p) = read else {
        return Err(Refusal::Undecided(Undecided::NoProvider));
    };
    call_stage(request, p, v)?;
    if p.state.as_deref().is_some_and(|s| s != "ACTIVE") || p.disabled {
        return Err(Refusal::ProviderUnavailable);
    }
    if p.invalid || p.issuer_uri.is_none() {
        return Err(Refusal::Undecided(Undecided::InvalidProvider));
    }
    let token = token?;
    if algorithm_accepted(&token) == Some(false) {
        let alg = token.alg().unwrap_or("(none)").to_owned();
        v.diagnostics.push(
            Diagnostic::new(
                codes::UNSUPPORTED_SIGNING_ALGORITHM,
                Severity::Error,
                Source::Token,
                format!("`alg` is `{alg}`; a token signed without an asymmetric key cannot be checked against the issuer's published keys, so Google refuses it"),
            )
            .at("/header/alg", None),
        );
        return Err(Refusal::Algorithm(alg));
    }
    let claims = &token.claims;
    let expected = p.issuer_uri.clone().unwrap_or_default();
    let iss = claims.issuer();
    if iss.is_none_or(|i| trim_slash(i) != trim_slash(&expected)) {
        return Err(Refusal::Issuer {
            iss: iss.map(str::to_owned),
            expected,
        });
    }
    v.accepted_audiences = if p.allowed_audiences.is_empty() {
        match &p.name {
            Some(n) => n.default_audiences().into(),
            None => return Err(Refusal::Undecided(Undecided::UnknownAudience)),
        }
    } else {
        p.allowed_audiences.clone()
    };
    let aud: Vec<String> = claims.audiences().into_iter().map(str::to_owned).collect();
    if !aud.iter().any(|a| v.accepted_audiences.contains(a)) {
        return Err(Refusal::Audience { aud });
    }
    match claims.get("exp").and_then(serde_json::Value::as_i64) {
        None => return Err(Refusal::NoExpiry),
        Some(exp) if exp <= request.now => return Err(Refusal::Expired { exp }),
        Some(_) => {}
    }
    let assertion = assertion_value(claims);
    let identity = Identity {
        pool: p.name.as_ref().map(pool_of),
        ..mapping_stage(p, text, &assertion, v)?
    };
    v.identity = Some(identity.clone());
    condition_stage(p, text, &assertion, &identity, v)?;
    let Some(policy) = docs.policy else {
        return Ok(());
    };
    if !policy.read {
        return Err(Refusal::Undecided(Undecided::UnreadablePolicy));
    }
    let roles: Vec<String> = match &request.role {
        Some(r) => vec![r.clone()],
        None => IMPERSONATION_ROLES
            .iter()
            .map(|r| (*r).to_owned())
            .collect(),
    };
    let mut run = BindingRun {
        roles,
        ..BindingRun::default()
    };
    for (bi, b) in policy.bindings.iter().enumerate() {
        for (mi, m) in b.members.iter().enumerate() {
            let Some((pool, principal)) = &m.principal else {
                continue;
            };
            if !identity.matches(pool, principal) {
                continue;
            }
            if !run.roles.contains(&b.role) {
                run.other_role.push((bi, mi));
            } else if b.condition.is_some() {
                run.conditional.push((bi, mi));
            } else {
                run.granted.push((bi, mi));
            }
        }
    }
    let (granted, conditional, roles) = (
        run.granted.is_empty(),
        run.conditional.is_empty(),
        run.roles.clone(),
    );
    v.binding = Some(run);
    match (granted, conditional) {
        (false, _) => Ok(()),
        (true, false) => Err(Refusal::Undecided(Undecided::ConditionalBinding)),
        (true, true) => Err(Refusal::Binding { role: roles }),
    }
}

/// The pool of a provider name.
pub fn pool_of(n: &ProviderName) -> PoolRef {
    PoolRef {
        project: n.project.clone(),
        location: n.location.clone(),
        pool: n.pool.clone(),
    }
}

/// The token's claims as CEL's `assertion`.
pub fn assertion_value(claims: &Claims) -> Value {
    Value::Map(
        claims
            .iter()
            .map(|(k, v)| (Value::Str(k.to_owned()), Value::from_json(v)))
            .collect(),
    )
}

fn call_stage(request: &GcpRequest, p: &Provider, v: &mut Verdict) -> Result<(), Refusal> {
    match (&request.audience, &p.name) {
        (Some(a), name) => {
            v.sts_audience = Some(a.clone());
            let parsed = a
                .strip_prefix("//iam.googleapis.com/")
                .and_then(ProviderName::parse);
            let Some(parsed) = parsed else {
                return Err(Refusal::AudienceParameter(a.clone()));
            };
            if name.as_ref().is_some_and(|n| *n != parsed) {
                return Err(Refusal::Undecided(Undecided::OtherProvider));
            }
            Ok(())
        }
        (None, Some(n)) => {
            v.sts_audience = Some(format!("//iam.googleapis.com/{}", n.resource()));
            v.sts_audience_derived = true;
            Ok(())
        }
        (None, None) => Ok(()),
    }
}

/// For an error outside the modelled language: no verdict, and the located diagnostic.
fn unsupported(
    stage: GcpStage,
    e: &EvalError,
    at: (&str, &str, &provider::Located, &str),
    out: &mut Vec<Diagnostic>,
) -> Option<Refusal> {
    if e.kind != EvalErrorKind::Unsupported {
        return None;
    }
    let (text, source, located, what) = at;
    out.push(provider::cel_diagnostic(
        text,
        source,
        located,
        what,
        &cel::CelError {
            kind: cel::CelErrorKind::Unsupported,
            range: e.range,
            message: e.message.clone(),
        },
    ));
    Some(Refusal::Undecided(Undecided::Unsupported { stage }))
}

fn mapping_stage(
    p: &Provider,
    text: &str,
    assertion: &Value,
    v: &mut Verdict,
) -> Result<Identity, Refusal> {
    if p.unsupported && p.mappings.iter().any(|m| m.expr.is_none()) {
        return Err(Refusal::Undecided(Undecided::Unsupported {
            stage: GcpStage::Mapping,
        }));
    }
    let env = provider::mapping_env(assertion);
    let mut identity = Identity::default();
    let mut total = 0usize;
    let mut first: Option<Refusal> = None;
    for m in &p.mappings {
        let Some(expr) = &m.expr else { continue };
        let result = cel::eval(expr, &env);
        let failure = match &result {
            Err(e) => {
                let what = format!("the attribute mapping of `{}`", m.target);
                let at = (text, m.source.as_str(), &m.at, what.as_str());
                if let Some(u) = unsupported(GcpStage::Mapping, e, at, &mut v.diagnostics) {
                    first = first.or(Some(u));
                }
                Some(MappingFailure::Error(e.clone()))
            }
            Ok(value) => match (m.target.as_str(), value) {
                ("google.subject", Value::Str(s)) if s.len() > MAX_SUBJECT_BYTES => {
                    Some(MappingFailure::SubjectTooLong(s.len()))
                }
                ("google.subject", Value::Str(s)) => {
                    total += s.len();
                    identity.subject.clone_from(s);
                    None
                }
                ("google.groups", Value::List(items)) => {
                    let groups: Option<Vec<String>> = items
                        .iter()
                        .map(|i| i.as_str().map(str::to_owned))
                        .collect();
                    match groups {
                        Some(g) => {
                            total += g.iter().map(String::len).sum::<usize>();
                            identity.groups = g;
                            None
                        }
                        None => Some(MappingFailure::WrongType(value.clone())),
                    }
                }
                (target, Value::Str(s)) if target != "google.groups" => {
                    total += s.len();
                    let name = target.strip_prefix("attribute.").unwrap_or(target);
                    identity.attributes.push((name.to_owned(), vec![s.clone()]));
                    None
                }
                // A list of strings for a custom attribute (each element names the identity
                // in `attribute.NAME/VALUE`): UNCONFIRMED.
                (target, Value::List(items)) if target.starts_with("attribute.") => {
                    let values: Option<Vec<String>> = items
                        .iter()
                        .map(|i| i.as_str().map(str::to_owned))
                        .collect();
                    match values {
                        Some(vs) => {
                            total += vs.iter().map(String::len).sum::<usize>();
                            let name = target.strip_prefix("attribute.").unwrap_or(target);
                            identity.attributes.push((name.to_owned(), vs));
                            None
                        }
                        None => Some(MappingFailure::WrongType(value.clone())),
                    }
                }
                _ => Some(MappingFailure::WrongType(value.clone())),
            },
        };
        v.mappings.push(MappingRun {
            target: m.target.clone(),
            result,
        });
        if let Some(failure) = failure
            && first.is_none()
        {
            first = Some(Refusal::Mapping {
                target: m.target.clone(),
                failure,
            });
        }
    }
    if let Some(r) = first {
        return Err(r);
    }
    if total > MAX_MAPPED_BYTES {
        return Err(Refusal::Mapping {
            target: "attributeMapping".to_owned(),
            failure: MappingFailure::TooLarge(total),
        });
    }
    Ok(identity)
}

/// The `google` and `attribute` variables of the condition for an identity.
pub fn identity_values(identity: &Identity) -> (Value, Value) {
    let google = Value::Map(vec![
        (
            Value::Str("subject".into()),
            Value::Str(identity.subject.clone()),
        ),
        (
            Value::Str("groups".into()),
            Value::List(identity.groups.iter().cloned().map(Value::Str).collect()),
        ),
    ]);
    let attribute = Value::Map(
        identity
            .attributes
            .iter()
            .map(|(n, vs)| {
                let value = match vs.as_slice() {
                    [one] => Value::Str(one.clone()),
                    many => Value::List(many.iter().cloned().map(Value::Str).collect()),
                };
                (Value::Str(n.clone()), value)
            })
            .collect(),
    );
    (google, attribute)
}

fn condition_stage(
    p: &Provider,
    text: &str,
    assertion: &Value,
    identity: &Identity,
    v: &mut Verdict,
) -> Result<(), Refusal> {
    let Some(c) = &p.condition else {
        return Ok(());
    };
    let Some(expr) = &c.expr else {
        return Err(Refusal::Undecided(Undecided::Unsupported {
            stage: GcpStage::Condition,
        }));
    };
    let (google, attribute) = identity_values(identity);
    let env = provider::condition_env(assertion, &google, &attribute);
    let result = cel::eval(expr, &env);
    let outcome = match &result {
        Ok(Value::Bool(true)) => Ok(()),
        Ok(Value::Bool(false)) => Err(Refusal::Condition {
            error: None,
            value: None,
        }),
        Ok(other) => Err(Refusal::Condition {
            error: None,
            value: Some(other.clone()),
        }),
        Err(e) => Err(unsupported(
            GcpStage::Condition,
            e,
            (text, &c.source, &c.at, "the attribute condition"),
            &mut v.diagnostics,
        )
        .unwrap_or(Refusal::Condition {
            error: Some(e.clone()),
            value: None,
        })),
    };
    v.condition = Some(result);
    outcome
}
