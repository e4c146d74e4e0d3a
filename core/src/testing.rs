//! Assertions that explain: pin a role's trust policy in a test with the tokens that must
//! get in and the ones that must not, and when one gets the wrong answer, read why.
//!
//! ```
//! use oidc_trust::tokens::github;
//! use oidc_trust::{assert_accepts, assert_refuses};
//!
//! let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
//!     "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
//!     "Action": "sts:AssumeRoleWithWebIdentity",
//!     "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}}}]}"#;
//! const NOW: i64 = 1_790_000_000;
//! assert_accepts!(policy, github().repo("acme/app").branch("main").at(NOW));
//! assert_refuses!(policy, github().repo("acme/app").pull_request().at(NOW));
//! ```
//!
//! A failing assertion panics with an [`Explanation`]: which answer was expected, what was
//! assumed, then the analysis in the CLI's words ([`crate::explain::aws::text`]): the
//! verdict with AWS's error and the deciding stage, every statement and condition with the
//! near miss marked by carets, and the hints. [`Trust`] adds the account's
//! providers (by default a provider for the token's issuer is assumed, with the client ids
//! the CLI and the playground assume) and checks many tokens at once ([`Trust::table`]). A
//! token is evaluated at its `iat`, so a builder's token is never stale; a token without one
//! is given with its time, `(jwt, now)`.
//!
//! The [`Explanation`]'s `Debug` is its text too, so a test that returns
//! `Result<(), Box<dyn Error>>` and uses `?` prints the same explanation.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use serde::Serialize;

use crate::api::{Analysis, ProviderConfig, Request, analyze};
use crate::aws::request::{ClientIdBasis, assumed_provider};
use crate::explain::aws::text::{self, Plain};
use crate::token::Claims;
use crate::tokens::{Minted, TokenError};

/// The answer a token should get.
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    serde(rename_all = "camelCase")
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// AWS returns credentials.
    Accepted,
    /// AWS refuses.
    Refused,
}

impl Expect {
    /// The wire name: `accepted`, `refused`.
    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Accepted => "accepted",
            Expect::Refused => "refused",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Expect::Accepted => "accept",
            Expect::Refused => "refuse",
        }
    }
}

/// A token for a check: its text (a compact JWT or claims JSON) and the time to evaluate it
/// at. A [`Minted`] token is evaluated at its `iat`; other tokens are given with their time,
/// `(token, now)`.
pub trait TestToken {
    /// The token's text and the evaluation time, or why there is no token to check.
    fn case(&self) -> Result<(Cow<'_, str>, i64), String>;
}

impl TestToken for Minted {
    fn case(&self) -> Result<(Cow<'_, str>, i64), String> {
        let now = self.issued_at().ok_or_else(|| {
            "the token has no whole `iat` to evaluate it at: give it as `(token.jwt(), now)`"
                .to_owned()
        })?;
        Ok((Cow::Borrowed(self.jwt()), now))
    }
}

impl TestToken for Result<Minted, TokenError> {
    fn case(&self) -> Result<(Cow<'_, str>, i64), String> {
        match self {
            Ok(minted) => minted.case(),
            Err(e) => Err(format!("the token could not be built: {e}")),
        }
    }
}

impl TestToken for (&str, i64) {
    fn case(&self) -> Result<(Cow<'_, str>, i64), String> {
        Ok((Cow::Borrowed(self.0), self.1))
    }
}

impl TestToken for (String, i64) {
    fn case(&self) -> Result<(Cow<'_, str>, i64), String> {
        Ok((Cow::Borrowed(&self.0), self.1))
    }
}

impl<T: TestToken + ?Sized> TestToken for &T {
    fn case(&self) -> Result<(Cow<'_, str>, i64), String> {
        (**self).case()
    }
}

/// A role's trust configuration under test: the policy, and the account's providers when
/// the test names them.
#[derive(Debug, Clone, PartialEq)]
pub struct Trust {
    policy: serde_json::Value,
    providers: Vec<ProviderConfig>,
    account: Option<String>,
}

impl Trust {
    /// The trust policy (its JSON text). Without [`Trust::provider`], each token's issuer is
    /// assumed to have a provider in the account.
    pub fn new(policy: impl Into<String>) -> Self {
        Trust {
            policy: serde_json::Value::String(policy.into()),
            providers: Vec::new(),
            account: None,
        }
    }

