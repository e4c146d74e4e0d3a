//! Inside a GitHub Actions job: the job's own OIDC token, requested from the runner's token
//! service (`ACTIONS_ID_TOKEN_REQUEST_URL`, authorised by `ACTIONS_ID_TOKEN_REQUEST_TOKEN`,
//! with the audience the user names), and the verdict written as an annotation and to the
//! step summary (`GITHUB_STEP_SUMMARY`). Neither the token nor the request token is ever
//! printed, logged or put in an error message.

use std::fmt::Write as _;
use std::io::{self, Write};

use oidc_trust::api::{Analysis, VerdictState};

use crate::input::InputError;
use crate::output::{capitalise, escape_data};
use crate::render;

/// The variables the runner sets for a job with `permissions: id-token: write`.
const URL_VAR: &str = "ACTIONS_ID_TOKEN_REQUEST_URL";
const TOKEN_VAR: &str = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

/// What a query value keeps as it is: RFC 3986's unreserved characters.
#[cfg(feature = "github-oidc")]
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Requests the job's OIDC token for `audience`.
pub fn request_token(audience: &str) -> Result<String, InputError> {
    let (Ok(url), Ok(bearer)) = (std::env::var(URL_VAR), std::env::var(TOKEN_VAR)) else {
        return Err(InputError::new(format!(
            "--github-oidc needs `{URL_VAR}` and `{TOKEN_VAR}`: run it inside a GitHub Actions job with `permissions: id-token: write`"
        )));
    };
    fetch(&url, &bearer, audience)
}

#[cfg(not(feature = "github-oidc"))]
fn fetch(_url: &str, _bearer: &str, _audience: &str) -> Result<String, InputError> {
    Err(InputError::new(
        "this oidc-trust was built without the `github-oidc` feature, so it cannot request the job's token: install it with `cargo install --path cli --features github-oidc`",
    ))
}

/// GET `url&audience=...` with the request token as bearer; the answer's `value`.
#[cfg(feature = "github-oidc")]
fn fetch(url: &str, bearer: &str, audience: &str) -> Result<String, InputError> {
    let audience = percent_encoding::utf8_percent_encode(audience, QUERY_VALUE);
    let sep = if url.contains('?') { '&' } else { '?' };
    let target = format!("{url}{sep}audience={audience}");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent
        .get(&target)
        .header("Authorization", &format!("Bearer {bearer}"))
        .header("Accept", "application/json")
        .call()
        .map_err(|e| {
            InputError::new(format!(
                "cannot reach the job's token service: {}",
                describe(&e)
            ))
        })?;
    let status = response.status();
    let body = response.into_body().read_to_string().map_err(|e| {
        InputError::new(format!(
            "cannot read the token service's answer: {}",
            describe(&e)
        ))
    })?;
    if !status.is_success() {
        return Err(InputError::new(format!(
            "the job's token service answered HTTP {}: does the job have `permissions: id-token: write`?",
            status.as_u16()
        )));
    }
    let value: serde_json::Value = serde_json::from_str(&body)
        .map_err(|_| InputError::new("the token service's answer is not JSON"))?;
    value
        .get("value")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| InputError::new("the token service's answer has no `value`"))
}

/// An error without the URL (which may carry a query) or any header.
#[cfg(feature = "github-oidc")]
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Io(io) => io.kind().to_string(),
        ureq::Error::Timeout(_) => "timed out".to_owned(),
        ureq::Error::HostNotFound => "host not found".to_owned(),
        ureq::Error::ConnectionFailed => "connection failed".to_owned(),
        ureq::Error::Tls(_) => "TLS failed".to_owned(),
        _ => "request failed".to_owned(),
    }
}

/// The headline and AWS's answer as plain text (the core's, as the terminal shows them).
fn plain_headline(a: &Analysis) -> (String, String) {
    let plain = oidc_trust::explain::aws::text::Plain { name: "policy" };
    let report = a.report();
    let mut head = String::new();
    let mut answer = String::new();
    let _ = oidc_trust::explain::aws::text::headline(&mut head, &report, &plain);
    let _ = oidc_trust::explain::aws::text::aws_answer(&mut answer, &report, &plain);
    (head.trim().to_owned(), answer.trim().to_owned())
}

/// The verdict as one workflow command: an error annotation when AWS would refuse, a
/// warning when it accepts with warnings or cannot be decided.
pub fn verdict_command(out: &mut dyn Write, a: &Analysis) -> io::Result<()> {
    let command = match a.state {
        VerdictState::Accepted => "notice",
        VerdictState::AcceptedWithWarnings | VerdictState::Undecided => "warning",
        VerdictState::Refused => "error",
    };
    let (head, answer) = plain_headline(a);
    let text = if answer.is_empty() {
        head
    } else {
        format!("{head}. {answer}")
    };
    writeln!(
        out,
        "::{command} title=oidc-trust verdict::{}",
        escape_data(&text)
    )
}

/// Appends the verdict, the hints and the findings to `$GITHUB_STEP_SUMMARY` (Markdown).
pub fn step_summary(
    a: &Analysis,
    ctx: &render::Context<'_>,
    err: &mut dyn Write,
) -> io::Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return Ok(());
    };
    let mut md = String::from("### oidc-trust\n\n");
    let (head, answer) = plain_headline(a);
    let verdict = match head.split_once(": ") {
        Some((word, why)) => format!("**{word}**: {why}"),
        None => head,
    };
    md.push_str(&verdict);
    md.push_str("\n\n");
    if !answer.is_empty() {
        md.push_str(&capitalise(&answer));
        md.push_str("\n\n");
    }

    for note in ctx.notes {
        let _ = writeln!(md, "- assumed: {note}");
    }
    if !a.hints.is_empty() {
        md.push_str("\n#### What to change\n\n");
        for h in &a.hints {
            let _ = writeln!(md, "- `{}`: {}", h.code, h.message);
        }
    }
    if !a.diagnostics.is_empty() {
        md.push_str("\n#### Findings\n\n");
        for d in &a.diagnostics {
            let level = match d.severity {
                oidc_trust::Severity::Error => "error",
                oidc_trust::Severity::Warning => "warning",
                oidc_trust::Severity::Info => "info",
            };
            let _ = writeln!(md, "- {level} `{}`: {}", d.code, d.message);
        }
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    file.write_all(md.as_bytes())?;
    writeln!(err, "note: wrote the verdict to the step summary")
}
