//! Near-miss hints: when AWS refuses, say what to change. AWS answers every trust-policy
//! refusal with the same sentence; a hint names the JSON path it is about, the closest
//! policy value, where the request and that value part ways, and a one-line fix.
//!
//! Hints are computed from the engine's typed results (the [`Verdict`], the policy and its
//! evaluation), after the verdict, so they never change it. Each has a stable kebab-case
//! `code` from [`crate::codes`].

use super::edits::{Change, Document};
use super::trace::near_miss;
use crate::aws::arn::ProviderArn;
use crate::aws::call::{CallCheck, CallRefusal};
use crate::aws::context::request_field;
use crate::aws::context::{Context, Lookup};
use crate::aws::eval::{Applies, Decision, Outcome, StatementResult};
use crate::aws::policy::TAG_SESSION_ACTION;
use crate::aws::policy::{BaseOperator, Condition, Effect, Statement, TrustPolicy};
use crate::aws::rcp::ReadRcp;
use crate::aws::request::Request;
use crate::aws::sts::{EXPIRY_GRACE_SECONDS, Provider, Refusal, Stage, Verdict};
use crate::codes;
use crate::diagnostic::Source;
use crate::explain::subject::{SubjectMiss, subject_miss};
use crate::explain::{Hint, hint, statement_name};
use crate::matching::{self, common_chars};
use crate::providers::{self, IssuerKind, Platform, Subject};
use crate::time::duration;

/// `h` with the edit that makes `change` in the policy text, if the text allows it exactly.
fn with_change(mut h: Hint, doc: Option<&Document<'_>>, change: &Change) -> Hint {
    h.edit = doc.and_then(|d| d.edit(&h.pointer, change));
    h
}

/// The hints for a refused request: what to change. `policy` is the trust policy the
/// verdict evaluated, if any, and `text` its text, for the edits that carry the fixes out;
/// `rcps` the RCPs as read.
pub fn hints(
    request: &Request,
    verdict: &Verdict,
    policy: Option<&TrustPolicy>,
    text: Option<&str>,
    rcps: &[ReadRcp],
) -> Vec<Hint> {
    if verdict.accepted() {
        return Vec::new();
    }
    let doc = text.and_then(Document::parse);
    let doc = doc.as_ref();
    let mut out = Vec::new();
    let claims = verdict.claims();
    let claim = |name: &str| claims.and_then(|c| c.str(name));
    match verdict.stage() {
        Stage::Call => {
            if let Some(Refusal::Call(c)) = &verdict.refusal {
                call_parameter(c, &mut out);
            }
        }
        Stage::Rcp => rcp_deny(verdict, rcps, &mut out),
        Stage::Issuer => issuer(request, claim("iss"), &mut out),
        Stage::Audience => {
            if let Some(p) = &verdict.provider {
                audience(p, &mut out);
            }
        }
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
                    codes::TOKEN_EXPIRED,
                    Source::Token,
                    pointer.to_owned(),
                    format!(
                        "the token expired {} before the evaluation time, {} past AWS's five-minute grace",
                        duration(ago),
                        duration(ago.saturating_sub(EXPIRY_GRACE_SECONDS))
                    ),
                    "request a fresh token right before the call (CI tokens live minutes), or check `now`".to_owned(),
                )
            });
        }
        Stage::Claims => {
            let missing = ["aud", "sub", "iss", "exp"]
                .into_iter()
                .find(|c| claims.is_none_or(|m| m.get(c).is_none_or(serde_json::Value::is_null)));
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
                    codes::REQUIRED_CLAIM_MISSING,
                    Source::Token,
                    pointer.to_owned(),
                    format!("the token has no `{c}` claim, and AWS refuses tokens without it"),
                    fix,
                ));
            }
        }
        Stage::Policy => {
            if let (Some(policy), Some(run), Some(provider), Some(context)) =
                (policy, &verdict.policy, &verdict.provider, &verdict.context)
            {
                let ev = &run.evaluation;
                let pairs = || policy.statements.iter().zip(&ev.statements).enumerate();
                if ev.decision == Decision::ExplicitDeny {
                    deny(pairs(), &run.action, &mut out);
                }
                let scope = PolicyScope {
                    provider,
                    context,
                    action: &run.action,
                    sub: claim("sub"),
                    doc,
                };
                scope.allow_statements(pairs(), &mut out);
                if ev.decision == Decision::Allow
                    && run
                        .tag_session
                        .as_ref()
                        .is_some_and(|t| t.decision != Decision::Allow)
                {
                    tag_session(pairs(), doc, &mut out);
                }
            }
        }
        Stage::Request | Stage::Token => {}
    }
    out
}

