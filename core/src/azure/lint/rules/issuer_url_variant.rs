//! `issuer-url-variant`: an issuer that is a CI platform's issuer URL written differently
//! from the platform's `iss` (a trailing `/`, `http://`, case, whitespace).

use crate::azure::lint::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

/// The issuers whose exact `iss` is known and never ends in `/`.
const ISSUERS: [&str; 5] = [
    "https://token.actions.githubusercontent.com",
    "https://gitlab.com",
    "https://app.terraform.io",
    "https://app.eu.terraform.io",
    "https://agent.buildkite.com",
];

/// The URL with case, whitespace, scheme and trailing slashes taken away.
fn bare(url: &str) -> String {
    let t = url.trim().to_ascii_lowercase();
    let t = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .unwrap_or(&t);
    t.trim_end_matches('/').to_owned()
}

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let c = cx.c;
    let Some(issuer) = &c.issuer else {
        return;
    };
    let value = issuer.value.as_str();
    if ISSUERS.contains(&value) {
        return;
    }
    let b = bare(value);
    let Some(meant) = ISSUERS.iter().find(|i| bare(i) == b) else {
        return;
    };
    let what = if value.trim() != value {
        "surrounding whitespace"
    } else if value.ends_with('/') {
        "a trailing `/`"
    } else if value.starts_with("http://") {
        "`http://`"
    } else if !value.contains("://") {
        "no `https://`"
    } else {
        "other letter case"
    };
    out.push(
        finding(
            codes::ISSUER_URL_VARIANT,
            format!("the issuer `{value}` is `{meant}` with {what}; Entra compares it byte for byte with `iss`, so no token of the platform matches (AADSTS700211)"),
            issuer,
        )
        .help(format!("write `{meant}`, as the token's `iss` has it")),
    );
}
