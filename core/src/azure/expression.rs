//! The flexible federated identity credential expression language
//! (`claimsMatchingExpression`, `languageVersion` 1), semantics reference 1.3:
//!
//! ```text
//! expression := clause ( " and " clause )*
//! clause     := "claims['" name "']" " " op " " "'" comparand "'"
//! op         := "eq" | "matches"
//! ```
//!
//! Microsoft documents the three parts of a clause, the single spaces around the operator,
//! the single-quoted comparand and `and`; nothing else (`or`, `not`, parentheses) is part
//! of the language. Choices where the page is silent, all **UNCONFIRMED**: `and` takes
//! single spaces too; a `'` inside quotes is written `''` (Microsoft: "single quotes are
//! interpreted as escape characters"; the CC0 suite's evaluator reads it so); `eq` is
//! case-sensitive equality, as classic credentials compare; `matches` is anchored at both
//! ends, `*` any run of characters (none included), `?` one character, case-sensitive,
//! with no escape for a literal `*` or `?`, which is exactly IAM's `StringLike`
//! ([`crate::matching`]); a claim the token lacks, or one that is not a string, makes the
//! clause false (a number or boolean claim compares as its JSON text).

use serde::Serialize;

use crate::matching::{self, Elem};
use crate::token::Claims;

/// A clause's operator.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ExpressionOperator {
    /// `eq`: the claim equals the comparand.
    Eq,
    /// `matches`: the claim matches the comparand's `*` and `?` wildcards.
    Matches,
}

impl ExpressionOperator {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            ExpressionOperator::Eq => "eq",
            ExpressionOperator::Matches => "matches",
        }
    }
}

/// One `claims['name'] op 'comparand'` clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The claim looked up.
    pub claim: String,
    /// The operator.
    pub op: ExpressionOperator,
    /// The comparand, unquoted.
    pub comparand: String,
    /// For `matches`, the comparand as a pattern.
    pub pattern: Option<Vec<Elem>>,
    /// Byte range of the clause in the expression.
    pub start: usize,
    /// End of that range.
    pub end: usize,
}

/// A parsed expression: clauses joined by `and`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression {
    /// The clauses, in order.
    pub clauses: Vec<Clause>,
}

/// Why an expression does not parse, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpressionError {
    /// Byte offset in the expression.
    pub at: usize,
    /// What was expected or found, lowercase, no final period.
    pub message: String,
}

/// How a clause came out for a token.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ClauseOutcome {
    /// The claim equals (or matches) the comparand.
    Holds,
    /// It does not.
    Differs,
    /// The token has no such claim (the clause is false; UNCONFIRMED).
    ClaimMissing,
    /// The claim is an array, an object or null, which no comparand equals.
    NotAString,
}

/// The text a claim value compares as: a string itself, a number or boolean its JSON text.
pub fn claim_text(value: &serde_json::Value) -> Option<std::borrow::Cow<'_, str>> {
    match value {
        serde_json::Value::String(s) => Some(std::borrow::Cow::Borrowed(s)),
        serde_json::Value::Number(n) => Some(std::borrow::Cow::Owned(n.to_string())),
        serde_json::Value::Bool(b) => Some(std::borrow::Cow::Borrowed(if *b {
            "true"
        } else {
            "false"
        })),
        _ => None,
    }
}

impl Clause {
    /// Whether the clause holds for a claim value.
    pub fn test(&self, value: &str) -> bool {
        match &self.pattern {
            Some(p) => matching::like(p, value),
            None => value == self.comparand,
        }
    }

    /// The clause's outcome for a token's claims.
    pub fn outcome(&self, claims: &Claims) -> ClauseOutcome {
        match claims.get(&self.claim) {
            None => ClauseOutcome::ClaimMissing,
            Some(v) => match claim_text(v) {
                Some(t) if self.test(&t) => ClauseOutcome::Holds,
                Some(_) => ClauseOutcome::Differs,
                None => ClauseOutcome::NotAString,
            },
        }
    }
}

impl Expression {
    /// Whether every clause holds for the claims.
    pub fn holds(&self, claims: &Claims) -> bool {
        self.clauses
            .iter()
            .all(|c| c.outcome(claims) == ClauseOutcome::Holds)
    }

    /// The clauses on one claim.
    pub fn on<'a>(&'a self, claim: &'a str) -> impl Iterator<Item = &'a Clause> {
        self.clauses.iter().filter(move |c| c.claim == claim)
    }
}