    /// An IAM OIDC provider of the account, with its client-id list.
    #[must_use]
    pub fn provider(mut self, url: &str, client_ids: &[&str]) -> Self {
        self.providers.push(ProviderConfig::new(url, client_ids));
        self
    }

    /// The role's account id (default: the policy's `Federated` ARN's).
    #[must_use]
    pub fn account(mut self, id: impl Into<String>) -> Self {
        self.account = Some(id.into());
        self
    }

    /// The answer AWS gives `token`, explained against `expect`.
    pub fn check(&self, token: &(impl TestToken + ?Sized), expect: Expect) -> Explanation {
        match token.case() {
            Ok((text, now)) => explain(
                Request {
                    policy: Some(self.policy.clone()),
                    account: self.account.clone(),
                    ..Request::new(&text, "", self.providers.clone(), now)
                },
                expect,
            ),
            Err(why) => Explanation::without_token(expect, &why),
        }
    }

    /// `Ok` when AWS accepts `token`, else why not.
    pub fn accepts(&self, token: impl TestToken) -> Result<(), Explanation> {
        self.check(&token, Expect::Accepted).into_result()
    }

    /// `Ok` when AWS refuses `token`, else why it accepts it.
    pub fn refuses(&self, token: impl TestToken) -> Result<(), Explanation> {
        self.check(&token, Expect::Refused).into_result()
    }

    /// Checks every `(expected answer, token)` row; `Ok` when each gets its answer, else the
    /// explanation of every row that did not.
    pub fn table<T: TestToken>(
        &self,
        rows: impl IntoIterator<Item = (Expect, T)>,
    ) -> Result<(), Table> {
        let mut total = 0;
        let mut failures = Vec::new();
        for (i, (expect, token)) in rows.into_iter().enumerate() {
            total += 1;
            let e = self.check(&token, expect);
            if !e.passed() {
                failures.push((i, e));
            }
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(Table { total, failures })
        }
    }
}

/// The claims of a request's token (a compact JWT or claims JSON, or `claims`), if it
/// decodes.
fn request_claims(token: Option<&str>, claims: Option<&serde_json::Value>) -> Option<Claims> {
    match (claims, token) {
        (Some(serde_json::Value::Object(map)), _) => Some(Claims::new(map.clone())),
        (None, Some(text)) => crate::token::decode(text).ok().map(|t| t.claims),
        _ => None,
    }
}

/// The answer AWS gives `request`, explained against `expect`. A request without providers
/// gets one assumed for its token's issuer, and the explanation says so.
fn explain(mut request: Request, expect: Expect) -> Explanation {
    let mut notes = Vec::new();
    if request.providers.is_empty()
        && let Some(claims) = request_claims(request.token.as_deref(), request.claims.as_ref())
        && let Some((provider, basis)) = assumed_provider(&claims)
    {
        let ids = crate::explain::ticked(provider.client_ids.iter().map(String::as_str));
        notes.push(format!(
            "assumed: the account's IAM OIDC provider for `{}`, client ids {} ({})",
            provider.url,
            if ids.is_empty() {
                "(none)".to_owned()
            } else {
                ids
            },
            match basis {
                ClientIdBasis::AwsGuide => "as AWS's guide for this issuer configures",
                ClientIdBasis::TokenAudience => "the token's own audience",
            }
        ));
        request.providers.push(provider);
    }
    let now = request.now;
    let analysis = analyze(&request);
    let sub = analysis
        .claims
        .as_ref()
        .and_then(|c| c.str("sub"))
        .map_or_else(String::new, |s| format!(" `{s}`"));
    let got = if analysis.accepted {
        Expect::Accepted
    } else {
        Expect::Refused
    };
    let verdict = if got == expect {
        format!("the role {}s the token{sub}, as expected", got.verb())
    } else {
        format!(
            "expected the role to {} the token{sub}, but AWS {}s it",
            expect.verb(),
            got.verb()
        )
    };
    // Writing to a String cannot fail.
    let mut out = String::new();
    let _ = writeln!(out, "{verdict} (evaluated at {})", crate::time::utc(now));
    for note in notes {
        let _ = writeln!(out, "{note}");
    }
    let _ = writeln!(out);
    let _ = text::report(&mut out, &analysis.report(), &Plain { name: "policy" });
    Explanation {
        expect,
        analysis: Some(Box::new(analysis)),
        text: out,
    }
}

/// Something a [`Trust`] can be read from: the policy's text, or a [`Trust`].
pub trait AsTrust {
    /// The trust configuration.
    fn as_trust(&self) -> Cow<'_, Trust>;
}

impl AsTrust for Trust {
    fn as_trust(&self) -> Cow<'_, Trust> {
        Cow::Borrowed(self)
    }
}

