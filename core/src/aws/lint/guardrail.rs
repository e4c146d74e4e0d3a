//! AWS's "identity-provider controls for shared OIDC providers" (semantics reference 4.1):
//! since June 2025, `CreateRole` and `UpdateAssumeRolePolicy` refuse a trust policy that
//! trusts a recognised multi-tenant issuer without constraining a specific claim.
//!
//! The rules, from real AWS transcripts (radkawar/stackd, Dashtid/subvectors, 2026):
//! - only `Allow` statements whose action covers `sts:AssumeRoleWithWebIdentity` and whose
//!   `Federated` principal is the provider are checked, and every one must qualify;
//! - a statement qualifies when one of its operator blocks uses `StringEquals`,
//!   `StringLike` or `StringEqualsIgnoreCase` (a `ForAnyValue:`/`ForAllValues:` prefix is
//!   fine, `...IfExists` is not) on the required key (names compared ignoring case) with a
//!   value "not scoped to all";
//! - GitHub (any provider URL starting `token.actions.githubusercontent.com`) accepts `sub`
//!   or `job_workflow_ref`, but when both are in one block both must be acceptable; its
//!   values must not be blank nor start with `*`. Other providers only refuse exactly `*`;
//! - an empty value list is accepted.
//!
//! Choice (UNCONFIRMED): AWS accepted `["repo:acme/x", "*"]` but refused `["*", "x"]`, so
//! only the first value of a list is checked. The principal is printed as the ARN, except
//! for `gitlab.com` and Cognito, where AWS was seen printing the bare issuer; for the other
//! providers of the table the ARN form is assumed. The IBM Turbonomic URLs of AWS's table
//! are not listed here (the reference does not give them). GHE.com issuers
//! (`token.actions.<sub>.ghe.com`) and GitHub Enterprise Server are not in AWS's table, so
//! no guardrail is assumed for them (UNCONFIRMED).

use crate::aws::policy::{BaseOperator, Condition, Statement};
use crate::providers::IssuerKind;

/// One row of AWS's table of shared providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GuardrailRule {
    /// The provider, as AWS names it.
    pub provider: &'static str,
    /// The issuer (provider URL without `https://`).
    pub issuer: &'static str,
    /// The keys that satisfy the rule (`<issuer>:<claim>`, or a global key).
    pub keys: &'static [&'static str],
}

/// AWS's table, as captured on 2026-09-11 (semantics reference 4.1).
pub const SHARED_PROVIDERS: &[GuardrailRule] = &[
    GuardrailRule {
        provider: "Amazon Cognito",
        issuer: "cognito-identity.amazonaws.com",
        keys: &["aud"],
    },
    GuardrailRule {
        provider: "Azure Sentinel",
        issuer: "sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d",
        keys: &["sts:RoleSessionName"],
    },
    GuardrailRule {
        provider: "Buildkite",
        issuer: "agent.buildkite.com",
        keys: &["sub"],
    },
    GuardrailRule {
        provider: "Codefresh SaaS",
        issuer: "oidc.codefresh.io",
        keys: &["sub"],
    },
    GuardrailRule {
        provider: "DVC Studio",
        issuer: "studio.datachain.ai/api",
        keys: &["sub"],
    },
    GuardrailRule {
        provider: "GitHub actions",
        issuer: "token.actions.githubusercontent.com",
        keys: &["sub", "job_workflow_ref"],
    },
    GuardrailRule {
        provider: "GitHub audit log streaming",
        issuer: "oidc-configuration.audit-log.githubusercontent.com",
        keys: &["sub"],
    },
    GuardrailRule {
        provider: "GitHub vstoken",
        issuer: "vstoken.actions.githubusercontent.com",
        keys: &["sub"],
    },
    GuardrailRule {
        provider: "GitLab",
        issuer: "gitlab.com",
        keys: &["sub"],
    },
    GuardrailRule {
        provider: "Pulumi Cloud",
        issuer: "api.pulumi.com/oidc",
        keys: &["aud"],
    },
    GuardrailRule {
        provider: "sandboxes.cloud",
        issuer: "sandboxes.cloud",
        keys: &["aud"],
    },
    GuardrailRule {
        provider: "Scalr",
        issuer: "scalr.io",
        keys: &["sub"],
    },
    GuardrailRule {
        provider: "Shisho Cloud",
        issuer: "tokens.cloud.shisho.dev",
        keys: &["sub"],
    },
    GuardrailRule {
        provider: "Terraform Cloud",
        issuer: "app.terraform.io",
        keys: &["sub"],
    },
    GuardrailRule {
        provider: "Upbound",
        issuer: "proidc.upbound.io",
        keys: &["sub"],
    },
    GuardrailRule {
        provider: "Vercel global endpoint",
        issuer: "oidc.vercel.com",
        keys: &["aud"],
    },
];

