//! AWS STS `AssumeRoleWithWebIdentity`, stage by stage, stopping where AWS stops, with
//! AWS's error code and message:
//!
//! 1. `call`: the call's parameters meet STS's constraints ([`super::call`]).
//! 2. `token`: the input must decode as a JWT signed with RSA or ECDSA (signatures are
//!    never verified).
//! 3. `claims`: `aud`, `sub`, `iss` and `exp` must be present; a `roles` claim must list
//!    the role.
//! 4. `issuer`: an IAM OIDC provider in the role's account whose URL equals `iss` (minus
//!    `https://`, exactly), or one of AWS's built-in providers.
//! 5. `audience`: `azp`, else `aud`, must be on the provider's client-id list (built-in
//!    providers have none: the trust policy must pin the audience).
//! 6. `expiry`: `now` may be at most five minutes past `exp`.
//! 7. `policy`: the role trust policy must allow the action for this provider.
//! 8. `rcp`: no resource control policy of the organization may deny it.
//!
//! Each stage is a function returning `Result<_, Refusal>`, so "AWS stops at the first
//! failure" is the `?` operator. The result is typed data ([`Verdict`]); the words that
//! explain it are written by [`crate::explain`].

use serde::Serialize;

use super::arn::{ProviderArn, RoleArn};
use super::call::{self, CallRefusal, CallReport};
use super::context::{CallContext, Context, ContextOptions, ROLES_CLAIM, TAGS_CLAIM};
use super::eval::{self, Decision, EvalRequest, PolicyEvaluation};
use super::policy::{ASSUME_ACTION, ParsedPolicy, TAG_SESSION_ACTION, TrustPolicy};
use super::rcp::{self, RcpRun, ReadRcp};
use super::request::{Caller, ProviderConfig, Request};
use crate::codes;
use crate::diagnostic::{CloudError, Diagnostic, Severity, Source};
use crate::providers::{self, IssuerKind};
use crate::time::duration;
use crate::token::{self, Claims, DecodeError, Token, TokenFormat};

/// How far past `exp` AWS still accepts a token, in seconds (IAM UG, "five minutes").
pub const EXPIRY_GRACE_SECONDS: i64 = 300;

/// The algorithms AWS STS documents for web-identity tokens: RSA (since the start) and
/// ECDSA (since November 2024). Source: the `WebIdentityToken` parameter docs, and the
/// 2024-11 "ECDSA-based signatures" announcement (see the semantics reference, 1.1 and 1.3).
pub const AWS_ALGORITHMS: &[&str] = &["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];

/// The message AWS gives for anything it cannot read as a JWT. AWS gave it for ES256
/// tokens before it took ECDSA; for HS256 or `none` it is inferred (UNCONFIRMED).
const NOT_A_JWT: &str = "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)";

/// The stages of `AssumeRoleWithWebIdentity`, in the order AWS runs them.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    /// The request itself could not be read.
    Request,
    /// The call's parameters.
    Call,
    /// Decoding the token.
    Token,
    /// Required claims.
    Claims,
    /// Finding the OIDC provider for `iss`.
    Issuer,
    /// The audience against the client-id list.
    Audience,
    /// Expiry.
    Expiry,
    /// The role trust policy.
    Policy,
    /// The organization's resource control policies.
    Rcp,
}

impl Stage {
    /// The wire name (as serialised): `request`, `call`, `token`, `claims`, `issuer`,
    /// `audience`, `expiry`, `policy`, `rcp`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Request => "request",
            Stage::Call => "call",
            Stage::Token => "token",
            Stage::Claims => "claims",
            Stage::Issuer => "issuer",
            Stage::Audience => "audience",
            Stage::Expiry => "expiry",
            Stage::Policy => "policy",
            Stage::Rcp => "rcp",
        }
    }

    /// The stages AWS runs, in order (`request` is oidc-trust's own). AWS evaluates the
    /// trust policy and the RCPs together; oidc-trust reports the trust policy first and
    /// an RCP refusal only when the trust policy allows (the message is the same).
    pub const ORDER: [Stage; 8] = [
        Stage::Call,
        Stage::Token,
        Stage::Claims,
        Stage::Issuer,
        Stage::Audience,
        Stage::Expiry,
        Stage::Policy,
        Stage::Rcp,
    ];
}