impl AsTrust for str {
    fn as_trust(&self) -> Cow<'_, Trust> {
        Cow::Owned(Trust::new(self))
    }
}

impl AsTrust for String {
    fn as_trust(&self) -> Cow<'_, Trust> {
        Cow::Owned(Trust::new(self.as_str()))
    }
}

impl<T: AsTrust + ?Sized> AsTrust for &T {
    fn as_trust(&self) -> Cow<'_, Trust> {
        (**self).as_trust()
    }
}

/// `Ok` when AWS accepts `token` for a role with `policy` (a policy text or a [`Trust`]).
pub fn accepts(policy: &(impl AsTrust + ?Sized), token: impl TestToken) -> Result<(), Explanation> {
    policy.as_trust().accepts(token)
}

/// `Ok` when AWS refuses `token` for a role with `policy` (a policy text or a [`Trust`]).
pub fn refuses(policy: &(impl AsTrust + ?Sized), token: impl TestToken) -> Result<(), Explanation> {
    policy.as_trust().refuses(token)
}

/// Panics with the [`Explanation`] unless AWS accepts the token for the role: a policy text
/// or a [`Trust`], and a [`TestToken`].
#[macro_export]
macro_rules! assert_accepts {
    ($policy:expr, $token:expr $(,)?) => {
        if let ::core::result::Result::Err(e) = $crate::testing::accepts(&$policy, $token) {
            ::core::panic!("{e}");
        }
    };
}

/// Panics with the [`Explanation`] unless AWS refuses the token for the role: a policy text
/// or a [`Trust`], and a [`TestToken`].
#[macro_export]
macro_rules! assert_refuses {
    ($policy:expr, $token:expr $(,)?) => {
        if let ::core::result::Result::Err(e) = $crate::testing::refuses(&$policy, $token) {
            ::core::panic!("{e}");
        }
    };
}

/// The answer a token got against the one it should have, in words: a line saying which,
/// what was assumed, then the analysis as the CLI writes it.
#[derive(Clone, PartialEq)]
pub struct Explanation {
    expect: Expect,
    analysis: Option<Box<Analysis>>,
    text: String,
}

impl Explanation {
    /// Whether the token got the expected answer.
    pub fn passed(&self) -> bool {
        self.analysis
            .as_ref()
            .is_some_and(|a| a.accepted == (self.expect == Expect::Accepted))
    }

    /// The answer that was expected.
    pub fn expected(&self) -> Expect {
        self.expect
    }

    /// The analysis (`None` when there was no token to analyse).
    pub fn analysis(&self) -> Option<&Analysis> {
        self.analysis.as_deref()
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    fn without_token(expect: Expect, why: &str) -> Self {
        Explanation {
            expect,
            analysis: None,
            text: format!(
                "expected the role to {} a token, but {why}\n",
                expect.verb()
            ),
        }
    }

    fn into_result(self) -> Result<(), Explanation> {
        if self.passed() { Ok(()) } else { Err(self) }
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The text, as for `Display`: a test's `?` and `unwrap` print the explanation.
impl fmt::Debug for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Explanation {}

/// The rows of a [`Trust::table`] that did not get their answer, each explained.
#[derive(Clone, PartialEq)]
pub struct Table {
    total: usize,
    failures: Vec<(usize, Explanation)>,
}

impl Table {
    /// The failing rows (counting from 0) and their explanations.
    pub fn failures(&self) -> &[(usize, Explanation)] {
        &self.failures
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} of {} tokens did not get the expected answer",
            self.failures.len(),
            self.total
        )?;
        for (row, e) in &self.failures {
            write!(f, "\n--- row {row} (counting from 0) ---\n{e}")?;
        }
        Ok(())
    }
}

/// The text, as for `Display`.
impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Table {}

/// The answer to a check ([`check_json`]).
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    /// Whether the token got the expected answer.
    pub passed: bool,
    /// The explanation: the expected and actual answers, then the analysis as text.
    pub message: String,
    /// The analysis; `null` when the token has no time to evaluate it at.
    pub analysis: Option<Analysis>,
}

