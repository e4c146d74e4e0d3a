//! Writing trust policies: the least-privilege policy that accepts one token, and the
//! policy the terraform-aws-signing-kms module renders from its inputs.
//!
//! Every generated policy is analysed before it is returned: `verified` says whether
//! oidc-trust's own evaluation accepts the token with it, and `diagnostics` carries the
//! lint findings on it, so the output never claims more than the analysis shows.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::arn::ProviderArn;
use super::lint;
use super::policy::parse_policy;
use super::request::{ProviderConfig, Request};
use super::sts::{self, Documents};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::providers::{self, IssuerKind, Platform, Subject, SubjectForm};
use crate::token::{self, Claims};

mod merge;
mod module;

pub use merge::{MergeError, add_statements};
pub use module::{ModuleInputs, render_module_policy};

/// How much of the token's context the policy trusts.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Scope {
    /// Exactly what the token names: this branch, tag, environment (default).
    #[default]
    ThisRef,
    /// Tags matching `tagPattern` (e.g. `v*`).
    TagPattern,
    /// One environment (`environment`, default the token's).
    Environment,
    /// Every branch, tag and environment of the repository (never pull requests).
    Repository,
}

/// How the GitHub subject names the repository.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum RepoForm {
    /// The form the token uses (default).
    #[default]
    AsToken,
    /// `repo:OWNER@ID/REPO@ID:...`.
    Immutable,
    /// `repo:OWNER/REPO:...`.
    Classic,
}

/// What to generate.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenerateRequest {
    /// The token: a compact JWT, or its claims as JSON text.
    #[serde(default)]
    pub token: Option<String>,
    /// The claims as a JSON object, instead of `token`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<Value>,
    /// How much to trust; default `thisRef`.
    #[serde(default)]
    pub scope: Scope,
    /// For `tagPattern`: the tag pattern, e.g. `v*`.
    #[serde(default)]
    pub tag_pattern: Option<String>,
    /// For `environment`: the environment name (default the token's).
    #[serde(default)]
    pub environment: Option<String>,
    /// GitHub: which subject form; default the token's.
    #[serde(default)]
    pub subject_form: RepoForm,
    /// The role's account id; default the placeholder `123456789012`.
    #[serde(default)]
    pub account: Option<String>,
    /// The partition; default `aws`.
    #[serde(default)]
    pub partition: Option<String>,
    /// The audience to pin; default the token's (`azp`, else `aud`).
    #[serde(default)]
    pub audience: Option<String>,
    /// Also pin the immutable id keys AWS exposes since 2026 (`repository_id`,
    /// `project_id`) when the token has them; default `true`.
    #[serde(default)]
    pub pin_ids: Option<bool>,
}

/// A generated policy.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateResult {
    /// The policy as a JSON object; `null` when none could be written.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub policy: Option<Value>,
    /// The same, pretty-printed.
    pub policy_text: Option<String>,
    /// The IAM OIDC provider the policy needs.
    pub provider: Option<ProviderConfig>,
    /// The `sub` values or patterns it trusts.
    pub subjects: Vec<String>,
    /// Whether analysing the policy against the token accepts it (`null` without a token).
    pub verified: Option<bool>,
    /// Choices made, one line each.
    pub notes: Vec<String>,
    /// Problems with the request, then lint findings on the generated policy.
    pub diagnostics: Vec<Diagnostic>,
}

/// The account id written when the request names none.
const PLACEHOLDER_ACCOUNT: &str = "123456789012";

impl GenerateResult {
    /// No policy: the request could not be read (an `invalid-request` error).
    pub fn failed(message: String) -> Self {
        GenerateResult {
            policy: None,
            policy_text: None,
            provider: None,
            subjects: Vec::new(),
            verified: None,
            notes: Vec::new(),
            diagnostics: vec![Diagnostic::invalid_request(message)],
        }
    }
}

fn failed(message: String) -> GenerateResult {
    GenerateResult::failed(message)
}

/// The policy document for one provider.
pub(crate) fn document(arn: &str, equals: Map<String, Value>, like: Map<String, Value>) -> Value {
    let mut condition = Map::new();
    if !equals.is_empty() {
        condition.insert("StringEquals".to_owned(), Value::Object(equals));
    }
    if !like.is_empty() {
        condition.insert("StringLike".to_owned(), Value::Object(like));
    }
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": arn},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": condition,
        }]
    })
}

pub(crate) fn one_or_many(values: &[String]) -> Value {
    match values {
        [one] => Value::String(one.clone()),
        many => Value::Array(many.iter().cloned().map(Value::String).collect()),
    }
}