/// An error as AWS reports it: the shared [`CloudError`] (the README's "AWS messages not
/// confirmed" lists those with `observed: false`).
pub type AwsError = CloudError;

/// Why no IAM OIDC provider matched the token's issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuerMiss {
    /// `iss` is not an `https://` URL.
    NotHttps,
    /// The account has no (valid) provider at all.
    NoProviders,
    /// No provider URL equals `iss` exactly.
    NoMatch {
        /// The URLs of the account's valid providers, without `https://`.
        known: Vec<String>,
    },
}

/// Why AWS refuses, or why no answer can be given.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The request itself is malformed (oidc-trust's own stage).
    Request {
        /// What is wrong.
        message: String,
    },
    /// STS refuses the call's parameters.
    Call(CallRefusal),
    /// The token cannot be decoded.
    Token(DecodeError),
    /// The token is signed with an algorithm AWS cannot verify (`HS256`, `none`...).
    Algorithm(String),
    /// A claim AWS requires is missing.
    MissingClaim(&'static str),
    /// The token's `https://aws.amazon.com/roles` claim does not list the call's role.
    RoleNotInRolesClaim,
    /// `exp` is not an integer.
    ExpNotInteger,
    /// No provider for the issuer.
    Issuer(IssuerMiss),
    /// The audience is not on the client-id list.
    Audience,
    /// The token expired beyond the grace period.
    Expired {
        /// `exp`.
        exp: i64,
    },
    /// No trust policy to decide with: AWS's answer cannot be given.
    NoPolicy {
        /// `true` when a policy was given but could not be read.
        unreadable: bool,
    },
    /// The trust policy does not allow the action (`sts:AssumeRoleWithWebIdentity`, or
    /// `sts:TagSession` for a token with session tags).
    Denied {
        /// The action refused.
        action: &'static str,
    },
    /// A resource control policy denies the action.
    RcpDenied {
        /// Which RCP (its index in the request's list).
        index: usize,
        /// The action refused.
        action: &'static str,
    },
}

impl Refusal {
    /// The stage that refused.
    pub fn stage(&self) -> Stage {
        match self {
            Refusal::Request { .. } => Stage::Request,
            Refusal::Call(_) => Stage::Call,
            Refusal::Token(_) | Refusal::Algorithm(_) => Stage::Token,
            Refusal::MissingClaim(_) | Refusal::ExpNotInteger | Refusal::RoleNotInRolesClaim => {
                Stage::Claims
            }
            Refusal::Issuer(_) => Stage::Issuer,
            Refusal::Audience => Stage::Audience,
            Refusal::Expired { .. } => Stage::Expiry,
            Refusal::NoPolicy { .. } | Refusal::Denied { .. } => Stage::Policy,
            Refusal::RcpDenied { .. } => Stage::Rcp,
        }
    }

    /// AWS's error, when AWS would answer at all.
    pub fn aws_error(&self, iss: &str, now: i64) -> Option<AwsError> {
        let invalid =
            |message: &str, observed| AwsError::new("InvalidIdentityToken", message, observed);
        Some(match self {
            Refusal::Request { .. } | Refusal::NoPolicy { .. } => return None,
            Refusal::Call(c) => AwsError::new(c.code(), &c.message(), c.observed()),
            Refusal::Token(_) => invalid(NOT_A_JWT, true),
            // The text for a fractional `exp` and for HS256 or `none` is inferred.
            Refusal::ExpNotInteger | Refusal::Algorithm(_) => invalid(NOT_A_JWT, false),
            Refusal::MissingClaim(claim) => invalid(
                &format!("Missing a required claim: {claim}"),
                matches!(*claim, "aud" | "sub"),
            ),
            // Aidan Steele, "OIDC tokens can restrict which AWS roles they assume" (2026).
            Refusal::RoleNotInRolesClaim => invalid(
                "The target role ARN is not present in the roles claim of the identity token",
                true,
            ),
            Refusal::Issuer(_) => invalid(
                &format!("No OpenIDConnect provider found in your account for {iss}"),
                true,
            ),
            Refusal::Audience => invalid("Incorrect token audience", true),
            Refusal::Expired { exp } => AwsError::new(
                "ExpiredTokenException",
                &format!(
                    "Token expired: current date/time {now} must be before the expiration date/time {exp}"
                ),
                true,
            ),
            Refusal::Denied { action } => AwsError::new(
                "AccessDenied",
                &format!("Not authorized to perform {action}"),
                *action == ASSUME_ACTION,
            ),
            // The same text as a trust-policy refusal (UNCONFIRMED for an RCP: signed calls
            // add "with an explicit deny in a resource control policy").
            Refusal::RcpDenied { action, .. } => AwsError::new(
                "AccessDenied",
                &format!("Not authorized to perform {action}"),
                false,
            ),
        })
    }
}

