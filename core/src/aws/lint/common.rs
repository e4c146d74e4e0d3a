//! What the rules share: the statement under scrutiny, the OIDC providers it trusts, and
//! what its `sub` patterns admit (worked out once, on first use).

use std::borrow::Cow;
use std::cell::OnceCell;

use super::LintOptions;
use super::infer::{self, Inferred};
use super::subject::{self, Admits};
use crate::aws::arn::ProviderArn;
use crate::aws::policy::{BaseOperator, Condition, ConditionValue, Effect, Statement};
use crate::diagnostic::{Diagnostic, Source};
use crate::matching::Elem;
use crate::providers::{self, Issuer, IssuerKind, Platform};

/// An OIDC provider a statement trusts.
#[derive(Debug)]
pub(crate) struct Trusted<'a> {
    /// The `Federated` value as written (or the assumed issuer).
    pub principal: &'a str,
    /// The provider URL without `https://`: the key prefix.
    pub url: &'a str,
    /// Which of AWS's built-in identity providers it is, if one.
    pub built_in_kind: Option<IssuerKind>,
    /// The issuer, recognised from the URL.
    pub issuer: Issuer<'a>,
    /// What the statement's `sub` conditions on this provider admit, once asked.
    subjects: OnceCell<Subjects<'a>>,
}

/// The statement's conditions on one provider's `sub`.
#[derive(Debug)]
pub(crate) struct Subjects<'a> {
    /// Every condition on `<url>:sub`.
    pub conditions: Vec<&'a Condition>,
    /// Each value of the positive ones (not `...Not...`), with what it admits.
    pub values: Vec<SubjectValue<'a>>,
}

/// One value of a positive `sub` condition.
#[derive(Debug)]
pub(crate) struct SubjectValue<'a> {
    /// The condition.
    pub condition: &'a Condition,
    /// The value.
    pub value: &'a ConditionValue,
    /// Whether the operator is `StringLike`.
    pub like: bool,
    /// What it admits; `None` when it holds a policy variable without a default.
    pub admits: Option<Admits>,
}

impl SubjectValue<'_> {
    /// The value as written.
    pub fn text(&self) -> &str {
        &self.value.text
    }
}

/// One statement, with what the rules need to know about it.
#[derive(Debug)]
pub(crate) struct Scope<'a> {
    /// The statement.
    pub st: &'a Statement,
    /// The lint options.
    pub options: &'a LintOptions,
    /// The OIDC providers it trusts through `Federated`.
    pub trusted: Vec<Trusted<'a>>,
    /// Whether it is a valid `Allow` statement.
    pub allow: bool,
    /// Whether it is a valid `Allow` statement whose action covers
    /// `sts:AssumeRoleWithWebIdentity`: the statements a web identity can use.
    pub web_identity: bool,
    /// The issuer inferred for a web-identity statement whose `Federated` principal names
    /// no provider (a template placeholder), when no issuer was given.
    pub inferred: Option<Inferred<'a>>,
}

impl<'a> Scope<'a> {
    pub(crate) fn new(st: &'a Statement, options: &'a LintOptions) -> Self {
        let allow = st.effect == Some(Effect::Allow) && st.invalid.is_none();
        let web_identity = allow && st.action.covers_web_identity();
        let mut trusted = trusted(st, options);
        let mut inferred = None;
        if trusted.is_empty()
            && web_identity
            && options.issuer.is_none()
            && let Some(principal) = unresolved_principal(st)
        {
            let found = infer::issuer(st, principal);
            trusted.push(Trusted::with_hint(principal, found.url, found.sub_hint));
            inferred = Some(found);
        }
        Scope {
            st,
            options,
            trusted,
            allow,
            web_identity,
            inferred,
        }
    }

    /// The trusted IAM OIDC providers (not AWS's built-in ones) of a web-identity
    /// statement; empty for any other statement.
    pub fn oidc_providers(&self) -> impl Iterator<Item = &Trusted<'a>> {
        self.trusted
            .iter()
            .filter(|p| self.web_identity && p.built_in_kind.is_none())
    }

    /// The JSON pointer of the statement's `Condition`.
    pub fn condition_pointer(&self) -> String {
        format!("{}/Condition", self.st.pointer)
    }
}

impl<'a> Trusted<'a> {
    fn new(principal: &'a str, url: &'a str, built_in_kind: Option<IssuerKind>) -> Self {
        Trusted {
            principal,
            url,
            built_in_kind,
            issuer: providers::recognise(url, None),
            subjects: OnceCell::new(),
        }
    }