/// Parses an expression.
///
/// # Errors
/// An [`ExpressionError`] at the first byte that does not fit the grammar.
pub fn parse(text: &str) -> Result<Expression, ExpressionError> {
    let mut p = Parser { text, pos: 0 };
    if text.trim().is_empty() {
        return Err(p.error("the expression is empty: write `claims['sub'] eq '...'`"));
    }
    let mut clauses = Vec::with_capacity(2);
    loop {
        clauses.push(p.clause()?);
        if p.pos == text.len() {
            return Ok(Expression { clauses });
        }
        p.joiner()?;
    }
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or_default()
    }

    fn error(&self, message: impl Into<String>) -> ExpressionError {
        ExpressionError {
            at: self.pos,
            message: message.into(),
        }
    }

    /// What stands at the current position, for messages.
    fn found(&self) -> String {
        let rest = self.rest();
        match rest.chars().next() {
            None => "the end of the expression".to_owned(),
            Some(' ')
                if rest
                    .get(1..)
                    .is_some_and(|r| r.starts_with(char::is_whitespace)) =>
            {
                "two spaces".to_owned()
            }
            Some(' ') => "a space".to_owned(),
            Some(c) if c.is_whitespace() => format!("whitespace U+{:04X}", c as u32),
            Some(_) => {
                let word: String = rest
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .take(16)
                    .collect();
                format!("`{word}`")
            }
        }
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn clause(&mut self) -> Result<Clause, ExpressionError> {
        let start = self.pos;
        if !self.eat("claims['") {
            let rest = self.rest();
            let message = if rest.starts_with(char::is_whitespace) {
                format!(
                    "expected `claims['` but found {}: clauses are separated by single spaces only",
                    self.found()
                )
            } else if rest.starts_with('(') {
                "parentheses are not part of the language: clauses are joined by `and` only"
                    .to_owned()
            } else if rest.starts_with("claims[\"") {
                "the claim name is in double quotes: write `claims['name']`".to_owned()
            } else if rest.starts_with("not ") {
                "`not` is not part of the language: write the clauses that must hold".to_owned()
            } else {
                format!(
                    "expected a claim lookup `claims['<name>']`, found {}",
                    self.found()
                )
            };
            return Err(self.error(message));
        }
        let name_at = self.pos;
        let claim = self.quoted("the claim name")?;
        if claim.is_empty() {
            self.pos = name_at;
            return Err(self.error("the claim name is empty"));
        }
        if !self.eat("]") {
            return Err(self.error(format!(
                "expected `]` after the claim name, found {}",
                self.found()
            )));
        }
        if !self.eat(" ") {
            return Err(self.error(format!(
                "expected a single space after `claims['{claim}']`, found {}",
                self.found()
            )));
        }
        let op_at = self.pos;
        let word: String = self
            .rest()
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '\'')
            .collect();
        let op = match word.as_str() {
            "eq" => ExpressionOperator::Eq,
            "matches" => ExpressionOperator::Matches,
            "" if self.rest().starts_with(char::is_whitespace) => {
                return Err(
                    self.error("expected the operator after a single space, found more whitespace")
                );
            }
            "" => {
                return Err(self.error(format!(
                    "expected an operator (`eq` or `matches`), found {}",
                    self.found()
                )));
            }
            other => {
                let hint = match other {
                    "==" | "=" | "equals" | "Eq" | "EQ" => ": write `eq`",
                    "like" | "Matches" | "MATCHES" | "match" => ": write `matches`",
                    _ => "",
                };
                return Err(self.error(format!(
                    "`{other}` is not an operator: the language has `eq` and `matches`{hint}"
                )));
            }
        };
        self.pos = op_at + word.len();
        if !self.eat(" ") {
            return Err(self.error(format!(
                "expected a single space after `{}`, found {}",
                op.as_str(),
                self.found()
            )));
        }
        if !self.rest().starts_with('\'') {
            let message = if self.rest().starts_with('"') {
                "the comparand is in double quotes: comparands are in single quotes".to_owned()
            } else {
                format!(
                    "expected the comparand in single quotes, found {}",
                    self.found()
                )
            };
            return Err(self.error(message));
        }
        self.pos += 1;
        let comparand = self.quoted("the comparand")?;
        let pattern = (op == ExpressionOperator::Matches).then(|| matching::pattern(&comparand));
        Ok(Clause {
            claim,
            op,
            comparand,
            pattern,
            start,
            end: self.pos,
        })
    }

    /// Reads up to the closing `'` (a doubled `''` is one quote) and past it.
    fn quoted(&mut self, what: &str) -> Result<String, ExpressionError> {
        let open = self.pos;
        let mut out = String::new();
        loop {
            let rest = self.rest();
            let Some(q) = rest.find('\'') else {
                self.pos = open;
                return Err(self.error(format!(
                    "{what} has no closing `'` (a quote inside it is written `''`)"
                )));
            };
            out.push_str(rest.get(..q).unwrap_or_default());
            self.pos += q + 1;
            if self.rest().starts_with('\'') {
                out.push('\'');
                self.pos += 1;
            } else {
                return Ok(out);
            }
        }
    }

    /// ` and ` between clauses.
    fn joiner(&mut self) -> Result<(), ExpressionError> {
        if self.eat(" and ") {
            return Ok(());
        }
        let rest = self.rest().trim_start();
        let message = if rest.starts_with("or ") || rest.starts_with("|| ") {
            "`or` is not part of the language: clauses are joined by `and` only (use one credential per alternative)".to_owned()
        } else if rest.starts_with("&& ") || rest.starts_with("AND ") || rest.starts_with("And ") {
            "clauses are joined by `and`, in lowercase".to_owned()
        } else if rest.is_empty() {
            "the expression ends with whitespace".to_owned()
        } else if rest == "and" {
            "the expression ends with `and`: a clause must follow it".to_owned()
        } else {
            format!(
                "expected ` and ` or the end of the expression after a clause, found {}",
                self.found()
            )
        };
        Err(self.error(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_clauses_and_quotes() {
        let e = parse("claims['sub'] matches 'repo:o/r:*' and claims['repository_id'] eq '12'")
            .unwrap();
        assert_eq!(e.clauses.len(), 2);
        assert_eq!(e.clauses[0].op, ExpressionOperator::Matches);
        assert_eq!(e.clauses[1].comparand, "12");
        assert_eq!(e.clauses[1].start, 39);
        let e = parse("claims['sub'] eq 'it''s'").unwrap();
        assert_eq!(e.clauses[0].comparand, "it's");
        assert!(e.clauses[0].test("it's"));
    }

    #[test]
    fn located_errors() {
        for (text, at, words) in [
            ("", 0, "empty"),
            ("claims['sub']  eq 'x'", 14, "single space"),
            ("claims['sub'] == 'x'", 14, "write `eq`"),
            ("claims['sub'] eq 'x' or claims['sub'] eq 'y'", 20, "`or`"),
            ("claims['sub'] eq \"x\"", 17, "double quotes"),
            ("claims['sub'] eq 'x", 18, "no closing"),
            ("(claims['sub'] eq 'x')", 0, "parentheses"),
            ("claims['sub'] eq 'x' ", 20, "whitespace"),
            ("claims[''] eq 'x'", 8, "empty"),
            ("claims['sub'] eq 'x' and", 20, "ends with `and`"),
            (
                "claims['sub'] eq 'x'  and claims['a'] eq 'b'",
                20,
                "found two spaces",
            ),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.at, at, "{text}: {e:?}");
            assert!(e.message.contains(words), "{text}: {}", e.message);
        }
    }

    #[test]
    fn evaluates_with_missing_and_typed_claims() {
        let claims: Claims = crate::token::decode(
            r#"{"sub": "repo:o/r:ref:refs/heads/main", "n": 20, "list": ["a"]}"#,
        )
        .unwrap()
        .claims;
        let e = parse("claims['sub'] matches 'repo:o/r:ref:refs/heads/????'").unwrap();
        assert!(e.holds(&claims));
        let clause = |t: &str| parse(t).unwrap().clauses.remove(0);
        assert_eq!(
            clause("claims['n'] eq '20'").outcome(&claims),
            ClauseOutcome::Holds
        );
        assert_eq!(
            clause("claims['x'] eq '20'").outcome(&claims),
            ClauseOutcome::ClaimMissing
        );
        assert_eq!(
            clause("claims['list'] eq 'a'").outcome(&claims),
            ClauseOutcome::NotAString
        );
        assert_eq!(
            clause("claims['sub'] matches 'repo:o/*:ref:refs/heads/m'").outcome(&claims),
            ClauseOutcome::Differs
        );
    }
}