/// Where the role's account id came from.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AccountSource {
    /// The call's `roleArn`.
    RoleArn,
    /// The request's `account`.
    Request,
    /// The matched provider's `arn`.
    ProviderArn,
    /// A `Federated` ARN in the trust policy.
    Policy,
    /// Nowhere: the ARN shows `<account>`.
    Unknown,
}

/// The provider that vouches for the token: the IAM OIDC provider that matched its
/// issuer, or one of AWS's built-in providers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    /// Its index in the request's `providers`; `None` for a built-in provider.
    pub index: Option<usize>,
    /// Its URL without `https://` (a built-in provider's name): the condition-key prefix.
    pub url: String,
    /// The principal the trust policy must name: the provider's ARN, or a built-in
    /// provider's name.
    pub arn: String,
    /// The role's account, if known.
    pub account: Option<String>,
    /// Where the account came from.
    pub account_source: AccountSource,
    /// The client-id list.
    pub client_ids: Vec<String>,
    /// The claim checked against it: `azp`, else `aud`.
    pub audience_claim: &'static str,
    /// Its values.
    pub audiences: Vec<String>,
    /// The issuer family (which provider claims AWS exposes).
    pub kind: IssuerKind,
}

impl Provider {
    /// Whether it is one of AWS's built-in providers (no IAM OIDC provider, no client-id
    /// list).
    pub fn built_in(&self) -> bool {
        self.index.is_none()
    }

    /// The first audience on the client-id list, if any.
    pub fn matched_audience(&self) -> Option<&str> {
        self.audiences
            .iter()
            .find(|a| self.client_ids.contains(a))
            .map(String::as_str)
    }
}

/// The trust-policy evaluations of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRun {
    /// The action evaluated (normally `sts:AssumeRoleWithWebIdentity`).
    pub action: String,
    /// Its evaluation.
    pub evaluation: PolicyEvaluation,
    /// The `sts:TagSession` evaluation, when the token carries session tags.
    pub tag_session: Option<PolicyEvaluation>,
}

/// What STS decides, as data: everything each stage found, and the refusal if one stopped
/// the call. `refusal` is `None` exactly when AWS would return credentials.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verdict {
    /// What was checked of the call's parameters.
    pub call: CallReport,
    /// The decoded token, once the token stage passed.
    pub token: Option<Token>,
    /// The matched provider, once the issuer stage passed.
    pub provider: Option<Provider>,
    /// The condition keys of the request, once the provider is known.
    pub context: Option<Context>,
    /// The policy evaluations, once every earlier stage passed.
    pub policy: Option<PolicyRun>,
    /// The RCP evaluations, once every stage before the trust policy passed (each RCP for
    /// each action the call needs).
    pub rcps: Vec<RcpRun>,
    /// Why the call was refused, if it was.
    pub refusal: Option<Refusal>,
    /// Findings made on the way (undecodable tokens, provider settings, future `nbf`).
    pub diagnostics: Vec<Diagnostic>,
}

impl Verdict {
    /// Whether AWS would return credentials.
    pub fn accepted(&self) -> bool {
        self.refusal.is_none()
    }

    /// The stage that decided: the refusing one, or `policy` when accepted.
    pub fn stage(&self) -> Stage {
        self.refusal.as_ref().map_or(Stage::Policy, Refusal::stage)
    }

    /// The token's claims, once decoded.
    pub fn claims(&self) -> Option<&Claims> {
        self.token.as_ref().map(|t| &t.claims)
    }
}

