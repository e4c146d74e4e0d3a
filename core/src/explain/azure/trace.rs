//! Every federated identity credential compared with the token, field by field: issuer,
//! audience, then the subject (classic) or each clause of the expression (flexible), with
//! where the closest value parts from the token's ([`NearMiss`]), and which credential
//! came closest when none matched.

use serde::Serialize;

use crate::azure::credential::{Credential, CredentialKind, CredentialSet, IdentityKind, Located};
use crate::azure::entra::{CredentialCheck, SubjectMatch, Verdict};
use crate::azure::expression::{Clause, ClauseOutcome, ExpressionOperator, claim_text};
use crate::explain::NearMiss;
use crate::json::Span;
use crate::token::Claims;

/// How one credential came out against the token: the first of its checks that failed, in
/// Entra's order.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CredentialOutcome {
    /// Issuer, audience and subject (or expression) all match: Entra issues a token.
    Matched,
    /// Its `issuer` is not the token's `iss`.
    IssuerDiffers,
    /// Its audience is not the token's `aud`.
    AudienceDiffers,
    /// Its `subject` is not the token's `sub`.
    SubjectDiffers,
    /// Its `subject` equals `sub` but for letter case (AADSTS7002138).
    SubjectCaseOnly,
    /// A clause of its expression is false.
    ExpressionFalse,
    /// It could not be evaluated as written (see `notEvaluated`).
    NotEvaluated,
    /// The token could not be compared at all (it did not decode).
    NotCompared,
}

/// One configured value compared with the token's.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueTrace {
    /// The credential's value.
    pub value: String,
    /// RFC 6901 pointer to it in the credentials document.
    pub pointer: String,
    /// Where it is in the credentials text.
    pub span: Span,
    /// The token's value it was compared with (`null`: the token lacks the claim).
    pub request_value: Option<String>,
    /// Whether they are equal.
    pub matched: bool,
    /// Where they part ways, when they differ.
    pub near_miss: Option<NearMiss>,
}

/// One clause of a flexible credential's expression.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClauseTrace {
    /// Its index in the expression.
    pub index: usize,
    /// The clause as written.
    pub text: String,
    /// The claim it looks up.
    pub claim: String,
    /// `eq` or `matches`.
    pub operator: ExpressionOperator,
    /// The comparand, unquoted.
    pub comparand: String,
    /// The token's value of the claim, as compared (a number as its JSON text); `null`
    /// when the token lacks it or it is not a string, number or boolean.
    pub request_value: Option<String>,
    /// How it came out.
    pub outcome: ClauseOutcome,
    /// Where the claim leaves the comparand, when it differs.
    pub near_miss: Option<NearMiss>,
    /// Where the clause is in the credentials text (the whole expression string when it
    /// is written with escapes).
    pub span: Span,
    /// RFC 6901 pointer to the expression's text in the credentials document.
    pub pointer: String,
}

/// One credential against the token.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialTrace {
    /// Its index in the document's list.
    pub index: usize,
    /// Its `name`.
    pub name: Option<String>,
    /// Classic (`subject`) or flexible (`claimsMatchingExpression`).
    pub kind: CredentialKind,
    /// RFC 6901 pointer to the credential object.
    pub pointer: String,
    /// Where the credential is in the text.
    pub span: Span,
    /// How it came out.
    pub outcome: CredentialOutcome,
    /// Why it was not evaluated, when it was not.
    pub not_evaluated: Option<String>,
    /// `issuer` against `iss`.
    pub issuer: Option<ValueTrace>,
    /// The audience against `aud`.
    pub audience: Option<ValueTrace>,
    /// A classic credential's `subject` against `sub`.
    pub subject: Option<ValueTrace>,
    /// A flexible credential's expression, as written.
    pub expression: Option<String>,
    /// Its clauses, in order (all of them: Entra's order of evaluation is not documented).
    pub clauses: Vec<ClauseTrace>,
}

/// The credentials against the token.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsTrace {
    /// What the credentials belong to, as the document's shape tells.
    pub identity: IdentityKind,
    /// The credential that admits the token.
    pub matched: Option<usize>,
    /// The credential that came closest: the matched one, else the one that passes the
    /// most of Entra's checks and then shares the longest prefix with the token's value.
    pub closest: Option<usize>,
    /// Every credential, in document order.
    pub credentials: Vec<CredentialTrace>,
}

impl CredentialsTrace {
    /// The trace of credential `index`.
    pub fn credential(&self, index: usize) -> Option<&CredentialTrace> {
        self.credentials.iter().find(|c| c.index == index)
    }

    /// The closest credential's trace.
    pub fn closest_credential(&self) -> Option<&CredentialTrace> {
        self.credential(self.closest?)
    }
}

fn value_trace(l: &Located, request: Option<&str>, matched: bool) -> ValueTrace {
    ValueTrace {
        value: l.value.clone(),
        pointer: l.pointer.clone(),
        span: l.span,
        request_value: request.map(str::to_owned),
        matched,
        near_miss: match request {
            Some(r) if !matched => NearMiss::literal(&l.value, r),
            _ => None,
        },
    }
}

