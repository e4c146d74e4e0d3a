//! What the token is, in one line next to the token box (`GitHub Actions · pull_request ·
//! acme/widgets · expires 14:18 UTC`), and the claims the policy's conditions test. Pure,
//! from the core's answer.

use oidc_trust::Analysis;
use oidc_trust::providers::{self, Platform};

/// The token's one-line summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSummary {
    /// The parts, in order: platform, event, repository, expiry.
    pub parts: Vec<String>,
    /// The claims the trust policy's conditions test, in claim order.
    pub tested: Vec<String>,
}

/// The claim that names the event or pipeline source, per platform.
fn event(platform: Platform, claims: &oidc_trust::Claims) -> Option<String> {
    let named = match platform {
        Platform::GitHub => claims.str("event_name"),
        Platform::GitLab => claims.str("pipeline_source"),
        _ => None,
    };
    named.map(str::to_owned)
}

/// The repository, project or workspace the token names.
fn repository(claims: &oidc_trust::Claims) -> Option<String> {
    [
        "repository",
        "project_path",
        "terraform_workspace_name",
        "pipeline_slug",
        "repositoryName",
    ]
    .iter()
    .find_map(|k| claims.str(k))
    .map(str::to_owned)
}

/// `HH:MM UTC` of a time.
fn clock(t: i64) -> String {
    crate::time::utc(t)
        .split(' ')
        .nth(1)
        .and_then(|hms| hms.get(..5))
        .map_or_else(|| crate::time::utc(t), |hm| format!("{hm} UTC"))
}

/// The summary of the analysed token at evaluation time `now`; `None` without claims.
pub fn token_summary(a: &Analysis, now: i64) -> Option<TokenSummary> {
    // The claims the policy's conditions test: `<prefix>:<claim>` keys naming a claim.
    let keys: Vec<&str> = a
        .policy
        .iter()
        .flat_map(|t| &t.statements)
        .flat_map(|s| &s.conditions)
        .filter_map(|c| c.key.rsplit_once(':').map(|(_, claim)| claim))
        .collect();
    describe(a.claims.as_ref()?, &keys, now)
}

/// The line for `claims` at evaluation time `now`, naming the claims among `keys` (any
/// letter case) as tested. Every target's page writes it so.
pub fn describe(claims: &oidc_trust::Claims, keys: &[&str], now: i64) -> Option<TokenSummary> {
    let iss = claims.issuer().unwrap_or_default();
    let sub = claims.str("sub");
    let issuer = providers::recognise(iss, sub);
    let mut parts = Vec::new();
    parts.push(match issuer.platform {
        Platform::Generic => providers::key_prefix(iss).to_owned(),
        p => p.name().to_owned(),
    });
    let form = sub
        .and_then(|s| providers::parse_subject(issuer.platform, s).ok())
        .map(|s| s.form.name().to_owned());
    if let Some(e) = event(issuer.platform, claims).or(form) {
        parts.push(e);
    }
    if let Some(r) = repository(claims) {
        parts.push(r);
    }
    if let Some(exp) = claims.get("exp").and_then(serde_json::Value::as_i64) {
        let when = if exp < now {
            format!("expired {} (before the evaluation time)", clock(exp))
        } else {
            format!("expires {}", clock(exp))
        };
        parts.push(when);
    }
    parts.retain(|p| !p.is_empty());
    let tested = claims
        .iter()
        .map(|(k, _)| k)
        .filter(|k| keys.iter().any(|c| c.eq_ignore_ascii_case(k)))
        .map(str::to_owned)
        .collect();
    Some(TokenSummary { parts, tested })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_platform_event_repository_and_expiry() {
        let e = crate::examples::find("gitlab-tag-pipeline").unwrap();
        let (eff, a) = crate::state::analyze(&e.inputs(), 0);
        let s = token_summary(&a, eff.now).unwrap();
        assert_eq!(
            s.parts.first().map(String::as_str),
            Some("GitLab CI"),
            "{s:?}"
        );
        assert!(s.parts.iter().any(|p| p == "acme/widgets"), "{s:?}");
        assert!(s.parts.last().unwrap().starts_with("expires "), "{s:?}");
        assert!(s.tested.iter().any(|c| c == "sub"), "{s:?}");
        assert!(!s.tested.iter().any(|c| c == "iat"));
        let e = crate::examples::find("expired-token").unwrap();
        let (eff, a) = crate::state::analyze(&e.inputs(), 0);
        let s = token_summary(&a, eff.now).unwrap();
        assert!(s.parts.last().unwrap().starts_with("expired "), "{s:?}");
    }
}