/// Whether AWS accepts a token signed with this algorithm ([`AWS_ALGORITHMS`]); `None`
/// for pasted claims, which have no header to tell.
pub fn algorithm_accepted(token: &Token) -> Option<bool> {
    token.header.as_ref()?;
    Some(token.alg().is_some_and(|a| AWS_ALGORITHMS.contains(&a)))
}

/// The error for a signing algorithm AWS does not accept, if the token has one.
pub fn algorithm_diagnostic(token: &Token) -> Option<Diagnostic> {
    if algorithm_accepted(token) != Some(false) {
        return None;
    }
    let alg = token.alg().unwrap_or("(none)");
    Some(
        Diagnostic::new(
            codes::UNSUPPORTED_SIGNING_ALGORITHM,
            Severity::Error,
            Source::Token,
            format!("`alg` is `{alg}`; AWS only accepts RSA (RS256/384/512) and ECDSA (ES256/384/512) signatures, so it refuses the token"),
        )
        .at("/header/alg", None)
        .help("sign the token with an RSA or ECDSA key; a symmetric key (HS256) or no signature cannot be checked against the provider's published keys"),
    )
}

/// The token of a call: what the request's `token` or `claims` holds.
#[derive(Debug, Clone, Copy)]
pub enum TokenInput<'a> {
    /// A compact JWT, or claims as JSON text.
    Text(&'a str),
    /// The claims as a JSON value (it must be an object).
    Claims(&'a serde_json::Value),
}

impl<'a> TokenInput<'a> {
    /// The token a request carries: `claims` when given, else `token` (empty if neither).
    pub fn of(request: &'a Request) -> Self {
        match (&request.claims, &request.token) {
            (Some(claims), _) => TokenInput::Claims(claims),
            (None, Some(t)) => TokenInput::Text(t),
            (None, None) => TokenInput::Text(""),
        }
    }
}

/// The documents a call is decided by, each read once: the role trust policy (`None`: none
/// was given) and the organization's RCPs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Documents<'a> {
    /// The trust policy, as read.
    pub policy: Option<&'a ParsedPolicy>,
    /// The RCPs, as read.
    pub rcps: &'a [ReadRcp],
}

/// Runs the stages for a request whose documents were read into `docs`.
pub fn run(request: &Request, docs: Documents<'_>) -> Verdict {
    run_with(request, TokenInput::of(request), request.now, docs)
}

/// Runs the stages for `token` at `now`, with the rest of the call (providers, account,
/// action...) from `request`, whose own token and time are not read. This is how one
/// configuration checks many tokens.
pub fn run_with(
    request: &Request,
    token: TokenInput<'_>,
    now: i64,
    docs: Documents<'_>,
) -> Verdict {
    let mut verdict = Verdict::default();
    if let Err(refusal) = stages(request, token, now, docs, &mut verdict) {
        verdict.refusal = Some(refusal);
    }
    verdict
}

