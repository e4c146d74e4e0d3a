//! On a refusal, what to change: the field of the token or of the closest credential that
//! decided, the closest value and the fix.

use super::sentences::{credential_name, parts};
use super::trace::{ClauseTrace, CredentialOutcome, CredentialTrace, CredentialsTrace, ValueTrace};
use crate::azure::entra::{Refusal, Verdict};
use crate::azure::expression::ClauseOutcome;
use crate::azure::issuers::{EXCHANGE_AUDIENCE, EXCHANGE_AUDIENCES};
use crate::codes;
use crate::diagnostic::Source;
use crate::explain::subject::{SubjectMiss, subject_miss};
use crate::explain::{Hint, NearMiss, hint, ticked};
use crate::providers;
use crate::time;
use crate::token::Claims;

/// A hint pointing at a credential's value, with the near miss.
fn at_value(code: &'static str, v: &ValueTrace, message: String, fix: String) -> Hint {
    Hint {
        span: Some(v.span),
        closest: Some(v.value.clone()),
        request_value: v.request_value.clone(),
        offset: v.near_miss.as_ref().map(|m| m.offset),
        ..hint(code, Source::Policy, v.pointer.clone(), message, fix)
    }
}

/// The hints for a verdict (none when Entra accepts).
pub fn hints(verdict: &Verdict, trace: Option<&CredentialsTrace>, now: i64) -> Vec<Hint> {
    let mut out = Vec::new();
    let Some(refusal) = &verdict.refusal else {
        return out;
    };
    let claims = verdict.claims();
    let claim = |n: &str| claims.and_then(|c| c.str(n)).unwrap_or_default().to_owned();
    match refusal {
        Refusal::EntraIssued => out.push(hint(
            codes::ENTRA_ISSUED_TOKEN,
            Source::Token,
            "/claims/iss".to_owned(),
            format!(
                "the token was issued by Entra ID itself (`{}`), and Entra refuses its own tokens as federated assertions (AADSTS700222)",
                claim("iss")
            ),
            "exchange the CI platform's own OIDC token; an Entra access token needs no exchange".to_owned(),
        )),
        Refusal::MissingClaim(c) => out.push(hint(
            codes::REQUIRED_CLAIM_MISSING,
            Source::Token,
            format!("/claims/{c}"),
            format!("the token has no `{c}` claim, which Entra requires of a client assertion"),
            if *c == "aud" {
                format!("request the token with the audience `{EXCHANGE_AUDIENCE}`")
            } else {
                format!("use the token the CI platform's OIDC endpoint issues, which sets `{c}`")
            },
        )),
        Refusal::Expired { exp, .. } => out.push(hint(
            codes::TOKEN_EXPIRED,
            Source::Token,
            "/claims/exp".to_owned(),
            format!(
                "the token expired at {} ({} the evaluation time), and Entra allows no grace",
                time::utc(*exp),
                time::relative(*exp, now)
            ),
            "request a fresh token right before the exchange; CI tokens live minutes".to_owned(),
        )),
        Refusal::Issuer { none_configured } => issuer(claims, trace, *none_configured, &mut out),
        Refusal::Audience => audience(claims, trace, &mut out),
        Refusal::Subject { .. } => {
            if let Some(t) = trace.and_then(CredentialsTrace::closest_credential) {
                let iss = claim("iss");
                let sub = claim("sub");
                match t.outcome {
                    CredentialOutcome::SubjectCaseOnly | CredentialOutcome::SubjectDiffers => {
                        if let Some(s) = &t.subject {
                            subject(t, s, &iss, &sub, &mut out);
                        }
                    }
                    CredentialOutcome::ExpressionFalse => {
                        for c in t.clauses.iter().filter(|c| c.outcome != ClauseOutcome::Holds) {
                            out.extend(clause(t, c, &iss));
                        }
                    }
                    _ => {}
                }
            }
        }
        Refusal::Request { .. }
        | Refusal::Token(_)
        | Refusal::Algorithm(_)
        | Refusal::TimeNotInteger(_)
        | Refusal::NotYetValid { .. }
        | Refusal::NoCredentials { .. } => {}
    }
    out
}