/// Runs a check given as JSON text: a [`Request`] (the JSON interface's, `now` optional:
/// default the token's `iat`) with `expect`, `accepted` or `refused`. Without `providers`,
/// one is assumed for the token's issuer. Never fails: a malformed check comes back failed,
/// its message saying why. The npm package's `checkTrust`.
pub fn check_json(check: &str) -> CheckResult {
    let failed = |message: String| CheckResult {
        passed: false,
        message,
        analysis: None,
    };
    let Ok(serde_json::Value::Object(mut fields)) = serde_json::from_str(check) else {
        return failed("the check is not a JSON object".to_owned());
    };
    let expect = match fields
        .shift_remove("expect")
        .as_ref()
        .and_then(|v| v.as_str())
    {
        Some("accepted") => Expect::Accepted,
        Some("refused") => Expect::Refused,
        _ => return failed("the check's `expect` must be `accepted` or `refused`".to_owned()),
    };
    if fields.get("now").is_none_or(serde_json::Value::is_null) {
        let claims = request_claims(
            fields.get("token").and_then(|t| t.as_str()),
            fields.get("claims"),
        );
        match claims.and_then(|c| c.get("iat").and_then(serde_json::Value::as_i64)) {
            Some(iat) => {
                fields.insert("now".to_owned(), iat.into());
            }
            None => {
                return failed(
                    Explanation::without_token(
                        expect,
                        "the token has no whole `iat` to evaluate it at: give `now`",
                    )
                    .text,
                );
            }
        }
    }
    // Read as the JSON interface reads a request, field names and errors alike.
    let text = serde_json::to_string(&fields).unwrap_or_default();
    let request = match serde_json::from_str::<Request>(&text) {
        Ok(r) => r,
        Err(e) => return failed(format!("the check is not valid: {e}")),
    };
    let explanation = explain(request, expect);
    CheckResult {
        passed: explanation.passed(),
        analysis: explanation.analysis.map(|a| *a),
        message: explanation.text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::{github, gitlab};

    const NOW: i64 = 1_790_000_000;
    const MAIN_ONLY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "MainOnly", "Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}}}]}"#;

    #[test]
    fn a_refusal_explains_itself() {
        let e = accepts(MAIN_ONLY, github().repo("acme/app").pull_request().at(NOW)).unwrap_err();
        let text = e.to_string();
        assert!(!e.passed());
        assert!(text.starts_with(
            "expected the role to accept the token `repo:acme/app:pull_request`, but AWS refuses it"
        ), "{text}");
        assert!(text.contains("assumed: the account's IAM OIDC provider for `https://token.actions.githubusercontent.com`, client ids `sts.amazonaws.com`"));
        assert!(
            !text.contains("Stages"),
            "the stages are the CLI's, not the test's"
        );
        assert!(text.contains("REFUSED at the trust policy stage: AWS returns AccessDenied"));
        assert!(text.contains("✗ StringEquals token.actions.githubusercontent.com:sub"));
        assert!(text.contains("expected `ref:refs/heads/main`"));
        assert!(text.contains("found `pull_request`"));
        assert!(
            text.contains("policy:1:"),
            "statements are placed in the policy text"
        );
        assert!(text.contains("hint["));
        assert_eq!(format!("{e:?}"), text);
        // The carets sit under the first differing character.
        let lines: Vec<&str> = text.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.trim_start().starts_with("token   repo:"))
            .unwrap();
        assert_eq!(lines[at + 1].find('^'), lines[at].find("pull_request"));
    }

    #[test]
    fn the_macros_pass_and_fail() {
        assert_accepts!(MAIN_ONLY, github().repo("acme/app").branch("main").at(NOW));
        assert_refuses!(
            MAIN_ONLY,
            github().repo("acme/other").branch("main").at(NOW)
        );
        let trust = Trust::new(MAIN_ONLY);
        assert_accepts!(trust, github().repo("acme/app").at(NOW));
        let failed = std::panic::catch_unwind(|| {
            assert_refuses!(MAIN_ONLY, github().repo("acme/app").at(NOW));
        });
        let message = failed.unwrap_err();
        let message = message.downcast_ref::<String>().unwrap();
        assert!(message.starts_with("expected the role to refuse the token `repo:acme/app:ref:refs/heads/main`, but AWS accepts it"), "{message}");
        assert!(message.contains("ACCEPTED"));
    }

    #[test]
    fn providers_and_times_are_the_tests() {
        // A provider that does not know the audience refuses at the audience stage.
        let trust =
            Trust::new(MAIN_ONLY).provider("token.actions.githubusercontent.com", &["other"]);
        let e = trust
            .accepts(github().repo("acme/app").at(NOW))
            .unwrap_err();
        assert!(e.to_string().contains("at the audience stage"), "{e}");
        assert!(!e.to_string().contains("assumed:"));
        // A raw token is given with its time; a late time is an expired token.
        let t = github().repo("acme/app").at(NOW).unwrap();
        assert!(Trust::new(MAIN_ONLY).accepts((t.jwt(), NOW)).is_ok());
        let e = Trust::new(MAIN_ONLY)
            .accepts((t.claims_json(), NOW + 3600))
            .unwrap_err();
        assert!(e.to_string().contains("at the expiry stage"), "{e}");
        // A token that could not be built says so.
        let e = accepts(MAIN_ONLY, github().repo("acme").at(NOW)).unwrap_err();
        assert!(e.analysis().is_none());
        assert!(
            e.to_string()
                .contains("the token could not be built: github(): `repo`")
        );
    }

    #[test]
    fn tables_list_every_failing_row() {
        let trust = Trust::new(MAIN_ONLY);
        let ok = trust.table([
            (
                Expect::Accepted,
                github().repo("acme/app").branch("main").at(NOW),
            ),
            (Expect::Refused, github().repo("acme/app").tag("v1").at(NOW)),
            (Expect::Refused, gitlab().project("acme/app").at(NOW)),
        ]);
        assert!(ok.is_ok());
        let err = trust
            .table([
                (
                    Expect::Refused,
                    github().repo("acme/app").branch("main").at(NOW),
                ),
                (
                    Expect::Accepted,
                    github().repo("acme/app").tag("v1").at(NOW),
                ),
                (
                    Expect::Refused,
                    github().repo("acme/app").pull_request().at(NOW),
                ),
            ])
            .unwrap_err();
        assert_eq!(err.failures().len(), 2);
        let text = err.to_string();
        assert!(text.starts_with("2 of 3 tokens did not get the expected answer"));
        assert!(text.contains("--- row 0 (counting from 0) ---"));
        assert!(text.contains("--- row 1 (counting from 0) ---"));
        assert!(!text.contains("--- row 2"));
    }

    #[test]
    fn checks_from_json() {
        let token = github().repo("acme/app").pull_request().at(NOW).unwrap();
        let request =
            serde_json::json!({"policy": MAIN_ONLY, "token": token.jwt(), "expect": "refused"});
        let r = check_json(&request.to_string());
        assert!(r.passed, "{}", r.message);
        assert!(
            r.message.starts_with(
                "the role refuses the token `repo:acme/app:pull_request`, as expected"
            )
        );
        assert_eq!(r.analysis.map(|a| a.accepted), Some(false));
        let request = serde_json::json!({"policy": MAIN_ONLY, "token": "{}", "expect": "accepted"});
        let r = check_json(&request.to_string());
        assert!(
            !r.passed && r.message.contains("give `now`"),
            "{}",
            r.message
        );
        let r = check_json(r#"{"policy": "", "token": "", "expect": "maybe"}"#);
        assert_eq!(
            r.message,
            "the check's `expect` must be `accepted` or `refused`"
        );
        let request = serde_json::json!({"policy": MAIN_ONLY, "token": token.jwt(), "expect": "refused", "tokn": 1});
        let r = check_json(&request.to_string());
        assert!(
            r.message
                .starts_with("the check is not valid: unknown field `tokn`"),
            "{}",
            r.message
        );
        // Claims as an object, with the account's provider given.
        let request = serde_json::json!({"policy": MAIN_ONLY, "claims": token.claims(), "expect": "accepted",
            "providers": [{"url": "token.actions.githubusercontent.com", "clientIds": ["sts.amazonaws.com"]}]});
        let r = check_json(&request.to_string());
        assert!(
            !r.passed && !r.message.contains("assumed:"),
            "{}",
            r.message
        );
        assert!(r.message.contains("but AWS refuses it"));
    }
}
