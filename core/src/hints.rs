//! Near-miss hints: when AWS refuses, say what to change. AWS answers every trust-policy
//! refusal with the same sentence; a hint names the JSON path it is about, the closest
//! policy value, where the request and that value part ways, and a one-line fix.
//!
//! Hints are computed from a finished [`Analysis`] and its [`Request`], so they never change
//! the verdict. Each has a stable kebab-case `code` from [`HINTS`].

use serde::Serialize;

use crate::api::{Analysis, ConditionTrace, Request, Stage, StatementTrace};
use crate::diagnostic::Source;
use crate::json::Span;
use crate::pattern;
use crate::policy::Effect;
use crate::providers::{self, Platform, Subject};

/// One hint.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hint {
    /// Stable kebab-case id of the kind of near miss, from [`HINTS`].
    pub code: &'static str,
    /// Which input the path points into.
    pub source: Source,
    /// RFC 6901 pointer into that input (`/Statement/0/Condition/StringLike/...:sub`,
    /// `/providers/0/clientIds`, `/claims/exp`).
    pub pointer: String,
    /// Where in the policy text, when the hint is about the policy.
    pub span: Option<Span>,
    /// What is wrong, one line, lowercase.
    pub message: String,
    /// The closest value on the policy or provider side, if any.
    pub closest: Option<String>,
    /// The request's value it was compared with, if any.
    pub request_value: Option<String>,
    /// How many characters of the request value match before the first difference.
    pub offset: Option<usize>,
    /// What to change, one line.
    pub fix: String,
}

/// Every hint kind: id and what it means.
pub const HINTS: &[(&str, &str)] = &[
    (
        "action-not-allowed",
        "a statement trusts the provider but does not allow the action",
    ),
    (
        "audience-not-allowed",
        "the token's audience is not on the provider's client-id list",
    ),
    (
        "case-only-difference",
        "a value differs from the token's only in letter case",
    ),
    (
        "claim-missing",
        "the policy requires a claim the token does not carry",
    ),
    (
        "claim-not-supplied",
        "the policy names a claim AWS does not supply as a key for this issuer",
    ),
    (
        "condition-key-prefix",
        "a condition key's prefix names another issuer, or misses the provider's path or trailing slash",
    ),
    (
        "environment-subject",
        "the job runs in an environment, so GitHub sends the environment subject, not the ref",
    ),
    (
        "explicit-deny",
        "a `Deny` statement applies to the token, and a deny always wins",
    ),
    (
        "immutable-subject",
        "the token uses the immutable `owner@id/repo@id` subject and the policy the name form, or the reverse",
    ),
    (
        "issuer-not-found",
        "no provider URL equals the token's issuer exactly",
    ),
    (
        "near-miss",
        "the closest policy value and where it parts from the token's value",
    ),
    (
        "principal-mismatch",
        "the `Federated` principal names another provider or account",
    ),
    (
        "pull-request-subject",
        "a pull-request token against a policy that expects a branch",
    ),
    (
        "required-claim-missing",
        "the token lacks `aud`, `sub`, `iss` or `exp`, which AWS requires",
    ),
    (
        "tag-session-not-allowed",
        "the token carries session tags and no statement allows `sts:TagSession`",
    ),
    (
        "tag-vs-branch",
        "a tag token against a branch filter, or the reverse",
    ),
    (
        "token-expired",
        "the token expired before the evaluation time, beyond AWS's grace",
    ),
    (
        "wildcard-under-string-equals",
        "a `*` or `?` under `StringEquals`, which would match under `StringLike`",
    ),
    (
        "wrong-platform-subject",
        "a `sub` value in another CI platform's format than the token's",
    ),
];

fn hint(code: &'static str, source: Source, pointer: String, message: String, fix: String) -> Hint {
    Hint {
        code,
        source,
        pointer,
        span: None,
        message,
        closest: None,
        request_value: None,
        offset: None,
        fix,
    }
}

