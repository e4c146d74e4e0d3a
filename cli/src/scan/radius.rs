//! The blast radius: every role a token could assume, each candidate from the prefilter
//! verified by the core evaluator, then by the organization's resource control policies
//! (the core's `aws::rcp`, as `analyze` runs them): a token an RCP denies assumes nothing
//! in the member accounts.

use oidc_trust::Claims;
use oidc_trust::api::Organization;
use oidc_trust::aws::context::{CallContext, Context, ContextOptions, TAGS_CLAIM};
use oidc_trust::aws::eval::{self, Applies, Decision, EvalRequest};
use oidc_trust::aws::policy::{ASSUME_ACTION, Effect, TAG_SESSION_ACTION};
use oidc_trust::aws::rcp::{self, ReadRcp};

use super::export::Role;
use super::index::Index;
use super::tokens::ScanToken;

/// One role whose trust policy lets a token in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumable {
    /// Index into the export's roles.
    pub role: usize,
    /// The statement that allows it.
    pub statement: Option<usize>,
    /// Whether that statement names the token's repository or project (by name or id):
    /// a role that does not is one the token was probably never meant to reach.
    pub names_repository: bool,
    /// The resource control policy that denies the call, so the token cannot assume the
    /// role after all.
    pub denied_by: Option<RcpDenial>,
    /// RCPs whose `Deny` might apply: it depends on what an export does not say (the
    /// caller's address, the region...).
    pub undecided_rcps: Vec<usize>,
}

impl Assumable {
    /// Whether the token could assume the role (no RCP denies it).
    pub fn assumable(&self) -> bool {
        self.denied_by.is_none()
    }
}

/// Which RCP denies a call, and its statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RcpDenial {
    /// The RCP's index in the organization's list.
    pub rcp: usize,
    /// The denying statement: its `Sid`, else its index.
    pub statement: String,
    /// The action denied (`sts:AssumeRoleWithWebIdentity`, or `sts:TagSession`...).
    pub action: &'static str,
}

/// The organization's resource control policies, read once for a scan.
#[derive(Debug, Clone, Default)]
pub struct Rcps {
    /// The organization (its RCPs as given, for the condition keys).
    pub organization: Organization,
    /// The RCPs as the core read them.
    pub read: Vec<ReadRcp>,
    /// The management account, whose roles RCPs do not affect.
    pub management_account: Option<String>,
}

impl Rcps {
    /// Reads the RCPs of an organization.
    pub fn new(organization: Organization, management_account: Option<String>) -> Self {
        let read = rcp::read(Some(&organization));
        Rcps {
            organization,
            read,
            management_account,
        }
    }
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
    rcps: &Rcps,
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
    // Google's ID tokens may name their issuer without the scheme; AWS's built-in provider
    // takes both.
    let bare = oidc_trust::providers::IssuerKind::built_in_named(iss).map(|_| iss);
    let Some(url) = iss.strip_prefix("https://").or(bare) else {
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
        let names_repository = statement
            .and_then(|i| policy.statements.get(i))
            .is_some_and(|st| names_repository(st, claims));
        let (denied_by, undecided_rcps) = rcp_verdict(role, claims, url, &principal, now, rcps);
        out.push(Assumable {
            role: r,
            statement,
            names_repository,
            denied_by,
            undecided_rcps,
        });
    }
    Ok(out)
}

/// The RCPs' word on a role the trust policy lets the token into, as AWS runs them (the
/// core's `aws::rcp::evaluate`, over the same keys as `analyze`, with the role's ARN and
/// account): the first denying RCP, and those that might deny.
fn rcp_verdict(
    role: &Role,
    claims: &Claims,
    url: &str,
    principal: &str,
    now: i64,
    rcps: &Rcps,
) -> (Option<RcpDenial>, Vec<usize>) {
    let exempt = rcps
        .management_account
        .as_deref()
        .is_some_and(|m| role.account.as_deref() == Some(m));
    if rcps.read.is_empty() || exempt {
        return (None, Vec::new());
    }
    let context = Context::new(
        url,
        claims,
        &CallContext {
            now,
            federated_provider: principal,
            role_arn: role.arn.as_deref(),
            role_account: role.account.as_deref(),
            organization: Some(&rcps.organization),
            ..CallContext::default()
        },
        ContextOptions::default(),
    );
    let runs = rcp::evaluate(
        &rcps.read,
        &rcp::actions(claims),
        &context,
        principal,
        role.arn.as_deref(),
    );
    let denied = runs.iter().find(|r| r.denies()).map(|r| {
        let statement = rcps
            .read
            .get(r.index)
            .and_then(|p| p.parsed.policy.as_ref())
            .and_then(|p| {
                p.statements
                    .iter()
                    .zip(&r.evaluation.statements)
                    .enumerate()
                    .find(|(_, (s, res))| {
                        s.effect == Some(Effect::Deny) && res.applies == Applies::Yes
                    })
                    .map(|(i, (s, _))| s.sid.clone().unwrap_or_else(|| format!("statement {i}")))
            })
            .unwrap_or_default();
        RcpDenial {
            rcp: r.index,
            statement,
            action: r.action,
        }
    });
    let mut open: Vec<usize> = Vec::new();
    if denied.is_none() {
        for r in runs.iter().filter(|r| !r.evaluation.complete) {
            if !open.contains(&r.index) {
                open.push(r.index);
            }
        }
    }
    (denied, open)
}

