//! The sentences of a Vault login: one per stage, and the summary.

use std::fmt::Write as _;

use super::super::{StageReport, StageStatus, VerdictState, ticked};
use crate::diagnostic::Diagnostic;
use crate::time::{duration, utc};
use crate::token::{Token, TokenFormat};
use crate::vault::claims;
use crate::vault::login::{
    CheckOutcome, Checked, DEFAULT_ALGORITHMS, Login, Refusal, SignatureMiss, VaultStage, Verdict,
};
use crate::vault::role::{Config, Role};

/// A stage's name in a sentence.
pub fn stage_name(stage: VaultStage) -> &'static str {
    match stage {
        VaultStage::Request => "request",
        VaultStage::Config => "mount configuration",
        VaultStage::Role => "role",
        VaultStage::Token => "token",
        VaultStage::Cidr => "client address",
        VaultStage::Signature => "signature",
        VaultStage::Claims => "registered claims",
        VaultStage::Issuer => "`bound_issuer`",
        VaultStage::Subject => "`bound_subject`",
        VaultStage::Audience => "`bound_audiences`",
        VaultStage::Validity => "validity",
        VaultStage::UnboundAudience => "unbound audience",
        VaultStage::Identity => "identity",
        VaultStage::BoundClaims => "`bound_claims`",
    }
}

/// What the stages of a login read.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    /// The login's inputs.
    pub login: &'a Login<'a>,
    /// The verdict.
    pub verdict: &'a Verdict,
    /// The token's registered claims as cap reads them (empty without a readable token),
    /// read once for every sentence.
    pub registered: claims::Registered<'a>,
}

impl<'a> Facts<'a> {
    /// The facts of a login and its verdict.
    pub fn new(login: &'a Login<'a>, verdict: &'a Verdict) -> Self {
        let registered = login
            .token
            .ok()
            .flatten()
            .and_then(|t| claims::registered(&t.claims).ok())
            .unwrap_or_default();
        Facts {
            login,
            verdict,
            registered,
        }
    }
}

impl Facts<'_> {
    fn role(&self) -> Option<&Role> {
        self.login.role.ok()
    }

    fn config(&self) -> Option<&Config> {
        self.login.config.and_then(Result::ok)
    }

    fn token(&self) -> Option<&Token> {
        self.login.token.ok().flatten()
    }

    fn failing(&self, checked: fn(Checked) -> bool) -> Vec<String> {
        let role = self.role();
        self.verdict
            .checks
            .iter()
            .filter(|c| checked(c.checked) && c.outcome != CheckOutcome::Matched)
            .filter_map(|c| match c.checked {
                Checked::BoundClaim(i) => role?.bound_claims.get(i).map(|b| b.claim.clone()),
                Checked::Mapping(i) => role?.claim_mappings.get(i).map(|m| m.0.clone()),
                _ => None,
            })
            .collect()
    }
}

/// Every stage, in order, with its status and sentence.
pub fn stage_reports(f: &Facts<'_>) -> Vec<StageReport<VaultStage>> {
    let deciding = f.verdict.refusal.as_ref().map(Refusal::stage);
    crate::explain::stage_reports(
        &VaultStage::ORDER,
        deciding.map(|stage| (stage, StageStatus::Failed)),
        |stage| {
            if not_checked(stage, f) {
                StageStatus::NotChecked
            } else {
                StageStatus::Passed
            }
        },
        |stage, status| match status {
            StageStatus::NotReached => format!(
                "not reached: Vault stopped at the {} stage",
                deciding.map_or("", stage_name)
            ),
            StageStatus::Failed => failed(f),
            _ => passed(stage, f),
        },
    )
}

fn not_checked(stage: VaultStage, f: &Facts<'_>) -> bool {
    match stage {
        VaultStage::Config | VaultStage::Issuer => f.login.config.is_none(),
        VaultStage::Cidr => f.verdict.cidr_unknown,
        _ => false,
    }
}

