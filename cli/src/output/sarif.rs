//! SARIF 2.1.0 as GitHub code scanning reads it: one rule per code with its docs page as
//! `help.markdown`, one result per finding at the committed source line, stable
//! `partialFingerprints` (from the code, file, policy and JSON pointer, so an alert keeps
//! its identity when lines move), and `automationDetails.id` per input kind.

use serde_json::json;

use super::{FileReport, Finding};
use super::{capitalise, rules};
use oidc_trust::Severity;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `invalid-policy-json` -> `InvalidPolicyJson` (SARIF `name`).
pub(crate) fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// Characters a relative URI reference cannot hold as they are.
const URI_ESCAPE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// A path as a SARIF artifact URI: relative, with forward slashes, percent-encoded.
fn artifact_uri(path: &str) -> String {
    let raw = path.replace('\\', "/");
    let raw = raw.strip_prefix("./").unwrap_or(&raw);
    let raw = if raw == "<stdin>" { "stdin" } else { raw };
    percent_encoding::utf8_percent_encode(raw, URI_ESCAPE).to_string()
}

/// FNV-1a, 64 bits: a stable fingerprint that needs no dependency.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn result(f: &Finding, input: &str, rule_index: Option<usize>) -> serde_json::Value {
    let d = &f.diagnostic;
    let file = f.site.as_ref().map_or(input, |s| s.file.as_str());
    let uri = artifact_uri(file);
    let region = match &f.site {
        Some(s) if (s.end_line, s.end_column) > (s.line, s.column) => json!({
            "startLine": s.line.max(1), "startColumn": s.column.max(1),
            "endLine": s.end_line, "endColumn": s.end_column.max(1)
        }),
        Some(s) => json!({"startLine": s.line.max(1), "startColumn": s.column.max(1)}),
        None => json!({"startLine": 1, "startColumn": 1}),
    };
    let message = match &d.help {
        Some(h) => format!("{}. {}", capitalise(&d.message), capitalise(h)),
        None => capitalise(&d.message),
    };
    let logical = f.logical();
    let identity = format!("{}|{uri}|{logical}", d.code);
    let mut r = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                "region": region
            },
            "logicalLocations": [{"fullyQualifiedName": logical, "kind": "element"}]
        }],
        "partialFingerprints": {
            "primaryLocationLineHash": format!("{:016x}:1", fnv(&identity)),
            "oidcTrustPointer/v1": format!("{}:{}", d.code, logical)
        }
    });
    if let (Some(i), Some(o)) = (rule_index, r.as_object_mut()) {
        o.insert("ruleIndex".to_owned(), i.into());
    }
    r
}

/// The SARIF 2.1.0 log.
pub fn log(reports: &[FileReport]) -> serde_json::Value {
    let rules = rules();
    let rule_json: Vec<serde_json::Value> = rules
        .iter()
        .map(|r| {
            let full = r.full_description();
            let markdown = r.docs.clone().unwrap_or_else(|| {
                format!(
                    "**{}**: {}\n\nSee the [oidc-trust documentation]({}).",
                    r.id,
                    full,
                    r.help_uri()
                )
            });
            json!({
                "id": r.id,
                "name": pascal(&r.id),
                "shortDescription": {"text": capitalise(&r.summary)},
                "fullDescription": {"text": full},
                "help": {"text": full, "markdown": markdown},
                "helpUri": r.help_uri(),
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"tags": ["security", "iam", "oidc", "trust-policy"]}
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = reports
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(|f| {
                let index = rules.iter().position(|x| x.id == f.diagnostic.code);
                result(f, &r.name, index)
            })
        })
        .collect();
    let mut kinds: Vec<&str> = reports.iter().map(|r| r.kind.name()).collect();
    kinds.dedup();
    let category = match kinds.as_slice() {
        [one] => *one,
        _ => "mixed",
    };
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "oidc-trust",
                "informationUri": "https://github.com/oidc-trust/oidc-trust",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rule_json
            }},
            "automationDetails": {"id": format!("oidc-trust/{category}/")},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert_eq!(pascal("invalid-policy-json"), "InvalidPolicyJson");
        assert_eq!(artifact_uri("./infra/a b.tf"), "infra/a%20b.tf");
        assert_eq!(fnv("a"), fnv("a"));
        assert_ne!(fnv("a"), fnv("b"));
    }
}