/// Whether a statement names the token's repository or project: a condition value equals
/// the token's `repository`, `repository_id`, `project_path` or `project_id`, or holds the
/// repository or project path whole (`repo:acme/app:...`, not `repo:acme/*` nor
/// `repo:acme/app-2:...`).
pub fn names_repository(st: &oidc_trust::aws::policy::Statement, claims: &Claims) -> bool {
    let names: Vec<&str> = ["repository", "project_path"]
        .iter()
        .filter_map(|c| claims.str(c))
        .filter(|n| !n.is_empty())
        .collect();
    let ids: Vec<String> = ["repository_id", "project_id"]
        .iter()
        .filter_map(|c| claims.get(c))
        .map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let whole = |value: &str, name: &str| {
        value.match_indices(name).any(|(at, _)| {
            let before = value.get(..at).and_then(|b| b.chars().next_back());
            let after = value.get(at + name.len()..).and_then(|a| a.chars().next());
            before.is_none_or(|c| c == ':') && after.is_none_or(|c| c == ':')
        })
    };
    st.conditions
        .iter()
        .flat_map(oidc_trust::aws::policy::Condition::texts)
        .any(|v| ids.iter().any(|id| v == id) || names.iter().any(|n| whole(v, n)))
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
            let got: Vec<usize> = blast_radius(
                &export.roles,
                &index,
                claims,
                &[],
                1_790_000_000,
                &Rcps::default(),
            )
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
                let got: Vec<usize> = blast_radius(
                    &export.roles,
                    &index,
                    &claims,
                    &[],
                    1_790_000_000,
                    &Rcps::default(),
                )
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

    /// With the organization's RCPs, a role is in the blast radius exactly when `analyze`
    /// (with the role's ARN and the same RCPs) accepts; the management account is exempt.
    #[test]
    fn rcps_agree_with_analyze() {
        use oidc_trust::api::{Organization, Rcp};
        let export = load(&source(synthetic::export(300))).unwrap();
        let index = Index::build(&export.roles);
        let org_rcp = json!({"Version": "2012-10-17", "Statement": [{"Sid": "OwnOrg", "Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity", "Resource": "*",
            "Condition": {"StringNotLikeIfExists": {"token.actions.githubusercontent.com:sub": "repo:acme/repo-1*"}, "Null": {"token.actions.githubusercontent.com:sub": "false"}}}]});
        let by_role = json!({"Version": "2012-10-17", "Statement": [{"Sid": "NoTagsOnDeploy", "Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity", "Resource": "arn:aws:iam::*:role/*-3*"}]});
        let organization = Organization {
            rcps: vec![
                Rcp {
                    name: Some("OwnOrg".to_owned()),
                    policy: org_rcp,
                },
                Rcp {
                    name: Some("ByRole".to_owned()),
                    policy: by_role,
                },
            ],
            ..Organization::default()
        };
        let first_account = export.roles.iter().find_map(|r| r.account.clone());
        for management in [None, first_account] {
            let rcps = Rcps::new(organization.clone(), management.clone());
            let toks = read_tokens(&source(synthetic::tokens(40)));
            let (mut accepted, mut denied) = (0, 0);
            for t in &toks {
                let claims = t.claims.as_ref().unwrap();
                let radius =
                    blast_radius(&export.roles, &index, claims, &[], 1_790_000_000, &rcps).unwrap();
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
                    req.call.role_arn = role.arn.clone();
                    let mut org = organization.clone();
                    org.management_account = management.is_some() && role.account == management;
                    req.organization = Some(org);
                    let a = oidc_trust::analyze(&req);
                    let got = radius.iter().find(|x| x.role == r);
                    assert_eq!(
                        a.accepted,
                        got.is_some_and(Assumable::assumable),
                        "{} / {} ({:?})",
                        t.label,
                        role.name,
                        a.summary
                    );
                    accepted += usize::from(a.accepted);
                    denied += usize::from(got.is_some_and(|g| !g.assumable()));
                }
            }
            // Every synthetic role is in one account: as the management account, none is denied.
            let exempt = management.is_some();
            assert!(
                accepted >= 2 && (denied >= 3) != exempt && (denied == 0) == exempt,
                "{accepted} accepted, {denied} denied"
            );
        }
    }

    #[test]
    fn names_the_repository_only_when_whole() {
        let claims = Claims::new(
            json!({"repository": "acme/app", "repository_id": "42"})
                .as_object()
                .unwrap()
                .clone(),
        );
        let gh = "token.actions.githubusercontent.com";
        let named = |cond: serde_json::Value| {
            let text = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "x"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": cond}]}).to_string();
            let parsed = oidc_trust::aws::policy::parse_policy(&text);
            let st = parsed
                .policy
                .unwrap()
                .statements
                .into_iter()
                .next()
                .unwrap();
            names_repository(&st, &claims)
        };
        assert!(named(
            json!({"StringEquals": {format!("{gh}:sub"): "repo:acme/app:ref:refs/heads/main"}})
        ));
        assert!(named(
            json!({"StringEquals": {format!("{gh}:repository_id"): "42"}})
        ));
        assert!(!named(
            json!({"StringLike": {format!("{gh}:sub"): "repo:acme/*"}})
        ));
        assert!(!named(
            json!({"StringLike": {format!("{gh}:sub"): "repo:acme/app-2:*"}})
        ));
        assert!(!named(json!({})));
    }
}