/// The rule for a provider URL (without `https://`).
pub(crate) fn rule_for(url: &str) -> Option<&'static GuardrailRule> {
    if url.starts_with("token.actions.githubusercontent.com") {
        return SHARED_PROVIDERS
            .iter()
            .find(|r| r.provider == "GitHub actions");
    }
    SHARED_PROVIDERS.iter().find(|r| r.issuer == url)
}

/// The full key names of a rule for provider URL `url`.
fn keys(rule: &GuardrailRule, url: &str) -> Vec<String> {
    rule.keys
        .iter()
        .map(|k| {
            if k.contains(':') {
                (*k).to_owned()
            } else {
                format!("{url}:{k}")
            }
        })
        .collect()
}

/// The older rule for the built-in providers Google, Login with Amazon and Facebook: a
/// trust policy must test the application id with `StringEquals` (or
/// `StringEqualsIgnoreCase`, no set qualifier, no `IfExists`). AWS refused conditions on
/// `amr`, `email`, `user_id`, `id` and on `SUB` in capitals (radkawar/stackd, 2026); the keys
/// that satisfy it (Google's `aud`, `oaud`, `sub`; Amazon's and Facebook's `app_id`, `sub`,
/// spelled in lower case) are that repository's reading of its probes (UNCONFIRMED).
fn legacy_built_in(st: &Statement, kind: IssuerKind) -> Option<String> {
    let name = kind.built_in_name()?;
    let claims: &[&str] = match kind {
        IssuerKind::Google => &["aud", "oaud", "sub"],
        IssuerKind::Amazon | IssuerKind::Facebook => &["app_id", "sub"],
        _ => return None,
    };
    let qualifies = st.conditions.iter().any(|c| {
        c.operator.is_some_and(|o| {
            o.set.is_none()
                && !o.if_exists
                && matches!(
                    o.base,
                    BaseOperator::StringEquals | BaseOperator::StringEqualsIgnoreCase
                )
        }) && c
            .key
            .split_once(':')
            .is_some_and(|(p, claim)| p == name && claims.contains(&claim))
    });
    (!qualifies).then(|| {
        format!("Policy trusting {name} requires a StringEquals condition on an application id")
    })
}