/// Writes the least-privilege trust policy that accepts the request's token.
pub fn generate_policy(request: &GenerateRequest) -> GenerateResult {
    let claims = match (&request.claims, &request.token) {
        (Some(Value::Object(map)), _) => Claims::new(map.clone()),
        (Some(_), _) => return failed("`claims` is not a JSON object".to_owned()),
        (None, Some(t)) => match token::decode(t) {
            Ok(t) => t.claims,
            Err(e) => return failed(format!("the token cannot be decoded: {e}")),
        },
        (None, None) => return failed("give `token` or `claims`".to_owned()),
    };
    let (Some(iss), Some(sub)) = (claims.issuer(), claims.str("sub")) else {
        return failed("the token needs `iss` and `sub`".to_owned());
    };
    let prefix = providers::key_prefix(iss).to_owned();
    let audience = request
        .audience
        .clone()
        .or_else(|| claims.audience_values().first().map(|s| (*s).to_owned()));
    let Some(audience) = audience else {
        return failed("the token has no `aud`; give `audience`".to_owned());
    };
    let kind = IssuerKind::of(&prefix);
    if matches!(kind, IssuerKind::Google | IssuerKind::Cognito) {
        return built_in(kind, &claims, sub, &audience, request);
    }
    let issuer = providers::recognise(&prefix, Some(sub));
    let parsed = providers::parse_subject(issuer.platform, sub);
    let mut notes = Vec::new();
    let mut diagnostics = Vec::new();
    let subject = match (&parsed, issuer.platform) {
        (Ok(s), _) => subjects(s, sub, &claims, request, &mut notes),
        (Err(_), Platform::Generic) => Ok((vec![sub.to_owned()], false)),
        (Err(e), p) => {
            diagnostics.push(
                Diagnostic::new(
                    codes::UNEXPECTED_SUBJECT_FORMAT,
                    Severity::Info,
                    Source::Token,
                    format!(
                        "the token's `sub` is not a {} subject ({}); trusting it exactly",
                        p.name(),
                        e.message
                    ),
                )
                .at("/claims/sub", None),
            );
            Ok((vec![sub.to_owned()], false))
        }
    };
    let (values, like) = match subject {
        Ok((v, like)) => (v.iter().map(|v| finish(v, like)).collect::<Vec<_>>(), like),
        Err(m) => return failed(m),
    };
    let account = request.account.as_deref().unwrap_or(PLACEHOLDER_ACCOUNT);
    let partition = request.partition.as_deref().unwrap_or("aws");
    let arn = ProviderArn::new(partition, account, &prefix).to_string();
    let mut equals = Map::new();
    equals.insert(
        format!("{prefix}:aud"),
        Value::String(finish(&audience, false)),
    );
    let mut like_map = Map::new();
    if like {
        like_map.insert(format!("{prefix}:sub"), one_or_many(&values));
    } else {
        equals.insert(format!("{prefix}:sub"), one_or_many(&values));
    }
    if request.pin_ids.unwrap_or(true) {
        let pins: &[&str] = match issuer.platform {
            Platform::GitHub if parsed.as_ref().is_ok_and(|s| !s.immutable) => &["repository_id"],
            Platform::GitLab => &["project_id"],
            _ => &[],
        };
        for pin in pins {
            if let (true, Some(v)) = (
                kind.exposed_claims(true).any(|c| c == *pin),
                claim_text(&claims, pin),
            ) {
                equals.insert(format!("{prefix}:{pin}"), Value::String(finish(&v, false)));
                notes.push(format!(
                    "also pins `{prefix}:{pin}`, which survives renames (AWS supplies it since January 2026)"
                ));
            }
        }
    }
    if request.account.is_none() {
        notes.push(format!(
            "`{PLACEHOLDER_ACCOUNT}` stands for the role's account"
        ));
    }
    let policy = document(&arn, equals, like_map);
    let text = serde_json::to_string_pretty(&policy).unwrap_or_default();
    diagnostics.extend(lint::lint_policy(&text, Some(&prefix)));
    let provider = ProviderConfig::new(&prefix, &[&audience]);
    // Prove it: analyse the policy against the token.
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .or_else(|| claims.get("iat").and_then(Value::as_i64))
        .unwrap_or_default();
    let check = Request {
        token: None,
        claims: Some(Value::Object(claims.to_map())),
        policy: Some(Value::String(text.clone())),
        providers: vec![provider.clone()],
        account: Some(account.to_owned()),
        now: exp,
        ..Request::default()
    };
    GenerateResult {
        verified: Some(verify(&check, &text)),
        policy: Some(policy),
        policy_text: Some(text),
        provider: Some(provider),
        subjects: values,
        notes,
        diagnostics,
    }
}