fn stages(
    request: &Request,
    input: TokenInput<'_>,
    now: i64,
    docs: Documents<'_>,
    v: &mut Verdict,
) -> Result<(), Refusal> {
    let access_token = access_token_provider(request, &mut v.diagnostics);
    // The token is read first so the answer shows it even when the call is refused; its
    // refusal waits for its stage.
    let unreadable = match read_token(input, access_token.is_some(), &mut v.diagnostics) {
        Ok(token) => {
            v.token = Some(token);
            None
        }
        Err(refusal) => Some(refusal),
    };
    // The token's length is STS's to check only for a token as sent: not for claims, and
    // not when there is no token at all (the token stage says so).
    let sent = match (input, &v.token) {
        (
            TokenInput::Text(t),
            Some(Token {
                format: TokenFormat::Jws,
                ..
            })
            | None,
        ) if !t.trim().is_empty() => Some(t.trim()),
        _ => None,
    };
    let (report, checked) = call::check(request, sent, &mut v.diagnostics);
    v.call = report;
    checked.map_err(Refusal::Call)?;
    if let Some(refusal) = unreadable {
        return Err(refusal);
    }
    let Some(token) = &v.token else {
        return Err(Refusal::Request {
            message: "no token was read".to_owned(),
        });
    };
    if let Some(d) = algorithm_diagnostic(token) {
        v.diagnostics.push(d);
        return Err(Refusal::Algorithm(
            token.alg().unwrap_or("(none)").to_owned(),
        ));
    }
    let claims = &token.claims;
    let exp = if access_token.is_some() {
        // An OAuth 2.0 access token: the provider vouches for it, not its claims.
        claims.get("exp").and_then(serde_json::Value::as_i64)
    } else {
        Some(required_claims(claims, &mut v.diagnostics)?)
    };
    if let (Some(roles), Some(arn)) = (claims.get(ROLES_CLAIM), &request.call.role_arn)
        && !roles_list(roles).any(|r| r == arn)
    {
        return Err(Refusal::RoleNotInRolesClaim);
    }
    let policy = docs.policy.and_then(|p| p.policy.as_ref());
    let provider = v.provider.insert(match access_token {
        Some(kind) => built_in_provider(request, kind, claims, policy),
        None => find_provider(request, claims, policy, &mut v.diagnostics)?,
    });
    let context = v.context.insert(Context::new(
        &provider.url,
        claims,
        &CallContext {
            now,
            federated_provider: &provider.arn,
            role_session_name: request.call.role_session_name.as_deref(),
            role_arn: request.call.role_arn.as_deref(),
            role_account: provider.account.as_deref(),
            role: Some(&request.role),
            caller: (request.caller != Caller::default()).then_some(&request.caller),
            organization: request.organization.as_ref(),
        },
        ContextOptions {
            provider_claims: request.provider_claims(),
        },
    ));
    check_audience(provider)?;
    if let Some(exp) = exp {
        check_expiry(now, exp, claims, &mut v.diagnostics)?;
    }
    let actions = rcp::actions(claims);
    let rcps_apply = !request
        .organization
        .as_ref()
        .is_some_and(|o| o.management_account);
    if rcps_apply {
        v.rcps = rcp::evaluate(
            docs.rcps,
            &actions,
            context,
            &provider.arn,
            request.call.role_arn.as_deref(),
        );
    }
    let Some(policy) = policy else {
        return Err(Refusal::NoPolicy {
            unreadable: docs.policy.is_some(),
        });
    };
    let run = v
        .policy
        .insert(evaluate(request, policy, context, provider, claims));
    if run.evaluation.decision != Decision::Allow {
        return Err(Refusal::Denied {
            action: ASSUME_ACTION,
        });
    }
    if run
        .tag_session
        .as_ref()
        .is_some_and(|t| t.decision != Decision::Allow)
    {
        return Err(Refusal::Denied {
            action: TAG_SESSION_ACTION,
        });
    }
    if let Some(r) = v.rcps.iter().find(|r| r.denies()) {
        return Err(Refusal::RcpDenied {
            index: r.index,
            action: r.action,
        });
    }
    Ok(())
}

/// The role ARNs of a `roles` claim (a string or an array of strings).
fn roles_list(v: &serde_json::Value) -> impl Iterator<Item = &str> {
    let items: &[serde_json::Value] = match v {
        serde_json::Value::Array(items) => items,
        one => std::slice::from_ref(one),
    };
    items.iter().filter_map(serde_json::Value::as_str)
}

