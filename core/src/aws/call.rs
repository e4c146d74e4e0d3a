//! The call's parameters, checked as STS checks them before it reads the token: first the
//! API model's constraints (lengths, patterns, ranges), all reported in one
//! `ValidationError`, then the service's own checks (the role ARN's form, the role's
//! `MaxSessionDuration`, the number of managed session policies).
//!
//! The texts are AWS's (research notes in the README, "The whole call"): the model
//! constraints and their order come from `botocore`'s STS model; the message form
//! (`1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy
//! constraint: Member must ...`, `; `-separated, a pattern before a length on one member)
//! and the `<arn> is invalid` and `MaxSessionDuration` texts were recorded from real STS
//! for `AssumeRole`, which shares these shapes (UNCONFIRMED for
//! `AssumeRoleWithWebIdentity` itself). The token is a sensitive member, so AWS leaves its
//! value out (`Value at 'webIdentityToken' ...`, recorded for the minimum length). The
//! order of several members in one message, the text for more than ten `PolicyArns` (the
//! model sets no maximum), and the maximum-length text for the token are UNCONFIRMED.
//!
//! A parameter the request leaves out is not checked, and the report says so. The packed
//! size of session policies and tags (`PackedPolicyTooLarge`) is never checked: AWS packs
//! them in a binary form it does not document.

use serde::Serialize;

use super::arn::RoleArn;
use super::request::Request;
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};

/// `RoleSessionName`'s pattern, as the model and AWS's message write it.
const SESSION_NAME_PATTERN: &str = "[\\w+=,.@-]*";
/// `RoleArn`'s pattern (`arnType`), as AWS's message writes it.
const ARN_PATTERN: &str = "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+";
/// `Policy`'s pattern (`sessionPolicyDocumentType`).
const POLICY_PATTERN: &str = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";
/// How many managed session policies AWS takes (STS API reference, `PolicyArns`).
pub const MAX_POLICY_ARNS: usize = 10;

/// A check of the call (a parameter, or a setting of the role it is checked against).
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CallCheck {
    /// `RoleArn`: 20 to 2048 characters, printable, an IAM role ARN.
    RoleArn,
    /// `RoleSessionName`: 2 to 64 characters of `[\w+=,.@-]`.
    RoleSessionName,
    /// `WebIdentityToken`: 4 to 20000 characters.
    WebIdentityToken,
    /// `ProviderId`: 4 to 2048 characters.
    ProviderId,
    /// `PolicyArns`: at most ten, each 20 to 2048 characters.
    PolicyArns,
    /// `Policy`: 1 to 2048 characters of tab, newline, carriage return and U+0020 to U+00FF.
    Policy,
    /// `DurationSeconds`: 900 to 43200.
    DurationSeconds,
    /// `DurationSeconds` against the role's `MaxSessionDuration`.
    MaxSessionDuration,
    /// The packed size of session policies and tags, which oidc-trust cannot compute.
    PackedPolicySize,
}

impl CallCheck {
    /// The parameter's name as AWS's messages write it (`roleSessionName`).
    pub fn member(self) -> &'static str {
        match self {
            CallCheck::RoleArn => "roleArn",
            CallCheck::RoleSessionName => "roleSessionName",
            CallCheck::WebIdentityToken => "webIdentityToken",
            CallCheck::ProviderId => "providerId",
            CallCheck::PolicyArns => "policyArns",
            CallCheck::Policy => "policy",
            CallCheck::DurationSeconds => "durationSeconds",
            CallCheck::MaxSessionDuration => "maxSessionDuration",
            CallCheck::PackedPolicySize => "packedPolicySize",
        }
    }

    /// Where the request holds it (a JSON pointer).
    pub fn pointer(self) -> &'static str {
        match self {
            CallCheck::RoleArn => "/call/roleArn",
            CallCheck::RoleSessionName => "/call/roleSessionName",
            CallCheck::WebIdentityToken => "/token",
            CallCheck::ProviderId => "/call/providerId",
            CallCheck::PolicyArns => "/call/policyArns",
            CallCheck::Policy | CallCheck::PackedPolicySize => "/call/policy",
            CallCheck::DurationSeconds => "/call/durationSeconds",
            CallCheck::MaxSessionDuration => "/role/maxSessionDuration",
        }
    }
}

/// A model constraint a parameter breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    /// Fewer characters (UTF-16 code units, as AWS counts) than this.
    MinLength(usize),
    /// More characters than this (or more list entries).
    MaxLength(usize),
    /// A character outside the pattern.
    Pattern(&'static str),
    /// A number below this.
    MinValue(i64),
    /// A number above this.
    MaxValue(i64),
}

