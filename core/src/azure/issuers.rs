//! What Entra ID knows about issuers: its own (whose tokens it refuses to federate), the
//! token-exchange audiences of its clouds, and which issuers may have flexible credentials,
//! with the claims and operators each may use (semantics reference 1.3, Doc 2026-09-18).

use serde::Serialize;

use super::expression::{Expression, ExpressionOperator};

/// The audience Microsoft recommends for federated credentials in the public cloud.
pub const EXCHANGE_AUDIENCE: &str = "api://AzureADTokenExchange";

/// The token-exchange audiences of Entra ID's clouds: public, US Government, China (21Vianet),
/// US National and US Secret (Microsoft's managed-identity-as-credential page and the
/// Microsoft.Identity.Web cloud table).
pub const EXCHANGE_AUDIENCES: [&str; 5] = [
    EXCHANGE_AUDIENCE,
    "api://AzureADTokenExchangeUSGov",
    "api://AzureADTokenExchangeChina",
    "api://AzureADTokenExchangeUSNat",
    "api://AzureADTokenExchangeUSSec",
];

/// Hosts of Entra ID's own token endpoints (public and national clouds, v1 and v2 issuers):
/// `AAD-issued tokens may not be used for federated identity flows.` (AADSTS700222).
const ENTRA_HOSTS: [&str; 7] = [
    "login.microsoftonline.com",
    "login.windows.net",
    "sts.windows.net",
    "login.microsoftonline.us",
    "login.chinacloudapi.cn",
    "login.partner.microsoftonline.cn",
    "sts.chinacloudapi.cn",
];

/// Whether `iss` is one of Entra ID's own issuers.
pub fn entra_issued(iss: &str) -> bool {
    let host = iss
        .strip_prefix("https://")
        .unwrap_or(iss)
        .split('/')
        .next()
        .unwrap_or_default();
    ENTRA_HOSTS.iter().any(|h| h.eq_ignore_ascii_case(host))
}

/// The issuer families that may have flexible credentials.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FlexibleIssuer {
    /// `https://token.actions.githubusercontent.com`.
    #[serde(rename = "github")]
    GitHub,
    /// `https://gitlab.com`, `https://gitlab.<name>.com`, `https://gitlab.<name>.ca`.
    #[serde(rename = "gitlab")]
    GitLab,
    /// `https://app.terraform.io`, `https://app.eu.terraform.io`.
    Terraform,
}

/// One claim a flexible expression may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllowedClaim {
    /// The claim.
    pub claim: &'static str,
    /// Its operators.
    pub operators: &'static [ExpressionOperator],
    /// `false` where only Microsoft's older mutable-subjects page lists it (GitLab
    /// `namespace_id`, `user_id`): UNCONFIRMED.
    pub confirmed: bool,
}

const BOTH: &[ExpressionOperator] = &[ExpressionOperator::Eq, ExpressionOperator::Matches];
const EQ: &[ExpressionOperator] = &[ExpressionOperator::Eq];

const GITHUB: &[AllowedClaim] = &[
    allowed("sub", BOTH),
    allowed("job_workflow_ref", BOTH),
    allowed("repository_id", EQ),
    allowed("repository_owner_id", EQ),
];
const GITLAB: &[AllowedClaim] = &[
    allowed("sub", BOTH),
    allowed("project_id", EQ),
    AllowedClaim {
        claim: "namespace_id",
        operators: EQ,
        confirmed: false,
    },
    AllowedClaim {
        claim: "user_id",
        operators: EQ,
        confirmed: false,
    },
];
const TERRAFORM: &[AllowedClaim] = &[allowed("sub", BOTH)];

const fn allowed(claim: &'static str, operators: &'static [ExpressionOperator]) -> AllowedClaim {
    AllowedClaim {
        claim,
        operators,
        confirmed: true,
    }
}

impl FlexibleIssuer {
    /// The family of an issuer URL, if it may have flexible credentials. The comparison is
    /// exact, as Entra's: `https://gitlab.com/` is not GitLab.com.
    pub fn of(issuer: &str) -> Option<FlexibleIssuer> {
        let host = issuer.strip_prefix("https://")?;
        match host {
            "token.actions.githubusercontent.com" => Some(FlexibleIssuer::GitHub),
            "app.terraform.io" | "app.eu.terraform.io" => Some(FlexibleIssuer::Terraform),
            "gitlab.com" => Some(FlexibleIssuer::GitLab),
            _ => {
                let name = host
                    .strip_prefix("gitlab.")?
                    .strip_suffix(".com")
                    .or_else(|| host.strip_prefix("gitlab.")?.strip_suffix(".ca"))?;
                (!name.is_empty() && !name.contains('/')).then_some(FlexibleIssuer::GitLab)
            }
        }
    }