/// Characters of `a` equal to `b` before the first difference.
fn common(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// The hints for an analysis.
pub fn hints(request: &Request, analysis: &Analysis) -> Vec<Hint> {
    if analysis.accepted {
        return Vec::new();
    }
    let mut out = Vec::new();
    let claims = analysis.claims.as_ref();
    let claim = |name: &str| claims.and_then(|c| c.get(name)).and_then(|v| v.as_str());
    match analysis.stage {
        Stage::Issuer => issuer(request, claim("iss"), &mut out),
        Stage::Audience => audience(request, analysis, &mut out),
        Stage::Expiry => {
            let exp = claims
                .and_then(|c| c.get("exp"))
                .and_then(serde_json::Value::as_i64)
                .unwrap_or_default();
            let ago = request.now.saturating_sub(exp);
            let pointer = if request.claims.is_some() {
                "/claims/exp"
            } else {
                "/token"
            };
            out.push(Hint {
                request_value: Some(exp.to_string()),
                ..hint(
                    "token-expired",
                    Source::Token,
                    pointer.to_owned(),
                    format!(
                        "the token expired {} before the evaluation time, {} past AWS's five-minute grace",
                        words(ago),
                        words(ago.saturating_sub(crate::api::EXPIRY_GRACE_SECONDS))
                    ),
                    "request a fresh token right before the call (CI tokens live minutes), or check `now`".to_owned(),
                )
            });
        }
        Stage::Claims => {
            let missing = ["aud", "sub", "iss", "exp"]
                .into_iter()
                .find(|c| claims.is_none_or(|m| m.get(*c).is_none_or(serde_json::Value::is_null)));
            if let Some(c) = missing {
                let fix = match (c, claim("iss")) {
                    ("aud", Some(i)) if i.contains("gitlab") => {
                        "use GitLab `id_tokens:` with an `aud:` (the old `CI_JOB_JWT` has no `aud`)"
                            .to_owned()
                    }
                    ("aud", _) => {
                        "request the token with an audience (for AWS usually `sts.amazonaws.com`)"
                            .to_owned()
                    }
                    _ => format!("AWS only accepts tokens with `{c}`; have the issuer include it"),
                };
                let pointer = if request.claims.is_some() {
                    "/claims"
                } else {
                    "/token"
                };
                out.push(hint(
                    "required-claim-missing",
                    Source::Token,
                    pointer.to_owned(),
                    format!("the token has no `{c}` claim, and AWS refuses tokens without it"),
                    fix,
                ));
            }
        }
        Stage::Policy => {
            deny(analysis, &mut out);
            policy(analysis, claim("sub"), claim("iss"), &mut out);
            tag_session(analysis, &mut out);
        }
        _ => {}
    }
    out
}

fn words(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {} s", s / 60, s % 60),
        3600..86_400 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ => format!("{} d {} h", s / 86_400, s % 86_400 / 3600),
    }
}

fn issuer(request: &Request, iss: Option<&str>, out: &mut Vec<Hint>) {
    let Some(iss) = iss else { return };
    let want = iss.strip_prefix("https://").unwrap_or(iss);
    let best = request
        .providers
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let url = p.url.trim();
            let bare = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"))
                .unwrap_or(url);
            (i, bare, common(want, bare))
        })
        .max_by_key(|(_, _, n)| *n);
    let Some((i, bare, n)) = best else {
        out.push(hint(
            "issuer-not-found",
            Source::Providers,
            "/providers".to_owned(),
            format!("the account has no OIDC provider at all, and the token's issuer is `{iss}`"),
            format!("create an IAM OIDC provider with URL `{iss}`"),
        ));
        return;
    };
    let why = if bare.trim_end_matches('/') == want.trim_end_matches('/') {
        "they differ only by a trailing `/`, which AWS compares too".to_owned()
    } else if want.starts_with(&format!("{bare}/")) {
        format!(
            "the token's issuer has the path `{}`, which the provider lacks (an enterprise slug?)",
            want.get(bare.len()..).unwrap_or_default()
        )
    } else if bare.starts_with(&format!("{want}/")) {
        "the provider has a path the token's issuer lacks".to_owned()
    } else if !iss.starts_with("https://") {
        "the issuer is not an https URL".to_owned()
    } else {
        "the closest provider is another issuer".to_owned()
    };
    out.push(Hint {
        closest: Some(bare.to_owned()),
        request_value: Some(want.to_owned()),
        offset: Some(n),
        ..hint(
            "issuer-not-found",
            Source::Providers,
            format!("/providers/{i}/url"),
            format!("no provider URL equals the token's issuer `{iss}`: {why}"),
            format!("create (or point the role at) an OIDC provider with URL `{iss}` exactly"),
        )
    });
}