/// The built-in provider of a call with `ProviderId` (Facebook, Login with Amazon), whose
/// token is an OAuth 2.0 access token: oidc-trust reads its claims as given.
fn access_token_provider(
    request: &Request,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<IssuerKind> {
    let id = request.call.provider_id.as_deref()?;
    match IssuerKind::built_in_named(id) {
        Some(kind) if kind.takes_access_tokens() => Some(kind),
        _ => {
            diagnostics.push(
                Diagnostic::new(
                    codes::INVALID_CALL_PARAMETER,
                    Severity::Warning,
                    Source::Call,
                    format!("`providerId` is `{id}`; STS takes it only for `www.amazon.com` and `graph.facebook.com` access tokens, so it is ignored here"),
                )
                .at("/call/providerId", None)
                .help("leave `providerId` out for an OpenID Connect ID token; what STS answers otherwise is not documented"),
            );
            None
        }
    }
}

/// Stage 2: the token (or the claims given as an object), read; its algorithm is checked
/// once the call's parameters pass. An access token (`ProviderId`) must be given as its
/// claims: only its provider can read it.
fn read_token(
    input: TokenInput<'_>,
    access_token: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Token, Refusal> {
    let decoded = match input {
        TokenInput::Claims(serde_json::Value::Object(map)) => Ok(Token {
            format: TokenFormat::Claims,
            header: None,
            claims: Claims::new(map.clone()),
            signature_len: 0,
        }),
        TokenInput::Claims(other) => {
            let message = format!(
                "`claims` is {}, expected a JSON object",
                crate::json::kind_of(other)
            );
            diagnostics.push(Diagnostic::invalid_request(message.clone()));
            return Err(Refusal::Request { message });
        }
        TokenInput::Text(t) => token::read(t).map(|r| {
            diagnostics.extend(
                r.adjustments
                    .iter()
                    .map(|a| a.finding(Source::Token, "the token")),
            );
            r.token
        }),
    };
    match decoded {
        Ok(token) => Ok(token),
        Err(_) if access_token => {
            let message = "with `providerId` the token is an OAuth 2.0 access token, which only its provider can read: give what the provider reports for it (`app_id`, `id` or `user_id`) as `claims`".to_owned();
            diagnostics.push(Diagnostic::invalid_request(message.clone()));
            Err(Refusal::Request { message })
        }
        Err(e) => {
            diagnostics.push(Diagnostic::new(
                codes::INVALID_TOKEN,
                Severity::Error,
                Source::Token,
                e.to_string(),
            ));
            Err(Refusal::Token(e))
        }
    }
}

/// Stage 3: the claims AWS requires; returns `exp`.
fn required_claims(claims: &Claims, diagnostics: &mut Vec<Diagnostic>) -> Result<i64, Refusal> {
    for claim in ["aud", "sub", "iss", "exp"] {
        let present = match claim {
            "aud" => !claims.audiences().is_empty(),
            _ => claims.get(claim).is_some_and(|v| !v.is_null()),
        };
        if !present {
            return Err(Refusal::MissingClaim(claim));
        }
    }
    claims
        .get("exp")
        .and_then(serde_json::Value::as_i64)
        .ok_or_else(|| {
            diagnostics.push(Diagnostic::new(
                codes::INVALID_TOKEN,
                Severity::Error,
                Source::Token,
                "`exp` is not a whole number of seconds; AWS requires integer timestamps"
                    .to_owned(),
            ));
            Refusal::ExpNotInteger
        })
}

/// Stage 4: one of AWS's built-in providers for `iss` (Google, also without `https://`,
/// which Google's ID tokens may carry; Cognito), else the IAM OIDC provider of the role's
/// account whose URL equals `iss` without `https://`.
fn find_provider(
    request: &Request,
    claims: &Claims,
    policy: Option<&TrustPolicy>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Provider, Refusal> {
    let iss = claims.issuer().unwrap_or_default();
    let prefix = iss.strip_prefix("https://");
    let built_in = IssuerKind::of(providers::key_prefix(iss));
    let google_bare = built_in == IssuerKind::Google && prefix.is_none();
    if built_in.built_in_name().is_some()
        && !built_in.takes_access_tokens()
        && (prefix.is_some() || google_bare)
    {
        for (i, p) in request.providers.iter().enumerate() {
            if IssuerKind::of(providers::key_prefix(&p.url)) == built_in {
                diagnostics.push(
                    Diagnostic::new(
                        codes::BUILT_IN_PROVIDER_ENTRY,
                        Severity::Info,
                        Source::Providers,
                        format!("`{}` is one of AWS's built-in providers: it needs no IAM OIDC provider, and this entry changes nothing", providers::key_prefix(&p.url)),
                    )
                    .at(&format!("/providers/{i}"), None)
                    .help("trust it in the policy as `\"Federated\": \"accounts.google.com\"` (or `cognito-identity.amazonaws.com`), and pin its `aud` there: there is no client-id list"),
                );
            }
        }
        return Ok(built_in_provider(request, built_in, claims, policy));
    }
    let role_account = request
        .call
        .role_arn
        .as_deref()
        .and_then(RoleArn::parse)
        .map(|a| a.account)
        .or(request.account.as_deref());
    let mut known = Vec::new();
    let mut found = None;
    for (i, p) in request.providers.iter().enumerate() {
        let Some(url) = check_provider(i, p, diagnostics) else {
            continue;
        };
        if let (Some(role), Some(arn)) =
            (role_account, p.arn.as_deref().and_then(ProviderArn::parse))
            && arn.account != role
        {
            diagnostics.push(
                Diagnostic::new(
                    codes::PROVIDER_IN_OTHER_ACCOUNT,
                    Severity::Warning,
                    Source::Providers,
                    format!("provider `{url}` is in account {}, the role in {role}: AWS looks the provider up in the role's account only, so it is not used", arn.account),
                )
                .at(&format!("/providers/{i}/arn"), None)
                .help("create the OIDC provider in the role's account: cross-account web-identity roles are not supported (AWS re:Post, \"iam-oidc-idp-federation\")"),
            );
            continue;
        }
        if found.is_none() && prefix == Some(url) {
            found = Some((i, url));
        }
        known.push(url);
    }
    let Some((index, url)) = found else {
        return Err(Refusal::Issuer(if prefix.is_none() {
            IssuerMiss::NotHttps
        } else if known.is_empty() {
            IssuerMiss::NoProviders
        } else {
            IssuerMiss::NoMatch {
                known: known.into_iter().map(str::to_owned).collect(),
            }
        }));
    };
    let config = request.providers.get(index).cloned().unwrap_or_default();
    let (account, account_source, partition) =
        locate_account(request, config.arn.as_deref(), url, policy);
    let arn = config.arn.clone().unwrap_or_else(|| {
        ProviderArn::new(&partition, account.as_deref().unwrap_or("<account>"), url).to_string()
    });
    Ok(Provider {
        index: Some(index),
        url: url.to_owned(),
        arn,
        account,
        account_source,
        client_ids: config.client_ids,
        audience_claim: claims.audience_claim(),
        audiences: claims
            .audience_values()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        kind: IssuerKind::of(url),
    })
}

/// A built-in provider: named in `Federated` by its name, with no client-id list.
fn built_in_provider(
    request: &Request,
    kind: IssuerKind,
    claims: &Claims,
    policy: Option<&TrustPolicy>,
) -> Provider {
    let name = kind.built_in_name().unwrap_or_default();
    let (account, account_source, _) = locate_account(request, None, name, policy);
    Provider {
        index: None,
        url: name.to_owned(),
        arn: name.to_owned(),
        account,
        account_source,
        client_ids: Vec::new(),
        audience_claim: claims.audience_claim(),
        audiences: claims
            .audience_values()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        kind,
    }
}

/// Validates one provider setting as IAM would; returns its URL without `https://`.
fn check_provider<'a>(
    index: usize,
    p: &'a ProviderConfig,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'a str> {
    let url = p.url.trim();
    let bad = |msg: String| {
        Diagnostic::new(
            codes::INVALID_PROVIDER,
            Severity::Error,
            Source::Providers,
            msg,
        )
        .at(&format!("/providers/{index}/url"), None)
    };
    if url.starts_with("http://") {
        diagnostics.push(bad(format!("provider URL `{url}` must use https")));
        return None;
    }
    let bare = providers::key_prefix(url);
    if bare.is_empty() {
        diagnostics.push(bad("a provider URL is empty".to_owned()));
        return None;
    }
    if bare.contains(['?', '#']) {
        diagnostics.push(bad(format!(
            "provider URL `{url}` has a query or fragment, which IAM does not allow"
        )));
    }
    if bare.split('/').next().is_some_and(|h| h.contains(':')) {
        diagnostics.push(bad(format!(
            "provider URL `{url}` has a port, which IAM does not allow"
        )));
    }
    if p.client_ids.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                codes::INVALID_PROVIDER,
                Severity::Warning,
                Source::Providers,
                format!("provider `{bare}` has no client ids, so every token from it fails the audience check"),
            )
            .at(&format!("/providers/{index}/clientIds"), None),
        );
    }
    Some(bare)
}

