//! The one JSON interface every shell uses: [`analyze`] takes a [`Request`] and returns an
//! [`Analysis`]. Field names are camelCase on the wire; the README documents each one.
//!
//! The answer follows AWS STS `AssumeRoleWithWebIdentity` stage by stage, stopping where
//! AWS stops, with AWS's error code and message:
//!
//! 1. `token`: the input must decode as a JWT (signatures are never verified).
//! 2. `claims`: `aud`, `sub`, `iss` and `exp` must be present.
//! 3. `issuer`: an IAM OIDC provider whose URL equals `iss` (minus `https://`, exactly).
//! 4. `audience`: `azp`, else `aud`, must be on the provider's client-id list.
//! 5. `expiry`: `now` may be at most five minutes past `exp`.
//! 6. `policy`: the role trust policy must allow the action for this provider.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::context::{Context, ContextOptions, IssuerKind, Lookup, TAGS_CLAIM};
use crate::diagnostic::{self as codes, Diagnostic, Severity, Source};
use crate::eval::{self, Applies, Decision, EvalRequest, Outcome, PolicyEvaluation};
use crate::json::Span;
use crate::jwt::{self, Claims, Token, TokenFormat};
use crate::pattern;
use crate::policy::{self, BaseOperator, Effect, Principal, TrustPolicy};
use crate::time::duration;

/// The action AWS evaluates for a web-identity assume.
pub const ASSUME_ACTION: &str = "sts:AssumeRoleWithWebIdentity";
/// The extra action evaluated when the token carries session tags.
pub const TAG_SESSION_ACTION: &str = "sts:TagSession";
/// How far past `exp` AWS still accepts a token, in seconds (IAM UG, "five minutes").
pub const EXPIRY_GRACE_SECONDS: i64 = 300;

/// What to analyse.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Request {
    /// The token: a compact JWT, or its claims as JSON text.
    #[serde(default)]
    pub token: Option<String>,
    /// The claims as a JSON object, instead of `token`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<serde_json::Value>,
    /// The role trust policy: JSON text, or a JSON object.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "string | JsonObject | null"))]
    pub policy: Option<serde_json::Value>,
    /// The IAM OIDC providers of the role's account.
    #[serde(default)]
    pub providers: Vec<ProviderConfig>,
    /// The role's AWS account id. When absent, taken from a provider `arn`, then from the
    /// policy's `Federated` ARN.
    #[serde(default)]
    pub account: Option<String>,
    /// The evaluation time, in seconds since the epoch. Required: the core never reads the
    /// clock.
    pub now: i64,
    /// The action; default `sts:AssumeRoleWithWebIdentity`.
    #[serde(default)]
    pub action: Option<String>,
    /// The `RoleSessionName` of the call (the `sts:RoleSessionName` key), if any.
    #[serde(default)]
    pub role_session_name: Option<String>,
    /// Whether AWS exposes the provider claims added in January 2026; default `true`.
    #[serde(default)]
    pub provider_claims: Option<bool>,
    /// Whether to run the security lints and write near-miss hints; default `true`.
    /// `false` gives the verdict and the trace only, several times faster, for callers that
    /// check many tokens or policies.
    #[serde(default)]
    pub lints: Option<bool>,
}

/// One IAM OIDC provider.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProviderConfig {
    /// The provider URL, with or without `https://` (`token.actions.githubusercontent.com`).
    pub url: String,
    /// The client-id (audience) list.
    #[serde(default)]
    pub client_ids: Vec<String>,
    /// The provider ARN, if known (gives the account and partition).
    #[serde(default)]
    pub arn: Option<String>,
}

impl Request {
    /// A request for a token and a policy text, with providers and the time.
    pub fn new(token: &str, policy: &str, providers: Vec<ProviderConfig>, now: i64) -> Self {
        Request {
            token: Some(token.to_owned()),
            claims: None,
            policy: Some(serde_json::Value::String(policy.to_owned())),
            providers,
            account: None,
            now,
            action: None,
            role_session_name: None,
            provider_claims: None,
            lints: None,
        }
    }
}

impl ProviderConfig {
    /// A provider with a URL and client ids.
    pub fn new(url: &str, client_ids: &[&str]) -> Self {
        ProviderConfig {
            url: url.to_owned(),
            client_ids: client_ids.iter().map(|s| (*s).to_owned()).collect(),
            arn: None,
        }
    }
}

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
    /// The wire name: `request`, `token`, `claims`, `issuer`, `audience`, `expiry`, `policy`.
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
}

const STAGES: [Stage; 6] = [
    Stage::Token,
    Stage::Claims,
    Stage::Issuer,
    Stage::Audience,
    Stage::Expiry,
    Stage::Policy,
];

/// How a stage went.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StageStatus {
    /// Passed.
    Passed,
    /// Failed: this stage decided.
    Failed,
    /// AWS stopped before it.
    NotReached,
}

/// One stage's report.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageReport {
    /// Which stage.
    pub stage: Stage,
    /// How it went.
    pub status: StageStatus,
    /// What was checked, in a sentence.
    pub detail: String,
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

/// What was decoded from the token.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    /// `jws` or `claims`.
    pub format: TokenFormat,
    /// The JOSE header, if any.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub header: Option<serde_json::Map<String, serde_json::Value>>,
    /// `alg`.
    pub alg: Option<String>,
    /// `kid`.
    pub kid: Option<String>,
    /// `typ`.
    pub typ: Option<String>,
    /// Whether AWS accepts the algorithm (RSA or ECDSA); `null` without a header.
    pub algorithm_accepted: Option<bool>,
    /// Whether the token has a non-empty signature. It is never verified.
    pub signed: bool,
}