fn audience(request: &Request, analysis: &Analysis, out: &mut Vec<Hint>) {
    let Some(p) = &analysis.provider else { return };
    let index = request
        .providers
        .iter()
        .position(|c| c.url.trim().trim_start_matches("https://") == p.url)
        .unwrap_or_default();
    let aud = p.audiences.first().cloned().unwrap_or_default();
    let best = p.client_ids.iter().max_by_key(|c| common(&aud, c));
    let via = if analysis
        .claims
        .as_ref()
        .is_some_and(|c| c.contains_key("azp"))
    {
        "`azp`"
    } else {
        "`aud`"
    };
    out.push(Hint {
        closest: best.cloned(),
        offset: best.map(|b| common(&aud, b)),
        request_value: Some(aud.clone()),
        ..hint(
            "audience-not-allowed",
            Source::Providers,
            format!("/providers/{index}/clientIds"),
            format!("the token's {via} `{aud}` is not on the provider's client-id list"),
            format!(
                "add `{aud}` to the provider's client ids, or have the CI request the audience `{}`",
                best.map_or("sts.amazonaws.com", String::as_str)
            ),
        )
    });
}

fn policy(analysis: &Analysis, sub: Option<&str>, iss: Option<&str>, out: &mut Vec<Hint>) {
    let Some(trace) = &analysis.policy else {
        return;
    };
    let Some(provider) = &analysis.provider else {
        return;
    };
    let platform = providers::recognise(&provider.url, sub).platform;
    let token_sub = sub.and_then(|s| providers::parse_subject(platform, s).ok());
    for st in trace
        .statements
        .iter()
        .filter(|s| s.effect == Some(Effect::Allow) && s.invalid.is_none())
    {
        if !st.principal.matched {
            principal(st, &provider.arn, out);
            continue;
        }
        if !st.action.matched {
            out.push(Hint {
                span: Some(st.span),
                closest: st.action.values.first().cloned(),
                request_value: Some(st.action.request.clone()),
                ..hint(
                    "action-not-allowed",
                    Source::Policy,
                    format!("{}/Action", st.pointer),
                    format!(
                        "statement {} trusts the provider but does not allow `{}`",
                        st.index, st.action.request
                    ),
                    format!("add `{}` to the statement's `Action`", st.action.request),
                )
            });
            continue;
        }
        for c in st.conditions.iter().filter(|c| c.holds == Some(false)) {
            condition(c, &provider.url, platform, token_sub.as_ref(), iss, out);
        }
    }
}

/// A `Deny` statement decided.
fn deny(analysis: &Analysis, out: &mut Vec<Hint>) {
    let Some(trace) = &analysis.policy else {
        return;
    };
    if trace.decision != crate::eval::Decision::ExplicitDeny {
        return;
    }
    for st in trace
        .statements
        .iter()
        .filter(|s| s.effect == Some(Effect::Deny) && s.applies == crate::eval::Applies::Yes)
    {
        let name = st.sid.as_ref().map_or_else(
            || format!("statement {}", st.index),
            |sid| format!("statement {} (`{sid}`)", st.index),
        );
        out.push(Hint {
            span: Some(st.span),
            ..hint(
                "explicit-deny",
                Source::Policy,
                st.pointer.clone(),
                format!("{name} denies `{}` for this token, and a `Deny` wins over every `Allow`", st.action.request),
                "narrow the `Deny`'s conditions if this token should get in; an `Allow` cannot override it".to_owned(),
            )
        });
    }
}

/// The assume is allowed but the token's session tags are not.
fn tag_session(analysis: &Analysis, out: &mut Vec<Hint>) {
    let (Some(p), Some(t)) = (&analysis.policy, &analysis.tag_session) else {
        return;
    };
    if p.decision != crate::eval::Decision::Allow || t.decision == crate::eval::Decision::Allow {
        return;
    }
    let st = p
        .statements
        .iter()
        .find(|s| s.applies == crate::eval::Applies::Yes && s.effect == Some(Effect::Allow));
    out.push(Hint {
        span: st.map(|s| s.span),
        ..hint(
            "tag-session-not-allowed",
            Source::Policy,
            st.map_or_else(|| "/Statement".to_owned(), |s| format!("{}/Action", s.pointer)),
            "the token carries session tags (`https://aws.amazon.com/tags`), so AWS also needs `sts:TagSession`, which no statement allows".to_owned(),
            "add `sts:TagSession` to the `Action` of the statement that allows the assume".to_owned(),
        )
    });
}