/// A clause's trace for the token's claims.
fn clause_trace(index: usize, clause: &Clause, text: &Located, claims: &Claims) -> ClauseTrace {
    let outcome = clause.outcome(claims);
    let request_value = claims
        .get(&clause.claim)
        .and_then(claim_text)
        .map(std::borrow::Cow::into_owned);
    let near_miss = match (&request_value, outcome) {
        (Some(v), ClauseOutcome::Differs) => match &clause.pattern {
            Some(p) => NearMiss::pattern(p, v),
            None => NearMiss::literal(&clause.comparand, v),
        },
        _ => None,
    };
    ClauseTrace {
        index,
        text: text
            .value
            .get(clause.start..clause.end)
            .unwrap_or_default()
            .to_owned(),
        claim: clause.claim.clone(),
        operator: clause.op,
        comparand: clause.comparand.clone(),
        request_value,
        outcome,
        near_miss,
        span: text.span_of(clause.start, clause.end),
        pointer: text.pointer.clone(),
    }
}

fn outcome(check: Option<&CredentialCheck>, c: &Credential) -> CredentialOutcome {
    let Some(check) = check else {
        return if c.invalid.is_some() {
            CredentialOutcome::NotEvaluated
        } else {
            CredentialOutcome::NotCompared
        };
    };
    if !check.issuer {
        CredentialOutcome::IssuerDiffers
    } else if !check.audience {
        CredentialOutcome::AudienceDiffers
    } else if check.subject_holds() {
        CredentialOutcome::Matched
    } else {
        match check.subject {
            Some(SubjectMatch::CaseOnly) => CredentialOutcome::SubjectCaseOnly,
            Some(_) => CredentialOutcome::SubjectDiffers,
            None => CredentialOutcome::ExpressionFalse,
        }
    }
}

/// How far a credential got, for ranking: the checks passed, then how much of the
/// deciding value matched.
fn progress(t: &CredentialTrace) -> (u8, usize, usize) {
    let shared = |v: Option<&ValueTrace>| {
        v.map_or(0, |v| {
            v.near_miss
                .as_ref()
                .map_or_else(|| v.value.chars().count(), |m| m.offset)
        })
    };
    let holding = t
        .clauses
        .iter()
        .filter(|c| c.outcome == ClauseOutcome::Holds)
        .count();
    let first_miss = t
        .clauses
        .iter()
        .find_map(|c| c.near_miss.as_ref().map(|m| m.offset))
        .unwrap_or(0);
    match t.outcome {
        CredentialOutcome::Matched => (6, 0, 0),
        CredentialOutcome::SubjectCaseOnly => (5, shared(t.subject.as_ref()), 0),
        CredentialOutcome::SubjectDiffers => (4, shared(t.subject.as_ref()), 0),
        CredentialOutcome::ExpressionFalse => (4, holding, first_miss),
        CredentialOutcome::AudienceDiffers => (3, shared(t.audience.as_ref()), 0),
        CredentialOutcome::IssuerDiffers => (2, shared(t.issuer.as_ref()), 0),
        CredentialOutcome::NotEvaluated | CredentialOutcome::NotCompared => (0, 0, 0),
    }
}

/// The trace of every credential of `set` against the verdict's token.
pub fn trace(set: &CredentialSet, verdict: &Verdict) -> CredentialsTrace {
    let claims = verdict.claims();
    let iss = claims.and_then(Claims::issuer);
    let auds: Vec<&str> = claims.map(Claims::audiences).unwrap_or_default();
    let sub = claims.and_then(|c| c.str("sub"));
    let credentials: Vec<CredentialTrace> =
        set.credentials
            .iter()
            .map(|c| {
                let check = verdict.check(c.index);
                let compared = check.is_some();
                let issuer = c.issuer.as_ref().map(|l| {
                    value_trace(l, iss.filter(|_| compared), check.is_some_and(|k| k.issuer))
                });
                let audience = c.audience().map(|l| {
                    let matched = check.is_some_and(|k| k.audience);
                    let request = if matched {
                        Some(l.value.as_str())
                    } else {
                        // The closest of the token's audiences.
                        auds.iter()
                            .copied()
                            .max_by_key(|a| crate::matching::common_chars(a, &l.value))
                    };
                    value_trace(l, request.filter(|_| compared), matched)
                });
                let subject = c
                    .subject
                    .as_ref()
                    .filter(|_| c.expression.is_none())
                    .map(|l| {
                        let matched = check.and_then(|k| k.subject) == Some(SubjectMatch::Equal);
                        value_trace(l, sub.filter(|_| compared), matched)
                    });
                let clauses = match (c.expression.as_ref(), c.parsed_expression(), claims) {
                    (Some(e), Some(parsed), Some(claims)) if compared => parsed
                        .clauses
                        .iter()
                        .enumerate()
                        .map(|(i, cl)| clause_trace(i, cl, &e.text, claims))
                        .collect(),
                    _ => Vec::new(),
                };
                CredentialTrace {
                    index: c.index,
                    name: c.name.as_ref().map(|n| n.value.clone()),
                    kind: c.kind(),
                    pointer: c.pointer.clone(),
                    span: c.span,
                    outcome: outcome(check, c),
                    not_evaluated: c.invalid.clone(),
                    issuer,
                    audience,
                    subject,
                    expression: c.expression.as_ref().map(|e| e.text.value.clone()),
                    clauses,
                }
            })
            .collect();
    let closest = verdict.matched.or_else(|| {
        let mut best: Option<(&CredentialTrace, (u8, usize, usize))> = None;
        for t in &credentials {
            let p = progress(t);
            if p.0 > 0 && best.is_none_or(|(_, b)| p > b) {
                best = Some((t, p));
            }
        }
        best.map(|(t, _)| t.index)
    });
    CredentialsTrace {
        identity: set.identity,
        matched: verdict.matched,
        closest,
        credentials,
    }
}
