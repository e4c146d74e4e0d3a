//! The JSON summary (`--json`).

use serde_json::json;

use super::{
    blocked_text, code_counts, expired, finding_place, provider_counts, severity_counts,
    token_facts,
};
use crate::input::Source;
use crate::scan::export::{Export, Role};
use crate::scan::lines::LineIndex;
use crate::scan::radius::{Rcps, TokenReport};

/// One role as JSON, with its findings (each with its place in the export).
fn role_json(source: &Source, lines: &LineIndex<'_>, r: &Role) -> serde_json::Value {
    let mut v = json!({
        "name": r.name,
        "arn": r.arn,
        "pointer": r.pointer,
        "providers": r.providers,
        "anyPrincipal": r.wildcard,
    });
    let findings: Vec<serde_json::Value> = r
        .diagnostics
        .iter()
        .map(|d| {
            let mut j = serde_json::to_value(d).unwrap_or_default();
            set(
                &mut j,
                "exportPointer",
                format!(
                    "{}{}",
                    r.policy_pointer,
                    d.pointer.as_deref().unwrap_or_default()
                ),
            );
            set(&mut j, "location", finding_place(source, lines, r, d));
            j
        })
        .collect();
    set(&mut v, "diagnostics", findings);
    v
}

/// Sets a member of a JSON object (no-op on anything else).
fn set(v: &mut serde_json::Value, key: &str, value: impl Into<serde_json::Value>) {
    if let Some(o) = v.as_object_mut() {
        o.insert(key.to_owned(), value.into());
    }
}

/// The JSON summary.
pub fn json_summary(
    source: &Source,
    export: &Export,
    reports: &[TokenReport],
    now: i64,
    list_roles: bool,
    rcps: &Rcps,
) -> serde_json::Value {
    let oidc = export.oidc_roles();
    let lines = LineIndex::new(&source.text);
    let (errors, warnings, infos) = severity_counts(&oidc);
    let roles: Vec<serde_json::Value> = oidc
        .iter()
        .filter(|r| list_roles || !r.diagnostics.is_empty() || r.wildcard)
        .map(|r| role_json(source, &lines, r))
        .collect();
    let tokens: Vec<serde_json::Value> = reports
        .iter()
        .map(|t| {
            let mut token = json!({"token": t.token.label});
            if let Ok(c) = &t.token.claims {
                let (sub, iss, _, exp) = token_facts(c);
                set(&mut token, "sub", sub);
                set(&mut token, "iss", iss);
                set(&mut token, "aud", c.audiences());
                set(&mut token, "exp", exp);
                set(
                    &mut token,
                    "expired",
                    exp.map(|x| expired(x, now)),
                );
            }
            match &t.result {
                Ok(list) => {
                    let assumable: Vec<serde_json::Value> = list
                        .iter()
                        .filter(|a| a.assumable())
                        .filter_map(|a| {
                            let r = export.roles.get(a.role)?;
                            let open: Vec<String> = a
                                .undecided_rcps
                                .iter()
                                .map(|&i| super::text::rcp_name(rcps, i))
                                .collect();
                            Some(json!({"name": r.name, "arn": r.arn, "pointer": r.pointer, "statement": a.statement, "namesRepository": a.names_repository, "undecidedRcps": open}))
                        })
                        .collect();
                    let denied: Vec<serde_json::Value> = list
                        .iter()
                        .filter_map(|a| {
                            let r = export.roles.get(a.role)?;
                            let d = a.denied_by.as_ref()?;
                            Some(json!({"name": r.name, "arn": r.arn, "pointer": r.pointer, "statement": a.statement, "rcp": super::text::rcp_name(rcps, d.rcp), "rcpStatement": d.statement, "action": d.action}))
                        })
                        .collect();
                    set(&mut token, "assumable", assumable);
                    set(&mut token, "deniedByRcp", denied);
                    set(&mut token, "blocked", serde_json::Value::Null);
                }
                Err(b) => {
                    set(&mut token, "assumable", json!([]));
                    set(&mut token, "deniedByRcp", json!([]));
                    set(&mut token, "blocked", blocked_text(b));
                }
            }
            token
        })
        .collect();
    json!({
        "file": source.name,
        "format": export.format,
        "roles": export.roles.len(),
        "oidcRoles": oidc.len(),
        "providers": provider_counts(export)
            .into_iter()
            .map(|(url, n)| json!({"url": url, "roles": n}))
            .collect::<Vec<_>>(),
        "anyPrincipalRoles": oidc.iter().filter(|r| r.wildcard).count(),
        "findings": {
            "error": errors, "warning": warnings, "info": infos,
            "byCode": code_counts(&oidc)
                .into_iter()
                .map(|(code, sev, roles, n)| json!({"code": code, "severity": sev, "roles": roles, "findings": n}))
                .collect::<Vec<_>>(),
        },
        "problems": export.problems.iter().map(|p| json!({
            "pointer": p.pointer, "line": lines.line_column(p.offset).0, "column": lines.line_column(p.offset).1, "message": p.message
        })).collect::<Vec<_>>(),
        "oidcRoleList": roles,
        "rcps": rcps.read.iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
        "managementAccount": rcps.management_account,
        "tokens": tokens,
    })
}
