//! The trust policy of the terraform-aws-signing-kms module (phpboyscout/terraform-aws-signing-kms),
//! rendered from its inputs with the module's own validation.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{GenerateResult, PLACEHOLDER_ACCOUNT, document, one_or_many};
use crate::aws::arn::ProviderArn;
use crate::aws::lint;
use crate::aws::request::ProviderConfig;
use crate::diagnostic::Diagnostic;
use crate::providers;

/// The inputs of the terraform-aws-signing-kms module (phpboyscout/terraform-aws-signing-kms)
/// that shape its signer role's trust policy. On the wire `oidcIssuerHost` and
/// `oidcAudience` are required; [`ModuleInputs::default`] has the module's defaults.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ModuleInputs {
    /// `oidc_issuer_host`: the key prefix (the module's default is `gitlab.com`, which
    /// [`ModuleInputs::default`] uses).
    pub oidc_issuer_host: String,
    /// `oidc_audience` (the module's default is `sts.amazonaws.com`).
    pub oidc_audience: String,
    /// `ci_subject_filters`: `sub` patterns (the module requires at least one, each
    /// `project_path:<path>:ref_type:(branch|tag):ref:<pattern>`).
    #[serde(default)]
    pub ci_subject_filters: Vec<String>,
    /// `oidc_provider_arn`: the trusted provider; default the ARN of `oidcIssuerHost` in
    /// `account`.
    #[serde(default)]
    pub oidc_provider_arn: Option<String>,
    /// The account id for the default provider ARN; default the placeholder `123456789012`.
    #[serde(default)]
    pub account: Option<String>,
    /// The partition for the default provider ARN; default `aws`.
    #[serde(default)]
    pub partition: Option<String>,
}

fn default_host() -> String {
    "gitlab.com".to_owned()
}

fn default_audience() -> String {
    "sts.amazonaws.com".to_owned()
}

impl Default for ModuleInputs {
    fn default() -> Self {
        ModuleInputs {
            oidc_issuer_host: default_host(),
            oidc_audience: default_audience(),
            ci_subject_filters: Vec::new(),
            oidc_provider_arn: None,
            account: None,
            partition: None,
        }
    }
}

/// The module's own validation of one `ci_subject_filters` entry:
/// `^project_path:[a-z0-9_./-]+:ref_type:(branch|tag):ref:[^[:space:]]+$`.
fn module_filter_ok(filter: &str) -> bool {
    let Some(rest) = filter.strip_prefix("project_path:") else {
        return false;
    };
    let Some((path, rest)) = rest.split_once(":ref_type:") else {
        return false;
    };
    let path_ok = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_./-".contains(c));
    let reference = rest
        .strip_prefix("branch:ref:")
        .or_else(|| rest.strip_prefix("tag:ref:"));
    path_ok && reference.is_some_and(|r| !r.is_empty() && !r.chars().any(char::is_whitespace))
}

