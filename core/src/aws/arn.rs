//! IAM ARNs: OIDC providers (`arn:<partition>:iam::<account>:oidc-provider/<url>`, the form a
//! trust policy's `Federated` principal names a provider by) and roles
//! (`arn:<partition>:iam::<account>:role/<path/name>`, the call's `RoleArn`).

use std::fmt;

/// A parsed IAM OIDC provider ARN, borrowing from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderArn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`...
    pub partition: &'a str,
    /// The twelve-digit account id (not checked here).
    pub account: &'a str,
    /// The provider URL without `https://`: the condition-key prefix.
    pub url: &'a str,
}

impl<'a> ProviderArn<'a> {
    /// Reads `arn:<partition>:iam::<account>:oidc-provider/<url>`; `None` for anything else
    /// (a SAML provider, a built-in provider name, a template placeholder).
    pub fn parse(arn: &'a str) -> Option<Self> {
        let mut it = arn.splitn(6, ':');
        let (Some("arn"), Some(partition), Some("iam"), Some(""), Some(account), Some(rest)) = (
            it.next(),
            it.next(),
            it.next(),
            it.next(),
            it.next(),
            it.next(),
        ) else {
            return None;
        };
        let url = rest.strip_prefix("oidc-provider/")?;
        Some(ProviderArn {
            partition,
            account,
            url,
        })
    }

    /// The ARN of the provider for `url` in `account` (`partition` defaults to `aws`).
    pub fn new(partition: &'a str, account: &'a str, url: &'a str) -> Self {
        ProviderArn {
            partition,
            account,
            url,
        }
    }
}

impl fmt::Display for ProviderArn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:iam::{}:oidc-provider/{}",
            self.partition, self.account, self.url
        )
    }
}

/// A role ARN, read: `arn:<partition>:iam::<account>:role/<path and name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleArn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`...
    pub partition: &'a str,
    /// The role's account.
    pub account: &'a str,
    /// The path and name after `role/`.
    pub name: &'a str,
}

impl<'a> RoleArn<'a> {
    /// Reads a role ARN; `None` when it is not one.
    pub fn parse(arn: &'a str) -> Option<Self> {
        let rest = arn.strip_prefix("arn:")?;
        let (partition, rest) = rest.split_once(':')?;
        let rest = rest.strip_prefix("iam::")?;
        let (account, name) = rest.split_once(":role/")?;
        let valid = !partition.is_empty()
            && account.len() == 12
            && account.bytes().all(|b| b.is_ascii_digit())
            && !name.is_empty();
        valid.then_some(RoleArn {
            partition,
            account,
            name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let text =
            "arn:aws-cn:iam::123456789012:oidc-provider/token.actions.githubusercontent.com/acme";
        let arn = ProviderArn::parse(text).unwrap();
        assert_eq!(arn.partition, "aws-cn");
        assert_eq!(arn.account, "123456789012");
        assert_eq!(arn.url, "token.actions.githubusercontent.com/acme");
        assert_eq!(arn.to_string(), text);
        assert!(ProviderArn::parse("arn:aws:iam::1:saml-provider/x").is_none());
        assert!(ProviderArn::parse("${aws_iam_openid_connect_provider.github.arn}").is_none());
        assert!(ProviderArn::parse("accounts.google.com").is_none());
    }

    #[test]
    fn role_arns() {
        let a = RoleArn::parse("arn:aws-cn:iam::123456789012:role/path/name").unwrap();
        assert_eq!(
            (a.partition, a.account, a.name),
            ("aws-cn", "123456789012", "path/name")
        );
        assert!(RoleArn::parse("arn:aws:iam::12345:role/x").is_none());
        assert!(RoleArn::parse("arn:aws:iam::123456789012:user/x").is_none());
    }
}
