//! AWS STS `AssumeRoleWithWebIdentity`, stage by stage, stopping where AWS stops, with
//! AWS's error code and message:
//!
//! 1. `token`: the input must decode as a JWT (signatures are never verified).
//! 2. `claims`: `aud`, `sub`, `iss` and `exp` must be present.
//! 3. `issuer`: an IAM OIDC provider whose URL equals `iss` (minus `https://`, exactly).
//! 4. `audience`: `azp`, else `aud`, must be on the provider's client-id list.
//! 5. `expiry`: `now` may be at most five minutes past `exp`.
//! 6. `policy`: the role trust policy must allow the action for this provider.
//!
//! Each stage is a function returning `Result<_, Refusal>`, so "AWS stops at the first
//! failure" is the `?` operator. The result is typed data ([`Verdict`]); the words that
//! explain it are written by [`crate::explain`].

use serde::Serialize;

use super::arn::ProviderArn;
use super::context::{Context, ContextOptions, TAGS_CLAIM};
use super::eval::{self, Decision, EvalRequest, PolicyEvaluation};
use super::policy::{ASSUME_ACTION, ParsedPolicy, TAG_SESSION_ACTION, TrustPolicy};
use super::request::{ProviderConfig, Request};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::providers::{self, IssuerKind};
use crate::time::duration;
use crate::token::{self, Claims, DecodeError, Token, TokenFormat};

/// How far past `exp` AWS still accepts a token, in seconds (IAM UG, "five minutes").
pub const EXPIRY_GRACE_SECONDS: i64 = 300;

/// The algorithms AWS STS documents for web-identity tokens: RSA (since the start) and
/// ECDSA (since November 2024). Source: the `WebIdentityToken` parameter docs, and the
/// 2024-11 "ECDSA-based signatures" announcement (see the semantics reference, 1.1 and 1.3).
pub const AWS_ALGORITHMS: &[&str] = &["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];

/// The message AWS gives for anything it cannot read as a JWT.
const NOT_A_JWT: &str = "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)";

/// The stages of `AssumeRoleWithWebIdentity`, in the order AWS runs them.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    /// The request itself could not be read.
    Request,
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
}

impl Stage {
    /// The wire name (as serialised): `request`, `token`, `claims`, `issuer`, `audience`,
    /// `expiry`, `policy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Request => "request",
            Stage::Token => "token",
            Stage::Claims => "claims",
            Stage::Issuer => "issuer",
            Stage::Audience => "audience",
            Stage::Expiry => "expiry",
            Stage::Policy => "policy",
        }
    }

    /// The stages AWS runs, in order (`request` is oidc-trust's own).
    pub const ORDER: [Stage; 6] = [
        Stage::Token,
        Stage::Claims,
        Stage::Issuer,
        Stage::Audience,
        Stage::Expiry,
        Stage::Policy,
    ];
}

/// An error as AWS reports it.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsError {
    /// The error code, e.g. `InvalidIdentityToken`.
    pub code: String,
    /// The message, verbatim.
    pub message: String,
}

impl AwsError {
    fn new(code: &str, message: &str) -> Self {
        AwsError {
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }
}

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
    /// The token cannot be decoded.
    Token(DecodeError),
    /// A claim AWS requires is missing.
    MissingClaim(&'static str),
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
}

impl Refusal {
    /// The stage that refused.
    pub fn stage(&self) -> Stage {
        match self {
            Refusal::Request { .. } => Stage::Request,
            Refusal::Token(_) => Stage::Token,
            Refusal::MissingClaim(_) | Refusal::ExpNotInteger => Stage::Claims,
            Refusal::Issuer(_) => Stage::Issuer,
            Refusal::Audience => Stage::Audience,
            Refusal::Expired { .. } => Stage::Expiry,
            Refusal::NoPolicy { .. } | Refusal::Denied { .. } => Stage::Policy,
        }
    }

    /// AWS's error, when AWS would answer at all.
    pub fn aws_error(&self, iss: &str, now: i64) -> Option<AwsError> {
        Some(match self {
            Refusal::Request { .. } | Refusal::NoPolicy { .. } => return None,
            Refusal::Token(_) | Refusal::ExpNotInteger => {
                AwsError::new("InvalidIdentityToken", NOT_A_JWT)
            }
            Refusal::MissingClaim(claim) => AwsError::new(
                "InvalidIdentityToken",
                &format!("Missing a required claim: {claim}"),
            ),
            Refusal::Issuer(_) => AwsError::new(
                "InvalidIdentityToken",
                &format!("No OpenIDConnect provider found in your account for {iss}"),
            ),
            Refusal::Audience => AwsError::new("InvalidIdentityToken", "Incorrect token audience"),
            Refusal::Expired { exp } => AwsError::new(
                "ExpiredTokenException",
                &format!(
                    "Token expired: current date/time {now} must be before the expiration date/time {exp}"
                ),
            ),
            Refusal::Denied { action } => AwsError::new(
                "AccessDenied",
                &format!("Not authorized to perform {action}"),
            ),
        })
    }
}

/// Where the role's account id came from.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AccountSource {
    /// The request's `account`.
    Request,
    /// The matched provider's `arn`.
    ProviderArn,
    /// A `Federated` ARN in the trust policy.
    Policy,
    /// Nowhere: the ARN shows `<account>`.
    Unknown,
}