/// Whether the analysis accepts the check request with the policy `text`.
fn verify(check: &Request, text: &str) -> bool {
    sts::run(
        check,
        Documents {
            policy: Some(&parse_policy(text)),
            rcps: &[],
        },
    )
    .accepted()
}

/// The policy for a token of one of AWS's built-in providers: `Federated` is the provider's
/// name, there is no IAM OIDC provider, and the policy is the only place the audience is
/// checked. Google: the application (`aud`, which holds the token's `azp`) and the
/// service account or user (`sub`). Cognito: the identity pool (`aud`) and whether the
/// identity signed in (`amr`, multi-valued, so `ForAnyValue:`).
fn built_in(
    kind: IssuerKind,
    claims: &Claims,
    sub: &str,
    audience: &str,
    request: &GenerateRequest,
) -> GenerateResult {
    let name = kind.built_in_name().unwrap_or_default();
    let mut notes = vec![format!(
        "`{name}` is one of AWS's built-in providers: the role needs no IAM OIDC provider, and nothing but this policy checks the audience"
    )];
    let mut equals = Map::new();
    equals.insert(format!("{name}:aud"), Value::String(audience.to_owned()));
    let mut condition = Map::new();
    let subjects = if kind == IssuerKind::Google {
        equals.insert(format!("{name}:sub"), Value::String(sub.to_owned()));
        if claims.audience_claim() == "azp" {
            notes.push(format!(
                "`{name}:aud` holds the token's `azp`; its `aud` is `{name}:oaud`"
            ));
        }
        vec![sub.to_owned()]
    } else {
        let guest = claims.get("amr").is_some_and(|a| {
            a.as_array()
                .is_some_and(|v| v.iter().any(|x| x == "unauthenticated"))
        });
        let amr = if guest {
            "unauthenticated"
        } else {
            "authenticated"
        };
        let mut any = Map::new();
        any.insert(format!("{name}:amr"), Value::String(amr.to_owned()));
        condition.insert("ForAnyValue:StringLike".to_owned(), Value::Object(any));
        notes.push(format!(
                "trusts every {amr} identity of the pool; add `{name}:sub` `{sub}` to trust this identity only"
            ));
        Vec::new()
    };
    condition.insert("StringEquals".to_owned(), Value::Object(equals));
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": name},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": condition,
        }]
    });
    let text = serde_json::to_string_pretty(&policy).unwrap_or_default();
    let check = Request {
        claims: Some(Value::Object(claims.to_map())),
        account: request.account.clone(),
        now: claims
            .get("exp")
            .and_then(Value::as_i64)
            .unwrap_or_default(),
        ..Request::default()
    };
    GenerateResult {
        verified: Some(verify(&check, &text)),
        diagnostics: lint::lint_policy(&text, Some(name)),
        policy: Some(policy),
        policy_text: Some(text),
        provider: None,
        subjects,
        notes,
    }
}

/// Stands for a `*` wildcard in generated patterns until [`finish`] escapes the rest.
const STAR: char = '\u{0}';
/// Stands for a `?` wildcard.
const ONE: char = '\u{1}';

/// A user's pattern: its `*` and `?` are wildcards.
fn wild(p: &str) -> String {
    p.replace('*', &STAR.to_string())
        .replace('?', &ONE.to_string())
}

/// Writes a value for the policy (`Version` `2012-10-17`): `$` (and under `StringLike`
/// `*` and `?`) from the token are escaped as `${$}`, `${*}`, `${?}`, so a literal never
/// acts as a variable or a wildcard; the wildcard placeholders become `*` and `?`.
fn finish(value: &str, like: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '$' => out.push_str("${$}"),
            '*' if like => out.push_str("${*}"),
            '?' if like => out.push_str("${?}"),
            STAR => out.push('*'),
            ONE => out.push('?'),
            other => out.push(other),
        }
    }
    out
}