    /// An inferred provider: a `sub` value helps recognise the platform when the URL
    /// does not.
    fn with_hint(principal: &'a str, url: &'a str, sub: Option<&str>) -> Self {
        Trusted {
            issuer: providers::recognise(url, sub),
            ..Trusted::new(principal, url, None)
        }
    }

    /// Whether the condition is on `<url>:<claim>` (key names compared ignoring case).
    pub fn key_is(&self, c: &Condition, claim: &str) -> bool {
        let (prefix, name) = c.prefix_and_claim();
        name.eq_ignore_ascii_case(claim) && prefix.eq_ignore_ascii_case(self.url)
    }

    /// The statement's conditions on this provider's `sub`, and what their values admit.
    pub fn subjects(&self, st: &'a Statement) -> &Subjects<'a> {
        self.subjects.get_or_init(|| {
            let conditions: Vec<&Condition> = st
                .conditions
                .iter()
                .filter(|c| self.key_is(c, "sub"))
                .collect();
            let mut values = Vec::new();
            for c in &conditions {
                let Some(op) = c.operator else { continue };
                if op.base.negated() {
                    continue;
                }
                let like = op.base == BaseOperator::StringLike;
                for value in &c.values {
                    let pattern: Option<Cow<'_, [Elem]>> = if like {
                        value.resolve_pattern(|_| None)
                    } else {
                        value
                            .resolve_text(|_| None)
                            .map(|t| Cow::Owned(vec![Elem::Lit(t.into_owned())]))
                    };
                    values.push(SubjectValue {
                        condition: c,
                        value,
                        like,
                        admits: pattern.map(|p| subject::admits(&p, self.issuer.platform)),
                    });
                }
            }
            Subjects { conditions, values }
        })
    }

    /// Whether the statement pins GitHub's `job_workflow_ref` (which AWS's guardrail
    /// accepts in place of `sub`).
    pub fn workflow_pin(&self, st: &Statement) -> bool {
        self.issuer.platform == Platform::GitHub
            && st
                .conditions
                .iter()
                .any(|c| self.key_is(c, "job_workflow_ref") && positive_string(c))
    }
}

/// The OIDC providers a statement trusts through `Federated`: IAM OIDC provider ARNs,
/// AWS's built-in providers by name, and the assumed issuer when `Federated` names none
/// (a template placeholder, say).
fn trusted<'a>(st: &'a Statement, options: &'a LintOptions) -> Vec<Trusted<'a>> {
    let mut out = Vec::new();
    let mut any = false;
    let mut saml = false;
    for v in st.principal.federated() {
        any = true;
        if let Some(arn) = ProviderArn::parse(v) {
            out.push(Trusted::new(v, arn.url, None));
        } else if let Some(kind) = IssuerKind::built_in_named(v) {
            out.push(Trusted::new(v, v, Some(kind)));
        } else if v.contains(":saml-provider/") {
            saml = true;
        }
    }
    if out.is_empty()
        && any
        && !saml
        && let Some(issuer) = &options.issuer
    {
        out.push(Trusted::new(
            issuer,
            issuer,
            IssuerKind::built_in_named(issuer),
        ));
    }
    out
}

/// The first `Federated` value that names no provider: not an OIDC provider ARN, not one
/// of AWS's built-in providers, not a SAML provider (a template placeholder, say). `None`
/// when the statement names a provider, or a SAML one.
fn unresolved_principal(st: &Statement) -> Option<&str> {
    let mut unresolved = None;
    for v in st.principal.federated() {
        if ProviderArn::parse(v).is_some()
            || IssuerKind::built_in_named(v).is_some()
            || v.contains(":saml-provider/")
        {
            return None;
        }
        unresolved = unresolved.or(Some(v));
    }
    unresolved
}

/// Whether the condition tests for a value positively (`StringEquals`, `StringLike`,
/// `StringEqualsIgnoreCase`).
pub(crate) fn positive_string(c: &Condition) -> bool {
    c.operator.is_some_and(|o| {
        matches!(
            o.base,
            BaseOperator::StringEquals
                | BaseOperator::StringLike
                | BaseOperator::StringEqualsIgnoreCase
        )
    })
}

/// A finding of lint `id`, at the lint's level.
pub(crate) fn finding(id: &'static str, message: String) -> Diagnostic {
    Diagnostic::of_code(id, Source::Policy, message)
}

pub(crate) use crate::providers::subject_example;
