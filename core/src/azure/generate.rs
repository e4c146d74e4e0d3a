//! Writing federated identity credentials: the least-privilege credential that admits one
//! token, as the JSON `az ad app federated-credential create --parameters` and Microsoft
//! Graph take.
//!
//! A classic credential pins the token's exact `sub`; a flexible one pins the `sub` with
//! `eq` and, for GitHub and GitLab, the immutable id Entra requires (`repository_id`,
//! `project_id`). The audience is always `api://AzureADTokenExchange`. Every credential is
//! evaluated before it is returned: `verified` says whether oidc-trust's own evaluation
//! admits the token with it, `diagnostics` carries the lint findings on it.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::credential::CredentialKind;
use super::entra::{self, TokenInput};
use super::issuers::{EXCHANGE_AUDIENCE, FlexibleIssuer};
use super::{lint, read};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::token::Claims;

/// What to generate.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AzureGenerateRequest {
    /// The token: a compact JWT, or its claims as JSON text.
    #[serde(default)]
    pub token: Option<String>,
    /// The claims as a JSON object, instead of `token`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<Value>,
    /// `classic` (default): the exact subject; `flexible`: an expression that also pins the
    /// immutable id.
    #[serde(default)]
    pub kind: Option<CredentialKind>,
    /// The credential's `name`; default derived from the subject.
    #[serde(default)]
    pub name: Option<String>,
    /// The evaluation time for the check of the result; default a time the token is valid
    /// at (its `iat`, else `nbf`, else `exp`: [`crate::token::Claims::check_time`]).
    #[serde(default)]
    pub now: Option<i64>,
}

/// The generated credential.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AzureGenerateResult {
    /// The credential as pretty JSON (`null` when none could be written).
    pub credential: Option<String>,
    /// Classic or flexible.
    pub kind: Option<CredentialKind>,
    /// The command that creates it from a file holding `credential` (`az ad app
    /// federated-credential create` for classic credentials; flexible ones need Graph beta).
    pub command: Option<String>,
    /// Whether oidc-trust's evaluation admits the token with it.
    pub verified: bool,
    /// Why not, and the lint findings on it.
    pub diagnostics: Vec<Diagnostic>,
}

impl AzureGenerateResult {
    /// A result that says why nothing was written.
    pub fn failed(message: String) -> Self {
        AzureGenerateResult {
            credential: None,
            kind: None,
            command: None,
            verified: false,
            diagnostics: vec![Diagnostic::invalid_request(message)],
        }
    }
}

/// A credential name Entra saves (3 to 120 letters, digits, `-`, `_`, starting with a
/// letter or digit), from the subject.
fn name_from(sub: &str) -> String {
    let mut out = String::new();
    for c in sub.chars() {
        let c = if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            c
        } else {
            '-'
        };
        if !(c == '-' && (out.is_empty() || out.ends_with('-'))) {
            out.push(c);
        }
    }
    let mut out: String = out.trim_end_matches('-').chars().take(120).collect();
    while out.chars().count() < 3 {
        out.push_str("fic");
    }
    out
}

/// `'` doubled, as the expression language quotes it.
fn quoted(s: &str) -> String {
    s.replace('\'', "''")
}