/// AWS's message when statement `st` trusting `principal` (the `Federated` value as
/// written; `url` its provider URL) fails the rule; `None` when it passes.
pub(crate) fn check(st: &Statement, principal: &str, url: &str) -> Option<String> {
    if let Some(m) = IssuerKind::built_in_named(principal).and_then(|k| legacy_built_in(st, k)) {
        return Some(m);
    }
    let rule = rule_for(url)?;
    let github = rule.provider == "GitHub actions";
    let keys = keys(rule, url);
    if rule.issuer == "cognito-identity.amazonaws.com" && st.conditions.is_empty() {
        return Some("A condition block must be present for the Cognito provider".to_owned());
    }
    // Group the conditions by operator block, in order.
    let mut blocks: Vec<(&str, Vec<&Condition>)> = Vec::new();
    for c in &st.conditions {
        match blocks.iter_mut().find(|(name, _)| *name == c.operator_name) {
            Some((_, cs)) => cs.push(c),
            None => blocks.push((&c.operator_name, vec![c])),
        }
    }
    let qualifies = blocks.iter().any(|(_, cs)| {
        let required: Vec<_> = cs
            .iter()
            .filter(|c| keys.iter().any(|k| k.eq_ignore_ascii_case(&c.key)))
            .collect();
        !required.is_empty()
            && required.iter().all(|c| {
                let op_ok = c.operator.is_some_and(|o| {
                    !o.if_exists
                        && matches!(
                            o.base,
                            BaseOperator::StringEquals
                                | BaseOperator::StringLike
                                | BaseOperator::StringEqualsIgnoreCase
                        )
                });
                op_ok
                    && c.values.first().map(|v| v.text.as_str()).is_none_or(|v| {
                        if github {
                            !(v.trim().is_empty() || v.starts_with('*'))
                        } else {
                            v != "*"
                        }
                    })
            })
    });
    if qualifies {
        return None;
    }
    let shown = if matches!(rule.issuer, "gitlab.com" | "cognito-identity.amazonaws.com") {
        rule.issuer
    } else {
        principal
    };
    Some(format!(
        "Trust policy with trusted principal {shown} must evaluate, using StringEquals, StringLike or StringEqualsIgnoreCase, {} which is not scoped to all.",
        keys.join(" or ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::policy::parse_policy;

    fn msg(cond: &str, url: &str) -> Option<String> {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Federated":"arn:aws:iam::111122223333:oidc-provider/{url}"}},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{cond}}}]}}"#
        );
        let p = parse_policy(&text).policy.unwrap();
        let st = p.statements.first().unwrap();
        check(
            st,
            &format!("arn:aws:iam::111122223333:oidc-provider/{url}"),
            url,
        )
    }

    const GH: &str = "token.actions.githubusercontent.com";

    #[test]
    fn github_rule() {
        let sub = |op: &str, v: &str| msg(&format!(r#"{{"{op}":{{"{GH}:sub":{v}}}}}"#), GH);
        assert_eq!(
            sub("StringLike", r#""*""#).unwrap(),
            "Trust policy with trusted principal arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com must evaluate, using StringEquals, StringLike or StringEqualsIgnoreCase, token.actions.githubusercontent.com:sub or token.actions.githubusercontent.com:job_workflow_ref which is not scoped to all."
        );
        assert!(sub("StringLike", r#""repo:*""#).is_none());
        assert!(sub("StringLike", r#""*owned""#).is_some());
        assert!(sub("StringLike", r#""?""#).is_none());
        assert!(sub("StringLike", r#"" ""#).is_some());
        assert!(sub("StringLike", r#"["repo:a/b", "*"]"#).is_none());
        assert!(sub("StringLike", r#"["*", "repo:a/b"]"#).is_some());
        assert!(sub("StringLike", "[]").is_none());
        assert!(sub("StringNotEquals", r#""repo:a/b:ref:x""#).is_some());
        assert!(sub("StringLikeIfExists", r#""repo:a/b:ref:x""#).is_some());
        assert!(sub("ForAnyValue:StringLike", r#""repo:a/b:ref:x""#).is_none());
        assert!(msg(&format!(r#"{{"StringEquals":{{"{GH}:job_workflow_ref":"a/b/.github/workflows/x.yml@refs/heads/main"}}}}"#), GH).is_none());
        assert!(
            msg(
                &format!(r#"{{"StringEquals":{{"{GH}:repository":"a/b"}}}}"#),
                GH
            )
            .is_some()
        );
        assert!(
            msg(
                &format!(
                    r#"{{"StringLike":{{"{GH}:sub":"*","{GH}:job_workflow_ref":"a/b/x@y"}}}}"#
                ),
                GH
            )
            .is_some()
        );
        assert!(msg(&format!(r#"{{"StringEquals":{{"{GH}:sub":"repo:a/b:ref:x"}},"StringLike":{{"{GH}:sub":"*"}}}}"#), GH).is_none());
        assert!(
            msg(
                r#"{"StringEquals":{"TOKEN.ACTIONS.GITHUBUSERCONTENT.COM:SUB":"repo:a/b:ref:x"}}"#,
                GH
            )
            .is_none()
        );
    }

    #[test]
    fn other_providers() {
        let m = msg(r#"{"StringLike":{"gitlab.com:sub":"*"}}"#, "gitlab.com").unwrap();
        assert!(
            m.starts_with("Trust policy with trusted principal gitlab.com must"),
            "{m}"
        );
        assert!(msg(r#"{"StringLike":{"gitlab.com:sub":"**"}}"#, "gitlab.com").is_none());
        assert!(msg("{}", "gitlab.com/private").is_none());
        assert!(msg("{}", "example.com").is_none());
        assert_eq!(
            msg("{}", "cognito-identity.amazonaws.com").unwrap(),
            "A condition block must be present for the Cognito provider"
        );
    }

    #[test]
    fn legacy_built_in_providers() {
        let google = |cond: &str| {
            let text = format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Federated":"accounts.google.com"}},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{cond}}}]}}"#
            );
            let p = parse_policy(&text).policy.unwrap();
            check(
                p.statements.first().unwrap(),
                "accounts.google.com",
                "accounts.google.com",
            )
        };
        assert_eq!(
            google(r#"{"StringEquals":{"accounts.google.com:email":"a@b.c"}}"#).as_deref(),
            Some(
                "Policy trusting accounts.google.com requires a StringEquals condition on an application id"
            )
        );
        assert!(
            google(
                r#"{"StringEquals":{"accounts.google.com:aud":"123.apps.googleusercontent.com"}}"#
            )
            .is_none()
        );
        assert!(google(r#"{"StringEquals":{"ACCOUNTS.GOOGLE.COM:SUB":"1"}}"#).is_some());
        assert!(google(r#"{"StringLike":{"accounts.google.com:aud":"1*"}}"#).is_some());
    }
}