fn issuer(request: &Request, iss: Option<&str>, out: &mut Vec<Hint>) {
    let Some(iss) = iss else { return };
    let want = providers::key_prefix(iss);
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
            (i, bare, common_chars(want, bare))
        })
        .max_by_key(|(_, _, n)| *n);
    let Some((i, bare, n)) = best else {
        out.push(hint(
            codes::ISSUER_NOT_FOUND,
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
            codes::ISSUER_NOT_FOUND,
            Source::Providers,
            format!("/providers/{i}/url"),
            format!("no provider URL equals the token's issuer `{iss}`: {why}"),
            format!("create (or point the role at) an OIDC provider with URL `{iss}` exactly"),
        )
    });
}

fn audience(p: &Provider, out: &mut Vec<Hint>) {
    let aud = p.audiences.first().cloned().unwrap_or_default();
    let best = p.client_ids.iter().max_by_key(|c| common_chars(&aud, c));
    let via = format!("`{}`", p.audience_claim);
    out.push(Hint {
        closest: best.cloned(),
        offset: best.map(|b| common_chars(&aud, b)),
        request_value: Some(aud.clone()),
        ..hint(
            codes::AUDIENCE_NOT_ALLOWED,
            Source::Providers,
            p.index
                .map_or_else(|| "/providers".to_owned(), |i| format!("/providers/{i}/clientIds")),
            format!("the token's {via} `{aud}` is not on the provider's client-id list"),
            format!(
                "add `{aud}` to the provider's client ids, or have the CI request the audience `{}`",
                best.map_or("sts.amazonaws.com", String::as_str)
            ),
        )
    });
}

/// What the trust-policy hints need to know about the request.
struct PolicyScope<'a> {
    provider: &'a Provider,
    context: &'a Context,
    action: &'a str,
    sub: Option<&'a str>,
    doc: Option<&'a Document<'a>>,
}

type Pairs<'a> = std::iter::Enumerate<
    std::iter::Zip<std::slice::Iter<'a, Statement>, std::slice::Iter<'a, StatementResult>>,
>;