fn passed(stage: VaultStage, f: &Facts<'_>) -> String {
    let role = f.role();
    let config = f.config();
    let token = f.token();
    let claims = token.map(|t| &t.claims);
    let reg = &f.registered;
    let server = f.login.server.name();
    match stage {
        VaultStage::Request => String::new(),
        VaultStage::Config => match config {
            None => "the mount's configuration was not given: its `bound_issuer`, `jwt_supported_algs`, `oidc_discovery_url` and `default_role` are unknown".to_owned(),
            Some(c) if c.bound_issuer.is_empty() => "the mount's configuration was given; it sets no `bound_issuer`".to_owned(),
            Some(c) => format!("the mount's configuration was given, with `bound_issuer` `{}`", c.bound_issuer),
        },
        VaultStage::Role => {
            let name = match (f.login.login_role, f.login.role_name) {
                (Some(n), _) if !n.is_empty() => format!("the login names the role `{}`, ", n.to_lowercase()),
                (Some(_), _) => format!("the login names no role, so `default_role` `{}` is used, ", config.map_or("", |c| c.default_role.as_str())),
                (None, Some(n)) => format!("assumed: the login names the role `{}`, ", n.to_lowercase()),
                (None, None) => "assumed: the login names this role, ".to_owned(),
            };
            format!("{name}a `jwt` role")
        }
        VaultStage::Token => match token.map(|t| t.format) {
            Some(TokenFormat::Claims) => "claims were given (no JWT)".to_owned(),
            _ => "a JWT was given".to_owned(),
        },
        VaultStage::Cidr => match (role.map(|r| r.token_bound_cidrs.as_slice()), f.login.remote_addr) {
            (Some([]) | None, _) => "the role has no `token_bound_cidrs`".to_owned(),
            (Some(cidrs), Some(addr)) => format!("the client address `{addr}` is in `token_bound_cidrs` {}", ticked(cidrs.iter().map(String::as_str))),
            (Some(cidrs), None) => format!("not checked: the role takes logins only from {}, and the request gives no `remoteAddr`", ticked(cidrs.iter().map(String::as_str))),
        },
        VaultStage::Signature => match token {
            Some(t) if t.format == TokenFormat::Jws => {
                let alg = t.alg().unwrap_or_default();
                let algs = match config.map(|c| c.jwt_supported_algs.as_slice()) {
                    Some(list) if !list.is_empty() => "`jwt_supported_algs`".to_owned(),
                    _ => format!("the default algorithms ({})", DEFAULT_ALGORITHMS.join(", ")),
                };
                format!("assumed to verify (signatures are never checked here); `alg` `{alg}` is one of {algs}")
            }
            _ => "assumed: claims given without a JWT have no signature or `alg` to check".to_owned(),
        },
        VaultStage::Claims => "the registered claims (`iss`, `sub`, `aud`, `exp`, `nbf`, `iat`, `jti`) decode".to_owned(),
        VaultStage::Issuer => match config {
            None => "not checked: without the mount's configuration, `bound_issuer` is unknown".to_owned(),
            Some(c) if c.bound_issuer.is_empty() => "no `bound_issuer`: Vault does not check `iss`".to_owned(),
            Some(c) => format!("`iss` is `{}`", c.bound_issuer),
        },
        VaultStage::Subject => match role {
            Some(r) if !r.bound_subject.is_empty() => format!("`sub` is `{}`", r.bound_subject),
            _ => "no `bound_subject`: Vault does not check `sub` here".to_owned(),
        },
        VaultStage::Audience => match role {
            Some(r) if !r.bound_audiences.is_empty() => {
                let hit = reg.aud.iter().find(|a| r.bound_audiences.iter().any(|b| b == *a));
                format!("`aud` `{}` is in `bound_audiences`", hit.copied().unwrap_or_default())
            }
            _ => "no `bound_audiences`: checked at the unbound-audience stage".to_owned(),
        },
        VaultStage::Validity => match &f.verdict.window {
            Some(w) => format!(
                "valid from {} to {} ({} clock skew leeway), evaluated at {}{}",
                utc(w.not_before),
                utc(w.expires),
                duration(w.skew),
                utc(f.login.now),
                if w.expires_derived { "; the token has no `exp`, so cap ends it at the later of `iat` and `nbf` plus `expiration_leeway`" } else { "" }
            ),
            None => String::new(),
        },
        VaultStage::UnboundAudience => match (role, claims.and_then(|c| c.get("aud"))) {
            (Some(r), _) if !r.bound_audiences.is_empty() => "the role binds audiences".to_owned(),
            (_, Some(serde_json::Value::String(a))) if !a.is_empty() => format!("{server} accepts the single-string `aud` `{a}` without `bound_audiences` (refused from Vault 1.17)"),
            _ => "the token has no `aud`, so none is needed".to_owned(),
        },
        VaultStage::Identity => match &f.verdict.identity {
            Some(id) => {
                let mut s = format!("the entity alias is `{}` (`user_claim` `{}`)", id.alias, role.map_or("", |r| r.user_claim.as_str()));
                if !id.groups.is_empty() {
                    let _ = write!(s, "; groups {}", ticked(id.groups.iter().map(String::as_str)));
                }
                s
            }
            None => String::new(),
        },
        VaultStage::BoundClaims => match role.map_or(0, |r| r.bound_claims.len()) {
            0 => "the role has no `bound_claims`".to_owned(),
            1 => "its bound claim matches".to_owned(),
            n => format!("all {n} bound claims match"),
        },
    }
}