fn principal(st: &StatementTrace, arn: &str, out: &mut Vec<Hint>) {
    let federated: Vec<&str> = st
        .principal
        .values
        .iter()
        .filter_map(|v| v.strip_prefix("Federated: "))
        .collect();
    let Some(best) = federated.iter().max_by_key(|v| common(arn, v)) else {
        return;
    };
    let account = |a: &str| a.split(':').nth(4).map(str::to_owned);
    let url = |a: &str| a.split_once(":oidc-provider/").map(|(_, u)| u.to_owned());
    let why = if account(best) != account(arn) && url(best) == url(arn) {
        format!(
            "it names the account `{}`, the role's provider is in `{}`",
            account(best).unwrap_or_default(),
            account(arn).unwrap_or_default()
        )
    } else {
        format!(
            "it names the provider `{}`, the token's provider is `{}`",
            url(best).unwrap_or_else(|| (*best).to_owned()),
            url(arn).unwrap_or_default()
        )
    };
    out.push(Hint {
        span: Some(st.span),
        closest: Some((*best).to_owned()),
        request_value: Some(arn.to_owned()),
        offset: Some(common(arn, best)),
        ..hint(
            "principal-mismatch",
            Source::Policy,
            format!("{}/Principal/Federated", st.pointer),
            format!("statement {} trusts another principal: {why}", st.index),
            format!("write `\"Federated\": \"{arn}\"`"),
        )
    });
}

/// Renders a policy value as plain text for format checks: wildcards become `x`.
fn as_text(value: &str) -> String {
    value.replace(['*', '?'], "x")
}

