//! The issuer of a statement whose `Federated` principal names no provider (a template
//! placeholder such as `${aws_iam_openid_connect_provider.github.arn}` or a `CloudFormation`
//! `!Ref` that could not be resolved): inferred from the condition keys' prefixes and the
//! shape of the `sub` values, so the lints still run on what is known.

use crate::aws::policy::Statement;
use crate::providers::{self, Platform};

/// Issuer hosts a misspelt key prefix is compared with.
const KNOWN_HOSTS: &[&str] = &[
    providers::github::HOST,
    "gitlab.com",
    providers::buildkite::HOST,
    "app.terraform.io",
    "oidc.circleci.com",
];

/// What the issuer was inferred from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Basis {
    /// The principal is an OIDC provider ARN with unresolved parts (a template's
    /// `arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/<url>`): its URL is known.
    ProviderPath,
    /// A condition key's prefix names a known issuer.
    KeyPrefix,
    /// A condition key's prefix is a misspelling of a known issuer's host.
    MisspeltKeyPrefix,
    /// The keys' prefix says nothing (a placeholder, or an unknown host); the `sub`
    /// values have a platform's shape.
    SubjectShape,
    /// Nothing tells: the placeholder stands for the provider, generic checks only.
    Nothing,
}

/// The inferred issuer of one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inferred<'a> {
    /// The `Federated` value as written.
    pub principal: &'a str,
    /// The condition-key prefix the statement's keys are checked against.
    pub url: &'a str,
    /// A `sub` value that tells the platform when the prefix does not.
    pub sub_hint: Option<&'a str>,
    /// What it was inferred from.
    pub basis: Basis,
}

/// Infers the issuer of a web-identity statement whose `Federated` principal is
/// `principal`, which names no provider.
pub(crate) fn issuer<'a>(st: &'a Statement, principal: &'a str) -> Inferred<'a> {
    let from_arn = principal
        .rsplit_once(":oidc-provider/")
        .map(|(_, url)| url)
        .filter(|url| !url.is_empty() && !url.contains("${"));
    let prefixes: Vec<&str> = st
        .conditions
        .iter()
        .map(|c| c.prefix_and_claim().0)
        .filter(|p| {
            let lower = p.to_ascii_lowercase();
            !p.is_empty() && lower != "aws" && lower != "sts"
        })
        .collect();
    let sub_hint = st
        .conditions
        .iter()
        .filter(|c| c.prefix_and_claim().1.eq_ignore_ascii_case("sub"))
        .flat_map(|c| c.values.iter())
        .map(|v| v.text.as_str())
        .find(|v| providers::guess_platform(v).is_some());
    let known = || {
        prefixes
            .iter()
            .copied()
            .find(|p| providers::recognise(p, None).platform != Platform::Generic)
    };
    let (url, basis) = if let Some(url) = from_arn {
        (url, Basis::ProviderPath)
    } else if let Some(url) = known() {
        (url, Basis::KeyPrefix)
    } else if let Some(host) = prefixes.iter().find_map(|p| misspelt(p)) {
        (host, Basis::MisspeltKeyPrefix)
    } else {
        match (prefixes.first(), sub_hint) {
            (Some(url), Some(_)) => (*url, Basis::SubjectShape),
            (Some(url), None) => (*url, Basis::Nothing),
            (None, _) => (principal, Basis::Nothing),
        }
    };
    Inferred {
        principal,
        url,
        sub_hint,
        basis,
    }
}

/// The known issuer host a key prefix misspells (one or two letters off), if any.
fn misspelt(prefix: &str) -> Option<&'static str> {
    let host = prefix
        .split('/')
        .next()
        .unwrap_or(prefix)
        .to_ascii_lowercase();
    KNOWN_HOSTS
        .iter()
        .copied()
        .find(|known| *known != host && within_two_edits(&host, known))
}

/// Whether `a` becomes `b` with at most two insertions, deletions or substitutions.
fn within_two_edits(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let next = (prev + usize::from(ca != cb))
                .min(above.saturating_add(1))
                .min(left.saturating_add(1));
            prev = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = next;
            }
        }
    }
    row.last().is_some_and(|d| *d <= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_of_known_hosts() {
        assert_eq!(
            misspelt("token.actions.githubuser.content.com"),
            Some(providers::github::HOST)
        );
        assert_eq!(misspelt("gitlab.co"), Some("gitlab.com"));
        assert_eq!(misspelt("gitlab.com"), None);
        assert_eq!(misspelt("oidc.example.com"), None);
        assert!(within_two_edits("abc", "abc"));
        assert!(!within_two_edits("abcd", "wxyz"));
    }
}
