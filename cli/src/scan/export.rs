//! The export model: reading `aws iam get-account-authorization-details` output,
//! `aws iam list-roles` output or a plain list of roles into [`Role`]s, on every core. A bad
//! entry becomes a [`Problem`] and the rest is still read.

use oidc_trust::Diagnostic;
use oidc_trust::aws::arn::ProviderArn;
use oidc_trust::aws::lint::{self, LintOptions};
use oidc_trust::aws::policy::{Effect, Principal, TrustPolicy};
use oidc_trust::providers::IssuerKind;

use crate::input::{self, InputError, Source};

/// One role of the export.
#[derive(Debug, Clone)]
pub struct Role {
    /// `RoleName`.
    pub name: String,
    /// `Arn`, if given.
    pub arn: Option<String>,
    /// The account, from the ARN.
    pub account: Option<String>,
    /// The partition, from the ARN (`aws` if unknown).
    pub partition: String,
    /// Pointer of the role in the export.
    pub pointer: String,
    /// Pointer of its trust policy in the export.
    pub policy_pointer: String,
    /// Byte offset of the policy text in the export, when it is a JSON object there (so
    /// spans can be shifted into the export).
    pub policy_offset: Option<usize>,
    /// Byte offset of the `AssumeRolePolicyDocument` value (an object or a string).
    pub document_offset: usize,
    /// The trust policy text (URL-decoded).
    pub policy_text: String,
    /// The parsed trust policy.
    pub policy: Option<TrustPolicy>,
    /// Findings about the trust policy.
    pub diagnostics: Vec<Diagnostic>,
    /// The OIDC provider URLs its `Federated` principals name.
    pub providers: Vec<String>,
    /// Whether it trusts any principal (`"*"` or `Federated: "*"`) in an `Allow`.
    pub wildcard: bool,
}

impl Role {
    /// Whether the role trusts an OIDC provider (or anyone).
    pub fn trusts_oidc(&self) -> bool {
        !self.providers.is_empty() || self.wildcard
    }

    /// The provider ARN a token from `url` presents to this role (for one of AWS's built-in
    /// providers, its name: `accounts.google.com`).
    pub fn principal_for(&self, url: &str) -> String {
        if let Some(name) = IssuerKind::of(url).built_in_name() {
            return name.to_owned();
        }
        if let Some(account) = &self.account {
            return ProviderArn::new(&self.partition, account, url).to_string();
        }
        let named = self
            .policy
            .iter()
            .flat_map(|p| &p.statements)
            .find_map(|s| {
                s.principal
                    .federated()
                    .find(|v| ProviderArn::parse(v).is_some_and(|a| a.url == url))
            });
        named.map_or_else(
            || ProviderArn::new(&self.partition, "<account>", url).to_string(),
            str::to_owned,
        )
    }
}

/// The issuer (URL without `https://`) a `Federated` value trusts: an IAM OIDC provider's
/// ARN names it, and one of AWS's built-in providers is its own name
/// (`accounts.google.com`, `cognito-identity.amazonaws.com`), which needs no IAM provider.
pub fn federated_issuer(value: &str) -> Option<&str> {
    ProviderArn::parse(value)
        .map(|a| a.url)
        .or_else(|| IssuerKind::built_in_named(value).map(|_| value))
}

/// A problem with one entry of the export (the rest is still scanned).
#[derive(Debug, Clone)]
pub struct Problem {
    /// The pointer.
    pub pointer: String,
    /// Byte offset of the entry in the export.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// A loaded export.
#[derive(Debug, Clone)]
pub struct Export {
    /// Which shape the file had.
    pub format: &'static str,
    /// Every role, in file order.
    pub roles: Vec<Role>,
    /// Entries that could not be read.
    pub problems: Vec<Problem>,
}

impl Export {
    /// The roles that trust an OIDC provider (or anyone), in file order.
    pub fn oidc_roles(&self) -> Vec<&Role> {
        self.roles.iter().filter(|r| r.trusts_oidc()).collect()
    }
}

#[derive(serde::Deserialize)]
struct Top<'a> {
    #[serde(rename = "RoleDetailList", borrow, default)]
    role_detail_list: Option<Vec<&'a serde_json::value::RawValue>>,
    #[serde(rename = "Roles", borrow, default)]
    roles: Option<Vec<&'a serde_json::value::RawValue>>,
}