fn failed(f: &Facts<'_>) -> String {
    let Some(refusal) = &f.verdict.refusal else {
        return String::new();
    };
    let role = f.role();
    let config = f.config();
    let token = f.token();
    let claims = token.map(|t| &t.claims);
    let reg = &f.registered;
    let claim = |name: &str| {
        claims
            .and_then(|c| claims::get(c, name))
            .map_or_else(|| "absent".to_owned(), |v| format!("`{}`", compact(v)))
    };
    match refusal {
        Refusal::Request(m) => m.clone(),
        Refusal::NoRole { unreadable: true } => {
            "the role cannot be read, so Vault's answer cannot be given".to_owned()
        }
        Refusal::NoRole { unreadable: false } => {
            "no role was given, so Vault's answer cannot be given".to_owned()
        }
        Refusal::UnreadableConfig => {
            "the mount's configuration cannot be read, so Vault's answer cannot be given".to_owned()
        }
        Refusal::MissingRole => {
            "the login names no role and the mount has no `default_role`".to_owned()
        }
        Refusal::RoleNotFound(name) => format!(
            "the login names the role `{name}`, not `{}`",
            f.login.role_name.unwrap_or_default().to_lowercase()
        ),
        Refusal::OidcRoleType => {
            "the role's `role_type` is `oidc`: the JWT login takes `jwt` roles only".to_owned()
        }
        Refusal::MissingToken => "no token was given".to_owned(),
        Refusal::PermissionDenied => format!(
            "the client address `{}` is outside `token_bound_cidrs` {}",
            f.login.remote_addr.unwrap_or_default(),
            ticked(
                role.map_or(&[][..], |r| r.token_bound_cidrs.as_slice())
                    .iter()
                    .map(String::as_str)
            )
        ),
        Refusal::Signature(SignatureMiss::Undecodable) => {
            "the token does not decode as a JWT".to_owned()
        }
        Refusal::Signature(SignatureMiss::Symmetric(alg)) => format!(
            "`alg` is `{alg}`: no key the mount publishes can verify it (Vault takes RSA, ECDSA, RSA-PSS and EdDSA)"
        ),
        Refusal::Signature(SignatureMiss::KeysOfAnotherIssuer { url }) => format!(
            "the mount takes its keys from `{url}`, but the token was issued by `{}`, whose keys those are not (inferred: signatures are never verified here)",
            reg.iss.unwrap_or_default()
        ),
        Refusal::Signature(SignatureMiss::Algorithm(alg)) => format!(
            "`alg` `{alg}` is not in `jwt_supported_algs` {}",
            ticked(
                config
                    .map_or(&[][..], |c| c.jwt_supported_algs.as_slice())
                    .iter()
                    .map(String::as_str)
            )
        ),
        Refusal::ClaimType(text) => format!("a registered claim has the wrong type: {text}"),
        Refusal::Issuer => format!(
            "`iss` {} is not `bound_issuer` `{}`",
            reg.iss
                .map_or_else(|| "absent".to_owned(), |s| format!("`{s}`")),
            config.map_or("", |c| c.bound_issuer.as_str())
        ),
        Refusal::Subject => format!(
            "`sub` {} is not `bound_subject` `{}`",
            reg.sub
                .map_or_else(|| "absent".to_owned(), |s| format!("`{s}`")),
            role.map_or("", |r| r.bound_subject.as_str())
        ),
        Refusal::Audience => format!(
            "`aud` {} is not in `bound_audiences` {}",
            if reg.aud.is_empty() {
                "absent".to_owned()
            } else {
                ticked(reg.aud.iter().copied())
            },
            ticked(
                role.map_or(&[][..], |r| r.bound_audiences.as_slice())
                    .iter()
                    .map(String::as_str)
            )
        ),
        Refusal::NoTimes => "the token has none of `iat`, `nbf` and `exp`".to_owned(),
        Refusal::NotYetValid | Refusal::Expired | Refusal::IssuedInFuture => {
            let now = f.login.now;
            let skew = role.map_or(60, |r| match r.clock_skew_leeway {
                0 => 60,
                v if v < 0 => 0,
                v => v,
            });
            let (what, at) = match refusal {
                Refusal::Expired => ("expired", reg.exp),
                Refusal::NotYetValid => ("is not valid before", reg.nbf.max(reg.iat)),
                _ => ("was issued in the future, at", reg.iat),
            };
            let gap = (now - at).abs();
            format!(
                "the token {what} {} ({} {} the evaluation time, beyond the {} clock skew leeway)",
                utc(at),
                duration(gap),
                if now >= at { "before" } else { "after" },
                duration(skew)
            )
        }
        Refusal::UnboundAudience => format!(
            "the token has the `aud` {} and the role no `bound_audiences`",
            claim("aud")
        ),
        Refusal::UserClaimMissing(c) => format!("the token has no `{c}` claim for `user_claim`"),
        Refusal::UserClaimNotString(c) => {
            format!("the `user_claim` `{c}` is {}, not a string", claim(c))
        }
        Refusal::MappingNotString(c) => format!(
            "the `claim_mappings` source `{c}` is {}, not a string",
            claim(c)
        ),
        Refusal::GroupsMissing(c) => format!("the token has no `{c}` claim for `groups_claim`"),
        Refusal::GroupsNotList(c) | Refusal::GroupNotString(c) => {
            format!("the `groups_claim` value is not a list of strings ({c})")
        }
        Refusal::ClaimMissing(_)
        | Refusal::ClaimNotMatched(_)
        | Refusal::ReceivedNotScalar(_)
        | Refusal::BoundNotScalar(_)
        | Refusal::NotAGlobString(..) => {
            let failing = f.failing(|c| matches!(c, Checked::BoundClaim(_)));
            let parts: Vec<String> = failing
                .iter()
                .map(|c| format!("`{c}` {}", claim(c)))
                .collect();
            let mut s = format!(
                "{} {} not match",
                parts.join(", "),
                if parts.len() == 1 { "does" } else { "do" }
            );
            if failing.len() > 1 {
                s.push_str(" (Vault names one of them, chosen at random)");
            }
            s
        }
    }
}