impl PolicyScope<'_> {
    /// Why each valid `Allow` statement does not apply.
    fn allow_statements(&self, pairs: Pairs<'_>, out: &mut Vec<Hint>) {
        let platform = providers::recognise(&self.provider.url, self.sub).platform;
        let token_sub = self
            .sub
            .and_then(|s| providers::parse_subject(platform, s).ok());
        for (index, (st, res)) in pairs {
            if st.effect != Some(Effect::Allow) || st.invalid.is_some() {
                continue;
            }
            if !res.principal {
                principal(index, st, &self.provider.arn, self.doc, out);
                continue;
            }
            if !res.action {
                let h = Hint {
                    span: Some(st.span),
                    closest: st.action.patterns.first().cloned(),
                    request_value: Some(self.action.to_owned()),
                    ..hint(
                        codes::ACTION_NOT_ALLOWED,
                        Source::Policy,
                        format!("{}/Action", st.pointer),
                        format!(
                            "statement {index} trusts the provider but does not allow `{}`",
                            self.action
                        ),
                        format!("add `{}` to the statement's `Action`", self.action),
                    )
                };
                out.push(with_change(
                    h,
                    self.doc,
                    &Change::Append(self.action.to_owned()),
                ));
                continue;
            }
            for (c, r) in st.conditions.iter().zip(&res.conditions) {
                if r.holds == Some(false) {
                    self.condition(c, r.outcome, platform, token_sub.as_ref(), out);
                }
            }
            if res.applies == Applies::Unknown {
                unknown_keys(st, res, out);
            }
        }
    }

    fn condition(
        &self,
        c: &Condition,
        outcome: Outcome,
        platform: Platform,
        token_sub: Option<&Subject<'_>>,
        out: &mut Vec<Hint>,
    ) {
        let url = self.provider.url.as_str();
        let base = |code, message: String, fix: String| Hint {
            span: Some(c.span),
            ..hint(code, Source::Policy, c.pointer.clone(), message, fix)
        };
        let (prefix, claim) = c.prefix_and_claim();
        match outcome {
            Outcome::KeyAbsent { supplied: false } if !prefix.eq_ignore_ascii_case(url) => {
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
                let right = format!("{url}:{claim}");
                let rename = Change::RenameKey(right.clone());
                let h = Hint {
                    offset: Some(common_chars(&right, &c.key)),
                    closest: Some(right),
                    request_value: Some(c.key.clone()),
                    ..base(
                        codes::CONDITION_KEY_PREFIX,
                        format!(
                            "`{}` does not name this token's provider `{url}`: {why}",
                            c.key
                        ),
                        format!("write the key as `{url}:{claim}`"),
                    )
                };
                out.push(with_change(h, self.doc, &rename));
            }
            Outcome::KeyAbsent { supplied: false } => {
                let kind = IssuerKind::of(url);
                let fix = match claim {
                    "iss" => "remove it: the provider itself pins the issuer".to_owned(),
                    _ if kind.exposed_claims(true).any(|e| e == claim) => {
                        "AWS exposes it since January 2026: re-run with provider claims on, or condition on `sub`".to_owned()
                    }
                    _ => format!(
                        "condition on a key AWS supplies: {}",
                        kind.exposed_claims(true)
                            .map(|e| format!("`{url}:{e}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                out.push(base(
                    codes::CLAIM_NOT_SUPPLIED,
                    format!("`{}` is not a key AWS supplies for this issuer, so the condition is false for every token", c.key),
                    fix,
                ));
            }
            Outcome::KeyAbsent { supplied: true } => out.push(base(
                codes::CLAIM_MISSING,
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
                let values = match self.context.lookup(&c.key_lower) {
                    Lookup::Present(v) => v,
                    Lookup::Absent | Lookup::Unknown | Lookup::NotSupplied => &[],
                };
                if c.operator.is_some_and(|o| o.base.negated()) {
                    return;
                }
                let Some(nm) = near_miss(c, values, self.context) else {
                    return;
                };
                let h = Hint {
                    closest: Some(nm.value.clone()),
                    request_value: Some(nm.request_value.clone()),
                    offset: Some(nm.offset),
                    ..base(
                        codes::NEAR_MISS,
                        nm.sentence(),
                        format!(
                            "add `{}` to `{}` if this token should be trusted",
                            nm.request_value, c.key
                        ),
                    )
                };
                let (h, change) =
                    match classify(c, &nm.value, &nm.request_value, claim, platform, token_sub) {
                        Some(Classified {
                            code,
                            message,
                            fix,
                            change,
                        }) => (
                            Hint {
                                code,
                                message,
                                fix,
                                ..h
                            },
                            change,
                        ),
                        None => (h, Change::Append(nm.request_value.clone())),
                    };
                out.push(with_change(h, self.doc, &change));
            }
        }
    }
}

/// STS refused a parameter of the call.
fn call_parameter(refusal: &CallRefusal, out: &mut Vec<Hint>) {
    let (check, fix) = match refusal {
        CallRefusal::Validation(v) => {
            let Some(first) = v.first() else { return };
            let fix = match first.check {
                CallCheck::RoleSessionName => {
                    "use 2 to 64 characters of letters, digits and `_+=,.@-` (e.g. `ci-${run id}`)"
                }
                CallCheck::DurationSeconds => "ask for 900 to 43200 seconds",
                CallCheck::WebIdentityToken => "pass the token itself: 4 to 20000 characters",
                CallCheck::PolicyArns => {
                    "attach at most ten managed session policies, each a full ARN"
                }
                CallCheck::Policy => {
                    "keep the inline session policy under 2048 characters of Latin-1 text"
                }
                _ => "pass the full ARN of the role (`arn:aws:iam::<account>:role/<name>`)",
            };
            (first.check, fix)
        }
        CallRefusal::MalformedSessionPolicy(_) => (
            CallCheck::Policy,
            "fix the inline session policy's JSON (or leave `Policy` out)",
        ),
        CallRefusal::InvalidRoleArn(_) => (
            CallCheck::RoleArn,
            "pass the full ARN of the role (`arn:aws:iam::<account>:role/<name>`)",
        ),
        CallRefusal::DurationExceedsMax { .. } => (
            CallCheck::MaxSessionDuration,
            "ask for a shorter `DurationSeconds`, or raise the role's `MaxSessionDuration` (up to 43200)",
        ),
    };
    out.push(hint(
        codes::CALL_PARAMETER_REFUSED,
        Source::Call,
        check.pointer().to_owned(),
        format!(
            "STS refuses the call before it reads the token: `{}`",
            refusal.message()
        ),
        fix.to_owned(),
    ));
}

/// An RCP denied: which statement, in which RCP.
fn rcp_deny(verdict: &Verdict, rcps: &[ReadRcp], out: &mut Vec<Hint>) {
    // A GitHub token in the immutable form (`repo:OWNER@ID/REPO@ID:...`) that a `sub`
    // pattern written for the name form misses: the trap in AWS's own GitHub sample.
    let immutable_github = verdict.provider.as_ref().is_some_and(|p| {
        let sub = verdict
            .claims()
            .and_then(|c| c.str("sub"))
            .unwrap_or_default();
        let issuer = providers::recognise(&p.url, Some(sub));
        issuer.platform == Platform::GitHub
            && providers::parse_subject(Platform::GitHub, sub).is_ok_and(|s| s.immutable)
    });
    for run in verdict.rcps.iter().filter(|r| r.denies()) {
        let Some(rcp) = rcps.get(run.index) else {
            continue;
        };
        let Some(policy) = &rcp.parsed.policy else {
            continue;
        };
        for (i, (st, res)) in policy
            .statements
            .iter()
            .zip(&run.evaluation.statements)
            .enumerate()
        {
            if st.effect != Some(Effect::Deny) || res.applies != Applies::Yes {
                continue;
            }
            let on_sub = st.conditions.iter().any(|c| {
                c.prefix_and_claim().1.eq_ignore_ascii_case("sub")
                    && c.operator.is_some_and(|o| o.base.negated())
            });
            let fix = if immutable_github && on_sub {
                "the token's `sub` is GitHub's immutable form (`repo:OWNER@ID/REPO@ID:...`), which a `repo:OWNER/*` pattern does not match: have the RCP test `token.actions.githubusercontent.com:repository_owner_id` instead, which holds across renames and both forms".to_owned()
            } else {
                "the platform team owns RCPs: make the token match what the RCP expects (its conditions say what), or ask for the role to be excluded".to_owned()
            };
            out.push(Hint {
                span: Some(st.span),
                document: Some(run.index),
                ..hint(
                    codes::RCP_DENY,
                    Source::Rcp,
                    st.pointer.clone(),
                    format!(
                        "{} of the RCP `{}` denies `{}` for this token; an RCP deny wins over the trust policy",
                        statement_name(i, st.sid.as_deref()),
                        rcp.name,
                        run.action
                    ),
                    fix,
                )
            });
        }
    }
}

/// A statement is undecided because keys it tests have values the request does not give.
fn unknown_keys(st: &Statement, res: &StatementResult, out: &mut Vec<Hint>) {
    for (c, r) in st.conditions.iter().zip(&res.conditions) {
        if r.outcome != Outcome::Unknown {
            continue;
        }
        let fix = match request_field(&c.key) {
            Some(field) => format!("give `{field}` in the request to decide it"),
            None => format!(
                "AWS does not document the value of `{}` for a web identity; the condition cannot be decided offline",
                c.key
            ),
        };
        out.push(Hint {
            span: Some(c.span),
            ..hint(
                codes::CONTEXT_KEY_UNKNOWN,
                Source::Policy,
                c.pointer.clone(),
                format!(
                    "`{}` is undecided: the request does not give `{}`",
                    c.operator_name, c.key
                ),
                fix,
            )
        });
    }
}

/// A `Deny` statement decided.
fn deny(pairs: Pairs<'_>, action: &str, out: &mut Vec<Hint>) {
    for (index, (st, res)) in pairs {
        if st.effect != Some(Effect::Deny) || res.applies != Applies::Yes {
            continue;
        }
        let name = statement_name(index, st.sid.as_deref());
        out.push(Hint {
            span: Some(st.span),
            ..hint(
                codes::EXPLICIT_DENY,
                Source::Policy,
                st.pointer.clone(),
                format!("{name} denies `{action}` for this token, and a `Deny` wins over every `Allow`"),
                "narrow the `Deny`'s conditions if this token should get in; an `Allow` cannot override it".to_owned(),
            )
        });
    }
}

/// The assume is allowed but the token's session tags are not.
fn tag_session(mut pairs: Pairs<'_>, doc: Option<&Document<'_>>, out: &mut Vec<Hint>) {
    let st = pairs
        .find(|(_, (s, r))| r.applies == Applies::Yes && s.effect == Some(Effect::Allow))
        .map(|(_, (s, _))| s);
    let h = Hint {
        span: st.map(|s| s.span),
        ..hint(
            codes::TAG_SESSION_NOT_ALLOWED,
            Source::Policy,
            st.map_or_else(|| "/Statement".to_owned(), |s| format!("{}/Action", s.pointer)),
            "the token carries session tags (`https://aws.amazon.com/tags`), so AWS also needs `sts:TagSession`, which no statement allows".to_owned(),
            "add `sts:TagSession` to the `Action` of the statement that allows the assume".to_owned(),
        )
    };
    let change = Change::Append(TAG_SESSION_ACTION.to_owned());
    out.push(with_change(h, doc, &change));
}

/// A statement names another `Federated` principal than the token's provider.
fn principal(
    index: usize,
    st: &Statement,
    arn: &str,
    doc: Option<&Document<'_>>,
    out: &mut Vec<Hint>,
) {
    let Some(best) = st
        .principal
        .federated()
        .max_by_key(|v| common_chars(arn, v))
    else {
        return;
    };
    let (theirs, ours) = (ProviderArn::parse(best), ProviderArn::parse(arn));
    let why = match (theirs, ours) {
        (Some(t), Some(o)) if t.account != o.account && t.url == o.url => format!(
            "it names the account `{}`, the role's provider is in `{}`",
            t.account, o.account
        ),
        _ => format!(
            "it names the provider `{}`, the token's provider is `{}`",
            theirs.map_or(best, |t| t.url),
            ours.map_or("", |o| o.url)
        ),
    };
    let change = Change::Replace {
        old: best.to_owned(),
        new: arn.to_owned(),
    };
    let h = Hint {
        span: Some(st.span),
        closest: Some(best.to_owned()),
        request_value: Some(arn.to_owned()),
        offset: Some(common_chars(arn, best)),
        ..hint(
            codes::PRINCIPAL_MISMATCH,
            Source::Policy,
            format!("{}/Principal/Federated", st.pointer),
            format!("statement {index} trusts another principal: {why}"),
            format!("write `\"Federated\": \"{arn}\"`"),
        )
    };
    out.push(with_change(h, doc, &change));
}

/// A specific kind of near miss: its code, message and fix, and the fix as a change.
struct Classified {
    code: &'static str,
    message: String,
    fix: String,
    change: Change,
}

/// Picks the specific kind of near miss, if one fits.
fn classify(
    c: &Condition,
    value: &str,
    request: &str,
    claim: &str,
    platform: Platform,
    token_sub: Option<&Subject<'_>>,
) -> Option<Classified> {
    let base = c.operator.map(|o| o.base);
    let like = base == Some(BaseOperator::StringLike);
    let equals = matches!(
        base,
        Some(BaseOperator::StringEquals | BaseOperator::StringEqualsIgnoreCase)
    );
    let matches_folded = if like {
        matching::like(
            &matching::pattern(&value.to_lowercase()),
            &request.to_lowercase(),
        )
    } else {
        value.to_lowercase() == request.to_lowercase()
    };
    let operator = &c.operator_name;
    if matches_folded {
        return Some(Classified {
            code: codes::CASE_ONLY_DIFFERENCE,
            message: format!(
                "`{request}` differs from `{value}` only in letter case, and `{operator}` compares case-sensitively"
            ),
            fix: format!("write `{request}` (the casing the token uses)"),
            change: Change::Replace {
                old: value.to_owned(),
                new: request.to_owned(),
            },
        });
    }
    if equals && value.contains(['*', '?']) && matching::like(&matching::pattern(value), request) {
        let like_operator = operator.replace("StringEquals", "StringLike");
        return Some(Classified {
            code: codes::WILDCARD_UNDER_STRING_EQUALS,
            message: format!(
                "`{value}` would match `{request}` under `StringLike`, but `{operator}` reads `*` and `?` literally"
            ),
            fix: format!("use `{like_operator}` for this value"),
            change: Change::RenameOperator(like_operator),
        });
    }
    if claim != "sub" {
        return None;
    }
    let key = &c.key;
    let miss = subject_miss(value, request, platform, token_sub?)?;
    // Most fixes add the token's value; these two rewrite the policy's.
    let change = match &miss {
        SubjectMiss::WrongPlatform(_) => Change::Replace {
            old: value.to_owned(),
            new: request.to_owned(),
        },
        SubjectMiss::RepositoryForm { fixed, .. } => Change::Replace {
            old: value.to_owned(),
            new: fixed.clone(),
        },
        _ => Change::Append(request.to_owned()),
    };
    let (code, message) = miss.explain(value, request, platform, "the policy value");
    let fix = match miss {
        SubjectMiss::WrongPlatform(_) => {
            format!("write a {} subject, e.g. `{request}`", platform.name())
        }
        SubjectMiss::RepositoryForm { fixed, .. } => format!("write `{fixed}`"),
        SubjectMiss::EnvironmentNotRef { .. } => format!(
            "add `{request}` to `{key}` (an environment with protection rules is the safer pin)"
        ),
        SubjectMiss::RefNotEnvironment { environment } => {
            format!("add `environment: {environment}` to the job, or add `{request}` to `{key}`")
        }
        SubjectMiss::PullRequest => format!(
            "trust pull requests only deliberately: add `{request}` to `{key}`, or run the job on a push"
        ),
        SubjectMiss::TagNotBranch { token_repo, .. } => format!(
            "add `{request}` (or a pattern such as `repo:{token_repo}:ref:refs/tags/v*`) to `{key}`"
        ),
        SubjectMiss::BranchNotTag { .. } => {
            format!("run the job on the tag, or add `{request}` to `{key}`")
        }
        SubjectMiss::GitLabRefType { have, .. } => {
            format!("add `{request}` if the {have} should be trusted")
        }
    };
    Some(Classified {
        code,
        message,
        fix,
        change,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_guesses() {
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
    fn accepted_verdicts_have_no_hints() {
        let request = Request::new("", "{}", Vec::new(), 0);
        let accepted = Verdict::default();
        assert!(accepted.accepted());
        assert!(hints(&request, &accepted, None, None, &[]).is_empty());
    }
}
