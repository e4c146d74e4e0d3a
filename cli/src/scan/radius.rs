//! The blast radius: every role a token could assume, each candidate from the prefilter
//! verified by the core evaluator.

use oidc_trust::Claims;
use oidc_trust::aws::context::{CallContext, Context, ContextOptions, TAGS_CLAIM};
use oidc_trust::aws::eval::{self, Applies, Decision, EvalRequest};
use oidc_trust::aws::policy::{ASSUME_ACTION, Effect, TAG_SESSION_ACTION};

use super::export::Role;
use super::index::Index;
use super::tokens::ScanToken;

/// One role a token could assume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumable {
    /// Index into the export's roles.
    pub role: usize,
    /// The statement that allows it.
    pub statement: Option<usize>,
}

/// Why a token can assume nothing before the trust policies are consulted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// The token could not be decoded.
    Undecodable(String),
    /// No usable `iss`.
    Issuer(String),
    /// Its audience is not on the given client-id list.
    Audience(String),
    /// A required claim is missing.
    MissingClaim(&'static str),
}

/// The roles a token could assume: candidates from the index, each verified by the core
/// evaluator.
pub fn blast_radius(
    roles: &[Role],
    index: &Index,
    claims: &Claims,
    client_ids: &[String],
    now: i64,
) -> Result<Vec<Assumable>, Blocked> {
    for claim in ["aud", "sub", "iss", "exp"] {
        let present = match claim {
            "aud" => !claims.audiences().is_empty(),
            _ => claims.get(claim).is_some_and(|v| !v.is_null()),
        };
        if !present {
            return Err(Blocked::MissingClaim(claim));
        }
    }
    let iss = claims.issuer().unwrap_or_default();
    let Some(url) = iss.strip_prefix("https://") else {
        return Err(Blocked::Issuer(format!(
            "`iss` `{iss}` is not an https URL, so no IAM OIDC provider matches it"
        )));
    };
    if !client_ids.is_empty() {
        let auds: Vec<&str> = match claims.str("azp") {
            Some(azp) => vec![azp],
            None => claims.audiences(),
        };
        if !auds.iter().any(|a| client_ids.iter().any(|c| c == a)) {
            return Err(Blocked::Audience(format!(
                "the audience {} is not on the client-id list",
                auds.iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    // The keys that name the role's provider and account are per account: the context is
    // built again only when a role's principal differs from the last one's.
    let context_for = |principal: &str, account: Option<&str>| {
        Context::new(
            url,
            claims,
            &CallContext {
                now,
                federated_provider: principal,
                role_account: account,
                ..CallContext::default()
            },
            ContextOptions::default(),
        )
    };
    let mut context = context_for("", None);
    let mut context_principal = String::new();
    let tags = claims.get(TAGS_CLAIM).is_some();
    let mut out = Vec::new();
    for r in index.candidates(url, &context) {
        let Some(role) = roles.get(r) else { continue };
        let Some(policy) = &role.policy else { continue };
        let principal = role.principal_for(url);
        if principal != context_principal {
            context = context_for(&principal, role.account.as_deref());
            context_principal.clone_from(&principal);
        }
        let request = EvalRequest {
            context: &context,
            action: ASSUME_ACTION,
            principal: &principal,
            resource: None,
        };
        let ev = eval::evaluate(policy, &request);
        if ev.decision != Decision::Allow {
            continue;
        }
        if tags {
            let tag_request = EvalRequest {
                action: TAG_SESSION_ACTION,
                ..request
            };
            if eval::evaluate(policy, &tag_request).decision != Decision::Allow {
                continue;
            }
        }
        let statement = policy
            .statements
            .iter()
            .zip(&ev.statements)
            .position(|(s, res)| s.effect == Some(Effect::Allow) && res.applies == Applies::Yes);
        out.push(Assumable { role: r, statement });
    }
    Ok(out)
}

/// One token's result.
#[derive(Debug, Clone)]
pub struct TokenReport {
    /// The token.
    pub token: ScanToken,
    /// What it could assume.
    pub result: Result<Vec<Assumable>, Blocked>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::export::load;
    use crate::scan::synthetic::{self, source};
    use crate::scan::tokens::read_tokens;
    use oidc_trust::api::{ProviderConfig, Request};
    use serde_json::json;

    /// The prefilter never loses a role the core analysis accepts: every (role, token)
    /// pair agrees with `oidc_trust::analyze`.
    #[test]
    fn agrees_with_analyze_on_every_pair() {
        let export = load(&source(synthetic::export(300))).unwrap();
        let index = Index::build(&export.roles);
        let toks = read_tokens(&source(synthetic::tokens(24)));
        let mut extra: Vec<ScanToken> = [
            "repo:acme/repo-7:ref:refs/tags/vé.1",
            "repo:acme/repo-5:ref:refs/tags/v1.x",
            "repo:acme/repo-1:ref:refs/heads/main",
            "repo:ACME/repo-1:ref:refs/heads/main",
        ]
        .iter()
        .map(|sub| ScanToken {
            label: (*sub).to_owned(),
            claims: Ok(Claims::new(
                json!({"iss": "https://token.actions.githubusercontent.com", "aud": "sts.amazonaws.com", "sub": sub, "exp": 1_790_000_240})
                    .as_object()
                    .unwrap()
                    .clone(),
            )),
        })
        .collect();
        extra.extend(toks);
        let mut accepted = 0;
        for t in &extra {
            let claims = t.claims.as_ref().unwrap();
            let got: Vec<usize> = blast_radius(&export.roles, &index, claims, &[], 1_790_000_000)
                .unwrap()
                .iter()
                .map(|a| a.role)
                .collect();
            for (r, role) in export.roles.iter().enumerate() {
                let mut req = Request::new(
                    &serde_json::Value::Object(claims.to_map()).to_string(),
                    &role.policy_text,
                    vec![ProviderConfig::new(
                        claims.issuer().unwrap(),
                        &claims.audiences(),
                    )],
                    1_790_000_000,
                );
                req.account = role.account.clone();
                let a = oidc_trust::analyze(&req);
                assert_eq!(a.accepted, got.contains(&r), "{} / {}", t.label, role.name);
                accepted += usize::from(a.accepted);
            }
        }
        assert!(accepted > 10, "the synthetic data should accept some pairs");
    }

    /// Policies the prefilter must not index (negations, `IfExists`, `ForAllValues:`,
    /// variables, case folding, wildcard principals, denies) still agree with `analyze`.
    #[test]
    fn tricky_policies_agree_with_analyze() {
        let gh = "token.actions.githubusercontent.com";
        let fed = format!("arn:aws:iam::1:oidc-provider/{gh}");
        let st = |cond: serde_json::Value| json!({"Effect": "Allow", "Principal": {"Federated": fed}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": cond});
        let policies = vec![
            vec![st(
                json!({"StringNotLike": {format!("{gh}:sub"): "repo:evil/*"}}),
            )],
            vec![st(
                json!({"StringLikeIfExists": {format!("{gh}:sub"): "repo:acme/app:*"}}),
            )],
            vec![st(
                json!({"ForAllValues:StringLike": {format!("{gh}:sub"): "repo:acme/*"}}),
            )],
            vec![st(
                json!({"StringLike": {format!("{gh}:sub"): "repo:${{{gh}:repository}}:*"}}),
            )],
            vec![st(
                json!({"StringEqualsIgnoreCase": {format!("{gh}:sub"): "REPO:ACME/APP:REF:REFS/HEADS/MAIN"}}),
            )],
            vec![
                json!({"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity"}),
            ],
            vec![
                json!({"Effect": "Allow", "Principal": {"Federated": "*"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {format!("{gh}:sub"): "repo:acme/*"}}}),
            ],
            vec![
                st(json!({"StringLike": {format!("{gh}:sub"): "repo:acme/*"}})),
                json!({"Effect": "Deny", "Principal": {"Federated": fed}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {format!("{gh}:sub"): "*:pull_request"}}}),
            ],
            vec![st(
                json!({"StringEquals": {format!("{gh}:repository"): "acme/app", format!("{gh}:sub"): ["repo:acme/app:ref:refs/heads/main", "repo:acme/app:pull_request"]}}),
            )],
            vec![st(
                json!({"StringEquals": {format!("{gh}:environment"): "prod"}}),
            )],
            vec![st(
                json!({"ForAnyValue:StringLike": {format!("{gh}:aud"): ["sts.*"]}, "StringLike": {"gitlab.com:sub": "*"}}),
            )],
            vec![st(
                json!({"StringLike": {format!("{gh}:sub"): "repo:acme/app:ref:refs/heads/v?"}}),
            )],
            vec![st(json!({"Null": {format!("{gh}:environment"): "false"}}))],
        ];
        let roles: Vec<serde_json::Value> = policies
            .into_iter()
            .enumerate()
            .map(|(i, statements)| json!({"RoleName": format!("r{i}"), "Arn": format!("arn:aws:iam::1:role/r{i}"), "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": statements}}))
            .collect();
        let export = load(&source(serde_json::Value::Array(roles).to_string())).unwrap();
        let index = Index::build(&export.roles);
        let subs = [
            "repo:acme/app:ref:refs/heads/main",
            "repo:acme/app:pull_request",
            "repo:evil/app:ref:refs/heads/main",
            "repo:acme/app:ref:refs/heads/vé",
            "repo:acme/app:environment:prod",
        ];
        let mut accepted = 0;
        for sub in subs {
            for extra in [
                json!({}),
                json!({"environment": "prod", "repository": "acme/app"}),
            ] {
                let mut c = json!({"iss": format!("https://{gh}"), "aud": "sts.amazonaws.com", "sub": sub, "exp": 1_790_000_240});
                c.as_object_mut()
                    .unwrap()
                    .extend(extra.as_object().unwrap().clone());
                let claims = Claims::new(c.as_object().unwrap().clone());
                let got: Vec<usize> =
                    blast_radius(&export.roles, &index, &claims, &[], 1_790_000_000)
                        .unwrap()
                        .iter()
                        .map(|a| a.role)
                        .collect();
                for (r, role) in export.roles.iter().enumerate() {
                    let req = Request::new(
                        &c.to_string(),
                        &role.policy_text,
                        vec![ProviderConfig::new(gh, &["sts.amazonaws.com"])],
                        1_790_000_000,
                    );
                    let a = oidc_trust::analyze(&req);
                    assert_eq!(
                        a.accepted,
                        got.contains(&r),
                        "{sub} {extra} / {}",
                        role.name
                    );
                    accepted += usize::from(a.accepted);
                }
            }
        }
        assert!(accepted > 20);
    }
}