fn issuer(
    claims: Option<&Claims>,
    trace: Option<&CredentialsTrace>,
    none_configured: bool,
    out: &mut Vec<Hint>,
) {
    let iss = claims.and_then(Claims::issuer).unwrap_or_default();
    let closest = trace.and_then(|t| {
        t.credentials
            .iter()
            .filter_map(|c| c.issuer.as_ref().map(|i| (c, i)))
            .filter(|(c, _)| c.outcome == CredentialOutcome::IssuerDiffers)
            .max_by_key(|(_, i)| {
                i.near_miss.as_ref().map_or(0, |m| {
                    m.offset + usize::from(m.value.trim_end_matches('/') == iss)
                })
            })
    });
    match closest {
        Some((c, i)) if !none_configured => {
            let why = if i.value.trim_end_matches('/') == iss.trim_end_matches('/') {
                " (Entra compares issuers byte for byte, trailing `/` included)"
            } else if i.value.eq_ignore_ascii_case(iss) {
                " (Entra compares issuers case-sensitively)"
            } else if i.value.trim() == iss {
                " (whitespace counts)"
            } else {
                ""
            };
            out.push(at_value(
                codes::CREDENTIAL_ISSUER_MISMATCH,
                i,
                format!(
                    "no credential's issuer is `{iss}`; the closest is {}'s `{}`{why}",
                    credential_name(c),
                    i.value
                ),
                format!("set `issuer` of {} to `{iss}`", credential_name(c)),
            ));
        }
        _ => out.push(hint(
            codes::CREDENTIAL_ISSUER_MISMATCH,
            Source::Token,
            "/claims/iss".to_owned(),
            format!("the identity has no federated identity credential for the issuer `{iss}`"),
            format!("add a federated identity credential with `issuer` `{iss}`"),
        )),
    }
}

fn audience(claims: Option<&Claims>, trace: Option<&CredentialsTrace>, out: &mut Vec<Hint>) {
    let auds = claims.map(Claims::audiences).unwrap_or_default();
    let Some((c, a)) = trace.and_then(|t| {
        t.credentials
            .iter()
            .filter(|c| c.outcome == CredentialOutcome::AudienceDiffers)
            .find_map(|c| c.audience.as_ref().map(|a| (c, a)))
    }) else {
        return;
    };
    let fix = if EXCHANGE_AUDIENCES.contains(&a.value.as_str()) {
        format!(
            "request the token with the audience `{}` (GitHub: `azure/login` does; GitLab: `id_tokens: ... aud: {}`)",
            a.value, a.value
        )
    } else {
        match auds.first() {
            Some(aud) => format!(
                "set the audience of {} to `{aud}`, or request the token for `{}`",
                credential_name(c),
                a.value
            ),
            None => format!("request the token for `{}`", a.value),
        }
    };
    out.push(at_value(
        codes::CREDENTIAL_AUDIENCE_MISMATCH,
        a,
        format!(
            "the token's `aud` is {}, but {} for its issuer has the audience `{}`",
            ticked(auds.iter().copied()),
            credential_name(c),
            a.value
        ),
        fix,
    ));
}

/// The named reason a configured `sub` value misses, in Entra's words.
fn named(
    value: &str,
    request: &str,
    iss: &str,
    what: &str,
) -> Option<(&'static str, String, String)> {
    let platform = providers::recognise(iss, Some(request)).platform;
    let token = providers::parse_subject(platform, request).ok()?;
    let miss = subject_miss(value, request, platform, &token)?;
    let (code, message) = miss.explain(value, request, platform, what);
    let fix = match miss {
        SubjectMiss::WrongPlatform(_) => {
            format!("write a {} subject, e.g. `{request}`", platform.name())
        }
        SubjectMiss::RepositoryForm { fixed, .. } => format!("write `{fixed}`"),
        SubjectMiss::EnvironmentNotRef { .. } => format!(
            "add a credential for `{request}` (an environment with protection rules is the safer pin)"
        ),
        SubjectMiss::RefNotEnvironment { environment } => {
            format!("add `environment: {environment}` to the job")
        }
        SubjectMiss::PullRequest => format!(
            "trust pull requests only deliberately: add a credential for `{request}`, or run the job on a push"
        ),
        SubjectMiss::TagNotBranch { .. } => {
            format!("add a credential for `{request}` if the tag should be trusted")
        }
        SubjectMiss::BranchNotTag { .. } => {
            format!("run the job on the tag, or add a credential for `{request}`")
        }
        SubjectMiss::GitLabRefType { have, .. } => {
            format!("add a credential for `{request}` if the {have} should be trusted")
        }
    };
    Some((code, message, fix))
}

