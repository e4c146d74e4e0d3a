//! A role trust policy as data the evaluator runs: statements, principals, actions and
//! conditions, each with its JSON pointer and its place in the text. [`read`] builds it and
//! reports every problem as a located diagnostic.

use crate::json::Span;
use crate::matching::{self, Elem};

pub(crate) mod read;
mod value;

pub use read::{ParsedPolicy, document_node, parse_policy, parse_rcp};
pub use value::{ConditionValue, Part, parse_value, resolve_pattern, resolve_text};

pub use crate::json::text_of;

/// The action of a web-identity assume.
pub const ASSUME_ACTION: &str = "sts:AssumeRoleWithWebIdentity";
/// The extra action evaluated when the token carries session tags.
pub const TAG_SESSION_ACTION: &str = "sts:TagSession";
/// The extra action an RCP is evaluated for when the token sets a source identity.
pub const SET_SOURCE_IDENTITY_ACTION: &str = "sts:SetSourceIdentity";

/// A parsed trust policy.
#[derive(Debug, Clone, PartialEq)]
pub struct TrustPolicy {
    /// The `Version` element as written, if any.
    pub version: Option<String>,
    /// Whether policy variables are substituted (`Version` `2012-10-17`).
    pub variables: bool,
    /// The statements, in document order.
    pub statements: Vec<Statement>,
}

/// `Allow` or `Deny`. IAM's words keep IAM's spelling on the wire (`"Allow"`), as in the
/// policy; oidc-trust's own enums are camelCase (`"explicitDeny"`).
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Effect {
    /// Grants when it applies.
    Allow,
    /// Refuses when it applies, whatever else grants.
    Deny,
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// `Sid`, if any.
    pub sid: Option<String>,
    /// `Effect`; `None` when missing or invalid (the statement then never applies).
    pub effect: Option<Effect>,
    /// `Principal`.
    pub principal: Principal,
    /// `Action` or `NotAction`.
    pub action: Patterns,
    /// `Resource` or `NotResource`: read in resource control policies only (a trust
    /// policy has none; its role is the resource).
    pub resource: Option<Patterns>,
    /// Every condition, one per operator and key, in document order.
    pub conditions: Vec<Condition>,
    /// Why AWS could not hold this statement at all (e.g. `NotPrincipal`); such a statement
    /// is shown but never applies.
    pub invalid: Option<String>,
    /// JSON pointer of the statement.
    pub pointer: String,
    /// Where it is in the text.
    pub span: Span,
}

/// The `Principal` element, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// Missing or unreadable: matches nothing.
    None,
    /// `"*"`: everyone.
    Any,
    /// `{"Federated": [...], "AWS": [...], ...}`: kind and values.
    Map(Vec<(String, Vec<String>)>),
}

impl Principal {
    /// The values listed under `Federated`.
    pub fn federated(&self) -> impl Iterator<Item = &str> {
        let kinds = match self {
            Principal::Map(kinds) => kinds.as_slice(),
            Principal::None | Principal::Any => &[],
        };
        kinds
            .iter()
            .filter(|(kind, _)| kind == "Federated")
            .flat_map(|(_, values)| values.iter().map(String::as_str))
    }

    /// Whether the principal trusts everyone: `"*"`, or a `Federated` entry of `*`
    /// (UNCONFIRMED that IAM reads the latter as the former; see the README).
    pub fn is_wildcard(&self) -> bool {
        matches!(self, Principal::Any) || self.federated().any(|v| v == "*")
    }

    /// Whether a web identity vouched for by provider `arn` is the principal.
    pub fn admits(&self, arn: &str) -> bool {
        matches!(self, Principal::Any) || self.federated().any(|v| v == arn || v == "*")
    }
}

/// `Action`/`NotAction` or `Resource`/`NotResource`, normalised to a list of wildcard
/// patterns. Action names are compared ignoring case, resource ARNs exactly.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Patterns {
    /// `true` for `NotAction` / `NotResource`.
    pub negated: bool,
    /// The patterns as written.
    pub patterns: Vec<String>,
    /// The patterns as wildcard patterns (lowercased for actions).
    compiled: Vec<Vec<Elem>>,
}