/// The IAM OIDC provider that matched the token's issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    /// Its index in the request's `providers`.
    pub index: usize,
    /// Its URL without `https://`: also the condition-key prefix.
    pub url: String,
    /// Its ARN, which the trust policy must name.
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
    /// The decoded token, once the token stage passed.
    pub token: Option<Token>,
    /// The matched provider, once the issuer stage passed.
    pub provider: Option<Provider>,
    /// The condition keys of the request, once the provider is known.
    pub context: Option<Context>,
    /// The policy evaluations, once every earlier stage passed.
    pub policy: Option<PolicyRun>,
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

/// The warning for a signing algorithm AWS does not accept, if the token has one.
pub fn algorithm_diagnostic(token: &Token) -> Option<Diagnostic> {
    if algorithm_accepted(token) != Some(false) {
        return None;
    }
    let alg = token.alg().unwrap_or("(none)");
    Some(
        Diagnostic::new(
            codes::UNSUPPORTED_SIGNING_ALGORITHM,
            Severity::Warning,
            Source::Token,
            format!("`alg` is `{alg}`; AWS only accepts RSA (RS256/384/512) and ECDSA (ES256/384/512) signatures"),
        )
        .help("oidc-trust does not verify signatures, so the verdict below assumes a valid RSA or ECDSA signature"),
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

/// Runs the stages for a request whose policy was read into `policy` (`None`: no policy
/// was given).
pub fn run(request: &Request, policy: Option<&ParsedPolicy>) -> Verdict {
    run_with(request, TokenInput::of(request), request.now, policy)
}

/// Runs the stages for `token` at `now`, with the rest of the call (providers, account,
/// action...) from `request`, whose own token and time are not read. This is how one
/// configuration checks many tokens.
pub fn run_with(
    request: &Request,
    token: TokenInput<'_>,
    now: i64,
    policy: Option<&ParsedPolicy>,
) -> Verdict {
    let mut verdict = Verdict::default();
    if let Err(refusal) = stages(request, token, now, policy, &mut verdict) {
        verdict.refusal = Some(refusal);
    }
    verdict
}

fn stages(
    request: &Request,
    input: TokenInput<'_>,
    now: i64,
    parsed: Option<&ParsedPolicy>,
    v: &mut Verdict,
) -> Result<(), Refusal> {
    let token = v.token.insert(read_token(input, &mut v.diagnostics)?);
    let claims = &token.claims;
    let exp = required_claims(claims, &mut v.diagnostics)?;
    let policy = parsed.and_then(|p| p.policy.as_ref());
    let provider = v
        .provider
        .insert(find_provider(request, claims, policy, &mut v.diagnostics)?);
    let options = ContextOptions {
        provider_claims: request.provider_claims(),
    };
    let context = v.context.insert(Context::new(
        &provider.url,
        claims,
        request.role_session_name.as_deref(),
        options,
    ));
    check_audience(provider)?;
    check_expiry(now, exp, claims, &mut v.diagnostics)?;
    let Some(policy) = policy else {
        return Err(Refusal::NoPolicy {
            unreadable: parsed.is_some(),
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
    Ok(())
}

/// Stage 1: the token (or the claims given as an object).
fn read_token(input: TokenInput<'_>, diagnostics: &mut Vec<Diagnostic>) -> Result<Token, Refusal> {
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
            diagnostics.push(Diagnostic::new(
                codes::INVALID_REQUEST,
                Severity::Error,
                Source::Request,
                message.clone(),
            ));
            return Err(Refusal::Request { message });
        }
        TokenInput::Text(t) => token::decode(t),
    };
    match decoded {
        Ok(token) => {
            diagnostics.extend(algorithm_diagnostic(&token));
            Ok(token)
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

/// Stage 2: the claims AWS requires; returns `exp`.
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

/// Stage 3: the IAM OIDC provider whose URL equals `iss` without `https://`.
fn find_provider(
    request: &Request,
    claims: &Claims,
    policy: Option<&TrustPolicy>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Provider, Refusal> {
    let iss = claims.issuer().unwrap_or_default();
    let prefix = iss.strip_prefix("https://");
    let mut known = Vec::new();
    let mut found = None;
    for (i, p) in request.providers.iter().enumerate() {
        if let Some(url) = check_provider(i, p, diagnostics) {
            if found.is_none() && prefix == Some(url) {
                found = Some((i, url));
            }
            known.push(url);
        }
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
    let (account, account_source, partition) = locate_account(request, &config, url, policy);
    let arn = config.arn.clone().unwrap_or_else(|| {
        ProviderArn::new(&partition, account.as_deref().unwrap_or("<account>"), url).to_string()
    });
    Ok(Provider {
        index,
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

/// The account, where it came from, and the partition.
fn locate_account(
    request: &Request,
    provider: &ProviderConfig,
    url: &str,
    policy: Option<&TrustPolicy>,
) -> (Option<String>, AccountSource, String) {
    let provider_arn = provider.arn.as_deref().and_then(ProviderArn::parse);
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

/// Stage 4: `azp`, else `aud`, on the provider's client-id list.
fn check_audience(provider: &Provider) -> Result<(), Refusal> {
    provider
        .matched_audience()
        .map(|_| ())
        .ok_or(Refusal::Audience)
}

/// Stage 5: expiry, with AWS's five-minute grace. A future `nbf` or `iat` only warns: AWS
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

/// Stage 6: the trust policy, for the action and, with session tags, `sts:TagSession`.
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