/// A claim as IAM sees it: strings as they are, numbers as their text.
fn claim_text(claims: &Claims, name: &str) -> Option<String> {
    match claims.get(name)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The `sub` values to trust, and whether they are patterns (`StringLike`).
fn subjects(
    s: &Subject<'_>,
    sub: &str,
    claims: &Claims,
    request: &GenerateRequest,
    notes: &mut Vec<String>,
) -> Result<(Vec<String>, bool), String> {
    match s.platform {
        Platform::GitHub => github(s, sub, claims, request, notes),
        Platform::GitLab => {
            let path = s.get("project_path").unwrap_or_default();
            match request.scope {
                Scope::ThisRef => Ok((vec![sub.to_owned()], false)),
                Scope::TagPattern => {
                    let p = request
                        .tag_pattern
                        .as_deref()
                        .ok_or("`tagPattern` is required for the `tagPattern` scope")?;
                    Ok((
                        vec![format!("project_path:{path}:ref_type:tag:ref:{}", wild(p))],
                        true,
                    ))
                }
                Scope::Environment => Err(
                    "GitLab subjects carry no environment; use `thisRef` and the `gitlab.com` keys"
                        .to_owned(),
                ),
                Scope::Repository => {
                    notes.push("trusts every branch and tag of the project, merge-request pipelines included".to_owned());
                    Ok((
                        vec![
                            format!("project_path:{path}:ref_type:branch:ref:{STAR}"),
                            format!("project_path:{path}:ref_type:tag:ref:{STAR}"),
                        ],
                        true,
                    ))
                }
            }
        }
        Platform::Terraform => match request.scope {
            Scope::Repository => {
                let head = sub.rsplit_once(":run_phase:").map_or(sub, |(h, _)| h);
                notes.push(
                    "trusts both run phases of the workspace, speculative plans included"
                        .to_owned(),
                );
                Ok((vec![format!("{head}:run_phase:{STAR}")], true))
            }
            _ => Ok((vec![sub.to_owned()], false)),
        },
        Platform::Bitbucket => {
            let repo = s.get("repositoryUuid").unwrap_or_default();
            notes.push("the step UUID changes on every run, so it is a wildcard".to_owned());
            Ok(match (request.scope, s.get("environmentUuid")) {
                (Scope::Repository, _) | (_, None) => (vec![format!("{repo}:{STAR}")], true),
                (_, Some(env)) => (vec![format!("{repo}:{env}:{STAR}")], true),
            })
        }
        Platform::CircleCi => {
            let head = format!(
                "org/{}/project/{}/user/{STAR}",
                s.get("org").unwrap_or_default(),
                s.get("project").unwrap_or_default()
            );
            notes.push(
                "any user of the project may trigger the job, so the user id is a wildcard"
                    .to_owned(),
            );
            Ok(match (request.scope, s.get("vcsOrigin"), s.get("vcsRef")) {
                (Scope::ThisRef, Some(o), Some(r)) => {
                    (vec![format!("{head}/vcs-origin/{o}/vcs-ref/{r}")], true)
                }
                _ => (vec![head], true),
            })
        }
        Platform::Buildkite => {
            let head = sub.split_once(":commit:").map_or(sub, |(h, _)| h);
            notes.push(
                "the commit and step change on every build, so they are a wildcard".to_owned(),
            );
            Ok((vec![format!("{head}:{STAR}")], true))
        }
        Platform::Eks | Platform::Generic => Ok((vec![sub.to_owned()], false)),
    }
}

fn github(
    s: &Subject<'_>,
    sub: &str,
    claims: &Claims,
    request: &GenerateRequest,
    notes: &mut Vec<String>,
) -> Result<(Vec<String>, bool), String> {
    if s.form == SubjectForm::Custom {
        if request.scope != Scope::ThisRef {
            return Err(
                "the token has a customised subject; only `thisRef` can be generated for it"
                    .to_owned(),
            );
        }
        return Ok((vec![sub.to_owned()], false));
    }
    let owner = s.get("owner").unwrap_or_default();
    let repo = s.get("repository").unwrap_or_default();
    let ids = || -> Option<(String, String)> {
        Some((
            s.get("ownerId")
                .map(str::to_owned)
                .or_else(|| claim_text(claims, "repository_owner_id"))?,
            s.get("repositoryId")
                .map(str::to_owned)
                .or_else(|| claim_text(claims, "repository_id"))?,
        ))
    };
    let repo_part = match request.subject_form {
        RepoForm::AsToken => s.get("repo").unwrap_or_default().to_owned(),
        RepoForm::Classic => format!("{owner}/{repo}"),
        RepoForm::Immutable => {
            let (o, r) = ids().ok_or(
                "the immutable form needs `repository_owner_id` and `repository_id` claims",
            )?;
            format!("{owner}@{o}/{repo}@{r}")
        }
    };
    if request.subject_form == RepoForm::Immutable && !s.immutable {
        notes.push("the token uses the name-form subject; an immutable-form policy will not accept it until the repository switches".to_owned());
    }
    if request.subject_form == RepoForm::Classic && s.immutable {
        notes.push(
            "the token uses the immutable subject; a name-form policy will not accept it"
                .to_owned(),
        );
    }
    let context = sub
        .strip_prefix("repo:")
        .and_then(|r| r.split_once(':'))
        .map_or("", |(_, c)| c);
    Ok(match request.scope {
        Scope::ThisRef => {
            if s.form == SubjectForm::PullRequest {
                notes.push(
                    "the token is from a pull request: this policy trusts pull-request workflows"
                        .to_owned(),
                );
            }
            (vec![format!("repo:{repo_part}:{context}")], false)
        }
        Scope::TagPattern => {
            let p = request
                .tag_pattern
                .as_deref()
                .ok_or("`tagPattern` is required for the `tagPattern` scope")?;
            let like = p.contains(['*', '?']);
            (
                vec![format!("repo:{repo_part}:ref:refs/tags/{}", wild(p))],
                like,
            )
        }
        Scope::Environment => {
            let env = request
                .environment
                .as_deref()
                .or_else(|| s.get("environment"))
                .or_else(|| claims.str("environment"))
                .ok_or("the token has no environment; give `environment`")?;
            (
                vec![format!(
                    "repo:{repo_part}:environment:{}",
                    env.replace(':', "%3A")
                )],
                false,
            )
        }
        Scope::Repository => {
            notes.push(
                "trusts every branch, tag and environment of the repository, but not pull requests"
                    .to_owned(),
            );
            (
                vec![
                    format!("repo:{repo_part}:ref:refs/heads/{STAR}"),
                    format!("repo:{repo_part}:ref:refs/tags/{STAR}"),
                    format!("repo:{repo_part}:environment:{STAR}"),
                ],
                true,
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gh_claims(sub: &str) -> Value {
        json!({
            "iss": "https://token.actions.githubusercontent.com", "aud": "sts.amazonaws.com",
            "sub": sub, "exp": 1_700_000_300, "iat": 1_700_000_000,
            "repository": "octo-org/octo-repo", "repository_id": "7891011",
            "repository_owner_id": "123456", "ref": "refs/heads/main"
        })
    }

    /// Analyses `policy` against claims.
    fn accepts(policy: &str, claims: Value) -> bool {
        let r = Request {
            token: None,
            claims: Some(claims),
            policy: Some(Value::String(policy.to_owned())),
            providers: vec![ProviderConfig::new(
                "token.actions.githubusercontent.com",
                &["sts.amazonaws.com"],
            )],
            account: Some(PLACEHOLDER_ACCOUNT.to_owned()),
            now: 1_700_000_100,
            ..Request::default()
        };
        sts::run(
            &r,
            sts::Documents {
                policy: Some(&parse_policy(policy)),
                rcps: &[],
            },
        )
        .accepted()
    }

    #[test]
    fn this_ref_accepts_the_token_and_refuses_neighbours() {
        let token = gh_claims("repo:octo-org/octo-repo:ref:refs/heads/main");
        let g = generate_policy(&GenerateRequest {
            claims: Some(token.clone()),
            ..GenerateRequest::default()
        });
        assert_eq!(g.verified, Some(true));
        let text = g.policy_text.unwrap();
        assert!(accepts(&text, token));
        for neighbour in [
            "repo:octo-org/octo-repo:ref:refs/heads/feature",
            "repo:octo-org/octo-repo:pull_request",
            "repo:octo-org/other:ref:refs/heads/main",
        ] {
            let mut c = gh_claims(neighbour);
            if neighbour.contains("other") {
                c["repository_id"] = json!("999");
            }
            assert!(!accepts(&text, c), "{neighbour}");
        }
        assert!(
            g.diagnostics
                .iter()
                .all(|d| d.severity != Severity::Error && d.severity != Severity::Warning),
            "{:?}",
            g.diagnostics
        );
    }

    #[test]
    fn forms_and_scopes() {
        let token = gh_claims("repo:octo-org/octo-repo:ref:refs/tags/v1.2");
        let g = generate_policy(&GenerateRequest {
            claims: Some(token.clone()),
            scope: Scope::TagPattern,
            tag_pattern: Some("v*".to_owned()),
            subject_form: RepoForm::Immutable,
            ..GenerateRequest::default()
        });
        assert_eq!(
            g.subjects,
            ["repo:octo-org@123456/octo-repo@7891011:ref:refs/tags/v*"]
        );
        let g = generate_policy(&GenerateRequest {
            claims: Some(token),
            scope: Scope::Environment,
            ..GenerateRequest::default()
        });
        assert!(g.policy.is_none());
        assert_eq!(g.diagnostics[0].code, "invalid-request");
    }
}