impl Constraint {
    fn words(self) -> String {
        match self {
            Constraint::MinLength(n) => format!("have length greater than or equal to {n}"),
            Constraint::MaxLength(n) => format!("have length less than or equal to {n}"),
            Constraint::Pattern(p) => format!("satisfy regular expression pattern: {p}"),
            Constraint::MinValue(n) => format!("have value greater than or equal to {n}"),
            Constraint::MaxValue(n) => format!("have value less than or equal to {n}"),
        }
    }
}

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The parameter.
    pub check: CallCheck,
    /// Its value as AWS prints it; `None` for the token, which AWS never prints.
    pub value: Option<String>,
    /// The constraint.
    pub constraint: Constraint,
    /// The member path in AWS's message, when it is not the parameter's own
    /// (`policyArns.1.member.arn`).
    pub member: Option<String>,
}

impl Violation {
    fn text(&self) -> String {
        let at = self.member.as_deref().unwrap_or(self.check.member());
        let value = self
            .value
            .as_ref()
            .map_or_else(String::new, |v| format!(" '{v}'"));
        format!(
            "Value{value} at '{at}' failed to satisfy constraint: Member must {}",
            self.constraint.words()
        )
    }
}

/// Why STS refuses the call's parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallRefusal {
    /// The API model's constraints (`ValidationError`), every one broken.
    Validation(Vec<Violation>),
    /// `RoleArn` is not an IAM role ARN (`ValidationError: <arn> is invalid`).
    InvalidRoleArn(String),
    /// The inline session policy is not JSON (`MalformedPolicyDocument`, with the JSON
    /// parser's message, which oidc-trust words its own way).
    MalformedSessionPolicy(String),
    /// `DurationSeconds` exceeds the role's `MaxSessionDuration`.
    DurationExceedsMax {
        /// The call's `DurationSeconds`.
        duration: i64,
        /// The role's `MaxSessionDuration`.
        max: i64,
    },
}

impl CallRefusal {
    /// AWS's message.
    pub fn message(&self) -> String {
        match self {
            CallRefusal::Validation(v) => format!(
                "{} validation error{} detected: {}",
                v.len(),
                if v.len() == 1 { "" } else { "s" },
                v.iter().map(Violation::text).collect::<Vec<_>>().join("; ")
            ),
            CallRefusal::InvalidRoleArn(arn) => format!("{arn} is invalid"),
            CallRefusal::MalformedSessionPolicy(e) => e.clone(),
            CallRefusal::DurationExceedsMax { .. } => {
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
                    .to_owned()
            }
        }
    }

    /// AWS's error code.
    pub fn code(&self) -> &'static str {
        match self {
            CallRefusal::MalformedSessionPolicy(_) => "MalformedPolicyDocument",
            _ => "ValidationError",
        }
    }

    /// Whether a message of this form was recorded from real STS (for `AssumeRole`, which
    /// shares the parameter shapes): not for the token's maximum length, anything on
    /// `PolicyArns`, several members in one message (their order is unknown), or a
    /// malformed session policy (AWS quotes its JSON parser).
    pub fn observed(&self) -> bool {
        match self {
            CallRefusal::Validation(v) => {
                v.iter().all(|v| {
                    !(v.check == CallCheck::WebIdentityToken
                        && matches!(v.constraint, Constraint::MaxLength(_)))
                        && v.check != CallCheck::PolicyArns
                }) && v
                    .windows(2)
                    .all(|w| matches!(w, [a, b] if a.check == b.check))
            }
            CallRefusal::InvalidRoleArn(_) | CallRefusal::DurationExceedsMax { .. } => true,
            CallRefusal::MalformedSessionPolicy(_) => false,
        }
    }

    /// What is wrong with each parameter, for located findings: one per broken
    /// constraint.
    fn findings(&self) -> Vec<(CallCheck, String)> {
        match self {
            CallRefusal::Validation(v) => v
                .iter()
                .map(|v| (v.check, format!("must {}", v.constraint.words())))
                .collect(),
            CallRefusal::InvalidRoleArn(_) => vec![(
                CallCheck::RoleArn,
                "is not an IAM role ARN (`arn:aws:iam::<account>:role/<name>`)".to_owned(),
            )],
            CallRefusal::MalformedSessionPolicy(e) => {
                vec![(CallCheck::Policy, format!("is invalid: {e}"))]
            }
            CallRefusal::DurationExceedsMax { duration, max } => vec![(
                CallCheck::MaxSessionDuration,
                format!("is {max}, shorter than the requested `DurationSeconds` {duration}"),
            )],
        }
    }
}

/// What was checked of the call, and what could not be.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CallReport {
    /// The checks made.
    pub checked: Vec<CallCheck>,
    /// The checks not made: the request left the parameter (or the role's setting) out,
    /// or oidc-trust cannot compute it.
    pub not_checked: Vec<CallCheck>,
}