/// A claim value, short, for sentences.
fn compact(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What the answer amounts to.
pub fn state(verdict: &Verdict, diagnostics: &[Diagnostic]) -> VerdictState {
    use crate::codes::Severity;
    match &verdict.refusal {
        Some(r) if r.undecided() => VerdictState::Undecided,
        // A field the reader could not take (a number for `bound_audiences`) was left at
        // its default, so the verdict would be about another role than the one given.
        _ if diagnostics.iter().any(|d| {
            d.severity == Severity::Error
                && matches!(
                    d.code,
                    crate::codes::INVALID_VAULT_ROLE | crate::codes::INVALID_VAULT_CONFIG
                )
        }) =>
        {
            VerdictState::Undecided
        }
        Some(_) => VerdictState::Refused,
        None if verdict.cidr_unknown => VerdictState::Undecided,
        None if diagnostics.iter().any(Diagnostic::is_lint_warning) => {
            VerdictState::AcceptedWithWarnings
        }
        None => VerdictState::Accepted,
    }
}

/// The verdict in one sentence.
pub fn summary(f: &Facts<'_>, stages: &[StageReport<VaultStage>]) -> String {
    let server = f.login.server.name();
    match &f.verdict.refusal {
        None => {
            let id = f.verdict.identity.as_ref();
            let policies = f.role().map_or(&[][..], |r| r.token_policies.as_slice());
            let mut s = format!(
                "{server} logs the token in{}: entity alias `{}`",
                f.login
                    .role_name
                    .map(|n| format!(" with the role `{}`", n.to_lowercase()))
                    .unwrap_or_default(),
                id.map_or("", |i| i.alias.as_str())
            );
            if !policies.is_empty() {
                let _ = write!(
                    s,
                    ", policies {}",
                    ticked(policies.iter().map(String::as_str))
                );
            }
            if f.verdict.cidr_unknown {
                s.push_str(", if the client address is in `token_bound_cidrs`");
            }
            if f.login.config.is_none() {
                s.push_str(" (the mount's `bound_issuer` was not given)");
            }
            s
        }
        Some(r) => {
            let detail = stages
                .iter()
                .find(|s| s.status == StageStatus::Failed)
                .map_or("", |s| s.detail.as_str());
            if r.undecided() {
                detail.to_owned()
            } else {
                format!(
                    "{server} refuses the login at the {} stage: {detail}",
                    stage_name(r.stage())
                )
            }
        }
    }
}