impl Patterns {
    /// `Action` (or `NotAction` when `negated`): names compared ignoring case.
    pub(crate) fn actions(negated: bool, patterns: Vec<String>) -> Self {
        let compiled = patterns
            .iter()
            .map(|p| matching::pattern(&p.to_lowercase()))
            .collect();
        Patterns {
            negated,
            patterns,
            compiled,
        }
    }

    /// `Resource` (or `NotResource` when `negated`): ARNs compared exactly.
    pub(crate) fn resources(negated: bool, patterns: Vec<String>) -> Self {
        let compiled = patterns.iter().map(|p| matching::pattern(p)).collect();
        Patterns {
            negated,
            patterns,
            compiled,
        }
    }

    /// Whether the element covers a value: an action given in lowercase, or a resource ARN.
    pub fn covers(&self, value: &str) -> bool {
        self.compiled.iter().any(|p| matching::like(p, value)) != self.negated
    }

    /// Whether the element covers everything (`"*"`), so the value need not be known.
    pub fn covers_all(&self) -> bool {
        !self.negated && self.patterns.iter().any(|p| p == "*")
    }

    /// Whether the element covers `sts:AssumeRoleWithWebIdentity`.
    pub fn covers_web_identity(&self) -> bool {
        self.covers("sts:assumerolewithwebidentity")
    }
}

/// One condition: an operator applied to one key.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The operator as written, e.g. `ForAnyValue:StringLike`.
    pub operator_name: String,
    /// The parsed operator; `None` if unknown.
    pub operator: Option<Operator>,
    /// The key as written.
    pub key: String,
    /// The key lowercased (keys are case-insensitive), read with [`Condition::key_lower`].
    pub(crate) key_lower: String,
    /// The values, as written (numbers and booleans as their text) and prepared.
    pub values: Vec<ConditionValue>,
    /// JSON pointer of the key.
    pub pointer: String,
    /// Where it is (from the key to the end of its value).
    pub span: Span,
}

/// A condition operator: base, `IfExists`, and set qualifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    /// The base operator.
    pub base: BaseOperator,
    /// `...IfExists`.
    pub if_exists: bool,
    /// `ForAnyValue:` or `ForAllValues:`.
    pub set: Option<SetQualifier>,
}

/// `ForAnyValue:` or `ForAllValues:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetQualifier {
    /// At least one request value must satisfy the operator; false when the key is missing.
    ForAnyValue,
    /// Every request value must satisfy the operator; true when the key is missing.
    ForAllValues,
}

/// Base condition operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[expect(missing_docs, reason = "the names are IAM's")]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnNotEquals,
    ArnLike,
    ArnNotLike,
    BinaryEquals,
    Bool,
    Null,
}

impl BaseOperator {
    pub(crate) fn from_name(name: &str) -> Option<BaseOperator> {
        use BaseOperator as B;
        Some(match name {
            "StringEquals" => B::StringEquals,
            "StringNotEquals" => B::StringNotEquals,
            "StringEqualsIgnoreCase" => B::StringEqualsIgnoreCase,
            "StringNotEqualsIgnoreCase" => B::StringNotEqualsIgnoreCase,
            "StringLike" => B::StringLike,
            "StringNotLike" => B::StringNotLike,
            "NumericEquals" => B::NumericEquals,
            "NumericNotEquals" => B::NumericNotEquals,
            "NumericLessThan" => B::NumericLessThan,
            "NumericLessThanEquals" => B::NumericLessThanEquals,
            "NumericGreaterThan" => B::NumericGreaterThan,
            "NumericGreaterThanEquals" => B::NumericGreaterThanEquals,
            "DateEquals" => B::DateEquals,
            "DateNotEquals" => B::DateNotEquals,
            "DateLessThan" => B::DateLessThan,
            "DateLessThanEquals" => B::DateLessThanEquals,
            "DateGreaterThan" => B::DateGreaterThan,
            "DateGreaterThanEquals" => B::DateGreaterThanEquals,
            "IpAddress" => B::IpAddress,
            "NotIpAddress" => B::NotIpAddress,
            "ArnEquals" => B::ArnEquals,
            "ArnNotEquals" => B::ArnNotEquals,
            "ArnLike" => B::ArnLike,
            "ArnNotLike" => B::ArnNotLike,
            "BinaryEquals" => B::BinaryEquals,
            "Bool" => B::Bool,
            "Null" => B::Null,
            _ => return None,
        })
    }