/// Checks the call's parameters; `token` is the compact token text, when it was given as
/// one (pasted claims have no length to check). Findings go to `diagnostics`.
pub fn check(
    request: &Request,
    token: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (CallReport, Result<(), CallRefusal>) {
    let call = &request.call;
    let mut report = CallReport::default();
    let mut violations = Vec::new();
    let mut mark = |check: CallCheck, given: bool| {
        if given {
            report.checked.push(check);
        } else {
            report.not_checked.push(check);
        }
    };
    mark(CallCheck::RoleArn, call.role_arn.is_some());
    if let Some(arn) = &call.role_arn {
        text_constraints(
            CallCheck::RoleArn,
            arn,
            (20, 2048),
            Some((ARN_PATTERN, arn_char)),
            &mut violations,
        );
    }
    mark(CallCheck::RoleSessionName, call.role_session_name.is_some());
    if let Some(name) = &call.role_session_name {
        text_constraints(
            CallCheck::RoleSessionName,
            name,
            (2, 64),
            Some((SESSION_NAME_PATTERN, session_name_char)),
            &mut violations,
        );
    }
    mark(CallCheck::WebIdentityToken, token.is_some());
    if let Some(t) = token {
        let len = utf16_len(t);
        let constraint = if len < 4 {
            Some(Constraint::MinLength(4))
        } else if len > 20_000 {
            Some(Constraint::MaxLength(20_000))
        } else {
            None
        };
        violations.extend(constraint.map(|constraint| Violation {
            check: CallCheck::WebIdentityToken,
            value: None,
            constraint,
            member: None,
        }));
    }
    if let Some(id) = &call.provider_id {
        mark(CallCheck::ProviderId, true);
        text_constraints(CallCheck::ProviderId, id, (4, 2048), None, &mut violations);
    }
    mark(CallCheck::PolicyArns, call.policy_arns.is_some());
    // The model sets no maximum; STS takes ten. The text is the model's list form
    // (UNCONFIRMED).
    if let Some(arns) = call
        .policy_arns
        .as_ref()
        .filter(|a| a.len() > MAX_POLICY_ARNS)
    {
        violations.push(Violation {
            check: CallCheck::PolicyArns,
            value: Some(format!("[{}]", arns.join(", "))),
            constraint: Constraint::MaxLength(MAX_POLICY_ARNS),
            member: None,
        });
    }
    for (i, arn) in call.policy_arns.iter().flatten().enumerate() {
        let before = violations.len();
        text_constraints(
            CallCheck::PolicyArns,
            arn,
            (20, 2048),
            Some((ARN_PATTERN, arn_char)),
            &mut violations,
        );
        for v in violations.iter_mut().skip(before) {
            v.member = Some(format!("policyArns.{}.member.arn", i + 1));
        }
    }
    mark(CallCheck::Policy, call.policy.is_some());
    if let Some(policy) = &call.policy {
        text_constraints(
            CallCheck::Policy,
            policy,
            (1, 2048),
            Some((POLICY_PATTERN, policy_char)),
            &mut violations,
        );
    }
    mark(CallCheck::DurationSeconds, call.duration_seconds.is_some());
    if let Some(d) = call.duration_seconds {
        let constraint = if d < 900 {
            Some(Constraint::MinValue(900))
        } else if d > 43_200 {
            Some(Constraint::MaxValue(43_200))
        } else {
            None
        };
        violations.extend(constraint.map(|constraint| Violation {
            check: CallCheck::DurationSeconds,
            value: Some(d.to_string()),
            constraint,
            member: None,
        }));
    }
    let max = request.role.max_session_duration;
    mark(
        CallCheck::MaxSessionDuration,
        max.is_some() && call.duration_seconds.is_some(),
    );
    if let Some(m) = max
        && !(3600..=43_200).contains(&m)
    {
        diagnostics.push(
            Diagnostic::new(
                codes::INVALID_CALL_PARAMETER,
                Severity::Error,
                Source::Call,
                format!(
                    "the role's `maxSessionDuration` is {m}; IAM only allows 3600 to 43200 seconds"
                ),
            )
            .at(CallCheck::MaxSessionDuration.pointer(), None),
        );
    }
    if call.policy.is_some() || call.policy_arns.is_some() {
        report.not_checked.push(CallCheck::PackedPolicySize);
    }
    let result = if violations.is_empty() {
        service_checks(request)
    } else {
        Err(CallRefusal::Validation(violations))
    };
    if let Err(refusal) = &result {
        for (check, what) in refusal.findings() {
            diagnostics.push(
                Diagnostic::new(
                    codes::INVALID_CALL_PARAMETER,
                    Severity::Error,
                    Source::Call,
                    format!("`{}` {what}", check.member()),
                )
                .at(check.pointer(), None)
                .help(format!(
                    "STS answers `{}: {}`",
                    refusal.code(),
                    refusal.message()
                )),
            );
        }
    }
    (report, result)
}

/// The checks STS makes once the model's constraints hold.
fn service_checks(request: &Request) -> Result<(), CallRefusal> {
    let call = &request.call;
    if let Some(arn) = &call.role_arn
        && RoleArn::parse(arn).is_none()
    {
        return Err(CallRefusal::InvalidRoleArn(arn.clone()));
    }
    if let Some(policy) = &call.policy
        && let Err(e) = crate::json::parse(policy)
    {
        return Err(CallRefusal::MalformedSessionPolicy(format!(
            "the session policy is not JSON: {e}"
        )));
    }
    if let (Some(d), Some(max)) = (call.duration_seconds, request.role.max_session_duration)
        && d > max
    {
        return Err(CallRefusal::DurationExceedsMax { duration: d, max });
    }
    Ok(())
}

/// The model's length and pattern constraints on a text member: a pattern violation
/// first, then a length one, as AWS lists them.
fn text_constraints(
    check: CallCheck,
    value: &str,
    (min, max): (usize, usize),
    pattern: Option<Pattern>,
    out: &mut Vec<Violation>,
) {
    let violation = |constraint| Violation {
        check,
        value: Some(value.to_owned()),
        constraint,
        member: None,
    };
    if let Some((text, allowed)) = pattern {
        let matches = value.chars().all(allowed) && (text.ends_with('*') || !value.is_empty());
        if !matches {
            out.push(violation(Constraint::Pattern(text)));
        }
    }
    let len = utf16_len(value);
    if len < min {
        out.push(violation(Constraint::MinLength(min)));
    } else if len > max {
        out.push(violation(Constraint::MaxLength(max)));
    }
}

/// A model pattern: its text, as AWS's messages print it, and the characters it allows.
type Pattern = (&'static str, fn(char) -> bool);

/// A length as AWS counts it: UTF-16 code units.
fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `[\w+=,.@-]`, with Java's ASCII `\w`.
fn session_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

/// `arnType`'s characters. The pattern's `\u10000-\u10FFFF` is not a range of
/// supplementary characters in Java's reading, and STS was seen refusing them.
fn arn_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
}

/// `sessionPolicyDocumentType`'s characters.
fn policy_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::request::CallParameters;

    fn refusal(call: CallParameters, max: Option<i64>) -> Option<String> {
        let mut request = Request {
            call,
            ..Request::default()
        };
        request.role.max_session_duration = max;
        check(&request, None, &mut Vec::new())
            .1
            .err()
            .map(|r| r.message())
    }

    #[test]
    fn messages_match_recorded_sts_answers() {
        let name = |n: &str| CallParameters {
            role_session_name: Some(n.to_owned()),
            ..CallParameters::default()
        };
        assert_eq!(
            refusal(name("a"), None).as_deref(),
            Some(
                "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"
            )
        );
        assert_eq!(
            refusal(name("bad/name"), None).as_deref(),
            Some(
                "1 validation error detected: Value 'bad/name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"
            )
        );
        assert_eq!(refusal(name("ci@run-42.x"), None), None);
        let arn = |a: &str| CallParameters {
            role_arn: Some(a.to_owned()),
            ..CallParameters::default()
        };
        assert_eq!(
            refusal(arn(""), None).as_deref(),
            Some(
                "2 validation errors detected: Value '' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+; Value '' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"
            )
        );
        assert_eq!(
            refusal(arn(&"x".repeat(20)), None).as_deref(),
            Some("xxxxxxxxxxxxxxxxxxxx is invalid")
        );
        assert_eq!(
            refusal(arn("arn:aws:iam::123456789012:role/ci/deploy"), None),
            None
        );
        let duration = |d: i64| CallParameters {
            duration_seconds: Some(d),
            ..CallParameters::default()
        };
        assert_eq!(
            refusal(duration(899), None).as_deref(),
            Some(
                "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"
            )
        );
        assert_eq!(
            refusal(duration(3601), Some(3600)).as_deref(),
            Some("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
        );
        assert_eq!(
            refusal(duration(43_201), Some(3600)).as_deref(),
            Some(
                "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"
            )
        );
    }

    #[test]
    fn the_token_value_is_never_printed() {
        let (_, r) = check(&Request::default(), Some("abc"), &mut Vec::new());
        assert_eq!(
            r.err().map(|r| r.message()).as_deref(),
            Some(
                "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4"
            )
        );
    }

    #[test]
    fn left_out_parameters_are_listed() {
        let (report, r) = check(&Request::default(), None, &mut Vec::new());
        assert!(r.is_ok());
        assert!(report.checked.is_empty());
        assert!(report.not_checked.contains(&CallCheck::RoleArn));
        assert!(report.not_checked.contains(&CallCheck::MaxSessionDuration));
    }
}