/// The provider that matched, and the account.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderInfo {
    /// The provider URL without `https://`: also the condition-key prefix.
    pub url: String,
    /// The provider ARN the trust policy must name.
    pub arn: String,
    /// The account, if known.
    pub account: Option<String>,
    /// Where the account came from: `request`, `providerArn`, `policy` or `unknown`.
    pub account_source: &'static str,
    /// The client-id list.
    pub client_ids: Vec<String>,
    /// The audience values checked against it (`azp`, else `aud`).
    pub audiences: Vec<String>,
    /// The issuer family (`gitHub`, `gitLabCom`, `buildkite`, `circleCi`, `generic`).
    pub issuer_kind: IssuerKind,
}

/// One condition key of the request.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfo {
    /// The key.
    pub key: String,
    /// Its values; `null` when AWS supplies the key but the token lacks the claim.
    pub values: Option<Vec<String>>,
}

/// The trust-policy evaluation for one action, explained.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTrace {
    /// The action evaluated.
    pub action: String,
    /// The decision.
    pub decision: Decision,
    /// `false` if a statement could not be fully evaluated.
    pub complete: bool,
    /// Every statement.
    pub statements: Vec<StatementTrace>,
}

/// One statement, explained.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementTrace {
    /// Position in the policy.
    pub index: usize,
    /// `Sid`.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Option<Effect>,
    /// Whether it applies.
    pub applies: Applies,
    /// Why AWS could not hold it, if so.
    pub invalid: Option<String>,
    /// The principal check.
    pub principal: MatchTrace,
    /// The action check.
    pub action: MatchTrace,
    /// Every condition.
    pub conditions: Vec<ConditionTrace>,
    /// JSON pointer.
    pub pointer: String,
    /// Where in the policy text.
    pub span: Span,
}

/// A principal or action check.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchTrace {
    /// Whether it matched.
    pub matched: bool,
    /// What the request has (the provider ARN, the action).
    pub request: String,
    /// What the statement lists.
    pub values: Vec<String>,
}

/// One condition, explained.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionTrace {
    /// The operator as written.
    pub operator: String,
    /// The key as written.
    pub key: String,
    /// The policy values.
    pub values: Vec<String>,
    /// The request's values; `null` when the key is absent.
    pub request_values: Option<Vec<String>>,
    /// Whether it holds; `null` when not evaluated.
    pub holds: Option<bool>,
    /// `matched`, `notMatched`, `allValues`, `keyMissing`, `keyNotSupplied`,
    /// `absentIfExists`, `null` or `notModelled`.
    pub outcome: &'static str,
    /// The policy value that matched, if one did.
    pub matched_value: Option<String>,
    /// The outcome in a sentence.
    pub explanation: String,
    /// For a failed string match, where the request value and the closest policy value
    /// part ways.
    pub near_miss: Option<NearMiss>,
    /// JSON pointer.
    pub pointer: String,
    /// Where in the policy text.
    pub span: Span,
}

/// Where a request value and the closest policy value part ways.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NearMiss {
    /// The closest policy value (as resolved: variables substituted).
    pub value: String,
    /// The request value.
    pub request_value: String,
    /// Characters of the request value that matched before the difference.
    pub offset: usize,
    /// Characters of the policy value (rendered) that matched before the difference.
    pub value_offset: usize,
    /// The rest of the policy value from the difference.
    pub expected: String,
    /// The rest of the request value from the difference.
    pub found: String,
}

/// The answer.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    /// Whether AWS would return credentials.
    pub accepted: bool,
    /// The stage that decided: the failing one, or `policy` when accepted.
    pub stage: Stage,
    /// AWS's error, or `null` when accepted (or when no AWS call could be made).
    pub aws_error: Option<AwsError>,
    /// The verdict in one sentence.
    pub summary: String,
    /// Every stage, in order.
    pub stages: Vec<StageReport>,
    /// The decoded token.
    pub token: Option<TokenInfo>,
    /// The claims, in token order.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<serde_json::Map<String, serde_json::Value>>,
    /// The matched provider.
    pub provider: Option<ProviderInfo>,
    /// The condition keys AWS would put in the request, present or not.
    pub condition_keys: Vec<KeyInfo>,
    /// The trust-policy evaluation; `null` when AWS never consulted the policy.
    pub policy: Option<PolicyTrace>,
    /// The `sts:TagSession` evaluation, when the token carries session tags.
    pub tag_session: Option<PolicyTrace>,
    /// Every finding about the inputs: reading errors, then security lints.
    pub diagnostics: Vec<Diagnostic>,
    /// On a refusal, what to change: near misses with the closest value and a fix.
    pub hints: Vec<crate::hints::Hint>,
}

impl TokenInfo {
    /// What a decoded token says about itself.
    pub fn of(token: &Token) -> Self {
        TokenInfo {
            format: token.format,
            header: token.header.clone(),
            alg: token.alg().map(str::to_owned),
            kid: token.kid().map(str::to_owned),
            typ: token.typ().map(str::to_owned),
            algorithm_accepted: token.algorithm_accepted(),
            signed: token.signature_len > 0,
        }
    }
}