fn subject(t: &CredentialTrace, s: &ValueTrace, iss: &str, sub: &str, out: &mut Vec<Hint>) {
    let name = credential_name(t);
    if t.outcome == CredentialOutcome::SubjectCaseOnly {
        out.push(at_value(
            codes::CASE_ONLY_DIFFERENCE,
            s,
            format!(
                "`{sub}` differs from the subject of {name}, `{}`, only in letter case, and Entra compares case-sensitively (AADSTS7002138)",
                s.value
            ),
            format!("set `subject` of {name} to `{sub}` (the casing the token uses)"),
        ));
        return;
    }
    if let Some((code, message, fix)) = named(&s.value, sub, iss, &format!("the subject of {name}"))
    {
        out.push(at_value(code, s, message, fix));
        return;
    }
    let message = match &s.near_miss {
        Some(m) => format!(
            "the closest subject is {name}'s `{}`, and `{sub}` {}",
            s.value,
            parts(m)
        ),
        None => format!("the closest subject is {name}'s `{}`", s.value),
    };
    let fix = if s.value.contains(['*', '?']) {
        "a classic subject is compared literally (`*` is an ordinary character): name the subject exactly, or use a flexible credential with `matches`".to_owned()
    } else {
        format!("if this run should be trusted, add a credential with `subject` `{sub}`")
    };
    out.push(at_value(codes::NEAR_MISS, s, message, fix));
}

fn clause(t: &CredentialTrace, c: &ClauseTrace, iss: &str) -> Option<Hint> {
    let pointer = c.pointer.clone();
    let name = credential_name(t);
    let base = |code, message, fix| Hint {
        span: Some(c.span),
        closest: Some(c.comparand.clone()),
        request_value: c.request_value.clone(),
        offset: c.near_miss.as_ref().map(|m| m.offset),
        ..hint(code, Source::Policy, pointer.clone(), message, fix)
    };
    match c.outcome {
        ClauseOutcome::Holds => None,
        ClauseOutcome::ClaimMissing | ClauseOutcome::NotAString => Some(base(
            codes::CLAIM_MISSING,
            format!(
                "the expression of {name} reads `claims['{}']`, which the token does not carry as a string",
                c.claim
            ),
            format!(
                "have the issuer send `{}`, or write the clause on a claim the token has",
                c.claim
            ),
        )),
        ClauseOutcome::Differs => {
            let value = c.request_value.as_deref().unwrap_or_default();
            let folded = match &c.near_miss {
                Some(_) if c.operator == crate::azure::expression::ExpressionOperator::Matches => {
                    crate::matching::like(
                        &crate::matching::pattern(&c.comparand.to_lowercase()),
                        &value.to_lowercase(),
                    )
                }
                _ => c.comparand.to_lowercase() == value.to_lowercase(),
            };
            if folded {
                return Some(base(
                    codes::CASE_ONLY_DIFFERENCE,
                    format!(
                        "`{value}` differs from `{}` in the expression of {name} only in letter case, and the comparison is case-sensitive (UNCONFIRMED for flexible credentials)",
                        c.comparand
                    ),
                    format!("write the comparand in the token's casing, `{value}`"),
                ));
            }
            if c.claim == "sub"
                && let Some((code, message, fix)) = named(
                    &c.comparand,
                    value,
                    iss,
                    &format!("the expression of {name}"),
                )
            {
                return Some(base(code, message, fix));
            }
            let message = match &c.near_miss {
                Some(m) => near(&name, c, m),
                None => format!("`{}` is false for `{value}`", c.text),
            };
            Some(base(
                codes::NEAR_MISS,
                message,
                format!(
                    "if this run should be trusted, change the comparand so that `{value}` {}",
                    if c.operator == crate::azure::expression::ExpressionOperator::Eq {
                        "equals it"
                    } else {
                        "matches it"
                    }
                ),
            ))
        }
    }
}

fn near(name: &str, c: &ClauseTrace, m: &NearMiss) -> String {
    format!(
        "in the expression of {name}, `{}` is false: the token's `{}`, `{}`, {}",
        c.text,
        c.claim,
        m.request_value,
        parts(m)
    )
}
