//! Hints for a refused Vault login: the field to change and how, from the typed verdict
//! and the trace.

use serde_json::Value;

use super::sentences::Facts;
use super::trace::{VaultCheck, VaultField};
use crate::codes;
use crate::diagnostic::Source;
use crate::explain::{Hint, hint};
use crate::time::{duration, utc};
use crate::vault::glob;
use crate::vault::login::{self, CheckOutcome, Refusal, SignatureMiss};

/// The hints for a refused login (none for an accepted one).
pub fn hints(f: &Facts<'_>, mount: &str, checks: &[VaultCheck]) -> Vec<Hint> {
    let Some(refusal) = &f.verdict.refusal else {
        return Vec::new();
    };
    let role = f.login.role.ok();
    let config = f.login.config.and_then(Result::ok);
    let claims = f.login.token.ok().flatten().map(|t| &t.claims);
    let name = f.login.role_name.unwrap_or("NAME").to_lowercase();
    let place = |field: &str| {
        role.and_then(|r| r.place(field))
            .map_or((String::new(), None), |p| (p.pointer.clone(), Some(p.span)))
    };
    let at = |code,
              source,
              (pointer, span): (String, Option<crate::json::Span>),
              message: String,
              fix: String| Hint {
        span,
        ..hint(code, source, pointer, message, fix)
    };
    let token_pointer = if f
        .login
        .token
        .ok()
        .flatten()
        .is_some_and(|t| t.format == crate::token::TokenFormat::Claims)
    {
        "/claims"
    } else {
        "/token"
    };
    let mut out = Vec::new();
    match refusal {
        Refusal::MissingRole | Refusal::RoleNotFound(_) => out.push(hint(
            codes::VAULT_ROLE_NOT_FOUND,
            Source::Request,
            "/loginRole".to_owned(),
            match refusal {
                Refusal::RoleNotFound(r) => format!("the login names the role `{r}`, but the role given is `{name}`"),
                _ => "the login names no role, and the mount has no `default_role`".to_owned(),
            },
            format!("log in with `vault write auth/{mount}/login role={name} jwt=...`, or set `default_role` on the mount"),
        )),
        Refusal::OidcRoleType => out.push(at(
            codes::VAULT_OIDC_ROLE_TYPE,
            Source::Policy,
            place("role_type"),
            "the role's `role_type` is `oidc`, for the browser login; `auth/<mount>/login` with a JWT takes `jwt` roles only".to_owned(),
            format!("`vault write auth/{mount}/role/{name} role_type=jwt` (or a second role for CI)"),
        )),
        Refusal::PermissionDenied => out.push(at(
            codes::VAULT_CLIENT_ADDRESS,
            Source::Policy,
            place("token_bound_cidrs"),
            format!("the login comes from `{}`, outside the role's `token_bound_cidrs`", f.login.remote_addr.unwrap_or_default()),
            "add the runner's address range to `token_bound_cidrs`, or log in from inside it".to_owned(),
        )),
        Refusal::Signature(SignatureMiss::KeysOfAnotherIssuer { url }) => {
            let iss = claims.and_then(crate::token::Claims::issuer).unwrap_or_default();
            out.push(at(
                codes::VAULT_KEYS_OF_ANOTHER_ISSUER,
                Source::Providers,
                config.and_then(|c| c.place("oidc_discovery_url")).map_or((String::new(), None), |p| (p.pointer.clone(), Some(p.span))),
                format!("the mount verifies tokens with the keys of `{url}`, and this token was signed by `{iss}`"),
                format!("mount a JWT auth method for this issuer: `vault auth enable -path=jwt-ci jwt`, then `vault write auth/jwt-ci/config oidc_discovery_url={iss} bound_issuer={iss}`"),
            ));
        }
        Refusal::NoTimes | Refusal::NotYetValid | Refusal::Expired | Refusal::IssuedInFuture => {
            let reg = &f.registered;
            let message = match refusal {
                Refusal::Expired => format!("the token expired at {}, {} before the evaluation time, beyond the role's clock skew leeway", utc(reg.exp), duration(f.login.now.saturating_sub(reg.exp))),
                Refusal::NoTimes => "the token has no `iat`, `nbf` or `exp`, and Vault requires one".to_owned(),
                _ => format!("the token is not valid yet at the evaluation time {} (its `nbf` or `iat` is later, beyond the clock skew leeway)", utc(f.login.now)),
            };
            out.push(hint(
                codes::TOKEN_OUTSIDE_VALIDITY,
                Source::Token,
                token_pointer.to_owned(),
                message,
                "request the token right before the login (CI tokens live minutes), check `now`, or widen `clock_skew_leeway` if the clocks differ".to_owned(),
            ));
        }
        Refusal::UnboundAudience => {
            let aud = claims.map(crate::token::Claims::audiences).unwrap_or_default();
            out.push(at(
                codes::VAULT_AUDIENCE_NOT_BOUND,
                Source::Policy,
                place("bound_audiences"),
                format!("the token's `aud` is {}, and a role without `bound_audiences` refuses tokens with an audience (Vault 1.17 and later, OpenBao)", crate::explain::ticked(aud.iter().copied())),
                format!("`vault write auth/{mount}/role/{name} bound_audiences={}`", aud.first().copied().unwrap_or("AUDIENCE")),
            ));
        }
        Refusal::UserClaimMissing(c) | Refusal::UserClaimNotString(c) | Refusal::MappingNotString(c) | Refusal::GroupsMissing(c) | Refusal::GroupsNotList(c) | Refusal::GroupNotString(c) => {
            let (field, fix) = match refusal {
                Refusal::UserClaimMissing(_) | Refusal::UserClaimNotString(_) => ("user_claim", if c.starts_with('/') && !role.is_some_and(|r| r.user_claim_json_pointer) {
                    "set `user_claim_json_pointer=true` to read it as a JSON pointer".to_owned()
                } else {
                    "set `user_claim` to a string claim the token has, e.g. `sub`".to_owned()
                }),
                Refusal::MappingNotString(_) => ("claim_mappings", format!("map only string claims; remove `{c}` from `claim_mappings`")),
                _ => ("groups_claim", "point `groups_claim` at a list of strings, or clear it".to_owned()),
            };
            out.push(at(
                codes::VAULT_IDENTITY_CLAIM_UNUSABLE,
                Source::Policy,
                place(field),
                format!("`{field}` reads the claim `{c}`, which the token lacks or which is not a string"),
                fix,
            ));
        }
        _ => {}
    }
    for c in checks.iter().filter(|c| {
        matches!(c.outcome, CheckOutcome::NotMatched | CheckOutcome::Missing)
            && matches!(
                c.field,
                VaultField::BoundIssuer
                    | VaultField::BoundSubject
                    | VaultField::BoundAudiences
                    | VaultField::BoundClaims
            )
    }) {
        if let Some(h) = mismatch(f, mount, &name, c) {
            out.push(h);
        }
    }
    out
}