/// The account, where it came from, and the partition: the role ARN's, the request's
/// `account`, the provider ARN's (`provider_arn`), else the policy's `Federated` ARN for
/// `url` (or its first one).
fn locate_account(
    request: &Request,
    provider_arn: Option<&str>,
    url: &str,
    policy: Option<&TrustPolicy>,
) -> (Option<String>, AccountSource, String) {
    let provider_arn = provider_arn.and_then(ProviderArn::parse);
    if let Some(role) = request.call.role_arn.as_deref().and_then(RoleArn::parse) {
        return (
            Some(role.account.to_owned()),
            AccountSource::RoleArn,
            role.partition.to_owned(),
        );
    }
    if let Some(account) = &request.account {
        let partition = provider_arn.map_or("aws", |a| a.partition);
        return (
            Some(account.clone()),
            AccountSource::Request,
            partition.to_owned(),
        );
    }
    if let Some(a) = provider_arn {
        return (
            Some(a.account.to_owned()),
            AccountSource::ProviderArn,
            a.partition.to_owned(),
        );
    }
    let mut first = None;
    for arn in policy
        .into_iter()
        .flat_map(|p| &p.statements)
        .flat_map(|s| s.principal.federated())
        .filter_map(ProviderArn::parse)
    {
        if arn.url == url {
            first = Some(arn);
            break;
        }
        first.get_or_insert(arn);
    }
    match first {
        Some(a) => (
            Some(a.account.to_owned()),
            AccountSource::Policy,
            a.partition.to_owned(),
        ),
        None => (None, AccountSource::Unknown, "aws".to_owned()),
    }
}