/// Writes the least-privilege credential for the request's token.
pub fn generate_credential(request: &AzureGenerateRequest) -> AzureGenerateResult {
    let input = match (&request.token, &request.claims) {
        (Some(t), None) => TokenInput::Text(t),
        (None, Some(c)) => TokenInput::Claims(c),
        (Some(_), Some(_)) => {
            return AzureGenerateResult::failed(
                "give the token as `token` or as `claims`, not both".to_owned(),
            );
        }
        (None, None) => {
            return AzureGenerateResult::failed(
                "no token: give `token` (a JWT or claims as JSON text) or `claims`".to_owned(),
            );
        }
    };
    // Decode only: the stages run below, once the credential exists.
    let probe = entra::run(input, entra::Credentials::Missing, 0);
    let Some(claims) = probe.claims() else {
        let mut r = AzureGenerateResult::failed("the token cannot be decoded".to_owned());
        r.diagnostics = probe.diagnostics;
        return r;
    };
    let (Some(iss), Some(sub)) = (claims.issuer(), claims.str("sub")) else {
        return AzureGenerateResult::failed(
            "the token has no `iss` or no `sub`, which a credential is written from".to_owned(),
        );
    };
    let kind = request.kind.unwrap_or(CredentialKind::Classic);
    let name = request.name.clone().unwrap_or_else(|| name_from(sub));
    let mut diagnostics = Vec::new();
    let credential = match kind {
        CredentialKind::Classic => json!({
            "name": name,
            "issuer": iss,
            "subject": sub,
            "description": "written by oidc-trust for one token's exact subject",
            "audiences": [EXCHANGE_AUDIENCE],
        }),
        CredentialKind::Flexible => match flexible_expression(iss, sub, claims) {
            Ok(expression) => json!({
                "name": name,
                "issuer": iss,
                "subject": null,
                "description": "written by oidc-trust: the exact subject and the immutable id",
                "audiences": [EXCHANGE_AUDIENCE],
                "claimsMatchingExpression": {"value": expression, "languageVersion": 1},
            }),
            Err(message) => return AzureGenerateResult::failed(message),
        },
    };
    let text = serde_json::to_string_pretty(&credential).unwrap_or_default();
    let read = read::read(&text);
    diagnostics.extend(read.diagnostics);
    let now = request.now.unwrap_or_else(|| claims.check_time());
    let verdict = entra::run(input, entra::Credentials::of(Some(read.set.as_ref())), now);
    if let Some(set) = &read.set {
        diagnostics.extend(lint::run(set));
    }
    let verified = verdict.accepted();
    if !verified {
        let why = match verdict.stage() {
            entra::AzureStage::Audience => format!(
                "the token's `aud` is not `{EXCHANGE_AUDIENCE}`: request the token with that audience (the credential keeps it, the least a token can be minted for)"
            ),
            stage => format!(
                "Entra would still refuse the token at the {} check",
                stage.as_str()
            ),
        };
        diagnostics.push(Diagnostic::new(
            codes::INVALID_REQUEST,
            Severity::Warning,
            Source::Token,
            why,
        ));
    }
    let command = match kind {
        CredentialKind::Classic => "az ad app federated-credential create --id <APPLICATION_ID> --parameters credential.json".to_owned(),
        CredentialKind::Flexible => "az rest -m POST -u https://graph.microsoft.com/beta/applications/<OBJECT_ID>/federatedIdentityCredentials --body @credential.json".to_owned(),
    };
    AzureGenerateResult {
        credential: Some(text),
        kind: Some(kind),
        command: Some(command),
        verified,
        diagnostics,
    }
}

/// The flexible expression that pins `sub` and the immutable id Entra requires.
fn flexible_expression(iss: &str, sub: &str, claims: &Claims) -> Result<String, String> {
    let Some(family) = FlexibleIssuer::of(iss) else {
        return Err(format!(
            "flexible credentials are not available for the issuer `{iss}`; write a classic credential"
        ));
    };
    let mut clauses = vec![format!("claims['sub'] eq '{}'", quoted(sub))];
    if let Some(id) = family.required_ids().first() {
        let Some(value) = claims.get(id).and_then(super::expression::claim_text) else {
            return Err(format!(
                "the token has no `{id}` claim, which a {} flexible credential must pin",
                family.name()
            ));
        };
        clauses.push(format!("claims['{id}'] eq '{}'", quoted(&value)));
    }
    Ok(clauses.join(" and "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_expressions() {
        assert_eq!(
            name_from("repo:octo-org/app:ref:refs/heads/main"),
            "repo-octo-org-app-ref-refs-heads-main"
        );
        assert_eq!(name_from(":"), "fic");
        let claims = json!({"iss": "https://token.actions.githubusercontent.com", "sub": "repo:o/r:ref:refs/heads/main", "aud": EXCHANGE_AUDIENCE, "repository_id": "42", "iat": 100, "exp": 400});
        let r = generate_credential(&AzureGenerateRequest {
            claims: Some(claims.clone()),
            kind: Some(CredentialKind::Flexible),
            ..AzureGenerateRequest::default()
        });
        assert!(r.verified, "{:?}", r.diagnostics);
        assert!(
            r.credential
                .as_deref()
                .unwrap_or_default()
                .contains("claims['repository_id'] eq '42'")
        );
        assert!(
            r.diagnostics.iter().all(|d| d.severity > Severity::Warning),
            "{:?}",
            r.diagnostics
        );
        let mut other = claims;
        other["aud"] = json!("https://github.com/o");
        let r = generate_credential(&AzureGenerateRequest {
            claims: Some(other),
            ..AzureGenerateRequest::default()
        });
        assert!(!r.verified);
    }
}