#[derive(serde::Deserialize)]
struct RoleIn<'a> {
    #[serde(rename = "RoleName", borrow, default)]
    name: Option<std::borrow::Cow<'a, str>>,
    #[serde(rename = "Arn", borrow, default)]
    arn: Option<std::borrow::Cow<'a, str>>,
    #[serde(rename = "AssumeRolePolicyDocument", borrow, default)]
    document: Option<&'a serde_json::value::RawValue>,
}

fn serde_error(source: &Source, e: &serde_path_to_error::Error<serde_json::Error>) -> InputError {
    let inner = e.inner();
    let text = inner.to_string();
    let message = text
        .rfind(" at line ")
        .and_then(|i| text.get(..i))
        .unwrap_or(&text);
    let mut err = InputError::in_file(&source.name, format!("not a readable export: {message}"));
    if inner.line() > 0 {
        err.line_column = Some((inner.line(), inner.column().max(1)));
    }
    let pointer = input::pointer_of(e.path());
    if !pointer.is_empty() && pointer != "/?" {
        err.pointer = Some(pointer);
    }
    err
}

/// Reads an export. Fails only when the file is not JSON or not one of the known shapes;
/// a bad entry becomes a [`Problem`]. Each trust policy is parsed (and, for roles that
/// trust OIDC, linted) once, on every core.
pub fn load(source: &Source) -> Result<Export, InputError> {
    let text = source.text.as_str();
    let shape_error = || {
        InputError::in_file(
            &source.name,
            "expected `aws iam get-account-authorization-details` output (with `RoleDetailList`), `aws iam list-roles` output (with `Roles`), or an array of roles",
        )
    };
    let (format, list_pointer, items) = match text.trim_start().chars().next() {
        Some('[') => {
            let mut de = serde_json::Deserializer::from_str(text);
            let items: Vec<&serde_json::value::RawValue> =
                serde_path_to_error::deserialize(&mut de).map_err(|e| serde_error(source, &e))?;
            ("role list", "", items)
        }
        Some('{') => {
            let mut de = serde_json::Deserializer::from_str(text);
            let top: Top<'_> =
                serde_path_to_error::deserialize(&mut de).map_err(|e| serde_error(source, &e))?;
            match (top.role_detail_list, top.roles) {
                (Some(list), _) => ("get-account-authorization-details", "/RoleDetailList", list),
                (None, Some(list)) => ("list-roles", "/Roles", list),
                (None, None) => return Err(shape_error()),
            }
        }
        _ => {
            // Not JSON at all, or a scalar: let the JSON reader say where.
            let source_error = input::parse_json(source).err();
            return Err(source_error.unwrap_or_else(shape_error));
        }
    };
    let base = text.as_ptr().addr();
    let offset_of =
        |raw: &serde_json::value::RawValue| raw.get().as_ptr().addr().saturating_sub(base);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(256);
    let results: Vec<Result<Role, Problem>> = std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                scope.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(j, raw)| {
                            let pointer = format!("{list_pointer}/{}", c * chunk + j);
                            role(raw, pointer, offset_of)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut roles = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(role) => roles.push(role),
            Err(p) => problems.push(p),
        }
    }
    Ok(Export {
        format,
        roles,
        problems,
    })
}