    /// The claims an expression may use, with their operators.
    pub fn claims(self) -> &'static [AllowedClaim] {
        match self {
            FlexibleIssuer::GitHub => GITHUB,
            FlexibleIssuer::GitLab => GITLAB,
            FlexibleIssuer::Terraform => TERRAFORM,
        }
    }

    /// The immutable-id claims of which an expression must pin one with `eq` (GitHub: either
    /// id; GitLab: `project_id`, UNCONFIRMED where the pages disagree); none for HCP
    /// Terraform.
    pub fn required_ids(self) -> &'static [&'static str] {
        match self {
            FlexibleIssuer::GitHub => &["repository_id", "repository_owner_id"],
            FlexibleIssuer::GitLab => &["project_id"],
            FlexibleIssuer::Terraform => &[],
        }
    }

    /// A display name.
    pub fn name(self) -> &'static str {
        match self {
            FlexibleIssuer::GitHub => "GitHub Actions",
            FlexibleIssuer::GitLab => "GitLab",
            FlexibleIssuer::Terraform => "HCP Terraform",
        }
    }
}

/// What breaks Entra ID's rules for an issuer's expressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleBreak {
    /// Flexible credentials are not available for the issuer.
    Issuer,
    /// A clause uses a claim the issuer's expressions may not use (its index).
    Claim(usize),
    /// A clause uses an operator its claim does not take (its index).
    Operator(usize),
    /// A clause uses a claim only the mutable-subjects page lists (its index): UNCONFIRMED.
    UnconfirmedClaim(usize),
    /// No clause on `sub`.
    NoSubject,
    /// No `eq` clause on one of the required immutable ids.
    NoImmutableId,
}

/// The rules an expression for `issuer` breaks, in clause order, then the missing ones.
pub fn rule_breaks(issuer: &str, expression: &Expression) -> Vec<RuleBreak> {
    let Some(family) = FlexibleIssuer::of(issuer) else {
        return vec![RuleBreak::Issuer];
    };
    let mut out = Vec::new();
    for (i, c) in expression.clauses.iter().enumerate() {
        match family.claims().iter().find(|a| a.claim == c.claim) {
            None => out.push(RuleBreak::Claim(i)),
            Some(a) if !a.operators.contains(&c.op) => out.push(RuleBreak::Operator(i)),
            Some(a) if !a.confirmed => out.push(RuleBreak::UnconfirmedClaim(i)),
            Some(_) => {}
        }
    }
    if expression.on("sub").next().is_none() {
        out.push(RuleBreak::NoSubject);
    }
    let ids = family.required_ids();
    if !ids.is_empty()
        && !expression
            .clauses
            .iter()
            .any(|c| c.op == ExpressionOperator::Eq && ids.contains(&c.claim.as_str()))
    {
        out.push(RuleBreak::NoImmutableId);
    }
    out
}

/// Entra ID's answer when an expression breaks the rules (terraform-provider-azuread#1901,
/// a GitLab expression created through Graph).
pub fn refusal_text(issuer: &str, expression: &str) -> String {
    format!(
        "The FederatedIdentityCredential.ClaimsMatchingExpression.Value is invalid. Rule exception: Expression configured for issuer '{issuer}' either lacks all required claims or contains unallowed claims. paramName: FederatedIdentityCredential.ClaimsMatchingExpression.Value, paramValue: {expression}, objectType: Microsoft.Online.DirectoryServices.Application"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::azure::expression::parse;

    #[test]
    fn families_and_rules() {
        assert_eq!(
            FlexibleIssuer::of("https://gitlab.example.ca"),
            Some(FlexibleIssuer::GitLab)
        );
        assert_eq!(FlexibleIssuer::of("https://gitlab.com/"), None);
        assert_eq!(FlexibleIssuer::of("https://agent.buildkite.com"), None);
        let gh = "https://token.actions.githubusercontent.com";
        let e = parse("claims['sub'] matches 'repo:o/*'").unwrap();
        assert_eq!(rule_breaks(gh, &e), [RuleBreak::NoImmutableId]);
        let e = parse("claims['sub'] eq 'x' and claims['repository_id'] matches '1*'").unwrap();
        assert_eq!(
            rule_breaks(gh, &e),
            [RuleBreak::Operator(1), RuleBreak::NoImmutableId]
        );
        let e = parse("claims['sub'] eq 'x' and claims['repository_owner_id'] eq '1'").unwrap();
        assert!(rule_breaks(gh, &e).is_empty());
        let e = parse("claims['sub'] eq 'x' and claims['namespace_id'] eq '1'").unwrap();
        assert_eq!(
            rule_breaks("https://gitlab.com", &e),
            [RuleBreak::UnconfirmedClaim(1), RuleBreak::NoImmutableId]
        );
        let e = parse("claims['workspace'] eq 'x'").unwrap();
        assert_eq!(
            rule_breaks("https://app.terraform.io", &e),
            [RuleBreak::Claim(0), RuleBreak::NoSubject]
        );
        assert!(entra_issued("https://login.microsoftonline.com/t/v2.0"));
        assert!(entra_issued("https://sts.windows.net/t/"));
        assert!(!entra_issued("https://token.actions.githubusercontent.com"));
    }
}
