//! Federated identity credentials as oidc-trust reads them: the values Entra ID compares
//! (issuer, subject or expression, audiences), each with where it is in the document the
//! user pasted, so every finding and hint points at the text.

use serde::{Deserialize, Serialize};

use super::expression::Expression;
use crate::json::Span;

/// The most federated identity credentials one application or user-assigned managed
/// identity can have ("A maximum of 20 federated identity credentials can be added to an
/// application or user-assigned managed identity", considerations page).
pub const MAX_CREDENTIALS: usize = 20;

/// The longest `issuer`, `subject`, audience or `description` Entra ID saves, in characters.
pub const MAX_VALUE_CHARS: usize = 600;

/// What the credentials belong to, as far as the document tells.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum IdentityKind {
    /// An app registration (Microsoft Graph's shape: `az ad app federated-credential`, a
    /// Graph `federatedIdentityCredentials` collection).
    Application,
    /// A user-assigned managed identity (ARM's shape: `az identity federated-credential`,
    /// `Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials`).
    ManagedIdentity,
    /// The document does not say (a bare list of credential objects).
    Unknown,
}

/// Whether a credential compares the subject or evaluates an expression.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CredentialKind {
    /// `subject`: the token's `sub` must equal it.
    Classic,
    /// `claimsMatchingExpression` (preview): the expression must hold for the token.
    Flexible,
}

/// A string of the document, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The value, unescaped.
    pub value: String,
    /// RFC 6901 pointer to it.
    pub pointer: String,
    /// Where it is in the text (quotes included).
    pub span: Span,
    /// Whether the JSON string has no escapes, so byte `i` of `value` stands at
    /// `span.start + 1 + i` in the text.
    pub verbatim: bool,
}

impl Located {
    /// The span of bytes `start..end` of the value in the text, when the string is written
    /// without escapes; else the whole string's span.
    pub fn span_of(&self, start: usize, end: usize) -> Span {
        if !self.verbatim || end > self.value.len() || start > end {
            return self.span;
        }
        let before = self.value.get(..start).map_or(0, |s| s.chars().count());
        Span {
            start: self.span.start + 1 + start,
            end: self.span.start + 1 + end,
            line: self.span.line,
            column: self.span.column + 1 + before,
        }
    }
}

/// A flexible credential's `claimsMatchingExpression`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimsExpression {
    /// Its `value`, the expression text.
    pub text: Located,
    /// The expression, when it parses.
    pub parsed: Option<Expression>,
}

/// One federated identity credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// Its index in the document's list (0 for a single credential).
    pub index: usize,
    /// Pointer to the credential object (`/value/0`, `/0`, the empty pointer for a single one).
    pub pointer: String,
    /// Where the object is.
    pub span: Span,
    /// Pointer to the object holding its fields: the credential's own, or ARM's
    /// `properties`.
    pub fields: String,
    /// `name`.
    pub name: Option<Located>,
    /// `issuer`.
    pub issuer: Option<Located>,
    /// `subject` (classic credentials).
    pub subject: Option<Located>,
    /// `audiences` (Entra ID takes exactly one).
    pub audiences: Vec<Located>,
    /// `claimsMatchingExpression` (flexible credentials).
    pub expression: Option<ClaimsExpression>,
    /// Why Entra ID would not hold this credential in a form oidc-trust can evaluate (no
    /// issuer, no audience or several, neither or both of subject and expression, an
    /// expression that does not parse); `None` when it can be evaluated.
    pub invalid: Option<String>,
}

impl Credential {
    /// Classic or flexible.
    pub fn kind(&self) -> CredentialKind {
        if self.expression.is_some() {
            CredentialKind::Flexible
        } else {
            CredentialKind::Classic
        }
    }

    /// Its display name: `credential 0 (`name`)`.
    pub fn label(&self) -> String {
        match &self.name {
            Some(n) => format!("credential {} (`{}`)", self.index, n.value),
            None => format!("credential {}", self.index),
        }
    }

    /// The issuer's value, if any.
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_ref().map(|l| l.value.as_str())
    }

    /// The one audience, if exactly one.
    pub fn audience(&self) -> Option<&Located> {
        match self.audiences.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The parsed expression of a flexible credential.
    pub fn parsed_expression(&self) -> Option<&Expression> {
        self.expression.as_ref()?.parsed.as_ref()
    }

    /// The pointer of one of its fields.
    pub fn field_pointer(&self, field: &str) -> String {
        format!("{}/{field}", self.fields)
    }
}

/// The credentials of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialSet {
    /// What they belong to, as the document's shape tells.
    pub identity: IdentityKind,
    /// Every credential, in document order.
    pub credentials: Vec<Credential>,
}