/// The warning for a signing algorithm AWS does not accept, if the token has one.
fn algorithm_diagnostic(token: &Token) -> Option<Diagnostic> {
    if token.algorithm_accepted() != Some(false) {
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

/// A token decoded on its own (the first stage of [`analyze`], without a policy).
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecodedToken {
    /// The token's form and header; `null` when it cannot be decoded.
    pub token: Option<TokenInfo>,
    /// The claims, in token order; `null` when the token cannot be decoded.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<serde_json::Map<String, serde_json::Value>>,
    /// Why it cannot be decoded (`invalid-token`), or other findings about it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes a token (compact JWS, or claims as JSON text) without analysing it. Never
/// fails: a token that cannot be decoded comes back with an `invalid-token` diagnostic.
/// Signatures are never verified.
pub fn decode_token(input: &str) -> DecodedToken {
    match jwt::decode(input) {
        Ok(token) => DecodedToken {
            diagnostics: algorithm_diagnostic(&token).into_iter().collect(),
            token: Some(TokenInfo::of(&token)),
            claims: Some(token.claims.as_map().clone()),
        },
        Err(e) => DecodedToken {
            token: None,
            claims: None,
            diagnostics: vec![Diagnostic::new(
                codes::INVALID_TOKEN,
                Severity::Error,
                Source::Token,
                e.to_string(),
            )],
        },
    }
}

/// The message AWS gives for anything it cannot read as a JWT.
const NOT_A_JWT: &str = "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)";

/// Analyses a request given as JSON text. Never fails: a malformed request comes back as
/// an analysis with an `invalid-request` diagnostic.
pub fn analyze_json(request: &str) -> Analysis {
    match serde_json::from_str::<Request>(request) {
        Ok(r) => analyze(&r),
        Err(e) => invalid_request(&format!("the request is not valid: {e}")),
    }
}

/// Lints a policy given as a JSON [`LintRequest`](crate::lint::LintRequest) text. Never
/// fails: a malformed request comes back with an `invalid-request` diagnostic.
pub fn lint_json(request: &str) -> crate::lint::LintResult {
    match serde_json::from_str::<crate::lint::LintRequest>(request) {
        Ok(r) => crate::lint::lint_request(&r),
        Err(e) => crate::lint::LintResult {
            diagnostics: vec![request_error(format!("the request is not valid: {e}"))],
        },
    }
}

/// Writes the least-privilege trust policy for a token, from a JSON
/// [`GenerateRequest`](crate::generate::GenerateRequest) text. Never fails: a malformed
/// request comes back with an `invalid-request` diagnostic.
pub fn generate_json(request: &str) -> crate::generate::GenerateResult {
    match serde_json::from_str::<crate::generate::GenerateRequest>(request) {
        Ok(r) => crate::generate::generate_policy(&r),
        Err(e) => generate_failed(format!("the request is not valid: {e}")),
    }
}

/// Renders the policy of the terraform-aws-signing-kms module from a JSON
/// [`ModuleInputs`](crate::generate::ModuleInputs) text. Never fails: malformed inputs come
/// back with an `invalid-request` diagnostic.
pub fn render_module_json(inputs: &str) -> crate::generate::GenerateResult {
    match serde_json::from_str::<crate::generate::ModuleInputs>(inputs) {
        Ok(i) => crate::generate::render_module_policy(&i),
        Err(e) => generate_failed(format!("the module inputs are not valid: {e}")),
    }
}

fn request_error(message: String) -> Diagnostic {
    Diagnostic::new(
        codes::INVALID_REQUEST,
        Severity::Error,
        Source::Request,
        message,
    )
}

fn generate_failed(message: String) -> crate::generate::GenerateResult {
    crate::generate::GenerateResult {
        policy: None,
        policy_text: None,
        provider: None,
        subjects: Vec::new(),
        verified: None,
        notes: Vec::new(),
        diagnostics: vec![request_error(message)],
    }
}

/// An analysis that says the request itself could not be read.
pub fn invalid_request(message: &str) -> Analysis {
    let mut b = Builder::default();
    b.diagnostics.push(Diagnostic::new(
        codes::INVALID_REQUEST,
        Severity::Error,
        Source::Request,
        message.to_owned(),
    ));
    b.finish_refused(Stage::Request, None, message.to_owned())
}

/// Analyses a request: the verdict stage by stage, the policy's lint findings (in
/// `diagnostics`) and, on a refusal, near-miss hints.
pub fn analyze(request: &Request) -> Analysis {
    // The policy is read once and shared by the stages and the lints.
    let policy_text = match &request.policy {
        None => None,
        Some(serde_json::Value::String(s)) => Some(std::borrow::Cow::Borrowed(s.as_str())),
        Some(v) => Some(std::borrow::Cow::Owned(
            serde_json::to_string_pretty(v).unwrap_or_default(),
        )),
    };
    let parsed = policy_text.as_deref().map(policy::parse_policy);
    let mut analysis = analyze_stages(request, parsed.as_ref());
    if request.lints == Some(false) {
        return analysis;
    }
    if let Some(policy) = parsed.as_ref().and_then(|p| p.policy.as_ref()) {
        let issuer = analysis
            .provider
            .as_ref()
            .map(|p| p.url.clone())
            .or_else(|| {
                let iss = analysis.claims.as_ref()?.get("iss")?.as_str()?;
                Some(iss.trim_start_matches("https://").to_owned())
            });
        let options = crate::lint::LintOptions {
            issuer,
            provider_claims: request.provider_claims.unwrap_or(true),
        };
        let mut seen: std::collections::HashSet<(&'static str, Option<String>)> = analysis
            .diagnostics
            .iter()
            .map(|o| (o.code, o.pointer.clone()))
            .collect();
        for d in crate::lint::run(policy, &options) {
            if seen.insert((d.code, d.pointer.clone())) {
                analysis.diagnostics.push(d);
            }
        }
    }
    if let (Some(p), Some(sub)) = (
        &analysis.provider,
        analysis
            .claims
            .as_ref()
            .and_then(|c| c.get("sub")?.as_str()),
    ) {
        let issuer = crate::providers::recognise(&p.url, Some(sub));
        if let Err(e) = crate::providers::parse_subject(issuer.platform, sub) {
            analysis.diagnostics.push(
                Diagnostic::new(
                    codes::UNEXPECTED_SUBJECT_FORMAT,
                    Severity::Info,
                    Source::Token,
                    format!(
                        "the `sub` is not in the {} format at character {}: {}",
                        issuer.platform.name(),
                        sub.get(..e.at).map_or(0, |s| s.chars().count()),
                        e.message
                    ),
                )
                .at("/claims/sub", None)
                .help("patterns written for the platform's documented subjects may not match it; the lints and hints read it as opaque text"),
            );
        }
    }
    analysis.hints = crate::hints::hints(request, &analysis);
    analysis
}

fn analyze_stages(request: &Request, parsed: Option<&policy::ParsedPolicy>) -> Analysis {
    let mut b = Builder::default();
    if let Some(p) = parsed {
        b.diagnostics.extend(p.diagnostics.iter().cloned());
    }

    // Stage 1: the token.
    let token = match (&request.token, &request.claims) {
        (_, Some(serde_json::Value::Object(map))) => Ok(Token {
            format: TokenFormat::Claims,
            header: None,
            claims: Claims::new(map.clone()),
            signature_len: 0,
        }),
        (_, Some(other)) => {
            let m = format!("`claims` is {}, expected a JSON object", json_kind(other));
            b.diagnostics.push(Diagnostic::new(
                codes::INVALID_REQUEST,
                Severity::Error,
                Source::Request,
                m.clone(),
            ));
            return b.finish_refused(Stage::Request, None, m);
        }
        (Some(t), None) => jwt::decode(t),
        (None, None) => jwt::decode(""),
    };
    let token = match token {
        Ok(t) => t,
        Err(e) => {
            b.diagnostics.push(Diagnostic::new(
                codes::INVALID_TOKEN,
                Severity::Error,
                Source::Token,
                e.to_string(),
            ));
            return b.finish_refused(
                Stage::Token,
                Some(aws("InvalidIdentityToken", NOT_A_JWT)),
                format!("AWS cannot read the token: {e}"),
            );
        }
    };
    b.diagnostics.extend(algorithm_diagnostic(&token));
    b.token = Some(TokenInfo::of(&token));
    b.claims = Some(token.claims.as_map().clone());
    let claims = &token.claims;
    b.report(
        Stage::Token,
        StageStatus::Passed,
        match token.format {
            TokenFormat::Jws => {
                "the token is a well-formed JWT (its signature is not verified)".to_owned()
            }
            TokenFormat::Claims => {
                "decoded claims were given; the JWT form and signature are assumed".to_owned()
            }
        },
    );

    // Stage 2: required claims.
    let mut missing = None;
    for claim in ["aud", "sub", "iss", "exp"] {
        let present = match claim {
            "aud" => !claims.audiences().is_empty(),
            _ => claims.get(claim).is_some_and(|v| !v.is_null()),
        };
        if !present {
            missing = Some(claim);
            break;
        }
    }
    if let Some(claim) = missing {
        return b.finish_refused(
            Stage::Claims,
            Some(aws(
                "InvalidIdentityToken",
                &format!("Missing a required claim: {claim}"),
            )),
            format!("the token has no `{claim}` claim, which AWS requires"),
        );
    }
    let exp = claims.get("exp").and_then(serde_json::Value::as_i64);
    let Some(exp) = exp else {
        b.diagnostics.push(Diagnostic::new(
            codes::INVALID_TOKEN,
            Severity::Error,
            Source::Token,
            "`exp` is not a whole number of seconds; AWS requires integer timestamps".to_owned(),
        ));
        return b.finish_refused(
            Stage::Claims,
            Some(aws("InvalidIdentityToken", NOT_A_JWT)),
            "the token's `exp` is not an integer timestamp".to_owned(),
        );
    };
    b.report(
        Stage::Claims,
        StageStatus::Passed,
        "`aud`, `sub`, `iss` and `exp` are present".to_owned(),
    );

    // Stage 3: the provider.
    let iss = claims.issuer().unwrap_or_default();
    let prefix = iss.strip_prefix("https://");
    let providers: Vec<(String, &ProviderConfig)> = request
        .providers
        .iter()
        .enumerate()
        .filter_map(|(i, p)| b.check_provider(i, p).map(|url| (url, p)))
        .collect();
    let found = prefix.and_then(|pre| providers.iter().find(|(url, _)| url == pre));
    let Some((url, provider)) = found else {
        let detail = if prefix.is_none() {
            format!("`iss` `{iss}` is not an https URL, so no IAM OIDC provider can match it")
        } else if providers.is_empty() {
            "no OIDC provider was given for the role's account".to_owned()
        } else {
            let near = providers
                .iter()
                .map(|(u, _)| format!("`{u}`"))
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "no provider URL equals `{}` exactly (the account has {near})",
                prefix.unwrap_or(iss)
            )
        };
        return b.finish_refused(
            Stage::Issuer,
            Some(aws(
                "InvalidIdentityToken",
                &format!("No OpenIDConnect provider found in your account for {iss}"),
            )),
            detail,
        );
    };
    let options = ContextOptions {
        provider_claims: request.provider_claims.unwrap_or(true),
    };
    let context = Context::new(url, claims, request.role_session_name.as_deref(), options);
    b.condition_keys = context
        .keys()
        .iter()
        .map(|k| KeyInfo {
            key: k.name.clone(),
            values: k.values.clone(),
        })
        .collect();
    let (account, account_source, partition) = locate_account(
        request,
        provider,
        url,
        parsed.and_then(|p| p.policy.as_ref()),
    );
    let arn = provider.arn.clone().unwrap_or_else(|| {
        format!(
            "arn:{partition}:iam::{}:oidc-provider/{url}",
            account.as_deref().unwrap_or("<account>")
        )
    });
    let audiences: Vec<String> = match claims.get("azp").and_then(serde_json::Value::as_str) {
        Some(azp) => vec![azp.to_owned()],
        None => claims.audiences().iter().map(|s| (*s).to_owned()).collect(),
    };
    b.provider = Some(ProviderInfo {
        url: url.clone(),
        arn: arn.clone(),
        account,
        account_source,
        client_ids: provider.client_ids.clone(),
        audiences: audiences.clone(),
        issuer_kind: IssuerKind::of(url),
    });
    b.report(
        Stage::Issuer,
        StageStatus::Passed,
        format!("the account has an OIDC provider for `{url}`"),
    );

    // Stage 4: the audience.
    let via = if claims.get("azp").is_some() {
        "`azp`"
    } else {
        "`aud`"
    };
    let Some(matched) = audiences.iter().find(|a| provider.client_ids.contains(a)) else {
        let shown = audiences
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return b.finish_refused(
            Stage::Audience,
            Some(aws("InvalidIdentityToken", "Incorrect token audience")),
            format!("{via} {shown} is not on the provider's client-id list"),
        );
    };
    b.report(
        Stage::Audience,
        StageStatus::Passed,
        format!("{via} `{matched}` is on the provider's client-id list"),
    );

    // Stage 5: expiry.
    if request.now > exp.saturating_add(EXPIRY_GRACE_SECONDS) {
        let ago = request.now.saturating_sub(exp);
        return b.finish_refused(
            Stage::Expiry,
            Some(aws(
                "ExpiredTokenException",
                &format!("Token expired: current date/time {} must be before the expiration date/time {exp}", request.now),
            )),
            format!("the token expired {} ago, beyond AWS's five-minute grace", duration(ago)),
        );
    }
    for claim in ["nbf", "iat"] {
        if let Some(t) = claims.get(claim).and_then(serde_json::Value::as_i64)
            && t > request.now.saturating_add(EXPIRY_GRACE_SECONDS)
        {
            b.diagnostics.push(
                    Diagnostic::new(
                        codes::TOKEN_NOT_YET_VALID,
                        Severity::Warning,
                        Source::Token,
                        format!("`{claim}` is {} after the evaluation time", duration(t - request.now)),
                    )
                    .help("AWS's handling of future `nbf`/`iat` is not documented; oidc-trust does not refuse on it. Check the evaluation time"),
                );
        }
    }
    b.report(
        Stage::Expiry,
        StageStatus::Passed,
        if request.now > exp {
            format!(
                "the token expired {} ago, within AWS's five-minute grace",
                duration(request.now - exp)
            )
        } else {
            format!(
                "the token is valid for {} more (plus AWS's five-minute grace)",
                duration(exp - request.now)
            )
        },
    );

    // Stage 6: the trust policy.
    let Some(policy) = parsed.and_then(|p| p.policy.as_ref()) else {
        let why = if parsed.is_none() {
            "no trust policy was given"
        } else {
            "the trust policy could not be read"
        };
        b.report(Stage::Policy, StageStatus::Failed, why.to_owned());
        return b.finish(false, Stage::Policy, None, format!("Undecided: {why}"));
    };
    let action = request
        .action
        .clone()
        .unwrap_or_else(|| ASSUME_ACTION.to_owned());
    let eval_request = EvalRequest {
        context: &context,
        action: &action,
        principal: &arn,
    };
    let evaluation = eval::evaluate(policy, &eval_request);
    b.key_diagnostics(policy, &evaluation, url);
    let trace = trace(policy, &evaluation, &eval_request);
    let tag_session = claims.get(TAGS_CLAIM).is_some().then(|| {
        let req = EvalRequest {
            action: TAG_SESSION_ACTION,
            ..eval_request
        };
        let ev = eval::evaluate(policy, &req);
        trace_with(policy, &ev, &req)
    });
    let allowed = trace.decision == Decision::Allow;
    let tags_allowed = tag_session
        .as_ref()
        .is_none_or(|t| t.decision == Decision::Allow);
    let summary = policy_summary(&trace, tag_session.as_ref());
    b.policy = Some(trace);
    b.tag_session = tag_session;
    if allowed && tags_allowed {
        b.report(Stage::Policy, StageStatus::Passed, summary.clone());
        b.finish(true, Stage::Policy, None, format!("Accepted: {summary}"))
    } else {
        let denied = if allowed {
            TAG_SESSION_ACTION
        } else {
            ASSUME_ACTION
        };
        b.finish_refused(
            Stage::Policy,
            Some(aws(
                "AccessDenied",
                &format!("Not authorized to perform {denied}"),
            )),
            summary,
        )
    }
}

fn aws(code: &str, message: &str) -> AwsError {
    AwsError {
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The account, where it came from, and the partition.
fn locate_account(
    request: &Request,
    provider: &ProviderConfig,
    url: &str,
    policy: Option<&TrustPolicy>,
) -> (Option<String>, &'static str, String) {
    let from_arn = |arn: &str| -> Option<(String, String, String)> {
        // arn:<partition>:iam::<account>:oidc-provider/<url>
        let mut it = arn.splitn(6, ':');
        let (Some("arn"), Some(partition), Some("iam"), Some(""), Some(account), Some(rest)) = (
            it.next(),
            it.next(),
            it.next(),
            it.next(),
            it.next(),
            it.next(),
        ) else {
            return None;
        };
        let provider_url = rest.strip_prefix("oidc-provider/")?;
        Some((
            partition.to_owned(),
            account.to_owned(),
            provider_url.to_owned(),
        ))
    };
    let partition_of = |arn: Option<&str>| {
        arn.and_then(from_arn)
            .map_or_else(|| "aws".to_owned(), |(p, _, _)| p)
    };
    if let Some(account) = &request.account {
        return (
            Some(account.clone()),
            "request",
            partition_of(provider.arn.as_deref()),
        );
    }
    if let Some((p, a, _)) = provider.arn.as_deref().and_then(from_arn) {
        return (Some(a), "providerArn", p);
    }
    let federated: Vec<(String, String, String)> = policy
        .into_iter()
        .flat_map(|p| &p.statements)
        .filter_map(|s| match &s.principal {
            Principal::Map(kinds) => Some(kinds),
            _ => None,
        })
        .flatten()
        .filter(|(kind, _)| kind == "Federated")
        .flat_map(|(_, values)| values)
        .filter_map(|v| from_arn(v))
        .collect();
    let best = federated
        .iter()
        .find(|(_, _, u)| u == url)
        .or(federated.first());
    match best {
        Some((p, a, _)) => (Some(a.clone()), "policy", p.clone()),
        None => (None, "unknown", "aws".to_owned()),
    }
}

#[derive(Default)]
struct Builder {
    stages: Vec<StageReport>,
    token: Option<TokenInfo>,
    claims: Option<serde_json::Map<String, serde_json::Value>>,
    provider: Option<ProviderInfo>,
    condition_keys: Vec<KeyInfo>,
    policy: Option<PolicyTrace>,
    tag_session: Option<PolicyTrace>,
    diagnostics: Vec<Diagnostic>,
}

impl Builder {
    fn report(&mut self, stage: Stage, status: StageStatus, detail: String) {
        self.stages.push(StageReport {
            stage,
            status,
            detail,
        });
    }

    fn finish_refused(self, stage: Stage, error: Option<AwsError>, detail: String) -> Analysis {
        let mut b = self;
        if stage != Stage::Request && b.stages.last().is_none_or(|s| s.stage != stage) {
            b.report(stage, StageStatus::Failed, detail.clone());
        }
        let summary = match (&error, stage) {
            (_, Stage::Policy) => format!("Refused by the trust policy: {detail}"),
            (_, Stage::Request) => detail,
            (_, s) => format!(
                "Refused at the {} check, before the trust policy was consulted: {detail}",
                stage_word(s)
            ),
        };
        b.finish(false, stage, error, summary)
    }

    fn finish(
        mut self,
        accepted: bool,
        stage: Stage,
        error: Option<AwsError>,
        summary: String,
    ) -> Analysis {
        if stage != Stage::Request {
            for s in STAGES {
                if !self.stages.iter().any(|r| r.stage == s) {
                    let detail = if s == Stage::Policy {
                        "not reached: the trust policy was never consulted".to_owned()
                    } else {
                        "not reached: AWS stops at the first failure".to_owned()
                    };
                    self.report(s, StageStatus::NotReached, detail);
                }
            }
        }
        Analysis {
            accepted,
            stage,
            aws_error: error,
            summary,
            stages: self.stages,
            token: self.token,
            claims: self.claims,
            provider: self.provider,
            condition_keys: self.condition_keys,
            policy: self.policy,
            tag_session: self.tag_session,
            diagnostics: self.diagnostics,
            hints: Vec::new(),
        }
    }

    /// Validates one provider setting; returns its URL without `https://`.
    fn check_provider(&mut self, index: usize, p: &ProviderConfig) -> Option<String> {
        let pointer = format!("/providers/{index}/url");
        let url = p.url.trim();
        let bad = |msg: String| {
            Diagnostic::new(
                codes::INVALID_PROVIDER,
                Severity::Error,
                Source::Providers,
                msg,
            )
            .at(&pointer, None)
        };
        if url.starts_with("http://") {
            self.diagnostics
                .push(bad(format!("provider URL `{url}` must use https")));
            return None;
        }
        let bare = url.strip_prefix("https://").unwrap_or(url);
        if bare.is_empty() {
            self.diagnostics
                .push(bad("a provider URL is empty".to_owned()));
            return None;
        }
        if bare.contains('?') || bare.contains('#') {
            self.diagnostics.push(bad(format!(
                "provider URL `{url}` has a query or fragment, which IAM does not allow"
            )));
        }
        if bare.split('/').next().is_some_and(|h| h.contains(':')) {
            self.diagnostics.push(bad(format!(
                "provider URL `{url}` has a port, which IAM does not allow"
            )));
        }
        if p.client_ids.is_empty() {
            self.diagnostics.push(
                Diagnostic::new(
                    codes::INVALID_PROVIDER,
                    Severity::Warning,
                    Source::Providers,
                    format!("provider `{bare}` has no client ids, so every token from it fails the audience check"),
                )
                .at(&format!("/providers/{index}/clientIds"), None),
            );
        }
        Some(bare.to_owned())
    }

    /// Warns about conditions on keys AWS never supplies for this issuer.
    fn key_diagnostics(&mut self, policy: &TrustPolicy, ev: &PolicyEvaluation, prefix: &str) {
        for (st, res) in policy.statements.iter().zip(&ev.statements) {
            for (c, r) in st.conditions.iter().zip(&res.conditions) {
                if r.outcome != (Outcome::KeyAbsent { supplied: false })
                    || c.key_lower.starts_with("aws:")
                    || c.key_lower.starts_with("sts:")
                {
                    continue;
                }
                let (key_prefix, name) = c.key.rsplit_once(':').unwrap_or(("", &c.key));
                let help = if key_prefix.eq_ignore_ascii_case(prefix) {
                    let kind = IssuerKind::of(prefix);
                    let mut names = vec!["aud", "sub", "amr", "email", "oaud"];
                    names.extend(kind.provider_claims());
                    format!(
                        "AWS does not expose the `{name}` claim as a condition key for this issuer; it supplies {}",
                        names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                } else {
                    format!(
                        "this token's keys start with `{prefix}:`; `{key_prefix}` is another issuer"
                    )
                };
                self.diagnostics.push(
                    Diagnostic::new(
                        codes::CONDITION_KEY_NOT_SUPPLIED,
                        Severity::Warning,
                        Source::Policy,
                        format!("`{}` is not a key AWS supplies for this token, so the condition on it is always {}", c.key, if r.holds == Some(true) { "true" } else { "false" }),
                    )
                    .at(&c.pointer, Some(c.span))
                    .help(help),
                );
            }
        }
    }
}

fn stage_word(s: Stage) -> &'static str {
    match s {
        Stage::Request => "request",
        Stage::Token => "token",
        Stage::Claims => "required-claims",
        Stage::Issuer => "issuer",
        Stage::Audience => "audience",
        Stage::Expiry => "expiry",
        Stage::Policy => "trust-policy",
    }
}

fn trace(policy: &TrustPolicy, ev: &PolicyEvaluation, req: &EvalRequest<'_>) -> PolicyTrace {
    trace_with(policy, ev, req)
}

fn trace_with(policy: &TrustPolicy, ev: &PolicyEvaluation, req: &EvalRequest<'_>) -> PolicyTrace {
    let statements = policy
        .statements
        .iter()
        .zip(&ev.statements)
        .enumerate()
        .map(|(index, (st, res))| StatementTrace {
            index,
            sid: st.sid.clone(),
            effect: st.effect,
            applies: res.applies,
            invalid: st.invalid.clone(),
            principal: MatchTrace {
                matched: res.principal,
                request: req.principal.to_owned(),
                values: match &st.principal {
                    Principal::None => Vec::new(),
                    Principal::Any => vec!["*".to_owned()],
                    Principal::Map(kinds) => kinds
                        .iter()
                        .flat_map(|(k, vs)| vs.iter().map(move |v| format!("{k}: {v}")))
                        .collect(),
                },
            },
            action: MatchTrace {
                matched: res.action,
                request: req.action.to_owned(),
                values: st
                    .action
                    .patterns
                    .iter()
                    .map(|p| {
                        if st.action.negated {
                            format!("NotAction: {p}")
                        } else {
                            p.clone()
                        }
                    })
                    .collect(),
            },
            conditions: st
                .conditions
                .iter()
                .zip(&res.conditions)
                .map(|(c, r)| condition_trace(c, *r, req.context))
                .collect(),
            pointer: st.pointer.clone(),
            span: st.span,
        })
        .collect();
    PolicyTrace {
        action: req.action.to_owned(),
        decision: ev.decision,
        complete: ev.complete,
        statements,
    }
}

fn condition_trace(
    c: &policy::Condition,
    r: eval::ConditionResult,
    ctx: &Context,
) -> ConditionTrace {
    let request_values = match ctx.lookup(&c.key_lower) {
        Lookup::Present(v) => Some(v.to_vec()),
        _ => None,
    };
    let value = |j: usize| c.values.get(j).cloned();
    let negated = c.operator.is_some_and(|o| o.base.negated());
    let req = |i: Option<usize>| {
        i.and_then(|i| request_values.as_ref()?.get(i).cloned())
            .map_or_else(String::new, |v| format!("`{v}`"))
    };
    let explanation = match r.outcome {
        Outcome::Matched {
            value: j,
            request: i,
        } if negated => {
            format!(
                "{} equals the excluded value `{}`",
                req(Some(i)),
                value(j).unwrap_or_default()
            )
        }
        Outcome::Matched {
            value: j,
            request: i,
        } => {
            format!(
                "{} matches `{}`",
                req(Some(i)),
                value(j).unwrap_or_default()
            )
        }
        Outcome::NotMatched { request: Some(i) } if negated => {
            format!("{} matches none of the excluded values", req(Some(i)))
        }
        Outcome::NotMatched { request } => {
            let shown = match (request, &request_values) {
                (Some(_), _) => req(request),
                (None, Some(v)) if v.len() == 1 => req(Some(0)),
                (None, Some(v)) => v
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                (None, None) => String::new(),
            };
            format!("{shown} matches none of the policy values")
        }
        Outcome::AllValues if negated => "no request value matches an excluded value".to_owned(),
        Outcome::AllValues => "every request value matches a policy value".to_owned(),
        Outcome::KeyAbsent { supplied } => {
            let why = if supplied {
                "the token has no such claim".to_owned()
            } else {
                "AWS does not supply this key for this token's issuer".to_owned()
            };
            let then = match r.holds {
                Some(true) => "true (negated operators and `ForAllValues:` hold on a missing key)",
                _ => "false",
            };
            format!("key missing: {why}, so the condition is {then}")
        }
        Outcome::AbsentIfExists => {
            "key missing, and `IfExists` makes the condition true".to_owned()
        }
        Outcome::Null { present } => format!(
            "the key is {} (`Null` checks presence)",
            if present { "present" } else { "absent" }
        ),
        Outcome::NotEvaluated => match c.operator {
            None => format!(
                "`{}` is not an IAM operator; AWS would refuse the policy",
                c.operator_name
            ),
            Some(_) => format!("`{}` is not modelled by oidc-trust", c.operator_name),
        },
    };
    let near_miss = (r.holds == Some(false) && !negated)
        .then(|| near_miss(c, request_values.as_deref().unwrap_or_default(), ctx))
        .flatten();
    let matched_value = match r.outcome {
        Outcome::Matched { value: j, .. } => value(j),
        _ => None,
    };
    ConditionTrace {
        operator: c.operator_name.clone(),
        key: c.key.clone(),
        values: c.values.clone(),
        request_values,
        holds: r.holds,
        outcome: r.outcome.name(),
        matched_value,
        explanation,
        near_miss,
        pointer: c.pointer.clone(),
        span: c.span,
    }
}

/// The policy value closest to a request value: the one they share the longest start with.
fn near_miss(c: &policy::Condition, request_values: &[String], ctx: &Context) -> Option<NearMiss> {
    let op = c.operator?;
    let like = matches!(op.base, BaseOperator::StringLike);
    let fold = matches!(op.base, BaseOperator::StringEqualsIgnoreCase);
    if !like && !fold && op.base != BaseOperator::StringEquals {
        return None;
    }
    let mut best: Option<NearMiss> = None;
    for subject in request_values {
        for parts in &c.parts {
            let lookup = |k: &str| ctx.single(k);
            let (value, (at, value_at)) = if like {
                let Some(p) = pattern::resolve_pattern(parts, lookup) else {
                    continue;
                };
                let Some(d) = pattern::diverge(&p, subject) else {
                    continue;
                };
                (pattern::render(&p), d)
            } else {
                let Some(v) = pattern::resolve_text(parts, lookup) else {
                    continue;
                };
                let d = common_prefix(subject, &v, fold);
                (v, d)
            };
            let offset = subject.get(..at).map_or(0, |s| s.chars().count());
            if best.as_ref().is_none_or(|b| offset > b.offset) {
                let expected = value.chars().skip(value_at).collect();
                best = Some(NearMiss {
                    found: subject.get(at..).unwrap_or_default().to_owned(),
                    expected,
                    value,
                    request_value: subject.clone(),
                    offset,
                    value_offset: value_at,
                });
            }
        }
    }
    best
}

/// Byte offset in `a` and character offset in `b` of their first difference.
fn common_prefix(a: &str, b: &str, fold: bool) -> (usize, usize) {
    let mut bytes = 0;
    let mut chars = 0;
    for (x, y) in a.chars().zip(b.chars()) {
        let same = if fold {
            x.to_lowercase().eq(y.to_lowercase())
        } else {
            x == y
        };
        if !same {
            break;
        }
        bytes += x.len_utf8();
        chars += 1;
    }
    (bytes, chars)
}

fn policy_summary(trace: &PolicyTrace, tags: Option<&PolicyTrace>) -> String {
    let name = |s: &StatementTrace| match &s.sid {
        Some(sid) => format!("statement {} (`{sid}`)", s.index),
        None => format!("statement {}", s.index),
    };
    let base = match trace.decision {
        Decision::Allow => {
            let by: Vec<String> = trace
                .statements
                .iter()
                .filter(|s| s.applies == Applies::Yes && s.effect == Some(Effect::Allow))
                .map(name)
                .collect();
            format!("{} allows `{}`", by.join(" and "), trace.action)
        }
        Decision::ExplicitDeny => {
            let by: Vec<String> = trace
                .statements
                .iter()
                .filter(|s| s.applies == Applies::Yes && s.effect == Some(Effect::Deny))
                .map(name)
                .collect();
            format!("{} explicitly denies `{}`", by.join(" and "), trace.action)
        }
        Decision::ImplicitDeny => {
            let reasons: Vec<String> = trace
                .statements
                .iter()
                .filter(|s| s.effect == Some(Effect::Allow))
                .map(|s| format!("{} {}", name(s), why_not(s)))
                .collect();
            if reasons.is_empty() {
                format!("no statement allows `{}`", trace.action)
            } else {
                format!(
                    "no statement allows `{}`: {}",
                    trace.action,
                    reasons.join("; ")
                )
            }
        }
    };
    let mut out = base;
    if !trace.complete {
        out.push_str(
            " (undecided parts: a statement depends on a condition oidc-trust does not evaluate)",
        );
    }
    if let Some(t) = tags
        && t.decision != Decision::Allow
    {
        let _ = write!(
            out,
            "; the token carries session tags and no statement allows `{}`",
            t.action
        );
    }
    out
}

fn why_not(s: &StatementTrace) -> String {
    if let Some(why) = &s.invalid {
        return format!("is void: {why}");
    }
    if !s.principal.matched {
        return format!(
            "names another principal (the provider is `{}`)",
            s.principal.request
        );
    }
    if !s.action.matched {
        return format!("does not cover `{}`", s.action.request);
    }
    let failed: Vec<String> = s
        .conditions
        .iter()
        .filter(|c| c.holds == Some(false))
        .map(|c| format!("`{}` `{}`: {}", c.operator, c.key, c.explanation))
        .collect();
    if failed.is_empty() {
        "is undecided".to_owned()
    } else {
        format!("fails {}", failed.join(", "))
    }
}