fn condition(
    c: &ConditionTrace,
    url: &str,
    platform: Platform,
    token_sub: Option<&Subject>,
    iss: Option<&str>,
    out: &mut Vec<Hint>,
) {
    let base = |code, message: String, fix: String| Hint {
        span: Some(c.span),
        ..hint(code, Source::Policy, c.pointer.clone(), message, fix)
    };
    let (prefix, claim) = c.key.rsplit_once(':').unwrap_or(("", &c.key));
    match c.outcome {
        "keyNotSupplied" if !prefix.eq_ignore_ascii_case(url) => {
            let why = if prefix.trim_end_matches('/') == url.trim_end_matches('/') {
                "they differ by a trailing `/`".to_owned()
            } else if url.starts_with(&format!("{prefix}/")) {
                format!(
                    "the provider's path `{}` is missing",
                    url.get(prefix.len()..).unwrap_or_default()
                )
            } else if prefix.starts_with(&format!("{url}/")) {
                "the key has a path the provider lacks".to_owned()
            } else {
                format!("`{prefix}` is another issuer")
            };
            out.push(Hint {
                closest: Some(format!("{url}:{claim}")),
                request_value: Some(c.key.clone()),
                offset: Some(common(&format!("{url}:{claim}"), &c.key)),
                ..base(
                    "condition-key-prefix",
                    format!(
                        "`{}` does not name this token's provider `{url}`: {why}",
                        c.key
                    ),
                    format!("write the key as `{url}:{claim}`"),
                )
            });
        }
        "keyNotSupplied" => {
            let exposed = providers::exposed_claims(url, true);
            let fix = match claim {
                "iss" => "remove it: the provider itself pins the issuer".to_owned(),
                _ if exposed.contains(&claim) => {
                    "AWS exposes it since January 2026: re-run with provider claims on, or condition on `sub`".to_owned()
                }
                _ => format!(
                    "condition on a key AWS supplies: {}",
                    exposed
                        .iter()
                        .map(|e| format!("`{url}:{e}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            out.push(base(
                "claim-not-supplied",
                format!("`{}` is not a key AWS supplies for this issuer, so the condition is false for every token", c.key),
                fix,
            ));
        }
        "keyMissing" => out.push(base(
            "claim-missing",
            format!(
                "the token has no `{claim}` claim, which `{}` requires",
                c.key
            ),
            if claim == "environment" {
                "declare `environment:` on the job, or drop the condition for jobs without one"
                    .to_owned()
            } else {
                format!("have the CI include `{claim}`, or drop the condition")
            },
        )),
        _ => {
            let Some(nm) = &c.near_miss else { return };
            let mut h = Hint {
                closest: Some(nm.value.clone()),
                request_value: Some(nm.request_value.clone()),
                offset: Some(nm.offset),
                ..base(
                    "near-miss",
                    format!(
                        "`{}` parts from the closest value `{}` after {} characters (`{}` where `{}` was expected)",
                        nm.request_value, nm.value, nm.offset, nm.found, nm.expected
                    ),
                    format!(
                        "add `{}` to `{}` if this token should be trusted",
                        nm.request_value, c.key
                    ),
                )
            };
            if let Some((code, message, fix)) = classify(
                c,
                nm.value.as_str(),
                &nm.request_value,
                claim,
                platform,
                token_sub,
                iss,
            ) {
                h.code = code;
                h.message = message;
                h.fix = fix;
            }
            out.push(h);
        }
    }
}

/// Picks the specific kind of near miss, if one fits.
fn classify(
    c: &ConditionTrace,
    value: &str,
    request: &str,
    claim: &str,
    platform: Platform,
    token_sub: Option<&Subject>,
    _iss: Option<&str>,
) -> Option<(&'static str, String, String)> {
    let like = c.operator.contains("StringLike");
    let equals = c.operator.contains("StringEquals");
    let matches_folded = if like {
        pattern::resolve_pattern(&pattern::parse_value(&value.to_lowercase(), false), |_| {
            None
        })
        .is_some_and(|p| pattern::like(&p, &request.to_lowercase()))
    } else {
        value.to_lowercase() == request.to_lowercase()
    };
    if matches_folded {
        return Some((
            "case-only-difference",
            format!(
                "`{request}` differs from `{value}` only in letter case, and `{}` compares case-sensitively",
                c.operator
            ),
            format!("write `{request}` (the casing the token uses)"),
        ));
    }
    if equals && value.contains(['*', '?']) {
        let as_like = pattern::resolve_pattern(&pattern::parse_value(value, false), |_| None)
            .is_some_and(|p| pattern::like(&p, request));
        if as_like {
            return Some((
                "wildcard-under-string-equals",
                format!(
                    "`{value}` would match `{request}` under `StringLike`, but `{}` reads `*` and `?` literally",
                    c.operator
                ),
                format!(
                    "use `{}` for this value",
                    c.operator.replace("StringEquals", "StringLike")
                ),
            ));
        }
    }
    if claim != "sub" {
        return None;
    }
    let token = token_sub?;
    let value_platform = providers::guess_platform(value);
    if let Some(vp) = value_platform
        && vp != platform
        && platform != Platform::Generic
    {
        return Some((
            "wrong-platform-subject",
            format!(
                "`{value}` is a {} subject, but the token comes from {} (`{request}`)",
                vp.name(),
                platform.name()
            ),
            format!("write a {} subject, e.g. `{request}`", platform.name()),
        ));
    }
    if platform != Platform::GitHub {
        return gitlab_tag(value, request, token);
    }
    let policy_sub = providers::parse_subject(Platform::GitHub, &as_text(value)).ok();
    let token_repo = token.get("repo").unwrap_or_default();
    // A wildcard pattern (`repo:acme/app:*`) does not parse as a subject; its owner/repo
    // part still tells the form.
    let pattern_repo = || {
        let text = as_text(value);
        let repo = text.strip_prefix("repo:")?.split(':').next()?.to_owned();
        (repo.contains('/') && !repo.contains('*') && !repo.contains('?')).then_some(repo)
    };
    let policy_form = match &policy_sub {
        Some(ps) => ps.get("repo").map(|_| ps.immutable),
        None => pattern_repo().map(|r| r.contains('@')),
    };
    if let Some(policy_immutable) = policy_form
        && policy_immutable != token.immutable
    {
        let fixed = match value.split_once(':') {
            Some((_, rest)) => {
                let rest = rest.split_once(':').map_or("", |(_, r)| r);
                if rest.is_empty() {
                    format!("repo:{token_repo}")
                } else {
                    format!("repo:{token_repo}:{rest}")
                }
            }
            _ => request.to_owned(),
        };
        let (t, p) = if token.immutable {
            ("the immutable `OWNER@ID/REPO@ID` form", "the name form")
        } else {
            ("the name form", "the immutable `OWNER@ID/REPO@ID` form")
        };
        return Some((
            "immutable-subject",
            format!("the token's subject uses {t} (`{token_repo}`), the policy value {p}"),
            format!("write `{fixed}`"),
        ));
    }
    let expects_ref = value.contains(":ref:");
    match token.form {
        "environment" if expects_ref => {
            let env = token.get("environment").unwrap_or_default();
            Some((
                "environment-subject",
                format!(
                    "the job runs in the environment `{env}`, so GitHub sends `{request}` instead of a ref subject"
                ),
                format!(
                    "add `{request}` to `{}` (an environment with protection rules is the safer pin)",
                    c.key
                ),
            ))
        }
        "branch" | "tag" if value.contains(":environment:") => {
            let env = value
                .split(":environment:")
                .nth(1)
                .and_then(|e| e.split(':').next())
                .unwrap_or_default();
            Some((
                "environment-subject",
                format!(
                    "the policy value expects the environment `{env}`, but the job declares none, so GitHub sends `{request}`"
                ),
                format!(
                    "add `environment: {env}` to the job, or add `{request}` to `{}`",
                    c.key
                ),
            ))
        }
        "pullRequest" if expects_ref || value.contains(":environment:") => Some((
            "pull-request-subject",
            format!("pull-request workflows send `{request}`, not a branch subject"),
            format!(
                "trust pull requests only deliberately: add `{request}` to `{}`, or run the job on a push",
                c.key
            ),
        )),
        "tag" if value.contains("refs/heads/") => Some((
            "tag-vs-branch",
            format!(
                "the token is for the tag `{}`, the policy value expects a branch",
                token.get("tag").unwrap_or_default()
            ),
            format!(
                "add `{request}` (or a pattern such as `repo:{token_repo}:ref:refs/tags/v*`) to `{}`",
                c.key
            ),
        )),
        "branch" if value.contains("refs/tags/") => Some((
            "tag-vs-branch",
            format!(
                "the token is for the branch `{}`, the policy value expects a tag",
                token.get("branch").unwrap_or_default()
            ),
            format!("run the job on the tag, or add `{request}` to `{}`", c.key),
        )),
        _ => None,
    }
}

fn gitlab_tag(
    value: &str,
    request: &str,
    token: &Subject,
) -> Option<(&'static str, String, String)> {
    if token.platform != Platform::GitLab {
        return None;
    }
    let want = if value.contains("ref_type:branch") {
        "branch"
    } else if value.contains("ref_type:tag") {
        "tag"
    } else {
        return None;
    };
    let have = token.get("ref_type")?;
    (have != want).then(|| {
        (
            "tag-vs-branch",
            format!("the token is for a {have} (`{request}`), the policy value expects a {want}"),
            format!("add `{request}` if the {have} should be trusted"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(common("repo:a/b", "repo:a/c"), 7);
        assert_eq!(common("é", "é"), 1);
        assert_eq!(words(3660), "1 h 1 min");
        assert_eq!(
            providers::guess_platform("project_path:g/*:ref_type:branch:ref:main"),
            Some(Platform::GitLab)
        );
        assert_eq!(
            providers::guess_platform("repo:o/r:ref:refs/heads/*"),
            Some(Platform::GitHub)
        );
        assert_eq!(providers::guess_platform("anything"), None);
    }

    #[test]
    fn hint_ids_are_sorted_and_unique() {
        let ids: Vec<&str> = HINTS.iter().map(|(id, _)| *id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted);
    }

    #[test]
    fn accepted_analyses_have_no_hints() {
        let request = Request::new(
            "",
            "{}",
            vec![crate::api::ProviderConfig::new("x", &["a"])],
            0,
        );
        let analysis = crate::api::analyze(&request);
        assert!(!analysis.accepted);
        let mut accepted = analysis.clone();
        accepted.accepted = true;
        assert!(hints(&request, &accepted).is_empty());
    }
}