/// Renders the trust policy of the terraform-aws-signing-kms module from its inputs, as its
/// `data "aws_iam_policy_document" "signer_assume"` does (module `main.tf`): one `Allow`
/// statement `AssumeViaOIDC` trusting `oidc_provider_arn` for
/// `sts:AssumeRoleWithWebIdentity`, `StringEquals` `<host>:aud` = `oidc_audience` and
/// `StringLike` `<host>:sub` = `ci_subject_filters`. The module's input validations are
/// reported as errors, and the rendered policy is linted.
pub fn render_module_policy(inputs: &ModuleInputs) -> GenerateResult {
    let host = providers::key_prefix(&inputs.oidc_issuer_host).to_owned();
    if host.is_empty() {
        return GenerateResult::failed("`oidcIssuerHost` is empty".to_owned());
    }
    let mut diagnostics = Vec::new();
    let refuse = |m: String| {
        Diagnostic::invalid_request(format!("the module's validation refuses this input: {m}"))
    };
    if !host
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    {
        diagnostics.push(refuse(format!(
            "`oidc_issuer_host` `{host}` must be a DNS hostname"
        )));
    }
    if inputs.ci_subject_filters.is_empty() {
        diagnostics.push(refuse(
            "`ci_subject_filters` must contain at least one pattern".to_owned(),
        ));
    }
    for f in inputs
        .ci_subject_filters
        .iter()
        .filter(|f| !module_filter_ok(f))
    {
        diagnostics.push(refuse(format!(
            "`{f}` is not `project_path:<group/repo>:ref_type:(branch|tag):ref:<pattern>`"
        )));
    }
    let account = inputs.account.as_deref().unwrap_or(PLACEHOLDER_ACCOUNT);
    let partition = inputs.partition.as_deref().unwrap_or("aws");
    let arn = inputs
        .oidc_provider_arn
        .clone()
        .unwrap_or_else(|| ProviderArn::new(partition, account, &host).to_string());
    // The module's validation: an `aws*` partition, a twelve-digit account, a provider URL.
    let parsed = ProviderArn::parse(&arn);
    let arn_ok = parsed.is_some_and(|a| {
        a.partition.starts_with("aws")
            && a.account.len() == 12
            && a.account.chars().all(|c| c.is_ascii_digit())
            && !a.url.is_empty()
    });
    if !arn_ok {
        diagnostics.push(refuse(format!(
            "`oidc_provider_arn` `{arn}` is not an IAM OIDC provider ARN"
        )));
    }
    let mut equals = Map::new();
    equals.insert(
        format!("{host}:aud"),
        Value::String(inputs.oidc_audience.clone()),
    );
    let mut like = Map::new();
    if !inputs.ci_subject_filters.is_empty() {
        like.insert(
            format!("{host}:sub"),
            one_or_many(&inputs.ci_subject_filters),
        );
    }
    let mut policy = document(&arn, equals, like);
    if let Some(st) = policy
        .get_mut("Statement")
        .and_then(|s| s.get_mut(0))
        .and_then(Value::as_object_mut)
    {
        // The module names its statement; keep `Sid` first, as Terraform renders it.
        let mut named = Map::new();
        named.insert("Sid".to_owned(), Value::String("AssumeViaOIDC".to_owned()));
        named.extend(std::mem::take(st));
        *st = named;
    }
    let text = serde_json::to_string_pretty(&policy).unwrap_or_default();
    let mut notes = vec![
        "rendered as the module's `signer_assume` policy document: `StringEquals` on `aud`, `StringLike` on `sub` (phpboyscout/terraform-aws-signing-kms `main.tf`)".to_owned(),
    ];
    if inputs.oidc_provider_arn.is_none() && inputs.account.is_none() {
        notes.push(format!(
            "`{PLACEHOLDER_ACCOUNT}` stands for the role's account"
        ));
    }
    let url = parsed.map_or(host.as_str(), |a| a.url);
    diagnostics.extend(lint::lint_policy(&text, Some(&host)));
    GenerateResult {
        diagnostics,
        policy: Some(policy),
        policy_text: Some(text),
        provider: Some(ProviderConfig::new(url, &[&inputs.oidc_audience])),
        subjects: inputs.ci_subject_filters.clone(),
        verified: None,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_inputs() {
        let g = render_module_policy(&ModuleInputs {
            oidc_issuer_host: "token.actions.githubusercontent.com".to_owned(),
            oidc_audience: "sts.amazonaws.com".to_owned(),
            ci_subject_filters: vec!["repo:octo-org/*".to_owned()],
            ..ModuleInputs::default()
        });
        let codes: Vec<&str> = g.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"wildcard-subject"), "{codes:?}");
        let g = render_module_policy(&ModuleInputs {
            oidc_issuer_host: "token.actions.githubusercontent.com".to_owned(),
            oidc_audience: "sts.amazonaws.com".to_owned(),
            ..ModuleInputs::default()
        });
        let codes: Vec<&str> = g.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"unscoped-shared-provider"), "{codes:?}");
    }
}