/// Stage 5: `azp`, else `aud`, on the provider's client-id list. A built-in provider has
/// none: AWS takes any audience and leaves it to the trust policy (inferred from working
/// policies that trust `accounts.google.com` on `sub` alone; UNCONFIRMED as a documented
/// rule).
fn check_audience(provider: &Provider) -> Result<(), Refusal> {
    if provider.built_in() {
        return Ok(());
    }
    provider
        .matched_audience()
        .map(|_| ())
        .ok_or(Refusal::Audience)
}

/// Stage 6: expiry, with AWS's five-minute grace. A future `nbf` or `iat` only warns: AWS
/// does not document refusing it.
fn check_expiry(
    now: i64,
    exp: i64,
    claims: &Claims,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Refusal> {
    if now > exp.saturating_add(EXPIRY_GRACE_SECONDS) {
        return Err(Refusal::Expired { exp });
    }
    for claim in ["nbf", "iat"] {
        if let Some(t) = claims.get(claim).and_then(serde_json::Value::as_i64)
            && t > now.saturating_add(EXPIRY_GRACE_SECONDS)
        {
            diagnostics.push(
                Diagnostic::new(
                    codes::TOKEN_NOT_YET_VALID,
                    Severity::Warning,
                    Source::Token,
                    format!("`{claim}` is {} after the evaluation time", duration(t - now)),
                )
                .help("AWS's handling of future `nbf`/`iat` is not documented; oidc-trust does not refuse on it. Check the evaluation time"),
            );
        }
    }
    Ok(())
}

/// Stage 7: the trust policy, for the action and, with session tags, `sts:TagSession`.
fn evaluate(
    request: &Request,
    policy: &TrustPolicy,
    context: &Context,
    provider: &Provider,
    claims: &Claims,
) -> PolicyRun {
    let action = request.action.as_deref().unwrap_or(ASSUME_ACTION);
    let eval_request = EvalRequest {
        context,
        action,
        principal: &provider.arn,
        resource: None,
    };
    let evaluation = eval::evaluate(policy, &eval_request);
    let tag_session = claims.get(TAGS_CLAIM).is_some().then(|| {
        eval::evaluate(
            policy,
            &EvalRequest {
                action: TAG_SESSION_ACTION,
                ..eval_request
            },
        )
    });
    PolicyRun {
        action: action.to_owned(),
        evaluation,
        tag_session,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names_are_the_serialised_names() {
        for s in std::iter::once(Stage::Request).chain(Stage::ORDER) {
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::Value::String(s.as_str().to_owned()))
            );
        }
    }
}