fn role(
    raw: &serde_json::value::RawValue,
    pointer: String,
    offset_of: impl Fn(&serde_json::value::RawValue) -> usize,
) -> Result<Role, Problem> {
    let offset = offset_of(raw);
    let item: RoleIn<'_> = serde_json::from_str(raw.get()).map_err(|e| {
        let text = e.to_string();
        let message = text
            .rfind(" at line ")
            .and_then(|i| text.get(..i))
            .unwrap_or(&text)
            .to_owned();
        Problem {
            pointer: pointer.clone(),
            offset,
            message: format!("not a role: {message}"),
        }
    })?;
    let name = item.name.as_deref().unwrap_or("(no RoleName)").to_owned();
    let arn = item.arn.map(std::borrow::Cow::into_owned);
    let (partition, account) = arn.as_deref().and_then(split_arn).unzip();
    let policy_pointer = format!("{pointer}/AssumeRolePolicyDocument");
    let Some(doc) = item.document.filter(|d| d.get() != "null") else {
        return Err(Problem {
            pointer,
            offset,
            message: format!("role `{name}` has no `AssumeRolePolicyDocument`"),
        });
    };
    let doc_offset = offset_of(doc);
    let problem = |message: String| Problem {
        pointer: policy_pointer.clone(),
        offset: doc_offset,
        message,
    };
    let (policy_text, policy_offset) = match doc.get().as_bytes().first() {
        Some(b'{') => (doc.get().to_owned(), Some(doc_offset)),
        Some(b'"') => {
            let s: String = serde_json::from_str(doc.get()).map_err(|e| {
                problem(format!(
                    "the trust policy of `{name}` is not a JSON string: {e}"
                ))
            })?;
            if s.trim_start().starts_with('{') {
                (s, None)
            } else {
                let decoded = percent_encoding::percent_decode_str(&s)
                    .decode_utf8()
                    .map_err(|e| {
                        problem(format!(
                            "the URL-encoded trust policy of `{name}` is not UTF-8: {e}"
                        ))
                    })?;
                (decoded.into_owned(), None)
            }
        }
        _ => {
            return Err(problem(format!(
                "the trust policy of `{name}` is `{}`, expected a JSON object or URL-encoded JSON text",
                doc.get().chars().take(40).collect::<String>()
            )));
        }
    };
    let parsed = oidc_trust::parse_policy(&policy_text);
    let mut providers: Vec<String> = Vec::new();
    let mut wildcard = false;
    if let Some(p) = &parsed.policy {
        for s in &p.statements {
            if s.effect != Some(Effect::Allow) {
                continue;
            }
            // `"*"` trusts web identities only where the action admits them.
            let web_identity = s.action.covers_web_identity();
            if matches!(s.principal, Principal::Any) && web_identity {
                wildcard = true;
            }
            for v in s.principal.federated() {
                if v == "*" {
                    wildcard |= web_identity;
                } else if let Some(url) = federated_issuer(v)
                    && !providers.iter().any(|p| p == url)
                {
                    providers.push(url.to_owned());
                }
            }
        }
    }
    let mut diagnostics = parsed.diagnostics;
    if let (Some(p), true) = (&parsed.policy, !providers.is_empty() || wildcard) {
        diagnostics.extend(lint::run(p, &LintOptions::default()));
    }
    Ok(Role {
        name,
        arn,
        account,
        partition: partition.unwrap_or_else(|| "aws".to_owned()),
        pointer,
        policy_pointer,
        policy_offset,
        document_offset: doc_offset,
        policy: parsed.policy,
        policy_text,
        diagnostics,
        providers,
        wildcard,
    })
}

/// `arn:<partition>:iam::<account>:role/...` -> (partition, account).
fn split_arn(arn: &str) -> Option<(String, String)> {
    let mut it = arn.splitn(6, ':');
    match (it.next(), it.next(), it.next(), it.next(), it.next()) {
        (Some("arn"), Some(partition), Some("iam"), Some(""), Some(account))
            if !account.is_empty() =>
        {
            Some((partition.to_owned(), account.to_owned()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::synthetic::source;
    use serde_json::json;

    #[test]
    fn url_encoded_documents_and_plain_lists() {
        let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::1:oidc-provider/gitlab.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#;
        let enc = percent_encoding::utf8_percent_encode(doc, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
        let text = json!({"Roles": [{"RoleName": "r", "Arn": "arn:aws:iam::1:role/r", "AssumeRolePolicyDocument": enc}, {"RoleName": "bad"}]}).to_string();
        let export = load(&source(text)).unwrap();
        assert_eq!(export.format, "list-roles");
        assert_eq!(export.roles.len(), 1);
        assert_eq!(export.roles[0].providers, vec!["gitlab.com".to_owned()]);
        assert_eq!(export.problems.len(), 1);
        assert_eq!(export.problems[0].pointer, "/Roles/1");
    }
}