    /// Whether the operator is a negation (`StringNotEquals`...): true when the key is
    /// missing, and "matches none" over several values.
    pub fn negated(self) -> bool {
        matches!(
            self,
            BaseOperator::StringNotEquals
                | BaseOperator::StringNotEqualsIgnoreCase
                | BaseOperator::StringNotLike
                | BaseOperator::NumericNotEquals
                | BaseOperator::DateNotEquals
                | BaseOperator::NotIpAddress
                | BaseOperator::ArnNotEquals
                | BaseOperator::ArnNotLike
        )
    }

    /// The family of the operator: what kind of value it compares.
    pub fn family(self) -> Family {
        use BaseOperator as B;
        match self {
            B::StringEquals
            | B::StringNotEquals
            | B::StringEqualsIgnoreCase
            | B::StringNotEqualsIgnoreCase
            | B::StringLike
            | B::StringNotLike => Family::String,
            B::NumericEquals
            | B::NumericNotEquals
            | B::NumericLessThan
            | B::NumericLessThanEquals
            | B::NumericGreaterThan
            | B::NumericGreaterThanEquals => Family::Numeric,
            B::DateEquals
            | B::DateNotEquals
            | B::DateLessThan
            | B::DateLessThanEquals
            | B::DateGreaterThan
            | B::DateGreaterThanEquals => Family::Date,
            B::IpAddress | B::NotIpAddress => Family::IpAddress,
            B::ArnEquals | B::ArnNotEquals | B::ArnLike | B::ArnNotLike => Family::Arn,
            B::BinaryEquals => Family::Binary,
            B::Bool => Family::Bool,
            B::Null => Family::Null,
        }
    }
}

/// What kind of value an operator compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Text: `String...`.
    String,
    /// Numbers: `Numeric...`.
    Numeric,
    /// Instants (ISO 8601 or epoch seconds): `Date...`.
    Date,
    /// IP addresses and CIDR ranges: `IpAddress`, `NotIpAddress`.
    IpAddress,
    /// ARNs, compared component by component: `Arn...`.
    Arn,
    /// Base64-encoded bytes: `BinaryEquals`.
    Binary,
    /// `true` or `false`: `Bool`.
    Bool,
    /// Presence: `Null`.
    Null,
}

impl Operator {
    /// Parses an operator name. IAM's operator names are case-sensitive: `stringequals` is
    /// refused (a choice, UNCONFIRMED; Access Analyzer documents no case folding either).
    pub fn parse(name: &str) -> Option<Operator> {
        let (set, rest) = if let Some(r) = name.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), r)
        } else if let Some(r) = name.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), r)
        } else {
            (None, name)
        };
        let (if_exists, base) = match rest.strip_suffix("IfExists") {
            Some(b) if b != "Null" => (true, b),
            _ => (false, rest),
        };
        Some(Operator {
            base: BaseOperator::from_name(base)?,
            if_exists,
            set,
        })
    }

    /// Whether the operator compares with `*` and `?` wildcards.
    pub fn is_like(self) -> bool {
        matches!(
            self.base,
            BaseOperator::StringLike | BaseOperator::StringNotLike
        )
    }

    /// Whether policy variables are substituted in this operator's values: only under the
    /// string, `Bool` and ARN operators ("You can not use a policy variable with the
    /// `Numeric` / `Date` / `Binary` / `IpAddress` / `Null` condition operator", IAM User
    /// Guide, `reference_policies_elements_condition_operators`); elsewhere `${...}` is
    /// literal text, which is no number, date, address or base64. Found by the
    /// differential test against iam-simulate, which reads the page the same way.
    pub fn takes_variables(self) -> bool {
        matches!(
            self.base.family(),
            Family::String | Family::Bool | Family::Arn
        )
    }
}

impl Condition {
    /// The key lowercased: condition keys are case-insensitive.
    pub fn key_lower(&self) -> &str {
        &self.key_lower
    }

    /// The condition's values as written.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(|v| v.text.as_str())
    }

    /// The claim a `<prefix>:<claim>` key names, and its prefix.
    pub fn prefix_and_claim(&self) -> (&str, &str) {
        self.key.rsplit_once(':').unwrap_or(("", &self.key))
    }
}