/// The hint for one failed comparison.
fn mismatch(f: &Facts<'_>, mount: &str, name: &str, c: &VaultCheck) -> Option<Hint> {
    let role = f.login.role.ok()?;
    let base = |code, message: String, fix: String| Hint {
        span: c.span,
        ..hint(
            code,
            c.source,
            c.pointer.clone().unwrap_or_default(),
            message,
            fix,
        )
    };
    // A claim read (user_claim, a mapping) is refused for its value's type, never here.
    let field = match c.field {
        VaultField::BoundIssuer | VaultField::BoundSubject | VaultField::BoundAudiences => {
            c.field.name()
        }
        _ => VaultField::BoundClaims.name(),
    };
    let Some(found) = &c.found else {
        let fix = if c.claim == "environment" {
            "declare `environment:` on the job, or drop the binding for jobs without one".to_owned()
        } else {
            format!("have the CI include `{}`, or drop the binding", c.claim)
        };
        return Some(base(
            codes::CLAIM_MISSING,
            format!(
                "the token has no `{}` claim, which `{field}` requires",
                c.claim
            ),
            fix,
        ));
    };
    let shown = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let found_text = shown(found);
    // The same text, another JSON type.
    if let Some(e) = c
        .expected
        .iter()
        .find(|e| e.is_string() != found.is_string() && shown(e) == found_text)
    {
        return Some(base(
            codes::VAULT_CLAIM_TYPE_MISMATCH,
            format!(
                "the token's `{}` is {}, the role's value {}: Vault compares Go values, so the types must agree",
                c.claim, found, e
            ),
            format!("write the value as the token has it: `{found}`"),
        ));
    }
    let requests: Vec<&str> = match found {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let expected: Vec<&str> = c.expected.iter().filter_map(Value::as_str).collect();
    if !c.glob
        && c.field == VaultField::BoundClaims
        && let Some(e) = expected
            .iter()
            .find(|e| e.contains('*') && requests.iter().any(|r| glob::matches(e, r)))
    {
        return Some(base(
            codes::VAULT_GLOB_NOT_ENABLED,
            format!(
                "`{e}` would match `{}` as a glob, but the role's `bound_claims_type` is `string`, so its `*` is literal",
                requests.first().copied().unwrap_or_default()
            ),
            format!(
                "`vault write auth/{mount}/role/{name} bound_claims_type=glob` (`vault write` keeps the role's other fields)"
            ),
        ));
    }
    let folded = |e: &str, r: &str| {
        if c.glob {
            glob::matches(&e.to_lowercase(), &r.to_lowercase())
        } else {
            e.to_lowercase() == r.to_lowercase()
        }
    };
    if let Some((e, r)) = expected
        .iter()
        .flat_map(|e| requests.iter().map(move |r| (*e, *r)))
        .find(|(e, r)| folded(e, r))
    {
        return Some(Hint {
            closest: Some(e.to_owned()),
            request_value: Some(r.to_owned()),
            ..base(
                codes::CASE_ONLY_DIFFERENCE,
                format!(
                    "`{r}` differs from `{e}` only in letter case, and Vault compares case-sensitively"
                ),
                format!("write `{r}` (the casing the token uses)"),
            )
        });
    }
    if c.field == VaultField::BoundSubject
        && let Some(b) = role.bound_claims.iter().find(|b| b.claim == "sub")
        && let Some(claims) = f.login.token.ok().flatten().map(|t| &t.claims)
        && login::match_bound(role.glob, b, claims).0 == CheckOutcome::Matched
    {
        return Some(base(
            codes::VAULT_STALE_BOUND_SUBJECT,
            format!(
                "`bound_subject` `{}` refuses the token that `bound_claims` `sub` admits; `vault write` keeps fields it is not given, so an old `bound_subject` stays",
                role.bound_subject
            ),
            format!("clear it: `vault write auth/{mount}/role/{name} bound_subject=\"\"`"),
        ));
    }
    let nm = c.near_miss.as_ref()?;
    let key = match c.field {
        VaultField::BoundClaims => format!("`bound_claims` `{}`", c.claim),
        _ => format!("`{field}`"),
    };
    Some(Hint {
        closest: Some(nm.value.clone()),
        request_value: Some(nm.request_value.clone()),
        offset: Some(nm.offset),
        ..base(
            codes::NEAR_MISS,
            nm.sentence(),
            match c.field {
                VaultField::BoundIssuer | VaultField::BoundSubject => {
                    format!(
                        "set {key} to `{}` if this token should log in",
                        nm.request_value
                    )
                }
                _ => format!(
                    "add `{}` to {key} if this token should log in",
                    nm.request_value
                ),
            },
        )
    })
}
