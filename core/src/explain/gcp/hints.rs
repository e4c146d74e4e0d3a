//! Hints for a Google refusal: the field to change and the fix, with the closest value and
//! where the token's value parts from it.

use super::sentences::{clause, deciding_clauses};
use super::trace::{CelOutcome, GcpTrace, closest_member};
use crate::codes;
use crate::diagnostic::Source;
use crate::explain::{Hint, hint, ticked};
use crate::gcp::iam::ReadPolicy;
use crate::gcp::provider::Provider;
use crate::gcp::sts::{MAX_SUBJECT_BYTES, MappingFailure, Refusal, Verdict};
use crate::matching;

fn near(
    code: &'static str,
    source: Source,
    pointer: &str,
    message: String,
    closest: &str,
    value: &str,
    fix: String,
) -> Hint {
    let (_, chars) = matching::common_prefix(value, closest, false);
    Hint {
        closest: Some(closest.to_owned()),
        request_value: Some(value.to_owned()),
        offset: Some(chars),
        ..hint(code, source, pointer.to_owned(), message, fix)
    }
}

/// The hints for the refusal, if any.
pub fn hints(
    verdict: &Verdict,
    provider: Option<&Provider>,
    policy: Option<&ReadPolicy>,
    trace: &GcpTrace,
    now: i64,
) -> Vec<Hint> {
    let mut out = Vec::new();
    let Some(refusal) = &verdict.refusal else {
        return out;
    };
    match refusal {
        Refusal::Issuer { iss: Some(iss), expected } => out.push(near(
            codes::ISSUER_URI_MISMATCH,
            Source::Providers,
            "/oidc/issuerUri",
            format!("the token's `iss` `{iss}` is not the provider's `oidc.issuerUri`"),
            expected,
            iss,
            format!("if this issuer is meant to be trusted, set `oidc.issuerUri` to `{iss}` (or use a provider for it)"),
        )),
        Refusal::Audience { aud } => {
            let first = aud.first().map_or("", String::as_str);
            let closest = trace
                .accepted_audiences
                .iter()
                .max_by_key(|a| matching::common_chars(first, a))
                .map_or("", String::as_str);
            let explicit = provider.is_some_and(|p| !p.allowed_audiences.is_empty());
            out.push(near(
                codes::ALLOWED_AUDIENCE_MISMATCH,
                if explicit { Source::Providers } else { Source::Token },
                if explicit { "/oidc/allowedAudiences" } else { "/claims/aud" },
                format!(
                    "the token's `aud` {} is not one the provider accepts",
                    if aud.is_empty() { "(none)".to_owned() } else { ticked(aud.iter().map(String::as_str)) }
                ),
                closest,
                first,
                format!("request the token with the audience `{closest}` (google-github-actions/auth: the `audience` input), or add `{first}` to `oidc.allowedAudiences`"),
            ));
        }
        Refusal::Expired { exp } => out.push(hint(
            codes::TOKEN_EXPIRED,
            Source::Token,
            "/claims/exp".to_owned(),
            format!("the token expired {} s before `now`", now - exp),
            "request a fresh token (CI tokens live minutes), or set `now` to the time of the exchange".to_owned(),
        )),
        Refusal::Mapping {
            target,
            failure: MappingFailure::SubjectTooLong(n),
        } => {
            let pointer = provider
                .and_then(|p| p.mapping(target))
                .map_or_else(|| "/attributeMapping".to_owned(), |m| m.at.pointer.clone());
            out.push(hint(
                codes::GOOGLE_SUBJECT_TOO_LONG,
                Source::Providers,
                pointer,
                format!("`google.subject` maps to {n} bytes, over the {MAX_SUBJECT_BYTES} Google allows"),
                "map a shorter, still unique part of the token (an id claim, or e.g. `assertion.sub.split('/sc/')[1]` for Azure DevOps), and pin the rest in the condition".to_owned(),
            ));
        }
        Refusal::Condition { .. } => {
            if let (Some(root), Some(c)) = (&trace.condition, provider.and_then(|p| p.condition.as_ref())) {
                for leaf in deciding_clauses(root).into_iter().take(3) {
                    if leaf.outcome == CelOutcome::True {
                        continue;
                    }
                    let message = clause(leaf);
                    let mut h = hint(
                        codes::CONDITION_CLAUSE_FALSE,
                        Source::Providers,
                        c.at.pointer.clone(),
                        message,
                        match (&leaf.near_miss, leaf.outcome) {
                            (Some(n), _) => format!(
                                "if this token should be accepted, the clause must admit `{}`; otherwise the refusal is what the condition is for",
                                n.request_value
                            ),
                            (None, CelOutcome::Error) => "guard the claim with `has(assertion.NAME)` if tokens may lack it, or check the claim's name and type in the token".to_owned(),
                            _ => "if this token should be accepted, change this clause; otherwise the refusal is what the condition is for".to_owned(),
                        },
                    );
                    h.span = Some(leaf.span);
                    if let Some(n) = &leaf.near_miss {
                        h.closest = Some(n.value.clone());
                        h.request_value = Some(n.request_value.clone());
                        h.offset = Some(n.offset);
                    }
                    out.push(h);
                }
            }
        }
        Refusal::Binding { role } => {
            if let (Some(policy), Some(identity)) = (policy, verdict.identity.as_ref()) {
                let role = role.first().map_or("roles/iam.workloadIdentityUser", String::as_str);
                match closest_member(policy, identity) {
                    Some((closest, wanted)) => {
                        let pointer = policy
                            .bindings
                            .iter()
                            .flat_map(|b| &b.members)
                            .find(|m| m.text == closest)
                            .map_or_else(|| "/bindings".to_owned(), |m| m.pointer.clone());
                        let mut h = near(
                            codes::MEMBER_MISMATCH,
                            Source::Policy,
                            &pointer,
                            format!("no member names the identity; the closest is `{closest}`"),
                            &closest,
                            &wanted,
                            format!("grant `{role}` to `{wanted}`"),
                        );
                        if let Some(m) = policy.bindings.iter().flat_map(|b| &b.members).find(|m| m.text == closest) {
                            h.span = Some(m.span);
                        }
                        out.push(h);
                    }
                    None => {
                        if let Some(p) = identity.principal() {
                            out.push(hint(
                                codes::MEMBER_MISMATCH,
                                Source::Policy,
                                "/bindings".to_owned(),
                                "the IAM policy has no members".to_owned(),
                                format!("grant `{role}` to `{p}`"),
                            ));
                        }
                    }
                }
            }
        }
        _ => {}
    }
    out
}
