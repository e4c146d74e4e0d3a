//! `non-exchange-audience`: an audience other than Entra's token-exchange audience.

use crate::azure::issuers::{EXCHANGE_AUDIENCE, EXCHANGE_AUDIENCES};
use crate::azure::lint::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let c = cx.c;
    let Some(a) = c.audience() else {
        return;
    };
    let value = a.value.as_str();
    if EXCHANGE_AUDIENCES.contains(&value) {
        return;
    }
    let why = if let Some(meant) = EXCHANGE_AUDIENCES
        .iter()
        .find(|e| e.eq_ignore_ascii_case(value.trim()))
    {
        format!(
            "is `{meant}` in other letter case, which no token requested for the exchange carries"
        )
    } else if value.starts_with("https://github.com/") {
        "is GitHub's default audience, which every `core.getIDToken()` call without an audience gets, so tokens minted for other services are exchanged".to_owned()
    } else {
        "is not a token-exchange audience, so tokens minted for another service with it are exchanged".to_owned()
    };
    out.push(
        finding(
            codes::NON_EXCHANGE_AUDIENCE,
            format!("the audience `{value}` {why}"),
            a,
        )
        .help(format!(
            "use `{EXCHANGE_AUDIENCE}` and request the token with that audience"
        )),
    );
}
